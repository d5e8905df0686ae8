#include "starterconfig.h"

namespace Switchyard::Routing {

QByteArray starterConfig(const QStringList &targets)
{
    const QStringList chosen = targets.isEmpty()
        ? QStringList{QStringLiteral("openai/gpt-4o-mini"),
                      QStringLiteral("anthropic/claude-3-5-haiku-latest")}
        : targets;
    QByteArray yaml("# A routing config: rules pick a route, routes pick a target.\n"
                    "version: 1\n"
                    "\n"
                    "routes:\n"
                    "  everyday:\n"
                    "    description: Everyday questions at a low price\n"
                    "    strategy: cheapest\n"
                    "    targets:\n");
    for (const QString &target : chosen) {
        // Quoted: a model id may hold ':' (qwen3:8b) or '#'.
        QString escaped = target;
        escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
        yaml += "      - \"" + escaped.toUtf8() + "\"\n";
    }
    yaml += "\n"
            "default: everyday\n";
    return yaml;
}

} // namespace Switchyard::Routing
