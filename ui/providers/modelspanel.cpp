#include "providers/modelspanel.h"

#include "base/units.h"
#include "catalog/openrouterdownload.h"
#include "catalog/pricecatalog.h"
#include "providers/modelfiltermodel.h"
#include "providers/modeltablemodel.h"
#include "providers/priceoverridedialog.h"
#include "providers/providerregistry.h"
#include "providers/providerstatus.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QComboBox>
#include <QDate>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace Switchyard::ProvidersUi {
namespace {

QString perMillion(const std::optional<qint64> &amount)
{
    return amount ? Base::Units::usd(*amount * 1000) : QObject::tr("unknown");
}

} // namespace

ModelsPanel::ModelsPanel(const ProvidersContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
{
    m_model = new ModelTableModel(m_context.registry, m_context.catalog, this);
    m_filter = new ModelFilterModel(this);
    m_filter->setSourceModel(m_model);

    m_search = new QLineEdit(this);
    m_search->setObjectName(u"modelFilter"_s);
    m_search->setPlaceholderText(tr("Filter models, e.g. claude or mini"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Filter models"));
    connect(m_search, &QLineEdit::textChanged, m_filter, &ModelFilterModel::setText);

    m_provider = new QComboBox(this);
    m_provider->setObjectName(u"providerFilter"_s);
    m_provider->setAccessibleName(tr("Provider"));
    // Narrow enough for an 800-pixel screen; the list opens wide anyway.
    m_provider->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_provider->setMinimumContentsLength(12);
    connect(m_provider, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setProviderId(m_provider->currentData().toString()); });

    m_favouritesOnly = new QCheckBox(tr("Starred only"), this);
    m_favouritesOnly->setObjectName(u"favouritesOnly"_s);
    connect(m_favouritesOnly, &QCheckBox::toggled, m_filter, &ModelFilterModel::setFavouritesOnly);

    m_star = new QToolButton(this);
    m_star->setText(tr("Star"));
    m_star->setObjectName(u"star"_s);
    m_star->setToolTip(tr("Star or unstar the selected model; starred models come first in the Compare pickers "
                          "(or click the ☆ in its row)"));
    connect(m_star, &QToolButton::clicked, this, [this] { toggleFavourite(m_table->currentIndex().row()); });

    m_editPrice = new QToolButton(this);
    m_editPrice->setText(tr("Edit Price…"));
    m_editPrice->setObjectName(u"editPrice"_s);
    m_editPrice->setToolTip(tr("Set your own price for the selected model"));
    connect(m_editPrice, &QToolButton::clicked, this, [this] { editPrice(m_table->currentIndex().row()); });

    auto *importMenu = new QMenu(this);
    QAction *fromFile = importMenu->addAction(tr("From a &File…"));
    connect(fromFile, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import OpenRouter Prices"), QString(),
                                                          tr("OpenRouter model list (*.json)"));
        if (!path.isEmpty())
            importFile(path);
    });
    QAction *online = importMenu->addAction(tr("&Fetch from openrouter.ai"));
    online->setToolTip(tr("Downloads %1 (public; no key is sent)").arg(Catalog::OpenRouterDownload::defaultUrl().toString()));
    connect(online, &QAction::triggered, this, [this] { fetch(Catalog::OpenRouterDownload::defaultUrl()); });
    // A push button: it draws its menu arrow beside the text, not over it.
    m_import = new QPushButton(tr("Import Prices"), this);
    m_import->setObjectName(u"importPrices"_s);
    m_import->setToolTip(tr("Merge OpenRouter's model list (GET /api/v1/models): prices for hundreds of models"));
    m_import->setMenu(importMenu);

    m_table = new QTableView(this);
    m_table->setObjectName(u"modelTable"_s);
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ModelTableModel::Favourite, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(ModelTableModel::Favourite, QHeaderView::Fixed);
    header->setSectionResizeMode(ModelTableModel::Model, QHeaderView::Stretch);
    header->resizeSection(ModelTableModel::Favourite, m_table->fontMetrics().horizontalAdvance(u"★"_s) + 20);
    header->resizeSection(ModelTableModel::Provider, 120);
    for (int column : {ModelTableModel::Context, ModelTableModel::Input, ModelTableModel::Output,
                       ModelTableModel::Cached})
        header->resizeSection(column, m_table->fontMetrics().horizontalAdvance(u"price unknown"_s) + 24);
    header->resizeSection(ModelTableModel::Capabilities,
                          m_table->fontMetrics().horizontalAdvance(u"tools · vision · JSON · reasoning"_s) + 16);
    header->resizeSection(ModelTableModel::Source, 130);
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex &index) {
        if (index.column() == ModelTableModel::Favourite)
            toggleFavourite(index.row());
    });
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.column() != ModelTableModel::Favourite)
            editPrice(index.row());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ModelsPanel::updateButtons);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &ModelsPanel::updateFooter);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &ModelsPanel::updateFooter);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &ModelsPanel::updateFooter);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &ModelsPanel::updateFooter);
    connect(m_context.registry, &Providers::ProviderRegistry::changed, this, &ModelsPanel::fillProviders);

    m_footer = new QLabel(this);
    m_footer->setObjectName(u"modelFooter"_s);
    m_footer->setForegroundRole(QPalette::PlaceholderText);
    m_footer->setWordWrap(true);
    m_importSummary = new QLabel(this);
    m_importSummary->setObjectName(u"importSummary"_s);
    m_importSummary->setWordWrap(true);
    m_importSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_importSummary->hide();
    m_importDetails = new QPlainTextEdit(this);
    m_importDetails->setObjectName(u"importDetails"_s);
    m_importDetails->setReadOnly(true);
    m_importDetails->setMaximumHeight(m_importDetails->fontMetrics().lineSpacing() * 5 + 12);
    m_importDetails->hide();

    auto *bar = new QHBoxLayout;
    bar->setSpacing(8);
    bar->addWidget(m_search, 2);
    bar->addWidget(m_provider);
    bar->addWidget(m_favouritesOnly);
    bar->addStretch(1);
    bar->addWidget(m_star);
    bar->addWidget(m_editPrice);
    bar->addWidget(m_import);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->setSpacing(8);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_importSummary);
    layout->addWidget(m_importDetails);
    layout->addWidget(m_footer);

    fillProviders();
    updateFooter();
    updateButtons();
}

ModelsPanel::~ModelsPanel() = default;

void ModelsPanel::fillProviders()
{
    const QString current = m_provider->currentData().toString();
    const QSignalBlocker blocker(m_provider);
    m_provider->clear();
    m_provider->addItem(tr("All providers"), QString());
    for (const Providers::ProviderEntry &entry : m_context.registry->entries()) {
        if (entry.enabled)
            m_provider->addItem(entry.config.displayName, entry.config.id);
    }
    m_provider->setCurrentIndex(std::max(0, m_provider->findData(current)));
    m_filter->setProviderId(m_provider->currentData().toString());
}

void ModelsPanel::showProvider(const QString &providerId)
{
    m_provider->setCurrentIndex(std::max(0, m_provider->findData(providerId)));
}

void ModelsPanel::setFilterText(const QString &text)
{
    m_search->setText(text);
}

int ModelsPanel::sourceRow(int viewRow) const
{
    const QModelIndex index = m_filter->mapToSource(m_filter->index(viewRow, 0));
    return index.isValid() ? index.row() : -1;
}

void ModelsPanel::updateFooter()
{
    int unpriced = 0;
    for (int row = 0; row < m_filter->rowCount(); ++row)
        unpriced += m_filter->index(row, 0).data(ModelTableModel::PricedRole).toBool() ? 0 : 1;
    const QString taken = m_context.catalog ? m_context.catalog->pricesTaken() : QString();
    const int months = m_context.catalog ? m_context.catalog->pricesAgeMonths(QDate::currentDate()) : -1;
    const bool stale = months > Catalog::PriceCatalog::StaleAfterMonths;
    // Prices change every few months: old ones say so, and how to renew them.
    const QString asOf = taken.isEmpty() ? tr("bundled prices of an unknown date")
        : stale ? tr("bundled prices as of %1, %2 months old: Update Prices… fetches current ones")
                      .arg(taken)
                      .arg(months)
                : tr("bundled prices as of %1").arg(taken);
    m_import->setText(stale ? tr("Update Prices…") : tr("Import Prices"));
    m_footer->setText(tr("%1 shown, %2 without a price · US dollars per million tokens · %3 · "
                         "double-click a model to set its price")
                          .arg(ProviderStatus::models(m_filter->rowCount()))
                          .arg(unpriced)
                          .arg(asOf));
    updateButtons();
}

void ModelsPanel::updateButtons()
{
    const int row = sourceRow(m_table->currentIndex().row());
    const bool chosen = row >= 0;
    m_star->setEnabled(chosen);
    m_editPrice->setEnabled(chosen && m_context.catalog);
    m_import->setEnabled(m_context.catalog);
    if (chosen)
        m_star->setText(m_model->modelAt(row).favourite ? tr("Unstar") : tr("Star"));
}

void ModelsPanel::toggleFavourite(int viewRow)
{
    const int row = sourceRow(viewRow);
    if (row < 0)
        return;
    const Providers::AvailableModel model = m_model->modelAt(row);
    if (const auto saved = m_context.registry->setFavourite(model.label(), !model.favourite); !saved) {
        showImportError(tr("Could not keep the star: %1").arg(saved.error()));
        return;
    }
    // The registry's change reloaded the table; keep the same model selected.
    for (int r = 0; r < m_filter->rowCount(); ++r) {
        if (m_filter->index(r, 0).data(ModelTableModel::LabelRole).toString() == model.label()) {
            m_table->setCurrentIndex(m_filter->index(r, ModelTableModel::Model));
            break;
        }
    }
}

PriceOverrideDialog *ModelsPanel::editPrice(int viewRow)
{
    const int row = sourceRow(viewRow);
    if (row < 0 || !m_context.catalog)
        return nullptr;
    const Providers::AvailableModel model = m_model->modelAt(row);
    auto *dialog = new PriceOverrideDialog(m_context.catalog, model.providerId, model.modelId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        m_model->reload();
        Q_EMIT catalogChanged();
    });
    dialog->open();
    return dialog;
}

bool ModelsPanel::importFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showImportError(tr("Could not read %1: %2").arg(path, file.errorString()));
        return false;
    }
    return import(file.readAll(), QFileInfo(path).fileName());
}

void ModelsPanel::fetch(const QUrl &url)
{
    if (m_download || !m_context.catalog)
        return;
    m_download = new Catalog::OpenRouterDownload(m_context.network, url, this);
    m_import->setEnabled(false);
    m_importDetails->hide();
    m_importSummary->setText(tr("Fetching %1 …").arg(url.toString()));
    m_importSummary->show();
    connect(m_download, &Catalog::OpenRouterDownload::finished, this, [this] {
        Catalog::OpenRouterDownload *download = m_download;
        m_download = nullptr;
        download->deleteLater();
        m_import->setEnabled(true);
        if (!download->error().isEmpty())
            showImportError(download->error());
        else
            import(download->body(), download->url().host());
    });
    m_download->start();
}

bool ModelsPanel::import(const QByteArray &json, const QString &source)
{
    const auto summary = m_context.catalog->importOpenRouter(json);
    if (!summary) {
        showImportError(tr("Nothing imported from %1: %2").arg(source, summary.error().message));
        return false;
    }
    // Kept, so the prices come back on the next start.
    if (const auto kept = m_context.catalog->keepImport(json); !kept)
        showImportError(tr("Imported, but not kept for the next start: %1").arg(kept.error().message));
    m_model->reload();
    Q_EMIT catalogChanged();
    showImport(source, *summary);
    return true;
}

void ModelsPanel::showImport(const QString &source, const Catalog::ImportSummary &summary)
{
    m_importSummary->setText(tr("Imported OpenRouter prices from %1: %2.").arg(source, summary.counts()));
    m_importSummary->setForegroundRole(QPalette::WindowText);
    m_importSummary->show();
    QStringList lines;
    for (const auto &change : summary.updated)
        lines.append(tr("updated %1: input %2 → %3, output %4 → %5")
                         .arg(change.modelId, perMillion(change.before.input), perMillion(change.after.input),
                              perMillion(change.before.output), perMillion(change.after.output)));
    if (!summary.added.isEmpty()) {
        const QStringList named = summary.added.mid(0, 20);
        lines.append(tr("added %1%2").arg(named.join(u", "_s),
                                         summary.added.size() > named.size()
                                             ? tr(" and %n more", nullptr, int(summary.added.size() - named.size()))
                                             : QString()));
    }
    for (const auto &rejection : summary.rejected)
        lines.append(tr("rejected %1: %2").arg(rejection.modelId, rejection.reason));
    m_importDetails->setPlainText(lines.join(u'\n'));
    m_importDetails->setVisible(!lines.isEmpty());
}

void ModelsPanel::showImportError(const QString &message)
{
    m_importSummary->setText(message);
    m_importSummary->show();
    m_importDetails->hide();
}

} // namespace Switchyard::ProvidersUi
