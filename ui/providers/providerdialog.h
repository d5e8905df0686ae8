#pragma once

#include "providers/providerentry.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace Switchyard::Providers {
class ProviderRegistry;
}

namespace Switchyard::ProvidersUi {

/// Adds or edits a provider: name, id, wire format, base URL and extra
/// headers, checked as they are typed (the registry's rules: an http(s) URL,
/// no credentials in headers) so that OK is only offered for something that
/// can be saved. Adding starts from a template — an endpoint of any of the
/// four formats, or a built-in provider, which is then enabled (at the base
/// URL given) rather than added twice. The dialog changes nothing itself; the
/// page applies config().
class ProviderDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderDialog)

public:
    /// Adding: entry is empty. Editing: the entry to change.
    ProviderDialog(const Providers::ProviderRegistry &registry, const std::optional<Providers::ProviderEntry> &entry,
                   QWidget *parent = nullptr);
    ~ProviderDialog() override;

    [[nodiscard]] bool isAdding() const { return !m_editing; }
    /// The built-in provider chosen as the template, whose entry OK updates
    /// and enables; empty for a provider of the user's own.
    [[nodiscard]] QString presetId() const;
    [[nodiscard]] Providers::ProviderConfig config() const;
    /// Why OK is not offered; empty when it is.
    [[nodiscard]] QString problem() const;

private:
    void applyTemplate();
    void validate();

    const Providers::ProviderRegistry &m_registry;
    std::optional<Providers::ProviderEntry> m_editing;
    QComboBox *m_template = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_id = nullptr;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QPlainTextEdit *m_headers = nullptr;
    QLabel *m_note = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_idEdited = false;
};

} // namespace Switchyard::ProvidersUi
