import GRDB

extension Schema {
    /// A record's entity moves out of the record row into a narrow table of its own, `record_entity`.
    ///
    /// A first match moves a quarter of all records to other entities. As a column of `record` (about a kilobyte a
    /// row), each move rewrote a wide row and dirtied its page: at 1M, 268,335 moves dirtied nearly every page of a
    /// 1 GB table, which the commit then wrote to the WAL and the checkpoint to the file, and which crowded the
    /// directory's pages out of the writer's cache. In `record_entity` (two integers a row) the same moves dirty a
    /// few tens of megabytes.
    ///
    /// SQLite cannot drop a column a foreign key names, so the old column stays, renamed `retired_entity_id` (a query
    /// written for the old layout fails by name rather than reading nothing) and emptied. Its index gives way to a
    /// partial one, empty, which lets SQLite check a deleted entity's references without reading every record.
    static func recordEntity(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX record_entity;
            CREATE TABLE record_entity (
                record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
                entity_id INTEGER NOT NULL REFERENCES entity(id)
            );
            INSERT INTO record_entity SELECT id, entity_id FROM record WHERE entity_id IS NOT NULL ORDER BY id;
            CREATE INDEX record_entity_entity ON record_entity(entity_id);
            ALTER TABLE record RENAME COLUMN entity_id TO retired_entity_id;
            CREATE INDEX record_retired_entity ON record(retired_entity_id) WHERE retired_entity_id IS NOT NULL;
            """)
        // SpatiaLite's update triggers stamp geometry_columns_time once per updated row, whatever the column.
        let records = try Int.fetchOne(db, sql: "SELECT count(*) FROM record WHERE retired_entity_id IS NOT NULL") ?? 0
        try SetAsideSpatialTriggers.updating(db, table: "record", rows: records) {
            try db.execute(sql: "UPDATE record SET retired_entity_id = NULL WHERE retired_entity_id IS NOT NULL")
        }
    }
}
