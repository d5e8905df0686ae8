#pragma once

#include <QChar>
#include <QStringView>

// Character tests the hand-written detectors share. ASCII only on purpose:
// the shapes they look for (keys, numbers, addresses) are ASCII, and a
// non-ASCII letter next to one is a boundary like any other non-word
// character.
namespace Switchyard::Governance::TextScan {

[[nodiscard]] constexpr bool isDigit(QChar c) { return c.unicode() >= u'0' && c.unicode() <= u'9'; }
[[nodiscard]] constexpr bool isUpper(QChar c) { return c.unicode() >= u'A' && c.unicode() <= u'Z'; }
[[nodiscard]] constexpr bool isLower(QChar c) { return c.unicode() >= u'a' && c.unicode() <= u'z'; }
[[nodiscard]] constexpr bool isLetter(QChar c) { return isUpper(c) || isLower(c); }
[[nodiscard]] constexpr bool isAlnum(QChar c) { return isLetter(c) || isDigit(c); }
/// Letters, digits and '_': what continues a word or an identifier.
[[nodiscard]] constexpr bool isWord(QChar c) { return isAlnum(c) || c == u'_'; }

/// The character at i, or U+0000 outside the text.
[[nodiscard]] constexpr QChar at(QStringView text, qsizetype i)
{
    return i >= 0 && i < text.size() ? text[i] : QChar();
}

} // namespace Switchyard::Governance::TextScan
