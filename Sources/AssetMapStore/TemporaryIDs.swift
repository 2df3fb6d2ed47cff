import GRDB

/// A temporary table of ids for set-based statements to join against: `temp.<name>`, one column `id`, each id once.
enum TemporaryIDs {
    /// Makes `temp.<name>` hold `ids` (a table of that name from before is dropped first).
    static func create<S: Sequence>(_ db: Database, _ name: String, _ ids: S) throws where S.Element == Int64 {
        let table = name.quotedDatabaseIdentifier
        try db.execute(sql: "DROP TABLE IF EXISTS temp.\(table); CREATE TEMP TABLE \(table) (id INTEGER PRIMARY KEY)")
        let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO temp.\(table) VALUES (?)")
        for id in ids {
            var row = RowBinding(insert)
            row.integer(id)
            try row.run(db)
        }
    }
}
