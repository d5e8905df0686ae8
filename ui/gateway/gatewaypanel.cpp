#include "gateway/gatewaypanel.h"

#include "gateway/gatewaycontroller.h"
#include "gateway/gatewayhost.h"
#include "secrets/apikey.h"
#include "widgets/statuscolors.h"

#include <QClipboard>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Switchyard::GatewayUi {
namespace {

QToolButton *smallButton(const QString &text, const QString &themeIcon, const QString &tip, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setIcon(QIcon::fromTheme(themeIcon));
    // Text beside the icon: readable where the desktop has no icon theme.
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setToolTip(tip);
    button->setAccessibleName(tip);
    return button;
}

QLineEdit *readOnlyField(const QString &objectName, QWidget *parent)
{
    auto *field = new QLineEdit(parent);
    field->setObjectName(objectName);
    field->setReadOnly(true);
    field->setMinimumWidth(300);
    return field;
}

} // namespace

GatewayPanel::GatewayPanel(GatewayController *controller, QWidget *parent)
    : QFrame(parent)
    , m_controller(controller)
    , m_status(new QLabel(this))
    , m_url(readOnlyField(u"gatewayUrl"_s, this))
    , m_copyUrl(smallButton(tr("Copy"), u"edit-copy"_s, tr("Copy the base URL"), this))
    , m_token(readOnlyField(u"gatewayToken"_s, this))
    , m_reveal(smallButton(tr("Show"), u"view-visible"_s, tr("Show or hide the token"), this))
    , m_copyToken(smallButton(tr("Copy"), u"edit-copy"_s, tr("Copy the token"), this))
    , m_config(new QLabel(this))
    , m_counts(new QLabel(this))
    , m_error(new QLabel(this))
    , m_port(new QSpinBox(this))
    , m_startStop(new QPushButton(this))
{
    setObjectName(u"gatewayPanel"_s);
    m_status->setObjectName(u"gatewayStatus"_s);
    QFont bold = m_status->font();
    bold.setBold(true);
    m_status->setFont(bold);
    m_copyUrl->setObjectName(u"copyUrlButton"_s);
    m_copyToken->setObjectName(u"copyTokenButton"_s);
    m_reveal->setObjectName(u"revealTokenButton"_s);
    m_reveal->setCheckable(true);
    m_config->setObjectName(u"gatewayConfig"_s);
    m_config->setWordWrap(true);
    m_counts->setObjectName(u"gatewayCounts"_s);
    m_error->setObjectName(u"gatewayError"_s);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, Widgets::StatusColors::error(errorPalette));
    m_error->setPalette(errorPalette);
    m_port->setObjectName(u"gatewayPort"_s);
    m_port->setRange(1, 65535);
    m_port->setValue(m_controller->port());
    m_port->setToolTip(tr("The port on 127.0.0.1 the gateway listens on; changed while it is off."));
    m_startStop->setObjectName(u"gatewayStartStop"_s);

    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_copyUrl);
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_reveal);
    tokenRow->addWidget(m_copyToken);
    auto *portRow = new QHBoxLayout;
    portRow->addWidget(m_port);
    portRow->addStretch(1);
    portRow->addWidget(m_startStop);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Base URL:"), urlRow);
    form->addRow(tr("Token:"), tokenRow);
    form->addRow(tr("Routing config:"), m_config);
    form->addRow(tr("Requests:"), m_counts);
    form->addRow(tr("Port:"), portRow);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(8);
    layout->addWidget(m_status);
    layout->addLayout(form);
    layout->addWidget(m_error);

    connect(m_copyUrl, &QToolButton::clicked, this, &GatewayPanel::copyUrl);
    connect(m_copyToken, &QToolButton::clicked, this, &GatewayPanel::copyToken);
    connect(m_reveal, &QToolButton::toggled, this, &GatewayPanel::setTokenRevealed);
    connect(m_port, &QSpinBox::valueChanged, this,
            [this](int port) { m_controller->setPort(quint16(port)); });
    connect(m_startStop, &QPushButton::clicked, this, [this] {
        m_controller->setOn(m_controller->host()->state() == Gateway::GatewayHost::State::Off);
    });

    Gateway::GatewayHost *host = m_controller->host();
    connect(host, &Gateway::GatewayHost::stateChanged, this, &GatewayPanel::refresh);
    connect(host, &Gateway::GatewayHost::failed, this, &GatewayPanel::refresh);
    connect(host, &Gateway::GatewayHost::countsChanged, this, &GatewayPanel::refreshCounts);
    connect(m_controller, &GatewayController::configChanged, this, &GatewayPanel::refresh);
    refresh();
}

GatewayPanel::~GatewayPanel() = default;

void GatewayPanel::refresh()
{
    const Gateway::GatewayHost *host = m_controller->host();
    const auto state = host->state();
    const bool running = state == Gateway::GatewayHost::State::Running;
    switch (state) {
    case Gateway::GatewayHost::State::Off:
        m_status->setText(tr("The local gateway is off"));
        break;
    case Gateway::GatewayHost::State::Starting:
        m_status->setText(tr("Starting the local gateway…"));
        break;
    case Gateway::GatewayHost::State::Running:
        m_status->setText(tr("Listening on %1:%2").arg(host->baseUrl().host()).arg(host->port()));
        break;
    }
    m_url->setText(running ? host->baseUrl().toString() : QString());
    m_url->setPlaceholderText(tr("http://127.0.0.1:%1/v1 once started").arg(m_controller->port()));
    // Masked as keys are everywhere in the app (the last four characters):
    // enough to tell tokens apart without showing one to a screen share.
    m_token->setText(!running               ? QString()
                     : m_reveal->isChecked() ? host->token()
                                             : Secrets::ApiKey::mask(host->token()));
    m_token->setPlaceholderText(tr("shown once started"));
    m_token->setToolTip(running && host->tokenOrigin() == "environment"_L1
                            ? tr("From the SWITCHYARD_GATEWAY_TOKEN environment variable")
                            : tr("Kept in the system keychain as “switchyard-gateway”"));
    for (QWidget *widget : {static_cast<QWidget *>(m_copyUrl), static_cast<QWidget *>(m_copyToken),
                            static_cast<QWidget *>(m_reveal)})
        widget->setEnabled(running);
    m_port->setEnabled(state == Gateway::GatewayHost::State::Off);
    {
        // While running, the port it got; while off, the one the next start asks for.
        const QSignalBlocker blocker(m_port);
        m_port->setValue(running ? host->port() : m_controller->port());
    }
    m_startStop->setText(state == Gateway::GatewayHost::State::Off ? tr("Start") : tr("Stop"));

    m_config->setText(m_controller->configName());
    QStringList problems;
    if (!host->lastError().isEmpty())
        problems.append(tr("Could not start: %1").arg(host->lastError()));
    if (!m_controller->configProblem().isEmpty())
        problems.append(m_controller->configProblem());
    m_error->setText(problems.join(u'\n'));
    m_error->setVisible(!problems.isEmpty());
    refreshCounts();
    Q_EMIT contentsChanged();
}

void GatewayPanel::refreshCounts()
{
    const Gateway::GatewayHost *host = m_controller->host();
    m_counts->setText(
        tr("%1 under way, %2 answered since it started").arg(host->activeCount()).arg(host->requestCount()));
}

QString GatewayPanel::statusText() const
{
    return m_status->text();
}

QString GatewayPanel::urlText() const
{
    return m_url->text();
}

bool GatewayPanel::isTokenRevealed() const
{
    return m_reveal->isChecked();
}

void GatewayPanel::setTokenRevealed(bool revealed)
{
    {
        const QSignalBlocker blocker(m_reveal);
        m_reveal->setChecked(revealed);
    }
    m_reveal->setText(revealed ? tr("Hide") : tr("Show"));
    m_reveal->setIcon(QIcon::fromTheme(revealed ? u"view-hidden"_s : u"view-visible"_s));
    refresh();
}

QString GatewayPanel::errorText() const
{
    return m_error->text();
}

QString GatewayPanel::countsText() const
{
    return m_counts->text();
}

void GatewayPanel::copyUrl()
{
    if (m_url->text().isEmpty())
        return;
    QGuiApplication::clipboard()->setText(m_url->text());
    Q_EMIT statusMessage(tr("Gateway URL copied"));
}

void GatewayPanel::copyToken()
{
    const QString &token = m_controller->host()->token();
    if (!m_controller->host()->isRunning() || token.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(token);
    Q_EMIT statusMessage(tr("Gateway token copied"));
}

} // namespace Switchyard::GatewayUi
