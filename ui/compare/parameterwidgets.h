#pragma once

#include "compare/conversation.h"

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;
class QWidget;

namespace Switchyard::CompareUi::ParameterWidgets {

/// The editors for a comparison's parameters, the same on the page's bar and
/// in a pane's own settings: "default" everywhere means the provider's default.
[[nodiscard]] QDoubleSpinBox *temperature(QWidget *parent);
[[nodiscard]] QSpinBox *maxTokens(QWidget *parent);
[[nodiscard]] QComboBox *reasoningEffort(QWidget *parent);

/// Parameters from the editors' values, with the given system prompt.
[[nodiscard]] Compare::Parameters read(const QString &systemPrompt, const QDoubleSpinBox *temperature,
                                       const QSpinBox *maxTokens, const QComboBox *reasoning);
/// Puts parameters into the editors.
void show(const Compare::Parameters &parameters, QDoubleSpinBox *temperature, QSpinBox *maxTokens,
          QComboBox *reasoning);

} // namespace Switchyard::CompareUi::ParameterWidgets
