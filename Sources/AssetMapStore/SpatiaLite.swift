import AssetMapCore
import Foundation
import GRDB
import GRDBSQLite

/// Loads SpatiaLite into every connection the store opens.
enum SpatiaLite {
    /// Adds the loading step to a GRDB configuration: it runs on the writer and on every reader.
    static func install(into configuration: inout Configuration) {
        configuration.prepareDatabase { db in
            try load(into: db)
            db.add(function: geodesicMetres)
            try registerRecordGolden(db)
        }
    }

    /// `record_golden(fields)`: the golden record of an entity of that one record (`DirectoryJSON.singleRecordGolden`),
    /// or NULL when `fields` is not a flat object of strings (or not text). Registered through SQLite's C API and read
    /// from its bytes: GRDB's boxed arguments and the `String`s made of them were two thirds of the function's time in
    /// a million-row import.
    static func registerRecordGolden(_ db: Database) throws {
        let status = sqlite3_create_function_v2(
            db.sqliteConnection, "record_golden", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, _, values in SpatiaLite.recordGolden(context, values) }, nil, nil, nil)
        guard status == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: status), message: "cannot add the function record_golden")
        }
    }

    private static func recordGolden(_ context: OpaquePointer?, _ values: UnsafeMutablePointer<OpaquePointer?>?) {
        guard let values, let fields = values[0], sqlite3_value_type(fields) == SQLITE_TEXT else { return sqlite3_result_null(context) }
        // sqlite3_value_text before sqlite3_value_bytes, as SQLite asks, so the length is that of the UTF-8 text.
        let fieldBytes = UnsafeBufferPointer(start: sqlite3_value_text(fields), count: Int(sqlite3_value_bytes(fields)))
        let golden = DirectoryJSON.singleRecordGolden(fields: fieldBytes)
        // Never empty: the smallest golden record is "{}".
        guard let golden, !golden.isEmpty else { return sqlite3_result_null(context) }
        golden.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                sqlite3_result_text(context, chars.baseAddress, Int32(chars.count), RowBinding.transient)
            }
        }
    }

    /// `geodesic_m(lon1, lat1, lon2, lat2)`: metres on the WGS84 ellipsoid, by the same formula that gives a result
    /// its `distance_m` (`Coordinate.ellipsoidalDistance`), so whether a place is inside a radius and the distance
    /// shown cannot disagree. SpatiaLite's `ST_Distance(…, 1)` looks its ellipsoid up in `spatial_ref_sys` with a
    /// fresh query on every call: a sixth of a search near a place at 1M.
    static let geodesicMetres = DatabaseFunction("geodesic_m", argumentCount: 4, pure: true) { values in
        guard let lon1 = Double.fromDatabaseValue(values[0]), let lat1 = Double.fromDatabaseValue(values[1]),
            let lon2 = Double.fromDatabaseValue(values[2]), let lat2 = Double.fromDatabaseValue(values[3])
        else { return nil }
        return Coordinate(lat: lat1, lon: lon1).ellipsoidalDistance(to: Coordinate(lat: lat2, lon: lon2))
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

/// SpatiaLite's per-row triggers, set aside on tables written in bulk (`SetAsideSpatialTriggers`, `BulkDelete`).
enum SpatialTriggers {
    /// Drops the triggers of `tables` whose names match one of `globs`, and returns them to be created again.
    static func drop(_ db: Database, tables: [String], globs: [String]) throws -> [(name: String, sql: String)] {
        let triggers: [(name: String, sql: String)] = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'trigger' AND tbl_name IN (\(tables.map { _ in "?" }.joined(separator: ",")))
              AND (\(globs.map { _ in "name GLOB ?" }.joined(separator: " OR ")))
            """, arguments: StatementArguments(tables + globs)).map { (name: $0["name"], sql: $0["sql"]) }
        for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger.name.quotedDatabaseIdentifier)") }
        return triggers
    }
}

/// SpatiaLite's per-row insert (and, when asked, update) triggers on tables written in bulk, set aside and put back
/// with the R*Tree brought up to date.
///
/// Per row, those triggers check the geometry type against geometry_columns, stamp geometry_columns_time and insert
/// (or delete and insert) one R*Tree entry: most of the cost of a new row. Rows are written without them and indexed
/// in bulk; inside the caller's transaction, so a killed process leaves the triggers as they were. Delete triggers
/// stay (`BulkDelete` sets those aside itself). Dropping and creating triggers changes the schema (every reader
/// re-prepares), so this is for bulk writes only.
struct SetAsideSpatialTriggers {
    private var triggers: [(name: String, sql: String)]
    private let tables: [String]
    private let updates: Bool

    /// Rows written or deleted at once from which SpatiaLite's per-row triggers are set aside. Fewer keep them: setting
    /// them aside changes the schema, and every reader re-prepares.
    static let bulkRows = 1_000

    /// Runs `body`, an update of `rows` rows of `table` that changes no geometry, and stamps geometry_columns_time once
    /// when they are many. SpatiaLite's `tmu_*` triggers fire after an update of any column, a statement each: moving
    /// 250,000 records of a 1M file took 8.8 s with them and 2.0 s without.
    static func updating<T>(_ db: Database, table: String, rows: Int, _ body: () throws -> T) throws -> T {
        guard rows >= bulkRows else { return try body() }
        var setAside = try SetAsideSpatialTriggers(db, tables: [table], updates: true)
        let result = try body()
        try setAside.restore(db, indexingRowsAfter: [:])
        return result
    }

    /// Drops the insert triggers of `tables`, and their update triggers when `updates`: the caller then names the
    /// rows whose geometry it changed when it restores them.
    init(_ db: Database, tables: [String], updates: Bool = false) throws {
        self.tables = tables
        self.updates = updates
        triggers = try SpatialTriggers.drop(
            db, tables: tables, globs: ["ggi_*", "gii_*", "tmi_*"] + (updates ? ["ggu_*", "giu_*", "tmu_*"] : []))
    }

    /// Indexes each table's rows with a rowid above `after[table]` (none when absent) in its R*Tree, indexes again the
    /// rows `reindexing[table]` (updated with their geometry changed), then puts the triggers back.
    mutating func restore(_ db: Database, indexingRowsAfter after: [String: Int64], reindexing: [String: [Int64]] = [:]) throws {
        guard !triggers.isEmpty else { return }
        let list = tables.map { _ in "?" }.joined(separator: ",")
        let indexed = try Row.fetchAll(db, sql: """
            SELECT f_table_name, f_geometry_column FROM geometry_columns WHERE f_table_name IN (\(list)) AND spatial_index_enabled = 1
            """, arguments: StatementArguments(tables))
        for row in indexed {
            let table: String = row[0], column: String = row[1]
            let geom = column.quotedDatabaseIdentifier
            let entry = "SELECT ROWID, MbrMinX(\(geom)), MbrMaxX(\(geom)), MbrMinY(\(geom)), MbrMaxY(\(geom)) FROM \(table.quotedDatabaseIdentifier)"
            var entries: [RTreeBulkLoad.Entry] = []
            func read(_ sql: String, _ arguments: StatementArguments = []) throws {
                let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
                while let row = try rows.next() {
                    entries.append(RTreeBulkLoad.Entry(id: row[0], xmin: row[1], xmax: row[2], ymin: row[3], ymax: row[4]))
                }
            }
            if let last = after[table] { try read("\(entry) WHERE ROWID > ? AND \(geom) IS NOT NULL", [last]) }
            let rowids = reindexing[table] ?? []
            if !rowids.isEmpty {
                try TemporaryIDs.create(db, "reindexed_rows", rowids)
                try read("\(entry) WHERE ROWID IN (SELECT id FROM temp.reindexed_rows) AND \(geom) IS NOT NULL")
                try db.execute(sql: "DROP TABLE temp.reindexed_rows")
            }
            if entries.isEmpty && rowids.isEmpty { continue }
            try RTreeBulkLoad.update(db, index: "idx_\(table)_\(column)", entries: entries, replacing: rowids, newAbove: after[table])
        }
        // What the triggers would have stamped, once.
        let stamps: [String] = (after.isEmpty ? [] : ["last_insert"]) + (updates ? ["last_update"] : [])
        if !stamps.isEmpty {
            let now = stamps.map { column in "\(column) = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" }.joined(separator: ", ")
            try db.execute(sql: "UPDATE geometry_columns_time SET \(now) WHERE f_table_name IN (\(list))", arguments: StatementArguments(tables))
        }
        for trigger in triggers { try db.execute(sql: trigger.sql) }
        triggers = []
    }
}

/// Many rows deleted from a table with a spatial index, without SpatiaLite's per-row delete triggers: each removes
/// one R*Tree entry and stamps geometry_columns_time. Deleting 500,000 directory rows at 1M took 49 s with them and
/// 31 s with the entries, and the rows that hang on each, removed a statement at a time.
enum BulkDelete {
    /// Deletes the rows of `table` whose rowid is in `temp.<rowids>` (a one-column table), with their R*Tree
    /// entries; the triggers are back when it returns, inside the caller's transaction.
    static func rows(_ db: Database, table: String, rowids: String) throws {
        let triggers = try SpatialTriggers.drop(db, tables: [table], globs: ["gid_*", "tmd_*"])
        let indexed = try Row.fetchAll(db, sql: """
            SELECT f_geometry_column FROM geometry_columns WHERE f_table_name = ? AND spatial_index_enabled = 1
            """, arguments: [table])
        for row in indexed {
            let index = "idx_\(table)_\(row[0] as String)".quotedDatabaseIdentifier
            try db.execute(sql: "DELETE FROM \(index) WHERE pkid IN (SELECT * FROM temp.\(rowids.quotedDatabaseIdentifier))")
        }
        try db.execute(sql: """
            DELETE FROM \(table.quotedDatabaseIdentifier) WHERE rowid IN (SELECT * FROM temp.\(rowids.quotedDatabaseIdentifier))
            """)
        if !triggers.isEmpty {
            try db.execute(sql: """
                UPDATE geometry_columns_time SET last_delete = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE f_table_name = ?
                """, arguments: [table])
        }
        for trigger in triggers { try db.execute(sql: trigger.sql) }
    }
}

/// How far a box for the spatial index (its R*Tree holds degrees) must reach around a point to hold everything within
/// some metres of it.
enum IndexBox {
    /// Degrees of latitude and longitude at `latitude` (for several points, the one nearest a pole), 2 % over: a
    /// circle is widest in longitude near its centre's latitude, and up to 1,000 km at British latitudes the sphere's
    /// curvature and the ellipsoid stay inside that margin.
    static func margins(metres: Double, latitude: Double) -> (lat: Double, lon: Double) {
        (metres / 110_574 * 1.02, metres / max(cos(latitude * .pi / 180) * 111_320, 1) * 1.02)
    }
}
