#include "stream/sseparser.h"

namespace Switchyard::Stream {

void SseParser::reset()
{
    m_lines.reset();
    m_data.resize(0);
    m_type.resize(0);
    m_id.resize(0);
    m_retryMs.reset();
    m_hasData = false;
    m_atStart = true;
}

bool SseParser::processLine(QByteArrayView line)
{
    if (m_atStart) {
        m_atStart = false;
        if (line.startsWith("\xEF\xBB\xBF"))
            line = line.sliced(3);
    }
    if (line.isEmpty())
        return true;
    if (line.front() == ':')
        return false; // comment, e.g. OpenRouter's ": OPENROUTER PROCESSING" keep-alives

    QByteArrayView field = line;
    QByteArrayView value;
    if (const qsizetype colon = line.indexOf(':'); colon >= 0) {
        field = line.first(colon);
        value = line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
    }

    if (field == "data") {
        if (m_data.size() + value.size() + 1 > m_lines.maxLine()) {
            m_lines.markOverflowed();
            m_data = QByteArray();
            m_hasData = false;
            return false;
        }
        if (m_hasData)
            m_data.append('\n');
        m_data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_type.assign(value);
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_id.assign(value);
    } else if (field == "retry") {
        bool ok = false;
        const int ms = value.toInt(&ok);
        if (ok && ms >= 0 && !value.startsWith('+'))
            m_retryMs = ms;
    }
    return false;
}

} // namespace Switchyard::Stream
