#include "providers/priceoverridedialog.h"

#include "catalog/pricecatalog.h"

#include <QBoxLayout>
#include <QDialogButtonBox>
#include <QLocale>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace Switchyard::ProvidersUi {
namespace {

QString usdText(const std::optional<qint64> &amount)
{
    return amount ? QLocale::c().toString(Catalog::Price::toUsdPerMillion(*amount), 'g', 10) : QString();
}

// Empty is unknown; anything else must be a usable price.
std::optional<std::optional<qint64>> amountOf(const QLineEdit *edit)
{
    const QString text = edit->text().trimmed();
    if (text.isEmpty())
        return std::optional<qint64>();
    bool ok = false;
    const double usd = QLocale::c().toDouble(QString(text).replace(u',', u'.'), &ok);
    if (!ok)
        return std::nullopt;
    const auto amount = Catalog::Price::fromUsdPerMillion(usd);
    if (!amount)
        return std::nullopt;
    return std::optional<qint64>(amount);
}

} // namespace

PriceOverrideDialog::PriceOverrideDialog(Catalog::PriceCatalog *catalog, const QString &providerId,
                                         const QString &modelId, QWidget *parent)
    : QDialog(parent)
    , m_catalog(catalog)
    , m_providerId(providerId)
    , m_modelId(modelId)
{
    setObjectName(u"priceOverrideDialog"_s);
    setWindowTitle(tr("Price of %1/%2").arg(providerId, modelId));
    const auto current = catalog->find(providerId, modelId);

    const auto field = [this](const QString &name, const std::optional<qint64> &amount) {
        auto *edit = new QLineEdit(this);
        edit->setObjectName(name);
        edit->setText(amount ? usdText(amount) : QString());
        edit->setPlaceholderText(tr("unknown"));
        edit->setAlignment(Qt::AlignRight);
        connect(edit, &QLineEdit::textChanged, this, &PriceOverrideDialog::validate);
        return edit;
    };
    m_input = field(u"input"_s, current ? current->price.input : std::nullopt);
    m_output = field(u"output"_s, current ? current->price.output : std::nullopt);
    m_cached = field(u"cached"_s, current ? current->price.cachedInput : std::nullopt);
    m_reasoning = field(u"reasoning"_s, current ? current->price.reasoning : std::nullopt);

    auto *intro = new QLabel(
        current ? tr("In US dollars per million tokens. Your price replaces the catalog's for this model; it is kept "
                     "in price-overrides.json in the data folder.")
                : tr("The catalog has no price for this model. In US dollars per million tokens; it is kept in "
                     "price-overrides.json in the data folder."),
        this);
    intro->setWordWrap(true);
    m_problem = new QLabel(this);
    m_problem->setObjectName(u"problem"_s);
    m_problem->setWordWrap(true);
    m_problem->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_remove = m_buttons->addButton(tr("Remove Override"), QDialogButtonBox::DestructiveRole);
    m_remove->setObjectName(u"removeOverride"_s);
    m_remove->setVisible(current && current->priceSource == Catalog::PriceSource::Override);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PriceOverrideDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_remove, &QPushButton::clicked, this, &PriceOverrideDialog::removeOverride);

    auto *form = new QFormLayout;
    // Each field says its unit beside it, not only the text above.
    const auto withUnit = [this](QLineEdit *edit) {
        auto *row = new QHBoxLayout;
        row->addWidget(new QLabel(u"$"_s, this));
        row->addWidget(edit, 1);
        row->addWidget(new QLabel(tr("per million tokens"), this));
        return row;
    };
    form->addRow(tr("Input:"), withUnit(m_input));
    form->addRow(tr("Output:"), withUnit(m_output));
    form->addRow(tr("Cached input:"), withUnit(m_cached));
    form->addRow(tr("Reasoning (if billed apart):"), withUnit(m_reasoning));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    setMinimumWidth(420);
    validate();
}

PriceOverrideDialog::~PriceOverrideDialog() = default;

Catalog::Price PriceOverrideDialog::price() const
{
    return {.input = amountOf(m_input).value_or(std::nullopt), .output = amountOf(m_output).value_or(std::nullopt),
            .cachedInput = amountOf(m_cached).value_or(std::nullopt),
            .reasoning = amountOf(m_reasoning).value_or(std::nullopt)};
}

void PriceOverrideDialog::validate()
{
    QString problem;
    for (const QLineEdit *edit : {m_input, m_output, m_cached, m_reasoning}) {
        if (!amountOf(edit))
            problem = tr("“%1” is not a price: write dollars per million tokens, such as 0.15.").arg(edit->text());
    }
    if (problem.isEmpty() && (m_input->text().trimmed().isEmpty() || m_output->text().trimmed().isEmpty()))
        problem = tr("Input and output prices are needed.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(problem.isEmpty());
}

void PriceOverrideDialog::save()
{
    if (const auto saved = m_catalog->setOverride(m_providerId, m_modelId, price()); !saved) {
        m_problem->setText(tr("Not saved: %1").arg(saved.error().message));
        m_problem->show();
        return;
    }
    accept();
}

void PriceOverrideDialog::removeOverride()
{
    if (const auto removed = m_catalog->removeOverride(m_providerId, m_modelId); !removed) {
        m_problem->setText(tr("Not removed: %1").arg(removed.error().message));
        m_problem->show();
        return;
    }
    accept();
}

} // namespace Switchyard::ProvidersUi
