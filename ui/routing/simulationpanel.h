#pragma once

#include "routing/routingconfig.h"
#include "routing/simulation.h"

#include <QWidget>

#include <expected>
#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace Switchyard::Catalog {
class PriceCatalog;
}
namespace Switchyard::Usage {
class UsageStore;
}

namespace Switchyard::RoutingUi {

class RoutingDocument;
class SimulationChart;

/// Replays the last days of the usage log through the config being edited
/// (and, to compare, through another saved config) on the usage store's
/// thread, then shows per route what the calls actually cost against what
/// the config would have cost, as grouped columns and a table with calls,
/// costs and time to first token, actual against expected.
class SimulationPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimulationPanel)

public:
    using Outcome = std::expected<Routing::SimulationResult, Usage::UsageError>;
    /// Another config to compare with, by name: its config, or why it cannot be read.
    using ConfigSource = std::function<std::expected<Routing::RoutingConfig, QString>(const QString &name)>;

    SimulationPanel(RoutingDocument *document, Usage::UsageStore *store, const Catalog::PriceCatalog *catalog,
                    QWidget *parent = nullptr);
    ~SimulationPanel() override;

    /// The configs offered to compare with, and how to read one.
    void setOtherConfigs(const QStringList &names, ConfigSource source);
    void setDays(int days);
    /// Starts a replay; false while one runs or without a usage log.
    bool run();
    [[nodiscard]] bool isRunning() const { return m_running; }

    [[nodiscard]] const std::optional<Outcome> &result() const { return m_result; }
    [[nodiscard]] const std::optional<Outcome> &otherResult() const { return m_other; }
    [[nodiscard]] SimulationChart *chart() const { return m_chart; }
    [[nodiscard]] QTableWidget *table() const { return m_table; }
    [[nodiscard]] QComboBox *compareBox() const { return m_compare; }
    [[nodiscard]] QLabel *summaryLabel() const { return m_summary; }

Q_SIGNALS:
    void finished();

private:
    void show(Outcome mine, std::optional<Outcome> other, const QString &otherName);

    RoutingDocument *m_document;
    Usage::UsageStore *m_store;
    const Catalog::PriceCatalog *m_catalog;
    ConfigSource m_source;
    QSpinBox *m_days = nullptr;
    QComboBox *m_compare = nullptr;
    QPushButton *m_run = nullptr;
    QProgressBar *m_busy = nullptr;
    QLabel *m_summary = nullptr;
    SimulationChart *m_chart = nullptr;
    QTableWidget *m_table = nullptr;
    std::optional<Outcome> m_result;
    std::optional<Outcome> m_other;
    bool m_running = false;
};

} // namespace Switchyard::RoutingUi
