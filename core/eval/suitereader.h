#pragma once

#include "eval/suite.h"
#include "routing/configerror.h"

#include <QByteArray>
#include <QString>

#include <expected>

namespace Switchyard::Eval {

using Routing::ConfigError;
using Routing::ConfigErrors;

/// Reads an evaluation suite from its YAML (or JSON) text, the way
/// Routing::ConfigReader reads routing configs: every problem at once, each at
/// its line and column; unknown keys are errors, so that a misspelt assertion
/// is never a check that silently never runs. Tests may come from CSV or JSON
/// Lines files named relative to baseDir; a problem inside one names the file
/// and its line in the message, at the position of the reference in the suite.
class SuiteReader final
{
public:
    struct Result {
        Suite suite;
        ConfigErrors warnings;
    };

    [[nodiscard]] static std::expected<Result, ConfigErrors> read(const QByteArray &text, const QString &baseDir);
    /// read() of a file, its folder the base of relative paths.
    [[nodiscard]] static std::expected<Result, ConfigErrors> readFile(const QString &path);
};

} // namespace Switchyard::Eval
