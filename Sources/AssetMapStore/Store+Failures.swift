import Foundation
import GRDB

/// Turns SQLite's result codes into errors that name the database file and say what to do.
public enum StoreFailure {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var openedPath: String?

    /// Remembers the file this process works on, for errors raised far from where it was opened.
    static func opened(_ path: String) {
        lock.withLock { openedPath = path }
    }

    /// `error` in words a person can act on when it is a database failure with a known cause; otherwise unchanged.
    public static func explain(_ error: any Error, path: String? = nil) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        let file = path ?? lock.withLock { openedPath } ?? "the database"
        let detail = error.message ?? "\(error.resultCode)"
        // A file cut short reads as zeros past its end: damage, not a disk fault.
        if error.extendedResultCode == .SQLITE_IOERR_SHORT_READ {
            return StoreError.databaseUnreadable(path: file, detail: "the file is shorter than its header says (truncated?)")
        }
        switch error.resultCode {
        case .SQLITE_FULL: return StoreError.diskFull(path: file)
        case .SQLITE_READONLY: return StoreError.readOnly(path: file, detail: detail)
        case .SQLITE_CANTOPEN: return StoreError.cannotOpen(path: file, detail: detail)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: return StoreError.databaseUnreadable(path: file, detail: detail)
        case .SQLITE_IOERR: return StoreError.ioFailed(path: file, detail: detail)
        default: return error
        }
    }
}

/// Fault injection for tests of failure handling: `ASSETMAP_FAULT_MAX_PAGES=N` caps the database at N pages, as a
/// full disk would (`PRAGMA max_page_count`). Unset in normal use.
enum Faults {
    static func install(into configuration: inout Configuration) {
        guard let text = ProcessInfo.processInfo.environment["ASSETMAP_FAULT_MAX_PAGES"], let pages = Int(text), pages > 0 else { return }
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
    }
}

extension AssetMapStore {
    /// Looks at an existing file without writing to it, so that a file that will be refused is left byte for byte as
    /// it was (opening the pool writes: GRDB seeds the -wal with a table created and dropped).
    static func preflight(_ given: String) throws {
        // Sizes are the file's, not a symbolic link's; SQLite too follows the link and keeps its -wal beside the file.
        let path = URL(fileURLWithPath: given).resolvingSymlinksInPath().path
        // A file shorter than its header says was cut short (a partial copy, a full disk during a copy).
        if let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
            if header.count == 100, header.starts(with: Array("SQLite format 3".utf8) + [0]) {
                func int(_ at: Int) -> Int { header[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
                let rawPageSize = Int(header[16]) << 8 | Int(header[17])
                let pageSize = rawPageSize == 1 ? 65_536 : rawPageSize
                let pages = int(28)
                let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
                // The header's page count is trusted only when SQLite marked it valid (offset 92 equals offset 24),
                // and only without a -wal: pages a checkpoint could not finish writing (a full disk) are still there.
                let wal = ((try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber)?.intValue ?? 0
                if pages > 0, wal == 0, int(92) == int(24), size < pages * pageSize {
                    throw StoreError.databaseUnreadable(
                        path: given, detail: "the file is shorter than its header says (\(size) of \(pages * pageSize) bytes): it was cut short")
                }
            }
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            let known = Set(Schema.migrator.migrations)
            let unknown = try queue.read { db -> [String] in
                guard try db.tableExists("grdb_migrations") else { return [] }
                return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations").filter { !known.contains($0) }.sorted()
            }
            if !unknown.isEmpty { throw StoreError.databaseFromNewerVersion(path: given, unknownMigrations: unknown) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            throw StoreError.databaseUnreadable(path: given, detail: error.message ?? "\(error)")
        } catch is DatabaseError {
            // Anything else (a read-only directory, say) is reported by the normal open, with its own advice.
        }
    }
}
