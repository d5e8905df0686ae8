#pragma once

#include <QString>

namespace Switchyard::Secrets {

/// Where a key came from (or went to), so that the UI and the CLI can say
/// "from OPENAI_API_KEY" or "from the system keychain" next to the masked key
/// and the user knows which one to change.
struct KeyOrigin
{
    enum class Source { Keychain, Environment };

    Source source = Source::Keychain;
    /// The environment variable's name when source is Environment; empty otherwise.
    QString variable;

    [[nodiscard]] static KeyOrigin keychain() { return {}; }
    [[nodiscard]] static KeyOrigin environment(const QString &variable)
    {
        return {.source = Source::Environment, .variable = variable};
    }

    /// "from the system keychain" or "from OPENAI_API_KEY".
    [[nodiscard]] QString description() const;

    friend bool operator==(const KeyOrigin &, const KeyOrigin &) = default;
};

} // namespace Switchyard::Secrets
