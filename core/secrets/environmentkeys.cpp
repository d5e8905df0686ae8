#include "secrets/environmentkeys.h"

#include "secrets/secretslog.h"

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace Switchyard::Secrets {

namespace {

struct ProviderVariables
{
    QLatin1StringView providerId;
    std::array<QLatin1StringView, 2> variables;
};

// The names each provider's own SDK and CLI read, so a key a user already
// exported for those tools works here too. Gemini's SDK accepts two names;
// GEMINI_API_KEY comes first because GOOGLE_API_KEY is shared with other
// Google APIs and is more often set for something else.
constexpr std::array Providers{
    ProviderVariables{"openai"_L1, {"OPENAI_API_KEY"_L1}},
    ProviderVariables{"anthropic"_L1, {"ANTHROPIC_API_KEY"_L1}},
    ProviderVariables{"gemini"_L1, {"GEMINI_API_KEY"_L1, "GOOGLE_API_KEY"_L1}},
    ProviderVariables{"openrouter"_L1, {"OPENROUTER_API_KEY"_L1}},
    ProviderVariables{"mistral"_L1, {"MISTRAL_API_KEY"_L1}},
    ProviderVariables{"groq"_L1, {"GROQ_API_KEY"_L1}},
    ProviderVariables{"deepseek"_L1, {"DEEPSEEK_API_KEY"_L1}},
    ProviderVariables{"together"_L1, {"TOGETHER_API_KEY"_L1}},
    ProviderVariables{"xai"_L1, {"XAI_API_KEY"_L1}},
    ProviderVariables{"fireworks"_L1, {"FIREWORKS_API_KEY"_L1}},
};

QString orList(const QStringList &names)
{
    if (names.size() <= 1)
        return names.value(0);
    return names.mid(0, names.size() - 1).join(u", "_s) + u" or "_s + names.last();
}

} // namespace

EnvironmentKeys::EnvironmentKeys(QObject *parent)
    : EnvironmentKeys(QProcessEnvironment::systemEnvironment(), parent)
{
}

EnvironmentKeys::EnvironmentKeys(const QProcessEnvironment &environment, QObject *parent)
    : KeyStore(parent)
    , m_environment(environment)
{
}

EnvironmentKeys::~EnvironmentKeys() = default;

QStringList EnvironmentKeys::standardVariables(QStringView providerId)
{
    const auto it = std::ranges::find_if(
        Providers, [providerId](const ProviderVariables &p) { return p.providerId == providerId; });
    if (it == Providers.end())
        return {};
    QStringList names;
    for (const QLatin1StringView name : it->variables) {
        if (!name.isEmpty())
            names.append(name);
    }
    return names;
}

QStringList EnvironmentKeys::knownProviders()
{
    QStringList ids;
    ids.reserve(Providers.size());
    for (const ProviderVariables &p : Providers)
        ids.append(p.providerId);
    return ids;
}

bool EnvironmentKeys::isValidVariableName(QStringView name)
{
    if (name.isEmpty() || name.front().isDigit())
        return false;
    return std::ranges::all_of(name, [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'_';
    });
}

QString EnvironmentKeys::setVariableHint(QStringView providerId)
{
    const QStringList names = standardVariables(providerId);
    if (names.isEmpty())
        return u"give the key in an environment variable"_s;
    return u"set "_s + orList(names);
}

std::expected<void, KeyError> EnvironmentKeys::setExplicitVariable(const QString &providerId,
                                                                   const QString &variable)
{
    if (!isValidProviderId(providerId))
        return std::unexpected(
            KeyError{KeyError::Kind::InvalidArgument, u"'%1' is not a provider id"_s.arg(providerId)});
    if (!isValidVariableName(variable))
        return std::unexpected(
            KeyError{KeyError::Kind::InvalidArgument,
                     u"'%1' is not an environment variable name (letters, digits and '_', not starting "
                     "with a digit)"_s.arg(variable)});
    m_explicitVariables.insert(providerId, variable);
    m_answers.clear();
    return {};
}

bool EnvironmentKeys::hasExplicitVariable(const QString &providerId) const
{
    return m_explicitVariables.contains(providerId);
}

QStringList EnvironmentKeys::variablesFor(const QString &providerId) const
{
    const auto it = m_explicitVariables.constFind(providerId);
    if (it != m_explicitVariables.cend())
        return {*it};
    return standardVariables(providerId);
}

std::expected<ApiKey, KeyError> EnvironmentKeys::lookup(const QString &providerId) const
{
    if (!isValidProviderId(providerId))
        return std::unexpected(
            KeyError{KeyError::Kind::InvalidArgument, u"'%1' is not a provider id"_s.arg(providerId)});
    const QStringList names = variablesFor(providerId);
    for (const QString &name : names) {
        // Trimmed: a key exported with `export K="$(cat file)"` or pasted with a
        // trailing newline would otherwise fail at the provider as "invalid key".
        const QString value = m_environment.value(name).trimmed();
        if (!value.isEmpty()) {
            qCDebug(lcSecrets).noquote() << "the key for" << providerId << "comes from" << name;
            return ApiKey{.secret = value, .origin = KeyOrigin::environment(name)};
        }
    }
    if (names.isEmpty())
        return std::unexpected(KeyError{
            KeyError::Kind::NotFound,
            u"no environment variable is known for provider '%1'; name one explicitly"_s.arg(providerId)});
    if (hasExplicitVariable(providerId))
        return std::unexpected(
            KeyError{KeyError::Kind::NotFound,
                     u"%1, named as the key for %2, is not set"_s.arg(names.first(), providerId)});
    const QString message = names.size() == 1 ? u"%1 is not set"_s.arg(names.first())
                                              : u"neither %1 is set"_s.arg(names.join(u" nor "_s));
    return std::unexpected(KeyError{KeyError::Kind::NotFound, message});
}

std::optional<std::expected<ApiKey, KeyError>> EnvironmentKeys::readKeyNow(const QString &providerId)
{
    auto it = m_answers.constFind(providerId);
    if (it == m_answers.cend())
        it = m_answers.insert(providerId, lookup(providerId));
    return *it;
}

KeyJob *EnvironmentKeys::readKey(const QString &providerId)
{
    KeyJob *job = createJob(KeyOperation::Read, providerId);
    if (!job->isFinished())
        job->finish(lookup(providerId));
    return job;
}

KeyJob *EnvironmentKeys::writeKey(const QString &providerId, const QString &key)
{
    Q_UNUSED(key)
    return refuseChange(KeyOperation::Write, providerId);
}

KeyJob *EnvironmentKeys::removeKey(const QString &providerId)
{
    return refuseChange(KeyOperation::Remove, providerId);
}

KeyJob *EnvironmentKeys::refuseChange(KeyOperation operation, const QString &providerId)
{
    KeyJob *job = createJob(operation, providerId);
    if (!job->isFinished()) {
        const QStringList names = variablesFor(providerId);
        const QString where = names.isEmpty() ? u"the environment"_s : orList(names);
        job->fail(KeyError::Kind::ReadOnly,
                  u"environment variables cannot be changed from Switchyard; change %1 in the environment "
                  "that starts it"_s.arg(where));
    }
    return job;
}

} // namespace Switchyard::Secrets
