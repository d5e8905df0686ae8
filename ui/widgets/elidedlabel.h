#pragma once

#include <QLabel>

namespace Switchyard::Widgets {

/// A one-line label that never grows taller or wider than it is given: when
/// its text does not fit, it ends in "…" and the whole text is in the tooltip
/// (after the tooltip set with setDetail()). Rows of these (the Compare panes'
/// footers) stay one line high and line up, whatever the pane's width.
class ElidedLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElidedLabel)

public:
    explicit ElidedLabel(QWidget *parent = nullptr);
    ~ElidedLabel() override;

    void setFullText(const QString &text);
    [[nodiscard]] QString fullText() const { return m_fullText; }
    /// What the tooltip explains; the full text comes first when elided.
    void setDetail(const QString &detail);
    [[nodiscard]] bool isElided() const { return text() != m_fullText; }

    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void relayText();

    QString m_fullText;
    QString m_detail;
};

} // namespace Switchyard::Widgets
