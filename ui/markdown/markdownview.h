#pragma once

#include <QTextBrowser>

#include <functional>

namespace Switchyard::Markdown {

class LinkPrompt;
class StreamingDocument;

/// Shows a StreamingDocument (which it owns) read-only, and is where the
/// untrusted content of an answer meets the user:
///   - a link does nothing until clicked; then linkActivated() is emitted and
///     a prompt shows the whole URL; only http, https and mailto are opened,
///     and only when the user confirms; other schemes are refused, saying so;
///   - an image placeholder emits imageActivated() and asks the same way
///     before the image is opened in the browser;
///   - a code block's "Copy" link copies that block to the clipboard;
///   - no resource is ever loaded: loadResource() answers nothing.
/// While the user has not scrolled up, the view follows the newest text.
class MarkdownView final : public QTextBrowser
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarkdownView)

public:
    /// Opens an approved URL; QDesktopServices::openUrl unless replaced
    /// (tests record instead of opening a browser).
    using UrlOpener = std::function<bool(const QUrl &)>;

    explicit MarkdownView(QWidget *parent = nullptr);
    ~MarkdownView() override;

    [[nodiscard]] StreamingDocument *streamingDocument() const { return m_stream; }
    [[nodiscard]] LinkPrompt *linkPrompt() const { return m_prompt; }
    void setUrlOpener(UrlOpener opener);

    /// The schemes Switchyard hands to the desktop: http, https, mailto.
    [[nodiscard]] static bool isOpenable(const QUrl &url);

    /// Always empty: nothing an answer refers to is fetched or read.
    QVariant loadResource(int type, const QUrl &name) override;

Q_SIGNALS:
    /// A link in the answer was clicked (before the user confirms anything).
    void linkActivated(const QUrl &url);
    /// An image placeholder was clicked; url is the image's source.
    void imageActivated(const QUrl &url);
    /// The code block with this index was copied to the clipboard.
    void codeCopied(int index);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void activate(const QUrl &url);
    void copyCode(int index);
    void showPrompt(const QString &question, const QUrl &url, bool openable);
    void placePrompt();
    [[nodiscard]] QTextBlock firstBlockAt(int y) const;
    void paintCodeBoxes(const QRect &area);
    void paintQuoteBars(const QRect &area);

    StreamingDocument *m_stream = nullptr;
    LinkPrompt *m_prompt = nullptr;
    UrlOpener m_opener;
    bool m_followTail = true;
    bool m_followPending = false;
};

} // namespace Switchyard::Markdown
