// Routing decisions: the cost of one decide() over a config of 100 rules,
// in the worst case (no rule matches, so every rule is tried and the default
// route decides), with a 2 KB prompt that the regex rules scan; then the same
// with a one-line prompt, and with the regex rules turned into tag rules. The target is
// under 10 µs a decision (issue: routing.decide_100_rules_us).

#include "routing/configreader.h"
#include "routing/configwriter.h"
#include "routing/cooldowns.h"
#include "routing/decider.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard::Routing;

namespace {

// Ten routes of four targets, and 100 rules cycling through every kind of
// condition; one in ten has a regex, as a config that spots secrets would.
RoutingConfig bigConfig(bool withRegex = true)
{
    RoutingConfig config;
    for (int r = 0; r < 10; ++r) {
        Route route{.name = u"route-%1"_s.arg(r), .strategy = Strategy(r % 5)};
        for (int t = 0; t < 4; ++t)
            route.targets.append({.provider = u"provider%1"_s.arg(t), .model = u"model-%1-%2"_s.arg(r).arg(t),
                                  .weight = t + 1});
        route.constraints.maxInputPrice = 5'000'000;
        config.routes.append(route);
    }
    for (int i = 0; i < 100; ++i) {
        Rule rule{.name = u"rule %1"_s.arg(i), .route = u"route-%1"_s.arg(i % 10)};
        switch (i % 10) {
        case 0:
            if (withRegex)
                rule.when.regex = u"(?i)secret-%1|password-%1"_s.arg(i);
            else
                rule.when.tags = {u"secret-%1"_s.arg(i)};
            break;
        case 1:
        case 2:
            rule.when.tags = {u"tag-%1"_s.arg(i), u"team-%1"_s.arg(i)};
            break;
        case 3:
            rule.when.tokensAbove = 1'000'000 + i;
            break;
        case 4:
            rule.when.models = {u"model-name-%1"_s.arg(i)};
            break;
        case 5:
            rule.when.hasImages = true;
            break;
        case 6:
            rule.when.hasTools = true;
            rule.when.tags = {u"agent-%1"_s.arg(i)};
            break;
        case 7:
            rule.when.tokensBelow = 10;
            break;
        case 8:
            rule.when.budgetReached = u"total"_s;
            break;
        default:
            rule.when.tags = {u"x-%1"_s.arg(i)};
            rule.when.tokensAbove = 5;
            break;
        }
        config.rules.append(rule);
    }
    config.defaultRoute = u"route-0"_s;
    return config;
}

template<typename F>
double medianNs(int rounds, int perRound, F &&f)
{
    std::vector<double> samples;
    for (int round = 0; round < rounds; ++round) {
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < perRound; ++i)
            f(i);
        samples.push_back(double(clock.nsecsElapsed()) / perRound);
    }
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

} // namespace

int main()
{
    const RoutingConfig config = bigConfig();
    const QByteArray yaml = ConfigWriter::toYaml(config);
    const auto parsed = ConfigReader::read(yaml);
    if (!parsed) {
        std::fprintf(stderr, "the benchmark config does not read: %s\n", qPrintable(parsed.error().first().toString()));
        return 1;
    }

    RoutingFacts facts;
    for (const Route &route : config.routes)
        for (const Target &target : route.targets) {
            ModelFacts &f = facts.models[target.key()];
            f.inCatalog = true;
            f.inputPrice = 1'000'000;
            f.outputPrice = 3'000'000;
            f.contextLength = 128'000;
            f.ttftP50Ms = 300;
        }
    const Decider decider(parsed->config, facts);
    Cooldowns cooldowns;
    RetryPolicy policy;
    policy.cooldownFailures = 1;
    (void)cooldowns.recordFailure(u"provider0/model-0-0"_s, policy, 0); // one target resting

    QString prompt;
    while (prompt.size() < 2048)
        prompt += u"Please look at this paragraph about routing rules and tell me what it means. "_s;
    const RequestFacts worst{.model = u"auto"_s, .tags = {u"nothing"_s, u"matches"_s}, .promptTokens = 600,
                             .lastUserMessage = prompt};
    RequestFacts first = worst;
    first.lastUserMessage = u"my secret-0 is here"_s;

    volatile qsizetype sink = 0;
    const double worstNs = medianNs(15, 20000, [&](int i) {
        sink = sink + decider.decide(worst, &cooldowns, 1, (i % 100) / 100.0).candidates.size();
    });
    const double firstNs = medianNs(15, 20000, [&](int i) {
        sink = sink + decider.decide(first, &cooldowns, 1, (i % 100) / 100.0).candidates.size();
    });
    const Decider noRegex(bigConfig(false), facts);
    const double noRegexNs = medianNs(15, 20000, [&](int i) {
        sink = sink + noRegex.decide(worst, &cooldowns, 1, (i % 100) / 100.0).candidates.size();
    });
    RequestFacts shortPrompt = worst;
    shortPrompt.lastUserMessage = u"Summarise this thread for me, please."_s;
    const double shortNs = medianNs(15, 20000, [&](int i) {
        sink = sink + decider.decide(shortPrompt, &cooldowns, 1, (i % 100) / 100.0).candidates.size();
    });
    const double parseNs = medianNs(7, 5, [&](int) { sink = sink + ConfigReader::read(yaml)->config.rules.size(); });
    const double compileNs = medianNs(7, 50, [&](int) { sink = sink + Decider(parsed->config, facts).config().rules.size(); });

    std::printf("bench: routing.decide_100_rules_us %.2f us\n", worstNs / 1000.0);
    std::printf("bench: routing.decide_100_rules_short_prompt_us %.2f us\n", shortNs / 1000.0);
    std::printf("bench: routing.decide_100_rules_no_regex_us %.2f us\n", noRegexNs / 1000.0);
    std::printf("bench: routing.decide_first_rule_us %.2f us\n", firstNs / 1000.0);
    std::printf("bench: routing.compile_100_rules_us %.0f us\n", compileNs / 1000.0);
    std::printf("bench: routing.parse_yaml_100_rules_ms %.2f ms\n", parseNs / 1e6);
    return 0;
}
