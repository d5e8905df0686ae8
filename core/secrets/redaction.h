#pragma once

#include <QString>
#include <QStringView>

namespace Switchyard::Secrets {

/// The one masking of secrets in text that leaves the program: a provider's
/// error message may repeat the key it was sent (some echo the whole request),
/// and that text is shown, logged, stored in the usage log and forwarded to
/// gateway clients. Returns text with the key in use and anything shaped like
/// a credential — what Governance::SecretDetector finds: the providers' key
/// shapes ("sk-…", "sk-ant-…", "sk-or-…", "AIza…", "xai-…", "gsk_…", "hf_…"),
/// GitHub, AWS and Slack tokens, "Bearer …" credentials, JWTs and private-key
/// blocks — replaced by ApiKey::mask() of it ("****wxyz"). One linear scan.
[[nodiscard]] QString redacted(const QString &text, QStringView keyInUse = {});

} // namespace Switchyard::Secrets
