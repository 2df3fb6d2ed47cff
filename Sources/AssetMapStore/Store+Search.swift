import AssetMapCore
import Foundation
import GRDB
import GRDBSQLite

/// What a resident or officer asks of the directory.
public struct SearchQuery: Sendable, Equatable {
    public var text: String?
    public var near: Coordinate?
    public var radius: Double?
    public var category: String?
    public var kind: EntityKind?
    /// An area code in any layer, or a name where the layer has no codes (or no code matches).
    public var area: String?
    public var page = 1
    public var perPage = 20
    public var visibility: Visibility = .open

    public init(
        text: String? = nil, near: Coordinate? = nil, radius: Double? = nil, category: String? = nil, kind: EntityKind? = nil,
        area: String? = nil, page: Int = 1, perPage: Int = 20, visibility: Visibility = .open
    ) {
        self.text = text
        self.near = near
        self.radius = radius
        self.category = category
        self.kind = kind
        self.area = area
        self.page = page
        self.perPage = perPage
        self.visibility = visibility
    }
}

/// One entity in a result list (DESIGN.md, `search --json`).
public struct SearchHit: Codable, Sendable, Equatable {
    public struct AreaName: Codable, Sendable, Equatable {
        public var code: String
        public var name: String?
    }
    public var id: Int64
    public var kind: String
    public var name: String
    public var categories: [String]
    public var address: String?
    public var postcode: String?
    public var lat: Double?
    public var lon: Double?
    public var distanceM: Double?
    public var locationPrecision: String?
    /// True when the point is only a postcode sector or district centroid: distances are rough.
    public var approximateLocation: Bool
    public var areas: [String: AreaName]
    public var sources: [String]
    public var phone: String?
    public var email: String?
    public var website: String?
    public var openingHours: String?
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, name, categories, address, postcode, lat, lon, areas, sources, phone, email, website, description
        case distanceM = "distance_m"
        case locationPrecision = "location_precision"
        case approximateLocation = "approximate_location"
        case openingHours = "opening_hours"
    }
}

/// A page of results with the total (DESIGN.md, `search --json`).
public struct SearchPage: Codable, Sendable, Equatable {
    public var total: Int
    public var page: Int
    public var perPage: Int
    public var results: [SearchHit]
    /// The words actually searched, when a misspelt word was corrected.
    public var correctedText: String?

    enum CodingKeys: String, CodingKey {
        case total, page, results
        case perPage = "per_page"
        case correctedText = "corrected_text"
    }
}

extension AssetMapStore {
    /// Searches the directory as `visibility` may see it: text by relevance, or nearest first with `near`.
    public func search(_ query: SearchQuery) throws -> SearchPage {
        // The page cap only keeps page × per_page from overflowing; a page past the end is simply empty.
        guard (1...1_000_000_000).contains(query.page), (1...1000).contains(query.perPage) else {
            throw StoreError.invalid("page must be 1–1,000,000,000 and per_page 1–1000")
        }
        if let radius = query.radius, !(radius > 0 && radius <= 1_000_000) {
            throw StoreError.invalid("radius must be between 1 and 1,000,000 metres")
        }
        return try writer.read { db in
            let words = SearchText.words(query.text ?? "")
            if words.isEmpty { return try Self.search(db, query, match: nil) }
            // "library near WA15 9NT" means the category: things that are libraries, not every name with the word in it.
            if query.category == nil, let category = try SearchText.category(named: words.joined(separator: " "), db: db) {
                var byCategory = query
                byCategory.text = nil
                byCategory.category = category
                let page = try Self.search(db, byCategory, match: nil)
                if page.total > 0 { return page }
            }
            let exact = try Self.searchAll(db, query, words: words)
            if exact.total > 0 { return exact }
            // Nothing for the words as typed: correct misspelt words against the index's vocabulary.
            let corrected = try words.map { try SearchText.correct($0, db: db) ?? $0 }
            if corrected != words {
                var page = try Self.searchAll(db, query, words: corrected)
                if page.total > 0 {
                    page.correctedText = corrected.joined(separator: " ")
                    return page
                }
            }
            // Then any of the words, best first.
            guard corrected.count > 1 else { return exact }
            var any = try Self.search(db, query, match: SearchText.match(corrected, all: false))
            // Only a correction that finds something this reader may see: the vocabulary spans every level.
            if corrected != words && any.total > 0 { any.correctedText = corrected.joined(separator: " ") }
            return any
        }
    }

    /// How search ranks a match: bm25 with the name weighted above alternate names, categories, address and description.
    static let rankSQL = "bm25(entity_fts, \(rankColumns.map { String($0.weight) }.joined(separator: ", ")))"
    /// The weight of each column of `entity_fts`, in its order (`SearchHeads.rebuildFromVocabulary` scores with these).
    static let rankColumns: [(column: String, weight: Double)] = [
        ("name", 10), ("alternate_names", 6), ("categories", 4), ("description", 1), ("address", 1.5),
    ]

    /// Entries holding all the words: one word many entries hold is answered from its kept first pages, the rest by FTS5.
    static func searchAll(_ db: Database, _ query: SearchQuery, words: [String]) throws -> SearchPage {
        if let page = try searchKept(db, query, word: words.count == 1 ? words[0] : nil) { return page }
        return try search(db, query, match: SearchText.match(words, all: true))
    }

    /// A page of a single word from `SearchHeads`, or nil when the word, the filters or the page are not kept there.
    static func searchKept(_ db: Database, _ query: SearchQuery, word: String?) throws -> SearchPage? {
        // Only a word searched as a prefix (SearchText.match) and nothing else narrowing it but a place (no radius).
        guard let word, word.count >= 3, query.category == nil, query.kind == nil, query.area == nil, query.radius == nil,
            let tokenizer = IndexTokenizer.shared
        else { return nil }
        let tokens = try tokenizer.tokens(ofWord: word)
        guard tokens.count == 1,
            let head = try SearchHeads.head(db, .word, tokens[0], level: query.visibility.rawValue, members: query.near != nil)
        else { return nil }
        return try keptPage(db, query, head)
    }

    /// A page of the query's category from `SearchHeads` (by name, or nearest first), given the spellings of it the
    /// directory has (`SearchText.categoryForms(of:presentIn:)`); nil when it is not kept there, other filters narrow
    /// it, or several spellings are categories (the SQL path takes them all).
    static func searchKeptCategory(_ db: Database, _ query: SearchQuery, forms: [String]) throws -> SearchPage? {
        guard forms.count == 1, query.kind == nil, query.area == nil, query.radius == nil,
            let head = try SearchHeads.head(db, .category, forms[0], level: query.visibility.rawValue, members: query.near != nil)
        else { return nil }
        return try keptPage(db, query, head)
    }

    static func keptPage(_ db: Database, _ query: SearchQuery, _ head: SearchHeads.Head) throws -> SearchPage? {
        if let near = query.near { return try keptNear(db, query, near: near, head: head) }
        // Past the kept ids only when they are all there are.
        let offset = (query.page - 1) * query.perPage
        guard offset + query.perPage <= head.ids.count || head.ids.count == head.total else { return nil }
        let hits = try hits(db, ids: Array(head.ids.dropFirst(offset).prefix(query.perPage)))
        return SearchPage(total: head.total, page: query.page, perPage: query.perPage, results: hits, correctedText: nil)
    }

    /// Nearest first among a kept word's or category's located entries (`head.members`, what this level sees). Where
    /// they are many, widening circles around the place, each neighbour checked against them, until the page lies
    /// inside; where they are few, every one of them ranked by distance. Ranking every FTS5 match by distance took
    /// 100–260 ms at 1M for a word in 100,000 entries, and counting a category of 40,000 near a place 70–220 ms.
    static func keptNear(_ db: Database, _ query: SearchQuery, near: Coordinate, head: SearchHeads.Head) throws -> SearchPage {
        let offset = (query.page - 1) * query.perPage
        let needed = offset + query.perPage
        let members = head.members
        let (kx, ky) = planarScale(latitude: near.lat)
        // The same planar distance, in the same order of operations, as `planarSQL`: one order for every path.
        let point = try db.cachedStatement(sql: "SELECT lon, lat FROM entity_view INDEXED BY entity_view_filter WHERE id = ?")
        func distance(_ id: Int64) throws -> Double? {
            var planar: Double?
            try step(point, db, bind: { sqlite3_bind_int64($0, 1, id) }) { row in
                guard sqlite3_column_type(row, 0) != SQLITE_NULL, sqlite3_column_type(row, 1) != SQLITE_NULL else { return }
                let dx = (sqlite3_column_double(row, 0) - near.lon) * kx, dy = (sqlite3_column_double(row, 1) - near.lat) * ky
                planar = dx * dx + dy * dy
            }
            return planar
        }
        // Walking reads about needed × views / located neighbours from the spatial index, a few pages near the place;
        // ranking reads every located member's point, each on a page of its own. Medians per neighbour (circles
        // widened included) and per member, at 1M over the benchmark's 300 words: 0.6 and 2.6–3.7 µs. Only asked
        // where the members' points are not kept.
        func walkCost() throws -> Double {
            let views = Double(try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM entity_view")) ?? 0)
            return keptNearNeighbourCost * Double(needed) * views / Double(max(members.count, 1))
        }
        var found: [(distance: Double, id: Int64)] = []
        if let points = head.points, points.count == 2 * members.count {
            // Few members, their points kept as Float: rank on those, then read the true points only of the ones
            // that can be on the page. The needed-th nearest is within `pointError` of its Float distance, so
            // anything truly nearer has a Float distance within two errors of it.
            let approximate = members.indices.map { i -> Double in
                let dx = (Double(points[2 * i]) - near.lon) * kx, dy = (Double(points[2 * i + 1]) - near.lat) * ky
                return (dx * dx + dy * dy).squareRoot()
            }
            var bound = Double.infinity
            if needed < members.count {
                var sorted = approximate
                sorted.sort()
                bound = sorted[needed - 1] + 2 * SearchHeads.pointError
            }
            for (i, id) in members.enumerated() where approximate[i] <= bound {
                if let d = try distance(id) { found.append((d, id)) }
            }
        } else if try keptNearMemberCost * Double(members.count) <= walkCost() {
            found.reserveCapacity(members.count)
            for id in members { if let d = try distance(id) { found.append((d, id)) } }
        } else {
            func isMember(_ id: Int64) -> Bool {
                var low = 0, high = members.count
                while low < high {
                    let middle = (low + high) / 2
                    if members[middle] < id { low = middle + 1 } else { high = middle }
                }
                return low < members.count && members[low] == id
            }
            let neighbours = try db.cachedStatement(
                sql: "SELECT pkid FROM idx_entity_view_geom WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ?")
            var radius = 1_000.0
            while true {
                let margin = IndexBox.margins(metres: radius, latitude: near.lat)
                let reach = radius * radius
                found = []
                var inBox: [Int64] = []
                try step(neighbours, db, bind: { statement in
                    for (index, value) in [near.lon - margin.lon, near.lon + margin.lon, near.lat - margin.lat, near.lat + margin.lat].enumerated() {
                        sqlite3_bind_double(statement, Int32(index + 1), value)
                    }
                }) { row in
                    let id = sqlite3_column_int64(row, 0)
                    if isMember(id) { inBox.append(id) }
                }
                for id in inBox { if let d = try distance(id), d <= reach { found.append((d, id)) } }
                // Every member within the circle is found, so once the page is inside it, nothing outside comes before.
                if found.count >= needed || found.count >= members.count || radius > 4_000_000 { break }
                radius *= found.isEmpty ? 4 : min(4, max(1.5, (Double(needed) / Double(found.count)).squareRoot() * 1.2))
            }
        }
        found.sort { ($0.distance, $0.id) < ($1.distance, $1.id) }
        let hits = try hits(db, ids: found.dropFirst(offset).prefix(query.perPage).map(\.id))
        return nearestPage(hits, near: near, query: query, total: head.located)
    }

    /// Runs a prepared statement through SQLite's C API, calling `row` for each result row: for the thousands of
    /// single-row lookups of `keptNear`, GRDB's decoding of each row cost 5 µs of a 7 µs lookup.
    static func step(_ statement: Statement, _ db: Database, bind: (OpaquePointer) -> Void, row: (OpaquePointer) throws -> Void) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        defer { sqlite3_reset(handle) }
        bind(handle)
        while true {
            let status = sqlite3_step(handle)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: status), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            try row(handle)
        }
    }

    /// Microseconds to read one neighbour from the spatial index and check it against the members, and to read one
    /// member's point (keptNear's choice between walking and ranking).
    static let keptNearNeighbourCost = 0.6
    static let keptNearMemberCost = 3.0

    /// Squared metres from (:lon, :lat) on a local tangent plane, `planarScale` metres a degree: ranks nearest first.
    static let planarSQL = "((v.lon - :lon) * :kx) * ((v.lon - :lon) * :kx) + ((v.lat - :lat) * :ky) * ((v.lat - :lat) * :ky)"

    /// Metres per degree of longitude and of latitude near `latitude` (:kx and :ky of `planarSQL`).
    static func planarScale(latitude: Double) -> (kx: Double, ky: Double) { (cos(latitude * .pi / 180) * 111_320, 110_574) }

    /// The rows of some views in the order of `ids`.
    static func hits(_ db: Database, ids: [Int64]) throws -> [SearchHit] {
        guard !ids.isEmpty else { return [] }
        let position = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = try Row.fetchAll(db, sql: "SELECT \(hitColumns) FROM entity_view v WHERE v.id IN (\(ids.map(String.init).joined(separator: ",")))")
        return rows.sorted { position[$0[0] as Int64] ?? 0 < position[$1[0] as Int64] ?? 0 }.map(hit)
    }

    /// A page nearest first: true (ellipsoidal) distances for the rows shown, and the order they give.
    static func nearestPage(_ hits: [SearchHit], near: Coordinate, query: SearchQuery, total: Int) -> SearchPage {
        var hits = hits
        for i in hits.indices {
            guard let lat = hits[i].lat, let lon = hits[i].lon else { continue }
            hits[i].distanceM = (near.ellipsoidalDistance(to: Coordinate(lat: lat, lon: lon)) * 10).rounded() / 10
        }
        hits.sort { ($0.distanceM ?? 0, $0.id) < ($1.distanceM ?? 0, $1.id) }
        return SearchPage(total: total, page: query.page, perPage: query.perPage, results: hits, correctedText: nil)
    }

    /// `kept: false` skips the category's kept pages (`SearchHeads`), which tests check against this SQL.
    static func search(_ db: Database, _ query: SearchQuery, match: String?, kept: Bool = true) throws -> SearchPage {
        // Only the spellings of the category the directory has: each is a seek per candidate row below.
        let categoryForms = try SearchText.categoryForms(of: query.category, presentIn: db)
        if categoryForms.isEmpty, query.category?.trimmingCharacters(in: .whitespaces).isEmpty == false {
            if let area = query.area, try areaIDs(db, area).isEmpty { throw StoreError.notFound(what: "area", key: area) }
            return SearchPage(total: 0, page: query.page, perPage: query.perPage, results: [], correctedText: nil)
        }
        if kept, match == nil, let page = try searchKeptCategory(db, query, forms: categoryForms) { return page }
        let level = query.visibility.rawValue
        var conditions = ["v.min_level <= \(level)", "v.max_level >= \(level)"]
        var arguments: [(any DatabaseValueConvertible)?] = []
        // Words and places are checked row by row against level, kind and point before ranking: read those from the
        // narrow index (Schema.searchFilter). A browse by name sorts on the name, which only the table holds.
        var from = match != nil || query.near != nil ? "entity_view v INDEXED BY entity_view_filter" : "entity_view v"
        if let match {
            from += " JOIN (SELECT rowid, \(rankSQL) AS rank FROM entity_fts WHERE entity_fts MATCH ?) f ON f.rowid = v.id"
            arguments.append(match)
        }
        if !categoryForms.isEmpty && query.area == nil {
            conditions.append("v.id IN (SELECT view_id FROM entity_category WHERE category IN (\(categoryForms.map { _ in "?" }.joined(separator: ","))))")
            arguments += categoryForms
        }
        if let kind = query.kind {
            // Where words, a place, a category or an area narrow the rows, the kind only filters them (`+`): starting at
            // the kind index would read a third of the directory.
            let narrowed = match != nil || query.near != nil || query.category != nil || query.area != nil
            conditions.append(narrowed ? "+v.kind = ?" : "v.kind = ?")
            arguments.append(kind.rawValue)
        }
        if let area = query.area {
            let ids = try areaIDs(db, area)
            if ids.isEmpty { throw StoreError.notFound(what: "area", key: area) }
            if categoryForms.isEmpty {
                conditions.append("v.id IN (SELECT view_id FROM entity_area WHERE area_id IN (\(ids.map { _ in "?" }.joined(separator: ","))))")
                arguments += ids
            } else {
                // A category in an area: the area's members, each checked in the category index. A ward holds
                // thousands at most; a category such as "charity" can hold a quarter of a million.
                conditions.append("""
                    v.id IN (SELECT ea.view_id FROM entity_area ea WHERE ea.area_id IN (\(ids.map { _ in "?" }.joined(separator: ",")))
                             AND EXISTS (SELECT 1 FROM entity_category ec
                                         WHERE ec.category IN (\(categoryForms.map { _ in "?" }.joined(separator: ","))) AND ec.view_id = ea.view_id))
                    """)
                arguments += ids.map { $0 as (any DatabaseValueConvertible)? } + categoryForms.map { $0 as (any DatabaseValueConvertible)? }
            }
        }
        let offset = (query.page - 1) * query.perPage
        let argumentsWithPage = { (extra: [(any DatabaseValueConvertible)?]) in
            StatementArguments(arguments + extra + [query.perPage, offset])
        }
        // A page past the end has no row to carry the window count: count apart, which only that case pays for.
        func total(of rows: [Row], whereSQL: String, extra: [(any DatabaseValueConvertible)?] = []) throws -> Int {
            if let first = rows.first { return first["total"] }
            if offset == 0 { return 0 }
            return try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM \(from) WHERE \(whereSQL)"), arguments: StatementArguments(arguments + extra)) ?? 0
        }
        guard let near = query.near else {
            // One pass: the window count gives the total alongside the page. Only ids and sort keys are sorted; the
            // page's columns are read for its rows alone.
            let whereSQL = conditions.joined(separator: " AND ")
            // The text holds no values, so the prepared statement is kept for the next search of the same shape.
            let rows = try Row.fetchAll(db.cachedStatement(sql: match == nil ? """
                SELECT \(hitColumns), p.total FROM (
                    SELECT v.id AS pid, count(*) OVER () AS total FROM \(from) WHERE \(whereSQL)
                    ORDER BY v.name COLLATE NOCASE, v.id LIMIT ? OFFSET ?) p
                CROSS JOIN entity_view v ON v.id = p.pid ORDER BY v.name COLLATE NOCASE, v.id
                """ : """
                SELECT \(hitColumns), p.total FROM (
                    SELECT v.id AS pid, f.rank AS rank, count(*) OVER () AS total FROM \(from) WHERE \(whereSQL)
                    ORDER BY f.rank, v.id LIMIT ? OFFSET ?) p
                CROSS JOIN entity_view v ON v.id = p.pid ORDER BY p.rank, v.id
                """), arguments: argumentsWithPage([]))
            return SearchPage(
                total: try total(of: rows, whereSQL: whereSQL), page: query.page, perPage: query.perPage, results: rows.map(hit), correctedText: nil)
        }
        // Near: a cheap planar distance (metres on a local tangent plane) ranks; the ellipsoidal distance decides only
        // near the radius, and is computed for the rows returned. The place and radius are named parameters, so each
        // shape of search is prepared once per connection.
        let (kx, ky) = planarScale(latitude: near.lat)
        func box(_ metres: Double) -> [(any DatabaseValueConvertible)?] {
            let d = IndexBox.margins(metres: metres, latitude: near.lat)
            return [near.lon - d.lon, near.lon + d.lon, near.lat - d.lat, near.lat + d.lat]
        }
        func place(radius r: Double) -> StatementArguments {
            // Inside 99% of the radius on the plane is inside on the ellipsoid; beyond 101% is outside; between, ask the ellipsoid.
            ["lon": near.lon, "lat": near.lat, "kx": kx, "ky": ky, "inner": pow(r * 0.99, 2), "outer": pow(r * 1.01, 2), "radius": r]
        }
        let planar = planarSQL
        let inBox = "v.id IN (SELECT pkid FROM idx_entity_view_geom WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ?)"
        let within = "(\(planar) <= :inner OR (\(planar) <= :outer AND geodesic_m(v.lon, v.lat, :lon, :lat) <= :radius))"
        func nearest(whereSQL: String, extra: [(any DatabaseValueConvertible)?], radius: Double, total: String) throws -> [Row] {
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(hitColumns), p.total FROM (
                    SELECT v.id AS pid, \(total) AS total FROM \(from) WHERE \(whereSQL) ORDER BY \(planar), v.id LIMIT ? OFFSET ?) p
                CROSS JOIN entity_view v ON v.id = p.pid
                """), arguments: argumentsWithPage(extra) + place(radius: radius))
        }
        func page(_ rows: [Row], total: Int) -> SearchPage { nearestPage(rows.map(hit), near: near, query: query, total: total) }
        if let radius = query.radius {
            // The answer is what lies inside the radius: the spatial index's box, then the exact edge, in one pass.
            let whereSQL = (conditions + [inBox, within]).joined(separator: " AND ")
            let rows = try nearest(whereSQL: whereSQL, extra: box(radius), radius: radius, total: "count(*) OVER ()")
            if let first = rows.first { return page(rows, total: first["total"]) }
            let count = offset == 0 ? 0 : try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM \(from) WHERE \(whereSQL)"),
                arguments: StatementArguments(arguments + box(radius)) + place(radius: radius)) ?? 0
            return page([], total: count)
        }
        // Without a radius every match counts, wherever it is, so the total is the same on every page.
        let located = (conditions + ["v.lat IS NOT NULL"]).joined(separator: " AND ")
        if match != nil {
            // Words narrow the directory to their matches already: rank those by distance, counting them on the way.
            let rows = try nearest(whereSQL: located, extra: [], radius: 0, total: "count(*) OVER ()")
            return page(rows, total: try total(of: rows, whereSQL: located))
        }
        // Nothing but a place: widen a box from 2 km until it holds the page, so only the neighbourhood is sorted.
        let needed = offset + query.perPage
        var radius = 2_000.0
        let whereSQL = (conditions + [inBox, within]).joined(separator: " AND ")
        while radius < 2_000_000 {
            let inside = try Int.fetchOne(
                db.cachedStatement(sql: "SELECT count(*) FROM (SELECT 1 FROM \(from) WHERE \(whereSQL) LIMIT ?)"),
                arguments: StatementArguments(arguments + box(radius) + [needed]) + place(radius: radius)) ?? 0
            if inside >= needed { break }
            radius *= 4
        }
        let count = try Int.fetchOne(
            db.cachedStatement(sql: "SELECT count(*) FROM \(from) WHERE \(located)"), arguments: StatementArguments(arguments)) ?? 0
        return page(try nearest(whereSQL: whereSQL, extra: box(radius), radius: radius, total: "NULL"), total: count)
    }

    /// What a result row needs (`hit`): the golden record and the rest stay on disk.
    static let hitColumns = """
        v.id, v.entity_id, v.kind, v.name, v.categories, v.address, v.postcode, v.lat, v.lon, v.location_precision, v.areas,
        v.sources, v.phone, v.email, v.website, v.opening_hours, v.description
        """

    /// Area ids for a code (any layer), else for a name (case-insensitive).
    static func areaIDs(_ db: Database, _ key: String) throws -> [Int64] {
        let byCode = try Int64.fetchAll(db.cachedStatement(sql: areaIDsByCodeSQL), arguments: [key])
        if !byCode.isEmpty { return byCode }
        return try Int64.fetchAll(db.cachedStatement(sql: areaIDsByNameSQL), arguments: [key, key])
    }

    // Each served by an index of migration v6-area-lookup (a test reads their plans).
    static let areaIDsByCodeSQL = "SELECT id FROM area WHERE code = ?"
    static let areaIDsByNameSQL = "SELECT id FROM area WHERE lower(name) = lower(?) OR lower(code) = lower(?)"

    /// A result row, read by position in `hitColumns` (by name, the lookups cost more than the query).
    static func hit(_ row: Row) -> SearchHit {
        // Split on bytes: the separators are ASCII, and splitting on Characters walks grapheme boundaries, which was
        // a seventh of a text search's time.
        func text(_ bytes: Substring.UTF8View) -> String { String(decoding: bytes, as: UTF8.self) }
        func list(_ value: String, _ separator: UInt8) -> [String] { value.utf8.split(separator: separator).map(text) }
        var areas: [String: SearchHit.AreaName] = [:]
        if let json: String = row[10] {
            if let parsed = DirectoryJSON.parseAreas(json) {
                for (layer, area) in parsed { areas[layer] = .init(code: area.code, name: area.name) }
            } else if let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: [String: Any]] {
                for (layer, area) in object {
                    let name = area["name"] as? String
                    areas[layer] = .init(code: area["code"] as? String ?? "", name: name?.isEmpty == false ? name : nil)
                }
            }
        }
        let precision: String? = row[9]
        let categories: String? = row[4]
        let sources: String = row[11]
        return SearchHit(
            id: row[1], kind: row[2], name: row[3],
            categories: categories.map { list($0, UInt8(ascii: ";")) } ?? [],
            address: row[5], postcode: row[6], lat: row[7], lon: row[8],
            distanceM: nil, locationPrecision: precision,
            approximateLocation: precision == "sector" || precision == "district", areas: areas,
            sources: list(sources, UInt8(ascii: ";")), phone: row[12], email: row[13],
            website: row[14], openingHours: row[15], description: row[16])
    }
}

/// Turning what people type into safe FTS5 queries, and correcting misspelt words.
enum SearchText {
    static let stopWords: Set<String> = ["the", "a", "an", "and", "of", "in", "at", "for", "near", "me", "my", "to", "on", "with"]

    /// Lowercased words of letters and digits; FTS syntax characters can never reach the query.
    static func words(_ text: String) -> [String] {
        let all = text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init).filter { !$0.isEmpty }.prefix(12)
        let content = all.filter { !stopWords.contains($0) }
        return content.isEmpty ? Array(all) : content
    }

    /// Each word quoted (so it is a plain term) and used as a prefix; all words required, or any.
    static func match(_ words: [String], all: Bool) -> String {
        words.map { "\"\($0)\"" + ($0.count >= 3 ? "*" : "") }.joined(separator: all ? " AND " : " OR ")
    }

    /// The directory's own category the words name, in any singular/plural form, if there is one.
    static func category(named text: String, db: Database) throws -> String? {
        let forms = categoryForms(text)
        // Cached statements: every search asks these, and preparing them cost as much as running them.
        if let found = try String.fetchOne(
            db.cachedStatement(sql: "SELECT category FROM entity_category WHERE category IN (\(forms.map { _ in "?" }.joined(separator: ","))) LIMIT 1"),
            arguments: StatementArguments(forms))
        {
            return found
        }
        // "foodbank" for "food bank": one typed word that is a category written without its spaces.
        // Only for what could be a category's name: a 10,000-letter word made 40,000 splits of 10,000 letters each,
        // and one search took 16 s.
        guard !text.contains(" "), (6...maxCategoryLetters).contains(text.count) else { return nil }
        // Every way of putting one space back (each part two letters or more), looked up in the category index: a few
        // dozen seeks, where listing the distinct categories cost a seek per category on every search.
        var split: Set<String> = []
        for form in forms {
            let letters = Array(form)
            guard letters.count >= 4 else { continue }
            for cut in 2...(letters.count - 2) { split.insert(String(letters[..<cut]) + " " + String(letters[cut...])) }
        }
        guard !split.isEmpty else { return nil }
        let candidates = split.sorted()
        return try String.fetchOne(
            db.cachedStatement(sql: "SELECT category FROM entity_category WHERE category IN (\(candidates.map { _ in "?" }.joined(separator: ","))) LIMIT 1"),
            arguments: StatementArguments(candidates))
    }

    /// Longest word tried as a category written without its spaces ("communitycentres" is 16).
    static let maxCategoryLetters = 60

    /// Of `categoryForms` of a category as asked (trimmed, any case), those some entry has; none for no category.
    static func categoryForms(of category: String?, presentIn db: Database) throws -> [String] {
        guard let category = category?.trimmingCharacters(in: .whitespaces).lowercased(), !category.isEmpty else { return [] }
        return try categoryForms(category).filter { form in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM entity_category WHERE category = ? LIMIT 1"), arguments: [form]) == true
        }
    }

    /// A category as typed and in the singular/plural forms lists use ("food banks" → "food bank").
    static func categoryForms(_ category: String) -> [String] {
        var forms: Set<String> = [category]
        if category.hasSuffix("ies") { forms.insert(String(category.dropLast(3)) + "y") }
        if category.hasSuffix("es") { forms.insert(String(category.dropLast(2))) }
        if category.hasSuffix("s") { forms.insert(String(category.dropLast())) } else { forms.insert(category + "s") }
        return forms.sorted()
    }

    /// The indexed term closest to a word no entry contains (edit distance ≤ 1 for short words, ≤ 2 for longer).
    static func correct(_ word: String, db: Database) throws -> String? {
        guard word.count >= 3, word.allSatisfy(\.isLetter) else { return nil }
        if try Int.fetchOne(db, sql: "SELECT count(*) FROM entity_fts_vocab WHERE term >= ? AND term < ?", arguments: [word.prefix(4).description, String(word.prefix(4)) + "\u{10FFFF}"]) ?? 0 > 0,
            try Bool.fetchOne(db, sql: "SELECT 1 FROM entity_fts WHERE entity_fts MATCH ? LIMIT 1", arguments: ["\"\(word)\"*"]) == true
        {
            return nil
        }
        let limit = word.count <= 5 ? 1 : 2
        guard let first = word.first else { return nil }
        let candidates = try Row.fetchAll(
            db, sql: "SELECT term, doc FROM entity_fts_vocab WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?",
            arguments: [String(first), String(first) + "\u{10FFFF}", word.count - 3, word.count + 2])
        var best: (term: String, distance: Int, docs: Int)?
        for row in candidates {
            let term: String = row["term"]
            let docs: Int = row["doc"]
            // The index holds stems ("librari"): compare the word with the stem's likely surface forms and keep the
            // closest form, which the porter tokenizer stems back to the same term when it is searched.
            let forms = [term, term + "y", String(term.dropLast()) + "y", term + "e", term + "s"]
            guard let (form, distance) = forms.map({ ($0, levenshtein(word, $0)) }).min(by: { $0.1 < $1.1 }), distance <= limit else { continue }
            if best == nil || distance < best!.distance || (distance == best!.distance && docs > best!.docs) {
                best = (form, distance, docs)
            }
        }
        return best?.term
    }

    static func levenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
