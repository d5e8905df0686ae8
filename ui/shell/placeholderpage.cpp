#include "shell/placeholderpage.h"

#include <QIcon>
#include <QLabel>
#include <QBoxLayout>

using namespace Qt::StringLiterals;

namespace Switchyard::Shell {

PlaceholderPage::PlaceholderPage(const QIcon &icon, const QString &title, const QString &purpose,
                                 const QString &status, QWidget *parent)
    : QWidget(parent)
{
    // The text lives in a column of bounded width: word-wrapped labels then
    // get their height for that width instead of being cut off.
    auto *column = new QWidget(this);
    column->setMaximumWidth(560);

    auto *iconLabel = new QLabel(column);
    iconLabel->setPixmap(icon.pixmap(64, 64));
    iconLabel->setAlignment(Qt::AlignHCenter);

    auto *titleLabel = new QLabel(title, column);
    QFont titleFont = titleLabel->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setWeight(QFont::DemiBold);
    titleLabel->setFont(titleFont);
    titleLabel->setAlignment(Qt::AlignHCenter);

    auto *purposeLabel = new QLabel(purpose, column);
    purposeLabel->setWordWrap(true);
    purposeLabel->setAlignment(Qt::AlignHCenter);

    auto *statusLabel = new QLabel(status, column);
    statusLabel->setObjectName(u"statusLabel"_s);
    statusLabel->setWordWrap(true);
    statusLabel->setAlignment(Qt::AlignHCenter);
    statusLabel->setForegroundRole(QPalette::PlaceholderText);

    auto *columnLayout = new QVBoxLayout(column);
    columnLayout->setSpacing(12);
    columnLayout->addWidget(iconLabel);
    columnLayout->addWidget(titleLabel);
    columnLayout->addWidget(purposeLabel);
    columnLayout->addSpacing(8);
    columnLayout->addWidget(statusLabel);

    // The column takes the width it can up to its maximum; the stretches
    // either side share what is left, which centres it.
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 10);
    row->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 24, 24, 24);
    layout->addStretch(2);
    layout->addLayout(row);
    layout->addStretch(3);
}

} // namespace Switchyard::Shell
