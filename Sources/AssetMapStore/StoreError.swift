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
            return "\(path) is not a readable AssetMap database: \(detail)"
        case .notFound(let what, let key):
            return "no \(what) '\(key)'"
        case .invalid(let message):
            return message
        }
    }
}

extension StoreError: LocalizedError {
    public var errorDescription: String? { description }
}
