import Foundation

/// Why the store could not do what was asked, in words a council officer can act on.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `mod_spatialite` could not be loaded into SQLite.
    case spatialiteMissing(detail: String)
    /// A SpatiaLite admin function returned failure (they return 0 instead of raising).
    case spatialAdminFailed(function: String, table: String)
    /// No database file where one was expected.
    case databaseNotFound(path: String)
    /// The file was written by a newer AssetMap whose schema this build does not know.
    case databaseFromNewerVersion(path: String, unknownMigrations: [String])
    /// The file is not a readable SQLite database.
    case databaseUnreadable(path: String, detail: String)
    /// A named thing (source, area, layer, postcode, entity…) does not exist.
    case notFound(what: String, key: String)
    /// The request cannot be met as given (names what is wrong).
    case invalid(String)
    /// The disk (or the file's size limit) is full: the change was rolled back.
    case diskFull(path: String)
    /// The file or its directory cannot be written.
    case readOnly(path: String, detail: String)
    /// The file, or its -wal and -shm beside it, cannot be opened.
    case cannotOpen(path: String, detail: String)
    /// Reading or writing the file failed at the operating system.
    case ioFailed(path: String, detail: String)

    public var description: String {
        switch self {
        case .spatialiteMissing(let detail):
            return "SpatiaLite could not be loaded (\(detail)). Install it with: sudo apt-get install -y libsqlite3-mod-spatialite libspatialite-dev"
        case .spatialAdminFailed(let function, let table):
            return "SpatiaLite's \(function) failed for table '\(table)'; the database was left unchanged"
        case .databaseNotFound(let path):
            return "no AssetMap database at \(path); create one with `assetmap init --db \(path)`"
        case .databaseFromNewerVersion(let path, let unknown):
            return "\(path) was written by a newer version of AssetMap (schema \(unknown.joined(separator: ", "))); upgrade assetmap to open it"
        case .databaseUnreadable(let path, let detail):
            return "\(path) is not a readable AssetMap database: \(detail); it was left as it is: restore it from a backup (`assetmap restore BACKUP --db \(path)`) or point --db at another file"
        case .notFound(let what, let key):
            return "no \(what) '\(key)'"
        case .invalid(let message):
            return message
        case .diskFull(let path):
            return "the disk holding \(path) is full (or the file size limit was reached): the change was rolled back and the database is as it was; free some space and run the command again"
        case .readOnly(let path, let detail):
            return "\(path) cannot be written (\(detail)): the file or its directory is read-only; make both writable by this user (chmod u+w), or work on a copy"
        case .cannotOpen(let path, let detail):
            return "\(path) cannot be opened (\(detail)): check that it exists and that its directory is writable (SQLite keeps \(path)-wal and -shm beside it)"
        case .ioFailed(let path, let detail):
            return "reading or writing \(path) failed (\(detail)): the change was rolled back; check the disk's space, permissions and health"
        }
    }
}

extension StoreError: LocalizedError {
    public var errorDescription: String? { description }
}
