#include "routing/ruleitemdelegate.h"

#include "routing/rulelistmodel.h"

#include <QApplication>
#include <QPainter>

namespace Switchyard::RoutingUi {
namespace {
constexpr int Padding = 4;
}

RuleItemDelegate::~RuleItemDelegate() = default;

void RuleItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString title = opt.text;
    opt.text.clear();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const bool selected = opt.state.testFlag(QStyle::State_Selected);
    const QPalette::ColorGroup group = opt.state.testFlag(QStyle::State_Enabled) ? QPalette::Normal
                                                                                  : QPalette::Disabled;
    const QRect area = opt.rect.adjusted(Padding * 2, Padding, -Padding * 2, -Padding);
    const int line = opt.fontMetrics.height();
    painter->save();
    QFont bold = opt.font;
    bold.setWeight(QFont::DemiBold);
    painter->setFont(bold);
    painter->setPen(opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(QRect(area.left(), area.top(), area.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(bold).elidedText(title, Qt::ElideRight, area.width()));
    painter->setFont(opt.font);
    QColor dim = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::PlaceholderText);
    painter->setPen(dim);
    const QString summary = index.data(RuleListModel::SummaryRole).toString();
    painter->drawText(QRect(area.left() + Padding * 4, area.top() + line, area.width() - Padding * 4, line),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      opt.fontMetrics.elidedText(summary, Qt::ElideRight, area.width() - Padding * 4));
    painter->restore();
}

QSize RuleItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    return {base.width(), 2 * option.fontMetrics.height() + 2 * Padding + 2};
}

} // namespace Switchyard::RoutingUi
