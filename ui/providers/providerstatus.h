#pragma once

#include "providers/chatevent.h"
#include "providers/providerentry.h"
#include "secrets/keyorigin.h"

#include <QString>

#include <optional>

namespace Switchyard::ProvidersUi {

/// What the Providers page knows about one provider in this session: where
/// its key is (masked, never the key) and how its last connection test went.
/// The one place that turns that into the state a user reads: disabled, key
/// missing, configured, testing, unreachable (or another error), OK with N
/// models.
struct ProviderStatus
{
    enum class Key { Unknown, Found, Missing, Unavailable };
    enum class Test { NotRun, Running, Passed, Failed };
    /// NotSetUp: a preset that needs a key, never had one and was never
    /// listed — the normal state of most presets on a fresh install, shown
    /// quietly; KeyMissing: one that worked once and has lost its key.
    enum class State { Disabled, Checking, NotSetUp, KeyMissing, Configured, Testing, Failed, Ok };

    Key key = Key::Unknown;
    QString maskedKey;           ///< "****wxyz" when found
    Secrets::KeyOrigin keyOrigin; ///< where it was found
    QString keyProblem;          ///< why it could not be read (no keychain, locked)
    bool noKeychain = false;     ///< no system keychain at all: keys can only come from the environment

    Test test = Test::NotRun;
    int modelCount = 0;
    qint64 elapsedMs = -1;
    std::optional<Providers::CallError> error;

    [[nodiscard]] State state(const Providers::ProviderEntry &entry) const;
    /// One line for the list: "OK · 42 models · 0.31 s", "Key missing", ...
    [[nodiscard]] QString summary(const Providers::ProviderEntry &entry) const;
    /// "1 model", "42 models": English without a translation says "model(s)"
    /// for %n, so the count is spelt out here once.
    [[nodiscard]] static QString models(qsizetype count);
    /// The short name of a failure: "Invalid key", "Unreachable", "TLS error", ...
    [[nodiscard]] static QString failureName(Providers::CallError::Kind kind);
};

} // namespace Switchyard::ProvidersUi
