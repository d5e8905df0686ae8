#include "usage/databasebanner.h"

#include <QBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace Switchyard::UsageUi {

DatabaseBanner::DatabaseBanner(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_setAside(new QPushButton(tr("Move It Aside and Start a New One"), this))
    , m_close(new QPushButton(this))
{
    setObjectName(u"databaseBanner"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    m_text->setObjectName(u"bannerText"_s);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse); // the path can be copied
    m_setAside->setObjectName(u"setAsideButton"_s);
    m_setAside->setToolTip(tr("Renames the file with the date and time added, keeps it, and starts an empty "
                              "usage database in its place"));
    m_close->setObjectName(u"closeBanner"_s);
    m_close->setIcon(QIcon::fromTheme(u"window-close"_s, style()->standardIcon(QStyle::SP_DialogCloseButton)));
    m_close->setFlat(true);
    m_close->setAccessibleName(tr("Close"));
    m_close->setToolTip(tr("Close"));
    connect(m_setAside, &QPushButton::clicked, this, &DatabaseBanner::setAsideRequested);
    connect(m_close, &QPushButton::clicked, this, &QWidget::hide);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 8, 8);
    layout->setSpacing(12);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_setAside, 0, Qt::AlignVCenter);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    setVisible(false);
}

DatabaseBanner::~DatabaseBanner() = default;

void DatabaseBanner::show(const QString &icon, const QString &text, bool offerSetAside, bool closable)
{
    const QStyle::StandardPixmap fallback
        = icon == u"dialog-information" ? QStyle::SP_MessageBoxInformation : QStyle::SP_MessageBoxWarning;
    m_icon->setPixmap(QIcon::fromTheme(icon, style()->standardIcon(fallback)).pixmap(24, 24));
    m_text->setText(text);
    m_setAside->setVisible(offerSetAside);
    m_setAside->setEnabled(true);
    m_close->setVisible(closable);
    setVisible(true);
}

void DatabaseBanner::showProblem(const Usage::UsageError &error)
{
    using Kind = Usage::UsageError::Kind;
    // A failed write (disk full, a lock held too long) passes by itself; the
    // calls wait in memory. The other kinds need the user's decision.
    const bool decide = error.kind != Kind::Failed;
    QString text = error.message;
    if (decide)
        text += u"\n"_s + tr("Calls made meanwhile are kept in memory and written once there is a usable database.");
    show(u"dialog-warning"_s, text, decide, !decide);
}

void DatabaseBanner::showMoving()
{
    m_setAside->setEnabled(false);
}

void DatabaseBanner::showMovedAside(const QString &newPath)
{
    show(u"dialog-information"_s,
         tr("The old usage database was moved to %1 and is kept there; a new one has been started.").arg(newPath),
         false, true);
}

void DatabaseBanner::showMoveFailed(const QString &message)
{
    show(u"dialog-warning"_s, tr("The usage database could not be moved aside: %1").arg(message), true, false);
}

QString DatabaseBanner::text() const
{
    return m_text->text();
}

} // namespace Switchyard::UsageUi
