#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace Switchyard::Providers {

/// The four wire formats Switchyard speaks.
enum class ApiKind { OpenAi, Anthropic, Gemini, Ollama };

/// A configured provider: which wire format, where, and under which id the
/// keychain and the usage log know it. The key itself is never part of it.
struct ProviderConfig {
    QString id;          // "openai", "openrouter", "local", ...
    QString displayName;
    ApiKind kind = ApiKind::OpenAi;
    QUrl baseUrl;        // e.g. https://api.openai.com/v1 (paths are appended)
    QString keyEnvironmentVariable; // e.g. OPENAI_API_KEY; empty for keyless local servers
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
};

} // namespace Switchyard::Providers
