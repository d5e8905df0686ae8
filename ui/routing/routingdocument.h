#pragma once

#include "routing/configerror.h"
#include "routing/routingconfig.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <expected>
#include <optional>

class QUndoStack;

namespace Switchyard::RoutingUi {

/// The routing config being edited: the config, the YAML text it is shown
/// as, the file it came from, and the undo history of both. Every change —
/// from the visual editor or from typing YAML — is a snapshot of config and
/// text on one QUndoStack, so Ctrl+Z steps back across both sides alike.
///
/// Visual edits write the text with ConfigWriter; YAML edits keep the text
/// as typed (its comments too) and take the config ConfigReader read from
/// it. Text that does not read is kept aside with its errors while the
/// config stays the last good one, so a typo never loses the visual state.
class RoutingDocument final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoutingDocument)

public:
    struct Snapshot {
        Routing::RoutingConfig config;
        QByteArray text;
    };

    explicit RoutingDocument(QObject *parent = nullptr);
    ~RoutingDocument() override;

    [[nodiscard]] const Routing::RoutingConfig &config() const { return m_current.config; }
    /// The text of the config: as typed, or as written after a visual edit.
    /// While typed text has errors, this is still the last good one.
    [[nodiscard]] const QByteArray &text() const { return m_current.text; }
    /// The text the YAML side shows: the typed text while it has errors.
    [[nodiscard]] const QByteArray &shownText() const { return m_badText.isNull() ? m_current.text : m_badText; }
    /// Errors of the typed text, or warnings (and errors a visual edit made) of the config.
    [[nodiscard]] const Routing::ConfigErrors &problems() const { return m_problems; }
    /// Typed text that does not read, or a config that would not read back: not saved.
    [[nodiscard]] bool hasErrors() const;
    /// The typed text does not read; the config is the last good one.
    [[nodiscard]] bool hasBadText() const { return !m_badText.isNull(); }

    [[nodiscard]] const QString &path() const { return m_path; }
    /// Unsaved: changed since it was opened or saved, or typed text pending.
    [[nodiscard]] bool isModified() const;
    [[nodiscard]] QUndoStack *undoStack() const { return m_undo; }

    /// Starts over with text read from nowhere (New): no file, no history.
    [[nodiscard]] std::expected<void, Routing::ConfigErrors> reset(const QByteArray &text, const QString &path = {});
    /// Opens a YAML or JSON file; on failure nothing changes.
    [[nodiscard]] std::expected<void, Routing::ConfigErrors> open(const QString &path);
    /// Writes the text atomically to path (the current file when empty).
    /// Refused while the typed text has errors: the file must stay readable.
    [[nodiscard]] std::expected<void, QString> save(const QString &path = {});
    /// Only moves where the document will be saved (a rename on disk).
    void setPath(const QString &path);

    /// A visual edit: one undo step; the text is written from the config.
    void edit(const Routing::RoutingConfig &config, const QString &description);
    /// Typed YAML: read and, when it reads, one undo step keeping the text
    /// as typed; else errors and the last good config stays.
    void setText(const QByteArray &text);

    /// Steps back: typed text with errors is dropped first (back to the last
    /// good text), then the history is undone.
    void undo();
    void redo();
    [[nodiscard]] bool canUndo() const;
    [[nodiscard]] bool canRedo() const;

    /// For the undo commands: makes snapshot current.
    void apply(const Snapshot &snapshot);

Q_SIGNALS:
    /// The config (and text) changed: an edit, typed text, undo or redo, a file.
    void changed();
    /// problems() or hasErrors() changed.
    void problemsChanged();
    void modifiedChanged(bool modified);
    void pathChanged(const QString &path);
    /// canUndo() or canRedo() may have changed.
    void undoStateChanged();
    /// Written to path; changes says what differs from the config as last
    /// opened or saved (Routing::configChanges), for the audit log.
    void saved(const QString &path, const QJsonObject &changes);

private:
    void setProblems(Routing::ConfigErrors problems, QByteArray badText);
    void notifyModified();

    Snapshot m_current;
    std::optional<Routing::RoutingConfig> m_saved; // as the file holds it; none for a new config
    QByteArray m_badText; // null unless the typed text has errors
    Routing::ConfigErrors m_problems;
    QString m_path;
    QUndoStack *m_undo = nullptr;
    bool m_wasModified = false;
};

} // namespace Switchyard::RoutingUi
