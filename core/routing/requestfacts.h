#pragma once

#include <QString>
#include <QStringList>

namespace Switchyard::Providers {
struct ChatRequest;
}

namespace Switchyard::Routing {

struct TestCase;

/// What the rules look at in a request, taken out of it once: the router
/// decides on these, the simulation on facts rebuilt from the usage log, and
/// the test cases on facts written in the config.
struct RequestFacts {
    /// The model the caller asked for: a route name, "provider/model", "auto",
    /// or a bare name a rule may list.
    QString model;
    QStringList tags;
    qint64 promptTokens = 0; // estimated
    QString lastUserMessage;
    bool hasImages = false;
    bool hasTools = false;

    /// The facts of a request: tokens estimated from all of its text (system
    /// prompt included), images and tools (the "tools" body field) seen.
    [[nodiscard]] static RequestFacts of(const Providers::ChatRequest &request, const QString &askedModel,
                                         const QStringList &tags = {});
    [[nodiscard]] static RequestFacts of(const TestCase &test);
};

} // namespace Switchyard::Routing
