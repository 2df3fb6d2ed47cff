import GRDB

extension Schema {
    /// Records' points lose their R*Tree. Area assignment now tests each distinct point through a tree of its own
    /// (`assignRecords`), and nothing else searches records by place: search and matching read the directory's tree or
    /// their own in memory. Keeping it cost a million-row import about 20 s and every record write an index update.
    static func recordPointsUnindexed(_ db: Database) throws {
        try SpatiaLite.admin(
            db, "SELECT DisableSpatialIndex('record', 'geom')", function: "DisableSpatialIndex", table: "record")
        try db.execute(sql: "DROP TABLE IF EXISTS idx_record_geom")
    }
}
