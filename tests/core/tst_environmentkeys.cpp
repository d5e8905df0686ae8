// Keys from environment variables: which variable each provider reads, the
// explicit --key-env variable, and that the environment is never written.

#include "secrets/environmentkeys.h"
#include "support/keyjobhelpers.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Switchyard::Secrets;
using Switchyard::TestSupport::describeKeyResult;
using Switchyard::TestSupport::errorMessage;
using Switchyard::TestSupport::waitForKeyJob;

Q_DECLARE_METATYPE(KeyError::Kind)

namespace {

QProcessEnvironment environmentOf(const QStringList &assignments)
{
    QProcessEnvironment env;
    for (const QString &assignment : assignments) {
        const qsizetype eq = assignment.indexOf(u'=');
        env.insert(assignment.left(eq), assignment.mid(eq + 1));
    }
    return env;
}

} // namespace

class TestEnvironmentKeys final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void standardVariables_data();
    void standardVariables();
    void eachProviderReadsItsVariable_data();
    void eachProviderReadsItsVariable();
    void lookup_data();
    void lookup();
    void explicitVariableNames_data();
    void explicitVariableNames();
    void readKeyAnswersLater();
    void writesAreRefused_data();
    void writesAreRefused();
    void setVariableHint_data();
    void setVariableHint();
};

void TestEnvironmentKeys::standardVariables_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<QStringList>("variables");

    QTest::newRow("openai") << u"openai"_s << QStringList{u"OPENAI_API_KEY"_s};
    QTest::newRow("anthropic") << u"anthropic"_s << QStringList{u"ANTHROPIC_API_KEY"_s};
    QTest::newRow("gemini") << u"gemini"_s << QStringList{u"GEMINI_API_KEY"_s, u"GOOGLE_API_KEY"_s};
    QTest::newRow("openrouter") << u"openrouter"_s << QStringList{u"OPENROUTER_API_KEY"_s};
    QTest::newRow("mistral") << u"mistral"_s << QStringList{u"MISTRAL_API_KEY"_s};
    QTest::newRow("groq") << u"groq"_s << QStringList{u"GROQ_API_KEY"_s};
    QTest::newRow("deepseek") << u"deepseek"_s << QStringList{u"DEEPSEEK_API_KEY"_s};
    QTest::newRow("together") << u"together"_s << QStringList{u"TOGETHER_API_KEY"_s};
    QTest::newRow("xai") << u"xai"_s << QStringList{u"XAI_API_KEY"_s};
    QTest::newRow("fireworks") << u"fireworks"_s << QStringList{u"FIREWORKS_API_KEY"_s};
    QTest::newRow("unknown provider") << u"local-llama"_s << QStringList{};
    QTest::newRow("ids are case-sensitive") << u"OpenAI"_s << QStringList{};
}

void TestEnvironmentKeys::standardVariables()
{
    QFETCH(QString, providerId);
    QFETCH(QStringList, variables);
    QCOMPARE(EnvironmentKeys::standardVariables(providerId), variables);
    QCOMPARE(EnvironmentKeys::knownProviders().contains(providerId), !variables.isEmpty());
}

// Every known provider finds its key in each of its variables, and only there.
void TestEnvironmentKeys::eachProviderReadsItsVariable_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<QString>("variable");

    for (const QString &providerId : EnvironmentKeys::knownProviders()) {
        for (const QString &variable : EnvironmentKeys::standardVariables(providerId))
            QTest::addRow("%s from %s", qPrintable(providerId), qPrintable(variable))
                << providerId << variable;
    }
}

void TestEnvironmentKeys::eachProviderReadsItsVariable()
{
    QFETCH(QString, providerId);
    QFETCH(QString, variable);

    const QString secret = u"sk-test-"_s + providerId + u"-0123456789"_s;
    // Every other provider's variables are set too, to different keys.
    QStringList assignments{variable + u'=' + secret};
    for (const QString &other : EnvironmentKeys::knownProviders()) {
        for (const QString &otherVariable : EnvironmentKeys::standardVariables(other)) {
            if (other != providerId)
                assignments.append(otherVariable + u"=sk-wrong-"_s + other);
        }
    }
    const EnvironmentKeys keys(environmentOf(assignments));
    const auto key = keys.lookup(providerId);
    QVERIFY2(key, errorMessage(key).constData());
    QCOMPARE(key->secret, secret);
    QCOMPARE(key->origin, KeyOrigin::environment(variable));
    QCOMPARE(key->origin.description(), u"from "_s + variable);
}

void TestEnvironmentKeys::lookup_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("explicitVariable");
    QTest::addColumn<QString>("secret");   // expected on success
    QTest::addColumn<QString>("variable"); // expected origin on success
    QTest::addColumn<KeyError::Kind>("errorKind");
    QTest::addColumn<QString>("message"); // empty: success expected

    const auto none = KeyError::Kind::Failed; // unused on success rows

    QTest::newRow("gemini prefers GEMINI_API_KEY")
        << u"gemini"_s
        << QStringList{u"GOOGLE_API_KEY=g-key-0123456789"_s, u"GEMINI_API_KEY=gm-key-0123456789"_s}
        << QString() << u"gm-key-0123456789"_s << u"GEMINI_API_KEY"_s << none << QString();
    QTest::newRow("gemini falls back to GOOGLE_API_KEY")
        << u"gemini"_s << QStringList{u"GOOGLE_API_KEY=g-key-0123456789"_s} << QString()
        << u"g-key-0123456789"_s << u"GOOGLE_API_KEY"_s << none << QString();
    QTest::newRow("empty GEMINI_API_KEY is skipped")
        << u"gemini"_s << QStringList{u"GEMINI_API_KEY="_s, u"GOOGLE_API_KEY=g-key-0123456789"_s} << QString()
        << u"g-key-0123456789"_s << u"GOOGLE_API_KEY"_s << none << QString();
    QTest::newRow("surrounding whitespace is dropped")
        << u"openai"_s << QStringList{u"OPENAI_API_KEY=  sk-abc-0123456789\n"_s} << QString()
        << u"sk-abc-0123456789"_s << u"OPENAI_API_KEY"_s << none << QString();
    QTest::newRow("explicit variable wins over the standard one")
        << u"openai"_s << QStringList{u"OPENAI_API_KEY=sk-standard"_s, u"WORK_KEY=sk-work-0123456789"_s}
        << u"WORK_KEY"_s << u"sk-work-0123456789"_s << u"WORK_KEY"_s << none << QString();
    QTest::newRow("explicit variable for an unknown provider")
        << u"local-llama"_s << QStringList{u"LLAMA_KEY=ll-0123456789"_s} << u"LLAMA_KEY"_s
        << u"ll-0123456789"_s << u"LLAMA_KEY"_s << none << QString();

    QTest::newRow("not set") << u"openai"_s << QStringList{} << QString() << QString() << QString()
                             << KeyError::Kind::NotFound << u"OPENAI_API_KEY is not set"_s;
    QTest::newRow("set but empty") << u"openai"_s << QStringList{u"OPENAI_API_KEY=   "_s} << QString()
                                   << QString() << QString() << KeyError::Kind::NotFound
                                   << u"OPENAI_API_KEY is not set"_s;
    QTest::newRow("neither gemini variable")
        << u"gemini"_s << QStringList{} << QString() << QString() << QString() << KeyError::Kind::NotFound
        << u"neither GEMINI_API_KEY nor GOOGLE_API_KEY is set"_s;
    QTest::newRow("another provider's variable does not count")
        << u"openai"_s << QStringList{u"ANTHROPIC_API_KEY=sk-ant-0123456789"_s} << QString() << QString()
        << QString() << KeyError::Kind::NotFound << u"OPENAI_API_KEY is not set"_s;
    // The user named a variable; quietly using another key would be a surprise.
    QTest::newRow("unset explicit variable does not fall back")
        << u"openai"_s << QStringList{u"OPENAI_API_KEY=sk-standard-0123456789"_s} << u"WORK_KEY"_s
        << QString() << QString() << KeyError::Kind::NotFound
        << u"WORK_KEY, named as the key for openai, is not set"_s;
    QTest::newRow("unknown provider")
        << u"local-llama"_s << QStringList{} << QString() << QString() << QString()
        << KeyError::Kind::NotFound
        << u"no environment variable is known for provider 'local-llama'; name one explicitly"_s;
    QTest::newRow("malformed provider id")
        << u"open ai"_s << QStringList{} << QString() << QString() << QString()
        << KeyError::Kind::InvalidArgument << u"'open ai' is not a provider id"_s;
}

void TestEnvironmentKeys::lookup()
{
    QFETCH(QString, providerId);
    QFETCH(QStringList, environment);
    QFETCH(QString, explicitVariable);
    QFETCH(QString, secret);
    QFETCH(QString, variable);
    QFETCH(KeyError::Kind, errorKind);
    QFETCH(QString, message);

    EnvironmentKeys keys(environmentOf(environment));
    if (!explicitVariable.isEmpty()) {
        const auto set = keys.setExplicitVariable(providerId, explicitVariable);
        QVERIFY2(set, errorMessage(set).constData());
        QCOMPARE(keys.variablesFor(providerId), QStringList{explicitVariable});
    }
    const auto key = keys.lookup(providerId);
    if (message.isEmpty()) {
        QVERIFY2(key, errorMessage(key).constData());
        QCOMPARE(key->secret, secret);
        QCOMPARE(key->origin, KeyOrigin::environment(variable));
    } else {
        QVERIFY(!key);
        QCOMPARE(key.error().kind, errorKind);
        QCOMPARE(key.error().message, message);
    }
}

void TestEnvironmentKeys::explicitVariableNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");

    QTest::newRow("upper case") << u"MY_OPENAI_KEY"_s << true;
    QTest::newRow("leading underscore") << u"_KEY2"_s << true;
    QTest::newRow("lower case") << u"my_key"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("leading digit") << u"1KEY"_s << false;
    QTest::newRow("dash") << u"MY-KEY"_s << false;
    QTest::newRow("space") << u"MY KEY"_s << false;
    QTest::newRow("assignment") << u"KEY=sk-abc"_s << false;
    QTest::newRow("dollar sign") << u"$KEY"_s << false;
}

void TestEnvironmentKeys::explicitVariableNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);

    EnvironmentKeys keys(QProcessEnvironment{});
    const auto set = keys.setExplicitVariable(u"openai"_s, name);
    QCOMPARE(bool(set), valid);
    QCOMPARE(keys.hasExplicitVariable(u"openai"_s), valid);
    if (!valid) {
        QCOMPARE(set.error().kind, KeyError::Kind::InvalidArgument);
        QVERIFY2(set.error().message.contains(u"is not an environment variable name"_s),
                 qPrintable(set.error().message));
    }
}

void TestEnvironmentKeys::readKeyAnswersLater()
{
    EnvironmentKeys keys(environmentOf({u"OPENAI_API_KEY=sk-abc-0123456789"_s}));
    KeyJob *job = keys.readKey(u"openai"_s);
    QCOMPARE(job->operation(), KeyOperation::Read);
    QCOMPARE(job->providerId(), u"openai"_s);
    QPointer<KeyJob> guard(job);

    const auto result = waitForKeyJob(job);
    QVERIFY2(result && result->ok(), describeKeyResult(result).constData());
    QCOMPARE(result->operation, KeyOperation::Read);
    QCOMPARE(result->providerId, u"openai"_s);
    QCOMPARE(result->outcome->secret, u"sk-abc-0123456789"_s);
    QCOMPARE(result->outcome->origin.description(), u"from OPENAI_API_KEY"_s);
    // The job cleans up after itself once it has answered.
    QTRY_VERIFY_WITH_TIMEOUT(guard.isNull(), 5000);
}

void TestEnvironmentKeys::writesAreRefused_data()
{
    QTest::addColumn<bool>("remove");
    QTest::newRow("write") << false;
    QTest::newRow("remove") << true;
}

void TestEnvironmentKeys::writesAreRefused()
{
    QFETCH(bool, remove);
    EnvironmentKeys keys(environmentOf({u"OPENAI_API_KEY=sk-abc-0123456789"_s}));
    const auto result = waitForKeyJob(remove ? keys.removeKey(u"openai"_s)
                                             : keys.writeKey(u"openai"_s, u"sk-new-0123456789"_s));
    QVERIFY2(result && !result->ok(), describeKeyResult(result).constData());
    QCOMPARE(result->operation, remove ? KeyOperation::Remove : KeyOperation::Write);
    QCOMPARE(result->outcome.error().kind, KeyError::Kind::ReadOnly);
    QVERIFY2(result->outcome.error().message.contains(u"change OPENAI_API_KEY in the environment"_s),
             describeKeyResult(result).constData());
    // And the snapshot is untouched.
    QCOMPARE(keys.lookup(u"openai"_s)->secret, u"sk-abc-0123456789"_s);
}

void TestEnvironmentKeys::setVariableHint_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<QString>("hint");

    QTest::newRow("openai") << u"openai"_s << u"set OPENAI_API_KEY"_s;
    QTest::newRow("gemini") << u"gemini"_s << u"set GEMINI_API_KEY or GOOGLE_API_KEY"_s;
    QTest::newRow("unknown") << u"local-llama"_s << u"give the key in an environment variable"_s;
}

void TestEnvironmentKeys::setVariableHint()
{
    QFETCH(QString, providerId);
    QFETCH(QString, hint);
    QCOMPARE(EnvironmentKeys::setVariableHint(providerId), hint);
}

QTEST_GUILESS_MAIN(TestEnvironmentKeys)
#include "tst_environmentkeys.moc"
