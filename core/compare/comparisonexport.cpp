#include "compare/comparisonexport.h"

#include "providers/provideradapter.h"

#include "base/units.h"
#include "compare/conversation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Switchyard::Compare::ComparisonExport {
namespace {

qsizetype turnCount(const QList<const Conversation *> &panes)
{
    qsizetype n = 0;
    for (const Conversation *c : panes)
        n = std::max(n, c->turns().size());
    return n;
}

QString cost(const Turn &turn)
{
    const QString amount = Base::Units::usd(turn.cost.nanoUsd);
    return turn.cost.isKnown() && turn.cost.estimated ? u"≈"_s + amount : amount;
}

// A table cell must stay on one line and must not end the cell early.
QString cell(QString text)
{
    return text.replace(u'|', u"\\|"_s).replace(u'\n', u' ');
}

QString tokens(qint64 n, bool estimated = false)
{
    return n < 0 ? u"–"_s : (estimated ? u"≈"_s : QString()) + QString::number(n);
}

QJsonValue number(double v)
{
    return v < 0 ? QJsonValue() : QJsonValue(v);
}

} // namespace

QString toMarkdown(const QList<const Conversation *> &panes, const QDateTime &when)
{
    QString md = u"# Comparison, %1\n\n"_s.arg(when.toString(Qt::ISODate));
    QStringList models;
    for (const Conversation *c : panes)
        models.append(u'`' + c->label() + u'`');
    md += u"Models: "_s + models.join(u", "_s) + u"\n"_s;

    for (qsizetype i = 0; i < turnCount(panes); ++i) {
        QString prompt;
        for (const Conversation *c : panes) {
            if (i < c->turns().size()) {
                prompt = c->turns().at(i).prompt;
                break;
            }
        }
        md += u"\n## Prompt %1\n\n"_s.arg(i + 1);
        for (const QString &line : prompt.split(u'\n'))
            md += u"> "_s + line + u'\n';
        md += u"\n| Model | TTFT | Speed | Total | Tokens in | Tokens out | Cost | Status |\n"
              u"| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n"_s;
        for (const Conversation *c : panes) {
            if (i >= c->turns().size())
                continue;
            const Turn &t = c->turns().at(i);
            const QString state = !t.error ? u"ok"_s : t.answer.isEmpty() ? u"failed"_s : u"incomplete"_s;
            md += u"| %1 | %2 | %3 | %4 | %5 | %6 | %7 | %8 |\n"_s.arg(
                cell(c->label()), Base::Units::seconds(t.figures.ttftMs), Base::Units::tokensPerSecond(t.figures.tokensPerSecond),
                Base::Units::seconds(t.figures.totalMs), tokens(t.figures.tokensIn),
                tokens(t.figures.tokensOut, t.figures.tokensOutEstimated), cost(t), state);
        }
        for (const Conversation *c : panes) {
            if (i >= c->turns().size())
                continue;
            const Turn &t = c->turns().at(i);
            md += u"\n### "_s + c->label() + u"\n\n"_s;
            md += t.answer.isEmpty() ? u"*(no answer)*"_s : t.answer;
            md += u'\n';
            if (t.error)
                md += u"\n> **Error:** "_s + t.error->message + u'\n';
        }
    }
    return md;
}

QByteArray toJson(const QList<const Conversation *> &panes, const QDateTime &when)
{
    QJsonArray models;
    for (const Conversation *c : panes) {
        QJsonArray turns;
        for (const Turn &t : c->turns())
            turns.append(turnToJson(t));
        models.append(QJsonObject{{u"model"_s, c->label()}, {u"turns"_s, turns}});
    }
    return QJsonDocument(QJsonObject{{u"exported"_s, when.toString(Qt::ISODate)}, {u"panes"_s, models}}).toJson();
}

std::expected<QList<PaneRecord>, QString> fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return std::unexpected(u"%1 at offset %2"_s.arg(error.errorString()).arg(error.offset));
    if (!doc.object().value("panes"_L1).isArray())
        return std::unexpected(u"not a saved comparison (no \"panes\" array)"_s);
    QList<PaneRecord> panes;
    for (const QJsonValue &p : doc.object().value("panes"_L1).toArray()) {
        PaneRecord pane{.model = p["model"_L1].toString(), .turns = {}};
        if (pane.model.trimmed().isEmpty())
            return std::unexpected(u"a pane without a model (provider/model or a route)"_s);
        for (const QJsonValue &t : p["turns"_L1].toArray())
            pane.turns.append(turnFromJson(t.toObject()));
        panes.append(pane);
    }
    return panes;
}

QJsonObject turnToJson(const Turn &t)
{
    QJsonObject o{{u"prompt"_s, t.prompt},
                  {u"answer"_s, t.answer},
                  {u"ttft_ms"_s, number(t.figures.ttftMs)},
                  {u"total_ms"_s, number(t.figures.totalMs)},
                  {u"tokens_per_s"_s, number(t.figures.tokensPerSecond)},
                  {u"tokens_in"_s, number(double(t.figures.tokensIn))},
                  {u"tokens_out"_s, number(double(t.figures.tokensOut))},
                  {u"tokens_out_estimated"_s, t.figures.tokensOutEstimated}};
    if (!t.reasoning.isEmpty())
        o.insert(u"reasoning"_s, t.reasoning);
    if (!t.answeredBy.isEmpty())
        o.insert(u"answered_by"_s, t.answeredBy);
    if (t.cost.isKnown()) {
        o.insert(u"cost_usd"_s, double(*t.cost.nanoUsd) / 1e9);
        o.insert(u"cost_estimated"_s, t.cost.estimated);
    }
    if (t.error) {
        o.insert(u"error"_s, t.error->message);
        o.insert(u"error_kind"_s, int(t.error->kind));
        o.insert(u"http_status"_s, t.error->httpStatus);
    }
    return o;
}

Turn turnFromJson(const QJsonObject &t)
{
    const auto count = [](const QJsonValue &v) { return Providers::ProviderAdapter::tokenCount(v); };
    auto real = [](const QJsonValue &v) { return v.isDouble() ? v.toDouble() : -1.0; };
    Turn turn{.prompt = t["prompt"_L1].toString(), .answer = t["answer"_L1].toString(),
              .reasoning = t["reasoning"_L1].toString(), .finished = true,
              .answeredBy = t["answered_by"_L1].toString()};
    turn.figures = {.ttftMs = real(t["ttft_ms"_L1]), .totalMs = real(t["total_ms"_L1]),
                    .tokensIn = count(t["tokens_in"_L1]), .tokensOut = count(t["tokens_out"_L1]),
                    .tokensOutEstimated = t["tokens_out_estimated"_L1].toBool(),
                    .tokensPerSecond = real(t["tokens_per_s"_L1])};
    if (t["cost_usd"_L1].isDouble()) {
        turn.cost.nanoUsd = qRound64(t["cost_usd"_L1].toDouble() * 1e9);
        turn.cost.estimated = t["cost_estimated"_L1].toBool();
    }
    if (t["error"_L1].isString()) {
        turn.error = Providers::CallError{
            .kind = Providers::CallError::Kind(t["error_kind"_L1].toInt(int(Providers::CallError::Kind::Network))),
            .message = t["error"_L1].toString(),
            .httpStatus = t["http_status"_L1].toInt()};
    }
    return turn;
}

} // namespace Switchyard::Compare::ComparisonExport
