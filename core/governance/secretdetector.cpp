#include "governance/secretdetector.h"

#include "governance/textscan.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::Governance::SecretDetector {
namespace {

const QRegularExpression &keyShapes()
{
    // The look-behind keeps a shape from starting inside a word or after a
    // '-', which is also what keeps the pass linear: a failed attempt cannot
    // be retried from inside the run of characters it just read.
    static const QRegularExpression shapes(
        uR"((?<![A-Za-z0-9_\-])(?:)"
        uR"(sk-[A-Za-z0-9_\-]{16,})"                        // OpenAI, Anthropic sk-ant-, OpenRouter sk-or-
        uR"(|AIza[A-Za-z0-9_\-]{20,})"                      // Google
        uR"(|xai-[A-Za-z0-9]{20,})"                         // xAI
        uR"(|gsk_[A-Za-z0-9]{20,})"                         // Groq
        uR"(|hf_[A-Za-z0-9]{30,})"                          // Hugging Face
        uR"(|gh[pousr]_[A-Za-z0-9]{30,})"                   // GitHub classic tokens
        uR"(|github_pat_[A-Za-z0-9_]{30,})"                 // GitHub fine-grained tokens
        uR"(|(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9]))"     // AWS access key ids
        uR"(|xox[abposr]-[A-Za-z0-9\-]{10,})"               // Slack
        uR"(|eyJ[A-Za-z0-9_\-]{4,}\.eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*)" // JWT
        uR"(|(?i:bearer)[ \t]+(?<credential>[A-Za-z0-9._~+/\-]{8,}=*))"
        uR"())"_s);
    return shapes;
}

// "Bearer authentication" is prose: a credential has a digit or a sign.
bool looksLikeCredential(QStringView text)
{
    return std::ranges::any_of(text, [](QChar c) { return !TextScan::isLetter(c); });
}

// PEM private keys: "-----BEGIN [RSA |EC |OPENSSH |ENCRYPTED ]PRIVATE KEY-----"
// to the matching END line, or to the end of the text when the block was cut
// (half a key is still a secret).
void findPrivateKeys(QStringView text, Detections &out)
{
    static constexpr QStringView Begin = u"-----BEGIN ";
    static constexpr QStringView End = u"-----END ";
    static constexpr QStringView Tail = u"PRIVATE KEY-----";
    qsizetype from = 0;
    while (true) {
        const qsizetype begin = text.indexOf(Begin, from);
        if (begin < 0)
            return;
        // The label is a few upper-case words; anything else is not a key block.
        qsizetype i = begin + Begin.size();
        const qsizetype labelLimit = std::min(text.size(), i + 40);
        while (i < labelLimit && (TextScan::isUpper(text[i]) || text[i] == u' ') && !text.sliced(i).startsWith(Tail))
            ++i;
        if (!text.sliced(i).startsWith(Tail)) {
            from = begin + Begin.size();
            continue;
        }
        const qsizetype body = i + Tail.size();
        const qsizetype end = text.indexOf(End, body);
        qsizetype stop = text.size();
        if (end >= 0) {
            const qsizetype tail = text.indexOf(Tail, end);
            stop = tail >= 0 ? tail + Tail.size() : text.size();
        }
        out.append(detection(begin, stop - begin, DetectionKind::Secret));
        if (end < 0)
            return;
        from = stop;
    }
}

} // namespace

Detections find(QStringView text)
{
    Detections found;
    findPrivateKeys(text, found);
    const bool anyBlock = !found.isEmpty();
    auto matches = keyShapes().globalMatchView(text);
    while (matches.hasNext()) {
        const QRegularExpressionMatch m = matches.next();
        const qsizetype credential = m.capturedStart(u"credential");
        if (credential >= 0) {
            if (!looksLikeCredential(m.capturedView(u"credential")))
                continue;
            found.append(detection(credential, m.capturedEnd() - credential, DetectionKind::Secret));
        } else {
            found.append(detection(m.capturedStart(), m.capturedLength(), DetectionKind::Secret));
        }
    }
    if (!anyBlock)
        return found;
    // Shapes inside a private-key block belong to it.
    std::ranges::stable_sort(found, {}, &Detection::start);
    Detections merged;
    for (const Detection &d : std::as_const(found)) {
        if (!merged.isEmpty() && d.start < merged.last().end())
            continue;
        merged.append(d);
    }
    return merged;
}

} // namespace Switchyard::Governance::SecretDetector
