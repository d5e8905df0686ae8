#pragma once

namespace KSyntaxHighlighting {
class Repository;
}

namespace Switchyard::Markdown {

/// The one KSyntaxHighlighting::Repository of the process. Loading it reads
/// several hundred syntax definitions, so it happens once, on first use, and
/// only in the GUI thread (the renderer runs there).
[[nodiscard]] KSyntaxHighlighting::Repository &syntaxRepository();

} // namespace Switchyard::Markdown
