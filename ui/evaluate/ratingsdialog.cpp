#include "evaluate/ratingsdialog.h"

#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Switchyard::EvaluateUi {

RatingsDialog::RatingsDialog(Usage::UsageStore *store, QWidget *parent)
    : QDialog(parent), m_store(store), m_tags(new QComboBox(this)), m_note(new QLabel(this)),
      m_table(new QTableWidget(this))
{
    setWindowTitle(tr("Model Ratings"));
    setObjectName(u"ratingsDialog"_s);
    auto *layout = new QVBoxLayout(this);
    auto *row = new QHBoxLayout;
    auto *label = new QLabel(tr("&From:"), this);
    label->setBuddy(m_tags);
    row->addWidget(label);
    m_tags->setObjectName(u"ratingsTags"_s);
    m_tags->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    row->addWidget(m_tags);
    row->addStretch(1);
    layout->addLayout(row);
    m_note->setWordWrap(true);
    m_note->setText(tr("Compare votes and evaluation judge scores as pairwise games, rated by Bradley–Terry on the Elo "
                       "scale: 1000 is the average model, 400 points are odds of ten to one. The interval is a 95% "
                       "bootstrap; the routing strategy best_rated orders by these ratings."));
    layout->addWidget(m_note);
    m_table->setObjectName(u"ratingsTable"_s);
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels({tr("Model"), tr("Rating"), tr("95% interval"), tr("Games"), tr("Score")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 5; ++c)
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    layout->addWidget(m_table, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_tags, &QComboBox::activated, this, [this] { load(m_tags->currentData().toString()); });
    resize(720, 480);
    load({});
}

void RatingsDialog::load(const QString &tag)
{
    m_tag = tag;
    if (!m_store)
        return;
    m_store->query<Fitted>(
        this,
        [tag](Usage::UsageDatabase *db) {
            Fitted out;
            if (!db) {
                out.error = tr("The usage database cannot be used.");
                return out;
            }
            const auto outcomes = Votes::Ratings::outcomes(*db);
            if (!outcomes) {
                out.error = outcomes.error().message;
                return out;
            }
            out.tags = Votes::Ratings::tags(*outcomes);
            out.ratings = Votes::Ratings::fit(*outcomes, {.tag = tag});
            return out;
        },
        [this](Fitted fitted) { present(fitted); });
}

void RatingsDialog::present(const Fitted &fitted)
{
    m_tags->clear();
    m_tags->addItem(tr("Votes and every suite"), QString());
    for (const QString &t : fitted.tags)
        m_tags->addItem(t == "compare"_L1 ? tr("Compare votes") : tr("Suite: %1").arg(t), t);
    m_tags->setCurrentIndex(std::max(0, m_tags->findData(m_tag)));
    if (!fitted.error.isEmpty())
        m_note->setText(fitted.error);
    m_table->setRowCount(int(fitted.ratings.size()));
    for (int i = 0; i < fitted.ratings.size(); ++i) {
        const Votes::Rating &r = fitted.ratings.at(i);
        const QStringList cells{r.model, QString::number(qRound(r.rating)),
                                u"%1 – %2"_s.arg(qRound(r.low)).arg(qRound(r.high)), QString::number(r.comparisons),
                                QString::number(r.score, 'g', 4)};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            item->setTextAlignment(c == 0 ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(i, c, item);
        }
    }
    Q_EMIT loaded();
}

} // namespace Switchyard::EvaluateUi
