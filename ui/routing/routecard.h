#pragma once

#include "routing/routingconfig.h"

#include <QFrame>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QTableWidget;
class QToolButton;

namespace Switchyard::RoutingUi {

/// One route as a card: name, description, strategy, its targets (provider,
/// model, weight, parameters as JSON) and the constraints they must meet.
/// Fields are checked as they are typed and marked when invalid; only valid
/// changes are reported, each as the whole edited route.
class RouteCard final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RouteCard)

public:
    explicit RouteCard(QWidget *parent = nullptr);
    ~RouteCard() override;

    void setRoute(const Routing::Route &route);
    [[nodiscard]] const Routing::Route &route() const { return m_route; }

    [[nodiscard]] QLineEdit *nameField() const { return m_name; }
    [[nodiscard]] QComboBox *strategyBox() const { return m_strategy; }
    [[nodiscard]] QTableWidget *targetTable() const { return m_targets; }
    [[nodiscard]] QLineEdit *maxInputPriceField() const { return m_maxIn; }

Q_SIGNALS:
    void edited(const Switchyard::Routing::Route &route);
    void duplicateRequested();
    void removeRequested();

private:
    void commit();
    void showTargets(const QList<Routing::Target> &targets);
    void fitTable();
    [[nodiscard]] bool readTargets(QList<Routing::Target> &targets);

    Routing::Route m_route;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_description = nullptr;
    QComboBox *m_strategy = nullptr;
    QTableWidget *m_targets = nullptr;
    QLineEdit *m_maxIn = nullptr;
    QLineEdit *m_maxOut = nullptr;
    QLineEdit *m_minContext = nullptr;
    QLineEdit *m_maxP95 = nullptr;
    QLineEdit *m_allow = nullptr;
    QLineEdit *m_deny = nullptr;
    QList<QCheckBox *> m_capabilities;
    QComboBox *m_data = nullptr;
    bool m_showing = false;
    bool m_committing = false; // the fields are where the route being shown came from
};

} // namespace Switchyard::RoutingUi
