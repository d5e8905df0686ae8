#pragma once

#include "routing/configerror.h"
#include "routing/routingconfig.h"

#include <QByteArray>

#include <expected>

namespace Switchyard::Routing {

/// Reads a routing config from its YAML or JSON text (docs/routing.md). JSON
/// is told apart by its opening brace; both report problems at the line and
/// column of the file they were found at. Unknown keys are errors, since a
/// misspelt key silently ignored is a rule that silently never applies.
///
/// Everything wrong is reported at once, not only the first problem. A config
/// with errors is not returned; warnings come back with a usable config.
class ConfigReader final
{
public:
    struct Result {
        RoutingConfig config;
        ConfigErrors warnings;
    };

    [[nodiscard]] static std::expected<Result, ConfigErrors> read(const QByteArray &text);
    /// read() of a file; a file that cannot be read is one error without a position.
    [[nodiscard]] static std::expected<Result, ConfigErrors> readFile(const QString &path);

    /// The references and values the reader checks once the whole config is
    /// known: routes named by rules, the default and tests exist; names are
    /// unique; regexes compile; weights are positive. Also for configs made in
    /// the editor or imported from another format.
    [[nodiscard]] static ConfigErrors validate(const RoutingConfig &config);
};

} // namespace Switchyard::Routing
