import ArgumentParser
import AssetMapCore
import AssetMapQuery
import AssetMapStore
import Foundation

/// Who the CLI reads as: officers see everything by default.
struct VisibilityOption: ParsableArguments {
    @Option(name: .customLong("as"), help: "See the directory as: public, partner or officer (default).")
    var viewer = "officer"

    var visibility: Visibility {
        get throws {
            switch viewer {
            case "public", "open", "anonymous": return .open
            case "partner", "partners": return .partners
            case "officer", "admin", "restricted": return .restricted
            default: throw ValidationError("--as must be public, partner or officer")
            }
        }
    }
}

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search the directory: words by relevance, or nearest first with --near.",
        discussion: """
            assetmap search library --near "WA15 9NT"
            assetmap search --category "food bank" --near m329af --radius 2000
            assetmap search "youth club" --area E05015239 --json
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Words to look for (optional).") var text: [String] = []
    @Option(help: "A postcode (any spacing/case) or LAT,LON.") var near: String?
    @Option(help: "Only within this many metres of --near.") var radius: Double?
    @Option(help: "Only this category (e.g. 'food bank').") var category: String?
    @Option(help: "organisation, service or place.") var kind: String?
    @Option(help: "Only inside this area (a code in any layer, or a name).") var area: String?
    @Option(help: "Results per page.") var limit = 20
    @Option(help: "Page number.") var page = 1
    @OptionGroup var visibility: VisibilityOption
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print a GeoJSON FeatureCollection.") var geojson = false
    @Flag(help: "Print CSV.") var csv = false

    func run() async throws {
        let directory = Directory(store: try global.openStore())
        var entityKind: EntityKind?
        if let kind {
            guard let k = EntityKind(lenient: kind) else { throw ValidationError("--kind must be organisation, service or place") }
            entityKind = k
        }
        let query = SearchQuery(
            text: text.isEmpty ? nil : text.joined(separator: " "), near: try near.map(directory.resolveNear), radius: radius,
            category: category, kind: entityKind, area: area, page: page, perPage: limit, visibility: try visibility.visibility)
        let result = try directory.search(query)
        if json { return try Output.json(result) }
        if geojson { return try Output.json(GeoJSONResults(result)) }
        if csv {
            print("id,kind,name,categories,address,postcode,lat,lon,distance_m,location_precision,sources")
            for h in result.results {
                print([String(h.id), h.kind, h.name, h.categories.joined(separator: ";"), h.address ?? "", h.postcode ?? "",
                       h.lat.map { String($0) } ?? "", h.lon.map { String($0) } ?? "", h.distanceM.map { String(Int($0.rounded())) } ?? "",
                       h.locationPrecision ?? "", h.sources.joined(separator: ";")].map(csvField).joined(separator: ","))
            }
            return
        }
        if let corrected = result.correctedText { print("showing results for: \(corrected)") }
        print("\(result.total) found; page \(result.page)")
        Output.table(
            ["id", "name", "what", "address", "distance"],
            result.results.map { h in
                [String(h.id), h.name, h.categories.first ?? h.kind, [h.address, h.postcode].compactMap { $0 }.joined(separator: ", "),
                 h.distanceM.map { Self.distance($0) + (h.approximateLocation ? " (approx.)" : "") } ?? ""]
            })
    }

    static func distance(_ metres: Double) -> String {
        metres < 1000 ? "\(Int(metres.rounded())) m" : String(format: "%.1f km", metres / 1000)
    }
}

func csvField(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}

/// Search results as a GeoJSON FeatureCollection.
struct GeoJSONResults: Encodable {
    struct Feature: Encodable {
        var type = "Feature"
        var id: Int64
        var geometry: Geometry?
        var properties: SearchHit
    }
    struct Geometry: Encodable {
        var type = "Point"
        var coordinates: [Double]
    }
    var type = "FeatureCollection"
    var features: [Feature]

    init(_ page: SearchPage) {
        features = page.results.map { h in
            Feature(id: h.id, geometry: h.lat.flatMap { lat in h.lon.map { Geometry(coordinates: [$0, lat]) } }, properties: h)
        }
    }
}
