import AssetMapCore
import Foundation
import GRDB
import GRDBSQLite

extension SearchHeads {
    /// Every kept word computed in one pass over the index's instance vocabulary, with FTS5's bm25 worked out here.
    ///
    /// Asking FTS5 word by word scores every entry under every kept prefix through `bm25()`: 35M scorings at 1M
    /// entities, 95 s. The same figures are in the index's instance vocabulary (which term is in which column of which
    /// row), read once in about 2 s, so the score is computed here with bm25's own formula and constants
    /// (ext/fts5/fts5_aux.c, `fts5Bm25Function`), in its order of operations so that the doubles are the ones FTS5
    /// gives. `SearchHeadsTests` compares the result with FTS5's ranking after a rebuild.
    ///
    /// Returns false, having written nothing, when the views' ids are too sparse for arrays indexed by id.
    static func rebuildFromVocabulary(_ db: Database) throws -> Bool {
        let maxID = try Int64.fetchOne(db, sql: "SELECT max(max(coalesce((SELECT max(id) FROM entity_view), 0), coalesce((SELECT max(rowid) FROM entity_fts_docsize), 0)), 0)") ?? 0
        guard maxID < 50_000_000 else { return false }
        let size = Int(maxID) + 1

        let views = try ViewPlaces(db, size: size)
        let vocabulary = try InstanceVocabulary(db, size: size)
        let rowCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM entity_fts_docsize") ?? 0
        guard rowCount > 0 else { return true }
        let averageLength = Double(vocabulary.tokenTotal) / Double(rowCount)

        // The lists of a run of kept prefixes, worked out apart from the database.
        @Sendable func lists(_ ranges: ArraySlice<(Int, Int)>) -> [(prefix: String, lists: Lists)] {
            var weight = [Double](repeating: 0, count: size)
            var touched: [Int32] = []
            var done: [(prefix: String, lists: Lists)] = []
            for (index, end) in ranges {
                // Each row's phrase frequency for the prefix: the column weights of its instances over the prefix's terms.
                touched.removeAll(keepingCapacity: true)
                for term in index..<end {
                    for posting in vocabulary.termStart[term]..<vocabulary.termStart[term + 1] {
                        let row = Int(vocabulary.postingRow[posting])
                        if weight[row] == 0 { touched.append(Int32(row)) }
                        weight[row] += Double(vocabulary.postingWeight[posting])
                    }
                }
                let hits = touched.count
                // As fts5Bm25Function: a word in more than half the rows scores as if almost absent, not negatively.
                let logOdds = log((Double(rowCount - hits) + 0.5) / (Double(hits) + 0.5))
                let idf = logOdds <= 0 ? 1e-6 : logOdds
                var best = [RankedHeap](repeating: RankedHeap(), count: 3)
                var lists = Lists()
                touched.sort()
                for row in touched {
                    let id = Int(row)
                    let frequency = weight[id]
                    weight[id] = 0
                    let low = Int(views.minLevel[id]), high = min(Int(views.maxLevel[id]), 2)
                    guard low >= 0, low <= high else { continue }
                    let length = Double(vocabulary.rowTokens[id])
                    // fts5Bm25Function: score += idf * ((f * (k1 + 1)) / (f + k1 * (1 - b + b * D / avgdl))); rank = -score.
                    let score = 0.0 + idf * ((frequency * (1.2 + 1.0)) / (frequency + 1.2 * (1 - 0.75 + 0.75 * length / averageLength)))
                    let rank = -1.0 * score
                    for level in low...high { best[level].offer(rank: rank, id: Int64(id)) }
                    let located = !views.lon[id].isNaN
                    lists.add(
                        Int64(id), low: low, high: high, lon: located ? Double(views.lon[id]) : nil, lat: located ? Double(views.lat[id]) : nil,
                        ranking: false)
                }
                lists.ranked = best.map { $0.ascending() }
                done.append((vocabulary.terms[index], lists))
            }
            return done
        }
        // Runs of about 250,000 postings (some tens of MB of lists each) are worked out on the other core while the run
        // before is written.
        var runs: [ArraySlice<(Int, Int)>] = []
        let ranges = try vocabulary.keptRanges()
        var runStart = 0, postings = 0
        for (i, (index, end)) in ranges.enumerated() {
            postings += vocabulary.termStart[end] - vocabulary.termStart[index]
            if postings >= 250_000 || i == ranges.count - 1 {
                runs.append(ranges[runStart...i])
                runStart = i + 1
                postings = 0
            }
        }
        var remaining = runs.makeIterator()
        try Pending.pipeline(
            next: { remaining.next() }, prepare: lists,
            consume: { _, done in for (prefix, lists) in done { try lists.write(db, .word, prefix) } })
        return true
    }

    /// Reader levels (-1: no row, as the join in `compute` leaves it out) and points (as Float, NaN for none, as
    /// `Lists` keeps them) of every directory row, by id.
    private struct ViewPlaces {
        var minLevel: [Int8]
        var maxLevel: [Int8]
        var lon: [Float]
        var lat: [Float]

        init(_ db: Database, size: Int) throws {
            minLevel = [Int8](repeating: -1, count: size)
            maxLevel = [Int8](repeating: -1, count: size)
            lon = [Float](repeating: .nan, count: size)
            lat = [Float](repeating: .nan, count: size)
            // Through SQLite's C API: GRDB's rows box each of a million rows' five values.
            let views = try db.makeStatement(sql: "SELECT id, min_level, max_level, lon, lat FROM entity_view INDEXED BY entity_view_filter")
            try AssetMapStore.step(views, db, bind: { _ in }) { [size] row in
                let id = Int(sqlite3_column_int64(row, 0))
                guard id >= 0, id < size else { throw DatabaseError(message: "entity_view row \(id) past the views' largest id") }
                minLevel[id] = Int8(clamping: sqlite3_column_int64(row, 1))
                maxLevel[id] = Int8(clamping: sqlite3_column_int64(row, 2))
                if sqlite3_column_type(row, 3) != SQLITE_NULL, sqlite3_column_type(row, 4) != SQLITE_NULL {
                    lon[id] = Float(sqlite3_column_double(row, 3))
                    lat[id] = Float(sqlite3_column_double(row, 4))
                }
            }
        }
    }

    /// The `depth` best (lowest rank, then lowest id) of many offers: a max-heap on (rank, id) of at most `depth`.
    struct RankedHeap {
        private var items: [(rank: Double, id: Int64)] = []

        private static func before(_ a: (rank: Double, id: Int64), _ b: (rank: Double, id: Int64)) -> Bool {
            a.rank < b.rank || (a.rank == b.rank && a.id < b.id)
        }

        mutating func offer(rank: Double, id: Int64) {
            let item = (rank: rank, id: id)
            if items.count < SearchHeads.depth {
                items.append(item)
                var child = items.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard Self.before(items[parent], items[child]) else { break }
                    items.swapAt(parent, child)
                    child = parent
                }
            } else if Self.before(item, items[0]) {
                items[0] = item
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var largest = parent
                    if left < items.count, Self.before(items[largest], items[left]) { largest = left }
                    if right < items.count, Self.before(items[largest], items[right]) { largest = right }
                    if largest == parent { break }
                    items.swapAt(parent, largest)
                    parent = largest
                }
            }
        }

        func ascending() -> [Int64] { items.sorted(by: Self.before).map(\.id) }
    }

    /// The index's terms with, for each, the rows holding it and the summed column weights of its instances in each.
    private struct InstanceVocabulary {
        var terms: [String] = []
        /// Postings of term i are termStart[i]..<termStart[i + 1].
        var termStart: [Int] = []
        var postingRow: [Int32] = []
        var postingWeight: [Float] = []
        /// Tokens per row (FTS5's D: every token is one instance) and in all (avgdl's numerator).
        var rowTokens: [Int32]
        var tokenTotal = 0
        /// `keptRanges`, being chosen.
        private var kept: Pending<Result<[(Int, Int)], any Error>>

        init(_ db: Database, size: Int) throws {
            rowTokens = [Int32](repeating: 0, count: size)
            // The terms with their instance counts from the row vocabulary, then the instances without their term, in
            // the same order: asking the instance vocabulary for each instance's term copied the text 16.6M times at
            // 1M entities (14 s for the pass, now 6).
            var instances: [Int] = []
            var documents: [Int] = []
            let vocabulary = try Row.fetchCursor(db, sql: "SELECT term, doc, cnt FROM entity_fts_vocab")
            while let row = try vocabulary.next() {
                terms.append(row[0])
                documents.append(row[1])
                instances.append(row[2])
            }
            // The kept prefixes need only the rows holding each term: chosen on the other core while the instances
            // are read here (asking the tokenizer about each candidate took about a second at 1M).
            let candidates = terms
            kept = Pending { [documents] in Result { try SearchHeads.qualifying(terms: candidates, documents: documents) } }
            try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.entity_fts_instance USING fts5vocab(main, entity_fts, instance)")
            // Column weights by the column name, compared as bytes, so no String is made per instance.
            let columns = AssetMapStore.rankColumns.map { (bytes: Array($0.column.utf8), weight: Float($0.weight)) }
            let statement = try db.makeStatement(sql: "SELECT doc, col FROM temp.entity_fts_instance")
            let handle = statement.sqliteStatement
            var term = -1
            var left = 0
            var lastRow: Int64 = -1
            func disagree() -> DatabaseError {
                DatabaseError(message: "entity_fts's row and instance vocabularies disagree at term \(term) of \(terms.count)")
            }
            while true {
                let status = sqlite3_step(handle)
                if status == SQLITE_DONE { break }
                guard status == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: status), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                while left == 0 {
                    term += 1
                    guard term < terms.count else { throw disagree() }
                    termStart.append(postingRow.count)
                    left = instances[term]
                    lastRow = -1
                }
                left -= 1
                let row = sqlite3_column_int64(handle, 0)
                let columnLength = Int(sqlite3_column_bytes(handle, 1))
                let column = UnsafeRawPointer(sqlite3_column_text(handle, 1))
                guard let column, let weight = columns.first(where: { $0.bytes.count == columnLength && memcmp($0.bytes, column, columnLength) == 0 })?.weight else {
                    let name = column.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: columnLength), as: UTF8.self) } ?? ""
                    throw DatabaseError(message: "entity_fts has a column search does not weigh: \(name)")
                }
                guard row >= 0, row < Int64(rowTokens.count) else { throw DatabaseError(message: "entity_fts row \(row) past the views' ids") }
                rowTokens[Int(row)] += 1
                tokenTotal += 1
                if row == lastRow {
                    postingWeight[postingWeight.count - 1] += weight
                } else {
                    postingRow.append(Int32(row))
                    postingWeight.append(weight)
                    lastRow = row
                }
            }
            guard left == 0, instances[(term + 1)...].allSatisfy({ $0 == 0 }) else { throw disagree() }
            // Terms with no instance left (every holder deleted) keep an empty range.
            while termStart.count < terms.count { termStart.append(postingRow.count) }
            termStart.append(postingRow.count)
        }

        /// The kept prefixes as ranges of terms: each term whose range (it and the terms after it that start with it)
        /// holds `threshold` entries, as `keptPrefixes` chooses them from the row vocabulary. Asked once (it waits for
        /// the other core's answer, which is handed over once).
        func keptRanges() throws -> [(Int, Int)] {
            try kept.wait().get()
        }
    }
}
