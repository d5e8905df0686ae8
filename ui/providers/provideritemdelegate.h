#pragma once

#include <QStyledItemDelegate>

namespace Switchyard::ProvidersUi {

/// Draws a provider in the Providers page's list: a dot for its state (green
/// OK, amber key missing, red failed, hollow disabled), its name, and the
/// state in words on a second, muted line — colour is never the only signal.
class ProviderItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderItemDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    ~ProviderItemDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The dot's colour for a ProviderStatus::State; the same in the details.
    [[nodiscard]] static QColor stateColor(int state, const QPalette &palette);
};

} // namespace Switchyard::ProvidersUi
