import GRDB

extension Schema {
    /// Entity resolution: the learned model, scored candidate pairs (the review queue is read from them),
    /// human decisions keyed by source and key so they survive re-imports, what the last run saw of each
    /// record (for incremental runs), run history, and where merged-away entity ids went.
    static func matching(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE match_model (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                model TEXT NOT NULL,           -- JSON: per kind prior, m and u per comparison level
                trained_at TEXT NOT NULL,
                trained_records INTEGER NOT NULL
            );
            -- The content each active record had when it was last matched: a different hash means re-compare it.
            CREATE TABLE match_state (
                record_id INTEGER PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
                content_hash TEXT NOT NULL
            );
            -- Candidate pairs worth keeping (probability above a floor), record_a < record_b.
            CREATE TABLE match_pair (
                id INTEGER PRIMARY KEY,
                record_a INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
                record_b INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
                weight REAL NOT NULL,          -- log2 Bayes factor, prior included
                probability REAL NOT NULL,
                levels TEXT NOT NULL,          -- comparison levels, space-separated, '-' where a value was missing
                tf_adjustment REAL NOT NULL DEFAULT 0,
                scored_at TEXT NOT NULL,
                UNIQUE (record_a, record_b)
            );
            CREATE INDEX match_pair_b ON match_pair(record_b);
            CREATE INDEX match_pair_probability ON match_pair(probability);
            -- Human decisions, by source name and key (record ids would not survive a source being re-added).
            -- Pairs are stored in one order: (source_a, key_a) < (source_b, key_b). The latest decision on a pair wins.
            CREATE TABLE match_decision (
                id INTEGER PRIMARY KEY,
                source_a TEXT NOT NULL,
                key_a TEXT NOT NULL,
                source_b TEXT NOT NULL,
                key_b TEXT NOT NULL,
                decision TEXT NOT NULL CHECK (decision IN ('same', 'different')),
                decided_by TEXT NOT NULL,
                decided_at TEXT NOT NULL,
                via TEXT NOT NULL,             -- 'review', 'entity merge', 'entity split'
                pair_id INTEGER
            );
            CREATE INDEX match_decision_pair ON match_decision(source_a, key_a, source_b, key_b);
            CREATE TABLE match_run (
                id INTEGER PRIMARY KEY,
                started_at TEXT NOT NULL,
                mode TEXT NOT NULL CHECK (mode IN ('full', 'incremental', 'unchanged', 'recluster')),
                records INTEGER NOT NULL,
                compared INTEGER NOT NULL,
                linked INTEGER NOT NULL,
                review INTEGER NOT NULL,
                entities INTEGER NOT NULL,
                link_threshold REAL NOT NULL,
                review_threshold REAL NOT NULL,
                last_decision_id INTEGER NOT NULL,
                seconds REAL NOT NULL
            );
            -- An entity emptied by a merge, and the entity its records went to.
            CREATE TABLE entity_redirect (
                entity_id INTEGER PRIMARY KEY,
                merged_into INTEGER NOT NULL,
                redirected_at TEXT NOT NULL
            );
            """)
    }
}
