#include "requestfacts.h"

#include "catalog/cost.h"
#include "providers/chatrequest.h"
#include "routing/routingconfig.h"

#include <QJsonArray>

namespace Switchyard::Routing {

RequestFacts RequestFacts::of(const Providers::ChatRequest &request, const QString &askedModel,
                              const QStringList &tags)
{
    RequestFacts facts{.model = askedModel, .tags = tags};
    qint64 tokens = Catalog::estimateTokens(request.systemPrompt);
    for (const Providers::ChatMessage &message : request.messages) {
        tokens += Catalog::estimateTokens(message.text);
        facts.hasImages = facts.hasImages || !message.images.isEmpty();
        if (message.role == Providers::ChatMessage::Role::User)
            facts.lastUserMessage = message.text;
    }
    facts.promptTokens = tokens;
    facts.hasTools = !request.tools.isEmpty() || !request.extraBody.value(QLatin1StringView("tools")).toArray().isEmpty();
    return facts;
}

RequestFacts RequestFacts::of(const TestCase &test)
{
    return {.model = test.model,
            .tags = test.tags,
            .promptTokens = test.tokens.value_or(Catalog::estimateTokens(test.prompt)),
            .lastUserMessage = test.prompt,
            .hasImages = test.images,
            .hasTools = test.tools};
}

} // namespace Switchyard::Routing
