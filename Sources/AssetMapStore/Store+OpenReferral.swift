import AssetMapCore
import Foundation
import GRDB

/// One directory entity as the Open Referral UK face shows it: golden values of the anonymous (open) view only.
public struct OpenReferralListing: Sendable, Equatable {
    public var entityID: Int64
    public var kind: EntityKind
    public var name: String
    public var description: String?
    public var categories: [String]
    public var address: String?
    public var town: String?
    public var postcode: String?
    public var uprn: String?
    public var phone: String?
    public var email: String?
    public var website: String?
    public var openingHours: String?
    public var organisation: String?
    public var charityNumber: String?
    public var companyNumber: String?
    public var lat: Double?
    public var lon: Double?
    public var precision: LocationPrecision?
    /// The newest `updated` (or source as-of date, or import time) of the visible members.
    public var updated: String?
    /// Metres from the point asked about, when one was.
    public var distanceM: Double?

    /// Whether the entity has anything to show as a location (a point, an address or a postcode).
    public var hasLocation: Bool { lat != nil || address != nil || postcode != nil }
    /// A point that may be shown as the place itself: exact or the postcode's own point, never a sector or district centre.
    public var hasPreciseLocation: Bool { lat != nil && lon != nil && (precision == .exact || precision == .postcode) }
}

/// What an Open Referral list asks for. Only `service` and `organisation` entities are Open Referral services.
public struct OpenReferralQuery: Sendable, Equatable {
    public var text: String?
    /// One of the directory's categories (a taxonomy term), exactly.
    public var category: String?
    /// Nearest first from here; with `radius`, only within it (metres). Only precisely located entities qualify.
    public var near: Coordinate?
    public var radius: Double?
    /// Only entities whose newest member changed on or after this ISO 8601 date or time.
    public var modifiedAfter: String?
    /// Only entities with a location (service_at_locations).
    public var locatedOnly = false
    public var page = 1
    public var perPage = 50

    public init(
        text: String? = nil, category: String? = nil, near: Coordinate? = nil, radius: Double? = nil, modifiedAfter: String? = nil,
        locatedOnly: Bool = false, page: Int = 1, perPage: Int = 50
    ) {
        self.text = text
        self.category = category
        self.near = near
        self.radius = radius
        self.modifiedAfter = modifiedAfter
        self.locatedOnly = locatedOnly
        self.page = page
        self.perPage = perPage
    }
}

/// One page of an Open Referral list, with the total the `Page` wrapper reports.
public struct OpenReferralPage: Sendable, Equatable {
    public var total: Int
    public var listings: [OpenReferralListing]
}

extension AssetMapStore {
    /// What anonymous callers may see, restricted to what Open Referral calls services.
    static let openReferralScope = "v.min_level <= 0 AND v.max_level >= 0 AND v.kind IN ('service', 'organisation')"
    static let openReferralLocated = "(v.lat IS NOT NULL OR v.address IS NOT NULL OR v.postcode IS NOT NULL)"
    static let openReferralColumns = """
        v.entity_id, v.kind, v.name, v.description, v.categories, v.address, v.postcode, v.phone, v.email, v.website,
        v.opening_hours, v.organisation, v.lat, v.lon, v.location_precision, v.updated,
        json_extract(v.golden, '$.town.value') AS town, json_extract(v.golden, '$.uprn.value') AS uprn,
        json_extract(v.golden, '$.charity_number.value') AS charity_number,
        json_extract(v.golden, '$.company_number.value') AS company_number
        """

    /// A page of open services (entities of kind service or organisation), in entity order, by relevance with `text`,
    /// or nearest first with `near`.
    public func openReferralServices(_ query: OpenReferralQuery) throws -> OpenReferralPage {
        guard (1...1_000_000_000).contains(query.page), (1...1000).contains(query.perPage) else {
            throw StoreError.invalid("page must be 1–1,000,000,000 and per_page 1–1000")
        }
        if let radius = query.radius, !(radius > 0 && radius <= 1_000_000) {
            throw StoreError.invalid("radius must be between 1 and 1,000,000 metres")
        }
        return try writer.read { db in
            var conditions = [Self.openReferralScope]
            var arguments: [(any DatabaseValueConvertible)?] = []
            var from = "entity_view v"
            var order = "v.entity_id"
            if let text = query.text {
                let words = SearchText.words(text)
                if !words.isEmpty {
                    from += " JOIN (SELECT rowid, \(Self.rankSQL) AS rank FROM entity_fts WHERE entity_fts MATCH ?) f ON f.rowid = v.id"
                    arguments.append(SearchText.match(words, all: true))
                    order = "f.rank, v.entity_id"
                }
            }
            if query.locatedOnly { conditions.append(Self.openReferralLocated) }
            if let category = query.category {
                conditions.append("v.id IN (SELECT view_id FROM entity_category WHERE category = ?)")
                arguments.append(category)
            }
            if let after = query.modifiedAfter {
                conditions.append("v.updated >= ?")
                arguments.append(after)
            }
            var distance = "NULL"
            if let near = query.near {
                // Only points that stand for the place itself: a sector or district centre is not "within 500 m".
                conditions.append("v.location_precision IN ('exact', 'postcode') AND v.lat IS NOT NULL")
                distance = "ST_Distance(v.geom, MakePoint(?, ?, 4326), 1)"
                if let radius = query.radius {
                    // The spatial index's R*Tree narrows to a box; the ellipsoidal distance decides.
                    let d = IndexBox.margins(metres: radius, latitude: near.lat)
                    conditions.append("v.id IN (SELECT pkid FROM idx_entity_view_geom WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ?)")
                    arguments += [near.lon - d.lon, near.lon + d.lon, near.lat - d.lat, near.lat + d.lat]
                    conditions.append("ST_Distance(v.geom, MakePoint(?, ?, 4326), 1) <= ?")
                    arguments += [near.lon, near.lat, radius]
                }
                order = "distance, v.entity_id"
            }
            let whereSQL = conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM \(from) WHERE \(whereSQL)", arguments: StatementArguments(arguments)) ?? 0
            var distanceArguments: [(any DatabaseValueConvertible)?] = []
            if let near = query.near { distanceArguments = [near.lon, near.lat] }
            let rows = try Row.fetchAll(
                db, sql: """
                    SELECT \(Self.openReferralColumns), \(distance) AS distance FROM \(from) WHERE \(whereSQL)
                    ORDER BY \(order) LIMIT ? OFFSET ?
                    """,
                arguments: StatementArguments(distanceArguments + arguments + [query.perPage, (query.page - 1) * query.perPage]))
            return OpenReferralPage(total: total, listings: rows.map(Self.openReferralListing))
        }
    }

    /// One open service by entity id (following merges), or nil when anonymous callers cannot see it as a service.
    public func openReferralService(entityID: Int64) throws -> OpenReferralListing? {
        let resolved: Int64
        do {
            resolved = try resolveEntity(id: entityID)
        } catch StoreError.notFound {
            return nil
        }
        return try writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.openReferralColumns), NULL AS distance FROM entity_view v WHERE \(Self.openReferralScope) AND v.entity_id = ?",
                arguments: [resolved]
            ).map(Self.openReferralListing)
        }
    }

    /// The categories open services carry (the terms of the one taxonomy), with how many services carry each.
    public func openReferralCategories() throws -> [(category: String, services: Int)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.category, count(*) FROM entity_category c JOIN entity_view v ON v.id = c.view_id
                WHERE \(Self.openReferralScope) GROUP BY c.category ORDER BY c.category
                """).map { (category: $0[0], services: $0[1]) }
        }
    }

    /// The highest entity id there is (0 when none): ids below it are all the ids that may exist.
    public func highestEntityID() throws -> Int64 {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM entity") ?? 0 }
    }

    static func openReferralListing(_ row: Row) -> OpenReferralListing {
        let categories: String? = row["categories"]
        let distance: Double? = row["distance"]
        return OpenReferralListing(
            entityID: row["entity_id"], kind: EntityKind(rawValue: row["kind"]) ?? .service, name: row["name"],
            description: row["description"], categories: categories.map { $0.split(separator: ";").map(String.init) } ?? [],
            address: row["address"], town: row["town"], postcode: row["postcode"], uprn: row["uprn"], phone: row["phone"],
            email: row["email"], website: row["website"], openingHours: row["opening_hours"], organisation: row["organisation"],
            charityNumber: row["charity_number"], companyNumber: row["company_number"], lat: row["lat"], lon: row["lon"],
            precision: (row["location_precision"] as String?).flatMap(LocationPrecision.init(rawValue:)), updated: row["updated"],
            distanceM: distance.map { ($0 * 10).rounded() / 10 })
    }
}
