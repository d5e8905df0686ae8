#include "providers/provideritemdelegate.h"

#include "providers/providerlistmodel.h"

#include <QApplication>
#include <QPainter>

namespace Switchyard::ProvidersUi {
namespace {

constexpr int Margin = 8;
constexpr int Dot = 10;

} // namespace

ProviderItemDelegate::~ProviderItemDelegate() = default;

QColor ProviderItemDelegate::stateColor(int state, const QPalette &palette)
{
    // Traffic-light colours of middling lightness read on light and dark
    // bases alike; everything else comes from the palette.
    switch (ProviderStatus::State(state)) {
    case ProviderStatus::State::Ok:
        return QColor(0x2e, 0x9d, 0x4f);
    case ProviderStatus::State::KeyMissing:
        return QColor(0xd9, 0x8c, 0x00);
    case ProviderStatus::State::Failed:
        return QColor(0xd4, 0x45, 0x3b);
    case ProviderStatus::State::Testing:
        return palette.color(QPalette::Highlight);
    case ProviderStatus::State::NotSetUp: // quiet: most presets on a fresh install
    case ProviderStatus::State::Configured:
    case ProviderStatus::State::Checking:
    case ProviderStatus::State::Disabled:
        break;
    }
    return palette.color(QPalette::PlaceholderText);
}

void ProviderItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString name = opt.text;
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // background and focus

    const bool selected = opt.state & QStyle::State_Selected;
    const int state = index.data(ProviderListModel::StateRole).toInt();
    const QRect r = opt.rect.adjusted(Margin, Margin / 2, -Margin, -Margin / 2);
    const int lineHeight = opt.fontMetrics.height();

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF dot(r.left(), r.top() + (lineHeight - Dot) / 2.0, Dot, Dot);
    const QColor color = stateColor(state, opt.palette);
    if (ProviderStatus::State(state) == ProviderStatus::State::Disabled) {
        painter->setPen(QPen(selected ? opt.palette.color(QPalette::HighlightedText) : color, 1.5));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(dot.adjusted(1, 1, -1, -1));
    } else {
        // On the selection colour a ring keeps the dot apart from it.
        painter->setPen(selected ? QPen(opt.palette.color(QPalette::HighlightedText), 1.5) : QPen(Qt::NoPen));
        painter->setBrush(color);
        painter->drawEllipse(dot);
    }

    const QRect text = r.adjusted(Dot + Margin, 0, 0, 0);
    QFont nameFont = opt.font;
    nameFont.setWeight(QFont::DemiBold);
    painter->setFont(nameFont);
    painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(QRect(text.left(), text.top(), text.width(), lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(nameFont).elidedText(name, Qt::ElideRight, text.width()));
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::PlaceholderText));
    const QString summary = index.data(ProviderListModel::SummaryRole).toString();
    painter->drawText(QRect(text.left(), text.top() + lineHeight, text.width(), lineHeight),
                      Qt::AlignLeft | Qt::AlignVCenter, opt.fontMetrics.elidedText(summary, Qt::ElideRight, text.width()));
    painter->restore();
}

QSize ProviderItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QString summary = index.data(ProviderListModel::SummaryRole).toString();
    const QString name = index.data(Qt::DisplayRole).toString();
    const int width = std::max(option.fontMetrics.horizontalAdvance(summary),
                               option.fontMetrics.horizontalAdvance(name) + 8);
    return {Dot + 3 * Margin + width, 2 * option.fontMetrics.height() + Margin};
}

} // namespace Switchyard::ProvidersUi
