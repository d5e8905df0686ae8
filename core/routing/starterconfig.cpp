#include "starterconfig.h"

namespace Switchyard::Routing {

QByteArray starterConfig()
{
    return QByteArrayLiteral("# A routing config: rules pick a route, routes pick a target.\n"
                             "version: 1\n"
                             "\n"
                             "routes:\n"
                             "  everyday:\n"
                             "    description: Everyday questions at a low price\n"
                             "    strategy: cheapest\n"
                             "    targets:\n"
                             "      - openai/gpt-4o-mini\n"
                             "      - anthropic/claude-3-5-haiku-latest\n"
                             "\n"
                             "default: everyday\n");
}

} // namespace Switchyard::Routing
