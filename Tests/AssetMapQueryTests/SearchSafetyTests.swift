import AssetMapCore
import AssetMapIngest
import AssetMapQuery
import AssetMapStore
import Foundation
import Testing

/// Small fixtures in an in-memory store: whatever people type never reaches FTS5 or SQL as syntax, and
/// `--radius` is a true (ellipsoidal) distance at the edge.
@Suite("Search safety and edges")
struct SearchSafetyTests {
    static let origin = Coordinate(lat: 53.444641, lon: -2.313809)

    static func store(rows: [(key: String, name: String, description: String, lat: Double, lon: Double)]) throws -> AssetMapStore {
        let store = try AssetMapStore.inMemory()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-qsafety-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let postcodes = folder.appendingPathComponent("postcodes.csv")
        try Data("postcode,lat,lon\nM32 9AF,\(origin.lat),\(origin.lon)\nM33 7AB,53.42,-2.32\n".utf8).write(to: postcodes)
        _ = try PostcodeFile(path: postcodes.path).load(into: store)
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let csv = "key,name,description,lat,lon\n" + rows.map { [q($0.key), q($0.name), q($0.description), String($0.lat), String($0.lon)].joined(separator: ",") }.joined(separator: "\n") + "\n"
        let list = folder.appendingPathComponent("halls.csv")
        try Data(csv.utf8).write(to: list)
        let profile = try ImportProfile.parse(Data("""
            {"source": {"name": "halls", "title": "Halls", "publisher": "Test", "licence": "OGL-3.0", "sharing": "open", "trust": 0.5, "as_of": "2024-01-01"},
             "kind": "place", "key": "key",
             "fields": {"name": "name", "description": "description", "lat": "lat", "lon": "lon"},
             "set": {"categories": "community centre"}}
            """.utf8))
        _ = try Importer(store: store).run(path: list.path, profile: profile)
        return store
    }

    static let hostile: [String] = [
        "\"", "\"\"", "\"library", "*", "**", "^", "-", "+", ":", "(", ")", "NEAR(", "NEAR(a b", "NEAR(library, 2)",
        "a OR b", "OR", "AND", "NOT", "a AND NOT b", "name:library", "{name}: hall", "library*", "lib*rary", "'", "''",
        "'; DROP TABLE record; --", "\"; DROP TABLE entity_fts; --", "%", "_", "\\", "\u{0}", "hall\u{0}hall", "\t\n\r",
        "🏛️", "🍞 bank", "👩‍👩‍👧‍👦", "ﬁsh", "İstanbul", "e\u{301}glise", "Ünïcödé", "日本語", "مكتبة", "Ⅻ", "x²",
        String(repeating: "a", count: 10_000), String(repeating: "library ", count: 1_250), String(repeating: "\"*( ", count: 2_500),
        String(repeating: "é", count: 10_000), String(repeating: "🙂", count: 10_000),
        (0..<2_000).map { _ in "abcdefghijklmnopqrstuvwxyz\"*():^-".randomElement()! }.map(String.init).joined(),
    ]

    @Test func hostileTextNeverThrowsAnUnexpectedErrorOrCrashes() throws {
        let store = try Self.store(rows: [
            ("1", "Stretford Library", "Books, computers and a café", Self.origin.lat, Self.origin.lon),
            ("2", "Sale Community Hall", "A hall for hire; NEAR the \"station\"", 53.42, -2.32),
            ("3", "Drop Table Club", "Table tennis; OR and AND are words here", 53.43, -2.30),
        ])
        let directory = Directory(store: store)
        for text in Self.hostile {
            for query in [
                SearchQuery(text: text), SearchQuery(text: text, near: Self.origin), SearchQuery(text: text, near: Self.origin, radius: 5000),
                SearchQuery(text: text, category: text), SearchQuery(text: text, kind: .place, page: 2, perPage: 1),
            ] {
                do {
                    let page = try directory.search(query)
                    #expect(page.results.count <= query.perPage)
                    #expect(page.total >= page.results.count || query.page > 1)
                } catch {
                    Issue.record("\(text.prefix(40).debugDescription) (\(text.count) characters): \(error)")
                }
            }
        }
        // The database is untouched by anything typed.
        #expect(try directory.search(SearchQuery()).total == 3)
        #expect(try directory.search(SearchQuery(text: "drop table")).results.first?.name == "Drop Table Club")
        #expect(try directory.search(SearchQuery(text: "OR")).total >= 0)
    }

    @Test func badParametersAreCleanErrors() throws {
        let store = try Self.store(rows: [("1", "Stretford Library", "Books", Self.origin.lat, Self.origin.lon)])
        let directory = Directory(store: store)
        for query in [
            SearchQuery(text: "x", page: 0), SearchQuery(text: "x", perPage: 0), SearchQuery(text: "x", perPage: 1_000_001),
            SearchQuery(near: Self.origin, radius: -1), SearchQuery(near: Self.origin, radius: .nan), SearchQuery(near: Self.origin, radius: .infinity),
        ] {
            #expect(throws: (any Error).self, "\(query)") { try directory.search(query) }
        }
        for text in ["", "not a postcode", "ZZ99 9ZZ", "91,200", "NaN,NaN", "53.4", ",", "inf,inf"] {
            #expect(throws: (any Error).self, "near '\(text)'") { try directory.resolveNear(text) }
        }
        // A page far past the end is empty, with the total, not an error.
        let far = try directory.search(SearchQuery(text: "library", page: 1_000_000, perPage: 1000))
        #expect(far.results.isEmpty && far.total == 1)
    }

    /// `page` comes straight from `?page=` and `--page`: a huge one must be an empty page or a clean error, not a trap
    /// on `(page - 1) * perPage` overflowing.
    @Test func hugePageNumbersDoNotCrash() async {
        await #expect(processExitsWith: .success) {
            let store = try! SearchSafetyTests.store(rows: [("1", "Stretford Library", "Books", 53.444641, -2.313809)])
            let directory = Directory(store: store)
            _ = try? directory.search(SearchQuery(text: "library", page: Int.max, perPage: 1000))
            _ = try? directory.search(SearchQuery(text: "library", near: Coordinate(lat: 53.44, lon: -2.31), page: Int.max / 2, perPage: 20))
            _ = try? directory.search(SearchQuery(page: Int.max, perPage: 2))
        }
    }

    /// A point `metres` from the origin due east or north, by bisection on the tests' own Vincenty.
    static func point(_ metres: Double, east: Bool) -> Coordinate {
        var lo = 0.0, hi = 0.1
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            let p = east ? Coordinate(lat: origin.lat, lon: origin.lon + mid) : Coordinate(lat: origin.lat + mid, lon: origin.lon)
            if Geodesy.vincenty(origin, p) < metres { lo = mid } else { hi = mid }
        }
        return east ? Coordinate(lat: origin.lat, lon: origin.lon + lo) : Coordinate(lat: origin.lat + lo, lon: origin.lon)
    }

    @Test func radiusIsATrueDistanceAtTheEdge() throws {
        let cases: [(name: String, metres: Double, east: Bool)] = [
            ("East 1995", 1_995, true), ("East 2003", 2_003, true), ("East 2008", 2_008, true),
            ("North 1996", 1_996, false), ("North 1999", 1_999.5, false), ("North 2004", 2_004, false),
        ]
        let store = try Self.store(rows: cases.enumerated().map { i, c in
            let p = Self.point(c.metres, east: c.east)
            return (String(i), c.name, "edge", p.lat, p.lon)
        })
        let page = try Directory(store: store).search(SearchQuery(near: Self.origin, radius: 2_000, perPage: 100))
        for hit in page.results {
            #expect((hit.distanceM ?? .infinity) <= 2_000, "\(hit.name) returned at \(hit.distanceM ?? -1) m for a 2,000 m radius")
        }
        #expect(Set(page.results.map(\.name)) == ["East 1995", "North 1996", "North 1999"], "got \(page.results.map { "\($0.name) \($0.distanceM ?? -1)" })")
        #expect(page.total == page.results.count)
        for hit in page.results {
            let c = try #require(cases.first { $0.name == hit.name })
            #expect(abs((hit.distanceM ?? 0) - c.metres) < 0.2, "\(hit.name): \(hit.distanceM ?? -1) m, true \(c.metres) m")
        }
    }
}
