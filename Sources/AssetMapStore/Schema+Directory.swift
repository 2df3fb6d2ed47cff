import GRDB

extension Schema {
    /// The directory as readers see it: one row per entity and visibility (golden values from the
    /// members that visibility may see), with full-text, category, area and spatial indexes.
    static func directory(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE entity_view (
                id INTEGER PRIMARY KEY,
                entity_id INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
                -- The access levels this row is the right view for: 0 open (anonymous), 1 partners, 2 restricted (officers).
                min_level INTEGER NOT NULL,
                max_level INTEGER NOT NULL,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                categories TEXT,
                address TEXT,
                postcode TEXT,
                phone TEXT,
                email TEXT,
                website TEXT,
                description TEXT,
                opening_hours TEXT,
                owner TEXT,
                occupancy TEXT,
                organisation TEXT,
                floor_area_m2 REAL,
                running_cost_gbp REAL,
                lat REAL,
                lon REAL,
                location_precision TEXT,
                point_record_id INTEGER,      -- the member whose point the entity uses
                sources TEXT NOT NULL,        -- ';'-joined source names, member order
                source_count INTEGER NOT NULL,
                updated TEXT,
                golden TEXT NOT NULL,         -- JSON: field → {value, alternatives if any} (rows written before 2026-11-25: also source, record_id)
                areas TEXT                    -- JSON: layer → {code, name}
            );
            CREATE INDEX entity_view_entity ON entity_view(entity_id);
            CREATE INDEX entity_view_kind ON entity_view(kind, min_level);
            CREATE TABLE entity_category (
                category TEXT NOT NULL,
                view_id INTEGER NOT NULL REFERENCES entity_view(id) ON DELETE CASCADE,
                PRIMARY KEY (category, view_id)
            ) WITHOUT ROWID;
            CREATE INDEX entity_category_view ON entity_category(view_id);
            CREATE TABLE entity_area (
                area_id INTEGER NOT NULL REFERENCES area(id) ON DELETE CASCADE,
                view_id INTEGER NOT NULL REFERENCES entity_view(id) ON DELETE CASCADE,
                PRIMARY KEY (area_id, view_id)
            ) WITHOUT ROWID;
            CREATE INDEX entity_area_view ON entity_area(view_id);
            -- rowid = entity_view.id. Porter stemming so "libraries" finds "library"; diacritics folded.
            CREATE VIRTUAL TABLE entity_fts USING fts5(
                name, alternate_names, categories, description, address,
                tokenize = 'porter unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE entity_fts_vocab USING fts5vocab(entity_fts, 'row');
            -- Residents' centres of areas from the postcode file's own area codes.
            CREATE INDEX postcode_area_code ON postcode_area(layer, code);
            """)
        try SpatiaLite.addGeometry(db, table: "entity_view", column: "geom", type: "POINT", indexed: true)
    }
}
