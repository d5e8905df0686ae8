#include "governance/emaildetector.h"

#include "governance/textscan.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace Switchyard::Governance::EmailDetector {
namespace {

using namespace TextScan;

constexpr qsizetype MaxLocal = 64;
constexpr qsizetype MaxDomain = 253;

bool isLocalChar(QChar c)
{
    return isAlnum(c) || c == u'.' || c == u'_' || c == u'%' || c == u'+' || c == u'-';
}

bool isDomainChar(QChar c) { return isAlnum(c) || c == u'.' || c == u'-'; }

bool isFileExtension(QStringView tld)
{
    static const QStringList extensions{u"png"_s, u"jpg"_s, u"jpeg"_s, u"gif"_s, u"svg"_s, u"webp"_s, u"ico"_s};
    return extensions.contains(tld.toString().toLower());
}

// The domain's length if text from `from` starts one, else 0.
qsizetype domainLength(QStringView text, qsizetype from)
{
    qsizetype end = from;
    while (end < text.size() && end - from < MaxDomain && isDomainChar(text[end]))
        ++end;
    while (end > from && (text[end - 1] == u'.' || text[end - 1] == u'-'))
        --end;
    const QStringView domain = text.sliced(from, end - from);
    const auto labels = domain.split(u'.');
    if (labels.size() < 2)
        return 0;
    for (const QStringView label : labels) {
        if (label.isEmpty() || label.startsWith(u'-') || label.endsWith(u'-'))
            return 0;
    }
    const QStringView tld = labels.last();
    if (tld.size() < 2 || !std::ranges::all_of(tld, isLetter) || isFileExtension(tld))
        return 0;
    return domain.size();
}

} // namespace

Detections find(QStringView text)
{
    Detections found;
    qsizetype from = 0;
    qsizetype floor = 0; // the end of the last address: no overlaps
    while (true) {
        const qsizetype at = text.indexOf(u'@', from);
        if (at < 0)
            return found;
        from = at + 1;
        qsizetype start = at;
        while (start > floor && at - start < MaxLocal && isLocalChar(text[start - 1]))
            --start;
        while (start < at && text[start] == u'.')
            ++start;
        if (start == at || text[at - 1] == u'.')
            continue;
        const qsizetype domain = domainLength(text, at + 1);
        if (domain == 0)
            continue;
        found.append(detection(start, at + 1 + domain - start, DetectionKind::Email));
        from = floor = at + 1 + domain;
    }
}

} // namespace Switchyard::Governance::EmailDetector
