#pragma once

#include "secrets/keyjob.h"

#include <QSignalSpy>
#include <QTest>

#include <expected>
#include <optional>

namespace Switchyard::TestSupport {

/// Waits for a KeyJob's finished() and returns its result, or nothing after
/// timeoutMs, so that a test fails with a message instead of hanging. The spy
/// is attached after the call that made the job has returned, so this also
/// checks that stores never answer from inside that call.
[[nodiscard]] inline std::optional<Secrets::KeyResult> waitForKeyJob(Secrets::KeyJob *job,
                                                                     int timeoutMs = 20'000)
{
    QSignalSpy spy(job, &Secrets::KeyJob::finished);
    if (!QTest::qWaitFor([&spy] { return !spy.isEmpty(); }, timeoutMs))
        return std::nullopt;
    return qvariant_cast<Secrets::KeyResult>(spy.constFirst().constFirst());
}

/// Runs `call`, waits for the job it returns and keeps the result in `var`;
/// fails the test function (rather than letting it hang) if no answer comes.
#define AWAIT_KEY_JOB(var, call)                                                                             \
    const auto var = ::Switchyard::TestSupport::waitForKeyJob(call);                                         \
    QVERIFY2(var.has_value(), "no answer from " #call)

/// "ok: ****wxyz from OPENAI_API_KEY" or "not-found: ...", for QVERIFY2
/// messages; like the app, it never shows the key itself.
[[nodiscard]] inline QByteArray describeKeyResult(const std::optional<Secrets::KeyResult> &result)
{
    using namespace Qt::StringLiterals;
    if (!result)
        return "no answer (timed out)";
    if (result->ok())
        return (u"ok: "_s + result->outcome->masked() + u' ' + result->outcome->origin.description())
            .toUtf8();
    return (Secrets::KeyError::kindName(result->outcome.error().kind) + u": "_s
            + result->outcome.error().message)
        .toUtf8();
}

/// The error message of a failed lookup, or nothing: for QVERIFY2, which
/// evaluates its message even when the check passes.
template<typename T> [[nodiscard]] QByteArray errorMessage(const std::expected<T, Secrets::KeyError> &outcome)
{
    return outcome ? QByteArray() : outcome.error().message.toUtf8();
}

} // namespace Switchyard::TestSupport
