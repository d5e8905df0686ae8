#pragma once

#include "catalog/price.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Switchyard::Catalog {
class PriceCatalog;
}

namespace Switchyard::ProvidersUi {

/// Sets the user's own price for one model, in dollars per million tokens —
/// for a model the catalog does not know, a negotiated rate, or a list price
/// that changed — or removes it. Saved through PriceCatalog::setOverride
/// (price-overrides.json in the data folder) when Save is pressed; a failure
/// is shown in the dialog, which then stays open.
class PriceOverrideDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PriceOverrideDialog)

public:
    PriceOverrideDialog(Catalog::PriceCatalog *catalog, const QString &providerId, const QString &modelId,
                        QWidget *parent = nullptr);
    ~PriceOverrideDialog() override;

    /// The price as entered; empty fields are unknown.
    [[nodiscard]] Catalog::Price price() const;

private:
    void save();
    void removeOverride();
    void validate();

    Catalog::PriceCatalog *m_catalog = nullptr;
    QString m_providerId;
    QString m_modelId;
    QLineEdit *m_input = nullptr;
    QLineEdit *m_output = nullptr;
    QLineEdit *m_cached = nullptr;
    QLineEdit *m_reasoning = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_remove = nullptr;
};

} // namespace Switchyard::ProvidersUi
