#include "governance/phonedetector.h"

#include "governance/textscan.h"

#include <QVarLengthArray>

using namespace Qt::StringLiterals;

namespace Switchyard::Governance::PhoneDetector {
namespace {

using namespace TextScan;

constexpr int MaxDigits = 17; // "00" and 15 digits

// A run of digit groups and the separators between them.
struct Run {
    qsizetype end = 0; // one past its last digit
    bool plus = false;
    int digits = 0;
    QVarLengthArray<int, 8> groups;
    bool tooManyGroups = false;
    QChar first;
    QChar second;
    QChar third;
};

bool isSeparator(QChar c) { return c == u' ' || c == u'-' || c == u'.' || c == u'(' || c == u')'; }

// The separators allowed between two groups: one character, or a
// parenthesis with a space or dash beside it.
bool isSeparatorChunk(QStringView chunk)
{
    if (chunk.size() == 1)
        return true;
    return chunk == u") " || chunk == u" (" || chunk == u")-";
}

Run readRun(QStringView text, qsizetype i)
{
    Run run;
    run.end = i;
    qsizetype pos = i;
    if (text[pos] == u'+') {
        run.plus = true;
        ++pos;
    }
    if (at(text, pos) == u'(')
        ++pos;
    int group = 0;
    while (pos < text.size()) {
        const QChar c = text[pos];
        if (isDigit(c)) {
            if (run.digits < 3)
                (run.digits == 0 ? run.first : run.digits == 1 ? run.second : run.third) = c;
            ++run.digits;
            ++group;
            run.end = ++pos;
            continue;
        }
        if (group == 0)
            break;
        qsizetype q = pos;
        while (q < text.size() && q - pos < 2 && isSeparator(text[q]))
            ++q;
        if (q == pos || !isSeparatorChunk(text.sliced(pos, q - pos)) || !isDigit(at(text, q)))
            break;
        if (run.groups.size() == 8)
            run.tooManyGroups = true;
        else
            run.groups.append(group);
        group = 0;
        pos = q;
    }
    if (group > 0) {
        if (run.groups.size() == 8)
            run.tooManyGroups = true;
        else
            run.groups.append(group);
    }
    return run;
}

bool startsClean(QStringView text, qsizetype i)
{
    const QChar p = at(text, i - 1);
    if (text[i] == u'+' && p == u':')
        return true; // "tel:+1…"
    return !isWord(p) && !QStringView(u".-/:@$#+=\u20ac\u00a3").contains(p);
}

bool endsClean(QStringView text, qsizetype end)
{
    const QChar n = at(text, end);
    if (isWord(n) || n == u'@' || n == u'/' || n == u'%')
        return false;
    return !((n == u':' || n == u'.' || n == u'-' || n == u',') && isDigit(at(text, end + 1)));
}

bool isNorthAmerican(const Run &run)
{
    const auto &g = run.groups;
    const bool withOne = g.size() == 4 && g[0] == 1 && run.first == u'1';
    if (!withOne && g.size() != 3)
        return false;
    const int k = withOne ? 1 : 0;
    if (g[k] != 3 || g[k + 1] != 3 || g[k + 2] != 4)
        return false;
    const QChar area = withOne ? run.second : run.first;
    return area >= u'2' && area <= u'9';
}

bool isAccepted(const Run &run)
{
    if (run.tooManyGroups || run.digits > MaxDigits)
        return false;
    const bool separated = run.groups.size() >= 2;
    if (run.plus)
        return run.first != u'0' && run.digits <= 15 && run.digits >= (separated ? 8 : 10);
    if (!separated)
        return false; // a plain integer
    if (run.first == u'0' && run.second == u'0')
        return run.third != u'0' && run.digits >= 11;
    if (run.first == u'0') {
        if (run.digits < 10 || run.digits > 12)
            return false;
        return std::ranges::all_of(run.groups, [](int g) { return g >= 2; });
    }
    return isNorthAmerican(run);
}

} // namespace

Detections find(QStringView text)
{
    Detections found;
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text[i];
        if (c != u'+' && c != u'(' && !isDigit(c)) {
            ++i;
            continue;
        }
        if (!startsClean(text, i)) {
            // Not from inside a word or a number: skip its digits.
            ++i;
            while (i < text.size() && isDigit(text[i]))
                ++i;
            continue;
        }
        const Run run = readRun(text, i);
        if (run.digits > 0 && endsClean(text, run.end) && isAccepted(run))
            found.append(detection(i, run.end - i, DetectionKind::Phone));
        i = std::max(run.end, i + 1);
    }
    return found;
}

} // namespace Switchyard::Governance::PhoneDetector
