#include "providers/providerpresets.h"

using namespace Qt::StringLiterals;

namespace Switchyard::Providers::ProviderPresets {
namespace {

ProviderConfig preset(const QString &id, const QString &name, ApiKind kind, const QString &url, const QString &env)
{
    return ProviderConfig{.id = id, .displayName = name, .kind = kind, .baseUrl = QUrl(url),
                          .keyEnvironmentVariable = env, .extraHeaders = {}};
}

} // namespace

const QList<ProviderConfig> &all()
{
    static const QList<ProviderConfig> presets = {
        preset(u"openai"_s, u"OpenAI"_s, ApiKind::OpenAi, u"https://api.openai.com/v1"_s, u"OPENAI_API_KEY"_s),
        preset(u"anthropic"_s, u"Anthropic"_s, ApiKind::Anthropic, u"https://api.anthropic.com/v1"_s,
               u"ANTHROPIC_API_KEY"_s),
        preset(u"gemini"_s, u"Google Gemini"_s, ApiKind::Gemini,
               u"https://generativelanguage.googleapis.com/v1beta"_s, u"GEMINI_API_KEY"_s),
        preset(u"openrouter"_s, u"OpenRouter"_s, ApiKind::OpenAi, u"https://openrouter.ai/api/v1"_s,
               u"OPENROUTER_API_KEY"_s),
        preset(u"mistral"_s, u"Mistral"_s, ApiKind::OpenAi, u"https://api.mistral.ai/v1"_s, u"MISTRAL_API_KEY"_s),
        preset(u"groq"_s, u"Groq"_s, ApiKind::OpenAi, u"https://api.groq.com/openai/v1"_s, u"GROQ_API_KEY"_s),
        preset(u"deepseek"_s, u"DeepSeek"_s, ApiKind::OpenAi, u"https://api.deepseek.com/v1"_s,
               u"DEEPSEEK_API_KEY"_s),
        preset(u"together"_s, u"Together"_s, ApiKind::OpenAi, u"https://api.together.xyz/v1"_s,
               u"TOGETHER_API_KEY"_s),
        preset(u"xai"_s, u"xAI"_s, ApiKind::OpenAi, u"https://api.x.ai/v1"_s, u"XAI_API_KEY"_s),
        preset(u"fireworks"_s, u"Fireworks"_s, ApiKind::OpenAi, u"https://api.fireworks.ai/inference/v1"_s,
               u"FIREWORKS_API_KEY"_s),
        preset(u"ollama"_s, u"Ollama"_s, ApiKind::Ollama, u"http://127.0.0.1:11434"_s, QString()),
        preset(u"lmstudio"_s, u"LM Studio"_s, ApiKind::OpenAi, u"http://127.0.0.1:1234/v1"_s, QString()),
        preset(u"llamacpp"_s, u"llama.cpp server"_s, ApiKind::OpenAi, u"http://127.0.0.1:8080/v1"_s, QString()),
        preset(u"vllm"_s, u"vLLM"_s, ApiKind::OpenAi, u"http://127.0.0.1:8000/v1"_s, QString()),
    };
    return presets;
}

std::optional<ProviderConfig> find(const QString &id)
{
    for (const ProviderConfig &p : all()) {
        if (p.id == id)
            return p;
    }
    return std::nullopt;
}

std::optional<ApiKind> kindFromName(const QString &name)
{
    const QString n = name.toLower();
    if (n == "openai"_L1)
        return ApiKind::OpenAi;
    if (n == "anthropic"_L1)
        return ApiKind::Anthropic;
    if (n == "gemini"_L1)
        return ApiKind::Gemini;
    if (n == "ollama"_L1)
        return ApiKind::Ollama;
    return std::nullopt;
}

QString kindName(ApiKind kind)
{
    switch (kind) {
    case ApiKind::OpenAi:
        return u"openai"_s;
    case ApiKind::Anthropic:
        return u"anthropic"_s;
    case ApiKind::Gemini:
        return u"gemini"_s;
    case ApiKind::Ollama:
        return u"ollama"_s;
    }
    return {};
}

QString kindDisplayName(ApiKind kind)
{
    switch (kind) {
    case ApiKind::OpenAi:
        return u"OpenAI-compatible"_s;
    case ApiKind::Anthropic:
        return u"Anthropic"_s;
    case ApiKind::Gemini:
        return u"Google Gemini"_s;
    case ApiKind::Ollama:
        return u"Ollama"_s;
    }
    return {};
}

} // namespace Switchyard::Providers::ProviderPresets
