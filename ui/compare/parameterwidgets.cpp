#include "compare/parameterwidgets.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace Switchyard::CompareUi::ParameterWidgets {
namespace {
constexpr double NoTemperature = -0.1; // the spin box's "default"
}

QDoubleSpinBox *temperature(QWidget *parent)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setRange(NoTemperature, 2.0);
    box->setSingleStep(0.1);
    box->setDecimals(1);
    box->setSpecialValueText(QObject::tr("default"));
    box->setValue(NoTemperature);
    box->setAccessibleName(QObject::tr("Temperature"));
    return box;
}

QSpinBox *maxTokens(QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(0, 1'000'000);
    box->setSingleStep(256);
    box->setSpecialValueText(QObject::tr("default"));
    box->setAccessibleName(QObject::tr("Maximum tokens"));
    return box;
}

QComboBox *reasoningEffort(QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->addItem(QObject::tr("default"), QString());
    box->addItem(QObject::tr("low"), u"low"_s);
    box->addItem(QObject::tr("medium"), u"medium"_s);
    box->addItem(QObject::tr("high"), u"high"_s);
    box->setAccessibleName(QObject::tr("Reasoning effort"));
    box->setToolTip(QObject::tr("Reasoning effort where the API has one: reasoning_effort (OpenAI), a thinking "
                                "budget (Anthropic, Gemini), think (Ollama)"));
    return box;
}

Compare::Parameters read(const QString &systemPrompt, const QDoubleSpinBox *temperature, const QSpinBox *maxTokens,
                         const QComboBox *reasoning)
{
    Compare::Parameters p;
    p.systemPrompt = systemPrompt.trimmed();
    if (temperature->value() >= 0)
        p.temperature = temperature->value();
    if (maxTokens->value() > 0)
        p.maxTokens = maxTokens->value();
    p.reasoningEffort = reasoning->currentData().toString();
    return p;
}

void show(const Compare::Parameters &parameters, QDoubleSpinBox *temperature, QSpinBox *maxTokens, QComboBox *reasoning)
{
    temperature->setValue(parameters.temperature.value_or(NoTemperature));
    maxTokens->setValue(parameters.maxTokens.value_or(0));
    reasoning->setCurrentIndex(std::max(0, reasoning->findData(parameters.reasoningEffort)));
}

} // namespace Switchyard::CompareUi::ParameterWidgets
