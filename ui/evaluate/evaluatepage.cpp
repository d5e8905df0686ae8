#include "evaluate/evaluatepage.h"

#include "base/units.h"
#include "eval/evalrunner.h"
#include "eval/evaltable.h"
#include "eval/runcomparison.h"
#include "eval/runexport.h"
#include "eval/suitereader.h"
#include "evaluate/answerdialog.h"
#include "evaluate/evalmatrixmodel.h"
#include "evaluate/ratingsdialog.h"
#include "usage/usagedatabase.h"
#include "usage/usagestore.h"
#include "widgets/elidedlabel.h"
#include "widgets/statuscolors.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Switchyard::EvaluateUi {

using Eval::CaseResult;
using Eval::EvalRun;
using Eval::EvalTable;

struct EvaluatePage::Loaded {
    QList<EvalRun> runs;
    std::optional<qint64> show;
    qint64 baseline = 0;
    QList<CaseResult> results;
    QList<CaseResult> baselineResults;
    QString error;
};

EvaluatePage::EvaluatePage(EvaluateContext context, QWidget *parent)
    : QWidget(parent), m_context(context), m_open(new QPushButton(tr("Open Suite…"), this)),
      m_suiteLabel(new Widgets::ElidedLabel(this)), m_run(new QPushButton(tr("Run"), this)),
      m_resume(new QPushButton(tr("Resume"), this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_progress(new QProgressBar(this)), m_runCombo(new QComboBox(this)), m_baselineCombo(new QComboBox(this)),
      m_export(new QToolButton(this)), m_problems(new QLabel(this)), m_summary(new QLabel(this)),
      m_stack(new QStackedWidget(this)), m_table(new QTableView(this)), m_model(new EvalMatrixModel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(8);

    auto *top = new QHBoxLayout;
    m_open->setObjectName(u"evalOpen"_s);
    m_open->setIcon(QIcon::fromTheme(u"document-open"_s));
    m_open->setToolTip(tr("Open an evaluation suite (YAML)"));
    top->addWidget(m_open);
    m_suiteLabel->setObjectName(u"evalSuite"_s);
    top->addWidget(m_suiteLabel, 1);
    m_run->setObjectName(u"evalRun"_s);
    m_run->setIcon(QIcon::fromTheme(u"media-playback-start"_s));
    m_run->setToolTip(tr("Run every case at every target of the suite"));
    top->addWidget(m_run);
    m_resume->setObjectName(u"evalResume"_s);
    m_resume->setToolTip(tr("Continue the stopped run: only the answers it does not have are sent"));
    top->addWidget(m_resume);
    m_cancel->setObjectName(u"evalCancel"_s);
    m_cancel->setIcon(QIcon::fromTheme(u"process-stop"_s));
    m_cancel->setToolTip(tr("Stop the run (Esc); the answers finished so far are kept"));
    top->addWidget(m_cancel);
    layout->addLayout(top);

    m_progress->setObjectName(u"evalProgress"_s);
    m_progress->setFormat(tr("%v of %m answers"));
    m_progress->setAccessibleName(tr("Run progress"));
    layout->addWidget(m_progress);

    auto *pick = new QHBoxLayout;
    auto *runLabel = new QLabel(tr("&Run:"), this);
    runLabel->setBuddy(m_runCombo);
    pick->addWidget(runLabel);
    m_runCombo->setObjectName(u"evalRunCombo"_s);
    // Room for a run's whole label where there is room; narrower where the
    // window is (its items carry the rest in the popup).
    m_runCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_runCombo->setMinimumContentsLength(12);
    m_runCombo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_runCombo->setMaximumWidth(420);
    pick->addWidget(m_runCombo);
    pick->addSpacing(16);
    auto *baseLabel = new QLabel(tr("&Baseline:"), this);
    baseLabel->setBuddy(m_baselineCombo);
    pick->addWidget(baseLabel);
    m_baselineCombo->setObjectName(u"evalBaselineCombo"_s);
    // Room for a run's whole label where there is room; narrower where the
    // window is (its items carry the rest in the popup).
    m_baselineCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_baselineCombo->setMinimumContentsLength(12);
    m_baselineCombo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_baselineCombo->setMaximumWidth(420);
    m_baselineCombo->setToolTip(tr("Compare with an earlier run: cells that passed there and fail now are "
                                   "regressions"));
    pick->addWidget(m_baselineCombo);
    pick->addStretch(1);
    m_ratings = new QPushButton(tr("Ratings…"), this);
    m_ratings->setObjectName(u"evalRatings"_s);
    m_ratings->setToolTip(tr("The models rated by Compare votes and judge scores, with confidence intervals"));
    connect(m_ratings, &QPushButton::clicked, this, [this] { showRatings(); });
    pick->addWidget(m_ratings);
    m_export->setObjectName(u"evalExport"_s);
    m_export->setText(tr("Export"));
    m_export->setIcon(QIcon::fromTheme(u"document-export"_s));
    m_export->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_export);
    menu->addAction(tr("Markdown…"), this, [this] { chooseExport(Format::Markdown); });
    menu->addAction(tr("JSON…"), this, [this] { chooseExport(Format::Json); });
    menu->addAction(tr("CSV…"), this, [this] { chooseExport(Format::Csv); });
    m_export->setMenu(menu);
    pick->addWidget(m_export);
    layout->addLayout(pick);

    m_problems->setObjectName(u"evalProblems"_s);
    m_problems->setWordWrap(true);
    m_problems->setTextFormat(Qt::PlainText);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette problemPalette = m_problems->palette();
    problemPalette.setColor(QPalette::WindowText, Widgets::StatusColors::error(palette()));
    m_problems->setPalette(problemPalette);
    layout->addWidget(m_problems);
    m_summary->setObjectName(u"evalSummary"_s);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    // The empty state says what the page is for and offers the first step.
    auto *empty = new QWidget(this);
    auto *emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch(1);
    auto *explain = new QLabel(tr("<h3>Evaluate models and routes</h3>"
                                  "<p>A suite sends the same prompts to several models or routes, checks every "
                                  "answer — text, JSON, cost, latency, or a judge model's grade — and keeps the "
                                  "results, so that the next run shows what regressed.</p>"
                                  "<p>Open a suite file (YAML), or import one from promptfoo with "
                                  "<tt>switchyard-cli eval import</tt>.</p>"),
                               empty);
    explain->setWordWrap(true);
    explain->setAlignment(Qt::AlignCenter);
    explain->setMaximumWidth(560);
    emptyLayout->addWidget(explain, 0, Qt::AlignHCenter);
    auto *openFirst = new QPushButton(tr("Open a Suite…"), empty);
    openFirst->setObjectName(u"evalOpenFirst"_s);
    emptyLayout->addWidget(openFirst, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(2);
    m_stack->addWidget(empty);

    m_table->setObjectName(u"evalMatrix"_s);
    m_table->setModel(m_model);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(false);
    // Columns share the width; a long model name keeps both its provider and
    // its variant, the middle elided (the tooltip has the whole name).
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setMinimumSectionSize(150);
    m_table->horizontalHeader()->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(2 * fontMetrics().height() + 12);
    m_table->verticalHeader()->setMaximumWidth(260);
    m_table->verticalHeader()->setTextElideMode(Qt::ElideRight);
    m_table->setAccessibleName(tr("Results: cases by targets"));
    m_stack->addWidget(m_table);
    layout->addWidget(m_stack, 1);

    connect(m_open, &QPushButton::clicked, this, &EvaluatePage::chooseSuite);
    connect(openFirst, &QPushButton::clicked, this, &EvaluatePage::chooseSuite);
    connect(m_run, &QPushButton::clicked, this, &EvaluatePage::run);
    connect(m_resume, &QPushButton::clicked, this, &EvaluatePage::resume);
    connect(m_cancel, &QPushButton::clicked, this, &EvaluatePage::cancel);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) { openCell(index); });
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex &index) { openCell(index); });
    connect(m_runCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling && m_runCombo->currentData().isValid())
            reload(m_runCombo->currentData().toLongLong(), 0);
    });
    connect(m_baselineCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            setBaseline(m_baselineCombo->currentData().toLongLong());
    });
    m_suiteLabel->setFullText(tr("No suite open"));
    updateState();
    reload(std::nullopt, 0);
}

EvaluatePage::~EvaluatePage()
{
    if (m_runner)
        m_runner->cancel();
}

bool EvaluatePage::openSuite(const QString &path)
{
    const auto read = Eval::SuiteReader::readFile(path);
    m_suitePath = path;
    if (!read) {
        m_suite.reset();
        QStringList lines;
        for (const Eval::ConfigError &e : read.error())
            lines.append(QFileInfo(path).fileName() + u':' + e.toString());
        m_problems->setText(lines.join(u'\n'));
        m_suiteLabel->setFullText(QFileInfo(path).fileName());
        updateState();
        return false;
    }
    m_suite = read->suite;
    QStringList warnings;
    for (const Eval::ConfigError &w : read->warnings)
        warnings.append(QFileInfo(path).fileName() + u':' + w.toString());
    m_problems->setText(warnings.join(u'\n'));
    const int cases = int(m_suite->cases().size());
    m_suiteLabel->setFullText(tr("%1 — %2 cases × %3 targets × %4 repeats = %5 answers")
                                  .arg(m_suite->name)
                                  .arg(cases)
                                  .arg(m_suite->targets.size())
                                  .arg(m_suite->repeats)
                                  .arg(cases * int(m_suite->targets.size()) * m_suite->repeats));
    m_suiteLabel->setToolTip(path);
    // The newest run of this suite, if it has one.
    std::optional<qint64> newest;
    for (const EvalRun &r : std::as_const(m_runs))
        if (r.suite == m_suite->name) {
            newest = r.id;
            break;
        }
    reload(newest, 0);
    updateState();
    return true;
}

void EvaluatePage::chooseSuite()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Evaluation Suite"), QFileInfo(m_suitePath).path(),
                                                      tr("Suites (*.yaml *.yml *.json);;All files (*)"));
    if (!path.isEmpty())
        openSuite(path);
}

void EvaluatePage::run()
{
    if (!m_suite || m_runner || !m_context.router || !m_context.usage)
        return;
    EvalRun run;
    run.suite = m_suite->name;
    run.suitePath = QFileInfo(m_suitePath).absoluteFilePath();
    run.started = QDateTime::currentDateTime();
    run.targets = m_suite->targets;
    run.cases = int(m_suite->cases().size());
    run.repeats = m_suite->repeats;
    m_results.clear();
    m_baseline = m_baselineCombo->currentData().toLongLong();
    m_run->setEnabled(false);
    m_context.usage->query<std::expected<qint64, Usage::UsageError>>(
        this,
        [run](Usage::UsageDatabase *db) -> std::expected<qint64, Usage::UsageError> {
            if (!db)
                return std::unexpected(Usage::UsageError{Usage::UsageError::Kind::Io,
                                                         tr("the usage database cannot be used")});
            return EvalTable(*db).createRun(run);
        },
        [this](std::expected<qint64, Usage::UsageError> created) {
            if (!created) {
                m_problems->setText(tr("The run cannot be kept: %1").arg(created.error().message));
                updateState();
                return;
            }
            begin(*created, {});
        });
}

void EvaluatePage::resume()
{
    const EvalRun *shown = m_shown ? runById(*m_shown) : nullptr;
    if (!m_suite || m_runner || !shown || shown->state == EvalRun::State::Done || shown->suite != m_suite->name)
        return;
    QSet<QString> done;
    for (const CaseResult &r : std::as_const(m_results))
        done.insert(r.workKey());
    EvalTable::queueState(*m_context.usage, shown->id, EvalRun::State::Running);
    begin(shown->id, done);
}

void EvaluatePage::begin(qint64 runId, const QSet<QString> &skip)
{
    m_runningId = runId;
    m_shown = runId;
    QStringList keys;
    QStringList prompts;
    for (const Eval::EvalCase &c : m_suite->cases()) {
        keys.append(c.key);
        prompts.append(c.prompt);
    }
    m_model->setLayout(keys, prompts, m_suite->targets);
    m_runner = new Eval::EvalRunner(*m_suite, m_context.router, Usage::Source::Router, this);
    m_runner->skip(skip);
    connect(m_runner, &Eval::EvalRunner::resultReady, this, &EvaluatePage::onResult);
    connect(m_runner, &Eval::EvalRunner::progress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
    });
    connect(m_runner, &Eval::EvalRunner::finished, this, &EvaluatePage::onFinished);
    m_progress->setRange(0, m_runner->total());
    m_progress->setValue(0);
    m_runner->start();
    refreshMatrix();
    updateState();
}

void EvaluatePage::onResult(const CaseResult &result)
{
    EvalTable::queue(*m_context.usage, m_runningId, result);
    m_results.append(result);
    refreshMatrix();
}

void EvaluatePage::onFinished()
{
    const bool cancelled = m_runner->wasCancelled();
    EvalTable::queueState(*m_context.usage, m_runningId, cancelled ? EvalRun::State::Stopped : EvalRun::State::Done);
    m_runner->deleteLater();
    m_runner = nullptr;
    updateState();
    reload(m_runningId, m_baseline);
    connect(this, &EvaluatePage::loaded, this, [this] { Q_EMIT runFinished(); }, Qt::SingleShotConnection);
}

void EvaluatePage::cancel()
{
    if (m_runner)
        m_runner->cancel();
}

void EvaluatePage::showRun(qint64 runId)
{
    reload(runId, 0);
}

void EvaluatePage::setBaseline(qint64 runId)
{
    if (m_runner) {
        m_baseline = runId; // applied when the run is read again at its end
        return;
    }
    reload(m_shown, runId);
}

std::optional<qint64> EvaluatePage::shownRun() const
{
    return m_shown;
}

void EvaluatePage::reload(std::optional<qint64> show, qint64 baseline)
{
    if (!m_context.usage)
        return;
    m_context.usage->query<Loaded>(
        this,
        [show, baseline](Usage::UsageDatabase *db) {
            Loaded out;
            out.baseline = baseline;
            if (!db) {
                out.error = tr("The usage database cannot be used, so no runs can be kept or shown.");
                return out;
            }
            EvalTable table(*db);
            auto runs = table.runs();
            if (!runs) {
                out.error = runs.error().message;
                return out;
            }
            out.runs = *runs;
            out.show = show;
            if (!out.show && !out.runs.isEmpty())
                out.show = out.runs.first().id;
            if (out.show)
                out.results = table.results(*out.show).value_or(QList<CaseResult>{});
            if (baseline)
                out.baselineResults = table.results(baseline).value_or(QList<CaseResult>{});
            return out;
        },
        [this](Loaded loaded) { apply(loaded); });
}

void EvaluatePage::apply(const Loaded &read)
{
    if (!read.error.isEmpty())
        m_problems->setText(read.error);
    m_runs = read.runs;
    if (!m_runner) {
        m_shown = read.show;
        m_baseline = read.baseline;
        m_results = read.results;
        m_baselineResults = read.baselineResults;
        const EvalRun *shown = m_shown ? runById(*m_shown) : nullptr;
        if (shown && (!m_suite || m_suite->name == shown->suite) && m_suite) {
            QStringList keys;
            QStringList prompts;
            for (const Eval::EvalCase &c : m_suite->cases()) {
                keys.append(c.key);
                prompts.append(c.prompt);
            }
            m_model->setLayout(keys, prompts, shown->targets);
        } else {
            m_model->setLayout({}, {}, shown ? shown->targets : QStringList{});
        }
        refreshMatrix();
    }
    fillCombos();
    updateState();
    Q_EMIT loaded();
}

void EvaluatePage::fillCombos()
{
    m_filling = true;
    m_runCombo->clear();
    const EvalRun *shown = m_shown ? runById(*m_shown) : nullptr;
    const QString suite = shown ? shown->suite : m_suite ? m_suite->name : QString();
    for (const EvalRun &r : std::as_const(m_runs)) {
        if (!suite.isEmpty() && r.suite != suite)
            continue;
        m_runCombo->addItem(tr("#%1 %2 · %3 · %4 %5/%6")
                                .arg(r.id)
                                .arg(r.suite, r.started.toString(u"yyyy-MM-dd HH:mm"_s), EvalRun::stateName(r.state))
                                .arg(r.passed)
                                .arg(r.total()),
                            r.id);
    }
    m_runCombo->setCurrentIndex(m_shown ? m_runCombo->findData(*m_shown) : -1);
    m_baselineCombo->clear();
    m_baselineCombo->addItem(tr("No baseline"), qint64(0));
    for (const EvalRun &r : std::as_const(m_runs))
        if (r.suite == suite && (!m_shown || r.id != *m_shown))
            m_baselineCombo->addItem(tr("#%1 · %2 · %3/%4 passed")
                                         .arg(r.id)
                                         .arg(r.started.toString(u"yyyy-MM-dd HH:mm"_s))
                                         .arg(r.passed)
                                         .arg(r.total()),
                                     r.id);
    m_baselineCombo->setCurrentIndex(std::max(0, m_baselineCombo->findData(m_baseline)));
    m_filling = false;
}

void EvaluatePage::refreshMatrix()
{
    m_model->setCells(m_baseline ? Eval::RunComparison::compare(m_results, m_baselineResults)
                                 : Eval::RunComparison::cells(m_results));
    m_summary->setText(summaryText());
}

QString EvaluatePage::summaryText() const
{
    if (!m_shown && !m_runner)
        return {};
    int passed = 0;
    int failed = 0;
    int errors = 0;
    std::optional<qint64> cost = 0;
    bool estimated = false;
    for (const CaseResult &r : m_results) {
        passed += r.status == CaseResult::Status::Passed;
        failed += r.status == CaseResult::Status::Failed;
        errors += r.status == CaseResult::Status::Error;
        if (cost && r.costNanoUsd)
            *cost += *r.costNanoUsd;
        else
            cost.reset();
        estimated = estimated || r.costEstimated;
    }
    const EvalRun *run = m_shown ? runById(*m_shown) : nullptr;
    const int total = m_runner ? m_runner->total() : run ? run->total() : int(m_results.size());
    QString text = tr("%1 passed · %2 failed · %3 errors of %4 answers · answers cost %5%6")
                       .arg(passed)
                       .arg(failed)
                       .arg(errors)
                       .arg(total)
                       .arg(cost && estimated ? u"≈"_s : QString(), Base::Units::usd(cost));
    if (m_baseline) {
        const auto cells = m_model->rowCount() ? Eval::RunComparison::compare(m_results, m_baselineResults)
                                               : QList<Eval::EvalCell>{};
        text += tr(" · against #%1: %2 regressed, %3 improved")
                    .arg(m_baseline)
                    .arg(Eval::RunComparison::count(cells, Eval::EvalCell::Change::Regressed))
                    .arg(Eval::RunComparison::count(cells, Eval::EvalCell::Change::Improved));
    }
    if (run && run->state == EvalRun::State::Stopped && !m_runner)
        text += tr(" · stopped: Resume sends the rest");
    return text;
}

QString EvaluatePage::problemsText() const
{
    return m_problems->text();
}

void EvaluatePage::updateState()
{
    const bool running = m_runner != nullptr;
    const EvalRun *shown = m_shown ? runById(*m_shown) : nullptr;
    m_run->setEnabled(!running && m_suite && m_context.router && m_context.usage);
    m_resume->setVisible(!running && shown && shown->state != EvalRun::State::Done && m_suite
                         && shown->suite == m_suite->name);
    m_cancel->setVisible(running);
    m_progress->setVisible(running);
    m_open->setEnabled(!running);
    m_runCombo->setEnabled(!running && m_runCombo->count() > 0);
    m_baselineCombo->setEnabled(!running && m_baselineCombo->count() > 1);
    m_export->setEnabled(!running && m_shown.has_value() && !m_results.isEmpty());
    m_problems->setVisible(!m_problems->text().isEmpty());
    m_summary->setVisible(!m_summary->text().isEmpty());
    m_stack->setCurrentIndex(m_model->rowCount() > 0 || running ? 1 : 0);
}

const EvalRun *EvaluatePage::runById(qint64 id) const
{
    for (const EvalRun &r : m_runs)
        if (r.id == id)
            return &r;
    return nullptr;
}

AnswerDialog *EvaluatePage::openCell(const QModelIndex &index)
{
    const Eval::EvalCell *cell = m_model->cell(index);
    if (!cell)
        return nullptr;
    QList<CaseResult> answers;
    for (const CaseResult &r : std::as_const(m_results))
        if (r.caseKey == cell->caseKey && r.target == cell->target)
            answers.append(r);
    std::sort(answers.begin(), answers.end(), [](const CaseResult &a, const CaseResult &b) { return a.repeat < b.repeat; });
    auto *dialog = new AnswerDialog(answers, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

RatingsDialog *EvaluatePage::showRatings()
{
    auto *dialog = new RatingsDialog(m_context.usage, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void EvaluatePage::chooseExport(Format format)
{
    static const char *suffixes[] = {".md", ".json", ".csv"};
    const EvalRun *run = m_shown ? runById(*m_shown) : nullptr;
    const QString name = run ? u"%1-run-%2%3"_s.arg(run->suite).arg(run->id).arg(QLatin1StringView(suffixes[int(format)]))
                             : QString();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Run"), QFileInfo(m_suitePath).dir().filePath(name));
    if (!path.isEmpty() && !exportRun(format, path))
        m_problems->setText(tr("Could not write %1.").arg(path));
    updateState();
}

bool EvaluatePage::exportRun(Format format, const QString &path)
{
    const EvalRun *run = m_shown ? runById(*m_shown) : nullptr;
    if (!run)
        return false;
    Eval::RunExport::Input in;
    in.run = *run;
    in.results = m_results;
    if (m_baseline) {
        in.baselineId = m_baseline;
        in.cells = Eval::RunComparison::compare(m_results, m_baselineResults);
    } else {
        in.cells = Eval::RunComparison::cells(m_results);
    }
    const QByteArray bytes = format == Format::Markdown ? Eval::RunExport::markdown(in)
        : format == Format::Json                        ? QJsonDocument(Eval::RunExport::json(in)).toJson()
                                                        : Eval::RunExport::csv(in);
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
}

void EvaluatePage::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && m_runner) {
        cancel();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace Switchyard::EvaluateUi
