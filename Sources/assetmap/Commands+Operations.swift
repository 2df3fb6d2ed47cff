import ArgumentParser
import AssetMapQuery
import AssetMapStore
import Foundation

/// `--as NAME`: who makes a change, for the audit log.
struct ActorOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("Who is making the change, for the audit log (default: $ASSETMAP_ACTOR, else the OS user).", valueName: "name"))
    var name: String?

    /// The named actor: `preferred` (an older `--by`), else `--as`, else $ASSETMAP_ACTOR, else the OS user.
    func actor(preferring preferred: String? = nil) -> AuditActor {
        let env = ProcessInfo.processInfo.environment
        let chosen = [preferred, name, env["ASSETMAP_ACTOR"], env["USER"], env["LOGNAME"]].compactMap { $0 }.first { !$0.isEmpty }
        return AuditActor(name: chosen ?? "uid \(getuid())", via: "cli")
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to a file with SQLite's online backup, consistent while others read and write.",
        discussion: """
            The copy is one snapshot (a server may keep serving and an import keep writing meanwhile), written beside
            PATH and renamed into place, and checked before it is kept: integrity, foreign keys, spatial indexes.
            --json prints {"path", "bytes", "migrations", "seconds"}. Put it back with `assetmap restore PATH`.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Where to write the copy.") var path: String
    @Flag(help: "Replace PATH when it exists.") var force = false

    func run() async throws {
        let store = try global.openStore()
        let report = try store.backup(to: path, replace: force)
        if output.json { return try Output.json(report) }
        print("backed up \(global.databasePath) to \(report.path): \(report.bytes) bytes, schema \(report.migrations.last ?? "-"), \(String(format: "%.1f", report.seconds)) s; checked: integrity, foreign keys, spatial indexes")
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the database with a backup, after checking the backup.",
        discussion: """
            The backup is copied beside the database and checked there (integrity, foreign keys, spatial indexes, a
            schema this version knows; an older schema is migrated), then renamed over the database in one step, and
            the old -wal and -shm are removed. Refused while another process is writing (an import, a match); a running
            `assetmap serve` keeps the old file open, so restart it afterwards. Take a backup of the current database
            first if you may want it back.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The backup file to restore.") var path: String

    func run() async throws {
        let report = try AssetMapStore.restore(from: path, to: global.databasePath)
        if output.json { return try Output.json(report) }
        print("restored \(path) to \(report.path): \(report.bytes) bytes, schema \(report.migrations.last ?? "-"); restart any running `assetmap serve`")
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who imported, decided, merged, split or matched what, and when.",
        discussion: """
            Entries are written in the same transaction as the change, so the log never shows a change that did not
            happen. --json prints [{"id", "at", "actor", "role", "via", "action", "subject_type", "subject_ids", "detail"}].
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: ArgumentHelp("Only entries at or after this date (YYYY-MM-DD) or time (ISO 8601, UTC).", valueName: "date"))
    var since: String?
    @Option(help: "Only this action (import, decide, merge, split, match).") var action: String?
    @Option(help: "At most this many (the oldest first).") var limit: Int?

    func validate() throws {
        if let since, since.range(of: #"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+Z?)?$"#, options: .regularExpression) == nil {
            throw ValidationError("--since must be a date (YYYY-MM-DD) or an ISO 8601 time, not '\(since)'")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let store = try global.openStore()
        let entries = try store.auditLog(since: since?.replacingOccurrences(of: " ", with: "T"), action: action, limit: limit)
        if output.json {
            struct Entry: Encodable {
                var id: Int64, at: String, actor: String, role: String?, via: String, action: String
                var subject_type: String, subject_ids: [String], detail: StoredJSON
            }
            return try Output.json(entries.map {
                Entry(id: $0.id, at: $0.at, actor: $0.actor, role: $0.role, via: $0.via, action: $0.action,
                      subject_type: $0.subjectType, subject_ids: $0.subjectIDs, detail: StoredJSON($0.detail, strict: false))
            })
        }
        if entries.isEmpty { return print("no audit entries\(since.map { " since \($0)" } ?? "")") }
        Output.table(["id", "at", "actor", "via", "action", "subject", "detail"], entries.map {
            [String($0.id), $0.at, $0.actor + ($0.role.map { " (\($0))" } ?? ""), $0.via, $0.action,
             "\($0.subjectType) \($0.subjectIDs.joined(separator: ","))", String($0.detail.prefix(100))]
        })
    }
}

