#pragma once

#include <QString>

namespace Switchyard::Markdown {

/// A model's answer that stops inside a fenced code block (cut off, or just
/// sloppy) would swallow whatever follows it in the same document — the next
/// prompt of the transcript above all. closeOpenFence() returns the answer
/// with the fence it leaves open closed (the same character, as long as the
/// opening one, as CommonMark requires), or unchanged when none is open.
[[nodiscard]] QString closeOpenFence(const QString &markdown);

} // namespace Switchyard::Markdown
