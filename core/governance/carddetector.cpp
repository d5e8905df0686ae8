#include "governance/carddetector.h"

#include "governance/textscan.h"

#include <QList>

namespace Switchyard::Governance::CardDetector {
namespace {

using namespace TextScan;

constexpr int MinDigits = 13;
constexpr int MaxDigits = 19;

struct Group {
    qsizetype start = 0;
    qsizetype end = 0;
};

bool isCardSeparator(QChar c) { return c == u' ' || c == u'-'; }

bool isRepeated(QStringView digits)
{
    for (const QChar c : digits) {
        if (c != digits[0])
            return false;
    }
    return true;
}

bool isCard(QStringView digits)
{
    if (digits.size() < MinDigits || digits.size() > MaxDigits)
        return false;
    if (digits[0] < u'2' || digits[0] > u'6')
        return false;
    if (isRepeated(digits))
        return false;
    return passesLuhn(digits);
}

// The cards among one run of groups, longest stretch first from each group.
// The run's digits are gathered once; a stretch of groups is a slice of them.
// Work per group is bounded (at most 19 digits in a stretch), and the longest
// stretch from each group moves only forward, so a run costs its length.
void findInRun(QStringView text, const QList<Group> &groups, Detections &out)
{
    QString digits;
    QList<qsizetype> offsets; // where each group's digits start in digits; one more at the end
    offsets.reserve(groups.size() + 1);
    for (const Group &g : groups) {
        offsets.append(digits.size());
        digits += text.sliced(g.start, g.end - g.start);
    }
    offsets.append(digits.size());
    // sameUntil[i]: where the run of digits equal to digits[i] ends.
    QList<qsizetype> sameUntil(digits.size());
    for (qsizetype i = digits.size() - 1; i >= 0; --i)
        sameUntil[i] = i + 1 < digits.size() && digits[i + 1] == digits[i] ? sameUntil[i + 1] : i + 1;
    const qsizetype n = groups.size();
    qsizetype first = 0;
    qsizetype last = 0;
    while (first < n) {
        last = std::max(last, first);
        while (last + 1 < n && offsets[last + 2] - offsets[first] <= MaxDigits)
            ++last;
        const qsizetype from = offsets[first];
        const QChar lead = digits[from];
        // One digit repeated in the longest stretch is repeated in every shorter one.
        if (lead < u'2' || lead > u'6' || sameUntil[from] >= offsets[last + 1]) {
            ++first;
            continue;
        }
        bool found = false;
        for (qsizetype l = last; l >= first && offsets[l + 1] - from >= MinDigits; --l) {
            if (isCard(QStringView(digits).sliced(from, offsets[l + 1] - from))) {
                out.append(detection(groups[first].start, groups[l].end - groups[first].start,
                                     DetectionKind::PaymentCard));
                first = l + 1;
                found = true;
                break;
            }
        }
        if (!found)
            ++first;
    }
}

} // namespace

bool passesLuhn(QStringView text)
{
    int sum = 0;
    bool twice = false;
    int digits = 0;
    for (qsizetype i = text.size() - 1; i >= 0; --i) {
        if (!isDigit(text[i]))
            continue;
        int d = text[i].unicode() - u'0';
        if (twice) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        twice = !twice;
        ++digits;
    }
    return digits > 0 && sum % 10 == 0;
}

Detections find(QStringView text)
{
    Detections found;
    QList<Group> groups;
    qsizetype i = 0;
    while (i < text.size()) {
        if (!isDigit(text[i])) {
            ++i;
            continue;
        }
        const QChar before = at(text, i - 1);
        const bool glued = isWord(before) || before == u'.' || before == u',';
        // The run: groups of digits split by one separator each.
        groups.clear();
        qsizetype pos = i;
        qsizetype count = 0;
        while (true) {
            const qsizetype start = pos;
            while (pos < text.size() && isDigit(text[pos]))
                ++pos;
            groups.append({start, pos});
            count += pos - start;
            if (isCardSeparator(at(text, pos)) && isDigit(at(text, pos + 1)))
                ++pos;
            else
                break;
        }
        const QChar after = at(text, pos);
        const bool gluedAfter = isWord(after) || ((after == u'.' || after == u',') && isDigit(at(text, pos + 1)));
        if (!glued && !gluedAfter && count >= MinDigits)
            findInRun(text, groups, found);
        i = pos;
    }
    return found;
}

} // namespace Switchyard::Governance::CardDetector
