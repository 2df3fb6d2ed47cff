import GRDB

extension Schema {
    /// API keys for the HTTP API: only a SHA-256 of each secret is kept, never the secret itself.
    static func keys(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE api_key (
                id TEXT PRIMARY KEY,          -- public part of the key, printed in listings and logs
                role TEXT NOT NULL CHECK (role IN ('partner', 'officer', 'admin')),
                secret_sha256 TEXT NOT NULL,  -- lowercase hex SHA-256 of the whole key as issued
                label TEXT,
                created_at TEXT NOT NULL,
                revoked_at TEXT
            );
            """)
    }
}
