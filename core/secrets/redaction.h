#pragma once

#include <QString>
#include <QStringView>

namespace Switchyard::Secrets {

/// The one masking of secrets in text that leaves the program: a provider's
/// error message may repeat the key it was sent (some echo the whole request),
/// and that text is shown, logged, stored in the usage log and forwarded to
/// gateway clients. Returns text with the key in use and anything shaped like
/// a key — "sk-…" (OpenAI, Anthropic's "sk-ant-…", OpenRouter's "sk-or-…"),
/// Google's "AIza…", "Bearer …" credentials and JWTs — replaced by
/// ApiKey::mask() of it ("****wxyz"). Cheap on text without any: one scan.
[[nodiscard]] QString redacted(const QString &text, QStringView keyInUse = {});

} // namespace Switchyard::Secrets
