#pragma once

#include <QStyledItemDelegate>

namespace Switchyard::RoutingUi {

/// Draws a rule of RuleListModel on two lines: "2. tagged private → private"
/// and, dimmed below it, what the rule looks at ("tagged private, hr").
class RuleItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleItemDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    ~RuleItemDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace Switchyard::RoutingUi
