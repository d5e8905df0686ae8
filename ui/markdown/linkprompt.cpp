#include "markdown/linkprompt.h"

#include <QApplication>
#include <QBoxLayout>
#include <QClipboard>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace Switchyard::Markdown {
namespace {

// A URL has no spaces to wrap at; a zero-width space after each separator
// lets the label wrap it instead of growing wider than the view.
QString breakable(const QString &url)
{
    QString out;
    out.reserve(url.size() + url.size() / 8);
    for (QChar c : url) {
        out += c;
        if (c == u'/' || c == u'?' || c == u'&' || c == u'=' || c == u'.' || c == u'-' || c == u'_')
            out += QChar(0x200B);
    }
    return out;
}

} // namespace

LinkPrompt::LinkPrompt(QWidget *parent)
    : QFrame(parent)
    , m_question(new QLabel(this))
    , m_target(new QLabel(this))
    , m_open(new QPushButton(tr("Open"), this))
    , m_copy(new QPushButton(tr("Copy link"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
{
    setObjectName(u"linkPrompt"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Window);
    setFocusPolicy(Qt::StrongFocus);

    // Plain text only: the URL comes from the model and must not be read as markup.
    m_question->setTextFormat(Qt::PlainText);
    m_question->setWordWrap(true);
    m_target->setObjectName(u"linkPromptTarget"_s);
    m_target->setTextFormat(Qt::PlainText);
    m_target->setWordWrap(true);
    m_target->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_target->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_open->setObjectName(u"linkPromptOpen"_s);
    m_copy->setObjectName(u"linkPromptCopy"_s);
    m_cancel->setObjectName(u"linkPromptCancel"_s);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_copy);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_open);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(4);
    layout->addWidget(m_question);
    layout->addWidget(m_target);
    layout->addLayout(buttons);

    connect(m_open, &QPushButton::clicked, this, [this] {
        const QUrl url = m_url;
        dismiss();
        Q_EMIT openRequested(url);
    });
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(QString::fromUtf8(m_url.toEncoded()));
        dismiss();
    });
    connect(m_cancel, &QPushButton::clicked, this, &LinkPrompt::dismiss);
    hide();
}

void LinkPrompt::ask(const QString &question, const QUrl &url, bool openable)
{
    m_url = url;
    m_question->setText(question);
    m_target->setText(breakable(QString::fromUtf8(url.toEncoded())));
    m_open->setVisible(openable);
    m_cancel->setText(openable ? tr("Cancel") : tr("Close"));
    show();
    raise();
    (openable ? m_open : m_cancel)->setFocus();
}

QString LinkPrompt::text() const
{
    return m_question->text() + u'\n' + m_target->text().remove(QChar(0x200B));
}

void LinkPrompt::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        dismiss();
        return;
    }
    QFrame::keyPressEvent(event);
}

void LinkPrompt::dismiss()
{
    hide();
    Q_EMIT closed();
}

} // namespace Switchyard::Markdown
