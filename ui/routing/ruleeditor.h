#pragma once

#include "routing/routingconfig.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace Switchyard::RoutingUi {

/// The form for one rule: its name, what it looks at and the route it picks.
/// Fields are checked as they are typed (a regex that does not compile, a
/// token count that is not a number) and marked without being committed;
/// every valid change is reported at once as the whole edited rule.
class RuleEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleEditor)

public:
    explicit RuleEditor(QWidget *parent = nullptr);
    ~RuleEditor() override;

    /// Shows rule (keeping the field being typed in when it already shows
    /// the same value), offering routes in the route box.
    void setRule(const Routing::Rule &rule, const QStringList &routes);
    [[nodiscard]] const Routing::Rule &rule() const { return m_rule; }

    [[nodiscard]] QLineEdit *nameField() const { return m_name; }
    [[nodiscard]] QLineEdit *regexField() const { return m_regex; }
    [[nodiscard]] QLineEdit *tokensAboveField() const { return m_above; }
    [[nodiscard]] QComboBox *routeBox() const { return m_route; }

Q_SIGNALS:
    void edited(const Switchyard::Routing::Rule &rule);

private:
    void commit();
    [[nodiscard]] static QComboBox *triState(QWidget *parent);

    Routing::Rule m_rule;
    QLineEdit *m_name = nullptr;
    QComboBox *m_route = nullptr;
    QLineEdit *m_above = nullptr;
    QLineEdit *m_below = nullptr;
    QLineEdit *m_regex = nullptr;
    QLineEdit *m_tags = nullptr;
    QLineEdit *m_models = nullptr;
    QComboBox *m_images = nullptr;
    QComboBox *m_tools = nullptr;
    QComboBox *m_budget = nullptr;
    bool m_showing = false;
    bool m_committing = false; // the fields are where the rule being shown came from
};

/// "a, b ,c" → {"a", "b", "c"}; and back.
[[nodiscard]] QStringList splitList(const QString &text);
[[nodiscard]] QString joinList(const QStringList &items);

} // namespace Switchyard::RoutingUi
