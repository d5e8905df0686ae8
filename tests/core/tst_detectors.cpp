// The detectors behind redaction and the guardrails, one table each: a row is
// a text and the substrings that must be found in it, in order — an empty
// list is a false positive that must not be. Then the Redactor over all of
// them, user patterns (a bad one is an error, not a crash), and inputs built
// to make a backtracking matcher take quadratic time.

#include "governance/carddetector.h"
#include "governance/custompattern.h"
#include "governance/emaildetector.h"
#include "governance/ibandetector.h"
#include "governance/phonedetector.h"
#include "governance/redactor.h"
#include "governance/secretdetector.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Governance;

namespace {

QStringList texts(const QString &text, const Detections &found)
{
    QStringList out;
    for (const Detection &d : found)
        out.append(text.mid(d.start, d.length));
    return out;
}

// A key-shaped string that is not anyone's key.
QString fake(const QString &prefix, int n)
{
    QString out = prefix;
    const QString alphabet = u"AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"_s;
    for (int i = 0; i < n; ++i)
        out += alphabet[i % alphabet.size()];
    return out;
}

} // namespace

class TestDetectors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secrets_data();
    void secrets();
    void emails_data();
    void emails();
    void phones_data();
    void phones();
    void cards_data();
    void cards();
    void ibans_data();
    void ibans();
    void redactor_data();
    void redactor();
    void redactorKinds();
    void customPatterns_data();
    void customPatterns();
    void linearTime_data();
    void linearTime();
};

void TestDetectors::secrets_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    const QString openai = fake(u"sk-"_s, 48);
    const QString project = fake(u"sk-proj-"_s, 60);
    const QString anthropic = fake(u"sk-ant-api03-"_s, 80);
    const QString openrouter = fake(u"sk-or-v1-"_s, 64);
    const QString google = fake(u"AIza"_s, 35);
    const QString xai = fake(u"xai-"_s, 80);
    const QString groq = fake(u"gsk_"_s, 52);
    const QString hf = fake(u"hf_"_s, 34);
    const QString github = fake(u"ghp_"_s, 36);
    const QString githubPat = fake(u"github_pat_"_s, 82);
    const QString jwt = u"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"_s;
    QTest::newRow("OpenAI") << u"key=%1 end"_s.arg(openai) << QStringList{openai};
    QTest::newRow("OpenAI project") << u"OPENAI_API_KEY=\"%1\""_s.arg(project) << QStringList{project};
    QTest::newRow("Anthropic") << u"x-api-key: %1"_s.arg(anthropic) << QStringList{anthropic};
    QTest::newRow("OpenRouter") << openrouter << QStringList{openrouter};
    QTest::newRow("Google") << u"?key=%1&alt=sse"_s.arg(google) << QStringList{google};
    QTest::newRow("xAI") << u"XAI_API_KEY=%1"_s.arg(xai) << QStringList{xai};
    QTest::newRow("Groq") << u"'%1'"_s.arg(groq) << QStringList{groq};
    QTest::newRow("Hugging Face") << u"token %1."_s.arg(hf) << QStringList{hf};
    QTest::newRow("GitHub classic") << u"git clone https://%1@github.com/x/y"_s.arg(github) << QStringList{github};
    QTest::newRow("GitHub fine-grained") << githubPat << QStringList{githubPat};
    QTest::newRow("AWS") << u"aws_access_key_id = AKIAIOSFODNN7EXAMPLE"_s << QStringList{u"AKIAIOSFODNN7EXAMPLE"_s};
    QTest::newRow("AWS session") << u"ASIAY34FZKBOKMUTVV7A,"_s << QStringList{u"ASIAY34FZKBOKMUTVV7A"_s};
    QTest::newRow("Slack") << u"SLACK=xoxb-123456789012-abcdefghijkl"_s << QStringList{u"xoxb-123456789012-abcdefghijkl"_s};
    QTest::newRow("Bearer") << u"Authorization: Bearer abc.DEF_ghi-123="_s << QStringList{u"abc.DEF_ghi-123="_s};
    QTest::newRow("bearer, any case") << u"authorization: bearer 0123456789abcdef"_s << QStringList{u"0123456789abcdef"_s};
    QTest::newRow("JWT") << u"token %1 expired"_s.arg(jwt) << QStringList{jwt};
    const QString pem = u"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nsk-notakeybutinsideit0000\n-----END RSA PRIVATE KEY-----"_s;
    QTest::newRow("PEM block") << u"here:\n%1\nthanks"_s.arg(pem) << QStringList{pem};
    QTest::newRow("PEM cut short") << u"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg"_s
                                   << QStringList{u"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg"_s};
    QTest::newRow("two keys") << u"%1 and %2"_s.arg(openai, groq) << QStringList{openai, groq};
    // False positives
    QTest::newRow("sk-learn") << u"pip install sk-learn scikit-learn"_s << QStringList{};
    QTest::newRow("task- inside a word") << u"task-%1"_s.arg(fake(u""_s, 30)) << QStringList{};
    QTest::newRow("short sk-") << u"sk-12345"_s << QStringList{};
    QTest::newRow("AKIA too short") << u"AKIA1234"_s << QStringList{};
    QTest::newRow("AKIA too long") << u"AKIAIOSFODNN7EXAMPLEX"_s << QStringList{};
    QTest::newRow("Bearer in prose") << u"Bearer tokens and Bearer authentication"_s << QStringList{};
    QTest::newRow("public key block") << u"-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----"_s << QStringList{};
    QTest::newRow("eyJ alone") << u"eyJhbGciOiJIUzI1NiJ9 is base64 JSON"_s << QStringList{};
    QTest::newRow("hf_ short") << u"hf_hub_download"_s << QStringList{};
}

void TestDetectors::secrets()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QCOMPARE(texts(text, SecretDetector::find(text)), expected);
}

void TestDetectors::emails_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("plain") << u"write to jane.doe@example.com today"_s << QStringList{u"jane.doe@example.com"_s};
    QTest::newRow("plus and subdomain") << u"<j+tag@mail.example.co.uk>"_s << QStringList{u"j+tag@mail.example.co.uk"_s};
    QTest::newRow("sentence end") << u"Mail a_b%c@x-y.org."_s << QStringList{u"a_b%c@x-y.org"_s};
    QTest::newRow("two") << u"a@b.io,c@d.io"_s << QStringList{u"a@b.io"_s, u"c@d.io"_s};
    QTest::newRow("leading dot trimmed") << u"..bob@example.net"_s << QStringList{u"bob@example.net"_s};
    QTest::newRow("mailto") << u"mailto:bob@example.net"_s << QStringList{u"bob@example.net"_s};
    // False positives
    QTest::newRow("mention") << u"thanks @alice and @bob.smith"_s << QStringList{};
    QTest::newRow("no dot") << u"root@localhost"_s << QStringList{};
    QTest::newRow("numeric tld") << u"user@10.0.0.1"_s << QStringList{};
    QTest::newRow("retina image") << u"icon@2x.png and logo@3x.PNG"_s << QStringList{};
    QTest::newRow("decorator") << u"@Override public void x()"_s << QStringList{};
    QTest::newRow("empty local") << u" @example.com"_s << QStringList{};
    QTest::newRow("double dot domain") << u"a@b..com"_s << QStringList{};
}

void TestDetectors::emails()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QCOMPARE(texts(text, EmailDetector::find(text)), expected);
}

void TestDetectors::phones_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("UK international") << u"call +44 20 7946 0958 now"_s << QStringList{u"+44 20 7946 0958"_s};
    QTest::newRow("US international") << u"+1 (415) 555-2671"_s << QStringList{u"+1 (415) 555-2671"_s};
    QTest::newRow("E.164 compact") << u"tel:+14155552671"_s << QStringList{u"+14155552671"_s};
    QTest::newRow("German international") << u"Tel. +49 30 12345678."_s << QStringList{u"+49 30 12345678"_s};
    QTest::newRow("UK with (0)") << u"+44 (0)20 7946 0958"_s << QStringList{u"+44 (0)20 7946 0958"_s};
    QTest::newRow("00 prefix") << u"0044 20 7946 0958"_s << QStringList{u"0044 20 7946 0958"_s};
    QTest::newRow("US parentheses") << u"(415) 555-2671"_s << QStringList{u"(415) 555-2671"_s};
    QTest::newRow("US dashes") << u"Phone: 415-555-2671"_s << QStringList{u"415-555-2671"_s};
    QTest::newRow("US dots") << u"415.555.2671"_s << QStringList{u"415.555.2671"_s};
    QTest::newRow("US with 1") << u"1 415 555 2671"_s << QStringList{u"1 415 555 2671"_s};
    QTest::newRow("UK national") << u"020 7946 0958"_s << QStringList{u"020 7946 0958"_s};
    QTest::newRow("German national") << u"030 12345678"_s << QStringList{u"030 12345678"_s};
    QTest::newRow("French") << u"06 12 34 56 78"_s << QStringList{u"06 12 34 56 78"_s};
    QTest::newRow("French dots") << u"06.12.34.56.78"_s << QStringList{u"06.12.34.56.78"_s};
    QTest::newRow("German mobile") << u"0151-23456789"_s << QStringList{u"0151-23456789"_s};
    // False positives
    QTest::newRow("ISO date") << u"on 2024-01-15 we"_s << QStringList{};
    QTest::newRow("European date") << u"15.01.2024 and 01.02.2024"_s << QStringList{};
    QTest::newRow("US date") << u"01/15/2024"_s << QStringList{};
    QTest::newRow("date and time") << u"2024-01-15 10:30:00"_s << QStringList{};
    QTest::newRow("version") << u"Qt 6.8.2, build 10.0.19041.1"_s << QStringList{};
    QTest::newRow("IP address") << u"192.168.100.200 and 10.0.0.1"_s << QStringList{};
    QTest::newRow("plain integer") << u"id 4155552671 and 0612345678"_s << QStringList{};
    QTest::newRow("thousands") << u"1 000 000 000 tokens"_s << QStringList{};
    QTest::newRow("area code 1") << u"123-456-7890"_s << QStringList{};
    QTest::newRow("glued to letters") << u"x415-555-2671 and 415-555-2671abc"_s << QStringList{};
    QTest::newRow("plus too short") << u"score +1 234"_s << QStringList{};
    QTest::newRow("math") << u"3 + 4 - 5"_s << QStringList{};
    QTest::newRow("port") << u"020 7946 0958:8080"_s << QStringList{};
}

void TestDetectors::phones()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QCOMPARE(texts(text, PhoneDetector::find(text)), expected);
}

void TestDetectors::cards_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("Visa spaced") << u"card 4111 1111 1111 1111 ok"_s << QStringList{u"4111 1111 1111 1111"_s};
    QTest::newRow("Visa together") << u"4012888888881881"_s << QStringList{u"4012888888881881"_s};
    QTest::newRow("Mastercard dashes") << u"5500-0000-0000-0004"_s << QStringList{u"5500-0000-0000-0004"_s};
    QTest::newRow("Amex") << u"3782 822463 10005"_s << QStringList{u"3782 822463 10005"_s};
    QTest::newRow("Discover") << u"(6011111111111117)"_s << QStringList{u"6011111111111117"_s};
    QTest::newRow("expiry after") << u"4111 1111 1111 1111 12 27"_s << QStringList{u"4111 1111 1111 1111"_s};
    QTest::newRow("two cards") << u"4111111111111111, 5500000000000004"_s
                               << QStringList{u"4111111111111111"_s, u"5500000000000004"_s};
    // False positives
    QTest::newRow("Luhn fails") << u"4111 1111 1111 1112"_s << QStringList{};
    QTest::newRow("too short") << u"4111 1111 1111"_s << QStringList{};
    QTest::newRow("one digit repeated") << u"2222 2222 2222 2222 2222"_s << QStringList{};
    QTest::newRow("network range") << u"0000000000000000 and 9999999999999995"_s << QStringList{};
    QTest::newRow("long id") << u"12345678901234567890123"_s << QStringList{};
    QTest::newRow("inside hex") << u"deadbeef4111111111111111"_s << QStringList{};
    QTest::newRow("decimal") << u"4111111111111111.5"_s << QStringList{};
    QTest::newRow("timestamp") << u"1700000000000"_s << QStringList{};
}

void TestDetectors::cards()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QCOMPARE(texts(text, CardDetector::find(text)), expected);
}

void TestDetectors::ibans_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("German grouped") << u"IBAN: DE89 3704 0044 0532 0130 00."_s << QStringList{u"DE89 3704 0044 0532 0130 00"_s};
    QTest::newRow("British") << u"GB82 WEST 1234 5698 7654 32"_s << QStringList{u"GB82 WEST 1234 5698 7654 32"_s};
    QTest::newRow("French") << u"FR14 2004 1010 0505 0001 3M02 606"_s << QStringList{u"FR14 2004 1010 0505 0001 3M02 606"_s};
    QTest::newRow("Dutch compact") << u"(NL91ABNA0417164300)"_s << QStringList{u"NL91ABNA0417164300"_s};
    QTest::newRow("Swiss") << u"CH93 0076 2011 6238 5295 7"_s << QStringList{u"CH93 0076 2011 6238 5295 7"_s};
    QTest::newRow("Norwegian") << u"NO9386011117947"_s << QStringList{u"NO9386011117947"_s};
    QTest::newRow("lower-case rest") << u"GB82west12345698765432"_s << QStringList{u"GB82west12345698765432"_s};
    // False positives
    QTest::newRow("check fails") << u"DE89 3704 0044 0532 0130 01"_s << QStringList{};
    QTest::newRow("too short") << u"GB82 WEST 1234 5698 7654"_s << QStringList{};
    QTest::newRow("glued after") << u"NL91ABNA0417164300X"_s << QStringList{};
    QTest::newRow("glued before") << u"XNL91ABNA0417164300"_s << QStringList{};
    QTest::newRow("no such country") << u"ZZ89 3704 0044 0532 0130 00"_s << QStringList{};
    QTest::newRow("model name") << u"GB20 and DE12 units"_s << QStringList{};
}

void TestDetectors::ibans()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QCOMPARE(texts(text, IbanDetector::find(text)), expected);
}

void TestDetectors::redactor_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("counts"); // label=count, comma-separated, sorted
    QTest::newRow("nothing") << u"Summarise this paragraph, please."_s << u"Summarise this paragraph, please."_s << QString();
    QTest::newRow("each kind")
        << u"Key AKIAIOSFODNN7EXAMPLE, mail jane@example.com, call +44 20 7946 0958, card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00."_s
        << u"Key [REDACTED:secret], mail [REDACTED:email], call [REDACTED:phone], card [REDACTED:card], IBAN [REDACTED:iban]."_s
        << u"card=1,email=1,iban=1,phone=1,secret=1"_s;
    QTest::newRow("counts add up") << u"a@b.io b@c.io c@d.io"_s
                                   << u"[REDACTED:email] [REDACTED:email] [REDACTED:email]"_s << u"email=3"_s;
    QTest::newRow("bearer keeps its scheme") << u"Authorization: Bearer 0123456789abcdef"_s
                                             << u"Authorization: Bearer [REDACTED:secret]"_s << u"secret=1"_s;
}

void TestDetectors::redactor()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QFETCH(QString, counts);
    const Redaction r = Redactor().redact(text);
    QCOMPARE(r.text, expected);
    QStringList got;
    for (auto it = r.counts.cbegin(); it != r.counts.cend(); ++it)
        got.append(u"%1=%2"_s.arg(it.key()).arg(it.value()));
    QCOMPARE(got.join(u','), counts);
    QCOMPARE(r.changed(), !counts.isEmpty());
}

void TestDetectors::redactorKinds()
{
    Redactor secretsOnly;
    secretsOnly.setKinds({DetectionKind::Secret});
    const QString text = u"jane@example.com AKIAIOSFODNN7EXAMPLE"_s;
    QCOMPARE(secretsOnly.redact(text).text, u"jane@example.com [REDACTED:secret]"_s);
    QVERIFY(secretsOnly.contains(text, DetectionKind::Secret));
    QVERIFY(!secretsOnly.contains(text, DetectionKind::Email));
    QVERIFY(Redactor().contains(text, DetectionKind::Email));
}

void TestDetectors::customPatterns_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // redacted text, or the error
    QTest::newRow("employee number") << u"employee"_s << uR"(\bEMP-\d{6}\b)"_s << u"ask EMP-123456 or EMP-12"_s
                                     << u"ask [REDACTED:employee] or EMP-12"_s;
    QTest::newRow("code name, case-insensitive") << u"project"_s << u"(?i)blue\\s*heron"_s << u"BlueHeron ships"_s
                                                 << u"[REDACTED:project] ships"_s;
    QTest::newRow("empty matches ignored") << u"nothing"_s << u"x*"_s << u"abc"_s << u"abc"_s;
    QTest::newRow("bad regex") << u"broken"_s << u"(unclosed"_s << u"x"_s
                               << u"pattern broken: missing closing parenthesis at offset 9"_s;
    QTest::newRow("bad name") << u"has space"_s << u"x"_s << u"x"_s
                              << u"pattern name \"has space\": only letters, digits, '-' and '_'"_s;
    QTest::newRow("no name") << u" "_s << u"x"_s << u"x"_s << u"a pattern needs a name"_s;
    QTest::newRow("empty pattern") << u"p"_s << QString() << u"x"_s << u"pattern p is empty"_s;
}

void TestDetectors::customPatterns()
{
    QFETCH(QString, name);
    QFETCH(QString, pattern);
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const auto made = CustomPattern::make(name, pattern);
    if (!made) {
        QCOMPARE(made.error(), expected);
        return;
    }
    Redactor redactor;
    redactor.setKinds({});
    redactor.addPattern(*made);
    QCOMPARE(redactor.redact(text).text, expected);
}

void TestDetectors::linearTime_data()
{
    // Each text is about 1 MB of what makes a naive matcher retry from every
    // position. The bound is generous (a debug build under a sanitizer on a
    // busy machine) but far below what quadratic work on 1 MB would take.
    QTest::addColumn<QString>("text");
    const qsizetype n = 1 << 20;
    QTest::newRow("word characters") << QString(n, u'a');
    QTest::newRow("digits") << QString(n, u'7');
    QTest::newRow("digit groups") << u"1 "_s.repeated(n / 2);
    QTest::newRow("dashed digits") << u"4-"_s.repeated(n / 2);
    QTest::newRow("at signs") << u"a@"_s.repeated(n / 2);
    QTest::newRow("dotted domain") << (u"x@"_s + u"a."_s.repeated(n / 2));
    QTest::newRow("eyJ runs") << u"eyJ-"_s.repeated(n / 4);
    QTest::newRow("sk- runs") << u"sk-"_s.repeated(n / 3);
    QTest::newRow("bearer spaces") << (u"Bearer"_s + QString(n, u' '));
    QTest::newRow("PEM openers") << u"-----BEGIN "_s.repeated(n / 11);
    QTest::newRow("IBAN starts") << u"DE89 "_s.repeated(n / 5);
    QTest::newRow("phone starts") << u"+1 (2"_s.repeated(n / 5);
}

void TestDetectors::linearTime()
{
    QFETCH(QString, text);
    QElapsedTimer timer;
    timer.start();
    const Redaction r = Redactor().redact(text);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(u"%1 ms"_s.arg(timer.elapsed())));
    QVERIFY(r.text.size() > 0);
}

QTEST_GUILESS_MAIN(TestDetectors)
#include "tst_detectors.moc"
