import AssetMapCore
import Foundation
import GRDB
import GRDBSQLite

/// The first pages of every word and every category that many entries hold, ranked and counted ahead of time.
///
/// FTS5 ranks by scoring every match and counts by visiting every match: at 1M entities a word in 1,800 entries took
/// 3 ms, "community" (188,000) over 100 ms; counting a category of 40,000 near a place took 70–220 ms. Search answers
/// a single word, or a category, from here when the index holds at least `threshold` entries under it: per reader
/// level the total, the first `depth` ids (words as FTS5 ranks them, `AssetMapStore.rankSQL`; categories by name, as
/// a browse sorts), and every located entry that level sees, for searches near a place. A word no write has touched
/// since it was computed keeps the order of that time while bm25's averages drift. Every write that changes the
/// directory recomputes the words and categories its entries held before and after (all of them after a large
/// change) inside its own transaction, so a reader never sees a list the directory disagrees with. Anything else
/// (a rarer word, several words, other filters, a page past `depth`) goes to SQL as before.
enum SearchHeads {
    /// Entries under a prefix (summed over its terms), or in a category, from which its first pages are kept.
    static let threshold = 300
    /// Ids kept per key and level: ten pages of twenty.
    static let depth = 200
    /// Views changed at once past which everything is recomputed rather than the touched keys.
    static let largeChange = 50_000
    /// Located entries of a level up to which their points are kept beside them (`Head.points`): ranking that many
    /// by distance from kept points beats walking outwards, where reading each one's point from its own page did not.
    static let pointsKept = 3_000

    /// What is kept ahead, each in a table of its own.
    enum Kind: Sendable {
        /// A term of the full-text index, searched as "term"* (`query`), ranked by bm25.
        case word
        /// A category of `entity_category`, browsed by name.
        case category

        var table: String { self == .word ? "search_head" : "category_head" }
        var key: String { self == .word ? "prefix" : "category" }
    }

    struct Head {
        var total: Int
        /// Of `total`, those with a point (what a search near a place counts).
        var located: Int
        var ids: [Int64]
        /// The located entries this level sees, ascending, when asked for (`head(…, members: true)`).
        var members: [Int64] = []
        /// Their points rounded to Float (lon, lat, lon, lat, …), when they are at most `pointsKept`: a distance from
        /// these is within `pointError` metres of the true one.
        var points: [Float]?
    }

    /// Metres a planar distance from Float points can be off by: Float keeps 24 bits, so a longitude is within
    /// 180 × 2⁻²⁴ degrees (1.2 m at 111 km a degree) and a latitude within 90 × 2⁻²⁴ (0.6 m); 2 m covers both.
    static let pointError = 2.0

    /// The kept first page of a word or category for one reader level, or nil when it is not kept.
    static func head(_ db: Database, _ kind: Kind, _ key: String, level: Int, members: Bool = false) throws -> Head? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT total, located, ranked\(members ? ", members, points" : "") FROM \(kind.table) WHERE \(kind.key) = ? AND level = ?"),
            arguments: [key, level])
        else {
            // Kept, but this level sees none of it (levels with no entry have no row): an empty answer, not a search.
            let kept = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM \(kind.table) WHERE \(kind.key) = ? LIMIT 1"), arguments: [key])
            return kept == true ? Head(total: 0, located: 0, ids: []) : nil
        }
        let ranked: String = row[2]
        return Head(
            total: row[0], located: row[1], ids: ranked.utf8.split(separator: UInt8(ascii: ",")).compactMap { Int64(Substring($0)) },
            members: members ? decode(row[3]) : [], points: members ? (row[4] as Data?).map(decodePoints) : nil)
    }

    static func decodePoints(_ blob: Data) -> [Float] {
        blob.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }

    static func encodePoints(_ points: [(lon: Float, lat: Float)]) -> Data {
        // Into a byte array first: an array and two appends to `Data` for every point were a fifth of the rebuild.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(points.count * 8)
        func append(_ bits: UInt32) {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 8))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 16))
            bytes.append(UInt8(truncatingIfNeeded: bits >> 24))
        }
        for point in points {
            append(point.lon.bitPattern)
            append(point.lat.bitPattern)
        }
        return Data(bytes)
    }

    /// Ascending ids from deltas in LEB128 varints (about 1.5 bytes an id).
    static func decode(_ blob: Data) -> [Int64] {
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

    static func encode<S: Sequence>(_ ascending: S) -> Data where S.Element == Int64 {
        // Into a byte array first: `Data.append` of one byte was a sixth of rebuilding a million entries' words.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ascending.underestimatedCount * 2)
        var last: Int64 = 0
        for id in ascending {
            var delta = UInt64(id - last)
            last = id
            while delta >= 0x80 {
                bytes.append(UInt8(delta & 0x7F) | 0x80)
                delta >>= 7
            }
            bytes.append(UInt8(delta))
        }
        return Data(bytes)
    }

    /// One key's lists for the three reader levels, filled best first (`add`), then written (`write`).
    struct Lists {
        var total = [0, 0, 0]
        var located = [0, 0, 0]
        var ranked: [[Int64]] = [[], [], []]
        var members: [[(id: Int64, lon: Float, lat: Float)]] = [[], [], []]

        /// An entry visible from `low` to `high`, in rank order: the first `depth` of each level are its page. A caller
        /// that ranks by itself (`rebuildFromVocabulary`) adds in any order with `ranking: false` and sets `ranked`.
        mutating func add(_ id: Int64, low: Int, high: Int, lon: Double?, lat: Double?, ranking: Bool = true) {
            guard low >= 0, low <= high else { return }
            for level in low...min(high, 2) {
                total[level] += 1
                if ranking && ranked[level].count < SearchHeads.depth { ranked[level].append(id) }
                if let lon, let lat {
                    located[level] += 1
                    members[level].append((id, Float(lon), Float(lat)))
                }
            }
        }

        func write(_ db: Database, _ kind: Kind, _ key: String) throws {
            let insert = try db.cachedStatement(
                sql: "INSERT INTO \(kind.table) (\(kind.key), level, total, located, ranked, members, points) VALUES (?, ?, ?, ?, ?, ?, ?)")
            for level in 0...2 where total[level] > 0 {
                // A rebuild from the vocabulary adds in id order already: sorting tens of millions of sorted
                // members again was a tenth of it.
                let inOrder = zip(members[level], members[level].dropFirst()).allSatisfy { $0.id < $1.id }
                let sorted = inOrder ? members[level] : members[level].sorted { $0.id < $1.id }
                try insert.execute(arguments: [
                    key, level, total[level], located[level], ranked[level].map(String.init).joined(separator: ","),
                    encode(sorted.lazy.map(\.id)), sorted.count <= SearchHeads.pointsKept ? encodePoints(sorted.map { ($0.lon, $0.lat) }) : nil,
                ])
            }
        }
    }

    /// Every word and category computed again: after a large change, a rebuild of the directory, or a migration.
    static func rebuildAll(_ db: Database) throws {
        // A file not yet at v8-kept-members (v7 made an older layout): that migration computes everything when it runs.
        guard try db.tableExists(Kind.category.table) else { return }
        try db.execute(sql: "DELETE FROM search_head; DELETE FROM category_head")
        // The kept categories' browse order, when there are any, is sorted on the other core while this one works
        // out the words.
        let large = try String.fetchAll(db, sql: "SELECT category FROM entity_category GROUP BY category HAVING count(*) >= ?", arguments: [threshold])
        let browseRanks = large.isEmpty ? nil : try BrowseOrder.ranks(db)
        if try !rebuildFromVocabulary(db) {
            for prefix in try keptPrefixes(db) { try compute(db, prefix: prefix) }
        }
        try rebuildCategories(db, large, browseRanks: browseRanks)
    }

    /// Recomputes the words a changed entry's terms fall under (`terms` from `IndexTokenizer.terms`): those kept, those
    /// that now pass the threshold, and those that no longer do (dropped); and the categories it was or is in.
    static func refresh(_ db: Database, terms: Set<String>, categories: Set<String>) throws {
        if !terms.isEmpty {
            let kept = Set(try String.fetchAll(db, sql: "SELECT DISTINCT prefix FROM search_head"))
            let entries = try keptPrefixEntries(db)
            var touched: Set<String> = []
            for term in terms {
                var prefix = ""
                for character in term {
                    prefix.append(character)
                    if kept.contains(prefix) || entries[prefix] != nil { touched.insert(prefix) }
                }
            }
            // Ranked through FTS5, an entry costs about three times what the rebuild from the vocabulary spends on
            // it: once the touched words hold a third of the kept entries, all of them are computed again, that way.
            // (A 100k match touches nearly every common word: 14 s word by word, 5 s rebuilt.)
            let touchedEntries = touched.reduce(0) { $0 + (entries[$1] ?? 0) }
            if touchedEntries > 0, touchedEntries * 3 >= entries.values.reduce(0, +) { return try rebuildAll(db) }
            for prefix in touched.sorted() {
                try db.execute(sql: "DELETE FROM search_head WHERE prefix = ?", arguments: [prefix])
                if entries[prefix] != nil { try compute(db, prefix: prefix) }
            }
        }
        for category in categories.sorted() {
            try db.execute(sql: "DELETE FROM category_head WHERE category = ?", arguments: [category])
            let members = try Int.fetchOne(db, sql: "SELECT count(*) FROM entity_category WHERE category = ?", arguments: [category]) ?? 0
            if members >= threshold { try computeCategories(db, where: "c.category = ?", arguments: [category]) }
        }
    }

    /// What one directory write changes, noted before its rows go and after the new ones are in, so that the kept
    /// words and categories whose entries it touched are computed again (`apply`, in the same transaction).
    struct Change {
        private var terms: Set<String> = []
        private var categories: Set<String> = []
        private var everything = false

        init() {}

        /// Notes the terms and categories the views `condition` selects (on their id) hold now; past `largeChange`
        /// views, or a tenth of the directory (whose words are then nearly all touched), everything.
        mutating func note(_ db: Database, views condition: String, arguments: StatementArguments = [], count: Int) throws {
            guard !everything, count > 0 else { return }
            guard count <= largeChange, let tokenizer = IndexTokenizer.shared else {
                everything = true
                return
            }
            // The directory is counted only for a change large enough for the count to be worth its cost at 1M.
            if count > 1_000, try count * 10 > (Int.fetchOne(db, sql: "SELECT count(*) FROM entity_view") ?? 0) {
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
            categories.formUnion(try String.fetchAll(
                db, sql: "SELECT DISTINCT category FROM entity_category WHERE view_id \(condition)", arguments: arguments))
        }

        /// Everything computed again, as after a rebuild of the whole directory.
        mutating func noteEverything() { everything = true }

        func apply(_ db: Database) throws {
            // Rows written into a file not yet at v8-kept-members: that migration computes everything when it runs.
            guard try db.tableExists(Kind.category.table) else { return }
            if everything { try rebuildAll(db) } else { try refresh(db, terms: terms, categories: categories) }
        }
    }

    /// The terms of the index whose prefix range holds at least `threshold` entries and that the tokenizer leaves as
    /// they are (so the kept prefix is the one FTS5 searches when the word is typed).
    static func keptPrefixes(_ db: Database) throws -> [String] {
        try keptPrefixEntries(db).keys.sorted()
    }

    /// The kept prefixes, each with the entries under it (summed over its terms: an entry holding two of them counts
    /// twice, which is near enough to weigh work by).
    static func keptPrefixEntries(_ db: Database) throws -> [String: Int] {
        var terms: [String] = []
        var documents: [Int] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT term, doc FROM entity_fts_vocab")
        while let row = try rows.next() {
            terms.append(row[0])
            documents.append(row[1])
        }
        var entries: [String: Int] = [:]
        for (i, j) in try qualifying(terms: terms, documents: documents) { entries[terms[i]] = documents[i..<j].reduce(0, +) }
        return entries
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

    /// Ranks every entry under `prefix` as search does, through FTS5 (a few words after a small write; a rebuild works
    /// bm25 out itself, `rebuildFromVocabulary`).
    private static func compute(_ db: Database, prefix: String) throws {
        var matches: [(rank: Double, id: Int64, low: Int, high: Int, lon: Double?, lat: Double?)] = []
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT f.rowid, f.rank, v.min_level, v.max_level, v.lon, v.lat
                FROM (SELECT rowid, \(AssetMapStore.rankSQL) AS rank FROM entity_fts WHERE entity_fts MATCH ?) f
                JOIN entity_view v INDEXED BY entity_view_filter ON v.id = f.rowid
                """),
            arguments: [query(prefix)])
        while let row = try rows.next() { matches.append((row[1], row[0], row[2], row[3], row[4], row[5])) }
        matches.sort { ($0.rank, $0.id) < ($1.rank, $1.id) }
        var lists = Lists()
        for match in matches { lists.add(match.id, low: match.low, high: match.high, lon: match.lon, lat: match.lat) }
        try lists.write(db, .word, prefix)
    }

    /// Computes the categories `condition` selects (on `entity_category c`) in one ordered pass over their entries, in
    /// the order a browse gives (`AssetMapStore.search` without words: by name, then id).
    private static func computeCategories(_ db: Database, where condition: String, arguments: StatementArguments = []) throws {
        var current: String?
        var lists = Lists()
        let rows = try Row.fetchCursor(db, sql: """
            SELECT c.category, v.id, v.min_level, v.max_level, v.lon, v.lat
            FROM entity_category c JOIN entity_view v ON v.id = c.view_id
            WHERE \(condition) ORDER BY c.category, v.name COLLATE NOCASE, v.id
            """, arguments: arguments)
        while let row = try rows.next() {
            let category: String = row[0]
            if category != current {
                if let current { try lists.write(db, .category, current) }
                current = category
                lists = Lists()
            }
            lists.add(row[1], low: row[2], high: row[3], lon: row[4], lat: row[5])
        }
        if let current { try lists.write(db, .category, current) }
    }

    /// The `large` categories (of `threshold` entries or more), in the browse order `browseRanks` gives when there is
    /// one.
    private static func rebuildCategories(_ db: Database, _ large: [String], browseRanks: Pending<[Int32]>?) throws {
        guard !large.isEmpty else { return }
        try db.execute(sql: "DROP TABLE IF EXISTS temp.kept_category; CREATE TEMP TABLE kept_category (category TEXT PRIMARY KEY)")
        for category in large { try db.execute(sql: "INSERT INTO temp.kept_category VALUES (?)", arguments: [category]) }
        if let browseRanks {
            try rebuildCategoriesByRank(db, rank: browseRanks.wait())
        } else {
            try computeCategories(db, where: "c.category IN (SELECT category FROM temp.kept_category)")
        }
        try db.execute(sql: "DROP TABLE temp.kept_category")
    }

    /// The kept categories in `computeCategories`' order, from one sort of the directory by name instead of one per
    /// category (`BrowseOrder`): each category's members are ordered by their place in it. Joining 1.5M memberships to
    /// their rows and sorting them by name read each category's rows from all over the table (8 s at 1M, most of it
    /// page reads); the members' levels and points come from the narrow `entity_view_filter` instead.
    private static func rebuildCategoriesByRank(_ db: Database, rank: [Int32]) throws {
        var current: String?
        var members: [(rank: Int32, id: Int64, low: Int, high: Int, lon: Double?, lat: Double?)] = []
        func flush() throws {
            guard let category = current else { return }
            members.sort { $0.rank < $1.rank }
            var lists = Lists()
            for m in members { lists.add(m.id, low: m.low, high: m.high, lon: m.lon, lat: m.lat) }
            try lists.write(db, .category, category)
            members.removeAll(keepingCapacity: true)
        }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT c.category, v.id, v.min_level, v.max_level, v.lon, v.lat
            FROM temp.kept_category k JOIN entity_category c ON c.category = k.category
            JOIN entity_view v INDEXED BY entity_view_filter ON v.id = c.view_id
            ORDER BY c.category
            """)
        while let row = try rows.next() {
            let category: String = row[0]
            if category != current {
                try flush()
                current = category
            }
            let id: Int64 = row[1]
            members.append((rank[Int(id)], id, row[2], row[3], row[4], row[5]))
        }
        try flush()
    }
}

/// The browse order (`AssetMapStore.search` without words: name without case, then id), as each view's place in it.
///
/// SQLite sorting the directory by `name COLLATE NOCASE` took 2.4 s of a 1M match's writing, on the writer's thread;
/// the names read in 0.5 s, and are sorted here on the other core, by NOCASE's own rule (`nocaseOrder`).
enum BrowseOrder {
    /// Each view's place by id, worked out on another core from the names read now; nil, having read nothing, when the
    /// views' ids are too sparse for an array indexed by id.
    static func ranks(_ db: Database) throws -> Pending<[Int32]>? {
        let maxID = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM entity_view") ?? 0
        guard maxID < 50_000_000 else { return nil }
        var ids: [Int32] = []
        var starts: [Int] = [0]
        var bytes: [UInt8] = []
        try AssetMapStore.step(db.makeStatement(sql: "SELECT id, name FROM entity_view"), db, bind: { _ in }) { row in
            ids.append(Int32(sqlite3_column_int64(row, 0)))
            // Text first, then its length: SQLite's advice, since asking for the text may convert the value.
            if let text = sqlite3_column_text(row, 1) {
                bytes.append(contentsOf: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(row, 1))))
            }
            starts.append(bytes.count)
        }
        let names = Names(ids: ids, starts: starts, bytes: bytes)
        return Pending { names.ranks(size: Int(maxID) + 1) }
    }

    /// Names packed end to end, the i-th of view `ids[i]` at `bytes[starts[i]..<starts[i + 1]]`.
    struct Names: Sendable {
        var ids: [Int32]
        var starts: [Int]
        var bytes: [UInt8]

        func ranks(size: Int) -> [Int32] {
            var order = Array(ids.indices)
            bytes.withUnsafeBufferPointer { all in
                order.sort { i, j in
                    let a = UnsafeBufferPointer(rebasing: all[starts[i]..<starts[i + 1]])
                    let b = UnsafeBufferPointer(rebasing: all[starts[j]..<starts[j + 1]])
                    let c = BrowseOrder.nocaseOrder(a, b)
                    return c < 0 || (c == 0 && ids[i] < ids[j])
                }
            }
            var rank = [Int32](repeating: 0, count: size)
            for (place, i) in order.enumerated() { rank[Int(ids[i])] = Int32(place) }
            return rank
        }
    }

    /// SQLite's NOCASE collation (`nocaseCollatingFunc` over `sqlite3StrNICmp`, sqlite3.c): bytes compared with ASCII
    /// letters folded, up to the shorter length or a NUL in the first; then the shorter first. Negative, zero or
    /// positive as SQLite's.
    static func nocaseOrder(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        @inline(__always) func fold(_ byte: UInt8) -> Int { Int(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
        let n = min(a.count, b.count)
        var k = 0
        while k < n, a[k] != 0, fold(a[k]) == fold(b[k]) { k += 1 }
        let r = k == n ? 0 : fold(a[k]) - fold(b[k])
        return r != 0 ? r : a.count - b.count
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
