#include "providers/providerdialog.h"

#include "providers/providerpresets.h"
#include "providers/providerregistry.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::ProvidersUi {
namespace {

using Providers::ApiKind;

struct Endpoint {
    ApiKind kind;
    const char *label;
    const char *url;
};

// Templates for a provider of the user's own, with a base URL to edit.
constexpr Endpoint Endpoints[] = {
    {ApiKind::OpenAi, QT_TRANSLATE_NOOP("ProviderDialog", "OpenAI-compatible endpoint"), "https://"},
    {ApiKind::Anthropic, QT_TRANSLATE_NOOP("ProviderDialog", "Anthropic-compatible endpoint"), "https://"},
    {ApiKind::Gemini, QT_TRANSLATE_NOOP("ProviderDialog", "Gemini-compatible endpoint"), "https://"},
    {ApiKind::Ollama, QT_TRANSLATE_NOOP("ProviderDialog", "Ollama server"), "http://127.0.0.1:11434"},
};

} // namespace

ProviderDialog::ProviderDialog(const Providers::ProviderRegistry &registry,
                               const std::optional<Providers::ProviderEntry> &entry, QWidget *parent)
    : QDialog(parent)
    , m_registry(registry)
    , m_editing(entry)
{
    setObjectName(u"providerDialog"_s);
    setWindowTitle(entry ? tr("Edit %1").arg(entry->config.displayName) : tr("Add a Provider"));

    m_template = new QComboBox(this);
    m_template->setObjectName(u"template"_s);
    for (const Endpoint &endpoint : Endpoints)
        m_template->addItem(tr(endpoint.label), QVariant::fromValue(int(endpoint.kind)));
    m_template->insertSeparator(m_template->count());
    for (const Providers::ProviderEntry &e : registry.entries()) {
        if (e.preset)
            m_template->addItem(e.enabled ? tr("%1 (built in)").arg(e.config.displayName)
                                          : tr("%1 (built in, disabled)").arg(e.config.displayName),
                                e.config.id);
    }

    m_name = new QLineEdit(this);
    m_name->setObjectName(u"name"_s);
    m_name->setPlaceholderText(tr("e.g. Work gateway"));
    m_id = new QLineEdit(this);
    m_id->setObjectName(u"id"_s);
    m_id->setToolTip(tr("How the provider is written in provider/model and known to the keychain"));
    m_kind = new QComboBox(this);
    m_kind->setObjectName(u"kind"_s);
    for (ApiKind kind : {ApiKind::OpenAi, ApiKind::Anthropic, ApiKind::Gemini, ApiKind::Ollama})
        m_kind->addItem(Providers::ProviderPresets::kindDisplayName(kind), int(kind));
    m_baseUrl = new QLineEdit(this);
    m_baseUrl->setObjectName(u"baseUrl"_s);
    m_baseUrl->setPlaceholderText(u"https://api.example.com/v1"_s);
    m_headers = new QPlainTextEdit(this);
    m_headers->setObjectName(u"headers"_s);
    m_headers->setPlaceholderText(tr("Extra headers, one per line:\nHTTP-Referer: https://example.com"));
    m_headers->setTabChangesFocus(true);
    m_headers->setFixedHeight(m_headers->fontMetrics().lineSpacing() * 4 + 12);
    m_headers->setToolTip(tr("Stored in plain text in the data folder, so never a key: put keys in the Key field"));

    m_note = new QLabel(this);
    m_note->setObjectName(u"note"_s);
    m_note->setWordWrap(true);
    m_note->hide();
    m_problem = new QLabel(this);
    m_problem->setObjectName(u"problem"_s);
    m_problem->setWordWrap(true);
    m_problem->setForegroundRole(QPalette::PlaceholderText);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(entry ? tr("Save") : tr("Add"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    if (!entry)
        form->addRow(tr("Start from:"), m_template);
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Id:"), m_id);
    form->addRow(tr("Wire format:"), m_kind);
    form->addRow(tr("Base URL:"), m_baseUrl);
    form->addRow(tr("Headers:"), m_headers);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);

    if (entry) {
        m_template->hide();
        m_name->setText(entry->config.displayName);
        m_id->setText(entry->config.id);
        m_id->setReadOnly(true);
        m_kind->setCurrentIndex(m_kind->findData(int(entry->config.kind)));
        m_kind->setEnabled(!entry->preset);
        m_baseUrl->setText(entry->config.baseUrl.toString());
        m_headers->setPlainText(Providers::ProviderRegistry::headersText(entry->config.extraHeaders));
    } else {
        connect(m_template, &QComboBox::currentIndexChanged, this, &ProviderDialog::applyTemplate);
        applyTemplate();
    }
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString &name) {
        if (!m_idEdited && isAdding() && presetId().isEmpty())
            m_id->setText(m_registry.suggestId(name));
    });
    connect(m_id, &QLineEdit::textEdited, this, [this] { m_idEdited = true; });
    for (QLineEdit *edit : {m_name, m_id, m_baseUrl})
        connect(edit, &QLineEdit::textChanged, this, &ProviderDialog::validate);
    connect(m_headers, &QPlainTextEdit::textChanged, this, &ProviderDialog::validate);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &ProviderDialog::validate);
    validate();
}

ProviderDialog::~ProviderDialog() = default;

QString ProviderDialog::presetId() const
{
    if (m_editing)
        return {};
    const QVariant chosen = m_template->currentData();
    return chosen.typeId() == QMetaType::QString ? chosen.toString() : QString();
}

void ProviderDialog::applyTemplate()
{
    const QString preset = presetId();
    if (!preset.isEmpty()) {
        const auto entry = m_registry.entry(preset);
        m_name->setText(entry->config.displayName);
        m_id->setText(entry->config.id);
        m_kind->setCurrentIndex(m_kind->findData(int(entry->config.kind)));
        m_baseUrl->setText(entry->config.baseUrl.toString());
        m_headers->setPlainText(Providers::ProviderRegistry::headersText(entry->config.extraHeaders));
        m_note->setText(entry->enabled
                            ? tr("%1 is in the list already; Add saves the base URL and headers given here.")
                                  .arg(entry->config.displayName)
                            : tr("%1 is in the list already, disabled; Add enables it.").arg(entry->config.displayName));
        m_note->show();
    } else {
        const Endpoint &endpoint = Endpoints[std::clamp(m_template->currentIndex(), 0, int(std::size(Endpoints)) - 1)];
        if (m_registry.entry(m_id->text()) || m_name->text().isEmpty()) {
            m_name->clear();
            m_id->clear();
        }
        m_kind->setCurrentIndex(m_kind->findData(int(endpoint.kind)));
        m_baseUrl->setText(QString::fromLatin1(endpoint.url));
        m_headers->clear();
        m_idEdited = false;
        m_note->hide();
    }
    const bool own = preset.isEmpty();
    m_name->setReadOnly(!own);
    m_id->setReadOnly(!own);
    m_kind->setEnabled(own);
    validate();
}

Providers::ProviderConfig ProviderDialog::config() const
{
    Providers::ProviderConfig config;
    const QString preset = m_editing ? (m_editing->preset ? m_editing->config.id : QString()) : presetId();
    if (const auto entry = m_registry.entry(preset))
        config = entry->config; // keeps the key variable and the format
    config.id = m_id->text().trimmed();
    config.displayName = m_name->text().trimmed();
    config.kind = ApiKind(m_kind->currentData().toInt());
    config.baseUrl = QUrl(m_baseUrl->text().trimmed());
    config.extraHeaders = Providers::ProviderRegistry::parseHeaders(m_headers->toPlainText()).value_or(
        QList<QPair<QByteArray, QByteArray>>());
    return config;
}

QString ProviderDialog::problem() const
{
    if (const auto headers = Providers::ProviderRegistry::parseHeaders(m_headers->toPlainText()); !headers)
        return tr("Headers: %1").arg(headers.error());
    const bool existing = m_editing || !presetId().isEmpty();
    if (const auto problem = m_registry.check(config(), existing))
        return problem->message;
    return {};
}

void ProviderDialog::validate()
{
    const QString text = problem();
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(text.isEmpty());
}

} // namespace Switchyard::ProvidersUi
