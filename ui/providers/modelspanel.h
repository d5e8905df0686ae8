#pragma once

#include "providers/providerscontext.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QToolButton;

namespace Switchyard::Catalog {
class OpenRouterDownload;
struct ImportSummary;
}

namespace Switchyard::ProvidersUi {

class ModelFilterModel;
class ModelTableModel;
class PriceOverrideDialog;

/// The Providers page's Models tab: the models of the enabled providers with
/// their prices, sortable and filterable; stars for favourites (first in the
/// Compare pickers); a price override for the selected model; OpenRouter's
/// price list imported from a file or fetched, with a summary of what changed.
class ModelsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelsPanel)

public:
    explicit ModelsPanel(const ProvidersContext &context, QWidget *parent = nullptr);
    ~ModelsPanel() override;

    [[nodiscard]] QTableView *table() const { return m_table; }
    [[nodiscard]] ModelTableModel *model() const { return m_model; }
    /// Shows one provider's models only (empty: all).
    void showProvider(const QString &providerId);
    void setFilterText(const QString &text);
    /// The row shown at a view row, or -1.
    [[nodiscard]] int sourceRow(int viewRow) const;

    /// Reads an OpenRouter /api/v1/models file into the catalog and keeps it;
    /// false with the reason shown.
    bool importFile(const QString &path);
    /// Downloads OpenRouter's list (from url, normally openrouter.ai) and
    /// imports it; the summary or the error appears when it is done.
    void fetch(const QUrl &url);
    /// Opens the price dialog for the model at a view row; returns it.
    PriceOverrideDialog *editPrice(int viewRow);
    void toggleFavourite(int viewRow);

Q_SIGNALS:
    /// Prices changed (an override or an import): other views may re-read them.
    void catalogChanged();

private:
    void fillProviders();
    void updateFooter();
    void updateButtons();
    void showImport(const QString &source, const Catalog::ImportSummary &summary);
    void showImportError(const QString &message);
    bool import(const QByteArray &json, const QString &source);

    ProvidersContext m_context;
    ModelTableModel *m_model = nullptr;
    ModelFilterModel *m_filter = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_provider = nullptr;
    QCheckBox *m_favouritesOnly = nullptr;
    QTableView *m_table = nullptr;
    QToolButton *m_star = nullptr;
    QToolButton *m_editPrice = nullptr;
    QPushButton *m_import = nullptr;
    QLabel *m_footer = nullptr;
    QLabel *m_importSummary = nullptr;
    QPlainTextEdit *m_importDetails = nullptr;
    QPointer<Catalog::OpenRouterDownload> m_download;
};

} // namespace Switchyard::ProvidersUi
