#include "usage/csvexport.h"

#include "usage/usagedatabase.h"
#include "usage/usagestore.h"

#include <QDateTime>
#include <QSaveFile>
#include <QTimeZone>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Switchyard::UsageUi {
namespace {

// Spreadsheets run a cell that starts with one of these as a formula; project
// tags and model names come from callers and providers, so such a cell is
// written with a leading apostrophe (OWASP's advice for CSV injection).
bool looksLikeFormula(const QString &text)
{
    return !text.isEmpty() && QStringView(u"=+-@\t\r").contains(text.front());
}

void appendText(QByteArray &out, const QString &text)
{
    QByteArray field = (looksLikeFormula(text) ? u'\'' + text : text).toUtf8();
    if (field.contains(',') || field.contains('"') || field.contains('\n') || field.contains('\r')) {
        field.replace('"', "\"\"");
        field = '"' + field + '"';
    }
    out += field;
}

// Exact: nano-dollars as a decimal with at most nine places, no float rounding.
QByteArray usd(qint64 nano)
{
    const bool negative = nano < 0;
    const quint64 magnitude = negative ? quint64(-(nano + 1)) + 1 : quint64(nano);
    QByteArray text = QByteArray::number(magnitude / 1'000'000'000u);
    QByteArray fraction = QByteArray::number(magnitude % 1'000'000'000u).rightJustified(9, '0');
    while (fraction.endsWith('0'))
        fraction.chop(1);
    if (!fraction.isEmpty())
        text += '.' + fraction;
    return negative ? '-' + text : text;
}

template<typename T>
void appendOptional(QByteArray &out, const std::optional<T> &value, int decimals = 0)
{
    if (!value)
        return;
    if constexpr (std::is_floating_point_v<T>)
        out += QByteArray::number(*value, 'f', decimals);
    else
        out += QByteArray::number(*value);
}

} // namespace

CsvExport::CsvExport(Usage::UsageStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_poll(new QTimer(this))
{
    m_poll->setInterval(100);
    connect(m_poll, &QTimer::timeout, this, [this] {
        if (m_state)
            Q_EMIT progress(m_state->written.load(), m_total);
    });
}

CsvExport::~CsvExport()
{
    cancel();
}

QByteArray CsvExport::header()
{
    return "time_utc,day,source,project,provider,model,route,rule,status,error_class,http_status,tokens_in,"
           "tokens_out,tokens_cached,tokens_reasoning,cost_usd,cost_estimated,ttft_ms,total_ms,tokens_per_s,"
           "retries,fallback_hops\r\n";
}

QByteArray CsvExport::line(const Usage::UsageRecord &r)
{
    // RFC 4180: comma-separated, CRLF line ends, quotes doubled. Unknown
    // figures are empty cells, never 0.
    QByteArray out;
    out.reserve(256);
    out += QDateTime::fromMSecsSinceEpoch(r.timeMs, QTimeZone::UTC).toString(Qt::ISODateWithMs).toLatin1();
    out += ',';
    out += Usage::UsageDatabase::dayOf(r.timeMs).toString(Qt::ISODate).toLatin1();
    for (const QString &text : {Usage::sourceName(r.source), r.project, r.provider, r.model, r.route, r.rule,
                                Usage::statusName(r.status), r.errorClass}) {
        out += ',';
        appendText(out, text);
    }
    out += ',';
    if (r.httpStatus)
        out += QByteArray::number(r.httpStatus);
    for (const auto &count : {r.tokensIn, r.tokensOut, r.tokensCached, r.tokensReasoning}) {
        out += ',';
        appendOptional(out, count);
    }
    out += ',';
    if (r.costNanoUsd)
        out += usd(*r.costNanoUsd);
    out += ',';
    if (r.costNanoUsd)
        out += r.costEstimated ? "true" : "false";
    out += ',';
    appendOptional(out, r.ttftMs, 1);
    out += ',';
    appendOptional(out, r.totalMs, 1);
    out += ',';
    appendOptional(out, r.tokensPerSecond, 2);
    out += ',' + QByteArray::number(r.retries) + ',' + QByteArray::number(r.fallbackHops) + "\r\n";
    return out;
}

void CsvExport::start(const QString &path, const Usage::UsageFilter &filter, qint64 expectedRows)
{
    cancel(); // an export still running is superseded; its answer is ignored
    auto state = std::make_shared<State>();
    m_state = state;
    m_total = expectedRows;
    m_poll->start();
    Q_EMIT progress(0, m_total);

    m_store->query<Result>(
        this,
        [state, path, filter](Usage::UsageDatabase *db) -> Result {
            if (!db)
                return {.error = tr("The usage database is not available.")};
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly))
                return {.error = tr("Cannot write %1: %2").arg(path, file.errorString())};
            QByteArray buffer = header();
            const auto visited = db->forEachCall(filter, [&](const Usage::UsageRecord &record) {
                if (state->cancelled.load(std::memory_order_relaxed))
                    return false;
                buffer += line(record);
                if (buffer.size() >= 1 << 16) {
                    file.write(buffer);
                    buffer.clear();
                }
                state->written.fetch_add(1, std::memory_order_relaxed);
                return true;
            });
            if (state->cancelled) {
                file.cancelWriting();
                return {.cancelled = true};
            }
            if (!visited) {
                file.cancelWriting();
                return {.error = visited.error().message};
            }
            file.write(buffer);
            if (!file.commit())
                return {.error = tr("Cannot write %1: %2").arg(path, file.errorString())};
            return {.rows = *visited};
        },
        [this, state, path](Result result) {
            if (m_state != state)
                return; // superseded by a newer export
            m_state.reset();
            m_poll->stop();
            if (!result.cancelled && result.error.isEmpty())
                Q_EMIT progress(result.rows, m_total);
            Q_EMIT finished(result.rows, path, result.error, result.cancelled);
        });
}

void CsvExport::cancel()
{
    // The store's thread sees the flag at the next row, removes the partial
    // file and answers with finished(cancelled).
    if (m_state)
        m_state->cancelled = true;
}

} // namespace Switchyard::UsageUi
