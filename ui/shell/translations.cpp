#include "shell/translations.h"

#include <QCoreApplication>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace Switchyard::Shell::Translations {

void install(QCoreApplication &app)
{
    auto *english = new QTranslator(&app);
    if (english->load(u":/i18n/switchyard_en.qm"_s))
        QCoreApplication::installTranslator(english);
    else
        delete english;
}

} // namespace Switchyard::Shell::Translations
