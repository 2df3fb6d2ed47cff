import Foundation
import GRDB

/// One write transaction around several store calls, so that a change and what depends on it (a decision and the
/// re-clustering it causes, a match run's pairs, entities and run record, and the audit entry of each) commit
/// together or not at all: a process killed half-way leaves no half of it behind.
extension AssetMapStore {
    /// Runs `body` inside one immediate write transaction; every store call made from it (on this thread) joins it
    /// and reads what it has written so far. Rolled back whole when `body` throws.
    ///
    /// `pageCacheMiB` enlarges the writer's page cache for the scope (`withPageCache`): a match run rewrites a third of
    /// the directory.
    public func atomically<T>(pageCacheMiB: Int? = nil, _ body: () throws -> T) throws -> T {
        if AtomicScope.isActive(writer) { return try body() }
        return try writer.writeWithoutTransaction { db in
            try Self.withPageCache(db, mebibytes: pageCacheMiB) {
                var result: T?
                try db.inTransaction(.immediate) {
                    AtomicScope.enter(writer)
                    defer { AtomicScope.leave(writer) }
                    result = try body()
                    return .commit
                }
                return result!
            }
        }
    }

    /// Runs `body` with the connection's page cache at `mebibytes` (unchanged when nil), then gives the memory back.
    /// A large write dirties many pages: a bigger cache keeps SQLite from spilling (and re-spilling) them into the WAL
    /// before the commit, and from reading them back.
    static func withPageCache<T>(_ db: Database, mebibytes: Int?, _ body: () throws -> T) throws -> T {
        guard let mebibytes else { return try body() }
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -\(mebibytes * 1024)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
        return try body()
    }

    /// Runs `body` with foreign keys not enforced on this connection, then enforced again. For a bulk write whose
    /// every reference points at a row it has just written or read (an import: its records, their entities and
    /// areas), and which deletes no parent: each check is a lookup in the parent table, and for a million records
    /// those lookups were half of writing their areas (2M rows: 7.5 s checked, 3.9 s not, in the shell).
    /// SQLite ignores the pragma inside a transaction, so a caller's transaction keeps its checks.
    static func withoutForeignKeyChecks<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        guard !db.isInsideTransaction, try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") == true else { return try body() }
        try db.execute(sql: "PRAGMA foreign_keys = OFF")
        defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
        return try body()
    }

    /// True while an `atomically` block of this store runs on this thread.
    public var isInsideAtomicScope: Bool { AtomicScope.isActive(writer) }

    /// A read: on the writer inside an atomic scope (so it sees the scope's own writes), else an isolated read.
    func reading<T>(_ body: (Database) throws -> T) throws -> T {
        if AtomicScope.isActive(writer) { return try writer.unsafeReentrantWrite(body) }
        return try writer.read(body)
    }

    /// A write: joins the atomic scope when there is one, else its own transaction.
    func writing<T>(_ body: (Database) throws -> T) throws -> T {
        if AtomicScope.isActive(writer) { return try writer.unsafeReentrantWrite(body) }
        return try writer.write(body)
    }
}

/// Which writers have an atomic scope open on the current thread (store calls are synchronous, so a scope and the
/// calls it makes share a thread).
enum AtomicScope {
    private static let key = "AssetMapStore.atomicScopes"

    private static func scopes() -> [ObjectIdentifier: Int] {
        Thread.current.threadDictionary[key] as? [ObjectIdentifier: Int] ?? [:]
    }

    static func isActive(_ writer: any DatabaseWriter) -> Bool {
        (scopes()[ObjectIdentifier(writer as AnyObject)] ?? 0) > 0
    }

    static func enter(_ writer: any DatabaseWriter) {
        var s = scopes()
        s[ObjectIdentifier(writer as AnyObject), default: 0] += 1
        Thread.current.threadDictionary[key] = s
    }

    static func leave(_ writer: any DatabaseWriter) {
        var s = scopes()
        let id = ObjectIdentifier(writer as AnyObject)
        s[id, default: 1] -= 1
        if s[id] == 0 { s[id] = nil }
        Thread.current.threadDictionary[key] = s
    }
}
