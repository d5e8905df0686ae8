#pragma once

#include "votes/ratings.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QTableWidget;

namespace Switchyard::Usage {
class UsageStore;
}

namespace Switchyard::EvaluateUi {

/// The models rated by Compare votes and judge scores together
/// (Votes::Ratings: Bradley–Terry, 95% bootstrap intervals), for everything or
/// one tag — a suite, or the votes alone. Read and fitted on the usage
/// store's thread; what the best_rated routing strategy orders by.
class RatingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RatingsDialog)

public:
    explicit RatingsDialog(Usage::UsageStore *store, QWidget *parent = nullptr);

    /// Reads and fits again for tag ("" for all).
    void load(const QString &tag);
    [[nodiscard]] QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    void loaded();

private:
    struct Fitted {
        QStringList tags;
        QList<Votes::Rating> ratings;
        QString error;
    };
    void present(const Fitted &fitted);

    Usage::UsageStore *m_store;
    QComboBox *m_tags = nullptr;
    QLabel *m_note = nullptr;
    QTableWidget *m_table = nullptr;
    QString m_tag;
};

} // namespace Switchyard::EvaluateUi
