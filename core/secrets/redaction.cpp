#include "secrets/redaction.h"

#include "governance/secretdetector.h"
#include "secrets/apikey.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Secrets {
namespace {

// Shorter keys than this are not looked for in text: a short "key" (a local
// server's "none" or "x") would mask ordinary words.
constexpr qsizetype ShortestKeyToFind = 8;

} // namespace

QString redacted(const QString &text, QStringView keyInUse)
{
    QString out = text;
    if (keyInUse.size() >= ShortestKeyToFind)
        out.replace(keyInUse.toString(), ApiKey::mask(keyInUse));
    // The shapes are Governance's, the one list of what a credential looks
    // like; here each is masked the way keys are shown ("****wxyz") rather
    // than replaced, so that a user can still tell which key a provider meant.
    const Governance::Detections found = Governance::SecretDetector::find(out);
    if (found.isEmpty())
        return out;
    QString masked;
    masked.reserve(out.size());
    qsizetype from = 0;
    for (const Governance::Detection &d : found) {
        masked += QStringView(out).sliced(from, d.start - from);
        masked += ApiKey::mask(QStringView(out).sliced(d.start, d.length));
        from = d.end();
    }
    masked += QStringView(out).sliced(from);
    return masked;
}

} // namespace Switchyard::Secrets
