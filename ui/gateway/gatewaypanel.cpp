#include "gateway/gatewaypanel.h"

#include "gateway/gatewaycontroller.h"
#include "gateway/gatewayhost.h"
#include "secrets/apikey.h"
#include "widgets/statuscolors.h"

#include <QClipboard>
#include <QComboBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkInterface>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

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

// A line under a field, in the status colour, hidden while empty.
QLabel *statusLabel(const QString &objectName, QColor (*colour)(const QPalette &), QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, colour(palette));
    label->setPalette(palette);
    label->hide();
    return label;
}

void showStatus(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
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
    , m_renew(smallButton(tr("Renew…"), u"view-refresh"_s,
                          tr("Make a new token; the current one stops working"), this))
    , m_renewConfirm(new QWidget(this))
    , m_renewNote(new QLabel(m_renewConfirm))
    , m_config(new QLabel(this))
    , m_counts(new QLabel(this))
    , m_error(statusLabel(u"gatewayError"_s, Widgets::StatusColors::error, this))
    , m_port(new QSpinBox(this))
    , m_address(new QComboBox(this))
    , m_addressWarning(statusLabel(u"gatewayAddressWarning"_s, Widgets::StatusColors::warning, this))
    , m_origins(new QLineEdit(this))
    , m_originsProblem(statusLabel(u"gatewayOriginsProblem"_s, Widgets::StatusColors::error, this))
    , m_startStop(new QPushButton(this))
    , m_keys(new QPushButton(tr("Keys…"), this))
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
    m_renew->setObjectName(u"renewTokenButton"_s);
    m_port->setObjectName(u"gatewayPort"_s);
    m_port->setRange(1, 65535);
    m_port->setValue(m_controller->port());
    m_port->setToolTip(tr("The port on 127.0.0.1 the gateway listens on; changed while it is off."));
    m_startStop->setObjectName(u"gatewayStartStop"_s);

    m_renewConfirm->setObjectName(u"renewTokenConfirmation"_s);
    m_renewNote->setWordWrap(true);
    m_renewNote->setText(tr("Programs using the current token will be refused until they are given the new one."));
    auto *renewYes = new QPushButton(tr("Renew Token"), m_renewConfirm);
    renewYes->setObjectName(u"confirmRenewButton"_s);
    auto *renewNo = new QPushButton(tr("Cancel"), m_renewConfirm);
    renewNo->setObjectName(u"cancelRenewButton"_s);
    auto *renewButtons = new QHBoxLayout;
    renewButtons->addStretch(1);
    renewButtons->addWidget(renewNo);
    renewButtons->addWidget(renewYes);
    auto *renewLayout = new QVBoxLayout(m_renewConfirm);
    renewLayout->setContentsMargins(0, 0, 0, 0);
    renewLayout->addWidget(m_renewNote);
    renewLayout->addLayout(renewButtons);
    m_renewConfirm->hide();

    m_address->setObjectName(u"gatewayAddress"_s);
    m_address->setToolTip(tr("Where the gateway listens; changed while it is off. 127.0.0.1 keeps it to this "
                             "computer."));
    m_address->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    fillAddresses();

    m_origins->setObjectName(u"gatewayOrigins"_s);
    m_origins->setPlaceholderText(tr("none: web pages cannot call it"));
    m_origins->setToolTip(tr("Web pages of these origins (scheme://host[:port], separated by commas) may call "
                             "the gateway from a browser; other pages are refused."));
    m_origins->setText(m_controller->allowedOrigins().join(", "_L1));

    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_copyUrl);
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_reveal);
    tokenRow->addWidget(m_copyToken);
    tokenRow->addWidget(m_renew);
    auto *portRow = new QHBoxLayout;
    portRow->addWidget(m_port);
    portRow->addStretch(1);
    portRow->addWidget(m_startStop);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Base URL:"), urlRow);
    form->addRow(tr("Token:"), tokenRow);
    form->addRow(QString(), m_renewConfirm);
    form->addRow(tr("Routing config:"), m_config);
    form->addRow(tr("Requests:"), m_counts);
    form->addRow(tr("Port:"), portRow);
    form->addRow(tr("Listen on:"), m_address);
    form->addRow(tr("Allowed origins:"), m_origins);
    m_keys->setObjectName(u"gatewayKeysButton"_s);
    m_keys->setToolTip(tr("Give each tool its own key, with its own limits and budgets"));
    auto *keysRow = new QHBoxLayout;
    keysRow->addWidget(m_keys);
    keysRow->addWidget(new QLabel(tr("each its own token, limits and budgets"), this), 1);
    form->addRow(tr("Tool keys:"), keysRow);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(8);
    layout->addWidget(m_status);
    layout->addLayout(form);
    // Wrapped lines go under the form, at the panel's width: a form row
    // sizes a wrapped label by its own guess of a width, and clips it.
    layout->addWidget(m_originsProblem);
    layout->addWidget(m_addressWarning);
    layout->addWidget(m_error);

    connect(m_keys, &QPushButton::clicked, this, &GatewayPanel::keysRequested);
    connect(m_copyUrl, &QToolButton::clicked, this, &GatewayPanel::copyUrl);
    connect(m_copyToken, &QToolButton::clicked, this, &GatewayPanel::copyToken);
    connect(m_reveal, &QToolButton::toggled, this, &GatewayPanel::setTokenRevealed);
    connect(m_renew, &QToolButton::clicked, this, &GatewayPanel::askToRenewToken);
    connect(renewYes, &QPushButton::clicked, this, &GatewayPanel::confirmRenewal);
    connect(renewNo, &QPushButton::clicked, this, [this] {
        m_renewConfirm->hide();
        Q_EMIT contentsChanged();
    });
    connect(m_address, &QComboBox::activated, this,
            [this](int index) { chooseAddress(m_address->itemData(index).toString()); });
    connect(m_origins, &QLineEdit::textEdited, this, &GatewayPanel::setOriginsText);
    // Once typing is done, the list as the gateway compares it.
    connect(m_origins, &QLineEdit::editingFinished, this, [this] {
        if (m_originsProblem->text().isEmpty())
            m_origins->setText(m_controller->allowedOrigins().join(", "_L1));
    });
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
    connect(host, &Gateway::GatewayHost::tokenRenewed, this, [this] {
        m_renewError.clear();
        refresh();
        Q_EMIT statusMessage(m_controller->host()->isRunning()
                                 ? tr("The gateway has a new token: give it to the programs that use the gateway")
                                 : tr("The gateway has a new token for its next start"));
    });
    connect(host, &Gateway::GatewayHost::tokenRenewalFailed, this, [this](const QString &message) {
        m_renewError = message;
        refresh();
    });
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
        m_status->setText(m_controller->address() == QHostAddress(QHostAddress::AnyIPv4)
                              ? tr("Listening on every address of this computer, port %1").arg(host->port())
                              : tr("Listening on %1:%2").arg(host->baseUrl().host()).arg(host->port()));
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
    m_address->setEnabled(state == Gateway::GatewayHost::State::Off);
    const bool fromEnvironment = Gateway::GatewayHost::isTokenFromEnvironment();
    m_renew->setEnabled(state != Gateway::GatewayHost::State::Starting && !host->isRenewingToken()
                        && !fromEnvironment);
    m_renew->setToolTip(fromEnvironment
                            ? tr("The token comes from SWITCHYARD_GATEWAY_TOKEN: change the variable to renew it")
                            : tr("Make a new token; the current one stops working"));
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
    if (!m_renewError.isEmpty())
        problems.append(tr("The token was not renewed: %1").arg(m_renewError));
    showStatus(m_error, problems.join(u'\n'));
    refreshAddressWarning();
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

void GatewayPanel::setOriginsText(const QString &text)
{
    if (m_origins->text() != text)
        m_origins->setText(text);
    auto origins = Gateway::GatewayOptions::parseOrigins(text);
    showStatus(m_originsProblem, origins ? QString() : origins.error());
    if (origins && *origins != m_controller->allowedOrigins())
        m_controller->setAllowedOrigins(*origins);
    Q_EMIT contentsChanged();
}

QString GatewayPanel::originsProblem() const
{
    return m_originsProblem->text();
}

void GatewayPanel::askToRenewToken()
{
    m_renewConfirm->show();
    Q_EMIT contentsChanged();
}

void GatewayPanel::confirmRenewal()
{
    m_renewConfirm->hide();
    m_renewError.clear();
    m_controller->host()->renewToken();
    refresh();
}

bool GatewayPanel::isAskingToRenew() const
{
    return !m_renewConfirm->isHidden();
}

QSize GatewayPanel::sizeHint() const
{
    // A plain size hint gives a word-wrapped label the height of its text at
    // a width of its own choosing, not at the width the panel gives it.
    QSize size = QFrame::sizeHint();
    if (const QLayout *box = layout(); box && box->hasHeightForWidth())
        size.setHeight(std::max(size.height(), box->totalHeightForWidth(size.width())));
    return size;
}

void GatewayPanel::fillAddresses()
{
    m_address->clear();
    m_address->addItem(tr("127.0.0.1 — this computer only"), u"127.0.0.1"_s);
    m_address->addItem(tr("0.0.0.0 — every network this computer is on"), u"0.0.0.0"_s);
    const QList<QHostAddress> own = QNetworkInterface::allAddresses();
    for (const QHostAddress &address : own) {
        // A link-local or scoped address would need its interface named in every URL.
        if (address.isLoopback() || address.isLinkLocal() || !address.scopeId().isEmpty())
            continue;
        m_address->addItem(tr("%1 — other computers too").arg(address.toString()), address.toString());
    }
    const QString chosen = m_controller->address().toString();
    int index = m_address->findData(chosen);
    if (index < 0 && m_controller->address().isLoopback()) {
        index = 0;
    } else if (index < 0) {
        // Chosen earlier on a network this computer is not on now: said, not dropped.
        m_address->addItem(tr("%1 — not an address of this computer now").arg(chosen), chosen);
        index = m_address->count() - 1;
    }
    m_address->setCurrentIndex(index);
}

QStringList GatewayPanel::addressChoices() const
{
    QStringList choices;
    for (int i = 0; i < m_address->count(); ++i)
        choices.append(m_address->itemData(i).toString());
    return choices;
}

void GatewayPanel::chooseAddress(const QString &address)
{
    const int index = m_address->findData(address);
    if (index < 0)
        return;
    m_address->setCurrentIndex(index);
    m_controller->setAddress(QHostAddress(address));
    refresh();
}

void GatewayPanel::refreshAddressWarning()
{
    const QHostAddress address = m_controller->address();
    QString warning;
    if (address == QHostAddress(QHostAddress::AnyIPv4))
        warning = tr("Any computer on any network this computer joins — a café's, a hotel's — can send calls on "
                     "your keys if it learns the token. Choose 127.0.0.1 unless others need to.");
    else if (!address.isLoopback())
        warning = tr("Other computers that reach %1 can send calls on your keys if they learn the token. "
                     "Choose 127.0.0.1 unless they need to.")
                      .arg(address.toString());
    showStatus(m_addressWarning, warning);
}

QString GatewayPanel::addressWarning() const
{
    return m_addressWarning->text();
}

} // namespace Switchyard::GatewayUi
