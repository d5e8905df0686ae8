#pragma once

#include <QByteArrayView>
#include <QList>

namespace Switchyard::Markdown {

/// Asks md4c whether the cuts BoundaryScanner proposes are safe: a cut is
/// kept only if md4c, parsing the text before it and the line after it
/// apart, reports exactly the blocks, spans and text it reports parsing them
/// together. That catches what a line-by-line scanner can get wrong — a code
/// fence it lost track of, a link whose definition is the next line — and,
/// since the answer depends only on the text up to the end of that line, a
/// streamed answer is cut exactly where the same answer at once would be.
namespace BlockProbe {

/// The candidates (ascending offsets into text, each the start of a complete
/// line) at which md4c parses text the same apart as together; each is
/// checked from the last one kept (or the start of text).
/// parsedBytes, if given, grows by the bytes md4c parsed to find out.
[[nodiscard]] QList<qsizetype> confirm(QByteArrayView text, const QList<qsizetype> &candidates,
                                       qint64 *parsedBytes = nullptr);

} // namespace BlockProbe
} // namespace Switchyard::Markdown
