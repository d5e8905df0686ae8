#pragma once

#include <QString>

namespace Switchyard::Secrets {

/// Why a key could not be read, written or removed: a kind that code branches
/// on and a message for people. The message is complete on its own (it says
/// what to do next, e.g. which environment variable to set) and never contains
/// a key.
struct KeyError
{
    enum class Kind {
        /// Nothing is stored or set for this provider.
        NotFound,
        /// No system keychain can be reached: no Secret Service (or KWallet) on
        /// the D-Bus session bus, or no session bus at all.
        NoKeychain,
        /// The keychain is there but refused: locked, or the user said no.
        AccessDenied,
        /// The source cannot be written, such as environment variables.
        ReadOnly,
        /// An empty key, or a malformed provider id or variable name.
        InvalidArgument,
        /// Anything else the keychain reported.
        Failed,
    };

    Kind kind = Kind::Failed;
    QString message;

    /// "not-found", "no-keychain", ...: for logs and test output.
    [[nodiscard]] static QString kindName(Kind kind);
};

} // namespace Switchyard::Secrets
