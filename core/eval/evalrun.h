#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace Switchyard::Eval {

/// One run of a suite as the store keeps it, with its results counted.
struct EvalRun {
    enum class State : quint8 {
        Running, ///< under way, or ended without a word (the program was killed): resumable
        Stopped, ///< cancelled: resumable
        Done,    ///< every answer taken
    };
    qint64 id = 0;
    QString suite;     // the suite's name
    QString suitePath; // the file it was read from
    QDateTime started;
    std::optional<QDateTime> finished;
    State state = State::Running;
    QStringList targets;
    int cases = 0;
    int repeats = 1;
    // Counted from the results.
    int passed = 0;
    int failed = 0;
    int errors = 0;
    std::optional<qint64> costNanoUsd; // the answers' cost, if all were known
    bool costEstimated = false;

    [[nodiscard]] int total() const { return cases * int(targets.size()) * repeats; }
    [[nodiscard]] int finishedResults() const { return passed + failed + errors; }
    [[nodiscard]] static QString stateName(State state);
    [[nodiscard]] static std::optional<State> stateFromName(QStringView name);
};

} // namespace Switchyard::Eval
