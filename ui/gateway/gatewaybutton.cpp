#include "gateway/gatewaybutton.h"

#include "gateway/gatewaycontroller.h"
#include "gateway/gatewayhost.h"
#include "gateway/gatewaypanel.h"

#include <QAction>
#include <QActionEvent>
#include <QCoreApplication>
#include <QMenu>
#include <QTimer>
#include <QWidgetAction>

using namespace Qt::StringLiterals;

namespace Switchyard::GatewayUi {

GatewayButton::GatewayButton(GatewayController *controller, QWidget *parent)
    : QToolButton(parent)
    , m_controller(controller)
    , m_toggle(new QAction(
          QIcon::fromTheme(u"network-connect"_s, QIcon(u":/icons/gateway.svg"_s)), tr("Gateway"), this))
    , m_panel(new GatewayPanel(controller, this))
{
    setObjectName(u"gatewayButton"_s);
    m_toggle->setObjectName(u"gatewayAction"_s);
    m_toggle->setCheckable(true);
    // Ctrl+1..4 are the pages, Ctrl+Shift+A/B/E Compare's: G for gateway is free.
    m_toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    setDefaultAction(m_toggle);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setPopupMode(QToolButton::MenuButtonPopup);

    auto *menu = new QMenu(this);
    auto *panelAction = new QWidgetAction(menu);
    panelAction->setDefaultWidget(m_panel);
    menu->addAction(panelAction);
    setMenu(menu);
    // The button sits at the window's right edge, and a menu opens
    // left-aligned under it: it would hang past the window. Right-aligned
    // under the button instead, as the panel's own arrow suggests.
    connect(menu, &QMenu::aboutToShow, this, [this, menu] {
        QTimer::singleShot(0, menu, [this, menu] {
            const int right = mapToGlobal(QPoint(width(), 0)).x();
            if (menu->geometry().right() > right)
                menu->move(std::max(window()->geometry().left(), right - menu->width()), menu->y());
        });
    });

    // The action says what the user wants; the host says what is: a start
    // that fails (port taken) turns the button off again, with the reason.
    connect(m_toggle, &QAction::triggered, this, [this](bool on) { m_controller->setOn(on); });
    Gateway::GatewayHost *host = m_controller->host();
    connect(host, &Gateway::GatewayHost::stateChanged, this, &GatewayButton::refresh);
    connect(host, &Gateway::GatewayHost::countsChanged, this, &GatewayButton::refresh);
    connect(host, &Gateway::GatewayHost::failed, this, [this](const QString &message) {
        refresh();
        Q_EMIT statusMessage(tr("The gateway could not start: %1").arg(message));
    });
    connect(m_panel, &GatewayPanel::statusMessage, this, &GatewayButton::statusMessage);
    connect(m_panel, &GatewayPanel::keysRequested, this, [this, menu] {
        menu->hide(); // a popup over a dialog would take its clicks
        Q_EMIT keysRequested();
    });
    // A QMenu measures its widget actions once and keeps the size: an error
    // line appearing in the panel would be squeezed into the old height. An
    // ActionChanged makes it measure again (and resize, when it is open).
    connect(m_panel, &GatewayPanel::contentsChanged, menu, [menu, panelAction] {
        QActionEvent changed(QEvent::ActionChanged, panelAction);
        QCoreApplication::sendEvent(menu, &changed);
    });
    refresh();
}

GatewayButton::~GatewayButton() = default;

void GatewayButton::refresh()
{
    const Gateway::GatewayHost *host = m_controller->host();
    const QString shortcut = m_toggle->shortcut().toString(QKeySequence::NativeText);
    m_toggle->setChecked(host->state() != Gateway::GatewayHost::State::Off);
    switch (host->state()) {
    case Gateway::GatewayHost::State::Off:
        m_toggle->setText(host->lastError().isEmpty() ? tr("Gateway") : tr("Gateway: failed"));
        m_toggle->setToolTip(host->lastError().isEmpty()
                                 ? tr("Start the local OpenAI-compatible gateway (%1)").arg(shortcut)
                                 : tr("The gateway could not start: %1").arg(host->lastError()));
        break;
    case Gateway::GatewayHost::State::Starting:
        m_toggle->setText(tr("Gateway: starting…"));
        m_toggle->setToolTip(tr("Fetching the token and opening the port"));
        break;
    case Gateway::GatewayHost::State::Running:
        // Under way / answered: at a glance whether clients are using it.
        m_toggle->setText(tr("Gateway %1:%2 · %3/%4")
                              .arg(host->baseUrl().host())
                              .arg(host->port())
                              .arg(host->activeCount())
                              .arg(host->requestCount()));
        m_toggle->setToolTip(tr("Listening at %1; %2 requests under way, %3 answered. Stop it (%4)")
                                 .arg(host->baseUrl().toString())
                                 .arg(host->activeCount())
                                 .arg(host->requestCount())
                                 .arg(shortcut));
        break;
    }
    setAccessibleName(m_toggle->text());
}

} // namespace Switchyard::GatewayUi
