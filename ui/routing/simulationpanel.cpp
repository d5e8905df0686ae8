#include "routing/simulationpanel.h"

#include "base/units.h"
#include "routing/routingdocument.h"
#include "routing/routingfacts.h"
#include "routing/simulationchart.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Switchyard::RoutingUi {
namespace {

struct Replay {
    SimulationPanel::Outcome mine;
    std::optional<SimulationPanel::Outcome> other;
};

SimulationPanel::Outcome replay(Usage::UsageDatabase *db, const Routing::RoutingConfig &config,
                                Routing::RoutingFacts facts, QDate from, QDate to, int days)
{
    if (!db)
        return std::unexpected(Usage::UsageError{.kind = Usage::UsageError::Kind::Io,
                                                 .message = SimulationPanel::tr("The usage log cannot be opened.")});
    // Measured speeds and budgets over the same days the replay covers.
    if (auto added = facts.addUsage(*db, to, days); !added)
        return std::unexpected(added.error());
    return Routing::Simulation::run(*db, Routing::Decider(config, std::move(facts)), from, to);
}

QString ttft(std::optional<double> ms)
{
    return ms ? Base::Units::seconds(*ms) : u"–"_s;
}

QTableWidgetItem *number(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

SimulationPanel::SimulationPanel(RoutingDocument *document, Usage::UsageStore *store,
                                 const Catalog::PriceCatalog *catalog, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_store(store)
    , m_catalog(catalog)
    , m_days(new QSpinBox(this))
    , m_compare(new QComboBox(this))
    , m_run(new QPushButton(QIcon::fromTheme(u"media-playback-start"_s), tr("&Simulate"), this))
    , m_busy(new QProgressBar(this))
    , m_summary(new QLabel(this))
    , m_chart(new SimulationChart(this))
    , m_table(new QTableWidget(this))
{
    m_days->setObjectName(u"simulationDays"_s);
    m_days->setRange(1, 365);
    m_days->setValue(30);
    m_days->setSuffix(tr(" days"));
    m_days->setAccessibleName(tr("Days to replay"));
    m_compare->setObjectName(u"simulationCompare"_s);
    m_compare->setAccessibleName(tr("Compare with"));
    m_compare->addItem(tr("nothing"));
    m_run->setObjectName(u"simulationRun"_s);
    m_run->setEnabled(m_store != nullptr);
    connect(m_run, &QPushButton::clicked, this, [this] { run(); });
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_summary->setObjectName(u"simulationSummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setText(m_store ? tr("Replays the calls in the usage log — their token counts, projects as tags and "
                                    "the model each caller asked for — through this config, and shows what it "
                                    "would have cost next to what was spent. Prompts are not logged, so rules on "
                                    "the text never match in a replay.")
                               : tr("There is no usage log to replay."));

    m_table->setObjectName(u"simulationTable"_s);
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Replay the last"), this));
    bar->addWidget(m_days);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(tr("compare with"), this));
    bar->addWidget(m_compare);
    bar->addWidget(m_run);
    bar->addWidget(m_busy);
    bar->addStretch();

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_chart);
    split->addWidget(m_table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    split->setSizes({460, 240});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(bar);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    m_chart->setData(tr("Spend per route"), {}, {});
}

SimulationPanel::~SimulationPanel() = default;

void SimulationPanel::setOtherConfigs(const QStringList &names, ConfigSource source)
{
    m_source = std::move(source);
    const QString current = m_compare->currentIndex() > 0 ? m_compare->currentText() : QString();
    m_compare->clear();
    m_compare->addItem(tr("nothing"));
    m_compare->addItems(names);
    const int index = m_compare->findText(current);
    m_compare->setCurrentIndex(std::max(0, index));
}

void SimulationPanel::setDays(int days)
{
    m_days->setValue(days);
}

bool SimulationPanel::run()
{
    if (m_running || !m_store)
        return false;
    if (m_document->hasErrors()) {
        m_summary->setText(tr("The config has errors; fix them before simulating it."));
        return false;
    }
    const int days = m_days->value();
    const QDate to = QDate::currentDate();
    const QDate from = to.addDays(1 - days);

    const Routing::RoutingConfig config = m_document->config();
    Routing::RoutingFacts facts;
    if (m_catalog)
        facts.addCatalog(*m_catalog, config);

    std::optional<Routing::RoutingConfig> other;
    Routing::RoutingFacts otherFacts;
    const QString otherName = m_compare->currentIndex() > 0 ? m_compare->currentText() : QString();
    if (!otherName.isEmpty() && m_source) {
        auto read = m_source(otherName);
        if (!read) {
            m_summary->setText(tr("Cannot compare with %1: %2").arg(otherName, read.error()));
            return false;
        }
        other = std::move(*read);
        if (m_catalog)
            otherFacts.addCatalog(*m_catalog, *other);
    }

    m_running = true;
    m_run->setEnabled(false);
    m_busy->show();
    m_summary->setText(tr("Replaying %n day(s) of calls…", nullptr, days));
    m_store->query<Replay>(
        this,
        [config, facts, other, otherFacts, from, to, days](Usage::UsageDatabase *db) {
            Replay replayed{.mine = replay(db, config, facts, from, to, days), .other = std::nullopt};
            if (other)
                replayed.other = replay(db, *other, otherFacts, from, to, days);
            return replayed;
        },
        [this, otherName](Replay replayed) {
            m_running = false;
            m_run->setEnabled(true);
            m_busy->hide();
            show(std::move(replayed.mine), std::move(replayed.other), otherName);
            Q_EMIT finished();
        });
    return true;
}

void SimulationPanel::show(Outcome mine, std::optional<Outcome> other, const QString &otherName)
{
    m_result = std::move(mine);
    m_other = std::move(other);
    if (!*m_result) {
        m_summary->setText(tr("The usage log could not be read: %1").arg(m_result->error().message));
        m_table->setRowCount(0);
        m_chart->setData(tr("Spend per route"), {}, {});
        return;
    }
    if (m_other && !*m_other) {
        m_summary->setText(tr("The usage log could not be read: %1").arg(m_other->error().message));
        return;
    }
    const Routing::SimulationResult &result = **m_result;
    const Routing::SimulationResult *compared = m_other ? &**m_other : nullptr;

    // One row per route of either config, this config's first.
    QStringList routes;
    const auto name = [](const Routing::SimulatedRoute &r) { return r.route.isEmpty() ? tr("(nowhere)") : r.route; };
    for (const auto &r : result.routes)
        routes.append(name(r));
    if (compared) {
        for (const auto &r : compared->routes) {
            if (!routes.contains(name(r)))
                routes.append(name(r));
        }
    }
    const auto find = [&name](const Routing::SimulationResult *in, const QString &route) -> const Routing::SimulatedRoute * {
        if (!in)
            return nullptr;
        for (const auto &r : in->routes) {
            if (name(r) == route)
                return &r;
        }
        return nullptr;
    };

    QStringList headers{tr("Route"), tr("Calls"), tr("Actual cost"), tr("Simulated cost"), tr("Actual TTFT"),
                        tr("Expected TTFT")};
    if (compared) {
        headers.append({tr("Calls (%1)").arg(otherName), tr("Simulated (%1)").arg(otherName),
                        tr("Expected TTFT (%1)").arg(otherName)});
    }
    m_table->clear();
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(int(routes.size()));
    SimulationChart::Series actual{.name = tr("Actually spent"), .dollars = {}, .color = {}};
    SimulationChart::Series simulated{.name = tr("This config"), .dollars = {}, .color = {}};
    SimulationChart::Series second{.name = otherName, .dollars = {}, .color = {}};
    for (int row = 0; row < routes.size(); ++row) {
        const Routing::SimulatedRoute *r = find(&result, routes.at(row));
        const Routing::SimulatedRoute *o = find(compared, routes.at(row));
        auto *routeItem = new QTableWidgetItem(routes.at(row));
        if (r && !r->targets.isEmpty()) {
            QStringList sent;
            for (auto it = r->targets.cbegin(); it != r->targets.cend(); ++it)
                sent.append(tr("%1: %n call(s)", nullptr, int(it.value())).arg(it.key()));
            sent.sort();
            routeItem->setToolTip(sent.join(u'\n'));
        }
        m_table->setItem(row, 0, routeItem);
        const auto simulatedText = [](const Routing::SimulatedRoute *s) {
            // Calls placed nowhere have no simulated cost at all.
            if (!s || s->route.isEmpty())
                return u"–"_s;
            QString text = Base::Units::usd(s->simulatedNanoUsd);
            return s->unpricedCalls ? u"≈ "_s + text : text;
        };
        m_table->setItem(row, 1, number(r ? QString::number(r->calls) : u"0"_s));
        m_table->setItem(row, 2, number(r ? Base::Units::usd(r->actualNanoUsd) : u"–"_s));
        m_table->setItem(row, 3, number(simulatedText(r)));
        if (r && r->unpricedCalls) {
            m_table->item(row, 3)->setToolTip(
                tr("%n call(s) went to a target without a price; they are not counted.", nullptr,
                   int(r->unpricedCalls)));
        }
        m_table->setItem(row, 4, number(r ? ttft(r->actualTtftMs()) : u"–"_s));
        m_table->setItem(row, 5, number(r ? ttft(r->expectedTtftMs()) : u"–"_s));
        if (compared) {
            m_table->setItem(row, 6, number(o ? QString::number(o->calls) : u"0"_s));
            m_table->setItem(row, 7, number(simulatedText(o)));
            m_table->setItem(row, 8, number(o ? ttft(o->expectedTtftMs()) : u"–"_s));
        }
        // What these calls actually cost: the calls this config sends to the route.
        actual.dollars.append(double(r ? r->actualNanoUsd : 0) / 1e9);
        simulated.dollars.append(double(r ? r->simulatedNanoUsd : 0) / 1e9);
        second.dollars.append(double(o ? o->simulatedNanoUsd : 0) / 1e9);
    }
    QList<SimulationChart::Series> series{actual, simulated};
    if (compared)
        series.append(second);
    m_chart->setData(tr("Spend per route, %1 – %2").arg(QLocale().toString(result.from, QLocale::ShortFormat),
                                                        QLocale().toString(result.to, QLocale::ShortFormat)),
                     routes, series);

    QString summary = tr("%n call(s) replayed: %1 actually spent, %2 with this config", nullptr, int(result.calls))
                          .arg(Base::Units::usd(result.actualNanoUsd), Base::Units::usd(result.simulatedNanoUsd));
    if (compared)
        summary += tr(", %1 with %2").arg(Base::Units::usd(compared->simulatedNanoUsd), otherName);
    summary += u"."_s;
    if (result.unpricedCalls)
        summary += u" "_s + tr("%n call(s) to unpriced targets are not in the total.", nullptr, int(result.unpricedCalls));
    if (result.unanswered)
        summary += u" "_s + tr("%n failed or cancelled call(s) were not replayed.", nullptr, int(result.unanswered));
    if (result.regexRules)
        summary += u" "_s + tr("%n rule(s) look at the prompt text, which the log does not keep: they never match "
                               "here.", nullptr, result.regexRules);
    if (result.calls == 0)
        summary = tr("No calls in the usage log in these %n day(s): nothing to replay.", nullptr, m_days->value());
    m_summary->setText(summary);
}

} // namespace Switchyard::RoutingUi
