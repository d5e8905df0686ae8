// The detectors and the Redactor: any text, and every detector's spans are
// inside it, sorted, not empty and not overlapping; the redaction is those
// spans replaced and counted; and a space put before the text finds the same
// spans one place later (start of text and a space are the same boundary).
// Slow inputs — a detector that went quadratic — are libFuzzer's timeouts.

#include "fuzzsupport.h"
#include "governance/carddetector.h"
#include "governance/emaildetector.h"
#include "governance/ibandetector.h"
#include "governance/phonedetector.h"
#include "governance/redactor.h"
#include "governance/secretdetector.h"
#include "secrets/redaction.h"

#include <QString>

using namespace Switchyard::Governance;

namespace {

void checkSpans(const char *what, const QString &text, const Detections &spans)
{
    qsizetype end = 0;
    for (const Detection &d : spans) {
        if (d.length <= 0 || d.start < end || d.end() > text.size())
            FuzzSupport::fail(what, text.toUtf8(), QByteArray::number(d.start) + "+" + QByteArray::number(d.length));
        end = d.end();
    }
}

void checkShifted(const char *what, const Detections &plain, const Detections &shifted)
{
    bool same = plain.size() == shifted.size();
    for (qsizetype i = 0; same && i < plain.size(); ++i)
        same = plain[i].start + 1 == shifted[i].start && plain[i].length == shifted[i].length;
    if (!same)
        FuzzSupport::fail(what, QByteArray::number(plain.size()), QByteArray::number(shifted.size()));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString spaced = u' ' + text;
    const struct {
        const char *name;
        Detections (*find)(QStringView);
    } detectors[] = {{"secret", SecretDetector::find}, {"email", EmailDetector::find},
                     {"phone", PhoneDetector::find},   {"card", CardDetector::find},
                     {"iban", IbanDetector::find}};
    for (const auto &d : detectors) {
        const Detections plain = d.find(text);
        checkSpans(d.name, text, plain);
        checkShifted(d.name, plain, d.find(spaced));
    }
    const Redactor redactor;
    const Detections spans = redactor.find(text);
    checkSpans("redactor", text, spans);
    const Redaction r = redactor.redact(text);
    QString expected;
    qsizetype from = 0;
    for (const Detection &d : spans) {
        expected += QStringView(text).sliced(from, d.start - from);
        expected += Redactor::placeholder(d.label);
        from = d.end();
    }
    expected += QStringView(text).sliced(from);
    if (r.text != expected || r.total() != spans.size())
        FuzzSupport::fail("the redaction is not the spans replaced", r.text.toUtf8(), expected.toUtf8());
    (void)Switchyard::Secrets::redacted(text, text.left(12));
    return 0;
}
