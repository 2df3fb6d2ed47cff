import AssetMapCore
import Foundation
import GRDB

/// The AssetMap database: one SQLite file with SpatiaLite and FTS5, behind Swift types.
///
/// All SQL lives in this module. Production opens a `DatabasePool` (WAL: readers keep
/// answering while an import writes); tests may use an in-memory `DatabaseQueue`.
public struct AssetMapStore: Sendable {
    /// The connection (pool or queue) every query goes through.
    public let writer: any DatabaseWriter
    /// Where the file lives, or nil in memory.
    public let path: String?

    /// The page cache of each connection, in MiB.
    public static let pageCacheMiB = 32

    /// Bytes per database page of a file this version creates.
    public static let pageSize = 16_384

    /// Opens (and when asked, creates) the database at `path`, migrating it to the current schema.
    public static func open(path: String, create: Bool = false) throws -> AssetMapStore {
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create { throw StoreError.databaseNotFound(path: path) }
        if exists { try preflight(path) }
        var configuration = Configuration()
        SpatiaLite.install(into: &configuration)
        Faults.install(into: &configuration)
        StoreFailure.opened(path)
        // Wait for a concurrent writer instead of failing with "database is locked".
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // Readers map the file instead of copying each page through read(2) into their cache: a search touches
            // tens of pages, and the copies were most of its time. The writer does not: mapped pages count in its
            // resident size, and an import's memory should be its own. Each cache holds 32 MiB.
            try db.execute(sql: "PRAGMA cache_size = -\(Self.pageCacheMiB * 1024)")
            if db.configuration.readonly {
                try db.execute(sql: "PRAGMA mmap_size = 17179869184")
            } else {
                // A new file gets 16 KiB pages (before GRDB turns WAL on, after which the size is fixed; an existing
                // file keeps its own). A large import or match writes one transaction of gigabytes into the WAL, and
                // each page read that misses the cache searches the WAL's index: a quarter as many pages made a 1M
                // match 23 s faster (5 min 24 s → 5 min 1 s, the same records).
                try db.execute(sql: "PRAGMA page_size = \(Self.pageSize)")
            }
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw StoreError.databaseUnreadable(path: path, detail: error.message ?? "\(error)")
        } catch {
            throw StoreFailure.explain(error, path: path)
        }
        let store = AssetMapStore(writer: pool, path: path)
        do {
            try store.migrate()
        } catch {
            throw StoreFailure.explain(error, path: path)
        }
        return store
    }

    /// A fresh database in memory, for tests.
    public static func inMemory() throws -> AssetMapStore {
        var configuration = Configuration()
        SpatiaLite.install(into: &configuration)
        let queue = try DatabaseQueue(configuration: configuration)
        let store = AssetMapStore(writer: queue, path: nil)
        try store.migrate()
        return store
    }

    init(writer: any DatabaseWriter, path: String?) {
        self.writer = writer
        self.path = path
    }

    /// Brings the schema up to date; refuses a file written by a newer version.
    public func migrate() throws {
        let migrator = Schema.migrator
        let superseded = try writer.read { db -> [String]? in
            guard try db.tableExists("grdb_migrations") else { return nil }
            let applied = try migrator.appliedIdentifiers(db)
            let unknown = applied.subtracting(migrator.migrations)
            return unknown.isEmpty ? nil : unknown.sorted()
        }
        if let superseded {
            throw StoreError.databaseFromNewerVersion(path: path ?? ":memory:", unknownMigrations: superseded)
        }
        let directoryWasMissing = try writer.read { db -> Bool in
            guard try db.tableExists("grdb_migrations") else { return false }
            return try !migrator.appliedIdentifiers(db).contains("v2-directory")
        }
        // Two processes opening an older file at once (two servers, a server and a CLI) both see a migration missing;
        // the second to write fails on what the first created. Then the schema is, or is about to be, current.
        for attempt in 1... {
            do {
                try migrator.migrate(writer)
                break
            } catch {
                if try writer.read({ db in try migrator.hasCompletedMigrations(db) }) { break }
                if attempt == 20 { throw error }
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
        // Records imported before the directory tables existed get their reader-facing rows now.
        if directoryWasMissing { try refreshEntities(nil) }
    }

    /// The schema migrations applied to this database, oldest first.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Schema.migrator.appliedMigrations(db) }
    }

    /// Versions of SQLite, SpatiaLite, PROJ and GEOS in use, and whether FTS5 is compiled in.
    public func engineVersions() throws -> [String: String] {
        try writer.read { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT sqlite_version() AS sqlite, spatialite_version() AS spatialite, proj_version() AS proj, geos_version() AS geos")!
            let fts5 = try Bool.fetchOne(db, sql: "SELECT sqlite_compileoption_used('ENABLE_FTS5')") ?? false
            return [
                "sqlite": row["sqlite"], "spatialite": row["spatialite"], "proj": row["proj"] ?? "",
                "geos": row["geos"] ?? "", "fts5": fts5 ? "yes" : "no",
            ]
        }
    }

    /// Closes idle readers and empties caches. A reader maps the file, and the pages a bulk read touched stay in the
    /// process's resident memory until its connection closes: a 1M match reads every record (1.0–1.3 GB of pages)
    /// before the features, pairs and vectors that make its peak.
    public func releaseMemory() {
        (writer as? DatabasePool)?.releaseMemory()
    }

    /// `PRAGMA integrity_check`, foreign key check, and the references kept by hand (`KeptReferences`): empty when
    /// the file is sound.
    public func integrityProblems() throws -> [String] {
        try writer.read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            problems += fk.map { "foreign key: \($0)" }
            problems += try KeptReferences.orphans(db)
            return problems
        }
    }
}
