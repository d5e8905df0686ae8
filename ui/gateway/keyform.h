#pragma once

#include "gateway/toolkey.h"
#include "usage/budget.h"

#include <QList>
#include <QWidget>

#include <array>
#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace Switchyard::GatewayUi {

/// The Keys dialog's form for one per-tool key, new or edited: its name
/// (checked as the gateway checks it, the reason shown under the field),
/// the routes it may use (ticked from the active routing config's routes,
/// or typed when there is none), "provider/model" patterns, its rates, and
/// a budget per day, week and month with what happens at 100%. It only
/// says what the user asked for; the dialog writes it.
class KeyForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyForm)

public:
    static constexpr std::array Periods{Usage::Budget::Period::Day, Usage::Budget::Period::Week,
                                        Usage::Budget::Period::Month};

    explicit KeyForm(QWidget *parent = nullptr);
    ~KeyForm() override;

    /// The active routing config's routes, offered as ticks and as the
    /// budgets' routes to switch to; none: both are typed.
    void setRoutes(const QStringList &routes);
    /// The names already taken, refused for a new key.
    void setTakenNames(const QStringList &names);

    /// Empties the form for a new key.
    void startNew();
    /// Fills it with a key and its budgets; its name cannot change (its
    /// calls in the usage log carry it).
    void edit(const Gateway::ToolKey &key, const QList<Usage::Budget> &budgets);
    [[nodiscard]] bool isNew() const { return m_new; }

    /// What the form says: the name, what it may use and its rates (the
    /// rest is the stored key's, for the caller to keep).
    [[nodiscard]] Gateway::ToolKey key() const;
    /// The budgets ticked, each with the key's name.
    [[nodiscard]] QList<Usage::Budget> budgets() const;
    /// Why it cannot be saved as it is; empty when it can.
    [[nodiscard]] QString problem() const;
    /// The name's own problem, shown under the field; empty when none.
    [[nodiscard]] QString nameProblem() const;

    void setName(const QString &name);
    void setModelsText(const QString &text);
    void setRoutesText(const QString &text);
    /// Ticks the routes given (a config's routes) and unticks the rest.
    void checkRoutes(const QStringList &routes);
    void setRates(int requestsPerMinute, int tokensPerMinute);
    void setBudget(Usage::Budget::Period period, std::optional<double> usd,
                   Usage::Budget::Action action = Usage::Budget::Action::Block, const QString &route = {});
    void focusFirstField();

Q_SIGNALS:
    /// Something was edited, or the problem changed.
    void changed();

private:
    struct BudgetRow
    {
        QCheckBox *on = nullptr;
        QDoubleSpinBox *limit = nullptr;
        QComboBox *action = nullptr;
        QComboBox *route = nullptr;
    };

    [[nodiscard]] QStringList routeList() const;
    [[nodiscard]] QStringList modelList() const;
    void updateState();

    QLineEdit *m_name;
    QLabel *m_nameNote;
    QListWidget *m_routeChecks;
    QLineEdit *m_routesText;
    QLabel *m_routesNote;
    QLineEdit *m_models;
    QSpinBox *m_rpm;
    QSpinBox *m_tpm;
    std::array<BudgetRow, 3> m_budgets;
    QStringList m_routes;
    QStringList m_taken;
    bool m_new = true;
};

} // namespace Switchyard::GatewayUi
