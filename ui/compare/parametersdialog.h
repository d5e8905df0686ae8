#pragma once

#include "compare/conversation.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QPlainTextEdit;
class QSpinBox;

namespace Switchyard::CompareUi {

/// Per-pane settings: either the page's shared system prompt and parameters,
/// or this pane's own.
class ParametersDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ParametersDialog)

public:
    ParametersDialog(const QString &model, const std::optional<Compare::Parameters> &current, QWidget *parent = nullptr);

    /// nullopt: use the shared settings.
    [[nodiscard]] std::optional<Compare::Parameters> parameters() const;

private:
    QCheckBox *m_own = nullptr;
    QPlainTextEdit *m_system = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QComboBox *m_reasoning = nullptr;
};

} // namespace Switchyard::CompareUi
