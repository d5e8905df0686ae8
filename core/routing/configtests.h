#pragma once

#include "routing/decider.h"

#include <QList>
#include <QString>

namespace Switchyard::Routing {

/// The outcome of one of a config's test cases.
struct TestOutcome {
    bool passed = false;
    QString route;   // where the request went; empty when nowhere
    QString rule;    // the rule that matched; "default" or empty otherwise
    QString message; // "expected route code, got fast-cheap (default route)" or the decision
};

/// Runs a config's test cases (its `tests:`) through a decider: each case
/// becomes RequestFacts and must reach its expected route (and rule, when
/// the case names one). The same check for the editor's Run button and
/// `switchyard-cli route check`.
class ConfigTests final
{
public:
    [[nodiscard]] static TestOutcome run(const Decider &decider, const TestCase &test);
    [[nodiscard]] static QList<TestOutcome> runAll(const Decider &decider);
};

} // namespace Switchyard::Routing
