#include "settings/settingsdialog.h"

#include "compare/parameterwidgets.h"
#include "settings/appsettings.h"

#include <QBoxLayout>
#include <QButtonGroup>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Switchyard::SettingsUi {
namespace {

using Settings::AppSettings;

QSpinBox *secondsBox(const QString &name, int ms, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(AppSettings::MinTimeoutMs / 1000, AppSettings::MaxTimeoutMs / 1000);
    box->setSuffix(QObject::tr(" s"));
    box->setValue(ms / 1000);
    box->setAlignment(Qt::AlignRight);
    box->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    box->setMinimumWidth(box->fontMetrics().horizontalAdvance(u"3600 s"_s) + 48);
    return box;
}

} // namespace

SettingsDialog::SettingsDialog(Settings::AppSettings *settings, const QString &dataDir, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
{
    setObjectName(u"settingsDialog"_s);
    setWindowTitle(tr("Configure Switchyard"));

    // Data folder.
    auto *folder = new QLabel(dataDir.isEmpty() ? tr("none (nothing is kept)") : dataDir, this);
    folder->setObjectName(u"dataFolder"_s);
    folder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    folder->setWordWrap(true);
    auto *open = new QPushButton(QIcon::fromTheme(u"document-open-folder"_s), tr("&Open"), this);
    open->setObjectName(u"openDataFolder"_s);
    open->setToolTip(tr("Show the folder in the file manager"));
    open->setEnabled(!dataDir.isEmpty());
    connect(open, &QPushButton::clicked, this,
            [dataDir] { QDesktopServices::openUrl(QUrl::fromLocalFile(dataDir)); });
    auto *folderNote = new QLabel(tr("Providers, price overrides and imports, the comparison history and votes. "
                                     "Keys are not here: they live in the system keychain. Start with "
                                     "--data-dir DIR (or SWITCHYARD_DATA_DIR) to use another folder."),
                                  this);
    folderNote->setWordWrap(true);
    folderNote->setForegroundRole(QPalette::PlaceholderText);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(folder, 1);
    folderRow->addWidget(open);
    auto *folderBox = new QGroupBox(tr("Data Folder"), this);
    auto *folderLayout = new QVBoxLayout(folderBox);
    folderLayout->addLayout(folderRow);
    folderLayout->addWidget(folderNote);

    // Theme, applied as soon as it is chosen.
    m_theme = new QButtonGroup(this);
    auto *themeBox = new QGroupBox(tr("Theme"), this);
    auto *themeLayout = new QHBoxLayout(themeBox);
    for (auto [theme, label] : {std::pair{AppSettings::Theme::System, tr("&System")},
                                std::pair{AppSettings::Theme::Light, tr("&Light")},
                                std::pair{AppSettings::Theme::Dark, tr("&Dark")}}) {
        auto *button = new QRadioButton(label, themeBox);
        button->setObjectName(u"theme"_s + AppSettings::themeName(theme));
        button->setChecked(settings->theme() == theme);
        m_theme->addButton(button, int(theme));
        themeLayout->addWidget(button);
    }
    themeLayout->addStretch(1);
    connect(m_theme, &QButtonGroup::idClicked, this,
            [this](int id) { m_settings->setTheme(AppSettings::Theme(id)); });

    // The parameters a new comparison starts with.
    m_systemPrompt = new QPlainTextEdit(this);
    m_systemPrompt->setObjectName(u"defaultSystemPrompt"_s);
    m_systemPrompt->setPlaceholderText(tr("None"));
    m_systemPrompt->setTabChangesFocus(true);
    m_systemPrompt->setFixedHeight(m_systemPrompt->fontMetrics().lineSpacing() * 3 + 12);
    m_systemPrompt->setMinimumWidth(240);
    m_temperature = CompareUi::ParameterWidgets::temperature(this);
    m_temperature->setObjectName(u"defaultTemperature"_s);
    m_maxTokens = CompareUi::ParameterWidgets::maxTokens(this);
    m_maxTokens->setObjectName(u"defaultMaxTokens"_s);
    m_reasoning = CompareUi::ParameterWidgets::reasoningEffort(this);
    m_reasoning->setObjectName(u"defaultReasoning"_s);
    m_systemPrompt->setPlainText(settings->defaultParameters().systemPrompt);
    CompareUi::ParameterWidgets::show(settings->defaultParameters(), m_temperature, m_maxTokens, m_reasoning);
    connect(m_systemPrompt, &QPlainTextEdit::textChanged, this, &SettingsDialog::saveParameters);
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, &SettingsDialog::saveParameters);
    connect(m_maxTokens, &QSpinBox::valueChanged, this, &SettingsDialog::saveParameters);
    connect(m_reasoning, &QComboBox::currentIndexChanged, this, &SettingsDialog::saveParameters);
    auto *parametersBox = new QGroupBox(tr("New Comparisons Start With"), this);
    auto *parametersForm = new QFormLayout(parametersBox);
    parametersForm->addRow(tr("System prompt:"), m_systemPrompt);
    parametersForm->addRow(tr("Temperature:"), m_temperature);
    parametersForm->addRow(tr("Max tokens:"), m_maxTokens);
    parametersForm->addRow(tr("Reasoning:"), m_reasoning);

    // Network.
    const auto &timeouts = settings->callTimeouts();
    m_firstByte = secondsBox(u"firstByteTimeout"_s, timeouts.firstByteMs, this);
    m_firstByte->setToolTip(tr("Connecting, and the model's thinking before the first byte of its answer"));
    m_stall = secondsBox(u"stallTimeout"_s, timeouts.stallMs, this);
    m_stall->setToolTip(tr("Silence in the middle of an answer"));
    m_total = secondsBox(u"totalTimeout"_s, timeouts.totalMs, this);
    m_modelList = secondsBox(u"modelListTimeout"_s, settings->modelListTimeoutMs(), this);
    m_modelList->setToolTip(tr("A connection test: listing a provider's models, every page"));
    for (QSpinBox *box : {m_firstByte, m_stall, m_total})
        connect(box, &QSpinBox::valueChanged, this, &SettingsDialog::saveTimeouts);
    connect(m_modelList, &QSpinBox::valueChanged, this, [this](int seconds) {
        if (const auto saved = m_settings->setModelListTimeoutMs(seconds * 1000); !saved)
            showProblem(saved.error());
    });

    m_proxyMode = new QButtonGroup(this);
    auto *systemProxy = new QRadioButton(tr("S&ystem proxy settings"), this);
    systemProxy->setObjectName(u"proxySystem"_s);
    systemProxy->setToolTip(tr("The desktop's proxy, or http_proxy / https_proxy / no_proxy"));
    auto *manualProxy = new QRadioButton(tr("&Manual:"), this);
    manualProxy->setObjectName(u"proxyManual"_s);
    for (QRadioButton *radio : {systemProxy, manualProxy})
        radio->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed); // a click beside the label misses it
    m_proxyMode->addButton(systemProxy, int(AppSettings::Proxy::Mode::System));
    m_proxyMode->addButton(manualProxy, int(AppSettings::Proxy::Mode::Manual));
    m_proxyType = new QComboBox(this);
    m_proxyType->setObjectName(u"proxyType"_s);
    m_proxyType->addItem(u"HTTP"_s, false);
    m_proxyType->addItem(u"SOCKS5"_s, true);
    m_proxyType->setAccessibleName(tr("Proxy type"));
    m_proxyHost = new QLineEdit(this);
    m_proxyHost->setObjectName(u"proxyHost"_s);
    m_proxyHost->setPlaceholderText(tr("host"));
    m_proxyHost->setAccessibleName(tr("Proxy host"));
    m_proxyHost->setMinimumWidth(m_proxyHost->fontMetrics().horizontalAdvance(u"proxy.example.com"_s) + 16);
    m_proxyPort = new QSpinBox(this);
    m_proxyPort->setObjectName(u"proxyPort"_s);
    m_proxyPort->setRange(0, 65535);
    m_proxyPort->setSpecialValueText(tr("port"));
    m_proxyPort->setAccessibleName(tr("Proxy port"));
    m_proxyPort->setMinimumWidth(m_proxyPort->fontMetrics().horizontalAdvance(u"65535"_s) + 40);
    const auto &proxy = settings->proxy();
    (proxy.mode == AppSettings::Proxy::Mode::Manual ? manualProxy : systemProxy)->setChecked(true);
    m_proxyType->setCurrentIndex(proxy.socks ? 1 : 0);
    m_proxyHost->setText(proxy.host);
    m_proxyPort->setValue(proxy.port);
    for (QWidget *w : std::initializer_list<QWidget *>{m_proxyType, m_proxyHost, m_proxyPort})
        w->setEnabled(proxy.mode == AppSettings::Proxy::Mode::Manual);
    connect(m_proxyMode, &QButtonGroup::idClicked, this, &SettingsDialog::saveProxy);
    connect(m_proxyType, &QComboBox::currentIndexChanged, this, &SettingsDialog::saveProxy);
    connect(m_proxyHost, &QLineEdit::editingFinished, this, &SettingsDialog::saveProxy);
    connect(m_proxyPort, &QSpinBox::valueChanged, this, &SettingsDialog::saveProxy);

    auto *proxyRow = new QHBoxLayout;
    proxyRow->addWidget(m_proxyType);
    proxyRow->addWidget(m_proxyHost, 1);
    proxyRow->addWidget(m_proxyPort);
    auto *networkBox = new QGroupBox(tr("Network"), this);
    auto *networkForm = new QFormLayout(networkBox);
    networkForm->addRow(tr("Wait for a first byte:"), m_firstByte);
    networkForm->addRow(tr("Wait in a silent stream:"), m_stall);
    networkForm->addRow(tr("Longest answer:"), m_total);
    networkForm->addRow(tr("Connection test:"), m_modelList);
    networkForm->addRow(tr("Proxy:"), systemProxy);
    networkForm->addRow(QString(), manualProxy);
    networkForm->addRow(QString(), proxyRow);
    auto *loopback = new QLabel(tr("Servers on this computer (127.0.0.1, localhost) are always reached directly."),
                                this);
    loopback->setWordWrap(true);
    loopback->setForegroundRole(QPalette::PlaceholderText);
    networkForm->addRow(QString(), loopback);

    m_problem = new QLabel(this);
    m_problem->setObjectName(u"settingsProblem"_s);
    m_problem->setWordWrap(true);
    m_problem->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);

    auto *columns = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    left->addWidget(folderBox);
    left->addWidget(themeBox);
    left->addWidget(parametersBox);
    left->addStretch(1);
    auto *right = new QVBoxLayout;
    right->addWidget(networkBox);
    right->addStretch(1);
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    // Wide enough that the wrapped notes need few lines; at most 800 high.
    setMinimumWidth(860);
    resize(sizeHint().expandedTo(QSize(860, 560)));
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::showProblem(const QString &text)
{
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

void SettingsDialog::saveParameters()
{
    m_settings->setDefaultParameters(CompareUi::ParameterWidgets::read(m_systemPrompt->toPlainText(), m_temperature,
                                                                       m_maxTokens, m_reasoning));
}

void SettingsDialog::saveTimeouts()
{
    const auto saved = m_settings->setCallTimeouts(
        {.firstByteMs = m_firstByte->value() * 1000, .stallMs = m_stall->value() * 1000,
         .totalMs = m_total->value() * 1000});
    showProblem(saved ? QString() : saved.error());
}

void SettingsDialog::saveProxy()
{
    const auto mode = AppSettings::Proxy::Mode(m_proxyMode->checkedId());
    const bool manual = mode == AppSettings::Proxy::Mode::Manual;
    for (QWidget *w : std::initializer_list<QWidget *>{m_proxyType, m_proxyHost, m_proxyPort})
        w->setEnabled(manual);
    const auto saved = m_settings->setProxy({.mode = mode, .socks = m_proxyType->currentData().toBool(),
                                             .host = m_proxyHost->text(), .port = quint16(m_proxyPort->value())});
    // A manual proxy half typed in is not an error yet; say what is missing.
    showProblem(saved ? QString() : tr("%1 Until then, the system's proxy settings are used.").arg(saved.error()));
}

} // namespace Switchyard::SettingsUi
