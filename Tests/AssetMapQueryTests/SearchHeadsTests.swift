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

    /// A list of `count` rows whose names and descriptions draw on a few common words, so that several of them pass
    /// `SearchHeads.threshold`; names repeat words and lengths vary, so bm25 has something to rank.
    static func list(count: Int, seed: UInt64, keyPrefix: String) -> String {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var lines = ["key,name,description,lat,lon"]
        for i in 0..<count {
            let nameWords = (0..<(1 + next(4))).map { _ in words[next(words.count)] }
            let name = ([places[next(places.count)]] + nameWords).joined(separator: " ").capitalized
            let description = (0..<next(12)).map { _ in next(3) == 0 ? words[next(words.count)] : "word\(next(50))" }.joined(separator: " ")
            lines.append("\(keyPrefix)\(i),\(name),\(description),\(53.40 + Double(next(1000)) / 10_000),\(-2.35 + Double(next(1000)) / 10_000)")
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
             "fields": {"name": "name", "description": "description", "lat": "lat", "lon": "lon"}}
            """.utf8))
        _ = try Importer(store: store).run(path: file.path, profile: profile)
    }

    /// Every kept word, its neighbours and a few others, on the first pages and past the kept depth, at every level:
    /// the kept answer against FTS5's own. Returns how many searches were answered from kept pages.
    @discardableResult
    static func expectSameAsFullText(_ store: AssetMapStore, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        try store.writer.read { db in
            let kept = try String.fetchAll(db, sql: "SELECT DISTINCT prefix FROM search_head ORDER BY prefix")
            #expect(!kept.isEmpty, "no word passed the threshold: the test exercises nothing", sourceLocation: sourceLocation)
            var answered = 0
            for word in Set(kept + words + words.map { String($0.prefix(4)) } + ["libraries", "Gardens", "zzz"]).sorted() {
                for level in Visibility.allCases {
                    for (page, perPage) in [(1, 20), (3, 7), (10, 20), (11, 20), (1, 1000)] {
                        let query = SearchQuery(text: word, page: page, perPage: perPage, visibility: level)
                        let kept = try AssetMapStore.searchKept(db, query, word: word)
                        let full = try AssetMapStore.search(db, query, match: SearchText.match([word], all: true))
                        guard let kept else { continue }
                        answered += 1
                        #expect(kept.total == full.total, "\(word) at level \(level) page \(page): total", sourceLocation: sourceLocation)
                        #expect(kept.results.map(\.id) == full.results.map(\.id), "\(word) at level \(level) page \(page): order", sourceLocation: sourceLocation)
                        if kept.results.map(\.id) == full.results.map(\.id) {
                            #expect(kept.results == full.results, "\(word): rows", sourceLocation: sourceLocation)
                        }
                    }
                }
            }
            // Nearest first: the walk outwards from a place, checked against the word's members, against FTS5's matches
            // ranked by distance. Inside the entries, at their edge, and far away (the circle must widen a long way).
            var nearAnswered = 0
            for word in kept + ["Gardens"] {
                for place in [Coordinate(lat: 53.45, lon: -2.30), Coordinate(lat: 53.40, lon: -2.35), Coordinate(lat: 51.5, lon: -0.12)] {
                    for level in Visibility.allCases {
                        for (page, perPage) in [(1, 20), (4, 9), (1, 500)] {
                            let query = SearchQuery(text: word, near: place, page: page, perPage: perPage, visibility: level)
                            let kept = try AssetMapStore.searchKept(db, query, word: word)
                            let full = try AssetMapStore.search(db, query, match: SearchText.match([word], all: true))
                            guard let kept else { continue }
                            nearAnswered += 1
                            #expect(kept.total == full.total, "\(word) near \(place) at level \(level): total", sourceLocation: sourceLocation)
                            #expect(kept.results.map(\.id) == full.results.map(\.id), "\(word) near \(place) at level \(level) page \(page)", sourceLocation: sourceLocation)
                            if kept.results.map(\.id) == full.results.map(\.id) {
                                #expect(kept.results == full.results, "\(word) near \(place): rows", sourceLocation: sourceLocation)
                            }
                        }
                    }
                }
            }
            #expect(nearAnswered > 0, "no search near a place was answered by walking outwards", sourceLocation: sourceLocation)
            return answered + nearAnswered
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
            try Row.fetchAll(db, sql: "SELECT a.entity_id, b.entity_id FROM record a JOIN record b ON b.id = a.id + 1500 LIMIT 40")
                .map { ($0[0] as Int64, $0[1] as Int64) }
        }
        try store.writer.write { db in
            for (a, b) in pairs { try db.execute(sql: "UPDATE record SET entity_id = ? WHERE entity_id = ?", arguments: [a, b]) }
            try AssetMapStore.refreshEntities(db, ids: pairs.flatMap { [$0.0, $0.1] })
        }
        try Self.expectSameAsFullText(store)

        try store.removeSource(named: "estate")
        try Self.expectSameAsFullText(store)
        try store.refreshEntities(nil)
        try Self.expectSameAsFullText(store)
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
