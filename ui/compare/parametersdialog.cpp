#include "compare/parametersdialog.h"

#include "compare/parameterwidgets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QPlainTextEdit>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace Switchyard::CompareUi {

ParametersDialog::ParametersDialog(const QString &model, const std::optional<Compare::Parameters> &current,
                                   QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Settings for %1").arg(model));
    m_own = new QCheckBox(tr("Use settings of its own for this pane"), this);
    m_own->setObjectName(u"ownSettings"_s);
    m_system = new QPlainTextEdit(this);
    m_system->setObjectName(u"paneSystemPrompt"_s);
    m_system->setPlaceholderText(tr("System prompt (optional)"));
    m_system->setTabChangesFocus(true);
    m_temperature = ParameterWidgets::temperature(this);
    m_maxTokens = ParameterWidgets::maxTokens(this);
    m_reasoning = ParameterWidgets::reasoningEffort(this);

    m_own->setChecked(current.has_value());
    m_system->setPlainText(current.value_or(Compare::Parameters{}).systemPrompt);
    ParameterWidgets::show(current.value_or(Compare::Parameters{}), m_temperature, m_maxTokens, m_reasoning);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout(this);
    form->addRow(m_own);
    form->addRow(tr("System prompt"), m_system);
    form->addRow(tr("Temperature"), m_temperature);
    form->addRow(tr("Max tokens"), m_maxTokens);
    form->addRow(tr("Reasoning effort"), m_reasoning);
    form->addRow(buttons);

    auto enable = [this](bool on) {
        for (QWidget *w : std::initializer_list<QWidget *>{m_system, m_temperature, m_maxTokens, m_reasoning})
            w->setEnabled(on);
    };
    connect(m_own, &QCheckBox::toggled, this, enable);
    enable(m_own->isChecked());
}

std::optional<Compare::Parameters> ParametersDialog::parameters() const
{
    if (!m_own->isChecked())
        return std::nullopt;
    return ParameterWidgets::read(m_system->toPlainText(), m_temperature, m_maxTokens, m_reasoning);
}

} // namespace Switchyard::CompareUi
