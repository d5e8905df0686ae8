#include "compare/historydialog.h"

#include "compare/comparisonhistory.h"

#include <QBoxLayout>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace Switchyard::CompareUi {

HistoryDialog::HistoryDialog(const Compare::ComparisonHistory &history, QWidget *parent)
    : QDialog(parent)
    , m_history(history)
{
    setWindowTitle(tr("Comparison History"));
    resize(560, 480);

    m_search = new QLineEdit(this);
    m_search->setObjectName(u"search"_s);
    m_search->setPlaceholderText(tr("Search titles…"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, &HistoryDialog::reload);

    m_list = new QListWidget(this);
    m_list->setObjectName(u"comparisons"_s);
    m_list->setAlternatingRowColors(true);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        m_chosen = item->data(Qt::UserRole).toString();
        accept();
    });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_open = buttons->addButton(tr("Open"), QDialogButtonBox::AcceptRole);
    m_open->setObjectName(u"open"_s);
    m_delete = buttons->addButton(tr("Delete…"), QDialogButtonBox::DestructiveRole);
    m_delete->setObjectName(u"delete"_s);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_list->currentItem()) {
            m_chosen = item->data(Qt::UserRole).toString();
            accept();
        }
    });
    connect(m_delete, &QPushButton::clicked, this, &HistoryDialog::removeSelected);
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *current) {
        m_open->setEnabled(current);
        m_delete->setEnabled(current);
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    layout->addWidget(buttons);
    m_search->setFocus();
    reload();
}

void HistoryDialog::reload()
{
    // Asked on the usage store's thread; a reply to an older search is dropped.
    const QString search = m_search->text().trimmed();
    const int generation = ++m_generation;
    m_history.entries(search, this, [this, generation, search](const QList<Compare::HistoryEntry> &entries) {
        if (generation == m_generation)
            showEntries(entries, search);
    });
}

void HistoryDialog::showEntries(const QList<Compare::HistoryEntry> &entries, const QString &search)
{
    m_list->clear();
    const QLocale locale;
    for (const auto &entry : entries) {
        QString details = entry.models.join(u", "_s);
        if (!entry.project.isEmpty())
            details += u" · "_s + entry.project;
        auto *item = new QListWidgetItem(u"%1\n%2 · %3"_s.arg(entry.title, details,
                                                             locale.toString(entry.updated.toLocalTime(), QLocale::ShortFormat)),
                                         m_list);
        item->setData(Qt::UserRole, entry.id);
        item->setToolTip(entry.title);
    }
    if (m_list->count() == 0) {
        auto *empty = new QListWidgetItem(search.isEmpty() ? tr("No comparisons yet: each one is kept here once a prompt has been sent.")
                                                           : tr("No comparison title contains “%1”.").arg(search),
                                          m_list);
        empty->setFlags(Qt::NoItemFlags);
    } else {
        m_list->setCurrentRow(0);
    }
    m_open->setEnabled(m_list->currentItem() && (m_list->currentItem()->flags() & Qt::ItemIsEnabled));
    m_delete->setEnabled(m_open->isEnabled());
    Q_EMIT listed();
}

void HistoryDialog::removeSelected()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    const auto answer = QMessageBox::question(this, tr("Delete Comparison"),
                                              tr("Delete “%1” from the history? This cannot be undone.")
                                                  .arg(item->toolTip()));
    if (answer != QMessageBox::Yes)
        return;
    m_history.remove(item->data(Qt::UserRole).toString(), this, [this](bool removed) {
        if (!removed)
            QMessageBox::warning(this, tr("Delete Comparison"), tr("The comparison could not be deleted."));
        reload();
    });
}

} // namespace Switchyard::CompareUi
