#include "gateway/keyform.h"

#include "widgets/statuscolors.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QRegularExpression>
#include <QSpinBox>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Switchyard::GatewayUi {
namespace {

QString periodLabel(Usage::Budget::Period period)
{
    switch (period) {
    case Usage::Budget::Period::Day:
        return KeyForm::tr("Per day");
    case Usage::Budget::Period::Week:
        return KeyForm::tr("Per week");
    case Usage::Budget::Period::Month:
        break;
    }
    return KeyForm::tr("Per month");
}

QStringList splitList(const QString &text)
{
    QStringList items;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        const QString item = part.trimmed();
        if (!item.isEmpty() && !items.contains(item))
            items.append(item);
    }
    return items;
}

QSpinBox *rateBox(const QString &objectName, const QString &suffix, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(objectName);
    box->setRange(0, 1'000'000'000);
    box->setGroupSeparatorShown(true);
    box->setSpecialValueText(KeyForm::tr("no limit"));
    box->setSuffix(suffix);
    box->setAlignment(Qt::AlignRight);
    box->setMinimumWidth(150);
    return box;
}

} // namespace

KeyForm::KeyForm(QWidget *parent)
    : QWidget(parent)
    , m_name(new QLineEdit(this))
    , m_nameNote(new QLabel(this))
    , m_routeChecks(new QListWidget(this))
    , m_routesText(new QLineEdit(this))
    , m_routesNote(new QLabel(this))
    , m_models(new QLineEdit(this))
    , m_rpm(rateBox(u"keyRequestsPerMinute"_s, tr(" req/min"), this))
    , m_tpm(rateBox(u"keyTokensPerMinute"_s, tr(" tok/min"), this))
{
    setObjectName(u"keyForm"_s);
    m_name->setObjectName(u"keyName"_s);
    m_name->setPlaceholderText(tr("claude-code, codex, scripts…"));
    m_nameNote->setObjectName(u"keyNameProblem"_s);
    m_nameNote->setWordWrap(true);
    QPalette error = m_nameNote->palette();
    error.setColor(QPalette::WindowText, Widgets::StatusColors::error(palette()));
    m_nameNote->setPalette(error);
    m_nameNote->hide();

    m_routeChecks->setObjectName(u"keyRouteChecks"_s);
    m_routeChecks->setAccessibleName(tr("Routes it may use"));
    m_routeChecks->setMaximumHeight(fontMetrics().height() * 6);
    m_routesText->setObjectName(u"keyRoutesText"_s);
    m_routesText->setAccessibleName(tr("Routes it may use"));
    m_routesText->setPlaceholderText(tr("any route (or: main, cheap)"));
    m_routesNote->setObjectName(u"keyRoutesNote"_s);
    m_routesNote->setWordWrap(true);
    m_routesNote->setForegroundRole(QPalette::PlaceholderText);
    m_models->setObjectName(u"keyModels"_s);
    m_models->setAccessibleName(tr("Models it may send to"));
    m_models->setPlaceholderText(tr("any model (or: openai/*, anthropic/claude-*)"));
    m_models->setToolTip(
        tr("provider/model patterns, separated by commas; * stands for any run of characters"));

    auto *routes = new QVBoxLayout;
    routes->setSpacing(4);
    routes->addWidget(m_routeChecks);
    routes->addWidget(m_routesText);
    routes->addWidget(m_routesNote);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(QString(), m_nameNote);
    form->addRow(tr("Routes:"), routes); // no mnemonic: a list or a field, by the config
    form->addRow(tr("&Models:"), m_models);
    form->addRow(tr("Re&quests:"), m_rpm);
    form->addRow(tr("&Tokens:"), m_tpm);

    auto *budgetBox = new QGroupBox(tr("Budgets of this key"), this);
    auto *grid = new QGridLayout(budgetBox);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(8);
    for (size_t i = 0; i < Periods.size(); ++i) {
        const Usage::Budget::Period period = Periods.at(i);
        const QString name = Usage::periodName(period);
        BudgetRow &row = m_budgets.at(i);
        row.on = new QCheckBox(periodLabel(period), budgetBox);
        row.on->setObjectName(u"budgetOn:"_s + name);
        row.limit = new QDoubleSpinBox(budgetBox);
        row.limit->setObjectName(u"budgetLimit:"_s + name);
        row.limit->setAccessibleName(tr("Limit %1").arg(periodLabel(period).toLower()));
        row.limit->setPrefix(u"$"_s);
        row.limit->setDecimals(2);
        row.limit->setRange(0.01, 1'000'000);
        row.limit->setValue(period == Usage::Budget::Period::Month      ? 50
                                : period == Usage::Budget::Period::Week ? 15
                                                                        : 5);
        row.limit->setAlignment(Qt::AlignRight);
        row.action = new QComboBox(budgetBox);
        row.action->setObjectName(u"budgetAction:"_s + name);
        row.action->setAccessibleName(tr("At 100% %1").arg(periodLabel(period).toLower()));
        row.action->addItem(tr("Block its calls"), int(Usage::Budget::Action::Block));
        row.action->addItem(tr("Switch to a route"), int(Usage::Budget::Action::Reroute));
        row.route = new QComboBox(budgetBox);
        row.route->setObjectName(u"budgetRoute:"_s + name);
        row.route->setAccessibleName(tr("Route to switch to %1").arg(periodLabel(period).toLower()));
        row.route->setEditable(true);
        row.route->setInsertPolicy(QComboBox::NoInsert);
        row.route->lineEdit()->setPlaceholderText(tr("route name"));
        row.route->setMinimumWidth(120);
        grid->addWidget(row.on, int(i), 0);
        grid->addWidget(row.limit, int(i), 1);
        grid->addWidget(row.action, int(i), 2);
        grid->addWidget(row.route, int(i), 3);
        connect(row.on, &QCheckBox::toggled, this, &KeyForm::updateState);
        connect(row.limit, &QDoubleSpinBox::valueChanged, this, &KeyForm::updateState);
        connect(row.action, &QComboBox::currentIndexChanged, this, &KeyForm::updateState);
        connect(row.route, &QComboBox::currentTextChanged, this, &KeyForm::updateState);
    }
    grid->setColumnStretch(3, 1);
    auto *budgetNote = new QLabel(
        tr("Only this key's calls count against them, and only they are stopped at 100%."), budgetBox);
    budgetNote->setWordWrap(true);
    budgetNote->setForegroundRole(QPalette::PlaceholderText);
    grid->addWidget(budgetNote, int(Periods.size()), 0, 1, 4);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(16);
    layout->addLayout(form, 1);
    auto *right = new QVBoxLayout;
    right->addWidget(budgetBox);
    right->addStretch(1);
    layout->addLayout(right, 1);

    connect(m_name, &QLineEdit::textChanged, this, &KeyForm::updateState);
    connect(m_routeChecks, &QListWidget::itemChanged, this, &KeyForm::updateState);
    connect(m_routesText, &QLineEdit::textChanged, this, &KeyForm::updateState);
    connect(m_models, &QLineEdit::textChanged, this, &KeyForm::updateState);
    connect(m_rpm, &QSpinBox::valueChanged, this, &KeyForm::updateState);
    connect(m_tpm, &QSpinBox::valueChanged, this, &KeyForm::updateState);
    setRoutes({});
}

KeyForm::~KeyForm() = default;

void KeyForm::setRoutes(const QStringList &routes)
{
    const QStringList chosen = routeList();
    m_routes = routes;
    m_routeChecks->clear();
    for (const QString &route : routes) {
        auto *item = new QListWidgetItem(route, m_routeChecks);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_routeChecks->setVisible(!routes.isEmpty());
    m_routesText->setVisible(routes.isEmpty());
    m_routesNote->setText(
        routes.isEmpty() ? tr("No routing config is active: type the routes' names, separated by commas; "
                              "empty for any route.")
                         : tr("None ticked: any route."));
    for (BudgetRow &row : m_budgets) {
        const QString text = row.route->currentText();
        row.route->clear();
        row.route->addItems(routes);
        row.route->setEditText(text);
    }
    checkRoutes(chosen);
}

void KeyForm::setTakenNames(const QStringList &names)
{
    m_taken = names;
    updateState();
}

void KeyForm::startNew()
{
    m_new = true;
    m_name->setReadOnly(false);
    m_name->clear();
    m_name->setToolTip(tr("Letters, digits, '-', '_' and '.'; the usage log names its calls by it"));
    checkRoutes({});
    m_routesText->clear();
    m_models->clear();
    setRates(0, 0);
    for (const Usage::Budget::Period period : Periods)
        setBudget(period, std::nullopt);
    updateState();
}

void KeyForm::edit(const Gateway::ToolKey &key, const QList<Usage::Budget> &budgets)
{
    m_new = false;
    m_name->setText(key.name);
    m_name->setReadOnly(true);
    m_name->setToolTip(tr("A key's name cannot change: its calls in the usage log carry it"));
    checkRoutes(key.routes);
    m_routesText->setText(key.routes.join(", "_L1));
    m_models->setText(key.models.join(", "_L1));
    setRates(key.requestsPerMinute, int(std::min<qint64>(key.tokensPerMinute, m_tpm->maximum())));
    for (const Usage::Budget::Period period : Periods)
        setBudget(period, std::nullopt);
    for (const Usage::Budget &budget : budgets)
        setBudget(budget.period, double(budget.limitNanoUsd) / 1e9, budget.action, budget.rerouteTo);
    updateState();
}

void KeyForm::setName(const QString &name)
{
    m_name->setText(name);
}

void KeyForm::setModelsText(const QString &text)
{
    m_models->setText(text);
}

void KeyForm::setRoutesText(const QString &text)
{
    m_routesText->setText(text);
}

void KeyForm::checkRoutes(const QStringList &routes)
{
    for (int i = m_routeChecks->count() - 1; i >= 0; --i) {
        if (!m_routeChecks->item(i)->data(Qt::UserRole).toString().isEmpty())
            delete m_routeChecks->takeItem(i);
    }
    for (int i = 0; i < m_routeChecks->count(); ++i) {
        QListWidgetItem *item = m_routeChecks->item(i);
        item->setCheckState(routes.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
    }
    // A route the key names that the config no longer has is kept (typed),
    // not silently dropped: the key would then allow any route.
    if (!m_routes.isEmpty()) {
        QStringList missing;
        for (const QString &route : routes) {
            if (!m_routes.contains(route))
                missing.append(route);
        }
        for (const QString &route : std::as_const(missing)) {
            auto *item = new QListWidgetItem(tr("%1 (not in the active config)").arg(route), m_routeChecks);
            item->setData(Qt::UserRole, route);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Checked);
        }
    }
}

void KeyForm::setRates(int requestsPerMinute, int tokensPerMinute)
{
    m_rpm->setValue(requestsPerMinute);
    m_tpm->setValue(tokensPerMinute);
}

void KeyForm::setBudget(Usage::Budget::Period period, std::optional<double> usd, Usage::Budget::Action action,
                        const QString &route)
{
    for (size_t i = 0; i < Periods.size(); ++i) {
        if (Periods.at(i) != period)
            continue;
        BudgetRow &row = m_budgets.at(i);
        row.on->setChecked(usd.has_value());
        if (usd)
            row.limit->setValue(*usd);
        row.action->setCurrentIndex(row.action->findData(int(action)));
        row.route->setEditText(route);
    }
    updateState();
}

void KeyForm::focusFirstField()
{
    if (m_new)
        m_name->setFocus();
    else if (!m_routes.isEmpty())
        m_routeChecks->setFocus();
    else
        m_routesText->setFocus();
}

QStringList KeyForm::routeList() const
{
    if (m_routes.isEmpty())
        return splitList(m_routesText->text());
    QStringList routes;
    for (int i = 0; i < m_routeChecks->count(); ++i) {
        const QListWidgetItem *item = m_routeChecks->item(i);
        if (item->checkState() != Qt::Checked)
            continue;
        const QString kept = item->data(Qt::UserRole).toString();
        routes.append(kept.isEmpty() ? item->text() : kept);
    }
    return routes;
}

QStringList KeyForm::modelList() const
{
    return splitList(m_models->text());
}

Gateway::ToolKey KeyForm::key() const
{
    return {.name = m_name->text().trimmed(),
            .routes = routeList(),
            .models = modelList(),
            .requestsPerMinute = m_rpm->value(),
            .tokensPerMinute = m_tpm->value()};
}

QList<Usage::Budget> KeyForm::budgets() const
{
    QList<Usage::Budget> list;
    const QString name = m_name->text().trimmed();
    for (size_t i = 0; i < Periods.size(); ++i) {
        const BudgetRow &row = m_budgets.at(i);
        if (!row.on->isChecked())
            continue;
        const auto action = Usage::Budget::Action(row.action->currentData().toInt());
        list.append({.key = name,
                     .period = Periods.at(i),
                     .limitNanoUsd = std::llround(row.limit->value() * 1e9),
                     .action = action,
                     .rerouteTo = action == Usage::Budget::Action::Reroute
                         ? row.route->currentText().trimmed()
                         : QString()});
    }
    return list;
}

QString KeyForm::nameProblem() const
{
    const QString name = m_name->text().trimmed();
    if (!m_new)
        return {};
    if (name.isEmpty())
        return tr("Name the key after the tool that will use it.");
    if (const auto problem = Gateway::ToolKey::nameProblem(name))
        return *problem;
    if (m_taken.contains(name))
        return tr("There is already a key named “%1”.").arg(name);
    return {};
}

QString KeyForm::problem() const
{
    if (const QString why = nameProblem(); !why.isEmpty())
        return why;
    for (const QString &model : modelList()) {
        if (!model.contains(u'/') && model != u"*"_s)
            return tr("A model pattern is provider/model, with * for any run of characters (openai/*), "
                      "not “%1”.")
                .arg(model);
    }
    for (const QString &route : routeList()) {
        if (route.contains(QRegularExpression(u"\\s"_s)))
            return tr("A route's name has no spaces: “%1”.").arg(route);
    }
    for (size_t i = 0; i < Periods.size(); ++i) {
        const BudgetRow &row = m_budgets.at(i);
        if (row.on->isChecked()
            && Usage::Budget::Action(row.action->currentData().toInt()) == Usage::Budget::Action::Reroute
            && row.route->currentText().trimmed().isEmpty())
            return tr("Name the route the budget %1 switches to at 100%.")
                .arg(periodLabel(Periods.at(i)).toLower());
    }
    return {};
}

void KeyForm::updateState()
{
    for (BudgetRow &row : m_budgets) {
        const bool on = row.on->isChecked();
        row.limit->setEnabled(on);
        row.action->setEnabled(on);
        row.route->setEnabled(
            on && Usage::Budget::Action(row.action->currentData().toInt()) == Usage::Budget::Action::Reroute);
    }
    // An empty new name is not yet an error worth red text.
    const QString why = m_name->text().trimmed().isEmpty() ? QString() : nameProblem();
    m_nameNote->setText(why);
    m_nameNote->setVisible(!why.isEmpty());
    Q_EMIT changed();
}

} // namespace Switchyard::GatewayUi
