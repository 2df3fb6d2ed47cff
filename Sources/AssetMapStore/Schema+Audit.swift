import GRDB

extension Schema {
    /// The audit log: who imported, decided, merged, split or matched what, and when. Each entry is written in the
    /// transaction of the change it records, so a change rolled back (or a process killed) leaves no entry behind.
    static func audit(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,             -- UTC, ISO 8601 with milliseconds
                actor TEXT NOT NULL,          -- the API key id over HTTP; the OS user, --as or $ASSETMAP_ACTOR on the CLI
                role TEXT,                    -- the key's role over HTTP
                via TEXT NOT NULL CHECK (via IN ('cli', 'api', 'library')),
                action TEXT NOT NULL,         -- import, decide, merge, split, match
                subject_type TEXT NOT NULL,   -- source, review_item, entity, directory
                subject_ids TEXT NOT NULL,    -- JSON array of ids or names
                detail TEXT NOT NULL          -- JSON object
            );
            CREATE INDEX audit_log_at ON audit_log(at);
            """)
    }
}
