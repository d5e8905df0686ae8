#include "routing/fieldmark.h"

#include "widgets/statuscolors.h"

#include <QVariant>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace Switchyard::RoutingUi::FieldMark {
namespace {
constexpr auto InvalidProperty = "switchyardInvalid";
constexpr auto NormalTipProperty = "switchyardNormalTip";
} // namespace

void set(QWidget *field, const QString &error)
{
    const bool wasMarked = isMarked(field);
    if (error.isEmpty()) {
        if (!wasMarked)
            return;
        field->setProperty(InvalidProperty, false);
        field->setStyleSheet({});
        field->setToolTip(field->property(NormalTipProperty).toString());
        return;
    }
    if (!wasMarked)
        field->setProperty(NormalTipProperty, field->toolTip());
    field->setProperty(InvalidProperty, true);
    const QColor colour = Widgets::StatusColors::error(field->palette());
    field->setStyleSheet(u"%1 { border: 1px solid %2; border-radius: 3px; padding: 2px; }"_s.arg(
        QString::fromLatin1(field->metaObject()->className()), colour.name()));
    field->setToolTip(error);
}

bool isMarked(const QWidget *field)
{
    return field->property(InvalidProperty).toBool();
}

} // namespace Switchyard::RoutingUi::FieldMark
