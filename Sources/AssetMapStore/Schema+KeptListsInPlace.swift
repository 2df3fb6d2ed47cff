import GRDB

extension Schema {
    /// The kept words' and categories' lists move into rowid tables, where a row keeps up to a page in place.
    ///
    /// v8 made them `WITHOUT ROWID` tables. Such a row keeps at most about 4 KB of a 16 KiB page in place, and the
    /// rest of a longer list goes to overflow pages, the last of them part-empty. At 1M entities `dbstat` found 110 MB
    /// of the 245 MB of `search_head` unused in 13,503 overflow pages, and a first match writes all of it twice (the
    /// WAL, then the checkpoint). A rowid table keeps a row of up to a page in place, and sizes what spills to fill
    /// whole pages. The lists are copied as they are, in the columns v8 described (`keptMembers`); a unique index
    /// keeps each key's level once.
    static func keptListsInPlace(_ db: Database) throws {
        for (table, key) in [("search_head", "prefix"), ("category_head", "category")] {
            try db.execute(sql: """
                CREATE TABLE \(table)_in_place (
                    id INTEGER PRIMARY KEY,
                    \(key) TEXT NOT NULL,
                    level INTEGER NOT NULL,
                    total INTEGER NOT NULL,
                    located INTEGER NOT NULL,
                    ranked TEXT NOT NULL,
                    members BLOB NOT NULL,
                    points BLOB
                );
                INSERT INTO \(table)_in_place (\(key), level, total, located, ranked, members, points)
                SELECT \(key), level, total, located, ranked, members, points FROM \(table) ORDER BY \(key), level;
                DROP TABLE \(table);
                ALTER TABLE \(table)_in_place RENAME TO \(table);
                CREATE UNIQUE INDEX \(table)_key ON \(table)(\(key), level);
                """)
        }
    }
}
