#pragma once

#include "governance/detection.h"

#include <QStringView>

/// Credentials in text: the providers' API-key shapes (OpenAI "sk-…",
/// "sk-proj-…", Anthropic "sk-ant-…", OpenRouter "sk-or-…", Google "AIza…",
/// xAI "xai-…", Groq "gsk_…", Hugging Face "hf_…"), GitHub tokens ("ghp_…",
/// "github_pat_…"), AWS access key ids ("AKIA…", "ASIA…"), Slack tokens
/// ("xox…-"), the credential after "Bearer", JWTs and PEM private-key blocks.
/// One of them starts only where no word character or '-' comes before it,
/// so "task-…" or "risk-free" is not a key, and each shape needs enough
/// characters after its prefix not to catch a word ("sk-learn").
///
/// Linear in the text: one pass of a regular expression whose every repeat is
/// a single character class (no nesting, so no backtracking to speak of),
/// plus a scan for "-----BEGIN" that never goes back.
namespace Switchyard::Governance::SecretDetector {

/// Every credential in text, in order, without overlaps. For "Bearer X" the
/// span is X alone, so that a redaction keeps the scheme readable.
[[nodiscard]] Detections find(QStringView text);

} // namespace Switchyard::Governance::SecretDetector
