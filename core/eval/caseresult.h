#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace Switchyard::Eval {

/// How one assertion judged one answer.
struct AssertionOutcome {
    QString type;   // as written: "contains", "not-regex", "judge", ...
    bool passed = false;
    bool error = false; // could not be judged (a judge that answered nonsense)
    std::optional<double> score; // judge: 0..1
    QString reason;              // why it failed, or the judge's reason
    bool operator==(const AssertionOutcome &) const = default;
};

/// One answer of one target to one case, in one repeat, and what its
/// assertions said: a cell of a run's matrix (repeats make a cell of several).
struct CaseResult {
    enum class Status : quint8 {
        Passed, ///< every assertion passed
        Failed, ///< an assertion failed
        Error,  ///< no answer to judge (the call failed), or a judge could not grade it
    };
    int caseIndex = 0;
    QString caseKey;
    QString prompt;
    QString target;     // as the suite names it
    int repeat = 0;     // 0-based
    Status status = Status::Error;
    QString answer;
    QString answeredBy; // provider/model that answered (a route's choice)
    QString error;      // the call's error, or the judge's problem
    std::optional<qint64> costNanoUsd; // the answer's (its judges' calls are in the usage log)
    bool costEstimated = false;
    std::optional<double> latencyMs;   // the answer, start to end
    std::optional<qint64> tokensIn;
    std::optional<qint64> tokensOut;
    std::optional<double> score;       // the mean of the judges' scores
    QList<AssertionOutcome> assertions;

    [[nodiscard]] bool passed() const { return status == Status::Passed; }
    /// What a resumed run matches done work by.
    [[nodiscard]] QString workKey() const { return workKeyOf(caseIndex, target, repeat); }
    [[nodiscard]] static QString workKeyOf(int caseIndex, const QString &target, int repeat)
    {
        return QString::number(caseIndex) + u'\x1f' + target + u'\x1f' + QString::number(repeat);
    }
    [[nodiscard]] static QString statusName(Status status);
    [[nodiscard]] static std::optional<Status> statusFromName(QStringView name);
};

} // namespace Switchyard::Eval
