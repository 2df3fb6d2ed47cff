import Foundation
import GRDB

/// What `backup` made, or what `restore` put in place.
public struct BackupReport: Codable, Sendable, Equatable {
    public var path: String
    public var bytes: Int
    public var migrations: [String]
    public var seconds: Double
}

/// Why a file cannot be used as a backup, or why a restore was refused.
public enum OperationsError: Error, Equatable, Sendable, CustomStringConvertible {
    case targetExists(path: String)
    case backupUnusable(path: String, reason: String)
    case writerActive(path: String)
    case cannotWrite(path: String, detail: String)

    public var description: String {
        switch self {
        case .targetExists(let path):
            "\(path) already exists; choose another path, or give --force to replace it"
        case .backupUnusable(let path, let reason):
            "\(path) cannot be restored: \(reason); the live database was not touched"
        case .writerActive(let path):
            "another process is writing to \(path) (an import, match or server write); run the restore again when it has finished"
        case .cannotWrite(let path, let detail):
            "cannot write \(path): \(detail)"
        }
    }
}

extension OperationsError: LocalizedError {
    public var errorDescription: String? { description }
}

extension AssetMapStore {
    /// The migration identifiers of this build, oldest first.
    public static var migrationIdentifiers: [String] { Schema.migrator.migrations }

    /// A database at `path` migrated only up to (and including) `migration`: for testing upgrades from older versions.
    public static func create(path: String, migratedUpTo migration: String) throws -> AssetMapStore {
        var configuration = Configuration()
        SpatiaLite.install(into: &configuration)
        configuration.busyMode = .timeout(30)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try Schema.migrator.migrate(pool, upTo: migration)
        return AssetMapStore(writer: pool, path: path)
    }

    /// Closes the connections now (a pool closes on release otherwise); the store cannot be used afterwards.
    public func close() throws {
        if let pool = writer as? DatabasePool { try pool.close() } else if let queue = writer as? DatabaseQueue { try queue.close() }
    }

    /// Row counts of the main tables (one read, one snapshot): for checks that a change happened whole or not at all.
    public func tableCounts() throws -> [String: Int] {
        try writer.read { db in
            var counts: [String: Int] = [:]
            for table in ["source", "import_run", "record", "record_history", "record_area", "entity", "entity_view", "entity_area",
                          "area", "area_layer", "postcode", "match_pair", "match_decision", "match_run", "match_state", "audit_log"]
            where try db.tableExists(table) {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            counts["active_entities"] = try Int.fetchOne(db, sql: Self.activeEntityCountSQL) ?? 0
            return counts
        }
    }

    /// Spatial indexes whose R*Tree disagrees with their geometry column (SpatiaLite's CheckSpatialIndex), as
    /// "table.column"; empty when every index is consistent.
    public func spatialIndexProblems() throws -> [String] {
        try writer.write { db in try Self.spatialIndexProblems(db) }
    }

    /// Where the directory's reader-facing rows disagree with the records, as sentences; empty when they agree. The
    /// full-text index is checked against its own content (FTS5's integrity-check), and against the rows it indexes.
    public func directoryProblems() throws -> [String] {
        try writer.write { db in
            var problems: [String] = []
            do {
                try db.execute(sql: "INSERT INTO entity_fts (entity_fts, rank) VALUES ('integrity-check', 1)")
            } catch let error as DatabaseError {
                problems.append("the full-text index disagrees with its content: \(error.message ?? "\(error)")")
            }
            let checks: [(String, String)] = [
                ("directory rows without a full-text entry", """
                    SELECT count(*) FROM entity_view v WHERE NOT EXISTS (SELECT 1 FROM entity_fts_docsize d WHERE d.id = v.id)
                    """),
                ("full-text entries without a directory row", """
                    SELECT count(*) FROM entity_fts_docsize d WHERE NOT EXISTS (SELECT 1 FROM entity_view v WHERE v.id = d.id)
                    """),
                ("entities with active records and no directory row", """
                    SELECT count(DISTINCT re.entity_id) FROM record_entity re JOIN record r ON r.id = re.record_id
                    WHERE r.status = 'active' AND NOT EXISTS (SELECT 1 FROM entity_view v WHERE v.entity_id = re.entity_id)
                    """),
                ("directory rows of entities with no active record", """
                    SELECT count(*) FROM entity_view v
                    WHERE NOT EXISTS (SELECT 1 FROM record_entity re JOIN record r ON r.id = re.record_id
                                      WHERE re.entity_id = v.entity_id AND r.status = 'active')
                    """),
            ]
            for (what, sql) in checks {
                let count = try Int.fetchOne(db, sql: sql) ?? 0
                if count > 0 { problems.append("\(count) \(what)") }
            }
            return problems
        }
    }

    static func spatialIndexProblems(_ db: Database) throws -> [String] {
        var problems: [String] = []
        for row in try Row.fetchAll(db, sql: "SELECT f_table_name, f_geometry_column FROM geometry_columns WHERE spatial_index_enabled = 1") {
            let table: String = row[0], column: String = row[1]
            let ok = try Int.fetchOne(db, sql: "SELECT CheckSpatialIndex(?, ?)", arguments: [table, column])
            if ok != 1 { problems.append("\(table).\(column)") }
        }
        return problems
    }

    /// Copies the database to `path` with SQLite's online backup (one consistent snapshot, while others read and
    /// write), written beside the target and renamed into place, then checks the copy.
    public func backup(to path: String, replace: Bool = false) throws -> BackupReport {
        let started = Date()
        let target = URL(fileURLWithPath: path).standardizedFileURL
        if FileManager.default.fileExists(atPath: target.path) && !replace { throw OperationsError.targetExists(path: target.path) }
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        defer { Self.removeDatabaseFiles(partial.path) }
        do {
            let destination = try DatabaseQueue(path: partial.path)
            try writer.backup(to: destination)
            // One self-contained file: no -wal to carry beside it.
            try destination.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try destination.close()
        } catch let error as DatabaseError {
            throw OperationsError.cannotWrite(path: target.path, detail: error.message ?? "\(error)")
        }
        let migrations = try Self.validate(copy: partial.path, shownAs: target.path)
        Self.removeDatabaseFiles(target.path, keepMain: true)
        guard rename(partial.path, target.path) == 0 else {
            throw OperationsError.cannotWrite(path: target.path, detail: String(cString: strerror(errno)))
        }
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: target.path))?[.size] as? NSNumber)?.intValue ?? 0
        return BackupReport(path: target.path, bytes: bytes, migrations: migrations, seconds: Date().timeIntervalSince(started))
    }

    /// Replaces the database at `livePath` with the backup at `backupPath`: the backup is copied beside the live file,
    /// checked there (integrity, foreign keys, spatial indexes, a schema this build knows), brought up to the current
    /// schema, and renamed over the live file, whose old -wal and -shm are removed. Refused while another process
    /// holds the write lock. A server still running keeps the old file open: restart it after a restore.
    public static func restore(from backupPath: String, to livePath: String) throws -> BackupReport {
        let started = Date()
        let backup = URL(fileURLWithPath: backupPath).standardizedFileURL.path
        let live = URL(fileURLWithPath: livePath).standardizedFileURL
        guard FileManager.default.isReadableFile(atPath: backup) else {
            throw OperationsError.backupUnusable(path: backup, reason: "the file does not exist or cannot be read")
        }
        let staging = live.deletingLastPathComponent().appendingPathComponent(".\(live.lastPathComponent).restoring-\(UUID().uuidString)").path
        defer { removeDatabaseFiles(staging) }
        // Copy through SQLite (not the bytes), so that a backup left in WAL mode with its -wal comes across whole.
        do {
            var configuration = Configuration()
            configuration.readonly = true
            // Read-only where SQLite can (a WAL file without its -shm may need a writable open to be read).
            var source: DatabaseQueue
            do {
                let readOnly = try DatabaseQueue(path: backup, configuration: configuration)
                _ = try readOnly.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
                source = readOnly
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_READONLY {
                source = try DatabaseQueue(path: backup)
            }
            let destination = try DatabaseQueue(path: staging)
            try source.backup(to: destination)
            try source.close()
            try destination.close()
        } catch let error as DatabaseError {
            throw OperationsError.backupUnusable(path: backup, reason: "it is not a readable SQLite database (\(error.message ?? "\(error)"))")
        }
        let migrations = try validate(copy: staging, shownAs: backup, migrate: true)

        // Hold the live file's write lock across the swap: no writer can be half-way through a change when it goes.
        func swap() throws {
            guard rename(staging, live.path) == 0 else {
                throw OperationsError.cannotWrite(path: live.path, detail: String(cString: strerror(errno)))
            }
            // The old log belongs to the old file: replayed onto the restored one it would corrupt it.
            for suffix in ["-wal", "-shm", "-journal"] { unlink(live.path + suffix) }
        }
        var lock: DatabaseQueue?
        if FileManager.default.fileExists(atPath: live.path) {
            var configuration = Configuration()
            configuration.busyMode = .timeout(2)
            lock = try? DatabaseQueue(path: live.path, configuration: configuration)
        }
        if let lock {
            defer { try? lock.close() }
            do {
                try lock.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        try swap()
                        return .rollback
                    }
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                throw OperationsError.writerActive(path: live.path)
            } catch let error as DatabaseError where FileManager.default.fileExists(atPath: staging) {
                // A live file too damaged to lock is exactly what a restore replaces.
                _ = error
                try swap()
            }
        } else {
            try swap()
        }
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: live.path))?[.size] as? NSNumber)?.intValue ?? 0
        return BackupReport(path: live.path, bytes: bytes, migrations: migrations, seconds: Date().timeIntervalSince(started))
    }

    /// Checks a copy: SQLite integrity, foreign keys (and the references kept by hand), a schema this build knows
    /// (optionally migrated to the current one), and consistent spatial indexes. Returns the applied migrations.
    static func validate(copy path: String, shownAs shown: String, migrate: Bool = false) throws -> [String] {
        var configuration = Configuration()
        SpatiaLite.install(into: &configuration)
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw OperationsError.backupUnusable(path: shown, reason: "it is not a readable SQLite database (\(error.message ?? "\(error)"))")
        }
        defer { try? queue.close() }
        do {
            let migrator = Schema.migrator
            let unknown: [String] = try queue.read { db in
                guard try db.tableExists("grdb_migrations") else {
                    throw OperationsError.backupUnusable(path: shown, reason: "it is not an AssetMap database (no schema history)")
                }
                let problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
                if !problems.isEmpty {
                    throw OperationsError.backupUnusable(path: shown, reason: "integrity check failed: \(problems.prefix(3).joined(separator: "; "))")
                }
                let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
                if !fk.isEmpty { throw OperationsError.backupUnusable(path: shown, reason: "\(fk.count) broken foreign keys") }
                let orphans = try KeptReferences.orphans(db)
                if !orphans.isEmpty { throw OperationsError.backupUnusable(path: shown, reason: orphans.joined(separator: "; ")) }
                return try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
            }
            if !unknown.isEmpty {
                throw OperationsError.backupUnusable(
                    path: shown, reason: "it was written by a newer AssetMap (schema \(unknown.joined(separator: ", "))); upgrade assetmap first")
            }
            if migrate { try migrator.migrate(queue) }
            let spatial = try queue.writeWithoutTransaction { db in try spatialIndexProblems(db) }
            if !spatial.isEmpty {
                throw OperationsError.backupUnusable(path: shown, reason: "spatial index inconsistent: \(spatial.joined(separator: ", "))")
            }
            return try queue.read { db in try migrator.appliedMigrations(db) }
        } catch let error as DatabaseError {
            throw OperationsError.backupUnusable(path: shown, reason: "SQLite could not read it (\(error.message ?? "\(error)"))")
        }
    }

    static func removeDatabaseFiles(_ path: String, keepMain: Bool = false) {
        for suffix in (keepMain ? [] : [""]) + ["-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }
}
