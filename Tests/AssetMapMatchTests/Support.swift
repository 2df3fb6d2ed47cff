import AssetMapCore
import AssetMapIngest
import AssetMapStore
import Foundation
import Testing

@testable import AssetMapMatch

/// Where the test data lives, found from this source file (no bundle resources).
enum Paths {
    static let testsDirectory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    /// The package root (holds Package.swift).
    static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared/data/trafford`, relative to the package root; read in place, never copied.
    static let trafford = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/trafford").standardizedFileURL
    static let traffordProfiles = packageRoot.appendingPathComponent("Profiles/trafford")

    /// Fails the calling test with a clear message when a required data file is absent (never skips).
    static func requireFile(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(
            FileManager.default.fileExists(atPath: path),
            "required test data is missing: \(path) (the Trafford pack lives at ../shared/data/trafford from the package root)",
            sourceLocation: sourceLocation)
        return path
    }
}

/// A fresh temporary directory, removed by `remove()`.
struct TempDir {
    let url: URL
    init(_ label: String = "assetmap-match-tests") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let p = path(name)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Imports CSV text as a source into the store, with a profile built from the arguments.
@discardableResult
func importCSV(
    _ store: AssetMapStore, _ dir: TempDir, source: String, kind: String, key: String, csv: String,
    fields: [String: String], trust: Double = 0.5
) throws -> ImportReport {
    let file = try dir.write("\(source).csv", csv)
    let object: [String: Any] = [
        "source": ["name": source, "trust": trust], "kind": kind, "key": key, "fields": fields,
    ]
    let profile = try ImportProfile.parse(JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    return try Importer(store: store).run(path: file, profile: profile)
}

/// The entity each (source, key) belongs to.
func entities(_ store: AssetMapStore) throws -> [String: Int64] {
    var result: [String: Int64] = [:]
    for link in try store.links(maxSharing: .restricted) { result["\(link.source):\(link.sourceKey)"] = link.entityID }
    return result
}

/// A match input for comparison tests, with only what the test sets.
func input(
    _ id: Int64, _ name: String, kind: EntityKind = .organisation, postcode: String? = nil, phone: String? = nil,
    email: String? = nil, website: String? = nil, charity: String? = nil, company: String? = nil,
    lat: Double? = nil, lon: Double? = nil, precision: LocationPrecision? = nil, address: String? = nil,
    alternates: String? = nil, footprint: FootprintExtent? = nil, town: String? = nil, writtenPostcode: String? = nil
) -> MatchInput {
    MatchInput(
        recordID: id, entityID: id, kind: kind, source: "s", sourceKey: String(id), contentHash: "h", matchedHash: nil,
        name: name, nameMatch: Normalise.matchingName(name), alternateNames: alternates, address: address,
        postcode: postcode, phone: phone, email: email, website: website, charityNumber: charity, companyNumber: company,
        lat: lat, lon: lon, precision: precision ?? (lat != nil ? .exact : nil), footprint: footprint, town: town,
        writtenPostcode: writtenPostcode)
}

/// A building of `width` × `depth` metres whose west-south corner is `east`, `north` metres from (53.45, -2.37),
/// as an input with its footprint and its middle as the point.
func building(_ id: Int64, _ name: String, east: Double, north: Double, width: Double = 40, depth: Double = 40,
              kind: EntityKind = .place, email: String? = nil) -> MatchInput {
    let metreLat = 1 / 110_574.0, metreLon = 1 / (111_320 * cos(53.45 * .pi / 180))
    let box = FootprintExtent(minLon: -2.37 + east * metreLon, minLat: 53.45 + north * metreLat,
                              maxLon: -2.37 + (east + width) * metreLon, maxLat: 53.45 + (north + depth) * metreLat)
    return input(id, name, kind: kind, email: email, lat: (box.minLat + box.maxLat) / 2, lon: (box.minLon + box.maxLon) / 2,
                 footprint: box)
}

/// Pairwise precision, recall and F1 of predicted clusters against gold clusters, both keyed by record name.
func pairwise(gold: [String: String], predicted: [String: String]) -> (precision: Double, recall: Double, f1: Double, goldPairs: Int) {
    func pairs(_ clusters: [String: String]) -> Set<String> {
        var groups: [String: [String]] = [:]
        for (record, cluster) in clusters { groups[cluster, default: []].append(record) }
        var out: Set<String> = []
        for members in groups.values where members.count > 1 {
            let sorted = members.sorted()
            for i in 0..<sorted.count { for j in (i + 1)..<sorted.count { out.insert(sorted[i] + "|" + sorted[j]) } }
        }
        return out
    }
    let g = pairs(gold), p = pairs(predicted.filter { gold[$0.key] != nil })
    let tp = Double(g.intersection(p).count)
    let precision = p.isEmpty ? 1 : tp / Double(p.count)
    let recall = g.isEmpty ? 1 : tp / Double(g.count)
    return (precision, recall, precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0, g.count)
}
