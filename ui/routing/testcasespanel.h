#pragma once

#include "routing/configtests.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace Switchyard::Catalog {
class PriceCatalog;
}

namespace Switchyard::RoutingUi {

class RoutingDocument;

/// The config's test cases (its `tests:`, saved with it): sample requests
/// and the route each must reach, in a table that edits them, and a Run
/// button that decides each one with the config as it stands — prices from
/// the catalog — and marks it passed or failed, with the rule and route it
/// reached and why. Once run, they run again after every change, so a rule
/// edit that breaks one shows at once.
class TestCasesPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestCasesPanel)

public:
    enum Column { NameColumn, PromptColumn, TagsColumn, ExpectColumn, ResultColumn, ColumnCount };

    TestCasesPanel(RoutingDocument *document, const Catalog::PriceCatalog *catalog, QWidget *parent = nullptr);
    ~TestCasesPanel() override;

    /// Runs every test case now.
    void runAll();
    [[nodiscard]] const QList<Routing::TestOutcome> &outcomes() const { return m_outcomes; }
    [[nodiscard]] QTableWidget *table() const { return m_table; }
    [[nodiscard]] QAction *runAction() const { return m_run; }

Q_SIGNALS:
    void ran(int passed, int failed);

private:
    void showTests();
    void commitCell(int row, int column);
    void showOutcomes();

    RoutingDocument *m_document;
    const Catalog::PriceCatalog *m_catalog;
    QTableWidget *m_table = nullptr;
    QLabel *m_summary = nullptr;
    QAction *m_run = nullptr;
    QList<Routing::TestOutcome> m_outcomes;
    bool m_hasRun = false;
    bool m_showing = false;
};

} // namespace Switchyard::RoutingUi
