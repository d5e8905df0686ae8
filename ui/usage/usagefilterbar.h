#pragma once

#include "usage/usagedatabase.h"
#include "usage/usagefilter.h"

#include <QDate>
#include <QWidget>

#include <utility>

class QComboBox;
class QDateEdit;
class QLabel;

namespace Switchyard::UsageUi {

/// The usage page's filters: a date range (today, the last 7 or 30 days, this
/// month, or custom dates) and provider, model, source, project and the
/// gateway key calls came with. The
/// choices come from the log itself; the selection survives a restart, and a
/// saved choice the log no longer has stays selected rather than vanishing.
class UsageFilterBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageFilterBar)

public:
    enum class Range { Today, Last7Days, Last30Days, ThisMonth, Custom };
    Q_ENUM(Range)

    explicit UsageFilterBar(QWidget *parent = nullptr);
    ~UsageFilterBar() override;

    /// The calls the filters select, with preset ranges counted back from today.
    [[nodiscard]] Usage::UsageFilter filter(QDate today) const;
    /// The first and last day of a range, both included.
    [[nodiscard]] static std::pair<QDate, QDate> span(Range range, QDate today, QDate customFrom = {},
                                                      QDate customTo = {});

    [[nodiscard]] Range range() const;
    void setRange(Range range);
    void setCustomRange(QDate from, QDate to);
    /// The last 30 days, every provider, model, source and project.
    void reset();
    /// Refills the combos, keeping what is selected.
    void setChoices(const Usage::UsageChoices &choices);

Q_SIGNALS:
    void changed();

private:
    void rangeChosen();
    [[nodiscard]] QString itemText(const QComboBox *box, const QString &value) const;
    void fill(QComboBox *box, const QStringList &values, const QString &allText);
    void fillModels();
    void saveSettings() const;
    void restoreSettings();

    QComboBox *m_range = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QLabel *m_dash = nullptr;
    QComboBox *m_provider = nullptr;
    QComboBox *m_model = nullptr;
    QComboBox *m_source = nullptr;
    QComboBox *m_project = nullptr;
    QComboBox *m_key = nullptr; // shown once the log has calls through a gateway key
    Usage::UsageChoices m_choices;
    Range m_shown = Range::Last30Days;
    bool m_filling = false;
};

} // namespace Switchyard::UsageUi
