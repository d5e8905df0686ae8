#pragma once

#include "routing/configerror.h"
#include "routing/formatoptions.h"
#include "routing/importresult.h"
#include "routing/routingconfig.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <yaml-cpp/yaml.h>

#include <expected>
#include <optional>

/// What the gateway formats (LiteLlmFormat, PortkeyFormat, OpenRouterFormat)
/// share: finding providers by id or base URL, the routes to export, what a
/// route's constraints say in words, and positions in the imported text.
/// Internal to core/routing.
namespace Switchyard::Routing::FormatSupport {

/// A provider of the options, else a preset.
[[nodiscard]] std::optional<Providers::ProviderConfig> provider(const FormatOptions &options, const QString &id);
/// The provider of the options (first) or the presets at this base URL;
/// trailing slashes do not count.
[[nodiscard]] std::optional<Providers::ProviderConfig> providerAt(const FormatOptions &options, const QUrl &baseUrl);
/// A provider id for a base URL nobody has set up: "local" for the loopback,
/// else the host's first label ("my-vllm" for http://my-vllm.lan:8000/v1).
[[nodiscard]] QString providerIdFor(const QUrl &baseUrl);
/// Whether a provider's base URL is the preset's (so the gateway knows it
/// without being told).
[[nodiscard]] bool hasPresetBaseUrl(const Providers::ProviderConfig &provider);

/// The routes an export covers: options.route alone, or all of them.
[[nodiscard]] QList<const Route *> routesToExport(const RoutingConfig &config, const FormatOptions &options);

/// "route 'code'".
[[nodiscard]] QString routeLabel(const Route &route);
/// "rule 'secrets stay local'", or "rule #3" for an unnamed one.
[[nodiscard]] QString ruleLabel(const Rule &rule, qsizetype index);
/// "$1.50/M".
[[nodiscard]] QString usdPerMillion(qint64 amount);

enum class Supports : quint8 {
    Nothing = 0,
    Prices = 1,     // max input/output price
    DataPolicy = 2, // no-training / zero-retention
};
/// A line per constraint of the route the format cannot hold: "route 'x':
/// min_context 200000: <format> cannot ...".
void listConstraints(const Route &route, const QString &format, int supports, QStringList &unsupported);

/// Integer weights in the same proportions as the given ones (which may be
/// fractions, as Portkey's and LiteLLM's are): scaled until each is within
/// 1% of a whole number, at most by 1000.
[[nodiscard]] QList<int> wholeWeights(const QList<double> &weights);

/// The line and column of a byte offset.
[[nodiscard]] SourcePosition positionAt(const QByteArray &text, qsizetype offset);
[[nodiscard]] SourcePosition positionOf(const YAML::Node &node);
[[nodiscard]] SourcePosition positionOf(const YAML::Mark &mark);
[[nodiscard]] QString text(const YAML::Node &node);

/// What an unquoted YAML scalar means, the one reading every config and
/// import uses: the YAML 1.2 core schema — null, Null, NULL, ~ and nothing are
/// null; true/True/TRUE and false/False/FALSE booleans; decimal, 0o octal and
/// 0x hexadecimal integers and decimal floats numbers — plus YAML 1.1's
/// yes/no/on/off booleans in the same three spellings, because LiteLLM reads
/// its configs with PyYAML, which takes them (and Switchyard's reader always
/// did). y and n stay texts, as in PyYAML. .inf and .nan stay texts: JSON has
/// no such numbers. Anything else is a text.
[[nodiscard]] QJsonValue plainScalar(const QString &text);
/// A scalar node: a quoted one is a text even when it reads like a number,
/// else plainScalar().
[[nodiscard]] QJsonValue scalar(const YAML::Node &node);
/// A YAML value as JSON: mappings as objects, sequences as arrays, scalars as
/// scalar() reads them.
[[nodiscard]] QJsonValue json(const YAML::Node &node);
/// A scalar() that is a boolean.
[[nodiscard]] std::optional<bool> boolean(const YAML::Node &node);
/// A scalar() that is a finite number.
[[nodiscard]] std::optional<double> number(const YAML::Node &node);
/// A scalar() written as an integer (not 1.0 or 1e3).
[[nodiscard]] std::optional<qint64> integer(const YAML::Node &node);
/// The end of every import: the errors met while reading, else those
/// ConfigReader::validate() finds in the config as imported, else the result
/// with the notes.
[[nodiscard]] std::expected<ImportResult, ConfigErrors> finishImport(ImportResult result, ConfigErrors errors,
                                                                     const QStringList &notes);

/// Writes a JSON value as YAML: texts quoted, so that "0.3" stays a text.
void writeJson(YAML::Emitter &out, const QJsonValue &value);

} // namespace Switchyard::Routing::FormatSupport
