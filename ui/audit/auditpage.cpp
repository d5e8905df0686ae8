#include "audit/auditpage.h"

#include "audit/auditlog.h"
#include "audit/audittablemodel.h"
#include "widgets/statuscolors.h"

#include <QAction>
#include <QBoxLayout>
#include <QComboBox>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;

namespace Switchyard::AuditUi {
namespace {

// Runs work on a thread of its own and hands its result to done on
// context's thread, unless context is gone by then.
template<typename Result>
void offThread(QObject *context, std::function<Result()> work, std::function<void(Result)> done)
{
    auto result = std::make_shared<std::optional<Result>>();
    QThread *thread = QThread::create([result, work = std::move(work)] { *result = work(); });
    QObject::connect(thread, &QThread::finished, context, [thread, result, done = std::move(done)] {
        thread->deleteLater();
        if (*result)
            done(std::move(**result));
    });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start(QThread::LowPriority);
}

} // namespace

AuditPage::AuditPage(QString dataDir, QWidget *parent)
    : QWidget(parent)
    , m_dataDir(std::move(dataDir))
    , m_model(new AuditTableModel(this))
{
    m_kind = new QComboBox(this);
    m_kind->setObjectName(u"kindFilter"_s);
    m_kind->setAccessibleName(tr("Kind"));
    m_kind->addItem(tr("All kinds"), QString());
    m_kind->addItem(tr("Calls"), u"call"_s);
    m_kind->addItem(tr("Providers"), u"provider"_s);
    m_kind->addItem(tr("Keys"), u"key"_s);
    m_kind->addItem(tr("Budgets"), u"budget"_s);
    m_kind->addItem(tr("Routing configs"), u"routing"_s);
    m_source = new QComboBox(this);
    m_source->setObjectName(u"sourceFilter"_s);
    m_source->setAccessibleName(tr("Source"));
    m_source->addItem(tr("All sources"), QString());
    m_source->addItem(tr("App"), u"app"_s);
    m_source->addItem(tr("Command line"), u"cli"_s);
    m_source->addItem(tr("Gateway (serve)"), u"gateway"_s);
    m_period = new QComboBox(this);
    m_period->setObjectName(u"periodFilter"_s);
    m_period->setAccessibleName(tr("Period"));
    m_period->addItem(tr("Today"), 0);
    m_period->addItem(tr("Last 7 days"), 7);
    m_period->addItem(tr("Last 30 days"), 30);
    m_period->addItem(tr("All time"), -1);
    m_period->setCurrentIndex(2);
    for (QComboBox *box : {m_kind, m_source, m_period})
        connect(box, &QComboBox::currentIndexChanged, this, &AuditPage::applyFilters);

    auto *refreshAction = new QAction(QIcon::fromTheme(u"view-refresh"_s), tr("Refresh"), this);
    refreshAction->setShortcut(QKeySequence::Refresh);
    refreshAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(refreshAction, &QAction::triggered, this, &AuditPage::refresh);
    addAction(refreshAction);
    auto *refreshButton = new QPushButton(refreshAction->icon(), refreshAction->text(), this);
    refreshButton->setObjectName(u"refreshButton"_s);
    refreshButton->setToolTip(tr("Read the audit log again (%1)").arg(refreshAction->shortcut().toString(QKeySequence::NativeText)));
    connect(refreshButton, &QPushButton::clicked, refreshAction, &QAction::trigger);
    m_verify = new QPushButton(QIcon::fromTheme(u"security-high"_s), tr("Verify"), this);
    m_verify->setObjectName(u"verifyButton"_s);
    m_verify->setToolTip(tr("Check that no entry was changed, removed, moved or cut from the end since it was written"));
    connect(m_verify, &QPushButton::clicked, this, &AuditPage::verify);

    auto *top = new QHBoxLayout;
    top->setSpacing(8);
    top->addWidget(m_kind);
    top->addWidget(m_source);
    top->addWidget(m_period);
    top->addStretch(1);
    top->addWidget(refreshButton);
    top->addWidget(m_verify);

    m_banner = new QLabel(this);
    m_banner->setObjectName(u"verifyBanner"_s);
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->hide();

    m_table = new QTableView(this);
    m_table->setObjectName(u"auditTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    const QFontMetrics metrics(font());
    m_table->setColumnWidth(AuditTableModel::Seq, metrics.horizontalAdvance(u"000000"_s) + 16);
    m_table->setColumnWidth(AuditTableModel::Time, metrics.horizontalAdvance(u"2026-12-31 23:59:59"_s) + 16);
    m_table->setColumnWidth(AuditTableModel::Source, metrics.horizontalAdvance(u"gateway"_s) + 24);
    m_table->setColumnWidth(AuditTableModel::Kind, metrics.horizontalAdvance(u"provider.removed"_s) + 24);

    m_count = new QLabel(this);
    m_count->setObjectName(u"entryCount"_s);

    m_empty = createEmptyState();
    m_states = new QStackedWidget(this);
    m_states->addWidget(m_table);
    m_states->addWidget(m_empty);
    m_states->setCurrentWidget(m_empty);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(8);
    layout->addLayout(top);
    layout->addWidget(m_banner);
    layout->addWidget(m_states, 1);
    layout->addWidget(m_count);
}

AuditPage::~AuditPage() = default;

QWidget *AuditPage::createEmptyState()
{
    auto *state = new QWidget(this);
    state->setObjectName(u"emptyState"_s);
    auto *icon = new QLabel(state);
    icon->setPixmap(QIcon::fromTheme(u"view-history"_s, QIcon(u":/icons/usage.svg"_s)).pixmap(64, 64));
    icon->setAlignment(Qt::AlignHCenter);
    auto *title = new QLabel(tr("Nothing recorded yet"), state);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    title->setFont(big);
    title->setAlignment(Qt::AlignHCenter);
    auto *text = new QLabel(tr("Providers, keys, budgets and routing configs you change, and every call from "
                               "Compare, the command line and the gateway, are entered here with the time and "
                               "who made them — never a key, a prompt or an answer. Each entry is chained to the "
                               "one before, so Verify can tell whether any was changed or removed."),
                            state);
    text->setObjectName(u"emptyText"_s);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignHCenter);
    auto *column = new QVBoxLayout;
    column->setSpacing(12);
    column->addWidget(icon);
    column->addWidget(title);
    column->addWidget(text);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addLayout(column, 4);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(state);
    layout->addStretch(2);
    layout->addLayout(row);
    layout->addStretch(3);
    return state;
}

void AuditPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void AuditPage::refresh()
{
    if (m_reading)
        return;
    m_reading = true;
    using Read = std::expected<QList<Audit::AuditEntry>, QString>;
    offThread<Read>(
        this, [dir = m_dataDir] { return Audit::AuditLog::read(dir); },
        [this](Read read) {
            m_reading = false;
            m_all = read.value_or(QList<Audit::AuditEntry>{});
            if (!read) {
                m_banner->setText(read.error());
                m_banner->show();
            }
            applyFilters();
            Q_EMIT refreshed();
        });
}

void AuditPage::verify()
{
    m_verify->setEnabled(false);
    m_banner->setText(tr("Verifying…"));
    m_banner->setStyleSheet({});
    m_banner->show();
    offThread<Audit::AuditVerification>(
        this, [dir = m_dataDir] { return Audit::AuditLog::verify(dir); },
        [this](const Audit::AuditVerification &result) {
            m_verify->setEnabled(true);
            showVerification(result);
            Q_EMIT verified(result);
        });
}

void AuditPage::showVerification(const Audit::AuditVerification &result)
{
    const QLocale locale;
    QString text;
    QColor colour;
    if (result.intact && result.entries == 0) {
        text = tr("The audit log is empty: nothing to verify.");
    } else if (result.intact) {
        text = tr("Intact: all %1 entries are as they were written. The last hash is %2 — keep a copy elsewhere "
                  "to prove later that nothing before it changed.")
                   .arg(locale.toString(result.entries), result.lastHash);
    } else {
        text = tr("Broken at entry %1%2: %3.")
                   .arg(locale.toString(result.brokenSeq),
                        result.brokenLine > 0 ? tr(" (line %1)").arg(locale.toString(result.brokenLine)) : QString(),
                        result.problem);
        if (result.lastSeq > 0)
            text += u' ' + tr("Entries 1 to %1 are intact.").arg(locale.toString(result.lastSeq));
        colour = Widgets::StatusColors::error(palette());
    }
    m_banner->setText(text);
    m_banner->setStyleSheet(colour.isValid() ? u"color: %1;"_s.arg(colour.name()) : QString());
    m_banner->show();
}

void AuditPage::applyFilters()
{
    const QString kind = m_kind->currentData().toString();
    const QString source = m_source->currentData().toString();
    const int days = m_period->currentData().toInt();
    const QDateTime since = days < 0 ? QDateTime() : QDate::currentDate().addDays(-days).startOfDay();
    QList<Audit::AuditEntry> shown;
    for (const Audit::AuditEntry &e : std::as_const(m_all)) {
        if (!kind.isEmpty() && e.kind != kind && !e.kind.startsWith(kind + u'.'))
            continue;
        if (!source.isEmpty() && e.source != source)
            continue;
        if (since.isValid() && e.time < since)
            continue;
        shown.append(e);
    }
    const qsizetype count = shown.size();
    m_model->setEntries(std::move(shown));
    const QLocale locale;
    m_count->setText(count == m_all.size() ? tr("%n entry(s)", nullptr, int(count))
                                           : tr("%1 of %2 entries").arg(locale.toString(count), locale.toString(m_all.size())));
    m_states->setCurrentWidget(m_all.isEmpty() ? m_empty : static_cast<QWidget *>(m_table));
}

} // namespace Switchyard::AuditUi
