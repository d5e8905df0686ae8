#include "providers/providerstatus.h"

#include "base/units.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Switchyard::ProvidersUi {
namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("Switchyard::ProvidersUi::ProviderStatus", text, disambiguation, n);
}

} // namespace

ProviderStatus::State ProviderStatus::state(const Providers::ProviderEntry &entry) const
{
    if (!entry.enabled)
        return State::Disabled;
    if (test == Test::Running)
        return State::Testing;
    if (test == Test::Failed)
        return State::Failed;
    if (test == Test::Passed)
        return State::Ok;
    if (key == Key::Unknown && entry.needsKey())
        return State::Checking;
    if (key == Key::Missing && entry.needsKey() && entry.preset && !entry.modelsListedAt.isValid())
        return State::NotSetUp;
    if (key != Key::Found && entry.needsKey())
        return State::KeyMissing;
    return State::Configured;
}

QString ProviderStatus::models(qsizetype count)
{
    return count == 1 ? tr("1 model") : tr("%1 models").arg(count);
}

QString ProviderStatus::failureName(Providers::CallError::Kind kind)
{
    using Kind = Providers::CallError::Kind;
    switch (kind) {
    case Kind::InvalidKey:
        return tr("Invalid key");
    case Kind::RateLimited:
        return tr("Rate-limited");
    case Kind::Overloaded:
        return tr("Overloaded");
    case Kind::ServerError:
        return tr("Server error");
    case Kind::BadRequest:
        return tr("Wrong address");
    case Kind::ConnectionRefused:
    case Kind::HostNotFound:
    case Kind::Network:
        return tr("Unreachable");
    case Kind::Tls:
        return tr("TLS error");
    case Kind::Timeout:
        return tr("No answer");
    case Kind::ProviderError:
    case Kind::StreamCut:
    case Kind::Protocol:
        return tr("Not a model list");
    case Kind::Cancelled:
        return tr("Stopped");
    case Kind::KeyMissing:
        return tr("Key missing");
    case Kind::BudgetReached:
        return tr("Budget reached");
    }
    return tr("Failed");
}

QString ProviderStatus::summary(const Providers::ProviderEntry &entry) const
{
    switch (state(entry)) {
    case State::Disabled:
        return tr("Disabled");
    case State::Checking:
        return tr("Looking for its key…");
    case State::NotSetUp:
        return tr("Not set up · add a key");
    case State::KeyMissing:
        return key == Key::Unavailable ? tr("Key unavailable") : tr("Key missing");
    case State::Testing:
        return tr("Testing…");
    case State::Failed:
        return u"%1 · %2"_s.arg(failureName(error ? error->kind : Providers::CallError::Kind::Network),
                                Base::Units::duration(double(elapsedMs)));
    case State::Ok:
        return tr("OK · %1 · %2").arg(models(modelCount), Base::Units::duration(double(elapsedMs)));
    case State::Configured:
        break;
    }
    if (entry.modelsListedAt.isValid())
        return tr("Configured · %1 when last listed").arg(models(entry.models.size()));
    return tr("Configured · not tested");
}

} // namespace Switchyard::ProvidersUi
