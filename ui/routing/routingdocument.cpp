#include "routing/routingdocument.h"

#include "base/datafiles.h"
#include "routing/configchanges.h"
#include "routing/configreader.h"
#include "routing/configwriter.h"

#include <QFile>
#include <QUndoCommand>
#include <QUndoStack>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Switchyard::RoutingUi {
namespace {

/// One change, either side: the whole config before and after. Configs are
/// small (a few kB), so snapshots are simpler and safer than diffs.
class SnapshotCommand final : public QUndoCommand
{
public:
    SnapshotCommand(RoutingDocument *document, RoutingDocument::Snapshot before, RoutingDocument::Snapshot after,
                    const QString &text)
        : QUndoCommand(text)
        , m_document(document)
        , m_before(std::move(before))
        , m_after(std::move(after))
    {
    }
    void undo() override { m_document->apply(m_before); }
    void redo() override { m_document->apply(m_after); }

private:
    RoutingDocument *m_document;
    RoutingDocument::Snapshot m_before;
    RoutingDocument::Snapshot m_after;
};

bool hasError(const Routing::ConfigErrors &problems)
{
    return std::ranges::any_of(problems, [](const Routing::ConfigError &e) { return e.isError(); });
}

} // namespace

RoutingDocument::RoutingDocument(QObject *parent)
    : QObject(parent)
    , m_undo(new QUndoStack(this))
{
    connect(m_undo, &QUndoStack::cleanChanged, this, [this] { notifyModified(); });
    connect(m_undo, &QUndoStack::indexChanged, this, &RoutingDocument::undoStateChanged);
    connect(this, &RoutingDocument::problemsChanged, this, &RoutingDocument::undoStateChanged);
}

void RoutingDocument::undo()
{
    if (hasBadText()) {
        apply(m_current);
        return;
    }
    m_undo->undo();
}

void RoutingDocument::redo()
{
    if (!hasBadText())
        m_undo->redo();
}

bool RoutingDocument::canUndo() const
{
    return hasBadText() || m_undo->canUndo();
}

bool RoutingDocument::canRedo() const
{
    return !hasBadText() && m_undo->canRedo();
}

RoutingDocument::~RoutingDocument()
{
    // The commands point back here; clear them while this is still whole.
    m_undo->clear();
}

bool RoutingDocument::hasErrors() const
{
    return !m_badText.isNull() || hasError(m_problems);
}

bool RoutingDocument::isModified() const
{
    return !m_undo->isClean() || !m_badText.isNull();
}

std::expected<void, Routing::ConfigErrors> RoutingDocument::reset(const QByteArray &text, const QString &path)
{
    auto read = Routing::ConfigReader::read(text);
    if (!read)
        return std::unexpected(read.error());
    m_undo->clear();
    m_current = {.config = std::move(read->config), .text = text};
    m_saved = path.isEmpty() ? std::nullopt : std::optional(m_current.config);
    m_path = path;
    setProblems(read->warnings, {});
    Q_EMIT pathChanged(m_path);
    Q_EMIT changed();
    notifyModified();
    return {};
}

std::expected<void, Routing::ConfigErrors> RoutingDocument::open(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return std::unexpected(Routing::ConfigErrors{
            {.severity = Routing::ConfigError::Severity::Error,
             .position = {},
             .message = tr("Cannot read %1: %2").arg(path, file.errorString())}});
    }
    return reset(file.readAll(), path);
}

std::expected<void, QString> RoutingDocument::save(const QString &path)
{
    const QString target = path.isEmpty() ? m_path : path;
    if (target.isEmpty())
        return std::unexpected(tr("The config has no file yet: choose where to save it."));
    if (hasErrors()) {
        const auto first = std::ranges::find_if(m_problems, [](const auto &e) { return e.isError(); });
        const QString what = first == m_problems.cend() ? tr("see the YAML side") : first->toString();
        return std::unexpected(
            tr("Not saved: the config has an error (%1). Fix it first so the file stays readable.").arg(what));
    }
    if (auto written = Base::DataFiles::writeAtomically(target, m_current.text); !written)
        return std::unexpected(written.error());
    // Another file is a new config, whatever this one was.
    const bool sameFile = target == m_path && m_saved;
    const QJsonObject changes = Routing::configChanges(sameFile ? &*m_saved : nullptr, m_current.config);
    m_saved = m_current.config;
    Q_EMIT saved(target, changes);
    if (target != m_path) {
        m_path = target;
        Q_EMIT pathChanged(m_path);
    }
    m_undo->setClean();
    notifyModified();
    return {};
}

void RoutingDocument::setPath(const QString &path)
{
    if (path == m_path)
        return;
    m_path = path;
    Q_EMIT pathChanged(m_path);
}

void RoutingDocument::edit(const Routing::RoutingConfig &config, const QString &description)
{
    if (config == m_current.config && m_badText.isNull())
        return;
    Snapshot after{.config = config, .text = Routing::ConfigWriter::toYaml(config)};
    m_undo->push(new SnapshotCommand(this, m_current, std::move(after), description));
}

void RoutingDocument::setText(const QByteArray &text)
{
    if (text == shownText())
        return;
    auto read = Routing::ConfigReader::read(text);
    if (!read) {
        setProblems(read.error(), text);
        notifyModified();
        return;
    }
    Snapshot after{.config = std::move(read->config), .text = text};
    m_undo->push(new SnapshotCommand(this, m_current, std::move(after), tr("Edit YAML")));
}

void RoutingDocument::apply(const Snapshot &snapshot)
{
    m_current = snapshot;
    // Warnings of the config, and errors a visual edit may have made (a rule
    // naming a route just removed): shown, and they keep the file from saving.
    setProblems(Routing::ConfigReader::validate(m_current.config), {});
    Q_EMIT changed();
    notifyModified();
}

void RoutingDocument::setProblems(Routing::ConfigErrors problems, QByteArray badText)
{
    const bool wasBad = !m_badText.isNull();
    m_badText = std::move(badText);
    const bool same = wasBad == !m_badText.isNull() && problems.size() == m_problems.size()
        && std::ranges::equal(problems, m_problems, [](const auto &a, const auto &b) {
               return a.message == b.message && a.position.line == b.position.line
                   && a.position.column == b.position.column;
           });
    m_problems = std::move(problems);
    if (!same)
        Q_EMIT problemsChanged();
}

void RoutingDocument::notifyModified()
{
    const bool modified = isModified();
    if (modified == m_wasModified)
        return;
    m_wasModified = modified;
    Q_EMIT modifiedChanged(modified);
}

} // namespace Switchyard::RoutingUi
