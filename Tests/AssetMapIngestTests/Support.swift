import AssetMapCore
import AssetMapIngest
import AssetMapQuery
import AssetMapStore
import Foundation
import Testing

/// Where the test files live, found from this source file (no bundle resources).
enum Paths {
    /// `Tests/AssetMapIngestTests`.
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures")
    /// The package root (holds Package.swift).
    static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared/data/trafford`, relative to the package root; read in place, never copied.
    static let trafford = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/trafford").standardizedFileURL
    static let traffordProfiles = packageRoot.appendingPathComponent("Profiles/trafford")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// Fails the calling test with a clear message when a required data file is absent (never skips).
    static func requireFile(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(
            FileManager.default.fileExists(atPath: path),
            "required test data is missing: \(path) (the Trafford pack lives at ../shared/data/trafford from the package root)",
            sourceLocation: sourceLocation)
        return path
    }
}

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TempDir {
    let url: URL
    init(_ label: String = "assetmap-ingest-tests") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func write(_ name: String, _ text: String) throws -> String {
        let p = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// One active record as the tests look at it (every record is its own entity until `match` runs).
struct RecordView {
    var entityID: Int64
    var source: String
    var key: String
    var fields: [String: String]
    var point: Coordinate?
    var precision: LocationPrecision?
    var areas: [String: AreaRef]

    /// Categories as a set (their order is not part of the contract).
    var categorySet: Set<String> { Set((fields["categories"] ?? "").split(separator: ";").map(String.init)) }
}

extension AssetMapStore {
    /// An in-memory store with SpatiaLite; the error says clearly when SpatiaLite cannot be loaded.
    static func testStore(sourceLocation: SourceLocation = #_sourceLocation) throws -> AssetMapStore {
        do {
            return try AssetMapStore.inMemory()
        } catch {
            Issue.record("cannot open an in-memory AssetMap store (is libsqlite3-mod-spatialite installed?): \(error)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// The active records of one source, by source key.
    func recordViews(source: String) throws -> [String: RecordView] {
        var result: [String: RecordView] = [:]
        try forEachEntity(maxSharing: .restricted) { entity in
            for member in entity.members where member.source == source {
                result[member.sourceKey] = RecordView(
                    entityID: entity.id, source: member.source, key: member.sourceKey, fields: member.fields,
                    point: entity.members.count == 1 ? entity.point : nil,
                    precision: entity.members.count == 1 ? entity.precision : nil,
                    areas: entity.members.count == 1 ? entity.areas : [:])
            }
        }
        return result
    }

    /// An export as text.
    func exportText(_ format: ExportFormat, maxSharing: SharingLevel = .restricted) throws -> String {
        let stream = OutputStream(toMemory: ())
        stream.open()
        try Exporter(store: self, maxSharing: maxSharing).write(format, to: stream)
        stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Everything a failed or dry-run import must leave exactly as it was.
    func snapshot(sources names: [String]) throws -> StoreSnapshot {
        var history: [String: [RecordChange]] = [:]
        for name in names where try sources().contains(where: { $0.name == name }) {
            history[name] = try self.history(source: name)
        }
        return StoreSnapshot(
            sources: try sources(), entities: try exportText(.entities), links: try exportText(.links), history: history,
            imports: try sources().map { try source(named: $0.name).imports })
    }
}

struct StoreSnapshot: Equatable {
    var sources: [SourceSummary]
    var entities: String
    var links: String
    var history: [String: [RecordChange]]
    var imports: [[ImportRunSummary]]
}

/// Builders for profiles and fixture loading.
enum Fixture {
    static func profile(_ name: String) throws -> ImportProfile { try ImportProfile.load(path: Paths.fixture(name)) }

    static func profile(json: String) throws -> ImportProfile { try ImportProfile.parse(Data(json.utf8)) }

    /// Loads the fixture postcode table (5 invented points) into the store.
    @discardableResult
    static func loadPostcodes(into store: AssetMapStore) throws -> PostcodeFile.Summary {
        try PostcodeFile(path: Paths.fixture("postcodes.csv")).load(into: store)
    }

    /// The fixture postcode table read independently of the code under test: postcode → point.
    static func postcodePoints() throws -> [String: Coordinate] {
        let rows = try CSVTestParser.parse(file: Paths.fixture("postcodes.csv"))
        var result: [String: Coordinate] = [:]
        for row in rows.dropFirst() { result[row.fields[0]] = Coordinate(lat: Double(row.fields[1])!, lon: Double(row.fields[2])!) }
        return result
    }

    /// The mean point of the given postcodes.
    static func centroid(_ points: [Coordinate]) -> Coordinate {
        Coordinate(
            lat: points.map(\.lat).reduce(0, +) / Double(points.count),
            lon: points.map(\.lon).reduce(0, +) / Double(points.count))
    }
}

/// A small RFC 4180 reader for the tests' own independent checks (not the code under test).
enum CSVTestParser {
    struct Record {
        var line: Int
        var fields: [String]
    }

    static func parse(file: String) throws -> [Record] {
        parse(try String(contentsOfFile: file, encoding: .utf8))
    }

    /// Records with the physical line each starts on (line 1 is the first line).
    static func parse(_ text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var start = 1
        var fieldStarted = false
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var i = 0
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: start, fields: fields)) }
            fields = []
            field = ""
            fieldStarted = false
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && !fieldStarted {
                inQuotes = true
                fieldStarted = true
            } else if c == "," {
                fields.append(field)
                field = ""
                fieldStarted = false
            } else if c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" {
                // handled by the "\n" that follows
            } else if c == "\n" {
                endRecord()
                line += 1
                start = line
            } else {
                field.unicodeScalars.append(c)
                fieldStarted = true
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}

/// Geometry helpers computed independently of SpatiaLite.
enum Geo {
    /// Great-circle distance in metres.
    static func distance(_ a: Coordinate, _ b: Coordinate) -> Double {
        let r = 6_371_008.8
        let dLat = (b.lat - a.lat) * .pi / 180
        let dLon = (b.lon - a.lon) * .pi / 180
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.lat * .pi / 180) * cos(b.lat * .pi / 180) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * r * asin(min(1, sqrt(h)))
    }

    /// Even-odd ray casting over every ring: inside the outer ring and outside its holes.
    static func contains(rings: [[[Double]]], _ p: Coordinate) -> Bool {
        var inside = false
        for ring in rings {
            var j = ring.count - 1
            for i in 0..<ring.count {
                let (xi, yi, xj, yj) = (ring[i][0], ring[i][1], ring[j][0], ring[j][1])
                if (yi > p.lat) != (yj > p.lat) && p.lon < (xj - xi) * (p.lat - yi) / (yj - yi) + xi { inside.toggle() }
                j = i
            }
        }
        return inside
    }

    /// Area-weighted centroid of a simple ring (shoelace).
    static func centroid(ring: [[Double]]) -> Coordinate {
        var a = 0.0, cx = 0.0, cy = 0.0
        for i in 0..<(ring.count - 1) {
            let cross = ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
            a += cross
            cx += (ring[i][0] + ring[i + 1][0]) * cross
            cy += (ring[i][1] + ring[i + 1][1]) * cross
        }
        return Coordinate(lat: cy / (3 * a), lon: cx / (3 * a))
    }
}

extension ImportReport {
    /// Warnings as (line, field) pairs.
    var warningPairs: Set<Pair> { Set(warnings.map { Pair(line: $0.line, field: $0.field) }) }
    struct Pair: Hashable, CustomStringConvertible {
        var line: Int
        var field: String
        var description: String { "(\(line), \(field))" }
    }
}
