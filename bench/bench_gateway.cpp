// What the local gateway adds to a call, against calling the upstream
// directly, and the same for Portkey's open-source gateway on the same
// upstream. Figures (µs; "added" is the gateway's percentile minus the direct
// call's, both measured in the same run, request by request interleaved):
//  gateway.added_p50_us, gateway.added_p99_us            sequential, non-streaming
//  gateway.added_p50_us_at_500rps, ..._p99_us_at_500rps   500 requests/s through
//                                                         the gateway (and 500/s direct)
//  gateway.added_ttft_p50_us, gateway.added_ttft_p99_us  streaming: first text
//  gateway.added_stream_total_p50_us                      streaming: the whole answer
//  gateway.messages.*, gateway.responses.*               the same through Anthropic's
//                                                         Messages API (/v1/messages) and
//                                                         OpenAI's Responses API
//                                                         (/v1/responses) to the same
//                                                         OpenAI-format upstream
//  gateway.embeddings.added_p50_us                       POST /v1/embeddings (one text, a
//                                                         1536-float vector back), sequential
//  portkey.* the same through @portkey-ai/gateway
//  gateway.vs_portkey_added_p50_x                         how many times less it adds
//  gateway.cpu_us_per_request                            CPU time of the gateway's
//                                                         process (all its threads) per
//                                                         sequential request
//
// The gateway is the real `switchyard-cli serve` in its own process, as a
// user runs it (usage log included); Portkey's runs under node. The upstream
// answers at once from threads of this process, and the clients are plain
// blocking sockets with keep-alive on other threads, so that neither the
// upstream nor the client is what is measured.

#include "support/portkeygateway.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <string>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int WarmUp = 300;
constexpr int Sequential = 2000;
constexpr int Streams = 400;
constexpr int RateThreads = 4;
constexpr int Rate = 500; // requests per second through the gateway measured
constexpr auto RateDuration = std::chrono::seconds(4);

const std::string token = "sy-bench-token-0123456789abcdef";

int loopbackSocket()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

sockaddr_in loopback(quint16 port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

bool writeAll(int fd, const std::string &data)
{
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        done += size_t(n);
    }
    return true;
}

size_t contentLength(const std::string &head)
{
    std::string lower(head);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    const size_t at = lower.find("\r\ncontent-length:");
    return at == std::string::npos ? std::string::npos : std::stoul(lower.substr(at + 17));
}

// An OpenAI-compatible upstream that answers every chat completion at once:
// JSON, or an event stream in HTTP chunks when the body asks to stream; and
// POST /v1/embeddings with one vector of text-embedding-3-small's size. One
// thread per connection, blocking: nothing here queues behind anything else.
class Upstream
{
public:
    bool start()
    {
        m_listen = loopbackSocket();
        sockaddr_in address = loopback(0);
        if (::bind(m_listen, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 || ::listen(m_listen, 128) != 0)
            return false;
        socklen_t length = sizeof address;
        ::getsockname(m_listen, reinterpret_cast<sockaddr *>(&address), &length);
        m_port = ntohs(address.sin_port);
        std::thread([this] { acceptLoop(); }).detach();
        return true;
    }
    quint16 port() const { return m_port; }

private:
    void acceptLoop()
    {
        for (;;) {
            const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0)
                return;
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            std::thread([fd] { serve(fd); }).detach();
        }
    }

    static void serve(int fd)
    {
        static const std::string json
            = R"({"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"tiny",)"
              R"("choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the bench upstream."},)"
              R"("finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}})";
        static const std::string jsonReply = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + std::to_string(json.size()) + "\r\n\r\n" + json;
        static const std::string streamReply = [] {
            const std::string head = R"({"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,)"
                                     R"("model":"tiny","choices":)";
            const std::vector<std::string> events{
                head + R"([{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})",
                head + R"([{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]})",
                head + R"([{"index":0,"delta":{"content":" from the"},"finish_reason":null}]})",
                head + R"([{"index":0,"delta":{"content":" bench upstream."},"finish_reason":null}]})",
                head + R"([{"index":0,"delta":{},"finish_reason":"stop"}]})",
                head + R"([],"usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}})",
                "[DONE]"};
            std::string out = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
            char size[16];
            for (const std::string &e : events) {
                const std::string event = "data: " + e + "\n\n";
                std::snprintf(size, sizeof size, "%zx\r\n", event.size());
                out += size + event + "\r\n";
            }
            return out + "0\r\n\r\n";
        }();

        static const std::string embeddingReply = [] {
            std::string vector;
            for (int i = 0; i < 1536; ++i)
                vector += (i ? "," : "") + std::to_string(-0.0213 + 0.0001 * (i % 97));
            const std::string answer = R"({"object":"list","data":[{"object":"embedding","index":0,"embedding":[)"
                + vector + R"(]}],"model":"tiny-embed","usage":{"prompt_tokens":3,"total_tokens":3}})";
            return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + std::to_string(answer.size()) + "\r\n\r\n" + answer;
        }();

        std::string buffer;
        char chunk[16384];
        for (;;) {
            size_t headEnd;
            while ((headEnd = buffer.find("\r\n\r\n")) == std::string::npos) {
                const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
                if (n <= 0)
                    return (void)::close(fd);
                buffer.append(chunk, size_t(n));
            }
            const size_t length = contentLength(buffer.substr(0, headEnd + 2));
            const size_t total = headEnd + 4 + (length == std::string::npos ? 0 : length);
            while (buffer.size() < total) {
                const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
                if (n <= 0)
                    return (void)::close(fd);
                buffer.append(chunk, size_t(n));
            }
            const std::string body = buffer.substr(headEnd + 4, total - headEnd - 4);
            const bool embeddings = buffer.compare(0, 20, "POST /v1/embeddings ") == 0;
            buffer.erase(0, total);
            const bool stream = body.find("\"stream\":true") != std::string::npos;
            if (!writeAll(fd, embeddings ? embeddingReply : stream ? streamReply : jsonReply))
                return (void)::close(fd);
        }
    }

    int m_listen = -1;
    quint16 m_port = 0;
};

// Where a non-empty piece of text first shows in an event stream: OpenAI's
// "content", Anthropic's "text" or a Responses "delta".
bool hasText(const std::string &body)
{
    for (const std::string field : {"\"content\":", "\"text\":", "\"delta\":"}) {
        for (size_t at = body.find(field); at != std::string::npos; at = body.find(field, at + 1)) {
            size_t i = at + field.size();
            while (i < body.size() && body[i] == ' ')
                ++i;
            if (i + 1 < body.size() && body[i] == '"' && body[i + 1] != '"')
                return true;
        }
    }
    return false;
}

struct Timing {
    bool ok = false;
    qint64 totalNs = 0;
    qint64 firstTextNs = 0;
    std::string failure; // the status line and body start of a failed call
};

// One keep-alive connection speaking just enough HTTP/1.1 to time a chat
// completion: Content-Length bodies and chunked event streams.
class Client
{
public:
    Client(quint16 port, std::string headers)
        : m_port(port)
        , m_headers(std::move(headers))
    {
    }
    ~Client() { disconnect(); }
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    Timing post(const std::string &path, const std::string &body)
    {
        if (m_fd < 0 && !connectNow())
            return {};
        const std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(m_port)
            + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n"
            + m_headers + "\r\n" + body;
        Timing timing;
        const auto started = Clock::now();
        if (!writeAll(m_fd, request))
            return disconnect(), timing;
        std::string buffer;
        char chunk[16384];
        size_t headEnd = std::string::npos;
        bool chunked = false;
        size_t length = 0;
        for (;;) {
            const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
            if (n <= 0)
                return disconnect(), timing;
            buffer.append(chunk, size_t(n));
            if (headEnd == std::string::npos) {
                headEnd = buffer.find("\r\n\r\n");
                if (headEnd == std::string::npos)
                    continue;
                const std::string head = buffer.substr(0, headEnd + 2);
                timing.ok = head.compare(0, 12, "HTTP/1.1 200") == 0;
                length = contentLength(head);
                chunked = length == std::string::npos;
            }
            if (!timing.firstTextNs && hasText(buffer.substr(headEnd)))
                timing.firstTextNs = (Clock::now() - started).count();
            const bool complete = chunked ? buffer.ends_with("\r\n0\r\n\r\n") : buffer.size() >= headEnd + 4 + length;
            if (complete)
                break;
        }
        timing.totalNs = (Clock::now() - started).count();
        if (!timing.ok)
            timing.failure = buffer.substr(0, buffer.find("\r\n")) + " " + buffer.substr(headEnd + 4, 200);
        return timing;
    }

private:
    bool connectNow()
    {
        m_fd = loopbackSocket();
        const sockaddr_in address = loopback(m_port);
        if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0)
            return true;
        disconnect();
        return false;
    }
    void disconnect()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

    quint16 m_port;
    std::string m_headers;
    int m_fd = -1;
};

// A way to reach the upstream: directly, or through a gateway, in OpenAI's
// Chat Completions or Anthropic's Messages API.
struct Path {
    enum class Api { ChatCompletions, Messages, Responses, Embeddings };
    quint16 port = 0;
    std::string headers;
    std::string model;
    Api api = Api::ChatCompletions;

    std::string endpoint() const
    {
        return api == Api::Messages       ? "/v1/messages"
            : api == Api::Responses       ? "/v1/responses"
            : api == Api::Embeddings      ? "/v1/embeddings"
                                          : "/v1/chat/completions";
    }
    std::string body(bool stream) const
    {
        if (api == Api::Messages)
            return R"({"model":")" + model + R"(","max_tokens":256,"messages":[{"role":"user","content":"Say hello."}])"
                + (stream ? R"(,"stream":true})" : "}");
        if (api == Api::Embeddings)
            return R"({"model":")" + model + R"(","input":"Say hello.","encoding_format":"float"})";
        if (api == Api::Responses)
            return R"({"model":")" + model + R"(","input":[{"role":"user","content":"Say hello."}])"
                + (stream ? R"(,"stream":true})" : "}");
        return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"Say hello."}])"
            + (stream ? R"(,"stream":true,"stream_options":{"include_usage":true}})" : "}");
    }
};

struct Samples {
    std::vector<qint64> direct;
    std::vector<qint64> gateway;
    // Streams: the whole answer, beside the first text above.
    std::vector<qint64> directTotal;
    std::vector<qint64> gatewayTotal;
    int failures = 0;
};

double percentileUs(std::vector<qint64> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t rank = size_t(std::max(1.0, std::ceil(p * double(values.size()))));
    return double(values[rank - 1]) / 1000.0;
}

// The CPU time a process's threads have run so far, from the scheduler's
// own nanosecond count (/proc/PID/task/TID/schedstat); 0 if it cannot tell.
qint64 processCpuNs(qint64 pid)
{
    qint64 total = 0;
    const QString tasks = u"/proc/%1/task"_s.arg(pid);
    for (const QString &task : QDir(tasks).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile file(tasks + u'/' + task + u"/schedstat"_s);
        if (file.open(QIODevice::ReadOnly))
            total += file.readAll().split(' ').value(0).toLongLong();
    }
    return total;
}

// Pairs of calls, one direct and one through the gateway, the order
// alternating so that neither always comes first on a warm path.
void pairs(const Path &direct, const Path &gateway, int count, bool stream, Samples &out,
           std::chrono::nanoseconds interval = {}, Clock::time_point start = Clock::now())
{
    Client toDirect(direct.port, direct.headers);
    Client toGateway(gateway.port, gateway.headers);
    const std::string directBody = direct.body(stream);
    const std::string gatewayBody = gateway.body(stream);
    const auto one = [&](Client &client, const Path &path, const std::string &body, std::vector<qint64> &into,
                         std::vector<qint64> &totals) {
        const Timing t = client.post(path.endpoint(), body);
        if (!t.ok || (stream && !t.firstTextNs)) {
            if (!out.failures++)
                std::fprintf(stderr, "bench_gateway: a call failed: %s\n",
                             t.failure.empty() ? "no text in the stream" : t.failure.c_str());
        } else {
            into.push_back(stream ? t.firstTextNs : t.totalNs);
            if (stream)
                totals.push_back(t.totalNs);
        }
    };
    for (int i = 0; i < count; ++i) {
        if (interval.count()) {
            const auto due = start + interval * i;
            if (due < Clock::now() - std::chrono::seconds(1))
                break; // fallen far behind: the rate cannot be held
            std::this_thread::sleep_until(due);
        }
        if (i % 2) {
            one(toDirect, direct, directBody, out.direct, out.directTotal);
            one(toGateway, gateway, gatewayBody, out.gateway, out.gatewayTotal);
        } else {
            one(toGateway, gateway, gatewayBody, out.gateway, out.gatewayTotal);
            one(toDirect, direct, directBody, out.direct, out.directTotal);
        }
    }
}

// Prints the figures of one gateway and returns its added p50 (µs), or a
// negative number when it failed.
double report(const char *name, const Path &direct, const Path &gateway, qint64 pid)
{
    Samples warm;
    pairs(direct, gateway, WarmUp, false, warm);
    pairs(direct, gateway, WarmUp / 10, true, warm);
    if (warm.failures) {
        std::printf("bench: %s.failed %d requests during warm-up\n", name, warm.failures);
        return -1;
    }

    Samples sequential;
    const qint64 cpuBefore = processCpuNs(pid);
    pairs(direct, gateway, Sequential, false, sequential);
    if (const qint64 cpu = processCpuNs(pid) - cpuBefore; cpu > 0)
        std::printf("bench: %s.cpu_us_per_request %.1f us\n", name, double(cpu) / 1000.0 / Sequential);
    std::printf("bench: %s.direct_p50_us %.0f us\n", name, percentileUs(sequential.direct, 0.5));
    const double addedP50 = percentileUs(sequential.gateway, 0.5) - percentileUs(sequential.direct, 0.5);
    std::printf("bench: %s.added_p50_us %.0f us\n", name, addedP50);
    std::printf("bench: %s.added_p99_us %.0f us\n", name,
                percentileUs(sequential.gateway, 0.99) - percentileUs(sequential.direct, 0.99));

    // Open loop: each thread keeps its own schedule, the threads staggered so
    // that the requests arrive evenly.
    std::vector<Samples> perThread(RateThreads);
    std::vector<std::thread> threads;
    const auto interval = std::chrono::nanoseconds(std::chrono::seconds(1)) * RateThreads / Rate;
    const int perThreadCount = int(RateDuration / interval);
    const auto start = Clock::now() + std::chrono::milliseconds(50);
    for (int t = 0; t < RateThreads; ++t)
        threads.emplace_back([&, t] {
            pairs(direct, gateway, perThreadCount, false, perThread[size_t(t)], interval, start + interval * t / RateThreads);
        });
    for (std::thread &thread : threads)
        thread.join();
    Samples loaded;
    for (const Samples &s : perThread) {
        loaded.direct.insert(loaded.direct.end(), s.direct.begin(), s.direct.end());
        loaded.gateway.insert(loaded.gateway.end(), s.gateway.begin(), s.gateway.end());
        loaded.failures += s.failures;
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("bench: %s.requests_s_at_500rps %.0f req/s\n", name, double(loaded.gateway.size()) / seconds);
    std::printf("bench: %s.added_p50_us_at_500rps %.0f us\n", name,
                percentileUs(loaded.gateway, 0.5) - percentileUs(loaded.direct, 0.5));
    std::printf("bench: %s.added_p99_us_at_500rps %.0f us\n", name,
                percentileUs(loaded.gateway, 0.99) - percentileUs(loaded.direct, 0.99));

    Samples streams;
    pairs(direct, gateway, Streams, true, streams);
    std::printf("bench: %s.added_ttft_p50_us %.0f us\n", name,
                percentileUs(streams.gateway, 0.5) - percentileUs(streams.direct, 0.5));
    std::printf("bench: %s.added_ttft_p99_us %.0f us\n", name,
                percentileUs(streams.gateway, 0.99) - percentileUs(streams.direct, 0.99));
    std::printf("bench: %s.added_stream_total_p50_us %.0f us\n", name,
                percentileUs(streams.gatewayTotal, 0.5) - percentileUs(streams.directTotal, 0.5));
    const int failures = sequential.failures + loaded.failures + streams.failures;
    if (failures)
        std::printf("bench: %s.failed_requests %d requests\n", name, failures);
    return addedP50;
}

// Another inbound API of the same gateway, to the same upstream: what it
// adds, sequential, and streamed to the first text and to the end.
void reportFront(const char *name, const Path &direct, const Path &gateway)
{
    Samples warm;
    pairs(direct, gateway, WarmUp / 3, false, warm);
    pairs(direct, gateway, WarmUp / 10, true, warm);
    if (warm.failures) {
        std::printf("bench: %s.failed %d requests during warm-up\n", name, warm.failures);
        return;
    }
    Samples sequential;
    pairs(direct, gateway, Sequential / 2, false, sequential);
    std::printf("bench: %s.added_p50_us %.0f us\n", name,
                percentileUs(sequential.gateway, 0.5) - percentileUs(sequential.direct, 0.5));
    Samples streams;
    pairs(direct, gateway, Streams, true, streams);
    std::printf("bench: %s.added_ttft_p50_us %.0f us\n", name,
                percentileUs(streams.gateway, 0.5) - percentileUs(streams.direct, 0.5));
    std::printf("bench: %s.added_stream_total_p50_us %.0f us\n", name,
                percentileUs(streams.gatewayTotal, 0.5) - percentileUs(streams.directTotal, 0.5));
    if (const int failures = sequential.failures + streams.failures)
        std::printf("bench: %s.failed_requests %d requests\n", name, failures);
}

// Embeddings through the gateway against the upstream's own /v1/embeddings:
// what it adds to a sequential call (a whole JSON answer, no stream).
void reportEmbeddings(const char *name, const Path &direct, const Path &gateway)
{
    Samples warm;
    pairs(direct, gateway, WarmUp / 3, false, warm);
    if (warm.failures) {
        std::printf("bench: %s.failed %d requests during warm-up\n", name, warm.failures);
        return;
    }
    Samples sequential;
    pairs(direct, gateway, Sequential / 2, false, sequential);
    std::printf("bench: %s.added_p50_us %.0f us\n", name,
                percentileUs(sequential.gateway, 0.5) - percentileUs(sequential.direct, 0.5));
    if (sequential.failures)
        std::printf("bench: %s.failed_requests %d requests\n", name, sequential.failures);
}

// `switchyard-cli serve` on a free port, pointed at the upstream; returns
// its port, 0 on failure.
quint16 startSwitchyard(QProcess &process, const QTemporaryDir &dir, quint16 upstream)
{
    QProcessEnvironment environment;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"PATH"_s, u"HOME"_s, u"LANG"_s, u"TZ"_s}) {
        if (system.contains(name))
            environment.insert(name, system.value(name));
    }
    environment.insert(u"SWITCHYARD_DATA_DIR"_s, dir.path());
    environment.insert(u"SWITCHYARD_GATEWAY_TOKEN"_s, QString::fromStdString(token));
    environment.insert(u"SWITCHYARD_BENCH_KEY"_s, u"sk-bench-not-a-real-key"_s);
    process.setProcessEnvironment(environment);
    process.setStandardErrorFile(dir.filePath(u"serve.log"_s));
    const pid_t parent = ::getpid();
    process.setChildProcessModifier([parent] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent)
            ::_exit(1);
    });
    // Another build's CLI for an A/B comparison on the same client and upstream.
    const QString cli = qEnvironmentVariable("SWITCHYARD_BENCH_CLI", QStringLiteral(SWITCHYARD_CLI_PATH));
    process.start(cli,
                  {u"serve"_s, u"--port"_s, u"0"_s, u"--provider"_s,
                   u"bench=openai,http://127.0.0.1:%1/v1"_s.arg(upstream), u"--key-env"_s, u"SWITCHYARD_BENCH_KEY"_s});
    if (!process.waitForStarted(5000))
        return 0;
    while (!process.canReadLine()) {
        if (!process.waitForReadyRead(15000))
            return 0;
    }
    return quint16(QUrl(QString::fromUtf8(process.readLine()).trimmed()).port());
}

// Every thread of this process onto the CPU this one is on; processes
// started afterwards (the gateways) inherit it. False if the system refused.
bool pinToOneCpu()
{
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(::sched_getcpu(), &one);
    bool pinned = true;
    for (const QString &task : QDir(u"/proc/self/task"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        pinned = ::sched_setaffinity(pid_t(task.toInt()), sizeof one, &one) == 0 && pinned;
    return pinned;
}

// One round: Switchyard's gateway, then Portkey's, the figures named
// "<gateway><suffix>.*" and "portkey<suffix>.*". False if it could not run.
bool round(const Upstream &upstream, const Path &direct, const char *suffix)
{
    const std::string ourName = std::string("gateway") + suffix;
    const std::string theirName = std::string("portkey") + suffix;
    QTemporaryDir dir;
    QProcess serve;
    const quint16 servePort = startSwitchyard(serve, dir, upstream.port());
    if (!servePort) {
        std::fprintf(stderr, "bench_gateway: switchyard-cli serve did not start\n");
        return false;
    }
    const double ours = report(ourName.c_str(), direct,
                               {.port = servePort, .headers = "Authorization: Bearer " + token + "\r\n",
                                .model = "bench/tiny"},
                               serve.processId());
    reportFront((ourName + ".messages").c_str(), direct,
                {.port = servePort, .headers = "x-api-key: " + token + "\r\nanthropic-version: 2023-06-01\r\n",
                 .model = "bench/tiny", .api = Path::Api::Messages});
    reportFront((ourName + ".responses").c_str(), direct,
                {.port = servePort, .headers = "Authorization: Bearer " + token + "\r\n", .model = "bench/tiny",
                 .api = Path::Api::Responses});
    Path embeddingsDirect = direct;
    embeddingsDirect.api = Path::Api::Embeddings;
    reportEmbeddings((ourName + ".embeddings").c_str(), embeddingsDirect,
                     {.port = servePort, .headers = "Authorization: Bearer " + token + "\r\n", .model = "bench/tiny",
                      .api = Path::Api::Embeddings});
    serve.terminate();
    serve.waitForFinished(5000);

    const QString packageDir = QStringLiteral(SWITCHYARD_NPM_DIR) + u"/node_modules/@portkey-ai/gateway"_s;
    if (!QFileInfo::exists(packageDir)) {
        std::printf("bench: %s.skipped 1 (the npm packages are not installed: ./yard bench installs them)\n",
                    theirName.c_str());
        return true;
    }
    Switchyard::TestSupport::PortkeyGateway portkey(
        {.node = QStringLiteral(SWITCHYARD_NODE), .packageDir = packageDir,
         .preload = QStringLiteral(SWITCHYARD_PORTKEY_PRELOAD)});
    if (!portkey.start()) {
        std::printf("bench: %s.skipped 1 (%s)\n", theirName.c_str(), qPrintable(portkey.errorString()));
        return true;
    }
    const QJsonObject config{{u"provider"_s, u"openai"_s},
                             {u"custom_host"_s, u"http://127.0.0.1:%1/v1"_s.arg(upstream.port())},
                             {u"api_key"_s, u"sk-bench"_s}};
    const double theirs = report(
        theirName.c_str(), direct,
        {.port = portkey.port(),
         .headers = "x-portkey-config: " + QJsonDocument(config).toJson(QJsonDocument::Compact).toStdString() + "\r\n",
         .model = "tiny"},
        portkey.processId());
    // A floor of 1 µs: our added p50 can measure as nothing at all.
    if (ours >= 0 && theirs >= 0)
        std::printf("bench: %s.vs_portkey_added_p50_x %.0f x\n", ourName.c_str(), theirs / std::max(ours, 1.0));
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::signal(SIGPIPE, SIG_IGN);

    Upstream upstream;
    if (!upstream.start()) {
        std::fprintf(stderr, "bench_gateway: cannot listen on 127.0.0.1\n");
        return 1;
    }
    const Path direct{.port = upstream.port(), .headers = "Authorization: Bearer sk-bench\r\n", .model = "tiny"};

    // As the system places the processes: on this virtual machine, the
    // gateway usually runs on the other CPU than the benchmark's client and
    // upstream, so each of its hops wakes a CPU that has gone idle.
    if (!round(upstream, direct, ""))
        return 1;
    // All on one CPU: the same code without the cross-CPU wake-ups; the
    // direct calls measure the same either way (their client and upstream
    // are threads of this process, which the scheduler keeps together).
    if (!pinToOneCpu()) {
        std::printf("bench: gateway_one_cpu.skipped 1 (sched_setaffinity refused)\n");
        return 0;
    }
    return round(upstream, direct, "_one_cpu") ? 0 : 1;
}
