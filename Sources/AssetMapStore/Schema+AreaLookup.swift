import GRDB

extension Schema {
    /// Areas found by code alone, or by name or code in any case.
    ///
    /// `area` is unique on (layer, code), which a lookup by code alone cannot seek: every search, profile and gap
    /// that names an area scanned all of them (66,000 at 1M entities, 2–3 ms, more than the rest of a category +
    /// area search). Names and codes typed in another case are looked up by their lowercase forms.
    static func areaLookup(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX area_code ON area(code);
            CREATE INDEX area_lower_code ON area(lower(code));
            CREATE INDEX area_lower_name ON area(lower(name));
            """)
    }
}
