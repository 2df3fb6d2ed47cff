import AssetMapCore
import AssetMapQuery
import AssetMapStore
import Foundation
import Hummingbird

extension API {
    // MARK: search

    func search(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let p = QueryParameters(request)
        let text = try p.string("q")
        let nearText = try p.string("near", maxLength: 60)
        let radius = try p.double("radius", range: 1...100_000)
        if radius != nil && nearText == nil { throw Problem.badParameter("radius", "needs near (a postcode or lat,lon)") }
        let category = try p.string("category", maxLength: 100)
        var kind: EntityKind?
        if let k = try p.string("kind", maxLength: 40) {
            guard let parsed = EntityKind(rawValue: k.lowercased()) ?? EntityKind(lenient: k) else {
                throw Problem.badParameter("kind", "must be organisation, service or place, not '\(k)'")
            }
            kind = parsed
        }
        let area = try p.string("area", maxLength: 100)
        let perPage = try p.int("per_page", default: 20, range: 1...configuration.maxPerPage)
        let page = try p.int("page", default: 1, range: 1...1_000_000)
        guard page * perPage <= configuration.maxResultWindow else {
            throw Problem.badParameter("page", "pages reach at most result \(configuration.maxResultWindow); narrow the search instead")
        }
        let format = try p.choice("format", ["json", "geojson"], default: "json")
        let visibility = context.caller.role.visibility
        let directory = self.directory
        let kindFilter = kind
        let result = try await pool.read { () throws -> SearchPage in
            var near: Coordinate?
            if let nearText {
                do {
                    near = try directory.resolveNear(nearText)
                } catch QueryError.unknownPostcode(let postcode) {
                    throw Problem.badParameter("near", "postcode \(postcode) is not in the postcode table")
                }
            }
            let query = SearchQuery(
                text: text, near: near, radius: radius, category: category, kind: kindFilter, area: area, page: page, perPage: perPage,
                visibility: visibility)
            do {
                return try directory.search(query)
            } catch StoreError.notFound(let what, let key) where what == "area" {
                throw Problem.badParameter("area", "no area has the code or name '\(key)'")
            }
        }
        if format == "geojson" {
            return try Responses.json(GeoJSONPage(result), request: request, context: context, contentType: "application/geo+json")
        }
        return try Responses.json(SearchDocument(page: result), request: request, context: context)
    }

    // MARK: entity

    func entity(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let raw = try context.parameters.require("id")
        let visibility = context.caller.role.visibility
        let store = self.store
        let detail: VisibleEntityDetail?
        if let id = Int64(raw), id > 0 {
            detail = try await pool.read { try store.entityDetail(id: id, visibility: visibility) }
        } else if UUID(uuidString: raw) != nil {
            detail = try await pool.read { try store.entityDetail(uuid: raw, visibility: visibility) }
        } else {
            throw Problem.badParameter("id", "must be an entity number or UUID, not '\(raw.prefix(60))'")
        }
        // An entity none of whose members the caller may see does not exist for them.
        guard let detail else { throw Problem.notFound("no entity '\(raw.prefix(60))'") }
        return try Responses.json(EntityDocument(detail, requested: raw), request: request, context: context)
    }

    // MARK: postcodes

    func postcode(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let raw = try context.parameters.require("postcode").removingPercentEncoding ?? ""
        guard raw.count <= 16, let postcode = Postcode(raw) else {
            throw Problem.badParameter("postcode", "'\(raw.prefix(20))' is not a full UK postcode (e.g. WA14 1AH)")
        }
        let store = self.store
        guard let found = try await pool.read({ try store.lookupPostcode(postcode.formatted) }) else {
            throw Problem.notFound("postcode \(postcode.formatted) is not in the postcode table")
        }
        return try Responses.json(found, request: request, context: context)
    }

    // MARK: areas

    struct LayersDocument: Encodable {
        var layers: [AreaLayerInfo]
    }

    struct LayerDocument: Encodable {
        struct Area: Encodable {
            var layer: String
            var code: String
            var name: String?
            var population: Int?
            var entities: Int
        }
        var layer: String
        var areas: [Area]
    }

    func areas(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let layer = try QueryParameters(request).string("layer", maxLength: 60)
        let store = self.store
        let visibility = context.caller.role.visibility
        guard let layer else {
            let layers = try await pool.read { try store.areaLayers() }
            return try Responses.json(LayersDocument(layers: layers), request: request, context: context)
        }
        let document = try await pool.read { () throws -> LayerDocument in
            let areas: [AreaSummary]
            do {
                areas = try store.areas(inLayer: layer)
            } catch StoreError.notFound {
                throw Problem.badParameter("layer", "no area layer '\(layer)'; GET /v1/areas lists them")
            }
            let counts = try store.entityCounts(inLayer: layer, visibility: visibility)
            return LayerDocument(layer: layer, areas: areas.map {
                .init(layer: $0.layer, code: $0.code, name: $0.name, population: $0.population, entities: counts[$0.code] ?? 0)
            })
        }
        return try Responses.json(document, request: request, context: context)
    }

    struct AreaDocument: Encodable {
        var layer: String
        var code: String
        var name: String?
        var population: Int?
        var geometry: StoredJSON?

        enum CodingKeys: String, CodingKey { case layer, code, name, population, geometry }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(layer, forKey: .layer)
            try c.encode(code, forKey: .code)
            try c.encode(name, forKey: .name)
            try c.encode(population, forKey: .population)
            if let geometry { try c.encode(geometry, forKey: .geometry) }
        }
    }

    func area(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let code = try context.parameters.require("code").removingPercentEncoding ?? ""
        let p = QueryParameters(request)
        let layer = try p.string("layer", maxLength: 60)
        let format = try p.choice("format", ["json", "geojson"], default: "json")
        let withGeometry = try p.bool("geometry") || format == "geojson"
        let store = self.store
        let (info, geometry) = try await pool.read { () throws -> (AreaInfo, String?) in
            let info = try store.area(code, layer: layer)
            return (info, withGeometry ? try store.areaGeometryJSON(id: info.id) : nil)
        }
        if format == "geojson" {
            struct Feature: Encodable {
                var type = "Feature"
                var id: String
                var geometry: StoredJSON?
                var properties: AreaDocument
            }
            return try Responses.json(
                Feature(id: info.code, geometry: geometry.map { StoredJSON($0) },
                        properties: .init(layer: info.layer, code: info.code, name: info.name, population: info.population)),
                request: request, context: context, contentType: "application/geo+json")
        }
        return try Responses.json(
            AreaDocument(layer: info.layer, code: info.code, name: info.name, population: info.population, geometry: geometry.map { StoredJSON($0) }),
            request: request, context: context)
    }

    func areaProfile(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let code = try context.parameters.require("code").removingPercentEncoding ?? ""
        let layer = try QueryParameters(request).string("layer", maxLength: 60)
        let directory = self.directory
        let visibility = context.caller.role.visibility
        let profile = try await pool.read { try directory.areaProfile(code, layer: layer, visibility: visibility) }
        return try Responses.json(profile, request: request, context: context)
    }
}


/// Search results as a GeoJSON FeatureCollection, with the paging as foreign members.
struct GeoJSONPage: Encodable {
    struct Feature: Encodable {
        var type = "Feature"
        var id: Int64
        var geometry: Geometry?
        var properties: SearchResult

        enum CodingKeys: String, CodingKey { case type, id, geometry, properties }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            try c.encode(id, forKey: .id)
            try c.encode(geometry, forKey: .geometry)  // null when unlocated, as GeoJSON requires the member
            try c.encode(properties, forKey: .properties)
        }
    }
    struct Geometry: Encodable {
        var type = "Point"
        var coordinates: [Double]
    }
    var type = "FeatureCollection"
    var total: Int
    var page: Int
    var perPage: Int
    var features: [Feature]

    enum CodingKeys: String, CodingKey {
        case type, total, page, features
        case perPage = "per_page"
    }

    init(_ page: SearchPage) {
        total = page.total
        self.page = page.page
        perPage = page.perPage
        features = page.results.map { h in
            Feature(id: h.id, geometry: h.lat.flatMap { lat in h.lon.map { Geometry(coordinates: [$0, lat]) } }, properties: SearchResult(h))
        }
    }
}

/// `GET /v1/entities/{id}`: the golden record with provenance, the visible members, areas and links.
struct EntityDocument: Encodable {
    struct Member: Encodable {
        var record_id: Int64
        var source: String
        var source_key: String
        var sharing: String
        var name: String?
        var location_precision: String?
        var lat: Double?
        var lon: Double?
        var updated: String
        var fields: [String: String]
    }
    struct Link: Encodable {
        var review_id: Int64
        var record_a: Int64
        var record_b: Int64
        var probability: Double
    }
    struct AreaName: Encodable {
        var code: String
        var name: String?
    }
    var id: Int64
    var requested_id: String
    var uuid: String
    var kind: String
    var name: String
    var categories: [String]
    var address: String?
    var postcode: String?
    var lat: Double?
    var lon: Double?
    var location_precision: String?
    var areas: [String: AreaName]
    var sources: [String]
    var golden: [String: FieldChoice]
    var members: [Member]
    var links: [Link]

    init(_ d: VisibleEntityDetail, requested: String) {
        let golden = GoldenRecord.choose(d.members.map(\.record))
        id = d.id
        requested_id = requested
        uuid = d.uuid
        kind = d.kind.rawValue
        name = golden["name"]?.value ?? ""
        var seen: Set<String> = []
        categories = d.members.flatMap { ($0.record.fields["categories"] ?? "").split(separator: ";").map(String.init) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
        address = golden["address"]?.value
        postcode = golden["postcode"]?.value
        lat = d.point?.lat
        lon = d.point?.lon
        location_precision = d.precision?.rawValue
        areas = d.areas.mapValues { AreaName(code: $0.code, name: $0.name) }
        var seenSources: Set<String> = []
        sources = d.members.map(\.record.source).filter { seenSources.insert($0).inserted }
        self.golden = golden
        members = d.members.map {
            Member(
                record_id: $0.record.recordID, source: $0.record.source, source_key: $0.record.sourceKey, sharing: $0.sharing.rawValue,
                name: $0.record.fields["name"], location_precision: $0.precision?.rawValue, lat: $0.point?.lat, lon: $0.point?.lon,
                updated: $0.record.recency, fields: $0.record.fields)
        }
        links = d.links.map { Link(review_id: $0.pairID, record_a: $0.a, record_b: $0.b, probability: $0.probability) }
    }
}
