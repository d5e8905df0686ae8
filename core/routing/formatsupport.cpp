#include "formatsupport.h"

#include "routing/configreader.h"

#include "catalog/price.h"
#include "providers/providerpresets.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace Switchyard::Routing::FormatSupport {

namespace {

QString normalised(const QUrl &url)
{
    QString s = url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments).toString();
    while (s.endsWith(u'/'))
        s.chop(1);
    return s.toLower();
}

} // namespace

std::optional<Providers::ProviderConfig> provider(const FormatOptions &options, const QString &id)
{
    for (const Providers::ProviderConfig &p : options.providers)
        if (p.id == id)
            return p;
    return Providers::ProviderPresets::find(id);
}

std::optional<Providers::ProviderConfig> providerAt(const FormatOptions &options, const QUrl &baseUrl)
{
    const QString wanted = normalised(baseUrl);
    if (wanted.isEmpty())
        return std::nullopt;
    for (const Providers::ProviderConfig &p : options.providers)
        if (normalised(p.baseUrl) == wanted)
            return p;
    for (const Providers::ProviderConfig &p : Providers::ProviderPresets::all())
        if (normalised(p.baseUrl) == wanted)
            return p;
    return std::nullopt;
}

QString providerIdFor(const QUrl &baseUrl)
{
    const QString host = baseUrl.host().toLower();
    if (host == "localhost"_L1 || QHostAddress(host).isLoopback())
        return u"local"_s;
    const QString label = host.section(u'.', 0, 0);
    return label.isEmpty() ? u"custom"_s : label;
}

bool hasPresetBaseUrl(const Providers::ProviderConfig &provider)
{
    const auto preset = Providers::ProviderPresets::find(provider.id);
    return preset && normalised(preset->baseUrl) == normalised(provider.baseUrl);
}

QList<const Route *> routesToExport(const RoutingConfig &config, const FormatOptions &options)
{
    QList<const Route *> routes;
    for (const Route &route : config.routes)
        if (options.route.isEmpty() || route.name == options.route)
            routes.append(&route);
    return routes;
}

QString routeLabel(const Route &route)
{
    return u"route '%1'"_s.arg(route.name);
}

QString ruleLabel(const Rule &rule, qsizetype index)
{
    return rule.name.isEmpty() ? u"rule #%1"_s.arg(index + 1) : u"rule '%1'"_s.arg(rule.name);
}

QString usdPerMillion(qint64 amount)
{
    return u"$%1/M"_s.arg(QString::number(Catalog::Price::toUsdPerMillion(amount), 'f', 2));
}

void listConstraints(const Route &route, const QString &format, int supports, QStringList &unsupported)
{
    const Constraints &c = route.constraints;
    const QString label = routeLabel(route);
    if (!(supports & int(Supports::Prices))) {
        if (c.maxInputPrice)
            unsupported.append(u"%1: max input price %2: %3 has no price limit"_s.arg(label, usdPerMillion(*c.maxInputPrice), format));
        if (c.maxOutputPrice)
            unsupported.append(u"%1: max output price %2: %3 has no price limit"_s.arg(label, usdPerMillion(*c.maxOutputPrice), format));
    }
    if (c.minContext)
        unsupported.append(u"%1: min_context %2: %3 cannot require a context length"_s.arg(label).arg(*c.minContext).arg(format));
    if (c.maxP95LatencyMs)
        unsupported.append(u"%1: max_p95_ms %2: %3 has no latency limit"_s.arg(label).arg(*c.maxP95LatencyMs).arg(format));
    if (!c.allowProviders.isEmpty())
        unsupported.append(u"%1: providers allowed (%2): %3 has no provider filter"_s.arg(label, c.allowProviders.join(u", "), format));
    if (!c.denyProviders.isEmpty())
        unsupported.append(u"%1: providers denied (%2): %3 has no provider filter"_s.arg(label, c.denyProviders.join(u", "), format));
    if (c.capabilities != Catalog::Capabilities())
        unsupported.append(u"%1: required capabilities: %2 cannot require model capabilities"_s.arg(label, format));
    if (c.data != DataPolicy::Any && !(supports & int(Supports::DataPolicy)))
        unsupported.append(u"%1: data policy %2: %3 cannot require a data policy"_s.arg(label, dataPolicyName(c.data), format));
}

QList<int> wholeWeights(const QList<double> &weights)
{
    QList<int> out;
    for (int scale : {1, 2, 4, 5, 10, 20, 25, 50, 100, 1000}) {
        out.clear();
        bool whole = true;
        for (double w : weights) {
            const double scaled = w * scale;
            const double rounded = std::round(scaled);
            // Clamped: an int cannot hold 1e77 (fuzz_import_portkey found it),
            // and converting past its range is undefined behaviour.
            constexpr double MaxWeight = std::numeric_limits<int>::max();
            whole = whole && rounded >= 1 && rounded <= MaxWeight
                && std::abs(scaled - rounded) <= 0.01 * std::max(1.0, rounded);
            out.append(int(std::clamp(rounded, 1.0, MaxWeight)));
        }
        if (whole)
            return out;
    }
    return out;
}

SourcePosition positionAt(const QByteArray &text, qsizetype offset)
{
    SourcePosition p{1, 1};
    for (qsizetype i = 0; i < std::min(offset, text.size()); ++i) {
        if (text.at(i) == '\n') {
            ++p.line;
            p.column = 1;
        } else if ((uchar(text.at(i)) & 0xC0) != 0x80) { // characters, not UTF-8 continuation bytes
            ++p.column;
        }
    }
    return p;
}

SourcePosition positionOf(const YAML::Mark &mark)
{
    if (mark.is_null())
        return {};
    return {mark.line + 1, mark.column + 1};
}

SourcePosition positionOf(const YAML::Node &node)
{
    return positionOf(node.Mark());
}

QString text(const YAML::Node &node)
{
    return node.IsScalar() ? QString::fromStdString(node.Scalar()) : QString();
}

namespace {

const QRegularExpression &decimalInteger()
{
    static const QRegularExpression re(u"^[-+]?[0-9]+$"_s);
    return re;
}

std::optional<qint64> integerOf(const QString &t)
{
    bool ok = false;
    qint64 value = 0;
    if (t.startsWith("0o"_L1))
        value = t.mid(2).toLongLong(&ok, 8);
    else if (t.startsWith("0x"_L1))
        value = t.mid(2).toLongLong(&ok, 16);
    else if (decimalInteger().match(t).hasMatch())
        value = t.toLongLong(&ok, 10);
    // toLongLong takes a sign after 0o and 0x, which YAML does not.
    if (!ok || ((t.startsWith("0o"_L1) || t.startsWith("0x"_L1)) && !t.at(2).isLetterOrNumber()))
        return std::nullopt;
    return value;
}

} // namespace

QJsonValue plainScalar(const QString &t)
{
    static const QSet<QString> nulls{u""_s, u"~"_s, u"null"_s, u"Null"_s, u"NULL"_s};
    static const QSet<QString> trues{u"true"_s, u"True"_s, u"TRUE"_s, u"yes"_s, u"Yes"_s, u"YES"_s,
                                     u"on"_s,   u"On"_s,   u"ON"_s};
    static const QSet<QString> falses{u"false"_s, u"False"_s, u"FALSE"_s, u"no"_s, u"No"_s, u"NO"_s,
                                      u"off"_s,   u"Off"_s,   u"OFF"_s};
    static const QRegularExpression decimalFloat(
        u"^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"_s);
    if (nulls.contains(t))
        return QJsonValue::Null;
    if (trues.contains(t))
        return true;
    if (falses.contains(t))
        return false;
    if (const auto i = integerOf(t))
        return double(*i);
    // Decimal integers too long for 64 bits read as floats do: as doubles.
    if (decimalFloat.match(t).hasMatch())
        return t.toDouble();
    return t;
}

QJsonValue scalar(const YAML::Node &node)
{
    if (!node.IsDefined() || node.IsNull())
        return QJsonValue::Null;
    if (!node.IsScalar())
        return QJsonValue::Undefined;
    if (node.Tag() == "!")
        return text(node); // quoted: a text even when it reads like a number
    return plainScalar(text(node));
}

QJsonValue json(const YAML::Node &node)
{
    if (node.IsMap()) {
        QJsonObject o;
        for (auto it = node.begin(); it != node.end(); ++it)
            o.insert(text(it->first), json(it->second));
        return o;
    }
    if (node.IsSequence()) {
        QJsonArray a;
        for (const YAML::Node &item : node)
            a.append(json(item));
        return a;
    }
    return scalar(node);
}

std::optional<bool> boolean(const YAML::Node &node)
{
    const QJsonValue value = scalar(node);
    return value.isBool() ? std::optional(value.toBool()) : std::nullopt;
}

std::optional<double> number(const YAML::Node &node)
{
    const QJsonValue value = scalar(node);
    if (!value.isDouble() || !std::isfinite(value.toDouble()))
        return std::nullopt;
    return value.toDouble();
}

std::optional<qint64> integer(const YAML::Node &node)
{
    if (!node.IsDefined() || !node.IsScalar() || node.Tag() == "!")
        return std::nullopt;
    return integerOf(text(node));
}

void writeJson(YAML::Emitter &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object: {
        const QJsonObject o = value.toObject();
        out << YAML::BeginMap;
        for (auto it = o.begin(); it != o.end(); ++it) {
            out << YAML::Key << it.key().toStdString() << YAML::Value;
            writeJson(out, it.value());
        }
        out << YAML::EndMap;
        break;
    }
    case QJsonValue::Array:
        out << YAML::Flow << YAML::BeginSeq;
        for (const QJsonValue &item : value.toArray())
            writeJson(out, item);
        out << YAML::EndSeq;
        break;
    case QJsonValue::Bool:
        out << (value.toBool() ? "true" : "false");
        break;
    case QJsonValue::Double:
        out << QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest).toStdString();
        break;
    case QJsonValue::String:
        out << YAML::DoubleQuoted << value.toString().toStdString();
        break;
    default:
        out << YAML::Null;
        break;
    }
}

std::expected<ImportResult, ConfigErrors> finishImport(ImportResult result, ConfigErrors errors,
                                                       const QStringList &notes)
{
    if (errors.isEmpty())
        for (const ConfigError &e : ConfigReader::validate(result.config))
            if (e.isError())
                errors.append(e);
    if (!errors.isEmpty())
        return std::unexpected(errors);
    result.notes = notes;
    return result;
}

} // namespace Switchyard::Routing::FormatSupport
