#pragma once

#include "routing/configerror.h"

#include <QByteArray>
#include <QStringList>

#include <expected>

namespace Switchyard::Eval {

/// Turns a promptfoo config (promptfooconfig.yaml) into a Switchyard suite,
/// for what maps: prompts (texts, and {id, raw}), providers written
/// "vendor:model" or "vendor:chat:model" with a vendor Switchyard has a preset
/// for, tests (inline, or a CSV file they name) with vars and assert, and
/// defaultTest's assertions. Assertions map by meaning: icontains is contains
/// with ignore_case, llm-rubric is judge (its provider the judge), cost and
/// latency are max-cost and max-latency, is-json with a value is json-schema.
/// Everything else (JavaScript and Python assertions, similarity, file://
/// prompts, provider options Switchyard has no place for) is listed in the
/// notes, each naming where it was, and left out — never guessed at.
class PromptfooImport final
{
public:
    struct Result {
        QByteArray suiteYaml; // reads back with SuiteReader
        QStringList notes;    // what did not map, one line each
    };
    /// name: the suite's name when the config has no description.
    [[nodiscard]] static std::expected<Result, Routing::ConfigErrors> convert(const QByteArray &text,
                                                                             const QString &name);
};

} // namespace Switchyard::Eval
