#pragma once

#include "eval/caseresult.h"
#include "eval/evalrun.h"
#include "eval/evalrunner.h"
#include "eval/suite.h"
#include "evaluate/evaluatecontext.h"

#include <QPointer>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QModelIndex;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace Switchyard::Widgets {
class ElidedLabel;
}

namespace Switchyard::EvaluateUi {

class AnswerDialog;
class RatingsDialog;
class EvalMatrixModel;

/// The Evaluate page: open a suite (docs/evaluations.md), run it through the
/// app's router with progress and Cancel, and look at the matrix of cases ×
/// targets — pass/fail, judge score, cost, latency; a cell opens its answers.
/// Kept runs are listed; one may be picked as the baseline, and the cells that
/// regressed or improved against it are highlighted. A stopped run resumes.
/// Exports Markdown, JSON and CSV. Reading and writing the runs happen on the
/// usage store's thread; the suite's calls are the router's.
class EvaluatePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvaluatePage)

public:
    enum class Format { Markdown, Json, Csv };

    explicit EvaluatePage(EvaluateContext context, QWidget *parent = nullptr);
    ~EvaluatePage() override;

    /// Reads the suite; its problems are shown on the page. True when it can run.
    bool openSuite(const QString &path);
    /// A new run of the open suite.
    void run();
    /// Continues the run shown, when it was stopped.
    void resume();
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_runner != nullptr; }

    /// Shows a kept run (and the baseline chosen, if any).
    void showRun(qint64 runId);
    /// Compares the run shown with this one; 0: no baseline.
    void setBaseline(qint64 runId);
    [[nodiscard]] std::optional<qint64> shownRun() const;
    [[nodiscard]] const QList<Eval::EvalRun> &runs() const { return m_runs; }

    [[nodiscard]] EvalMatrixModel *matrix() const { return m_model; }
    [[nodiscard]] QTableView *matrixView() const { return m_table; }
    /// The answers of a cell, in a dialog the page owns until it is closed.
    AnswerDialog *openCell(const QModelIndex &index);
    /// Writes the run shown (with the baseline's changes) to path.
    bool exportRun(Format format, const QString &path);
    /// The models rated by votes and judge scores, in a dialog the page owns until it is closed.
    RatingsDialog *showRatings();
    [[nodiscard]] QString summaryText() const;
    [[nodiscard]] QString problemsText() const;

Q_SIGNALS:
    /// The kept runs were read again (after a run, a change of run or baseline).
    void loaded();
    void runFinished();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    struct Loaded;
    void reload(std::optional<qint64> show, qint64 baseline);
    void apply(const Loaded &read);
    void begin(qint64 runId, const QSet<QString> &skip);
    void onResult(const Eval::CaseResult &result);
    void onFinished();
    void refreshMatrix();
    void fillCombos();
    void updateState();
    void chooseSuite();
    void chooseExport(Format format);
    [[nodiscard]] const Eval::EvalRun *runById(qint64 id) const;

    EvaluateContext m_context;
    std::optional<Eval::Suite> m_suite;
    QString m_suitePath;
    QList<Eval::EvalRun> m_runs;
    std::optional<qint64> m_shown;
    qint64 m_baseline = 0;
    QList<Eval::CaseResult> m_results;
    QList<Eval::CaseResult> m_baselineResults;
    QPointer<Eval::EvalRunner> m_runner;
    qint64 m_runningId = 0;
    bool m_filling = false;

    QPushButton *m_open = nullptr;
    Widgets::ElidedLabel *m_suiteLabel = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_resume = nullptr;
    QPushButton *m_cancel = nullptr;
    QProgressBar *m_progress = nullptr;
    QComboBox *m_runCombo = nullptr;
    QComboBox *m_baselineCombo = nullptr;
    QToolButton *m_export = nullptr;
    QPushButton *m_ratings = nullptr;
    QLabel *m_problems = nullptr;
    QLabel *m_summary = nullptr;
    QStackedWidget *m_stack = nullptr;
    QTableView *m_table = nullptr;
    EvalMatrixModel *m_model = nullptr;
};

} // namespace Switchyard::EvaluateUi
