#include "portkeygateway.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Switchyard::TestSupport {

namespace {

constexpr int StartTimeoutMs = 30'000;
constexpr int StopTimeoutMs = 5'000;
// What the gateway answers on GET /: tells it apart from whatever else might
// have taken the port between our probe and its start.
constexpr QByteArrayView Greeting = "AI Gateway says hey!";
const QString LogName = u"portkey-gateway.log"_s;

} // namespace

PortkeyGateway::PortkeyGateway(Installation installation)
    : m_installation(std::move(installation))
{ }

PortkeyGateway::~PortkeyGateway()
{
    stop();
}

bool PortkeyGateway::readPackage()
{
    if (m_installation.node.isEmpty() || m_installation.node.endsWith(u"-NOTFOUND"_s)
        || !QFileInfo(m_installation.node).isExecutable()) {
        m_error = u"node was not found when the build was configured: install Node.js (Debian: nodejs, as "
                  "packaging/build-deps.txt lists) and reconfigure"_s;
        return false;
    }
    const QString manifest = m_installation.packageDir + u"/package.json"_s;
    QFile file(manifest);
    if (!file.open(QIODevice::ReadOnly)) {
        m_error = u"Portkey's gateway is not installed at %1; ctest's conformance_npm_ci test installs it "
                  "(run the suite through ctest, or that test first)"_s.arg(m_installation.packageDir);
        return false;
    }
    QJsonParseError parseError;
    const QJsonObject package = QJsonDocument::fromJson(file.readAll(), &parseError).object();
    if (parseError.error != QJsonParseError::NoError) {
        m_error = u"%1: %2"_s.arg(manifest, parseError.errorString());
        return false;
    }
    m_version = package.value(u"version"_s).toString();
    // "bin" is a path, or an object of command → path; the gateway has one.
    const QJsonValue bin = package.value(u"bin"_s);
    QString entry = bin.toString();
    if (const QJsonObject commands = bin.toObject(); !commands.isEmpty())
        entry = commands.begin()->toString();
    m_entry = m_installation.packageDir + u'/' + entry;
    if (entry.isEmpty() || !QFileInfo::exists(m_entry)) {
        m_error = u"%1 names no start script that exists (bin: %2)"_s.arg(manifest, entry);
        return false;
    }
    if (!QFileInfo::exists(m_installation.preload)) {
        m_error = u"the loopback preload %1 is missing"_s.arg(m_installation.preload);
        return false;
    }
    return true;
}

bool PortkeyGateway::start()
{
    stop();
    m_error.clear();
    if (!m_dir.isValid()) {
        m_error = u"cannot make a temporary folder for the gateway's output: "_s + m_dir.errorString();
        return false;
    }
    if (!readPackage())
        return false;
    if (!m_network)
        m_network = std::make_unique<QNetworkAccessManager>();
    // The port is picked here and handed over, so another process can take it
    // in between; the gateway then exits with EADDRINUSE and a new port is tried.
    for (int attempt = 0; attempt < 3; ++attempt) {
        switch (startOnce()) {
        case Attempt::Ready:
            return true;
        case Attempt::Failed:
            return false;
        case Attempt::PortTaken:
            break;
        }
    }
    return false;
}

PortkeyGateway::Attempt PortkeyGateway::startOnce()
{
    stop();
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return fail(u"cannot find a free port on 127.0.0.1: "_s + probe.errorString());
        m_port = probe.serverPort();
    }
    QFile::remove(m_dir.filePath(LogName));

    m_process = std::make_unique<QProcess>();
    m_process->setProgram(m_installation.node);
    m_process->setArguments(
        {u"--require"_s, m_installation.preload, m_entry, u"--port=%1"_s.arg(m_port), u"--headless"_s});
    // Only what node needs. The gateway reads HTTP(S)_PROXY and would send
    // the fixture traffic through a proxy; TRUSTED_CUSTOM_HOSTS would refuse
    // 127.0.0.1 upstreams; REDIS_CONNECTION_STRING would add a cache.
    QProcessEnvironment environment;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"PATH"_s, u"HOME"_s, u"LANG"_s, u"TZ"_s}) {
        if (system.contains(name))
            environment.insert(name, system.value(name));
    }
    m_process->setProcessEnvironment(environment);
    m_process->setWorkingDirectory(m_dir.path());
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(m_dir.filePath(LogName));
    const pid_t parent = ::getpid();
    m_process->setChildProcessModifier([parent] {
        // The gateway dies with the test, even when the test crashes or ctest
        // kills it on timeout; and if the test is already gone, it never starts.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(1);
    });
    m_process->start();
    if (!m_process->waitForStarted(StartTimeoutMs))
        return fail(u"cannot start %1: %2"_s.arg(m_process->program(), m_process->errorString()));

    const QDeadlineTimer deadline(StartTimeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process->state() == QProcess::NotRunning) {
            const QString said = output();
            if (said.contains(u"EADDRINUSE"_s)) {
                m_error = u"port %1 was taken: "_s.arg(m_port) + said;
                return Attempt::PortTaken;
            }
            return fail(u"the gateway exited with status %1 before answering"_s.arg(m_process->exitCode()));
        }
        if (answersHealthCheck(2000))
            return Attempt::Ready;
        QTest::qWait(50);
    }
    return fail(
        u"the gateway did not answer GET / on port %1 within %2 s"_s.arg(m_port).arg(StartTimeoutMs / 1000));
}

bool PortkeyGateway::answersHealthCheck(int timeoutMs)
{
    std::unique_ptr<QNetworkReply> reply(m_network->get(QNetworkRequest(url(u"/"_s))));
    if (!reply->isFinished()) {
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!finished.wait(timeoutMs)) {
            reply->abort();
            return false;
        }
    }
    return reply->error() == QNetworkReply::NoError && reply->readAll().startsWith(Greeting);
}

PortkeyGateway::Attempt PortkeyGateway::fail(const QString &message)
{
    const QString said = output();
    m_error = message + u"; its output: "_s + (said.isEmpty() ? u"(none)"_s : said);
    stop();
    return Attempt::Failed;
}

void PortkeyGateway::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(StopTimeoutMs)) {
            m_process->kill();
            m_process->waitForFinished(StopTimeoutMs);
        }
    }
    m_process.reset();
    // Connections kept alive to the old process would be reused for a new
    // one on the same port and fail.
    if (m_network)
        m_network->clearConnectionCache();
}

qint64 PortkeyGateway::processId() const
{
    return m_process ? m_process->processId() : 0;
}

bool PortkeyGateway::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QUrl PortkeyGateway::url(const QString &path) const
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path));
}

QNetworkRequest PortkeyGateway::chatRequest(const QJsonObject &config) const
{
    QNetworkRequest request(url(u"/v1/chat/completions"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    request.setRawHeader(ConfigHeader.toByteArray(), QJsonDocument(config).toJson(QJsonDocument::Compact));
    return request;
}

QString PortkeyGateway::output(qsizetype maxChars) const
{
    QFile file(m_dir.filePath(LogName));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QString text = QString::fromUtf8(file.readAll());
    // The start-up spinner redraws one line with \r; colour codes are noise.
    static const QRegularExpression spinner(u"\r[^\r\n]*Starting AI Gateway\\.\\.\\."_s);
    static const QRegularExpression colours(u"\x1b\\[[0-9;]*[A-Za-z]"_s);
    text.remove(spinner).remove(colours).remove(u'\r');
    return text.right(maxChars).trimmed();
}

} // namespace Switchyard::TestSupport
