#pragma once

#include <QString>

class QWidget;

namespace Switchyard::RoutingUi::FieldMark {

/// Marks a field whose text is not a valid value: a frame in the palette's
/// error colour and the reason as its tooltip; an empty error clears it.
/// The invalid value is never committed, so the config keeps the last good one.
void set(QWidget *field, const QString &error);
[[nodiscard]] bool isMarked(const QWidget *field);

} // namespace Switchyard::RoutingUi::FieldMark
