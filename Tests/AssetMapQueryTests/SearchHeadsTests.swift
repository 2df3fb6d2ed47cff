import AssetMapCore
import AssetMapIngest
@testable import AssetMapStore
import Foundation
import GRDB
import Testing

/// The kept first pages of common words (`SearchHeads`) must answer exactly as FTS5 does: the same total, the same
/// entries in the same order, for every reader level, after imports, re-imports, merges and removals.
@Suite("Search: common words kept ahead")
struct SearchHeadsTests {
    static let words = ["community", "centre", "youth", "garden", "friends", "sports", "club", "library", "hall", "trust"]
    static let places = ["Ashby", "Brook", "Calder", "Dunham", "Eccles", "Flixton", "Gorse", "Hale"]

    static let categories = ["youth", "sport", "community centre", "food bank"]

    /// A list of `count` rows whose names and descriptions draw on a few common words, so that several of them pass
    /// `SearchHeads.threshold`; names repeat words and lengths vary, so bm25 has something to rank. Categories are
    /// few, so they pass it too, and one row in six has no point.
    static func list(count: Int, seed: UInt64, keyPrefix: String) -> String {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var lines = ["key,name,description,categories,lat,lon"]
        for i in 0..<count {
            let nameWords = (0..<(1 + next(4))).map { _ in words[next(words.count)] }
            let name = ([places[next(places.count)]] + nameWords).joined(separator: " ").capitalized
            let description = (0..<next(12)).map { _ in next(3) == 0 ? words[next(words.count)] : "word\(next(50))" }.joined(separator: " ")
            let rowCategories = (0..<(1 + next(2))).map { _ in categories[next(categories.count)] }.joined(separator: ";")
            let point = next(6) == 0 ? "," : "\(53.40 + Double(next(1000)) / 10_000),\(-2.35 + Double(next(1000)) / 10_000)"
            lines.append("\(keyPrefix)\(i),\(name),\(description),\(rowCategories),\(point)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func importList(_ store: AssetMapStore, name: String, sharing: String, csv: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-heads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("\(name).csv")
        try Data(csv.utf8).write(to: file)
        let profile = try ImportProfile.parse(Data("""
            {"source": {"name": "\(name)", "title": "\(name)", "publisher": "Test", "licence": "OGL-3.0", "sharing": "\(sharing)", "trust": 0.5, "as_of": "2024-01-01"},
             "kind": "organisation", "key": "key",
             "fields": {"name": "name", "description": "description", "categories": "categories", "lat": "lat", "lon": "lon"}}
            """.utf8))
        _ = try Importer(store: store).run(path: file.path, profile: profile)
    }

    /// Pages asked of each key: first pages, a short page, the last kept page, the one past it, and one long page.
    static let pages = [(1, 20), (3, 7), (10, 20), (11, 20), (1, 1000)]
    static let nearPages = [(1, 20), (4, 9), (1, 500)]
    /// Inside the entries, at their edge, and far away (the circle must widen a long way).
    static let nearPlaces = [Coordinate(lat: 53.45, lon: -2.30), Coordinate(lat: 53.40, lon: -2.35), Coordinate(lat: 51.5, lon: -0.12)]

    /// The kept answer against SQL's own, for every level and page, by name or relevance and nearest first. Returns
    /// how many searches were answered from kept pages, apart and near a place.
    static func expectSame(
        _ db: Database, keys: [String], label: String, sourceLocation: SourceLocation,
        kept: (SearchQuery) throws -> SearchPage?, full: (SearchQuery) throws -> SearchPage, query: (String) -> SearchQuery
    ) throws -> (apart: Int, near: Int) {
        var answered = (apart: 0, near: 0)
        for (index, key) in keys.enumerated() {
            for level in Visibility.allCases {
                // Near a place for every third key at each level in turn: ranking every FTS5 match by distance for
                // all of them made this test take two minutes.
                let places = (index + level.rawValue) % 3 == 0 ? nearPlaces : []
                for place in [nil] + places.map(Optional.some) {
                    for (page, perPage) in place == nil ? pages : nearPages {
                        var search = query(key)
                        search.near = place
                        search.page = page
                        search.perPage = perPage
                        search.visibility = level
                        guard let kept = try kept(search) else { continue }
                        let full = try full(search)
                        if place == nil { answered.apart += 1 } else { answered.near += 1 }
                        let what = "\(label) \(key) at level \(level), page \(page) of \(perPage)\(place.map { " near \($0)" } ?? "")"
                        #expect(kept.total == full.total, "\(what): total", sourceLocation: sourceLocation)
                        #expect(kept.results.map(\.id) == full.results.map(\.id), "\(what): order", sourceLocation: sourceLocation)
                        if kept.results.map(\.id) == full.results.map(\.id) {
                            #expect(kept.results == full.results, "\(what): rows", sourceLocation: sourceLocation)
                        }
                    }
                }
            }
        }
        return answered
    }

    /// Every kept word and category, their neighbours and a few others, against FTS5's and SQL's own answers.
    /// Returns how many searches were answered from kept pages.
    @discardableResult
    static func expectSameAsFullText(_ store: AssetMapStore, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        try store.writer.read { db in
            let keptWords = try String.fetchAll(db, sql: "SELECT DISTINCT prefix FROM search_head ORDER BY prefix")
            #expect(!keptWords.isEmpty, "no word passed the threshold: the test exercises nothing", sourceLocation: sourceLocation)
            let wordKeys = Set(keptWords + words + words.map { String($0.prefix(4)) } + ["libraries", "Gardens", "zzz"]).sorted()
            let byWord = try expectSame(
                db, keys: wordKeys, label: "word", sourceLocation: sourceLocation,
                kept: { try AssetMapStore.searchKept(db, $0, word: $0.text) },
                full: { try AssetMapStore.search(db, $0, match: SearchText.match([$0.text ?? ""], all: true)) },
                query: { SearchQuery(text: $0) })
            // The same near a place without the kept Float points: walking outwards, or reading each member's point.
            let withoutPoints = try expectSame(
                db, keys: wordKeys, label: "word (no kept points)", sourceLocation: sourceLocation,
                kept: { query in
                    guard let near = query.near, let word = query.text, word.count >= 3,
                        let tokens = try IndexTokenizer.shared?.tokens(ofWord: word), tokens.count == 1,
                        var head = try SearchHeads.head(db, .word, tokens[0], level: query.visibility.rawValue, members: true)
                    else { return nil }
                    #expect(head.points != nil || head.members.count > SearchHeads.pointsKept, sourceLocation: sourceLocation)
                    head.points = nil
                    return try AssetMapStore.keptNear(db, query, near: near, head: head)
                },
                full: { try AssetMapStore.search(db, $0, match: SearchText.match([$0.text ?? ""], all: true)) },
                query: { SearchQuery(text: $0) })
            let keptCategories = try String.fetchAll(db, sql: "SELECT DISTINCT category FROM category_head ORDER BY category")
            #expect(!keptCategories.isEmpty, "no category passed the threshold", sourceLocation: sourceLocation)
            let byCategory = try expectSame(
                db, keys: Set(keptCategories + ["sports", "Community Centres", "libraries", "none such"]).sorted(), label: "category",
                sourceLocation: sourceLocation,
                kept: { try AssetMapStore.searchKeptCategory(db, $0, forms: SearchText.categoryForms(of: $0.category, presentIn: db)) },
                full: { try AssetMapStore.search(db, $0, match: nil, kept: false) },
                query: { SearchQuery(category: $0) })
            for (what, count) in [("words", byWord.apart), ("words near a place", byWord.near),
                                  ("words near a place without kept points", withoutPoints.near), ("categories", byCategory.apart),
                                  ("categories near a place", byCategory.near)] {
                #expect(count > 0, "no search of \(what) was answered from kept pages", sourceLocation: sourceLocation)
            }
            return byWord.apart + byWord.near + withoutPoints.near + byCategory.apart + byCategory.near
        }
    }

    @Test func keptPagesAnswerAsFullTextDoesThroughImportsAndRemovals() throws {
        let store = try AssetMapStore.inMemory()
        try Self.importList(store, name: "groups", sharing: "open", csv: Self.list(count: 1_500, seed: 1, keyPrefix: "g"))
        try Self.importList(store, name: "estate", sharing: "partners", csv: Self.list(count: 700, seed: 2, keyPrefix: "e"))
        let first = try Self.expectSameAsFullText(store)
        #expect(first > 100)

        // A re-import that changes some rows and withdraws others: only the touched words are computed again.
        var changed = Self.list(count: 1_200, seed: 1, keyPrefix: "g").split(separator: "\n").map(String.init)
        changed[5] = "g4,Zebracorn Community Garden,renamed,53.41,-2.34"
        try Self.importList(store, name: "groups", sharing: "open", csv: changed.joined(separator: "\n") + "\n")
        try Self.expectSameAsFullText(store)

        // Merging records changes which entries exist at which level.
        let pairs = try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT a.entity_id, b.entity_id FROM record_entity a JOIN record_entity b ON b.record_id = a.record_id + 1500 LIMIT 40")
                .map { ($0[0] as Int64, $0[1] as Int64) }
        }
        try store.writer.write { db in
            for (a, b) in pairs { try db.execute(sql: "UPDATE record_entity SET entity_id = ? WHERE entity_id = ?", arguments: [a, b]) }
            try AssetMapStore.refreshEntities(db, ids: pairs.flatMap { [$0.0, $0.1] })
        }
        try Self.expectSameAsFullText(store)

        try store.removeSource(named: "estate")
        try Self.expectSameAsFullText(store)
        try store.refreshEntities(nil)
        try Self.expectSameAsFullText(store)
    }

    /// The categories' browse order is sorted in Swift: it must be SQLite's `ORDER BY name COLLATE NOCASE, id` exactly,
    /// with letters of both cases, the ASCII signs between "Z" and "a", accented letters, prefixes and repeats.
    @Test func browseOrderIsSQLitesNocaseOrder() throws {
        let pieces = ["a", "A", "b", "B", "z", "Z", "[", "_", "`", "{", "é", "É", " ", "0", "9", "St ", "st ", "ß", "~"]
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let names = (0..<3_000).map { _ in (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined() }
        // Ids out of order and with gaps, as a directory's are after merges.
        let ids = names.indices.map { Int32(($0 * 7_919) % 3_001 + 1) }
        let queue = try DatabaseQueue()
        let expected = try queue.write { db in
            try db.execute(sql: "CREATE TABLE v (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
            for (id, name) in zip(ids, names) { try db.execute(sql: "INSERT INTO v VALUES (?, ?)", arguments: [id, name]) }
            return try Int32.fetchAll(db, sql: "SELECT id FROM v ORDER BY name COLLATE NOCASE, id")
        }
        var starts = [0], bytes: [UInt8] = []
        for name in names {
            bytes.append(contentsOf: Array(name.utf8))
            starts.append(bytes.count)
        }
        let rank = BrowseOrder.Names(ids: ids, starts: starts, bytes: bytes).ranks(size: 3_002)
        let order = ids.sorted { rank[Int($0)] < rank[Int($1)] }
        try #require(order.count == expected.count)
        let first = order.indices.first { order[$0] != expected[$0] }
        #expect(first == nil,
                "first difference at place \(first ?? -1): \(first.map { names[ids.firstIndex(of: order[$0])!] } ?? "") before \(first.map { names[ids.firstIndex(of: expected[$0])!] } ?? "")")
        #expect(Set(ids.map { rank[Int($0)] }).count == ids.count)
    }

    @Test func theTokenizerIsTheIndexs() throws {
        let store = try AssetMapStore.inMemory()
        let sql = try store.writer.read { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'entity_fts'") }
        #expect(sql?.contains("tokenize = '\(IndexTokenizer.tokenizer)'") == true, "\(sql ?? "no entity_fts")")
        let tokenizer = try #require(IndexTokenizer.shared)
        #expect(try tokenizer.tokens(ofWord: "Libraries") == ["librari"])
        #expect(try tokenizer.tokens(ofWord: "Église") == ["eglis"])
        #expect(try tokenizer.tokens(ofWord: "o'neill").count == 2)
    }
}
