#pragma once

#include <QString>

namespace Switchyard::Markdown {

/// One fenced or indented code block of an answer, as the user copies it.
struct CodeBlock {
    QString language; // the fence's info string up to the first space; empty when none
    QString text;     // the code, without the newline after its last line

    bool operator==(const CodeBlock &) const = default;
};

} // namespace Switchyard::Markdown
