#pragma once

#include <QString>
#include <QStringList>

namespace Switchyard::Providers {

/// One page of a provider's model list as its adapter decoded it. nextCursor
/// is what asks for the following page (Anthropic's last_id while has_more,
/// Gemini's nextPageToken); empty on the last page and for providers that
/// list everything at once.
struct ModelPage {
    QStringList ids;
    QString nextCursor;
};

} // namespace Switchyard::Providers
