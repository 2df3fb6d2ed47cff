import Foundation
import GRDB

/// The first pages of every word that many entries hold, ranked and counted ahead of time.
///
/// FTS5 ranks by scoring every match and counts by visiting every match: at 1M entities a word in 1,800 entries took
/// 3 ms, "community" (188,000) over 100 ms. Search answers a single word from here when the index holds at least
/// `threshold` entries under its prefix: the total and the first `depth` ids for each reader level, exactly as FTS5
/// ranked them (`AssetMapStore.rankSQL`) when they were last computed (a word no write has touched since keeps the order of that time, while bm25's averages drift). Every write that changes the directory recomputes the
/// words its entries held before and after (all words after a large change) inside its own transaction, so a reader
/// never sees a list the index disagrees with. A word under the threshold, or a page past `depth`, goes to FTS5.
enum SearchHeads {
    /// Entries under a prefix (summed over its terms) from which its first pages are kept.
    static let threshold = 300
    /// Ids kept per word and level: ten pages of twenty.
    static let depth = 200
    /// Views changed at once past which every word is recomputed rather than the touched ones.
    static let largeChange = 50_000

    struct Head {
        var total: Int
        /// Of `total`, those with a point (what a search near a place counts).
        var located: Int
        var ids: [Int64]
    }

    /// The kept first page of a word's prefix for one reader level, or nil when the word is not kept.
    static func head(_ db: Database, prefix: String, level: Int) throws -> Head? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT total, located, ranked FROM search_head WHERE prefix = ? AND level = ?"), arguments: [prefix, level])
        else { return nil }
        let ranked: String = row[2]
        return Head(total: row[0], located: row[1], ids: ranked.utf8.split(separator: UInt8(ascii: ",")).compactMap { Int64(Substring($0)) })
    }

    /// Every view under a kept prefix, at any level, ascending: what a search near a place checks its neighbours
    /// against. Stored as deltas in LEB128 varints (about 1.5 bytes an id).
    static func members(_ db: Database, prefix: String) throws -> [Int64]? {
        guard let blob = try Data.fetchOne(db.cachedStatement(sql: "SELECT ids FROM search_head_member WHERE prefix = ?"), arguments: [prefix])
        else { return nil }
        var ids: [Int64] = []
        ids.reserveCapacity(blob.count)
        var value: Int64 = 0, shift: Int64 = 0, last: Int64 = 0
        for byte in blob {
            value |= Int64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                last += value
                ids.append(last)
                value = 0
                shift = 0
            } else {
                shift += 7
            }
        }
        return ids
    }

    static func encode(_ ascending: [Int64]) -> Data {
        var data = Data()
        data.reserveCapacity(ascending.count * 2)
        var last: Int64 = 0
        for id in ascending {
            var delta = UInt64(id - last)
            last = id
            while delta >= 0x80 {
                data.append(UInt8(delta & 0x7F) | 0x80)
                delta >>= 7
            }
            data.append(UInt8(delta))
        }
        return data
    }

    /// Every word computed again: after a large change, a rebuild of the directory, or a migration.
    static func rebuildAll(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM search_head; DELETE FROM search_head_member")
        if try rebuildFromVocabulary(db) { return }
        // Levels of every view from the narrow index at once: a seek per match would cost more than its bm25.
        var levels: [Int64: (Int, Int, Bool)] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT id, min_level, max_level, lat IS NOT NULL FROM entity_view INDEXED BY entity_view_filter")
        while let row = try rows.next() { levels[row[0]] = (row[1], row[2], row[3]) }
        for prefix in try keptPrefixes(db) {
            try compute(db, prefix: prefix, levels: { levels[$0] })
        }
    }

    /// Recomputes the words a changed entry's terms fall under (`terms` from `IndexTokenizer.terms`): those kept, those
    /// that now pass the threshold, and those that no longer do (dropped).
    static func refresh(_ db: Database, terms: Set<String>) throws {
        guard !terms.isEmpty else { return }
        let kept = Set(try String.fetchAll(db, sql: "SELECT DISTINCT prefix FROM search_head"))
        let qualifying = Set(try keptPrefixes(db))
        var touched: Set<String> = []
        for term in terms {
            var prefix = ""
            for character in term {
                prefix.append(character)
                if kept.contains(prefix) || qualifying.contains(prefix) { touched.insert(prefix) }
            }
        }
        for prefix in touched.sorted() {
            try db.execute(sql: "DELETE FROM search_head WHERE prefix = ?; DELETE FROM search_head_member WHERE prefix = ?", arguments: [prefix, prefix])
            if qualifying.contains(prefix) { try compute(db, prefix: prefix, levels: nil) }
        }
    }

    /// What one directory write changes, noted before its rows go and after the new ones are in, so that the kept
    /// words whose entries it touched are computed again (`apply`, in the same transaction).
    struct Change {
        private var terms: Set<String> = []
        private var everything = false

        init() {}

        /// Notes the terms the views `condition` selects (on `rowid`) hold now; past `largeChange` views, all words.
        mutating func note(_ db: Database, views condition: String, arguments: StatementArguments = [], count: Int) throws {
            guard !everything, count > 0 else { return }
            guard count <= largeChange, let tokenizer = IndexTokenizer.shared else {
                everything = true
                return
            }
            let texts = try String.fetchCursor(db, sql: """
                SELECT coalesce(name, '') || ' ' || coalesce(alternate_names, '') || ' ' || coalesce(categories, '') || ' ' ||
                    coalesce(description, '') || ' ' || coalesce(address, '')
                FROM entity_fts WHERE rowid \(condition)
                """, arguments: arguments)
            var batch: [String] = []
            while let text = try texts.next() { batch.append(text) }
            terms.formUnion(try tokenizer.terms(of: batch))
        }

        /// Every word computed again, as after a rebuild of the whole directory.
        mutating func noteEverything() { everything = true }

        func apply(_ db: Database) throws {
            // Rows written into a file not yet at v7-search-heads: that migration computes every word when it runs.
            guard try db.tableExists("search_head") else { return }
            if everything { try rebuildAll(db) } else { try refresh(db, terms: terms) }
        }
    }

    /// The terms of the index whose prefix range holds at least `threshold` entries and that the tokenizer leaves as
    /// they are (so the kept prefix is the one FTS5 searches when the word is typed).
    static func keptPrefixes(_ db: Database) throws -> [String] {
        var terms: [String] = []
        var documents: [Int] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT term, doc FROM entity_fts_vocab")
        while let row = try rows.next() {
            terms.append(row[0])
            documents.append(row[1])
        }
        return try qualifying(terms: terms, documents: documents).map { terms[$0.0] }
    }

    /// Of the index's terms in order with the entries holding each, those kept, as ranges: a term and the terms after
    /// it that start with it, when the range's entries sum to `threshold` and the tokenizer leaves the term as it is.
    static func qualifying(terms: [String], documents: [Int]) throws -> [(Int, Int)] {
        guard let tokenizer = IndexTokenizer.shared else { return [] }
        var kept: [(Int, Int)] = []
        for i in terms.indices {
            var sum = documents[i]
            var j = i + 1
            while j < terms.count, terms[j].hasPrefix(terms[i]) {
                sum += documents[j]
                j += 1
            }
            if sum >= threshold, try tokenizer.tokens(ofWord: terms[i]) == [terms[i]] { kept.append((i, j)) }
        }
        return kept
    }

    static func query(_ prefix: String) -> String { "\"\(prefix)\"*" }

    /// Ranks every entry under `prefix` as search does and keeps, per level, how many that level sees and the first
    /// `depth` of them. Levels come from `levels` when given (a rebuild reads them all at once), else each match's row.
    private static func compute(_ db: Database, prefix: String, levels: ((Int64) -> (Int, Int, Bool)?)?) throws {
        var matches: [(rank: Double, id: Int64, low: Int, high: Int, located: Bool)] = []
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: levels != nil
                ? "SELECT rowid, \(AssetMapStore.rankSQL) FROM entity_fts WHERE entity_fts MATCH ?"
                : """
                SELECT f.rowid, f.rank, v.min_level, v.max_level, v.lat IS NOT NULL
                FROM (SELECT rowid, \(AssetMapStore.rankSQL) AS rank FROM entity_fts WHERE entity_fts MATCH ?) f
                JOIN entity_view v INDEXED BY entity_view_filter ON v.id = f.rowid
                """),
            arguments: [query(prefix)])
        while let row = try rows.next() {
            let id: Int64 = row[0]
            if let levels {
                guard let (low, high, located) = levels(id) else { continue }
                matches.append((row[1], id, low, high, located))
            } else {
                matches.append((row[1], id, row[2], row[3], row[4]))
            }
        }
        try db.execute(
            sql: "INSERT INTO search_head_member (prefix, ids) VALUES (?, ?)", arguments: [prefix, encode(matches.map(\.id).sorted())])
        matches.sort { ($0.rank, $0.id) < ($1.rank, $1.id) }
        let insert = try db.cachedStatement(sql: "INSERT INTO search_head (prefix, level, total, located, ranked) VALUES (?, ?, ?, ?, ?)")
        for level in 0...2 {
            var total = 0
            var located = 0
            var ranked = ""
            for match in matches where match.low <= level && level <= match.high {
                if total < depth {
                    if total > 0 { ranked += "," }
                    ranked += String(match.id)
                }
                total += 1
                if match.located { located += 1 }
            }
            if total > 0 { try insert.execute(arguments: [prefix, level, total, located, ranked]) }
        }
    }
}

/// FTS5's own tokenizer, run on text outside the index: the terms a typed word or a changed entry become.
///
/// An in-memory FTS5 table with the directory's tokenizer, so stemming and folding are SQLite's and cannot drift from
/// what the index holds.
final class IndexTokenizer: Sendable {
    /// Nil only if SQLite cannot make the table, and then search simply keeps nothing ahead.
    static let shared: IndexTokenizer? = try? IndexTokenizer()

    /// The directory's tokenizer (Schema.directory); a test checks that the two agree.
    static let tokenizer = "porter unicode61 remove_diacritics 2"

    private let queue: DatabaseQueue

    init() throws {
        queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: """
                CREATE VIRTUAL TABLE probe USING fts5(text, tokenize = '\(Self.tokenizer)');
                CREATE VIRTUAL TABLE probe_instance USING fts5vocab(probe, 'instance');
                CREATE VIRTUAL TABLE probe_row USING fts5vocab(probe, 'row');
                """)
        }
    }

    /// The terms a word becomes, in order ("Libraries" → ["librari"]).
    func tokens(ofWord word: String) throws -> [String] {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO probe (rowid, text) VALUES (1, ?)", arguments: [word])
            defer { try? db.execute(sql: "DELETE FROM probe") }
            return try String.fetchAll(db, sql: "SELECT term FROM probe_instance ORDER BY offset")
        }
    }

    /// The distinct terms of some texts.
    func terms<S: Sequence>(of texts: S) throws -> Set<String> where S.Element == String {
        try queue.write { db in
            let insert = try db.makeStatement(sql: "INSERT INTO probe (text) VALUES (?)")
            for text in texts { try insert.execute(arguments: [text]) }
            defer { try? db.execute(sql: "DELETE FROM probe") }
            return Set(try String.fetchAll(db, sql: "SELECT term FROM probe_row"))
        }
    }
}
