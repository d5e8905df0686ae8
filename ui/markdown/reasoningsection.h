#pragma once

#include <QElapsedTimer>
#include <QWidget>

class QToolButton;

namespace Switchyard::Markdown {

class MarkdownView;
class StreamingDocument;

/// A model's reasoning ("thinking") above its answer: a header that says
/// whether the model is still thinking or for how long it did, and a
/// MarkdownView with its own StreamingDocument below it, collapsed unless
/// the user opens it. A compare pane feeds reasoning deltas here and text
/// deltas to the answer's view, and calls finish() when the first text delta
/// arrives (or the call ends).
class ReasoningSection final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReasoningSection)

public:
    explicit ReasoningSection(QWidget *parent = nullptr);
    ~ReasoningSection() override;

    void appendDelta(QStringView delta);
    /// The reasoning is complete; the header says how long it took.
    void finish();
    void clear();

    [[nodiscard]] bool isExpanded() const;
    void setExpanded(bool expanded);

    [[nodiscard]] QString title() const;
    [[nodiscard]] MarkdownView *view() const { return m_view; }
    [[nodiscard]] StreamingDocument *streamingDocument() const;

Q_SIGNALS:
    void expandedChanged(bool expanded);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateTitle();
    void dimText();

    QToolButton *m_header = nullptr;
    MarkdownView *m_view = nullptr;
    QElapsedTimer m_clock;
    qint64 m_elapsedMs = -1; // set by finish()
};

} // namespace Switchyard::Markdown
