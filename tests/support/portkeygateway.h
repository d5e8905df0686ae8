#pragma once

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

class QJsonObject;
class QNetworkAccessManager;
class QNetworkRequest;
class QProcess;

namespace Switchyard::TestSupport {

/// Portkey's open-source AI gateway (npm @portkey-ai/gateway, installed by the
/// conformance_npm_ci ctest fixture) run as a child process on 127.0.0.1, for
/// tests that check exported Portkey configs against the real gateway and for
/// benchmarks that set Switchyard's gateway against it on the same upstream.
///
/// start() runs `node --require <preload> <the package's bin> --port=N
/// --headless` on a free port and returns once the gateway answers its health
/// route there. The gateway binds every interface and has no option to
/// choose one, so the preload (tests/conformance/portkey-loopback.cjs) forces
/// its server onto 127.0.0.1 and refuses its connections to anything but the
/// loopback. The child gets a minimal environment (no proxy variables, no
/// TRUSTED_CUSTOM_HOSTS that would refuse 127.0.0.1 upstreams), dies with
/// this process even when it crashes, and is stopped by stop() or the
/// destructor. Its output goes to a file, never a pipe (node blocks on a
/// full pipe while the test waits on something else); output() reads it back
/// for failure messages.
class PortkeyGateway final
{
    Q_DISABLE_COPY_MOVE(PortkeyGateway)

public:
    struct Installation
    {
        QString node;       // the node executable
        QString packageDir; // .../node_modules/@portkey-ai/gateway
        QString preload;    // portkey-loopback.cjs
    };

    /// The request headers a Portkey client sends and the response headers
    /// the gateway answers with.
    static constexpr QByteArrayView ConfigHeader = "x-portkey-config";
    /// Which target answered, as a path into the config: "config" for a
    /// single provider, "config.targets[1]", "config.targets[0].targets[1]".
    static constexpr QByteArrayView LastUsedOptionHeader = "x-portkey-last-used-option-index";
    /// Retries of the target that answered (0 when the first try did).
    static constexpr QByteArrayView RetryAttemptCountHeader = "x-portkey-retry-attempt-count";

    explicit PortkeyGateway(Installation installation);
    ~PortkeyGateway();

    /// False on failure, with errorString() saying why (and what the gateway
    /// printed). Starting a running gateway restarts it.
    [[nodiscard]] bool start();
    /// SIGTERM, then SIGKILL if it has not gone within a few seconds.
    void stop();
    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] const QString &errorString() const { return m_error; }

    [[nodiscard]] quint16 port() const { return m_port; }
    /// The gateway's process id (node), 0 when it is not running.
    [[nodiscard]] qint64 processId() const;
    /// http://127.0.0.1:PORT followed by path, e.g. "/v1/chat/completions".
    [[nodiscard]] QUrl url(const QString &path = {}) const;
    /// The package's version from its package.json; empty before start().
    [[nodiscard]] const QString &version() const { return m_version; }
    /// A POST to /v1/chat/completions with the config in the x-portkey-config
    /// header (compact JSON), ready for QNetworkAccessManager::post().
    [[nodiscard]] QNetworkRequest chatRequest(const QJsonObject &config) const;
    /// The last maxChars of what the gateway printed, without its start-up
    /// spinner and colour codes.
    [[nodiscard]] QString output(qsizetype maxChars = 4000) const;

private:
    enum class Attempt { Ready, PortTaken, Failed };
    [[nodiscard]] bool readPackage();
    [[nodiscard]] Attempt startOnce();
    [[nodiscard]] Attempt fail(const QString &message);
    [[nodiscard]] bool answersHealthCheck(int timeoutMs);

    Installation m_installation;
    QString m_entry; // the package's bin script
    QString m_version;
    QTemporaryDir m_dir;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace Switchyard::TestSupport
