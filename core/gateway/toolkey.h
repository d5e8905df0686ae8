#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace Switchyard::Gateway {

/// A per-tool key of the gateway: a name ("claude-code", "codex", "scripts")
/// that the calls made with it carry into the usage log, its own token, what
/// it may use and how fast. The token is kept in the keychain and shown once;
/// the usage database keeps its SHA-256 so that the app and a `serve`
/// process both recognise it without the keychain (a digest of 256 random
/// bits tells nothing of the token). Its budgets are Usage::Budgets with
/// its name as key. The gateway's own token is the owner's key, named "owner".
struct ToolKey {
    QString name;
    QByteArray tokenSha256;
    bool enabled = true;
    /// Routes it may use (by the name the client sends or the route a rule
    /// picked), and "provider/model" patterns (`*` for any run of characters)
    /// it may send to; both empty: anything.
    QStringList routes;
    QStringList models;
    int requestsPerMinute = 0;    // 0: no limit
    qint64 tokensPerMinute = 0;   // prompt and answer; 0: no limit
    qint64 createdMs = 0;
    qint64 rotatedMs = 0;         // 0: never rotated

    /// The usage rows' name for calls with the gateway's own token.
    static constexpr QLatin1StringView ownerName{"owner"};

    [[nodiscard]] bool isRestricted() const { return !routes.isEmpty() || !models.isEmpty(); }
    [[nodiscard]] bool allowsRoute(const QString &route) const;
    [[nodiscard]] bool allowsModel(const QString &providerModel) const;

    /// The keychain entry its token is kept under.
    [[nodiscard]] static QString keychainId(const QString &name);
    [[nodiscard]] static QByteArray digest(QByteArrayView token);
    /// Why name cannot name a key, if it cannot: letters, digits, '-', '_'
    /// and '.', at most 40, and not "owner".
    [[nodiscard]] static std::optional<QString> nameProblem(const QString &name);
    /// "openai/*" matches "openai/gpt-4o"; `*` matches any run, the rest
    /// literally (case-sensitively, as model ids are).
    [[nodiscard]] static bool matches(QStringView pattern, QStringView text);

    bool operator==(const ToolKey &) const = default;
};

} // namespace Switchyard::Gateway
