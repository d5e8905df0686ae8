#include "secrets/redaction.h"

#include "secrets/apikey.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Switchyard::Secrets {
namespace {

// Shorter keys than this are not looked for in text: a short "key" (a local
// server's "none" or "x") would mask ordinary words.
constexpr qsizetype ShortestKeyToFind = 8;

const QRegularExpression &keyShapes()
{
    // Credentials after "Bearer" may be anything token68-shaped; the other
    // shapes are the vendors' own prefixes with enough characters after them
    // not to catch a word such as "sk-learn".
    static const QRegularExpression shapes(
        uR"((?<bearer>\bBearer\s+)[A-Za-z0-9._~+/\-]+=*)"
        uR"(|\bsk-[A-Za-z0-9_\-]{16,})"
        uR"(|\bAIza[A-Za-z0-9_\-]{20,})"
        uR"(|\beyJ[A-Za-z0-9_\-]{4,}\.eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*)"_s,
        QRegularExpression::CaseInsensitiveOption);
    return shapes;
}

} // namespace

QString redacted(const QString &text, QStringView keyInUse)
{
    QString out = text;
    if (keyInUse.size() >= ShortestKeyToFind)
        out.replace(keyInUse.toString(), ApiKey::mask(keyInUse));
    if (!out.contains(u"sk-"_s, Qt::CaseInsensitive) && !out.contains(u"AIza"_s, Qt::CaseInsensitive)
        && !out.contains(u"Bearer"_s, Qt::CaseInsensitive) && !out.contains(u"eyJ"_s, Qt::CaseInsensitive))
        return out;
    QString masked;
    masked.reserve(out.size());
    qsizetype from = 0;
    auto matches = keyShapes().globalMatch(out);
    while (matches.hasNext()) {
        const QRegularExpressionMatch m = matches.next();
        masked += QStringView(out).sliced(from, m.capturedStart() - from);
        const QStringView bearer = m.capturedView(u"bearer");
        const QStringView secret = QStringView(out).sliced(m.capturedStart() + bearer.size(),
                                                           m.capturedLength() - bearer.size());
        // Already masked ("****wxyz" after Bearer) stays as it is.
        masked += bearer + (secret.startsWith(u"****") ? secret.toString() : ApiKey::mask(secret));
        from = m.capturedEnd();
    }
    masked += QStringView(out).sliced(from);
    return masked;
}

} // namespace Switchyard::Secrets
