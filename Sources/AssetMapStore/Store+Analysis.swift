import AssetMapCore
import Foundation
import GRDB

/// An entity as the analyses read it.
public struct DirectoryEntity: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var name: String
    public var categories: [String]
    public var sources: [String]
    public var point: Coordinate?
    public var precision: LocationPrecision?
    public var owner: String?
    public var occupancy: String?
    public var floorAreaM2: Double?
    public var runningCostGBP: Double?
    public var address: String?
    public var postcode: String?
}

/// An area with its layer.
public struct AreaInfo: Codable, Sendable, Equatable {
    public var id: Int64
    public var layer: String
    public var code: String
    public var name: String?
    public var population: Int?
}

/// Where an area's residents are: the mean of its postcode points, else a point inside the polygon.
public struct AreaCentre: Sendable {
    public var area: AreaInfo
    public var centre: Coordinate
    /// `postcodes` (mean of N postcode points) or `polygon` (no postcodes loaded inside it).
    public var basis: String
    public var postcodes: Int
}

/// One active record for the coverage analysis.
public struct CoverageRecord: Sendable {
    public var entityID: Int64
    public var entityName: String
    public var source: String
    public var sourceKey: String
    public var fields: [String: String]
}

/// A group near a point, for co-location's transfer candidates.
public struct NearbyOrganisation: Sendable {
    public var id: Int64
    public var name: String
    /// Metres by `Coordinate.approximateDistance` (equirectangular), as co-location measures its clusters.
    public var distanceM: Double
}

extension AssetMapStore {
    private static let entityColumns = """
        v.entity_id, v.kind, v.name, v.categories, v.sources, v.lat, v.lon, v.location_precision, v.owner, v.occupancy,
        v.floor_area_m2, v.running_cost_gbp, v.address, v.postcode
        """

    static func directoryEntity(_ row: Row) -> DirectoryEntity {
        let lat: Double? = row["lat"], lon: Double? = row["lon"]
        let categories: String? = row["categories"]
        let sources: String = row["sources"]
        return DirectoryEntity(
            id: row["entity_id"], kind: row["kind"], name: row["name"],
            categories: categories.map { $0.split(separator: ";").map(String.init) } ?? [],
            sources: sources.split(separator: ";").map(String.init),
            point: lat.flatMap { la in lon.map { Coordinate(lat: la, lon: $0) } },
            precision: (row["location_precision"] as String?).flatMap(LocationPrecision.init(rawValue:)),
            owner: row["owner"], occupancy: row["occupancy"], floorAreaM2: row["floor_area_m2"],
            runningCostGBP: row["running_cost_gbp"], address: row["address"], postcode: row["postcode"])
    }

    /// An area by code (any layer, or the given one), else by name.
    public func area(_ key: String, layer: String? = nil) throws -> AreaInfo {
        try writer.read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: Self.areaSQL), arguments: [key, key, layer, layer, key])
            guard let row = rows.first else { throw StoreError.notFound(what: "area", key: key) }
            return AreaInfo(id: row["id"], layer: row["layer"], code: row["code"], name: row["name"], population: row["population"])
        }
    }

    /// By code or name, the exact code first; served by the indexes of migration v6-area-lookup.
    static let areaSQL = """
        SELECT id, layer, code, name, population FROM area
        WHERE (code = ? OR lower(name) = lower(?)) AND (? IS NULL OR layer = ?)
        ORDER BY code = ? DESC, layer LIMIT 1
        """

    /// Entities located in an area, as `visibility` sees them.
    public func entities(inArea areaID: Int64, visibility: Visibility) throws -> [DirectoryEntity] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.entityColumns) FROM entity_view v JOIN entity_area ea ON ea.view_id = v.id
                WHERE ea.area_id = ? AND v.min_level <= ? AND v.max_level >= ? ORDER BY v.name
                """, arguments: [areaID, visibility.rawValue, visibility.rawValue]).map(Self.directoryEntity)
        }
    }

    /// Located entities of a category (singular or plural as typed), as `visibility` sees them.
    public func entities(inCategory category: String, visibility: Visibility) throws -> [DirectoryEntity] {
        try writer.read { db in
            let forms = SearchText.categoryForms(category.lowercased())
            return try Row.fetchAll(db, sql: """
                SELECT \(Self.entityColumns) FROM entity_view v
                WHERE v.id IN (SELECT view_id FROM entity_category WHERE category IN (\(forms.map { _ in "?" }.joined(separator: ","))))
                  AND v.min_level <= ? AND v.max_level >= ? AND v.lat IS NOT NULL
                """, arguments: StatementArguments(forms) + [visibility.rawValue, visibility.rawValue]).map(Self.directoryEntity)
        }
    }

    /// Partner estate (places with an owner), optionally inside an area.
    public func partnerEstate(inArea areaID: Int64?, visibility: Visibility) throws -> [DirectoryEntity] {
        try writer.read { db in
            // Two statements, not `? IS NULL OR …`: the planner can then start from the area's members.
            // `+v.kind`: with an area, its members are the rows to read, not every place in the country.
            let estate = "+v.kind = 'place' AND v.owner IS NOT NULL AND v.min_level <= ? AND v.max_level >= ?"
            let level = visibility.rawValue
            if let areaID {
                return try Row.fetchAll(db, sql: """
                    SELECT \(Self.entityColumns) FROM entity_area ea JOIN entity_view v ON v.id = ea.view_id
                    WHERE ea.area_id = ? AND \(estate) ORDER BY v.entity_id
                    """, arguments: [areaID, level, level]).map(Self.directoryEntity)
            }
            return try Row.fetchAll(db, sql: "SELECT \(Self.entityColumns) FROM entity_view v WHERE \(estate) ORDER BY v.entity_id",
                                    arguments: [level, level]).map(Self.directoryEntity)
        }
    }

    /// Organisations (voluntary groups, charities) placed at a street-level point within `metres` of each point, as
    /// `visibility` sees them, nearest first.
    ///
    /// The points are grouped in 2 km cells and each cell's box (its points' extent plus `metres`) is read once from
    /// the spatial index: a dense town's hundreds of vacant buildings share one read instead of hundreds of
    /// overlapping ones, and a country's scattered ones still read only their own neighbourhoods. (`+v.kind` keeps the
    /// planner from starting at the kind index, which would read every organisation per box.)
    public func organisations(near points: [Coordinate], within metres: Double, visibility: Visibility) throws -> [[NearbyOrganisation]] {
        let cellLat = 2_000 / 110_574.0
        var cells: [[Int]: [Int]] = [:]
        for (i, p) in points.enumerated() {
            let cellLon = cellLat / max(cos(p.lat * .pi / 180), 0.01)
            cells[[Int((p.lat / cellLat).rounded(.down)), Int((p.lon / cellLon).rounded(.down))], default: []].append(i)
        }
        var found = Array(repeating: [NearbyOrganisation](), count: points.count)
        try writer.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT v.entity_id, v.name, v.lat, v.lon FROM entity_view v
                WHERE v.id IN (SELECT pkid FROM idx_entity_view_geom WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ?)
                  AND +v.kind = 'organisation' AND v.min_level <= ? AND v.max_level >= ?
                  AND v.location_precision IS NOT NULL AND v.location_precision NOT IN ('sector', 'district')
                """)
            for members in cells.values {
                let lats = members.map { points[$0].lat }, lons = members.map { points[$0].lon }
                let d = IndexBox.margins(metres: metres, latitude: lats.map(abs).max()!)
                let candidates = try Row.fetchAll(statement, arguments: [
                    lons.min()! - d.lon, lons.max()! + d.lon, lats.min()! - d.lat, lats.max()! + d.lat, visibility.rawValue, visibility.rawValue,
                ]).map { row -> (id: Int64, name: String, lat: Double, lon: Double) in (row[0], row[1], row[2], row[3]) }
                for i in members {
                    found[i] = candidates.compactMap { c in
                        let d = points[i].approximateDistance(to: Coordinate(lat: c.lat, lon: c.lon))
                        return d <= metres ? NearbyOrganisation(id: c.id, name: c.name, distanceM: d) : nil
                    }.sorted { ($0.distanceM, $0.id) < ($1.distanceM, $1.id) }
                }
            }
        }
        return found
    }

    /// The residents' centre of every area of a layer: the mean of the postcode points inside it.
    public func areaCentres(layer: String) throws -> [AreaCentre] {
        try writer.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM area_layer WHERE name = ?", arguments: [layer]) == true else {
                throw StoreError.notFound(what: "area layer", key: layer)
            }
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.id, a.layer, a.code, a.name, a.population,
                    -- The postcode file's own assignment (ONSPD) where it has this layer, else point in polygon.
                    (SELECT avg(p.lat) || ',' || avg(p.lon) || ',' || count(*) FROM postcode_area pa
                     JOIN postcode p ON p.postcode = pa.postcode WHERE pa.layer = a.layer AND pa.code = a.code) AS directory_mean,
                    (SELECT avg(p.lat) || ',' || avg(p.lon) || ',' || count(*) FROM postcode p
                     WHERE p.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'postcode'
                                       AND f_geometry_column = 'geom' AND search_frame = a.geom)
                       AND ST_Intersects(a.geom, p.geom) = 1) AS mean,
                    Y(ST_PointOnSurface(a.geom)) AS plat, X(ST_PointOnSurface(a.geom)) AS plon
                FROM area a WHERE a.layer = ? ORDER BY a.code
                """, arguments: [layer])
            return rows.map { row in
                let info = AreaInfo(id: row["id"], layer: row["layer"], code: row["code"], name: row["name"], population: row["population"])
                let directory = (row["directory_mean"] as String?)?.split(separator: ",").compactMap { Double($0) } ?? []
                if directory.count == 3, directory[2] > 0 {
                    return AreaCentre(area: info, centre: Coordinate(lat: directory[0], lon: directory[1]), basis: "postcodes", postcodes: Int(directory[2]))
                }
                let parts = (row["mean"] as String?)?.split(separator: ",").compactMap { Double($0) } ?? []
                if parts.count == 3, parts[2] > 0 {
                    return AreaCentre(area: info, centre: Coordinate(lat: parts[0], lon: parts[1]), basis: "postcodes", postcodes: Int(parts[2]))
                }
                return AreaCentre(area: info, centre: Coordinate(lat: row["plat"] ?? 0, lon: row["plon"] ?? 0), basis: "polygon", postcodes: 0)
            }
        }
    }

    /// The ellipsoidal distance in metres between two points (SpatiaLite, WGS84).
    public func distance(_ a: Coordinate, _ b: Coordinate) throws -> Double {
        try writer.read { db in
            try Double.fetchOne(
                db, sql: "SELECT ST_Distance(MakePoint(?, ?, 4326), MakePoint(?, ?, 4326), 1)", arguments: [a.lon, a.lat, b.lon, b.lat]) ?? 0
        }
    }

    /// Every active record visible at `visibility`, with its entity, for coverage.
    public func coverageRecords(visibility: Visibility) throws -> [CoverageRecord] {
        try writer.read { db in
            let levels = Self.visibleLevels(visibility == .open ? .open : visibility == .partners ? .partners : .restricted)
            return try Row.fetchAll(db, sql: """
                SELECT re.entity_id, r.name, s.name AS source, r.source_key, r.fields FROM record r JOIN source s ON s.id = r.source_id
                JOIN record_entity re ON re.record_id = r.id
                WHERE r.status = 'active' AND s.sharing IN (\(levels.map { "'\($0)'" }.joined(separator: ",")))
                ORDER BY re.entity_id, s.name, r.source_key
                """).map {
                CoverageRecord(entityID: $0["entity_id"], entityName: $0["name"], source: $0["source"], sourceKey: $0["source_key"], fields: Self.decodeFields($0["fields"]))
            }
        }
    }

    /// Source names visible at `visibility`.
    public func sourceNames(visibility: Visibility) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM source WHERE (CASE sharing WHEN 'open' THEN 0 WHEN 'partners' THEN 1 ELSE 2 END) <= ? ORDER BY name", arguments: [visibility.rawValue])
        }
    }
}
