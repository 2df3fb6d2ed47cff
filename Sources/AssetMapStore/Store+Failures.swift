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
