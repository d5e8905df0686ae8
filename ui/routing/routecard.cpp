#include "routing/routecard.h"

#include "routing/fieldmark.h"
#include "routing/ruleeditor.h"
#include "widgets/statuscolors.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <array>
#include <cmath>
#include <type_traits>

using namespace Qt::StringLiterals;

namespace Switchyard::RoutingUi {
namespace {

enum Column { ProviderColumn, ModelColumn, WeightColumn, ParamsColumn, ColumnCount };

constexpr std::array strategies{Routing::Strategy::Fallback, Routing::Strategy::Cheapest, Routing::Strategy::Fastest,
                                Routing::Strategy::Weighted, Routing::Strategy::BestVoted, Routing::Strategy::BestRated};
constexpr std::array policies{Routing::DataPolicy::Any, Routing::DataPolicy::NoTraining,
                              Routing::DataPolicy::ZeroRetention};
constexpr std::array capabilities{Catalog::Capability::Tools, Catalog::Capability::Vision,
                                  Catalog::Capability::JsonMode, Catalog::Capability::Reasoning};

void showText(QLineEdit *field, const QString &text)
{
    if (field->text() == text || (field->hasFocus() && FieldMark::isMarked(field)))
        return;
    const QSignalBlocker block(field);
    field->setText(text);
    FieldMark::set(field, {});
}

/// Catalog prices are micro-dollars per million tokens; people type dollars.
QString dollars(std::optional<qint64> price)
{
    return price ? QString::number(double(*price) / 1e6, 'g', 10) : QString();
}

template<typename T>
bool readNumber(QLineEdit *field, std::optional<T> &out, const QString &hint, double scale = 1.0)
{
    const QString text = field->text().trimmed().remove(u'$').remove(u'_').remove(u',');
    if (text.isEmpty()) {
        FieldMark::set(field, {});
        out.reset();
        return true;
    }
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || value < 0) {
        FieldMark::set(field, hint);
        return false;
    }
    FieldMark::set(field, {});
    if constexpr (std::is_integral_v<T>)
        out = T(std::llround(value * scale));
    else
        out = value * scale;
    return true;
}

QString strategyLabel(Routing::Strategy strategy)
{
    switch (strategy) {
    case Routing::Strategy::Fallback:
        return RouteCard::tr("Fallback, in order");
    case Routing::Strategy::Cheapest:
        return RouteCard::tr("Cheapest first");
    case Routing::Strategy::Fastest:
        return RouteCard::tr("Fastest first");
    case Routing::Strategy::Weighted:
        return RouteCard::tr("Weighted split");
    case Routing::Strategy::BestVoted:
        return RouteCard::tr("Best voted first");
    case Routing::Strategy::BestRated:
        return RouteCard::tr("Best rated first");
    }
    return {};
}

} // namespace

RouteCard::RouteCard(QWidget *parent)
    : QFrame(parent)
    , m_name(new QLineEdit(this))
    , m_description(new QLineEdit(this))
    , m_strategy(new QComboBox(this))
    , m_targets(new QTableWidget(0, ColumnCount, this))
    , m_maxIn(new QLineEdit(this))
    , m_maxOut(new QLineEdit(this))
    , m_minContext(new QLineEdit(this))
    , m_maxP95(new QLineEdit(this))
    , m_allow(new QLineEdit(this))
    , m_deny(new QLineEdit(this))
    , m_data(new QComboBox(this))
{
    setObjectName(u"routeCard"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);

    QFont bold = m_name->font();
    bold.setBold(true);
    m_name->setFont(bold);
    m_name->setObjectName(u"routeName"_s);
    m_name->setAccessibleName(tr("Route name"));
    m_name->setPlaceholderText(tr("route name"));
    m_description->setPlaceholderText(tr("What this route is for (optional)"));
    m_description->setAccessibleName(tr("Route description"));
    m_strategy->setObjectName(u"routeStrategy"_s);
    m_strategy->setAccessibleName(tr("Strategy"));
    for (Routing::Strategy strategy : strategies)
        m_strategy->addItem(strategyLabel(strategy), Routing::strategyName(strategy));

    auto *duplicate = new QToolButton(this);
    duplicate->setIcon(QIcon::fromTheme(u"edit-copy"_s));
    duplicate->setToolTip(tr("Duplicate this route"));
    duplicate->setAccessibleName(tr("Duplicate route"));
    duplicate->setText(tr("Duplicate"));
    // Words beside the icon: themes without these icons still show the buttons.
    duplicate->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    duplicate->setAutoRaise(true);
    connect(duplicate, &QToolButton::clicked, this, &RouteCard::duplicateRequested);
    auto *remove = new QToolButton(this);
    remove->setIcon(QIcon::fromTheme(u"edit-delete"_s));
    remove->setToolTip(tr("Remove this route"));
    remove->setAccessibleName(tr("Remove route"));
    remove->setText(tr("Remove"));
    remove->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    remove->setAutoRaise(true);
    connect(remove, &QToolButton::clicked, this, &RouteCard::removeRequested);

    auto *header = new QHBoxLayout;
    header->addWidget(m_name, 2);
    header->addWidget(m_strategy, 1);
    header->addWidget(duplicate);
    header->addWidget(remove);

    m_targets->setObjectName(u"routeTargets"_s);
    m_targets->setHorizontalHeaderLabels({tr("Provider"), tr("Model"), tr("Weight"), tr("Parameters (JSON)")});
    m_targets->verticalHeader()->setVisible(false);
    m_targets->horizontalHeader()->setSectionResizeMode(ProviderColumn, QHeaderView::ResizeToContents);
    m_targets->horizontalHeader()->setSectionResizeMode(ModelColumn, QHeaderView::Stretch);
    m_targets->horizontalHeader()->setSectionResizeMode(WeightColumn, QHeaderView::ResizeToContents);
    m_targets->horizontalHeader()->setSectionResizeMode(ParamsColumn, QHeaderView::Stretch);
    m_targets->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_targets->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_targets->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_targets->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_targets->setToolTip(tr("Tried in this order (or as the strategy orders them); the rest are fallbacks."));
    connect(m_targets, &QTableWidget::itemChanged, this, [this] {
        if (!m_showing)
            commit();
    });

    auto *addTarget = new QToolButton(this);
    addTarget->setIcon(QIcon::fromTheme(u"list-add"_s));
    addTarget->setText(tr("Add target"));
    addTarget->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    addTarget->setAutoRaise(true);
    connect(addTarget, &QToolButton::clicked, this, [this] {
        Routing::Route route = m_route;
        route.targets.append({.provider = u"openai"_s, .model = u"gpt-4o-mini"_s});
        m_route = route;
        showTargets(route.targets);
        m_targets->setCurrentCell(int(route.targets.size()) - 1, ModelColumn);
        Q_EMIT edited(m_route);
    });
    auto *removeTarget = new QToolButton(this);
    removeTarget->setIcon(QIcon::fromTheme(u"list-remove"_s));
    removeTarget->setText(tr("Remove target"));
    removeTarget->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    removeTarget->setAutoRaise(true);
    connect(removeTarget, &QToolButton::clicked, this, [this] {
        const int row = m_targets->currentRow();
        if (row < 0 || row >= m_route.targets.size())
            return;
        m_route.targets.removeAt(row);
        showTargets(m_route.targets);
        Q_EMIT edited(m_route);
    });
    auto *targetButtons = new QHBoxLayout;
    targetButtons->addWidget(addTarget);
    targetButtons->addWidget(removeTarget);
    targetButtons->addStretch();

    m_maxIn->setPlaceholderText(tr("any"));
    m_maxOut->setPlaceholderText(tr("any"));
    m_maxIn->setObjectName(u"routeMaxInputPrice"_s);
    m_maxIn->setToolTip(tr("Highest input price a target may have, in dollars per million tokens."));
    m_maxOut->setToolTip(tr("Highest output price a target may have, in dollars per million tokens."));
    m_minContext->setPlaceholderText(tr("any"));
    m_minContext->setToolTip(tr("Smallest context window a target must have, in tokens."));
    m_maxP95->setPlaceholderText(tr("any"));
    m_maxP95->setToolTip(tr("Slowest 95th-percentile total time a target may have had in the usage log."));
    m_allow->setPlaceholderText(tr("any provider"));
    m_deny->setPlaceholderText(tr("none"));
    for (Routing::DataPolicy policy : policies) {
        const QString label = policy == Routing::DataPolicy::Any ? tr("Any provider")
            : policy == Routing::DataPolicy::NoTraining          ? tr("No training on requests")
                                                                 : tr("Zero retention");
        m_data->addItem(label, Routing::dataPolicyName(policy));
    }

    auto *prices = new QHBoxLayout;
    prices->addWidget(new QLabel(tr("in $"), this));
    prices->addWidget(m_maxIn);
    prices->addWidget(new QLabel(tr("out $"), this));
    prices->addWidget(m_maxOut);
    prices->addWidget(new QLabel(tr("per M"), this));
    auto *limits = new QHBoxLayout;
    limits->addWidget(m_minContext);
    limits->addWidget(new QLabel(tr("tokens; p95 at most"), this));
    limits->addWidget(m_maxP95);
    limits->addWidget(new QLabel(tr("ms"), this));
    auto *caps = new QHBoxLayout;
    const QStringList capabilityLabels{tr("Tools"), tr("Vision"), tr("JSON mode"), tr("Reasoning")};
    for (const QString &label : capabilityLabels) {
        auto *box = new QCheckBox(label, this);
        caps->addWidget(box);
        m_capabilities.append(box);
        connect(box, &QCheckBox::toggled, this, [this] {
            if (!m_showing)
                commit();
        });
    }
    caps->addStretch();

    auto *constraints = new QFormLayout;
    constraints->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    constraints->addRow(tr("Max price:"), prices);
    constraints->addRow(tr("Min context:"), limits);
    constraints->addRow(tr("Only providers:"), m_allow);
    constraints->addRow(tr("Never providers:"), m_deny);
    constraints->addRow(tr("Needs:"), caps);
    constraints->addRow(tr("Data:"), m_data);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 12);
    layout->setSpacing(6);
    layout->addLayout(header);
    layout->addWidget(m_description);
    layout->addWidget(m_targets);
    layout->addLayout(targetButtons);
    layout->addLayout(constraints);

    for (QLineEdit *field : {m_name, m_description, m_maxIn, m_maxOut, m_minContext, m_maxP95, m_allow, m_deny})
        connect(field, &QLineEdit::textEdited, this, &RouteCard::commit);
    for (QComboBox *box : {m_strategy, m_data}) {
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_showing)
                commit();
        });
    }
}

RouteCard::~RouteCard() = default;

void RouteCard::setRoute(const Routing::Route &route)
{
    m_route = route;
    if (m_committing)
        return;
    m_showing = true;
    showText(m_name, route.name);
    showText(m_description, route.description);
    {
        const QSignalBlocker block(m_strategy);
        m_strategy->setCurrentIndex(m_strategy->findData(Routing::strategyName(route.strategy)));
    }
    QList<Routing::Target> shown;
    if (!readTargets(shown) || shown != route.targets)
        showTargets(route.targets);
    const Routing::Constraints &c = route.constraints;
    showText(m_maxIn, dollars(c.maxInputPrice));
    showText(m_maxOut, dollars(c.maxOutputPrice));
    showText(m_minContext, c.minContext ? QString::number(*c.minContext) : QString());
    showText(m_maxP95, c.maxP95LatencyMs ? QString::number(*c.maxP95LatencyMs) : QString());
    if (splitList(m_allow->text()) != c.allowProviders)
        showText(m_allow, joinList(c.allowProviders));
    if (splitList(m_deny->text()) != c.denyProviders)
        showText(m_deny, joinList(c.denyProviders));
    for (size_t i = 0; i < capabilities.size(); ++i) {
        const QSignalBlocker block(m_capabilities.at(qsizetype(i)));
        m_capabilities.at(qsizetype(i))->setChecked(c.capabilities.testFlag(capabilities.at(i)));
    }
    {
        const QSignalBlocker block(m_data);
        m_data->setCurrentIndex(m_data->findData(Routing::dataPolicyName(c.data)));
    }
    m_showing = false;
}

void RouteCard::showTargets(const QList<Routing::Target> &targets)
{
    const bool was = m_showing;
    m_showing = true;
    m_targets->setRowCount(int(targets.size()));
    for (int row = 0; row < targets.size(); ++row) {
        const Routing::Target &t = targets.at(row);
        const QString params = t.params.isEmpty()
            ? QString()
            : QString::fromUtf8(QJsonDocument(t.params).toJson(QJsonDocument::Compact));
        const QStringList texts{t.provider, t.model, QString::number(t.weight), params};
        for (int column = 0; column < ColumnCount; ++column) {
            auto *item = new QTableWidgetItem(texts.at(column));
            if (column == WeightColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_targets->setItem(row, column, item);
        }
    }
    m_showing = was;
    fitTable();
}

void RouteCard::fitTable()
{
    // The card grows with its targets rather than scrolling inside a scroll area.
    int height = m_targets->horizontalHeader()->sizeHint().height() + 2 * m_targets->frameWidth();
    for (int row = 0; row < m_targets->rowCount(); ++row)
        height += m_targets->rowHeight(row);
    if (m_targets->rowCount() == 0)
        height += m_targets->verticalHeader()->defaultSectionSize();
    m_targets->setFixedHeight(height);
}

bool RouteCard::readTargets(QList<Routing::Target> &targets)
{
    bool valid = true;
    const QColor bad = Widgets::StatusColors::error(palette());
    for (int row = 0; row < m_targets->rowCount(); ++row) {
        Routing::Target target = row < m_route.targets.size() ? m_route.targets.at(row) : Routing::Target{};
        const auto text = [this, row](int column) {
            const QTableWidgetItem *item = m_targets->item(row, column);
            return item ? item->text().trimmed() : QString();
        };
        const auto mark = [this, row, &bad, &valid](int column, const QString &error) {
            QTableWidgetItem *item = m_targets->item(row, column);
            if (!item)
                return;
            const bool wasShowing = m_showing;
            m_showing = true;
            item->setToolTip(error);
            item->setData(Qt::ForegroundRole, error.isEmpty() ? QVariant() : QVariant(bad));
            m_showing = wasShowing;
            valid &= error.isEmpty();
        };
        target.provider = text(ProviderColumn);
        target.model = text(ModelColumn);
        mark(ProviderColumn, target.provider.isEmpty() ? tr("A provider id, such as openai or local.") : QString());
        mark(ModelColumn, target.model.isEmpty() ? tr("The model id the provider's API takes.") : QString());
        bool ok = false;
        const int weight = text(WeightColumn).toInt(&ok);
        mark(WeightColumn, ok && weight > 0 ? QString() : tr("A whole number above 0: this target's share."));
        if (ok && weight > 0)
            target.weight = weight;
        const QString params = text(ParamsColumn);
        if (params.isEmpty()) {
            target.params = {};
            mark(ParamsColumn, {});
        } else {
            QJsonParseError error;
            const QJsonDocument json = QJsonDocument::fromJson(params.toUtf8(), &error);
            const bool isObject = error.error == QJsonParseError::NoError && json.isObject();
            mark(ParamsColumn, isObject ? QString()
                                        : tr("A JSON object, such as {\"temperature\": 0.3}: %1")
                                              .arg(error.error == QJsonParseError::NoError ? tr("not an object")
                                                                                           : error.errorString()));
            if (isObject)
                target.params = json.object();
        }
        targets.append(target);
    }
    return valid;
}

void RouteCard::commit()
{
    if (m_showing)
        return;
    Routing::Route route = m_route;
    bool valid = true;
    route.name = m_name->text().trimmed();
    FieldMark::set(m_name, route.name.isEmpty() ? tr("A route needs a name.")
                           : route.name.contains(u'/') ? tr("A route name cannot contain “/”: "
                                                            "that would read as provider/model.")
                                                       : QString());
    valid &= !FieldMark::isMarked(m_name);
    route.description = m_description->text().trimmed();
    route.strategy = Routing::strategyFromName(m_strategy->currentData().toString()).value_or(route.strategy);
    QList<Routing::Target> targets;
    valid &= readTargets(targets);
    route.targets = targets;

    Routing::Constraints &c = route.constraints;
    const QString priceHint = tr("Dollars per million tokens, such as 2.50, or empty for no limit.");
    valid &= readNumber(m_maxIn, c.maxInputPrice, priceHint, 1e6);
    valid &= readNumber(m_maxOut, c.maxOutputPrice, priceHint, 1e6);
    valid &= readNumber(m_minContext, c.minContext, tr("A number of tokens, such as 128000, or empty."));
    valid &= readNumber(m_maxP95, c.maxP95LatencyMs, tr("Milliseconds, such as 8000, or empty."));
    c.allowProviders = splitList(m_allow->text());
    c.denyProviders = splitList(m_deny->text());
    c.capabilities = {};
    for (size_t i = 0; i < capabilities.size(); ++i) {
        if (m_capabilities.at(qsizetype(i))->isChecked())
            c.capabilities |= capabilities.at(i);
    }
    c.data = Routing::dataPolicyFromName(m_data->currentData().toString()).value_or(Routing::DataPolicy::Any);

    if (!valid || route == m_route)
        return;
    m_route = route;
    m_committing = true;
    Q_EMIT edited(m_route);
    m_committing = false;
}

} // namespace Switchyard::RoutingUi
