#pragma once

#include "routing/routingcontext.h"

#include <QList>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QListView;
class QListWidget;
class QSplitter;
class QTabWidget;
class QVBoxLayout;

namespace Switchyard::RoutingUi {

class ConfigLibrary;
class RouteCard;
class RoutingDocument;
class RuleEditor;
class RuleListModel;
class SimulationPanel;
class TestCasesPanel;
class TryItPanel;
class YamlEditor;

/// The Routing page: the user's routing configs (files in the data folder's
/// routing/ folder, one of them active) edited two ways at once — rules in
/// a list that reorders by drag and drop with a form for the selected one,
/// routes as cards, and beside them the YAML of the same config, each side
/// following the other, with one undo history for both. A YAML error is
/// shown at its line and column while the visual side keeps the last good
/// config. Beside the editor: the config's test cases, Try it (a real call
/// through the config) and a simulation over the usage log.
class RoutingPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoutingPage)

public:
    enum class Tab { Rules, Routes, Tests, TryIt, Simulation };

    explicit RoutingPage(RoutingContext context, QWidget *parent = nullptr);
    ~RoutingPage() override;

    /// Opens a config of the library by file name; false when it cannot be
    /// read (the reason is shown) — the config on screen stays.
    bool openConfig(const QString &fileName);
    /// Creates a config named name from Routing::starterConfig() and opens it.
    bool newConfig(const QString &name);
    /// Copies a YAML or JSON file into the library (as YAML) and opens it.
    bool importFile(const QString &path);
    bool save();
    bool saveAs(const QString &name);
    bool rename(const QString &name);
    bool removeCurrent();
    void makeActive();
    /// Asks whether to save unsaved changes; false when the user cancels.
    bool maybeSave();

    void showTab(Tab tab);
    void selectRule(int row);

    [[nodiscard]] RoutingDocument *document() const { return m_document; }
    [[nodiscard]] ConfigLibrary *library() const { return m_library; }
    [[nodiscard]] QString currentFileName() const;
    [[nodiscard]] YamlEditor *yamlEditor() const { return m_yaml; }
    [[nodiscard]] QListWidget *problemList() const { return m_problems; }
    [[nodiscard]] QLabel *problemBanner() const { return m_problemBanner; }
    [[nodiscard]] RuleListModel *ruleModel() const { return m_rules; }
    [[nodiscard]] QListView *ruleView() const { return m_ruleView; }
    [[nodiscard]] RuleEditor *ruleEditor() const { return m_ruleEditor; }
    [[nodiscard]] const QList<RouteCard *> &routeCards() const { return m_cards; }
    [[nodiscard]] TestCasesPanel *testCases() const { return m_tests; }
    [[nodiscard]] TryItPanel *tryIt() const { return m_tryIt; }
    [[nodiscard]] SimulationPanel *simulation() const { return m_simulation; }
    [[nodiscard]] QComboBox *configBox() const { return m_configBox; }
    [[nodiscard]] QLabel *activeBadge() const { return m_activeBadge; }
    [[nodiscard]] QSplitter *splitter() const { return m_splitter; }
    [[nodiscard]] QAction *undoAction() const { return m_undo; }
    [[nodiscard]] QAction *redoAction() const { return m_redo; }

Q_SIGNALS:
    /// A message for the user about a file action (saved, could not rename, ...).
    void statusMessage(const QString &message);

private:
    [[nodiscard]] QStringList starterTargets() const;
    QWidget *createToolbar();
    QWidget *createRulesTab();
    QWidget *createRoutesTab();
    QWidget *createYamlSide();
    void refresh();
    void showProblems();
    void showRouteCards();
    void showLibrary();
    void showState();
    void editRule(int row, const Routing::Rule &rule);
    void editRoute(int index, const Routing::Route &route);
    void addRule();
    void removeRule();
    void addRoute();
    void duplicateRoute(int index);
    void removeRoute(int index);
    void offerOtherConfigs();
    void tell(const QString &message);
    void saveSettings() const;
    void restoreSettings();

    RoutingContext m_context;
    RoutingDocument *m_document = nullptr;
    ConfigLibrary *m_library = nullptr;
    RuleListModel *m_rules = nullptr;

    QComboBox *m_configBox = nullptr;
    QLabel *m_activeBadge = nullptr;
    QLabel *m_stateLabel = nullptr;
    QAction *m_makeActive = nullptr;
    QWidget *m_makeActiveButton = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QSplitter *m_splitter = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_visualBanner = nullptr;
    QListView *m_ruleView = nullptr;
    QLabel *m_noRules = nullptr;
    RuleEditor *m_ruleEditor = nullptr;
    QComboBox *m_defaultRoute = nullptr;
    QWidget *m_routesHolder = nullptr;
    QVBoxLayout *m_routesLayout = nullptr;
    QList<RouteCard *> m_cards;
    YamlEditor *m_yaml = nullptr;
    QLabel *m_problemBanner = nullptr;
    QListWidget *m_problems = nullptr;
    TestCasesPanel *m_tests = nullptr;
    TryItPanel *m_tryIt = nullptr;
    SimulationPanel *m_simulation = nullptr;
    int m_selectedRule = -1;
    bool m_switching = false;
};

} // namespace Switchyard::RoutingUi
