import AssetMapCore
import AssetMapIngest
import AssetMapQuery
import AssetMapStore
import AssetMapTestSupport
import Foundation
import Testing

/// Where the test files live, found from this source file (no bundle resources).
enum QPaths {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// The package root (holds Package.swift).
    static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared/data/trafford`, relative to the package root; read in place, never copied.
    static let trafford = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/trafford").standardizedFileURL
    static let profiles = packageRoot.appendingPathComponent("Profiles/trafford")
    static let lists = trafford.appendingPathComponent("lists")
    static let geography = trafford.appendingPathComponent("geography")

    static func list(_ name: String) -> String { lists.appendingPathComponent(name).path }
    static func boundary(_ name: String) -> String { geography.appendingPathComponent("boundaries/\(name)").path }

    /// Fails the calling test with a clear message when a required data file is absent (never skips).
    static func require(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(
            FileManager.default.fileExists(atPath: path),
            "required test data is missing: \(path) (the Trafford pack lives at ../shared/data/trafford from the package root)",
            sourceLocation: sourceLocation)
        return path
    }
}

/// The real borough, loaded once per test process and shared by every read-only test:
/// postcodes, wards (`ward`), LSOAs (`lsoa`), localities (`locality`, names only), ward and LSOA population
/// (Persons), all 20 lists with their profiles, and a few merges that `match` would make (so that coverage
/// and visibility have real multi-source entities to look at).
enum Borough {
    struct Loaded: Sendable {
        var store: AssetMapStore
        var directory: Directory
        var folder: URL
        /// Source name by list file ("libraries.csv" → "libraries").
        var sources: [String: String]
        /// Active records per source after import (before merges).
        var recordsPerSource: [String: Int]
        /// The entity the merged Sale Leisure Centre lives in (leisure centre + council register).
        var saleLeisureEntity: Int64
        var seconds: Double
    }

    static let council = "council-land-and-building-assets"
    static let shared = BuiltOnce<Loaded> { try build() }
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-query-tests-\(UUID().uuidString)")

    static func get(sourceLocation: SourceLocation = #_sourceLocation) async throws -> Loaded {
        do {
            return try await shared.value
        } catch {
            Issue.record("building the Trafford database failed: \(error)", sourceLocation: sourceLocation)
            throw error
        }
    }

    static func pairs() throws -> [(profile: String, list: String)] {
        let profiles = try FileManager.default.contentsOfDirectory(atPath: QPaths.profiles.path).filter { $0.hasSuffix(".profile.json") }.sorted()
        let files = try FileManager.default.contentsOfDirectory(atPath: QPaths.lists.path)
        return try profiles.map { profile in
            let stem = String(profile.dropLast(".profile.json".count))
            let list = try #require(files.first { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent == stem }, "no list for \(profile)")
            return (QPaths.profiles.appendingPathComponent(profile).path, QPaths.list(list))
        }
    }

    static func build() throws -> Loaded {
        let started = Date()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Borough.folder) }
        let store = try AssetMapStore.open(path: folder.appendingPathComponent("trafford.sqlite").path, create: true)
        _ = try PostcodeFile(path: try QPaths.require(QPaths.geography.appendingPathComponent("postcodes.csv").path)).load(into: store)
        _ = try AreaFile(path: try QPaths.require(QPaths.boundary("wards_2023.geojson")), layer: "ward", codeField: "area_code", nameField: "area_name").load(into: store)
        _ = try AreaFile(path: try QPaths.require(QPaths.boundary("lsoa_2021_generalised.geojson")), layer: "lsoa", codeField: "area_code", nameField: "area_name").load(into: store)
        _ = try AreaFile(path: try QPaths.require(QPaths.boundary("localities_2023_generalised.geojson")), layer: "locality", codeField: nil, nameField: "area_name").load(into: store)
        for (layer, file) in [("ward", "ward_mid_2024.csv"), ("lsoa", "lsoa_mid_2024.csv")] {
            let path = try QPaths.require(QPaths.trafford.appendingPathComponent("population/\(file)").path)
            _ = try PopulationFile(path: path, codeField: "area_code", valueField: "all_ages", filter: ["sex": "Persons"], layer: layer).load(into: store)
        }
        var sources: [String: String] = [:]
        for (profilePath, listPath) in try pairs() {
            let profile = try ImportProfile.load(path: profilePath)
            _ = try Importer(store: store).run(path: listPath, profile: profile)
            sources[URL(fileURLWithPath: listPath).lastPathComponent] = profile.source.name
        }
        // What `match` would do with the unambiguous duplicates: the 7 Trafford food banks are identical rows of the
        // Greater Manchester list; dentists lines 5 and 50 are one practice; Sale Leisure Centre is in the council register.
        var byKey: [String: [String: (record: Int64, entity: Int64)]] = [:]
        var perSource: [String: Int] = [:]
        try store.forEachEntity(maxSharing: .restricted) { e in
            for m in e.members {
                byKey[m.source, default: [:]][m.sourceKey] = (m.recordID, e.id)
                perSource[m.source, default: 0] += 1
            }
        }
        var plan = EntityPlan()
        func merge(_ source: String, _ key: String, into target: (String, String)) throws {
            let from = try #require(byKey[source]?[key], "no record \(source) \(key)")
            let to = try #require(byKey[target.0]?[target.1], "no record \(target.0) \(target.1)")
            plan.moves.append((from.record, to.entity))
            plan.redirects.append((from.entity, to.entity))
        }
        let foodBanks = byKey["food-banks"] ?? [:]
        try #require(foodBanks.count == 7, "food-banks records: \(foodBanks.count)")
        for key in foodBanks.keys.sorted() { try merge("food-banks", key, into: ("food-banks-greater-manchester", key)) }
        let crescent = try #require(byKey["dentists"]?.keys.filter { $0.hasPrefix("Crescent Dental Care") }.sorted())
        try #require(crescent.count == 2, "dentist keys \(crescent)")
        try merge("dentists", crescent[1], into: ("dentists", crescent[0]))
        try merge(council, "TMBC0154/J0000010", into: ("leisure-centres", "Sale Leisure Centre"))
        try store.applyEntityPlan(plan)
        let sale = try #require(byKey["leisure-centres"]?["Sale Leisure Centre"]).entity
        return Loaded(
            store: store, directory: Directory(store: store), folder: folder, sources: sources, recordsPerSource: perSource,
            saleLeisureEntity: sale, seconds: Date().timeIntervalSince(started))
    }

    /// Every page of a search, concatenated.
    static func all(_ directory: Directory, _ query: SearchQuery) throws -> [SearchHit] {
        var q = query
        q.perPage = 1000
        q.page = 1
        var hits: [SearchHit] = []
        while true {
            let page = try directory.search(q)
            hits += page.results
            if page.results.count < q.perPage || hits.count >= page.total { break }
            q.page += 1
        }
        return hits
    }
}

/// The pack's postcode table read independently of the code under test.
enum PostcodeTable {
    struct Row { var postcode: String; var point: Coordinate; var ward: String; var lsoa: String; var locality: String }
    static let rows: [Row] = {
        guard let records = try? TestCSV.parse(file: QPaths.geography.appendingPathComponent("postcodes.csv").path), let header = records.first else { return [] }
        let i = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        return records.dropFirst().map { f in
            Row(postcode: f[i["postcode"]!], point: Coordinate(lat: Double(f[i["lat"]!])!, lon: Double(f[i["lon"]!])!),
                ward: f[i["ward_code"]!], lsoa: f[i["lsoa_code"]!], locality: f[i["locality"]!])
        }
    }()
    static let points: [String: Coordinate] = Dictionary(rows.map { ($0.postcode, $0.point) }, uniquingKeysWith: { a, _ in a })

    static func mean(_ points: [Coordinate]) -> Coordinate {
        Coordinate(lat: points.map(\.lat).reduce(0, +) / Double(points.count), lon: points.map(\.lon).reduce(0, +) / Double(points.count))
    }
    static let sectors: [String: Coordinate] = Dictionary(grouping: rows) { String($0.postcode.dropLast(2)) }.mapValues { mean($0.map(\.point)) }
    static let districts: [String: Coordinate] = Dictionary(grouping: rows) { String($0.postcode.split(separator: " ")[0]) }.mapValues { mean($0.map(\.point)) }

    /// `m329af ` → `M32 9AF`, when the text is a full UK postcode.
    static func format(_ raw: String) -> String? {
        let compact = raw.uppercased().filter { !$0.isWhitespace && $0 != "\u{00A0}" }
        guard compact.range(of: "^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$", options: .regularExpression) != nil else { return nil }
        return String(compact.dropLast(3)) + " " + String(compact.suffix(3))
    }

    /// Full postcode → its point; else its sector's mean; else its district's mean (DESIGN.md geocoding order).
    static func geocode(_ raw: String) -> (Coordinate, String)? {
        guard let p = format(raw) else { return nil }
        if let c = points[p] { return (c, "postcode") }
        if let c = sectors[String(p.dropLast(2))] { return (c, "sector") }
        if let c = districts[String(p.split(separator: " ")[0])] { return (c, "district") }
        return nil
    }
}

/// A small RFC 4180 reader for the tests' own checks (handles quotes, CRLF and newlines inside quotes).
enum TestCSV {
    static func parse(file: String) throws -> [[String]] { parse(try String(contentsOfFile: file, encoding: .utf8)) }

    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var started = false
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func end() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(fields) }
            fields = []; field = ""; started = false
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 } else { inQuotes = false }
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" && !started {
                inQuotes = true; started = true
            } else if c == "," {
                fields.append(field); field = ""; started = false
            } else if c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" {
            } else if c == "\n" {
                end()
            } else {
                field.unicodeScalars.append(c); started = true
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty { end() }
        return records
    }

    /// Rows as dictionaries by header.
    static func rows(file: String) throws -> [[String: String]] {
        let records = try parse(file: file)
        guard let header = records.first else { return [] }
        return records.dropFirst().map { r in
            var d: [String: String] = [:]
            for (i, h) in header.enumerated() where i < r.count { d[h] = r[i] }
            return d
        }
    }
}

/// Geodesy written for the tests, independent of SpatiaLite.
enum Geodesy {
    /// Vincenty's inverse formula on the WGS84 ellipsoid, metres.
    static func vincenty(_ p: Coordinate, _ q: Coordinate) -> Double {
        let a = 6_378_137.0, f = 1 / 298.257223563, b = (1 - f) * a
        let L = (q.lon - p.lon) * .pi / 180
        let U1 = atan((1 - f) * tan(p.lat * .pi / 180)), U2 = atan((1 - f) * tan(q.lat * .pi / 180))
        let sinU1 = sin(U1), cosU1 = cos(U1), sinU2 = sin(U2), cosU2 = cos(U2)
        var lambda = L
        var sinSigma = 0.0, cosSigma = 0.0, sigma = 0.0, cos2Alpha = 0.0, cos2SigmaM = 0.0
        for _ in 0..<200 {
            let sinL = sin(lambda), cosL = cos(lambda)
            sinSigma = ((cosU2 * sinL) * (cosU2 * sinL) + (cosU1 * sinU2 - sinU1 * cosU2 * cosL) * (cosU1 * sinU2 - sinU1 * cosU2 * cosL)).squareRoot()
            if sinSigma == 0 { return 0 }
            cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL
            sigma = atan2(sinSigma, cosSigma)
            let sinAlpha = cosU1 * cosU2 * sinL / sinSigma
            cos2Alpha = 1 - sinAlpha * sinAlpha
            cos2SigmaM = cos2Alpha == 0 ? 0 : cosSigma - 2 * sinU1 * sinU2 / cos2Alpha
            let C = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha))
            let previous = lambda
            lambda = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
            if abs(lambda - previous) < 1e-12 { break }
        }
        let u2 = cos2Alpha * (a * a - b * b) / (b * b)
        let A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
        let B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
        let deltaSigma = B * sinSigma * (cos2SigmaM + B / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
            - B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
        return b * A * (sigma - deltaSigma)
    }

    /// Great-circle distance (mean Earth radius), metres.
    static func haversine(_ p: Coordinate, _ q: Coordinate) -> Double {
        let r = 6_371_008.8
        let dLat = (q.lat - p.lat) * .pi / 180, dLon = (q.lon - p.lon) * .pi / 180
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(p.lat * .pi / 180) * cos(q.lat * .pi / 180) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, h.squareRoot()))
    }

    /// Even-odd ray casting over every ring of a (Multi)Polygon GeoJSON geometry.
    static func contains(_ geometry: [String: Any], _ p: Coordinate) -> Bool {
        let polygons: [[[[Double]]]]
        if geometry["type"] as? String == "MultiPolygon" {
            polygons = (geometry["coordinates"] as? [[[[Double]]]]) ?? []
        } else {
            polygons = [(geometry["coordinates"] as? [[[Double]]]) ?? []]
        }
        for rings in polygons {
            var inside = false
            for ring in rings {
                var j = ring.count - 1
                for i in 0..<ring.count {
                    let (xi, yi, xj, yj) = (ring[i][0], ring[i][1], ring[j][0], ring[j][1])
                    if (yi > p.lat) != (yj > p.lat) && p.lon < (xj - xi) * (p.lat - yi) / (yj - yi) + xi { inside.toggle() }
                    j = i
                }
            }
            if inside { return true }
        }
        return false
    }
}

/// Within `fraction` of `expected` (and always within 0.5 m, for rounding to 0.1 m of tiny distances).
func close(_ actual: Double?, _ expected: Double, fraction: Double = 0.01) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) <= max(expected * fraction, 0.5)
}
