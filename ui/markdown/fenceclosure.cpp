#include "markdown/fenceclosure.h"

#include <QList>
#include <QStringView>

#include <optional>

using namespace Qt::StringLiterals;

namespace Switchyard::Markdown {

namespace {

struct Fence {
    QChar marker;
    qsizetype length = 0;
    bool backtickInfo = false; // a ``` fence whose info string holds a backtick is not a fence
};

// The fence a line opens or closes: up to three spaces, then three or more
// backticks or tildes.
std::optional<Fence> fenceOf(QStringView line)
{
    qsizetype at = 0;
    while (at < line.size() && at < 4 && line.at(at) == u' ')
        ++at;
    if (at > 3 || at >= line.size() || (line.at(at) != u'`' && line.at(at) != u'~'))
        return std::nullopt;
    const QChar marker = line.at(at);
    qsizetype length = 0;
    while (at + length < line.size() && line.at(at + length) == marker)
        ++length;
    if (length < 3)
        return std::nullopt;
    const QStringView info = line.mid(at + length);
    return Fence{marker, length, marker == u'`' && info.contains(u'`')};
}

} // namespace

QString closeOpenFence(const QString &markdown)
{
    std::optional<Fence> open;
    for (const QStringView line : QStringView(markdown).tokenize(u'\n')) {
        const auto fence = fenceOf(line);
        if (!fence)
            continue;
        if (!open) {
            if (!fence->backtickInfo)
                open = fence;
        } else if (fence->marker == open->marker && fence->length >= open->length
                   && line.trimmed().size() == fence->length) { // a closing fence has no info string
            open.reset();
        }
    }
    if (!open)
        return markdown;
    QString closed = markdown;
    if (!closed.endsWith(u'\n'))
        closed += u'\n';
    return closed + QString(open->length, open->marker) + u'\n';
}

} // namespace Switchyard::Markdown
