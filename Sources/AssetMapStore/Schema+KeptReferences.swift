import GRDB

extension Schema {
    /// Four tables written and deleted in bulk lose foreign keys whose upkeep cost more than it guarded: a directory
    /// row's categories and areas (to `entity_view`), and a record's pairs and match state (to `record`). Each
    /// inserted row made SQLite look its parent up, and each deleted parent its children, though every write that
    /// deletes a parent deletes the children first (`KeptReferences`). At 1M, deleting a match's 268,335 emptied
    /// directory rows took 8.5 s with the keys and 3.8 s without; inserting its 1.4M pairs, 3.5 s more with them.
    /// `AssetMapStore.integrityProblems` reports a child left without its parent, as the foreign key check did.
    static func keptReferences(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE entity_category_new (
                category TEXT NOT NULL,
                view_id INTEGER NOT NULL,      -- entity_view(id): kept by the writes that delete rows (KeptReferences)
                PRIMARY KEY (category, view_id)
            ) WITHOUT ROWID;
            INSERT INTO entity_category_new SELECT category, view_id FROM entity_category;
            DROP TABLE entity_category;
            ALTER TABLE entity_category_new RENAME TO entity_category;
            CREATE INDEX entity_category_view ON entity_category(view_id);

            CREATE TABLE entity_area_new (
                area_id INTEGER NOT NULL REFERENCES area(id) ON DELETE CASCADE,
                view_id INTEGER NOT NULL,      -- entity_view(id), as above
                PRIMARY KEY (area_id, view_id)
            ) WITHOUT ROWID;
            INSERT INTO entity_area_new SELECT area_id, view_id FROM entity_area;
            DROP TABLE entity_area;
            ALTER TABLE entity_area_new RENAME TO entity_area;
            CREATE INDEX entity_area_view ON entity_area(view_id);

            CREATE TABLE match_state_new (
                record_id INTEGER PRIMARY KEY, -- record(id): removed with its record (KeptReferences)
                content_hash TEXT NOT NULL
            );
            INSERT INTO match_state_new SELECT record_id, content_hash FROM match_state;
            DROP TABLE match_state;
            ALTER TABLE match_state_new RENAME TO match_state;

            CREATE TABLE match_pair_new (
                id INTEGER PRIMARY KEY,
                record_a INTEGER NOT NULL,     -- record(id), as match_state
                record_b INTEGER NOT NULL,     -- record(id)
                weight REAL NOT NULL,          -- log2 Bayes factor, prior included
                probability REAL NOT NULL,
                levels TEXT NOT NULL,          -- comparison levels, space-separated, '-' where a value was missing
                tf_adjustment REAL NOT NULL DEFAULT 0,
                scored_at TEXT NOT NULL,
                UNIQUE (record_a, record_b)
            );
            INSERT INTO match_pair_new SELECT id, record_a, record_b, weight, probability, levels, tf_adjustment, scored_at
                FROM match_pair ORDER BY id;
            DROP TABLE match_pair;
            ALTER TABLE match_pair_new RENAME TO match_pair;
            CREATE INDEX match_pair_b ON match_pair(record_b);
            CREATE INDEX match_pair_probability ON match_pair(probability);
            """)
    }
}

/// The children whose foreign keys `Schema.keptReferences` dropped, removed by hand before their parents go.
enum KeptReferences {
    /// Removes the categories and areas of the directory rows of the entities in `temp.<entities>`, before those
    /// entities (and, by cascade, their rows) are deleted.
    static func removeViewChildren(_ db: Database, entities: String) throws {
        let views = "SELECT id FROM entity_view WHERE entity_id IN (SELECT id FROM temp.\(entities.quotedDatabaseIdentifier))"
        try db.execute(sql: """
            DELETE FROM entity_category WHERE view_id IN (\(views));
            DELETE FROM entity_area WHERE view_id IN (\(views));
            """)
    }

    /// Removes the pairs and match state of a source's records, before the records are deleted.
    static func removeRecordChildren(_ db: Database, source: Int64) throws {
        try db.execute(sql: """
            DELETE FROM match_pair WHERE record_a IN (SELECT id FROM record WHERE source_id = :source)
                OR record_b IN (SELECT id FROM record WHERE source_id = :source);
            DELETE FROM match_state WHERE record_id IN (SELECT id FROM record WHERE source_id = :source);
            """, arguments: ["source": source])
    }

    /// Children whose parent is gone, one line per table that has any: what the foreign key check reported before.
    static func orphans(_ db: Database) throws -> [String] {
        let checks = [
            ("entity_category", "view_id", "entity_view"),
            ("entity_area", "view_id", "entity_view"),
            ("match_state", "record_id", "record"),
            ("match_pair", "record_a", "record"),
            ("match_pair", "record_b", "record"),
        ]
        return try checks.compactMap { table, column, parent in
            let count = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM \(table) c WHERE NOT EXISTS (SELECT 1 FROM \(parent) p WHERE p.id = c.\(column))
                """) ?? 0
            return count == 0 ? nil : "\(table).\(column): \(count) rows name a \(parent) that is gone"
        }
    }
}
