import AssetMapStore
import Foundation

/// `GET /v1/search` (DESIGN.md): every documented key is always present, `null` when there is no value.
struct SearchDocument: Encodable {
    let page: SearchPage

    enum CodingKeys: String, CodingKey {
        case total, page, results
        case perPage = "per_page"
        case correctedText = "corrected_text"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(page.total, forKey: .total)
        try c.encode(page.page, forKey: .page)
        try c.encode(page.perPage, forKey: .perPage)
        try c.encode(page.results.map(SearchResult.init), forKey: .results)
        try c.encode(page.correctedText, forKey: .correctedText)
    }
}

/// One search hit with explicit nulls.
struct SearchResult: Encodable {
    let hit: SearchHit

    init(_ hit: SearchHit) {
        self.hit = hit
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, name, categories, address, postcode, lat, lon, areas, sources, phone, email, website, description
        case distanceM = "distance_m"
        case locationPrecision = "location_precision"
        case approximateLocation = "approximate_location"
        case openingHours = "opening_hours"
    }

    struct AreaName: Encodable {
        var code: String
        var name: String?
        enum CodingKeys: String, CodingKey { case code, name }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encode(name, forKey: .name)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(hit.id, forKey: .id)
        try c.encode(hit.kind, forKey: .kind)
        try c.encode(hit.name, forKey: .name)
        try c.encode(hit.categories, forKey: .categories)
        try c.encode(hit.address, forKey: .address)
        try c.encode(hit.postcode, forKey: .postcode)
        try c.encode(hit.lat, forKey: .lat)
        try c.encode(hit.lon, forKey: .lon)
        try c.encode(hit.distanceM, forKey: .distanceM)
        try c.encode(hit.locationPrecision, forKey: .locationPrecision)
        try c.encode(hit.approximateLocation, forKey: .approximateLocation)
        try c.encode(hit.areas.mapValues { AreaName(code: $0.code, name: $0.name) }, forKey: .areas)
        try c.encode(hit.sources, forKey: .sources)
        try c.encode(hit.phone, forKey: .phone)
        try c.encode(hit.email, forKey: .email)
        try c.encode(hit.website, forKey: .website)
        try c.encode(hit.openingHours, forKey: .openingHours)
        try c.encode(hit.description, forKey: .description)
    }
}
