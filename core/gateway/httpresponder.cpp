#include "gateway/httpresponder.h"

#include "gateway/httpconnection.h"

namespace Switchyard::Gateway {

HttpResponder::HttpResponder(HttpConnection *connection, quint64 serial)
    : m_connection(connection)
    , m_serial(serial)
{
}

HttpResponder::HttpResponder(HttpResponder &&other) noexcept
    : m_connection(std::exchange(other.m_connection, nullptr))
    , m_serial(other.m_serial)
{
}

HttpResponder &HttpResponder::operator=(HttpResponder &&other) noexcept
{
    if (this != &other) {
        if (HttpConnection *connection = live())
            connection->abandon(m_serial);
        m_connection = std::exchange(other.m_connection, nullptr);
        m_serial = other.m_serial;
    }
    return *this;
}

HttpResponder::~HttpResponder()
{
    if (HttpConnection *connection = live())
        connection->abandon(m_serial);
}

HttpConnection *HttpResponder::live() const
{
    HttpConnection *connection = m_connection.data();
    return connection && connection->isCurrent(m_serial) ? connection : nullptr;
}

bool HttpResponder::isOpen() const
{
    return live() != nullptr;
}

void HttpResponder::write(int status, const QHttpHeaders &headers, QByteArrayView body)
{
    if (HttpConnection *connection = live())
        connection->respond(m_serial, status, headers, body);
}

void HttpResponder::beginStream(int status, const QHttpHeaders &headers)
{
    if (HttpConnection *connection = live())
        connection->beginStream(m_serial, status, headers);
}

void HttpResponder::writeChunk(QByteArrayView data)
{
    if (HttpConnection *connection = live())
        connection->writeChunk(m_serial, data);
}

void HttpResponder::endStream(QByteArrayView last)
{
    if (HttpConnection *connection = live())
        connection->endStream(m_serial, last);
}

QMetaObject::Connection HttpResponder::onClientGone(const QObject *context, std::function<void()> slot) const
{
    if (!m_connection)
        return {};
    return QObject::connect(m_connection.data(), &HttpConnection::clientGone, context, std::move(slot));
}

} // namespace Switchyard::Gateway
