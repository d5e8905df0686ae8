#include "auditcommand.h"

#include "clisupport.h"

#include "audit/auditlog.h"

#include <QCommandLineParser>
#include <QFile>
#include <QSaveFile>
#include <QTimeZone>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace Switchyard::Audit;
using CliSupport::ExitFailed;
using CliSupport::ExitOk;
using CliSupport::ExitUsage;

namespace {

void complain(const QString &message)
{
    CliSupport::complain(u"audit"_s, message);
}

// "2026-12-01" (from the start of that day, local time) or an ISO date and time.
std::optional<QDateTime> parseSince(const QString &text)
{
    const QDate day = QDate::fromString(text, Qt::ISODate);
    if (day.isValid() && text.size() == 10)
        return day.startOfDay();
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (time.isValid())
        return time;
    return std::nullopt;
}

bool kindMatches(const QString &kind, const QStringList &wanted)
{
    if (wanted.isEmpty())
        return true;
    return std::ranges::any_of(wanted, [&kind](const QString &w) {
        return kind == w || kind.startsWith(w + u'.');
    });
}

int list(const QString &dataDir, const QCommandLineParser &parser)
{
    std::optional<QDateTime> since;
    if (parser.isSet(u"since"_s)) {
        since = parseSince(parser.value(u"since"_s));
        if (!since) {
            complain(u"--since takes a date like 2026-12-01 or a time like 2026-12-01T09:30:00Z, not '%1'"_s
                         .arg(parser.value(u"since"_s)));
            return ExitUsage;
        }
    }
    const QStringList kinds = parser.values(u"kind"_s);
    const QStringList sources = parser.values(u"source"_s);
    const auto entries = AuditLog::read(dataDir);
    if (!entries) {
        complain(entries.error());
        return ExitFailed;
    }
    const bool json = parser.isSet(u"json"_s);
    QList<QStringList> rows{{u"SEQ"_s, u"TIME (UTC)"_s, u"SOURCE"_s, u"KIND"_s, u"SUMMARY"_s}};
    for (const AuditEntry &e : *entries) {
        if ((since && e.time < *since) || !kindMatches(e.kind, kinds)
            || (!sources.isEmpty() && !sources.contains(e.source)))
            continue;
        if (json) {
            std::printf("%s\n", e.toLine().constData());
            continue;
        }
        rows.append({QString::number(e.seq), e.time.toUTC().toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s), e.source, e.kind,
                     e.summary()});
    }
    if (json)
        return ExitOk;
    if (rows.size() == 1) {
        std::printf("No audit entries%s.\n", entries->isEmpty() ? "" : " match");
        return ExitOk;
    }
    CliSupport::printTable(rows, {1, 2, 3, 4});
    return ExitOk;
}

int verify(const QString &dataDir)
{
    const AuditVerification v = AuditLog::verify(dataDir);
    if (v.intact) {
        if (v.entries == 0)
            std::printf("The audit log is empty.\n");
        else
            std::printf("Intact: %lld entries, the last %lld with hash %s.\n", qlonglong(v.entries),
                        qlonglong(v.lastSeq), qPrintable(v.lastHash));
        return ExitOk;
    }
    std::printf("BROKEN at entry %lld%s: %s\n", qlonglong(v.brokenSeq),
                v.brokenLine > 0 ? qPrintable(u" (line %1)"_s.arg(v.brokenLine)) : "", qPrintable(v.problem));
    if (v.lastSeq > 0)
        std::printf("Entries 1 to %lld are intact.\n", qlonglong(v.lastSeq));
    return ExitFailed;
}

int exportLog(const QString &dataDir, const QCommandLineParser &parser)
{
    // The lines as they are, so that a copy can be verified elsewhere.
    QFile file(AuditLog::fileIn(dataDir));
    QByteArray bytes;
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            complain(u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString()));
            return ExitFailed;
        }
        bytes = file.readAll();
    }
    const QString output = parser.value(u"output"_s);
    if (output.isEmpty() || output == u"-"_s) {
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        return ExitOk;
    }
    QSaveFile out(output);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
        complain(u"cannot write %1: %2"_s.arg(output, out.errorString()));
        return ExitFailed;
    }
    std::fprintf(stderr, "Wrote %lld bytes to %s.\n", qlonglong(bytes.size()), qPrintable(output));
    return ExitOk;
}

} // namespace

int runAuditCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"The audit log: every provider, key, budget and routing change and every call, hash-chained.\n"
        "No key, prompt or answer is ever in it (docs/governance.md).\n\n"
        "  switchyard-cli audit list [--since DATE] [--kind KIND] [--source SOURCE] [--json]\n"
        "  switchyard-cli audit verify     exit 0 when intact, 1 naming the first broken entry\n"
        "  switchyard-cli audit export [--output FILE]   the log as JSON Lines, as stored"_s);
    parser.addHelpOption();
    parser.addOption({u"since"_s, u"Entries from this date (local midnight) or ISO time on."_s, u"date"_s});
    parser.addOption({u"kind"_s, u"Entries of this kind, or of its family: \"provider\" is provider.added, .edited, "
                                 "... (repeatable)."_s, u"kind"_s});
    parser.addOption({u"source"_s, u"Entries written by app, cli or gateway (repeatable)."_s, u"source"_s});
    parser.addOption({u"json"_s, u"The entries as JSON Lines, as stored."_s});
    parser.addOption({{u"o"_s, u"output"_s}, u"export: write to FILE instead of standard output."_s, u"file"_s});
    CliSupport::addDataDirOption(parser);
    parser.addPositionalArgument(u"action"_s, u"list (the default), verify or export."_s);
    if (!parser.parse(QStringList{u"switchyard-cli audit"_s} + arguments)) {
        complain(parser.errorText());
        return ExitUsage;
    }
    if (parser.isSet(u"help"_s)) {
        std::printf("%s", qPrintable(CliSupport::helpText(parser, u"audit"_s)));
        return ExitOk;
    }
    const QStringList words = parser.positionalArguments();
    const QString action = words.value(0, u"list"_s);
    if (words.size() > 1 || !QStringList{u"list"_s, u"verify"_s, u"export"_s}.contains(action)) {
        complain(u"say list, verify or export (see --help)"_s);
        return ExitUsage;
    }
    if (action != u"list"_s && (parser.isSet(u"since"_s) || parser.isSet(u"kind"_s) || parser.isSet(u"json"_s)
                                || parser.isSet(u"source"_s))) {
        complain(u"--since, --kind, --source and --json are for list"_s);
        return ExitUsage;
    }
    if (action != u"export"_s && parser.isSet(u"output"_s)) {
        complain(u"--output is for export"_s);
        return ExitUsage;
    }
    const auto dataDir = CliSupport::dataDir(parser);
    if (!dataDir) {
        complain(dataDir.error());
        return ExitFailed;
    }
    if (action == u"verify"_s)
        return verify(*dataDir);
    if (action == u"export"_s)
        return exportLog(*dataDir, parser);
    return list(*dataDir, parser);
}
