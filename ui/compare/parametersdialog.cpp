#include "compare/parametersdialog.h"

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
    m_temperature = new QDoubleSpinBox(this);
    m_temperature->setRange(-0.1, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(1);
    m_temperature->setSpecialValueText(tr("default"));
    m_maxTokens = new QSpinBox(this);
    m_maxTokens->setRange(0, 1'000'000);
    m_maxTokens->setSingleStep(256);
    m_maxTokens->setSpecialValueText(tr("default"));
    m_reasoning = new QComboBox(this);
    m_reasoning->addItem(tr("default"), QString());
    m_reasoning->addItem(tr("low"), u"low"_s);
    m_reasoning->addItem(tr("medium"), u"medium"_s);
    m_reasoning->addItem(tr("high"), u"high"_s);

    const Compare::Parameters p = current.value_or(Compare::Parameters{});
    m_own->setChecked(current.has_value());
    m_system->setPlainText(p.systemPrompt);
    m_temperature->setValue(p.temperature.value_or(-0.1));
    m_maxTokens->setValue(p.maxTokens.value_or(0));
    m_reasoning->setCurrentIndex(std::max(0, m_reasoning->findData(p.reasoningEffort)));

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
    Compare::Parameters p;
    p.systemPrompt = m_system->toPlainText().trimmed();
    if (m_temperature->value() >= 0)
        p.temperature = m_temperature->value();
    if (m_maxTokens->value() > 0)
        p.maxTokens = m_maxTokens->value();
    p.reasoningEffort = m_reasoning->currentData().toString();
    return p;
}

} // namespace Switchyard::CompareUi
