#include "shell/aboutdialog.h"

#include "base/buildinfo.h"
#include "base/thirdpartycomponent.h"

#include <QBoxLayout>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QSysInfo>
#include <QTabWidget>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

namespace Switchyard::Shell {
namespace {

QLabel *richLabel(const QString &html, QWidget *parent)
{
    auto *label = new QLabel(html, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    label->setOpenExternalLinks(true); // only the project's own links, never model output
    label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    return label;
}

QLabel *selectableLabel(const QString &text, const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    return label;
}

QString platformLine()
{
    return u"%1, %2, %3"_s.arg(QSysInfo::prettyProductName(), QSysInfo::currentCpuArchitecture(),
                               QGuiApplication::platformName());
}

QString qtLine()
{
    return u"%1 (built with %2)"_s.arg(Base::BuildInfo::runtimeQtVersion(), QStringLiteral(QT_VERSION_STR));
}

} // namespace

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    using namespace Base;
    setObjectName(u"aboutDialog"_s);
    setWindowTitle(tr("About Switchyard"));
    setWindowIcon(applicationIcon());

    auto *icon = new QLabel(this);
    icon->setPixmap(applicationIcon().pixmap(QSize(64, 64), devicePixelRatio()));
    icon->setAlignment(Qt::AlignTop);
    auto *title = new QLabel(u"<b>Switchyard</b>"_s, this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    title->setFont(titleFont);
    auto *version = selectableLabel(tr("Version %1").arg(BuildInfo::version()), u"versionLabel"_s, this);
    auto *summary = new QLabel(tr("Compare, route and track LLM models from your desktop."), this);
    summary->setWordWrap(true);
    auto *heading = new QVBoxLayout;
    heading->setSpacing(4);
    heading->addWidget(title);
    heading->addWidget(version);
    heading->addWidget(summary);
    auto *top = new QHBoxLayout;
    top->setSpacing(16);
    top->addWidget(icon);
    top->addLayout(heading, 1);

    // About: what it is, where it lives, the license.
    const QString homepage = BuildInfo::homepage();
    auto *about = richLabel(
        tr("<p>Switchyard sends one prompt to several LLM providers side by side and compares their "
           "answers, speed and cost, and keeps a local log of every call with spend and budgets.</p>"
           "<p><a href=\"%1\">%1</a></p>"
           "<p>Copyright © the Switchyard developers.</p>"
           "<p>License: <b>GPL-3.0-or-later</b>. Switchyard is free software: you can redistribute it "
           "and/or modify it under the terms of the GNU General Public License as published by the "
           "Free Software Foundation, either version 3 of the License, or (at your option) any later "
           "version. It comes with ABSOLUTELY NO WARRANTY; see the "
           "<a href=\"https://www.gnu.org/licenses/gpl-3.0.html\">GNU General Public License</a> "
           "for details.</p>")
            .arg(homepage.toHtmlEscaped()),
        this);
    about->setObjectName(u"aboutText"_s);
    auto *aboutPage = new QWidget(this);
    auto *aboutLayout = new QVBoxLayout(aboutPage);
    aboutLayout->addWidget(about);
    aboutLayout->addStretch(1);

    // Components: every third-party library, its version and license.
    m_components = new QTreeWidget(this);
    m_components->setObjectName(u"componentsTree"_s);
    m_components->setRootIsDecorated(false);
    m_components->setHeaderLabels({tr("Component"), tr("Version"), tr("License"), tr("Used for")});
    m_components->setSelectionMode(QAbstractItemView::NoSelection);
    m_components->setFocusPolicy(Qt::NoFocus);
    for (const ThirdPartyComponent &component : thirdPartyComponents()) {
        const QString shown = component.version.isEmpty() ? tr("unknown") : component.version;
        auto *item = new QTreeWidgetItem(m_components, {component.name, shown, component.license, component.purpose});
        item->setToolTip(0, component.url);
        item->setToolTip(3, component.purpose);
    }
    for (int column = 0; column < m_components->columnCount() - 1; ++column)
        m_components->resizeColumnToContents(column);
    auto *componentsPage = new QWidget(this);
    auto *componentsLayout = new QVBoxLayout(componentsPage);
    componentsLayout->addWidget(new QLabel(tr("Switchyard is built with these libraries:"), componentsPage));
    componentsLayout->addWidget(m_components, 1);

    // Build: the facts a bug report needs.
    auto *buildPage = new QWidget(this);
    auto *form = new QFormLayout(buildPage);
    form->addRow(tr("Version:"), selectableLabel(BuildInfo::version(), u"buildVersion"_s, buildPage));
    form->addRow(tr("Revision:"), selectableLabel(BuildInfo::revision(), u"buildRevision"_s, buildPage));
    form->addRow(tr("Build:"), selectableLabel(BuildInfo::buildType(), u"buildType"_s, buildPage));
    form->addRow(tr("Compiler:"), selectableLabel(BuildInfo::compiler(), u"buildCompiler"_s, buildPage));
    form->addRow(tr("Qt:"), selectableLabel(qtLine(), u"buildQt"_s, buildPage));
    form->addRow(tr("Platform:"), selectableLabel(platformLine(), u"buildPlatform"_s, buildPage));
    form->addRow(tr("Application id:"), selectableLabel(BuildInfo::applicationId(), u"buildAppId"_s, buildPage));

    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(u"aboutTabs"_s);
    tabs->addTab(aboutPage, tr("&About"));
    tabs->addTab(componentsPage, tr("&Components"));
    tabs->addTab(buildPage, tr("&Build"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("Co&py Build Information"), QDialogButtonBox::ActionRole);
    copy->setObjectName(u"copyBuildInformation"_s);
    copy->setToolTip(tr("Copies the version, revision, platform and components, for a bug report"));
    connect(copy, &QPushButton::clicked, this, [] { QGuiApplication::clipboard()->setText(buildReport()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    layout->addLayout(top);
    layout->addWidget(tabs, 1);
    layout->addWidget(buttons);
    resize(sizeHint().expandedTo(QSize(680, 460)));
}

AboutDialog::~AboutDialog() = default;

QIcon AboutDialog::applicationIcon()
{
    return QIcon::fromTheme(Base::BuildInfo::applicationId(), QIcon(u":/icons/switchyard.svg"_s));
}

QString AboutDialog::buildReport()
{
    using namespace Base;
    QString report = BuildInfo::versionLine(u"Switchyard"_s) + u'\n';
    report += u"Revision: "_s + BuildInfo::revision() + u'\n';
    report += u"Build: "_s + BuildInfo::buildType() + u", "_s + BuildInfo::compiler() + u'\n';
    report += u"Qt: "_s + qtLine() + u'\n';
    report += u"Platform: "_s + platformLine() + u'\n';
    report += u"Application id: "_s + BuildInfo::applicationId() + u'\n';
    report += u"Components:"_s;
    for (const ThirdPartyComponent &component : thirdPartyComponents())
        report += u"\n  %1 %2 (%3)"_s.arg(component.name, component.version, component.license);
    return report + u'\n';
}

} // namespace Switchyard::Shell
