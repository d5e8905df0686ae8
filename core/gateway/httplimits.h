#pragma once

#include <QtGlobal>

namespace Switchyard::Gateway {

/// What one client may cost the gateway's HTTP transport before a route
/// handler does any work: bytes, time and connections. Every limit is checked
/// as the bytes arrive, so that memory stays bounded whatever a client sends.
struct HttpLimits {
    qint64 maxBodyBytes = 32 * 1024 * 1024; // images inline as base64 make bodies large
    qint64 maxHeadBytes = 64 * 1024;        // request line and headers together
    int maxHeaders = 100;
    /// From a request's first byte to the end of its headers (slowloris).
    int headerTimeoutMs = 10'000;
    /// The longest pause between two pieces of a body.
    int bodyTimeoutMs = 30'000;
    /// A kept-alive connection with no request under way is closed after this.
    int idleTimeoutMs = 30'000;
    /// After a refusal the rest of what the client sends is read and thrown
    /// away for at most this long, so that it hears the answer instead of a
    /// reset; then the connection is closed.
    int lingerMs = 2'000;
    /// Open connections, from one peer address and in all. Every local
    /// program is 127.0.0.1, so on loopback the first is nearly the second.
    int maxConnectionsPerClient = 256;
    int maxConnections = 512;
    /// Answer bytes a client has not read yet; past it the client is cut off.
    qint64 maxPendingOutputBytes = 16 * 1024 * 1024;
};

} // namespace Switchyard::Gateway
