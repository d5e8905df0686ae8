#include "configtests.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Routing {

TestOutcome ConfigTests::run(const Decider &decider, const TestCase &test)
{
    const Decision decision = decider.decide(RequestFacts::of(test));
    TestOutcome outcome;
    if (const Route *route = decider.routeOf(decision))
        outcome.route = route->name;
    if (decision.via == Decision::Via::Rule) {
        const Rule &rule = decider.config().rules.at(decision.rule);
        outcome.rule = rule.name.isEmpty() ? u"#%1"_s.arg(decision.rule + 1) : rule.name;
    } else if (decision.via == Decision::Via::Default) {
        outcome.rule = u"default"_s;
    }
    const QString choice = decider.describeChoice(decision);
    if (outcome.route != test.expectRoute) {
        outcome.message = u"expected route %1, got %2"_s.arg(test.expectRoute, choice);
    } else if (!test.expectRule.isEmpty() && outcome.rule != test.expectRule) {
        outcome.message = u"expected rule '%1', got %2"_s.arg(test.expectRule, choice);
    } else {
        outcome.passed = true;
        outcome.message = choice;
    }
    return outcome;
}

QList<TestOutcome> ConfigTests::runAll(const Decider &decider)
{
    QList<TestOutcome> outcomes;
    for (const TestCase &test : decider.config().tests)
        outcomes.append(run(decider, test));
    return outcomes;
}

} // namespace Switchyard::Routing
