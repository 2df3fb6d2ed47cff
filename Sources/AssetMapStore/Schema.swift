import GRDB

/// The database schema as a list of migrations; shipped migrations are never edited.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-geography", migrate: geography)
        migrator.registerMigration("v1-sources-records", migrate: sourcesAndRecords)
        migrator.registerMigration("v2-directory", migrate: directory)
        migrator.registerMigration("v2-matching", migrate: matching)
        migrator.registerMigration("v3-keys", migrate: keys)
        migrator.registerMigration("v4-audit", migrate: audit)
        migrator.registerMigration("v5-search-filter", migrate: searchFilter)
        // Indexes only: nothing a foreign key could break, so no check of every row afterwards (47 s at 1M entities).
        migrator.registerMigration("v6-area-lookup", foreignKeyChecks: .immediate, migrate: areaLookup)
        // A table of its own that nothing references: no foreign key to check either.
        migrator.registerMigration("v7-search-heads", foreignKeyChecks: .immediate, migrate: searchHeads)
        migrator.registerMigration("v8-kept-members", foreignKeyChecks: .immediate, migrate: keptMembers)
        migrator.registerMigration("v9-record-points-unindexed", foreignKeyChecks: .immediate, migrate: recordPointsUnindexed)
        // Tables rebuilt with fewer keys: nothing the rebuild adds can break one that stays.
        migrator.registerMigration("v10-kept-references", foreignKeyChecks: .immediate, migrate: keptReferences)
        // A new table filled from one that stays: its keys hold by construction.
        migrator.registerMigration("v11-record-entity", foreignKeyChecks: .immediate, migrate: recordEntity)
        // Derived tables that nothing references, copied: no key to check.
        migrator.registerMigration("v12-kept-lists-in-place", foreignKeyChecks: .immediate, migrate: keptListsInPlace)
        return migrator
    }

    /// Spatial metadata, postcodes and area layers.
    static func geography(_ db: Database) throws {
        // Only the two reference systems we use: a full InitSpatialMetadata writes ~6 MB for nothing.
        _ = try Int.fetchOne(db, sql: "SELECT InitSpatialMetadata(0, 'NONE')")
        try SpatiaLite.admin(db, "SELECT InsertEpsgSrid(4326)", function: "InsertEpsgSrid(4326)", table: "spatial_ref_sys")
        try SpatiaLite.admin(db, "SELECT InsertEpsgSrid(27700)", function: "InsertEpsgSrid(27700)", table: "spatial_ref_sys")

        try db.execute(sql: """
            CREATE TABLE postcode (
                postcode TEXT PRIMARY KEY,      -- canonical, "M33 7AB"
                sector TEXT NOT NULL,           -- "M33 7"
                district TEXT NOT NULL,         -- "M33"
                lat REAL NOT NULL,
                lon REAL NOT NULL
            );
            CREATE INDEX postcode_sector ON postcode(sector);
            CREATE INDEX postcode_district ON postcode(district);
            -- Area codes the postcode file itself gives (ONSPD style), by layer.
            CREATE TABLE postcode_area (
                postcode TEXT NOT NULL REFERENCES postcode(postcode) ON DELETE CASCADE,
                layer TEXT NOT NULL,
                code TEXT,
                name TEXT,
                PRIMARY KEY (postcode, layer)
            ) WITHOUT ROWID;
            -- Centroids of sectors and districts, for records that give only part of a postcode.
            CREATE TABLE postcode_centroid (
                prefix TEXT PRIMARY KEY,
                level TEXT NOT NULL CHECK (level IN ('sector', 'district')),
                lat REAL NOT NULL,
                lon REAL NOT NULL,
                postcodes INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE area_layer (
                name TEXT PRIMARY KEY,
                code_field TEXT,
                name_field TEXT,
                has_codes INTEGER NOT NULL,
                file TEXT,
                loaded_at TEXT NOT NULL
            );
            CREATE TABLE area (
                id INTEGER PRIMARY KEY,
                layer TEXT NOT NULL REFERENCES area_layer(name) ON DELETE CASCADE,
                code TEXT NOT NULL,           -- the name where the layer has no codes
                name TEXT,
                population INTEGER,
                UNIQUE (layer, code)
            );
            CREATE INDEX area_layer_name ON area(layer, name);
            """)
        try SpatiaLite.addGeometry(db, table: "postcode", column: "geom", type: "POINT", indexed: true)
        try SpatiaLite.addGeometry(db, table: "area", column: "geom", type: "MULTIPOLYGON", indexed: true)
    }

    /// Sources, their records with history, and the entities records belong to.
    static func sourcesAndRecords(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE source (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                title TEXT,
                publisher TEXT,
                licence TEXT,
                sharing TEXT NOT NULL CHECK (sharing IN ('open', 'partners', 'restricted')),
                trust REAL NOT NULL,
                as_of TEXT,
                kind TEXT,
                profile TEXT,                 -- the profile JSON last used
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE TABLE import_run (
                id INTEGER PRIMARY KEY,
                source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                file TEXT NOT NULL,
                file_sha256 TEXT,
                imported_at TEXT NOT NULL,
                read INTEGER NOT NULL,
                added INTEGER NOT NULL,
                updated INTEGER NOT NULL,
                unchanged INTEGER NOT NULL,
                withdrawn INTEGER NOT NULL,
                unlocated INTEGER NOT NULL,
                rejected INTEGER NOT NULL,
                warnings INTEGER NOT NULL,
                report TEXT NOT NULL          -- the JSON summary printed by `import --json`
            );
            CREATE INDEX import_run_source ON import_run(source_id);
            CREATE TABLE entity (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('organisation', 'service', 'place')),
                uuid TEXT NOT NULL UNIQUE,    -- stable public id (Open Referral)
                created_at TEXT NOT NULL
            );
            CREATE TABLE record (
                id INTEGER PRIMARY KEY,
                source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                source_key TEXT NOT NULL,
                entity_id INTEGER REFERENCES entity(id),
                kind TEXT NOT NULL CHECK (kind IN ('organisation', 'service', 'place')),
                status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
                line INTEGER,                 -- where it was in the file last imported
                content_hash TEXT NOT NULL,   -- of the raw row: same hash, unchanged
                raw TEXT NOT NULL,            -- the row as read, JSON object
                fields TEXT NOT NULL,         -- normalised canonical fields, JSON object
                flags TEXT,                   -- values flagged as bad, JSON array of {field, value, reason}
                name TEXT NOT NULL,
                name_match TEXT NOT NULL,
                categories TEXT,
                postcode TEXT,
                phone TEXT,
                email TEXT,
                website TEXT,
                charity_number TEXT,
                company_number TEXT,
                uprn TEXT,
                owner TEXT,
                occupancy TEXT,
                lat REAL,
                lon REAL,
                location_precision TEXT CHECK (location_precision IN ('exact', 'postcode', 'sector', 'district')),
                first_import_id INTEGER,
                import_id INTEGER,            -- the last import that saw it
                updated_at TEXT NOT NULL,
                withdrawn_at TEXT,
                UNIQUE (source_id, source_key)
            );
            CREATE INDEX record_entity ON record(entity_id);
            CREATE INDEX record_postcode ON record(postcode);
            CREATE TABLE record_history (
                id INTEGER PRIMARY KEY,
                record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
                import_id INTEGER,
                change TEXT NOT NULL CHECK (change IN ('added', 'updated', 'withdrawn', 'restored')),
                content_hash TEXT,
                raw TEXT,                     -- the version this change replaced (null when added)
                fields TEXT,
                recorded_at TEXT NOT NULL
            );
            CREATE INDEX record_history_record ON record_history(record_id);
            CREATE INDEX record_history_time ON record_history(recorded_at);
            CREATE TABLE record_area (
                record_id INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
                layer TEXT NOT NULL,
                area_id INTEGER NOT NULL REFERENCES area(id) ON DELETE CASCADE,
                PRIMARY KEY (record_id, layer)
            ) WITHOUT ROWID;
            CREATE INDEX record_area_area ON record_area(area_id);
            """)
        try SpatiaLite.addGeometry(db, table: "record", column: "geom", type: "POINT", indexed: true)
        // Footprints are kept for display and export; points carry the spatial index.
        try SpatiaLite.addGeometry(db, table: "record", column: "footprint", type: "MULTIPOLYGON", indexed: false)
    }
}
