import GRDB

extension Schema {
    /// Words' and categories' first pages with, per reader level, the located entries that level sees
    /// (`SearchHeads`): what a search near a place walks or ranks, and why v7's single member list per word went.
    static func keptMembers(_ db: Database) throws {
        // IF EXISTS: a file migrated by a development build of v7 had no member table.
        try db.execute(sql: """
            DROP TABLE IF EXISTS search_head_member;
            DROP TABLE IF EXISTS search_head;
            CREATE TABLE search_head (
                prefix TEXT NOT NULL,      -- a term of the full-text index, searched as "prefix"*
                level INTEGER NOT NULL,    -- the reader level (0 open, 1 partners, 2 restricted)
                total INTEGER NOT NULL,    -- entries that level sees under the prefix
                located INTEGER NOT NULL,  -- of those, the ones with a point
                ranked TEXT NOT NULL,      -- the first SearchHeads.depth view ids, best first, comma-separated
                members BLOB NOT NULL,     -- the located ones, view ids ascending as LEB128 deltas
                points BLOB,               -- their points as little-endian Float lon, lat; only up to SearchHeads.pointsKept
                PRIMARY KEY (prefix, level)
            ) WITHOUT ROWID;
            CREATE TABLE category_head (
                category TEXT NOT NULL,    -- as entity_category holds it
                level INTEGER NOT NULL,
                total INTEGER NOT NULL,
                located INTEGER NOT NULL,
                ranked TEXT NOT NULL,      -- the first SearchHeads.depth view ids by name, then id
                members BLOB NOT NULL,
                points BLOB,
                PRIMARY KEY (category, level)
            ) WITHOUT ROWID;
            """)
        try SearchHeads.rebuildAll(db)
    }
}
