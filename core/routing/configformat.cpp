#include "configformat.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Switchyard::Routing {

ConfigFormat detectConfigFormat(const QByteArray &text)
{
    const QJsonDocument json = QJsonDocument::fromJson(text);
    if (json.isObject()) {
        const QJsonObject o = json.object();
        if (o.contains(u"version"_s) || o.contains(u"routes"_s))
            return ConfigFormat::Switchyard;
        if (o.contains(u"strategy"_s) || o.contains(u"targets"_s) || o.contains(u"provider"_s)
            || o.contains(u"virtual_key"_s))
            return ConfigFormat::Portkey;
        if (o.contains(u"model_list"_s))
            return ConfigFormat::LiteLlm;
        return ConfigFormat::Switchyard;
    }
    if (text.trimmed().startsWith('{')) {
        static const QRegularExpression ours(u"\"(version|routes)\"\\s*:"_s);
        return QString::fromUtf8(text).contains(ours) ? ConfigFormat::Switchyard : ConfigFormat::Portkey;
    }
    // YAML: a model_list key at the start of a line, outside any nesting.
    static const QRegularExpression modelList(u"^model_list\\s*:"_s, QRegularExpression::MultilineOption);
    static const QRegularExpression version(u"^version\\s*:"_s, QRegularExpression::MultilineOption);
    const QString source = QString::fromUtf8(text);
    if (source.contains(modelList) && !source.contains(version))
        return ConfigFormat::LiteLlm;
    return ConfigFormat::Switchyard;
}

} // namespace Switchyard::Routing
