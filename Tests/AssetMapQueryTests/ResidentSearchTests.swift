import AssetMapCore
import AssetMapIngest
import AssetMapQuery
import AssetMapStore
import Foundation
import Testing

/// Residents' questions on the real borough, through `Directory`, each checked against an answer computed
/// independently from the pack's raw files (postcode table, list rows) with the tests' own geodesy.
@Suite("Resident search on the real borough")
struct ResidentSearchTests {
    static func libraries() throws -> [(name: String, point: Coordinate)] {
        try TestCSV.rows(file: QPaths.list("libraries.csv")).map { ($0["name"]!, Coordinate(lat: Double($0["lat"]!)!, lon: Double($0["lon"]!)!)) }
    }

    static func collapse(_ s: String) -> String {
        s.replacingOccurrences(of: "\u{00A0}", with: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    // MARK: "the nearest library to WA15 9NT"

    @Test(arguments: ["WA15 9NT", "wa159nt", "  Wa15   9nT "])
    func nearestLibraryIsHaleWithATrueDistance(_ typed: String) async throws {
        let b = try await Borough.get()
        let origin = try #require(PostcodeTable.points["WA15 9NT"])
        let near = try b.directory.resolveNear(typed)
        #expect(abs(near.lat - origin.lat) < 1e-9 && abs(near.lon - origin.lon) < 1e-9, "\(typed) resolved to \(near)")
        let page = try b.directory.search(SearchQuery(text: "library", near: near, perPage: 5))
        let first = try #require(page.results.first, "no library near \(typed)")
        let expected = try #require(try Self.libraries().min { Geodesy.vincenty(origin, $0.point) < Geodesy.vincenty(origin, $1.point) })
        #expect(expected.name == "Hale Library", "independent nearest: \(expected.name)")
        #expect(first.name == "Hale Library", "first: \(page.results.map(\.name))")
        #expect(close(first.distanceM, Geodesy.vincenty(origin, expected.point)),
                "Hale Library distance \(first.distanceM ?? -1) m, independent Vincenty \(Geodesy.vincenty(origin, expected.point)) m")
        // Every result: a library, nearest first, with its true (ellipsoidal) distance to its own point.
        let raw = Dictionary(try Self.libraries().map { ($0.name, $0.point) }, uniquingKeysWith: { a, _ in a })
        var previous = -1.0
        for hit in page.results {
            #expect(hit.categories.contains("library"), "\(hit.name) \(hit.categories)")
            let d = try #require(hit.distanceM, "\(hit.name) has no distance")
            #expect(d >= previous, "not nearest first at \(hit.name)")
            previous = d
            if let p = raw[hit.name] {
                #expect(close(d, Geodesy.vincenty(origin, p)), "\(hit.name): \(d) m vs Vincenty \(Geodesy.vincenty(origin, p)) m")
            }
            let own = Coordinate(lat: try #require(hit.lat), lon: try #require(hit.lon))
            #expect(close(d, Geodesy.vincenty(origin, own)), "\(hit.name): \(d) m vs Vincenty to its own point \(Geodesy.vincenty(origin, own))")
        }
        #expect(page.results.map(\.name).prefix(2) == ["Hale Library", "Altrincham Library"])
    }

    @Test func nearestLibraryByCategoryAgrees() async throws {
        let b = try await Borough.get()
        let near = try b.directory.resolveNear("WA15 9NT")
        let byCategory = try b.directory.search(SearchQuery(near: near, category: "library", perPage: 3))
        let byPlural = try b.directory.search(SearchQuery(text: "libraries", near: near, perPage: 3))
        #expect(byCategory.results.first?.name == "Hale Library")
        #expect(byCategory.results.map(\.id) == byPlural.results.map(\.id))
    }

    // MARK: "food banks within 2 km of M32 9AF"

    /// Food banks within `radius` of `origin`, from the raw rows of both food bank lists and the postcode table
    /// (full postcode, else sector mean, else district mean), deduplicated by name and postcode (the 7 Trafford
    /// rows are identical rows of the Greater Manchester list and are merged in the shared store).
    static func foodBanksIndependently(within radius: Double, of origin: Coordinate) throws -> (inside: [String: Double], boundary: Set<String>) {
        var inside: [String: Double] = [:]
        var boundary: Set<String> = []
        for file in ["food_banks.csv", "food_banks_greater_manchester.csv"] {
            for row in try TestCSV.rows(file: QPaths.list(file)) {
                guard let postcode = row["Postcode"], let (point, _) = PostcodeTable.geocode(postcode) else { continue }
                let key = collapse(row["Name"] ?? "") + "|" + PostcodeTable.format(postcode)!
                let d = Geodesy.vincenty(origin, point)
                if abs(d - radius) < 3 { boundary.insert(key) } else if d < radius { inside[key] = d }
            }
        }
        return (inside, boundary)
    }

    /// "foodbank" and "foodbanks" are the category "food bank" typed without its space: the same answer as the category.
    @Test(arguments: ["foodbank", "Foodbanks", "food banks"])
    func aCategoryTypedWithoutItsSpaceIsTheCategory(_ typed: String) async throws {
        let b = try await Borough.get()
        let byCategory = try b.directory.search(SearchQuery(category: "food bank", perPage: 100))
        #expect(byCategory.total >= 7, "food banks in the borough: \(byCategory.total)")
        let typedPage = try b.directory.search(SearchQuery(text: typed, perPage: 100))
        #expect(typedPage.results.map(\.id) == byCategory.results.map(\.id), "'\(typed)' is not the food bank category")
    }

    @Test(arguments: [2000.0, 3000.0, 5000.0])
    func foodBanksWithinARadiusAreExactlyTheOnesInsideIt(_ radius: Double) async throws {
        let b = try await Borough.get()
        let origin = try #require(PostcodeTable.points["M32 9AF"])
        let near = try b.directory.resolveNear("m329af")
        let hits = try Borough.all(b.directory, SearchQuery(near: near, radius: radius, category: "food bank"))
        let (expected, boundary) = try Self.foodBanksIndependently(within: radius, of: origin)
        var got: [String: SearchHit] = [:]
        for hit in hits {
            #expect(hit.categories.contains("food bank"), "\(hit.name)")
            #expect((hit.distanceM ?? .infinity) <= radius, "\(hit.name) at \(hit.distanceM ?? -1) m is outside \(radius) m")
            let key = Self.collapse(hit.name) + "|" + (hit.postcode ?? "?")
            #expect(got[key] == nil, "\(key) returned twice")
            got[key] = hit
            let own = Coordinate(lat: try #require(hit.lat), lon: try #require(hit.lon))
            #expect(close(hit.distanceM, Geodesy.vincenty(origin, own)), "\(key): \(hit.distanceM ?? -1) vs \(Geodesy.vincenty(origin, own))")
            if let d = expected[key] { #expect(close(hit.distanceM, d), "\(key): \(hit.distanceM ?? -1) m vs independent \(d) m") }
        }
        let gotKeys = Set(got.keys).subtracting(boundary)
        #expect(gotKeys == Set(expected.keys),
                "missing: \(Set(expected.keys).subtracting(gotKeys).sorted()); extra: \(gotKeys.subtracting(expected.keys).sorted())")
        if radius == 2000 {
            #expect(Set(expected.keys) == ["Trussell Trust|M32 9AF", "Reach out to the Community|M21 9AQ"], "\(expected)")
            // Sector- and district-placed food banks are flagged, never presented as exact.
            #expect(got["Reach out to the Community|M21 9AQ"]?.approximateLocation == true)
            #expect(got["Trussell Trust|M32 9AF"]?.approximateLocation == false)
        }
        // Asked in words, the same answer.
        let words = try Borough.all(b.directory, SearchQuery(text: "food banks", near: near, radius: radius))
        #expect(Set(words.map(\.id)) == Set(hits.map(\.id)))
        let page = try b.directory.search(SearchQuery(near: near, radius: radius, category: "food banks", perPage: 1))
        #expect(page.total == hits.count)
    }

    // MARK: Misspelt words, plurals

    @Test func misspeltLibraryStillFindsLibraries() async throws {
        let b = try await Borough.get()
        let page = try b.directory.search(SearchQuery(text: "libary", perPage: 20))
        #expect(page.total > 0)
        #expect(page.correctedText != nil)
        #expect(!page.results.isEmpty && page.results.prefix(10).allSatisfy { $0.categories.contains("library") || $0.name.lowercased().contains("librar") },
                "\(page.results.prefix(10).map(\.name))")
        let near = try b.directory.search(SearchQuery(text: "libary", near: try b.directory.resolveNear("WA15 9NT"), perPage: 3))
        #expect(near.results.first?.name == "Hale Library", "\(near.results.map(\.name))")
    }

    @Test(arguments: ["fod bank", "food bnak", "foodbank", "food bnks"])
    func misspeltFoodBankStillFindsFoodBanks(_ typed: String) async throws {
        let b = try await Borough.get()
        let page = try b.directory.search(SearchQuery(text: typed, perPage: 10))
        #expect(page.total > 0, "\(typed): nothing")
        let top = page.results.prefix(5)
        #expect(!top.isEmpty && top.allSatisfy { $0.categories.contains("food bank") },
                "\(typed): top results \(top.map { "\($0.name) \($0.categories)" })")
    }

    @Test func pluralsFindTheSingular() async throws {
        let b = try await Borough.get()
        let libraries = try Borough.all(b.directory, SearchQuery(text: "libraries"))
        #expect(libraries.count == 13, "\(libraries.map(\.name))")
        #expect(libraries.allSatisfy { $0.categories.contains("library") })
        let hubs = try Borough.all(b.directory, SearchQuery(text: "community hubs"))
        #expect(hubs.count == 6, "\(hubs.map(\.name))")
        #expect(hubs.allSatisfy { $0.name.hasSuffix("Community Hub") }, "\(hubs.map(\.name))")
        // A plural that is not a category: names carry the singular ("St John's Church").
        let churches = try b.directory.search(SearchQuery(text: "churches", perPage: 10))
        #expect(churches.total > 0)
        #expect(churches.results.first.map { $0.name.lowercased().contains("church") } == true, "\(churches.results.map(\.name))")
        let centres = try b.directory.search(SearchQuery(text: "leisure centres", perPage: 20))
        #expect(centres.results.contains { $0.name == "Sale Leisure Centre" }, "\(centres.results.map(\.name))")
    }

    // MARK: Ranking

    @Test(arguments: ["music", "youth", "scout"])
    func nameMatchesRankAboveDescriptionMatches(_ word: String) async throws {
        let b = try await Borough.get()
        let hits = try Borough.all(b.directory, SearchQuery(text: word, visibility: .restricted))
        func has(_ s: String?) -> Bool { (s ?? "").lowercased().contains(word) }
        let inName = hits.indices.filter { has(hits[$0].name) }
        // Only in the description: not in the name, categories or address.
        let onlyDescription = hits.indices.filter {
            !has(hits[$0].name) && !hits[$0].categories.contains(where: { has($0) }) && !has(hits[$0].address) && has(hits[$0].description)
        }
        #expect(!inName.isEmpty && !onlyDescription.isEmpty, "\(word): \(inName.count) name matches, \(onlyDescription.count) description matches")
        if let lastName = inName.max(), let firstDescription = onlyDescription.min() {
            #expect(lastName < firstDescription,
                    "\(word): '\(hits[firstDescription].name)' (description only) at \(firstDescription) ranks above '\(hits[lastName].name)' (name) at \(lastName)")
        }
    }

    // MARK: Filters

    @Test func kindFilter() async throws {
        let b = try await Borough.get()
        for kind in EntityKind.allCases {
            let hits = try Borough.all(b.directory, SearchQuery(text: "centre", kind: kind))
            #expect(!hits.isEmpty, "\(kind)")
            #expect(hits.allSatisfy { $0.kind == kind.rawValue }, "\(kind): \(Set(hits.map(\.kind)))")
        }
        let all = try b.directory.search(SearchQuery(text: "centre", perPage: 1)).total
        let sum = try EntityKind.allCases.map { try b.directory.search(SearchQuery(text: "centre", kind: $0, perPage: 1)).total }.reduce(0, +)
        #expect(all == sum)
    }

    @Test func categoryFilterIgnoresCaseAndNumber() async throws {
        let b = try await Borough.get()
        for typed in ["library", "Library", "LIBRARIES", " libraries "] {
            #expect(try b.directory.search(SearchQuery(category: typed)).total == 13, "\(typed)")
        }
        let schools = try Borough.all(b.directory, SearchQuery(category: "school"))
        #expect(schools.count == 103, "schools: \(schools.count)")
    }

    static func features(_ file: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: try QPaths.require(QPaths.boundary(file))))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["features"] as? [[String: Any]])
    }

    static func polygon(_ file: String, property: String, equals value: String) throws -> [String: Any] {
        let feature = try #require(try features(file).first { ($0["properties"] as? [String: Any])?[property] as? String == value }, "\(value) in \(file)")
        return try #require(feature["geometry"] as? [String: Any])
    }

    @Test func areaFilterByWardCode() async throws {
        let b = try await Borough.get()
        let ward = try Self.polygon("wards_2023.geojson", property: "area_code", equals: "E05015239")
        let hits = try Borough.all(b.directory, SearchQuery(category: "library", area: "E05015239"))
        #expect(hits.allSatisfy { $0.areas["ward"]?.code == "E05015239" })
        let expected = Set(try Self.libraries().filter { Geodesy.contains(ward, $0.point) }.map(\.name))
        #expect(expected.contains("Altrincham Library"))
        #expect(Set(hits.map(\.name)) == expected)
        // Everything in the ward, open view: each hit's own point lies in the ward polygon.
        let everything = try Borough.all(b.directory, SearchQuery(area: "E05015239"))
        #expect(everything.count > 20)
        for hit in everything {
            let p = Coordinate(lat: try #require(hit.lat), lon: try #require(hit.lon))
            #expect(Geodesy.contains(ward, p), "\(hit.name) at \(p) is not in Altrincham ward")
        }
    }

    @Test(arguments: ["South", "south", "North", "West", "Central"])
    func areaFilterByLocalityName(_ typed: String) async throws {
        let b = try await Borough.get()
        let name = typed.prefix(1).uppercased() + typed.dropFirst()
        let locality = try Self.polygon("localities_2023_generalised.geojson", property: "area_name", equals: name)
        let hits = try Borough.all(b.directory, SearchQuery(category: "library", area: typed))
        let expected = Set(try Self.libraries().filter { Geodesy.contains(locality, $0.point) }.map(\.name))
        #expect(!expected.isEmpty)
        #expect(Set(hits.map(\.name)) == expected, "\(typed)")
        #expect(hits.allSatisfy { $0.areas["locality"]?.code == name || $0.areas["locality"]?.name == name })
    }

    @Test func unknownAreaIsACleanError() async throws {
        let b = try await Borough.get()
        #expect(throws: (any Error).self) { try b.directory.search(SearchQuery(text: "library", area: "Atlantis")) }
    }

    // MARK: Paging

    static func pages(_ directory: Directory, _ query: SearchQuery, count: Int) throws -> [SearchPage] {
        try (1...count).map { page in
            var q = query
            q.page = page
            return try directory.search(q)
        }
    }

    @Test(arguments: [
        ("text", SearchQuery(text: "trafford", perPage: 7)),
        ("category", SearchQuery(category: "charity", perPage: 25)),
        ("near without radius", SearchQuery(near: Coordinate(lat: 53.444641, lon: -2.313809), category: "school", perPage: 10)),
        ("near with radius", SearchQuery(near: Coordinate(lat: 53.444641, lon: -2.313809), radius: 3000, perPage: 10)),
        ("text near", SearchQuery(text: "church", near: Coordinate(lat: 53.444641, lon: -2.313809), perPage: 5)),
    ])
    func pagingIsStableAndDisjoint(_ label: String, _ query: SearchQuery) async throws {
        let b = try await Borough.get()
        let pages = try Self.pages(b.directory, query, count: 4)
        let totals = Set(pages.map(\.total))
        #expect(totals.count == 1, "\(label): total changes from page to page: \(pages.map(\.total))")
        let ids = pages.flatMap { $0.results.map(\.id) }
        #expect(Set(ids).count == ids.count, "\(label): pages overlap")
        let full = pages.filter { $0.results.count == query.perPage }.count
        #expect(full == 4, "\(label): only \(full) full pages of \(query.perPage); total \(pages[0].total)")
        #expect(ids.count == query.perPage * 4)
        // Reading every page gives exactly `total` results.
        let all = try Borough.all(b.directory, query)
        #expect(all.count == pages[0].total, "\(label): all pages hold \(all.count), total says \(pages[0].total)")
        #expect(Array(all.prefix(ids.count)).map(\.id) == ids || query.perPage != 1000)
        if query.near != nil {
            let distances = pages.flatMap { $0.results.map { $0.distanceM ?? -1 } }
            #expect(distances == distances.sorted(), "\(label): not nearest first across pages")
        }
    }

    // MARK: Visibility

    @Test func publicSearchNeverSeesTheCouncilRegister() async throws {
        let b = try await Borough.get()
        let open = try Borough.all(b.directory, SearchQuery(visibility: .open))
        let partners = try Borough.all(b.directory, SearchQuery(visibility: .partners))
        #expect(!open.contains { $0.sources.contains(Borough.council) }, "open search returned council records")
        #expect(partners.contains { $0.sources == [Borough.council] }, "partners should see council-only buildings")
        // Council-only entities: not in the open view at all.
        let openIDs = Set(open.map(\.id))
        let councilOnly = partners.filter { $0.sources == [Borough.council] }
        #expect(councilOnly.count > 500, "\(councilOnly.count)")
        #expect(councilOnly.allSatisfy { !openIDs.contains($0.id) })
        #expect(open.count + councilOnly.count == partners.count)
        // Text and near, open: still nothing from the register.
        let townHall = try Borough.all(b.directory, SearchQuery(text: "town hall"))
        #expect(!townHall.contains { $0.sources.contains(Borough.council) })
        #expect(try Borough.all(b.directory, SearchQuery(text: "town hall", visibility: .partners)).contains { $0.name == "Altrincham Town Hall" })
        let near = try Borough.all(b.directory, SearchQuery(near: Coordinate(lat: 53.3879587, lon: -2.3520922), radius: 300))
        #expect(!near.contains { $0.sources.contains(Borough.council) })
        let vacant = try Borough.all(b.directory, SearchQuery(text: "vacant"))
        #expect(!vacant.contains { $0.sources.contains(Borough.council) })
    }

    @Test func aMergedEntityShowsOnlyWhatEachReaderMaySee() async throws {
        let b = try await Borough.get()
        let open = try b.directory.search(SearchQuery(text: "Sale Leisure Centre", perPage: 5))
        let partners = try b.directory.search(SearchQuery(text: "Sale Leisure Centre", perPage: 5, visibility: .partners))
        let o = try #require(open.results.first { $0.id == b.saleLeisureEntity })
        let p = try #require(partners.results.first { $0.id == b.saleLeisureEntity })
        #expect(o.sources == ["leisure-centres"])
        #expect(Set(p.sources) == ["leisure-centres", Borough.council])
        #expect(!(o.description ?? "").contains("Land/Buildings"), "open view leaks the register's description")
        // The council asset code is a key of the register and must not reach the public through text search.
        let byCode = try b.directory.search(SearchQuery(text: "TMBC0154"))
        #expect(byCode.total == 0)
    }
}
