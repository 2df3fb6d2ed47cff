import GRDB

extension Schema {
    /// A narrow copy of what search filters and ranks on, beside each entity's id.
    ///
    /// A search reads every match of its words, or every point in its box, to check who may see it, its kind and its
    /// place before it ranks them. `entity_view` rows are wide (the golden record rides along, about 1.8 kB a row at
    /// 1M entities), so each check touched a page of its own: 7 µs a row, 3 ms for a word with 400 matches. The same
    /// checks from this index read a few hundred rows per page: 0.5 ms. Search names it (`INDEXED BY`), because the
    /// planner always prefers the table's own rowid for a lookup by id.
    static func searchFilter(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX entity_view_filter ON entity_view(id, min_level, max_level, kind, lat, lon)")
    }
}
