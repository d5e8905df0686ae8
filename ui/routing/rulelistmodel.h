#pragma once

#include "routing/routingconfig.h"

#include <QAbstractListModel>

namespace Switchyard::RoutingUi {

class RoutingDocument;

/// The document's rules as a list, first match first: each row's name, a
/// readable summary of its condition and its route. Rows move by drag and
/// drop or moveRows(), and a move is an edit of the document (one undo
/// step), after which the list is read again.
class RuleListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleListModel)

public:
    enum Role {
        SummaryRole = Qt::UserRole + 1, ///< "tokens > 60000 and tags private, hr"
        RouteRole,                      ///< the route's name
    };

    explicit RuleListModel(RoutingDocument *document, QObject *parent = nullptr);
    ~RuleListModel() override;

    /// "regex /```/ and tokens < 60000", or "always" for a rule without conditions.
    [[nodiscard]] static QString summary(const Routing::Condition &condition);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] Qt::ItemFlags flags(const QModelIndex &index) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count, const QModelIndex &destinationParent,
                  int destinationChild) override;
    [[nodiscard]] Qt::DropActions supportedDropActions() const override;
    [[nodiscard]] Qt::DropActions supportedDragActions() const override;
    [[nodiscard]] QStringList mimeTypes() const override;
    [[nodiscard]] QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

private:
    void reload();

    RoutingDocument *m_document;
    QList<Routing::Rule> m_rules;
};

} // namespace Switchyard::RoutingUi
