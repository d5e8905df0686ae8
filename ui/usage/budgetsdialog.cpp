#include "usage/budgetsdialog.h"

#include "base/units.h"
#include "usage/usagedatabase.h"
#include "usage/usageformat.h"
#include "usage/usagestore.h"
#include "widgets/statuscolors.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QToolButton>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Switchyard::UsageUi {
namespace {

enum Column { NameColumn, LimitColumn, ActionColumn, RouteColumn, SpentColumn, RemoveColumn };

QString scopeName(const QString &scope)
{
    return scope.isEmpty() ? QObject::tr("Monthly total") : scope;
}

struct Loaded {
    QList<Usage::BudgetStatus> statuses;
    QString error;
};

} // namespace

BudgetsDialog::BudgetsDialog(Usage::UsageStore *store, const QStringList &providers, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_grid(new QGridLayout)
    , m_newProvider(new QComboBox(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"budgetsDialog"_s);
    setWindowTitle(tr("Budgets"));
    auto *intro = new QLabel(tr("A month's spend is counted from the 1st, from the calls whose cost is known. At 80% "
                                "of a budget Switchyard warns; at 100% it blocks the calls the budget covers, or "
                                "switches them to a route of your routing config. Compare panes always ask for "
                                "the model you picked, so a route switch stops them too."),
                             this);
    intro->setWordWrap(true);

    const QStringList headers{QString(), tr("Limit per month"), tr("At 100%"), tr("Route"), tr("Spent this month")};
    for (qsizetype i = 0; i < headers.size(); ++i) {
        auto *label = new QLabel(headers.at(i), this);
        label->setForegroundRole(QPalette::PlaceholderText);
        m_grid->addWidget(label, 0, int(i), i == SpentColumn ? Qt::AlignRight : Qt::AlignLeft);
    }
    m_grid->setHorizontalSpacing(12);
    m_grid->setVerticalSpacing(8);
    m_grid->setColumnStretch(RouteColumn, 1);
    addRow(QString());

    m_newProvider->setObjectName(u"newProvider"_s);
    m_newProvider->setEditable(true);
    m_newProvider->setAccessibleName(tr("Provider"));
    m_newProvider->addItems(providers);
    m_newProvider->setCurrentIndex(-1);
    m_newProvider->lineEdit()->setPlaceholderText(tr("provider id"));
    auto *add = new QPushButton(tr("Add Provider Limit"), this);
    add->setObjectName(u"addProviderLimit"_s);
    connect(add, &QPushButton::clicked, this, [this] {
        addProviderLimit(m_newProvider->currentText().trimmed());
        m_newProvider->setCurrentIndex(-1);
        m_newProvider->clearEditText();
    });
    connect(m_newProvider->lineEdit(), &QLineEdit::returnPressed, add, &QPushButton::click);
    auto *addRowLayout = new QHBoxLayout;
    addRowLayout->addWidget(new QLabel(tr("Limit a provider:"), this));
    addRowLayout->addWidget(m_newProvider, 1);
    addRowLayout->addWidget(add);

    m_problem->setObjectName(u"budgetProblem"_s);
    m_problem->setWordWrap(true);
    QPalette warning = m_problem->palette();
    warning.setColor(QPalette::WindowText, Widgets::StatusColors::error(palette()));
    m_problem->setPalette(warning);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &BudgetsDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    layout->addWidget(intro);
    layout->addLayout(m_grid);
    layout->addLayout(addRowLayout);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    resize(760, 360);
    updateState();

    const QDate today = QDate::currentDate();
    m_store->query<Loaded>(
        this,
        [today](Usage::UsageDatabase *db) -> Loaded {
            if (!db)
                return {.error = tr("The usage database is not available, so budgets cannot be read or kept.")};
            auto statuses = db->budgetStatus(today);
            if (!statuses)
                return {.error = statuses.error().message};
            return {.statuses = *statuses};
        },
        [this](Loaded loaded) {
            m_loading = false;
            if (!loaded.error.isEmpty()) {
                m_problem->setText(loaded.error);
                m_buttons->button(QDialogButtonBox::Save)->setEnabled(false);
                return;
            }
            setStatuses(loaded.statuses);
            m_rows.first().name->setFocus();
            Q_EMIT this->loaded();
        });
}

BudgetsDialog::~BudgetsDialog() = default;

BudgetsDialog::Row &BudgetsDialog::addRow(const QString &scope)
{
    Row row{.scope = scope};
    if (scope.isEmpty()) {
        auto *check = new QCheckBox(scopeName(scope), this);
        check->setObjectName(u"totalBudget"_s);
        connect(check, &QCheckBox::toggled, this, &BudgetsDialog::updateState);
        row.name = check;
    } else {
        row.name = new QLabel(scope, this);
        row.remove = new QToolButton(this);
        row.remove->setIcon(QIcon::fromTheme(u"list-remove"_s));
        row.remove->setText(tr("Remove"));
        row.remove->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        row.remove->setToolTip(tr("Remove the limit for %1").arg(scope));
        connect(row.remove, &QToolButton::clicked, this, [this, scope] { removeRow(scope); });
    }
    const QString key = scope.isEmpty() ? u"total"_s : scope;
    row.limit = new QDoubleSpinBox(this);
    row.limit->setObjectName(u"limit:"_s + key);
    row.limit->setAccessibleName(tr("Limit for %1").arg(scopeName(scope)));
    row.limit->setPrefix(u"$"_s);
    row.limit->setDecimals(2);
    row.limit->setRange(0.01, 1'000'000);
    row.limit->setValue(scope.isEmpty() ? 50 : 20);
    row.limit->setAlignment(Qt::AlignRight);
    row.action = new QComboBox(this);
    row.action->setObjectName(u"action:"_s + key);
    row.action->setAccessibleName(tr("What happens at 100% for %1").arg(scopeName(scope)));
    row.action->addItem(tr("Block calls"), int(Usage::Budget::Action::Block));
    row.action->addItem(tr("Switch to a route"), int(Usage::Budget::Action::Reroute));
    row.route = new QLineEdit(this);
    row.route->setObjectName(u"route:"_s + key);
    row.route->setAccessibleName(tr("Route for %1").arg(scopeName(scope)));
    row.route->setPlaceholderText(tr("route name"));
    row.spent = new QLabel(u"–"_s, this);
    row.spent->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    connect(row.action, &QComboBox::currentIndexChanged, this, &BudgetsDialog::updateState);
    connect(row.route, &QLineEdit::textChanged, this, &BudgetsDialog::updateState);

    const int line = m_grid->rowCount();
    m_grid->addWidget(row.name, line, NameColumn);
    m_grid->addWidget(row.limit, line, LimitColumn);
    m_grid->addWidget(row.action, line, ActionColumn);
    m_grid->addWidget(row.route, line, RouteColumn);
    m_grid->addWidget(row.spent, line, SpentColumn);
    if (row.remove)
        m_grid->addWidget(row.remove, line, RemoveColumn);
    m_rows.append(row);
    updateState();
    return m_rows.last();
}

void BudgetsDialog::removeRow(const QString &scope)
{
    for (qsizetype i = 1; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        if (row.scope != scope)
            continue;
        for (QWidget *widget : {row.name, static_cast<QWidget *>(row.limit), static_cast<QWidget *>(row.action),
                                static_cast<QWidget *>(row.route), static_cast<QWidget *>(row.spent),
                                static_cast<QWidget *>(row.remove)}) {
            widget->hide();
            widget->deleteLater();
        }
        m_rows.removeAt(i);
        break;
    }
    updateState();
}

void BudgetsDialog::setRow(Row &row, const Usage::BudgetStatus &status)
{
    if (auto *check = qobject_cast<QCheckBox *>(row.name))
        check->setChecked(true);
    row.limit->setValue(double(status.budget.limitNanoUsd) / 1e9);
    row.action->setCurrentIndex(row.action->findData(int(status.budget.action)));
    row.route->setText(status.budget.rerouteTo);
    row.spent->setText(u"%1 (%2)"_s.arg(Base::Units::usd(status.spentNanoUsd), UsageFormat::percent(status.fraction())));
    QPalette colors = palette();
    if (status.level() == Usage::BudgetStatus::Level::Reached)
        colors.setColor(QPalette::WindowText, Widgets::StatusColors::error(palette()));
    else if (status.level() == Usage::BudgetStatus::Level::Warning)
        colors.setColor(QPalette::WindowText, Widgets::StatusColors::warning(palette()));
    row.spent->setPalette(colors);
}

void BudgetsDialog::setStatuses(const QList<Usage::BudgetStatus> &statuses)
{
    while (m_rows.size() > 1)
        removeRow(m_rows.last().scope);
    qobject_cast<QCheckBox *>(m_rows.first().name)->setChecked(false);
    m_stored.clear();
    for (const Usage::BudgetStatus &status : statuses) {
        // This dialog keeps the monthly budgets of everyone and of providers;
        // a gateway key's (and a shorter period's) are its Keys dialog's.
        if (!status.budget.key.isEmpty() || status.budget.period != Usage::Budget::Period::Month)
            continue;
        m_stored.append(status.budget.scope);
        setRow(status.budget.isTotal() ? m_rows.first() : addRow(status.budget.scope), status);
    }
    updateState();
}

void BudgetsDialog::addProviderLimit(const QString &provider)
{
    if (provider.isEmpty())
        return;
    for (const Row &row : std::as_const(m_rows)) {
        if (row.scope == provider) {
            row.limit->setFocus();
            return;
        }
    }
    addRow(provider).limit->setFocus();
}

bool BudgetsDialog::isActive(const Row &row) const
{
    const auto *check = qobject_cast<const QCheckBox *>(row.name);
    return !check || check->isChecked();
}

QList<Usage::Budget> BudgetsDialog::budgets() const
{
    QList<Usage::Budget> list;
    for (const Row &row : m_rows) {
        if (!isActive(row))
            continue;
        const auto action = Usage::Budget::Action(row.action->currentData().toInt());
        list.append({.scope = row.scope,
                     .limitNanoUsd = std::llround(row.limit->value() * 1e9),
                     .action = action,
                     .rerouteTo = action == Usage::Budget::Action::Reroute ? row.route->text().trimmed() : QString()});
    }
    return list;
}

QString BudgetsDialog::problem() const
{
    for (const Row &row : m_rows) {
        if (isActive(row) && Usage::Budget::Action(row.action->currentData().toInt()) == Usage::Budget::Action::Reroute
            && row.route->text().trimmed().isEmpty())
            return tr("Name the route that %1 switches to at 100%.").arg(scopeName(row.scope));
    }
    return {};
}

void BudgetsDialog::updateState()
{
    for (const Row &row : std::as_const(m_rows)) {
        const bool active = isActive(row);
        row.limit->setEnabled(active);
        row.action->setEnabled(active);
        row.route->setEnabled(active
                              && Usage::Budget::Action(row.action->currentData().toInt())
                                  == Usage::Budget::Action::Reroute);
    }
    const QString why = problem();
    m_problem->setText(why);
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(!m_loading && !m_saving && why.isEmpty());
}

void BudgetsDialog::save()
{
    if (m_loading || m_saving || !problem().isEmpty())
        return;
    const QList<Usage::Budget> list = budgets();
    QStringList removed = m_stored;
    for (const Usage::Budget &budget : list)
        removed.removeAll(budget.scope);
    m_saving = true;
    updateState();
    m_store->query<QString>(
        this,
        [list, removed](Usage::UsageDatabase *db) -> QString {
            if (!db)
                return tr("The usage database is not available, so budgets cannot be kept.");
            for (const QString &scope : removed) {
                if (auto done = db->removeBudget({.scope = scope}); !done)
                    return done.error().message;
            }
            for (const Usage::Budget &budget : list) {
                if (auto done = db->setBudget(budget); !done)
                    return done.error().message;
            }
            return {};
        },
        [this](QString error) {
            m_saving = false;
            if (!error.isEmpty()) {
                updateState();
                m_problem->setText(tr("The budgets could not be saved: %1").arg(error));
                return;
            }
            Q_EMIT saved();
            accept();
        });
}

} // namespace Switchyard::UsageUi
