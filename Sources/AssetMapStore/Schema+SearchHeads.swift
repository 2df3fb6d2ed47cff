import GRDB

extension Schema {
    /// The first pages of common words, ranked and counted ahead (`SearchHeads`), and their first computation.
    static func searchHeads(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE search_head (
                prefix TEXT NOT NULL,      -- a term of the full-text index, searched as "prefix"*
                level INTEGER NOT NULL,    -- the reader level (0 open, 1 partners, 2 restricted)
                total INTEGER NOT NULL,    -- entries that level sees under the prefix
                located INTEGER NOT NULL,  -- of those, the ones with a point
                ranked TEXT NOT NULL,      -- the first SearchHeads.depth view ids, best first, comma-separated
                PRIMARY KEY (prefix, level)
            ) WITHOUT ROWID;
            -- Every entry under the prefix, at any level: view ids ascending, as LEB128 deltas.
            CREATE TABLE search_head_member (prefix TEXT PRIMARY KEY, ids BLOB NOT NULL);
            """)
        try SearchHeads.rebuildAll(db)
    }
}
