#include "governance/ibandetector.h"

#include "governance/textscan.h"

#include <QHash>
#include <QString>

using namespace Qt::StringLiterals;

namespace Switchyard::Governance::IbanDetector {
namespace {

using namespace TextScan;

// The IBAN registry's countries and lengths.
const QHash<QString, int> &lengths()
{
    static const QHash<QString, int> table{
        {u"AD"_s, 24}, {u"AE"_s, 23}, {u"AL"_s, 28}, {u"AT"_s, 20}, {u"AZ"_s, 28}, {u"BA"_s, 20}, {u"BE"_s, 16},
        {u"BG"_s, 22}, {u"BH"_s, 22}, {u"BI"_s, 27}, {u"BR"_s, 29}, {u"BY"_s, 28}, {u"CH"_s, 21}, {u"CR"_s, 22},
        {u"CY"_s, 28}, {u"CZ"_s, 24}, {u"DE"_s, 22}, {u"DJ"_s, 27}, {u"DK"_s, 18}, {u"DO"_s, 28}, {u"EE"_s, 20},
        {u"EG"_s, 29}, {u"ES"_s, 24}, {u"FI"_s, 18}, {u"FK"_s, 18}, {u"FO"_s, 18}, {u"FR"_s, 27}, {u"GB"_s, 22},
        {u"GE"_s, 22}, {u"GI"_s, 23}, {u"GL"_s, 18}, {u"GR"_s, 27}, {u"GT"_s, 28}, {u"HR"_s, 21}, {u"HU"_s, 28},
        {u"IE"_s, 22}, {u"IL"_s, 23}, {u"IQ"_s, 23}, {u"IS"_s, 26}, {u"IT"_s, 27}, {u"JO"_s, 30}, {u"KW"_s, 30},
        {u"KZ"_s, 20}, {u"LB"_s, 28}, {u"LC"_s, 32}, {u"LI"_s, 21}, {u"LT"_s, 20}, {u"LU"_s, 20}, {u"LV"_s, 21},
        {u"LY"_s, 25}, {u"MC"_s, 27}, {u"MD"_s, 24}, {u"ME"_s, 22}, {u"MK"_s, 19}, {u"MN"_s, 20}, {u"MR"_s, 27},
        {u"MT"_s, 31}, {u"MU"_s, 30}, {u"NI"_s, 28}, {u"NL"_s, 18}, {u"NO"_s, 15}, {u"OM"_s, 23}, {u"PK"_s, 24},
        {u"PL"_s, 28}, {u"PS"_s, 29}, {u"PT"_s, 25}, {u"QA"_s, 29}, {u"RO"_s, 24}, {u"RS"_s, 22}, {u"RU"_s, 33},
        {u"SA"_s, 24}, {u"SC"_s, 31}, {u"SD"_s, 18}, {u"SE"_s, 24}, {u"SI"_s, 19}, {u"SK"_s, 24}, {u"SM"_s, 27},
        {u"SO"_s, 23}, {u"ST"_s, 25}, {u"SV"_s, 28}, {u"TL"_s, 23}, {u"TN"_s, 24}, {u"TR"_s, 26}, {u"UA"_s, 29},
        {u"VA"_s, 22}, {u"VG"_s, 24}, {u"XK"_s, 20}, {u"YE"_s, 30},
    };
    return table;
}

} // namespace

int ibanLength(QStringView countryCode)
{
    return lengths().value(countryCode.toString(), 0);
}

bool passesMod97(QStringView iban)
{
    if (iban.size() < 5)
        return false;
    // The first four characters move to the end; letters count 10..35; the
    // remainder is carried digit by digit so nothing overflows.
    int remainder = 0;
    const auto add = [&remainder](QChar c) {
        if (isDigit(c)) {
            remainder = (remainder * 10 + (c.unicode() - u'0')) % 97;
            return true;
        }
        if (!isLetter(c))
            return false;
        const int value = c.toUpper().unicode() - u'A' + 10;
        remainder = (remainder * 100 + value) % 97;
        return true;
    };
    for (qsizetype i = 4; i < iban.size(); ++i) {
        if (!add(iban[i]))
            return false;
    }
    for (qsizetype i = 0; i < 4; ++i) {
        if (!add(iban[i]))
            return false;
    }
    return remainder == 1;
}

Detections find(QStringView text)
{
    Detections found;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i + 4 <= n) {
        if (!(isUpper(text[i]) && isUpper(text[i + 1]) && isDigit(text[i + 2]) && isDigit(text[i + 3]))
            || isAlnum(at(text, i - 1))) {
            ++i;
            continue;
        }
        const int length = ibanLength(text.sliced(i, 2));
        if (length == 0) {
            ++i;
            continue;
        }
        QString compact;
        compact.reserve(length);
        qsizetype pos = i;
        while (pos < n && compact.size() < length) {
            const QChar c = text[pos];
            if (isAlnum(c)) {
                compact += c;
                ++pos;
            } else if (c == u' ' && compact.size() > 0 && isAlnum(at(text, pos + 1))) {
                ++pos;
            } else {
                break;
            }
        }
        if (compact.size() == length && !isAlnum(at(text, pos)) && passesMod97(compact)) {
            found.append(detection(i, pos - i, DetectionKind::Iban));
            i = pos;
        } else {
            ++i;
        }
    }
    return found;
}

} // namespace Switchyard::Governance::IbanDetector
