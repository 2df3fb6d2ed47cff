import Foundation
import GRDB
import GRDBSQLite

/// Loads SpatiaLite into every connection the store opens.
enum SpatiaLite {
    /// Adds the loading step to a GRDB configuration: it runs on the writer and on every reader.
    static func install(into configuration: inout Configuration) {
        configuration.prepareDatabase { db in
            try load(into: db)
        }
    }

    static func load(into db: Database) throws {
        guard let connection = db.sqliteConnection else { return }
        sqlite3_enable_load_extension(connection, 1)
        // Switch loading off again straight after, so SQL can never call load_extension().
        defer { sqlite3_enable_load_extension(connection, 0) }
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_load_extension(connection, "mod_spatialite", nil, &message)
        if status != SQLITE_OK {
            let detail = message.map { String(cString: $0) } ?? "sqlite3_load_extension returned \(status)"
            sqlite3_free(message)
            throw StoreError.spatialiteMissing(detail: detail)
        }
    }

    /// Runs an admin function that reports failure by returning 0, and throws when it does.
    static func admin(_ db: Database, _ sql: String, function: String, table: String) throws {
        let result = try Int.fetchOne(db, sql: sql) ?? 0
        if result != 1 { throw StoreError.spatialAdminFailed(function: function, table: table) }
    }

    /// Adds a geometry column with its spatial index to a plain table.
    static func addGeometry(_ db: Database, table: String, column: String, type: String, indexed: Bool) throws {
        try admin(
            db, "SELECT AddGeometryColumn('\(table)', '\(column)', 4326, '\(type)', 'XY')",
            function: "AddGeometryColumn", table: table)
        if indexed {
            try admin(
                db, "SELECT CreateSpatialIndex('\(table)', '\(column)')", function: "CreateSpatialIndex",
                table: table)
        }
    }
}
