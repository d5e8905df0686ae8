#pragma once

#include <QString>

#include <optional>

namespace Switchyard::Compare {

/// The settings shared by the panes of a comparison (or overridden per pane).
/// Apart from Conversation so that AppSettings, which keeps the ones a new
/// comparison starts with, needs nothing else of Compare.
struct Parameters {
    QString systemPrompt;
    std::optional<double> temperature;
    std::optional<int> maxTokens;
    QString reasoningEffort;
    bool operator==(const Parameters &) const = default;
};

} // namespace Switchyard::Compare
