#pragma once

#include "providers/providerconfig.h"
#include "secrets/apikey.h"
#include "secrets/keyerror.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <expected>
#include <optional>

class QCommandLineParser;

namespace Switchyard::Usage {
class UsageDatabase;
}

/// Pieces the switchyard-cli commands share.
namespace CliSupport {

// Exit codes scripts can rely on: 0 done, 1 the work failed, 2 wrong usage.
constexpr int ExitOk = 0;
constexpr int ExitFailed = 1;
constexpr int ExitUsage = 2;

/// "switchyard-cli COMMAND: message" on stderr.
void complain(const QString &command, const QString &message);

/// The command's --help text, its first line naming it: "Usage:
/// switchyard-cli usage [options]" (QCommandLineParser names only the program).
[[nodiscard]] QString helpText(const QCommandLineParser &parser, const QString &command);

/// The value of a numeric option between min and max, or nothing after
/// telling the user what the option takes (the caller exits with ExitUsage).
/// Text that is not wholly a number is refused, never read as 0. Unset: fallback.
[[nodiscard]] std::optional<double> numberOption(const QString &command, const QCommandLineParser &parser,
                                                 const QString &name, double min, double max, double fallback,
                                                 bool integer);

/// Whether a provider or model name given on the command line is usable; if
/// not, tells the user why (Providers::nameProblem).
[[nodiscard]] bool nameUsable(const QString &command, const QString &name, QStringView what);

/// Adds --data-dir to a command's options.
void addDataDirOption(QCommandLineParser &parser);
/// The data folder for this run (see Base::DataDirectory), or an error message.
[[nodiscard]] std::expected<QString, QString> dataDir(const QCommandLineParser &parser);

/// Looks up the keys of several providers at once — environment variables
/// first, then the system keychain — and waits for the answers in a local
/// event loop, which a command-line tool may do. explicitVariable, when set,
/// is the only place any of these providers' keys is read from (--key-env).
[[nodiscard]] QHash<QString, std::expected<Switchyard::Secrets::ApiKey, Switchyard::Secrets::KeyError>>
lookUpKeys(const QStringList &providerIds, const QString &explicitVariable = {});

/// Adds --provider NAME=KIND,BASE_URL (repeatable) and --key-env VAR.
void addProviderOptions(QCommandLineParser &parser);
/// The providers --provider defined for this run and those set up in the app
/// (providers.json in the data folder), by id, or an error message.
[[nodiscard]] std::expected<QHash<QString, Switchyard::Providers::ProviderConfig>, QString>
customProviders(const QCommandLineParser &parser);
/// A provider defined for this run, else a preset.
[[nodiscard]] std::optional<Switchyard::Providers::ProviderConfig>
findProvider(const QHash<QString, Switchyard::Providers::ProviderConfig> &custom, const QString &id);

/// Each provider's key ("" for a local server that needs none), or nothing
/// after telling the user which hosted provider has no key and how to give one.
[[nodiscard]] std::optional<QHash<QString, QString>> keysFor(const QString &command,
                                                            const QList<Switchyard::Providers::ProviderConfig> &providers,
                                                            const QString &explicitVariable);

/// Prints rows (the first is the header) as aligned columns on stdout: the
/// columns listed in leftAligned (names) to the left, the others (numbers) to
/// the right.
void printTable(const QList<QStringList> &rows, const QList<int> &leftAligned);

/// The budgets with this month's spend against them, as a table; 0, or
/// ExitFailed after saying why.
int printBudgets(Switchyard::Usage::UsageDatabase &db);

} // namespace CliSupport
