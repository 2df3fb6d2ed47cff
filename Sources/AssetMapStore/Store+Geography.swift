import AssetMapCore
import Foundation
import GRDB

/// One postcode as a postcode table gives it.
public struct PostcodeEntry: Sendable, Equatable {
    public var postcode: String   // canonical "M33 7AB"
    public var sector: String
    public var district: String
    public var coordinate: Coordinate
    /// Area codes the file gives for this postcode, by layer.
    public var areas: [AreaRef]

    public init(postcode: String, sector: String, district: String, coordinate: Coordinate, areas: [AreaRef]) {
        self.postcode = postcode
        self.sector = sector
        self.district = district
        self.coordinate = coordinate
        self.areas = areas
    }
}

/// A postcode's point and its area in every layer.
public struct PostcodeLookup: Codable, Sendable, Equatable {
    public struct Area: Codable, Sendable, Equatable {
        public var code: String
        public var name: String?
        /// `polygon` when found by point in polygon on a loaded layer, `directory` when only the postcode file gives it.
        public var basis: String
        /// What the postcode file says, when it disagrees with the polygon.
        public var directoryCode: String?

        enum CodingKeys: String, CodingKey {
            case code, name, basis
            case directoryCode = "directory_code"
        }
    }
    public var postcode: String
    public var sector: String
    public var district: String
    public var lat: Double
    public var lon: Double
    public var areas: [String: Area]
}

/// One polygon of an area layer, as GeoJSON geometry text.
public struct AreaFeature: Sendable {
    public var code: String
    public var name: String?
    public var geometryJSON: String
    /// Where it came from, for error messages (e.g. "feature 12").
    public var origin: String

    public init(code: String, name: String?, geometryJSON: String, origin: String) {
        self.code = code
        self.name = name
        self.geometryJSON = geometryJSON
        self.origin = origin
    }
}

/// A loaded area layer.
public struct AreaLayerInfo: Codable, Sendable, Equatable {
    public var name: String
    public var areas: Int
    public var hasCodes: Bool
    public var withPopulation: Int
    public var file: String?
    public var loadedAt: String

    enum CodingKeys: String, CodingKey {
        case name, areas, file
        case hasCodes = "has_codes"
        case withPopulation = "with_population"
        case loadedAt = "loaded_at"
    }
}

/// One area of a layer, for listings.
public struct AreaSummary: Codable, Sendable, Equatable {
    public var layer: String
    public var code: String
    public var name: String?
    public var population: Int?
    public var records: Int
}

/// What loading an area layer did.
public struct AreaLoadSummary: Codable, Sendable, Equatable {
    public var layer: String
    public var areas: Int
    public var replaced: Int
    public var recordsAssigned: Int

    enum CodingKeys: String, CodingKey {
        case layer, areas, replaced
        case recordsAssigned = "records_assigned"
    }
}

/// How well point-in-polygon agrees with the area codes a postcode file gives.
public struct AreaAgreement: Codable, Sendable, Equatable {
    public var layer: String
    public var postcodes: Int
    public var agree: Int
    public var disagree: Int
    public var outside: Int
    public var seconds: Double
    public var disagreements: [Disagreement]
    public struct Disagreement: Codable, Sendable, Equatable {
        public var postcode: String
        public var directory: String
        public var polygon: String?
    }
    public var agreementRate: Double { postcodes == 0 ? 0 : Double(agree) / Double(postcodes) }

    enum CodingKeys: String, CodingKey {
        case layer, postcodes, agree, disagree, outside, seconds, disagreements
    }
}

extension AssetMapStore {
    // MARK: Postcodes

    /// Adds or updates postcodes in one transaction; `produce` streams them in.
    ///
    /// Sector and district centroids are recomputed afterwards, so partial postcodes geocode.
    @discardableResult
    public func loadPostcodes(_ produce: (_ add: (PostcodeEntry) throws -> Void) throws -> Void) throws -> Int {
        try writer.write { db in
            let upsert = try db.makeStatement(sql: """
                INSERT INTO postcode (postcode, sector, district, lat, lon, geom)
                VALUES (?, ?, ?, ?, ?, MakePoint(?, ?, 4326))
                ON CONFLICT (postcode) DO UPDATE SET sector = excluded.sector, district = excluded.district,
                    lat = excluded.lat, lon = excluded.lon, geom = excluded.geom
                """)
            let clearAreas = try db.makeStatement(sql: "DELETE FROM postcode_area WHERE postcode = ?")
            let addArea = try db.makeStatement(
                sql: "INSERT OR REPLACE INTO postcode_area (postcode, layer, code, name) VALUES (?, ?, ?, ?)")
            var count = 0
            try produce { entry in
                let c = entry.coordinate
                try upsert.execute(arguments: [entry.postcode, entry.sector, entry.district, c.lat, c.lon, c.lon, c.lat])
                try clearAreas.execute(arguments: [entry.postcode])
                for area in entry.areas {
                    try addArea.execute(arguments: [entry.postcode, area.layer, area.code, area.name])
                }
                count += 1
            }
            try db.execute(sql: """
                DELETE FROM postcode_centroid;
                INSERT INTO postcode_centroid (prefix, level, lat, lon, postcodes)
                    SELECT sector, 'sector', avg(lat), avg(lon), count(*) FROM postcode GROUP BY sector;
                INSERT INTO postcode_centroid (prefix, level, lat, lon, postcodes)
                    SELECT district, 'district', avg(lat), avg(lon), count(*) FROM postcode GROUP BY district;
                """)
            return count
        }
    }

    /// Number of postcodes loaded.
    public func postcodeCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM postcode") ?? 0 }
    }

    /// The point of a full postcode, or the centroid of a sector or district.
    public func centroid(ofPostcode postcode: String) throws -> Coordinate? {
        try writer.read { db in try PostcodeGeocoder.point(db, table: "postcode", key: postcode) }
    }

    /// A postcode's point and its area in every layer (point in polygon for loaded layers, else the file's codes).
    public func lookupPostcode(_ postcode: String) throws -> PostcodeLookup? {
        try writer.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT postcode, sector, district, lat, lon FROM postcode WHERE postcode = ?",
                arguments: [postcode])
            else { return nil }
            let coordinate = Coordinate(lat: row["lat"], lon: row["lon"])
            var areas: [String: PostcodeLookup.Area] = [:]
            let directory = try Row.fetchAll(
                db, sql: "SELECT layer, code, name FROM postcode_area WHERE postcode = ?", arguments: [postcode])
            var directoryCodes: [String: String] = [:]
            for area in directory {
                let layer: String = area["layer"]
                let code: String? = area["code"]
                let name: String? = area["name"]
                directoryCodes[layer] = code ?? name
                areas[layer] = .init(code: code ?? name ?? "", name: name, basis: "directory", directoryCode: nil)
            }
            for area in try Self.areas(db, containing: coordinate) {
                let directoryCode = directoryCodes[area.layer]
                areas[area.layer] = .init(
                    code: area.code, name: area.name, basis: "polygon",
                    directoryCode: directoryCode == area.code || directoryCode == area.name ? nil : directoryCode)
            }
            return PostcodeLookup(
                postcode: row["postcode"], sector: row["sector"], district: row["district"],
                lat: coordinate.lat, lon: coordinate.lon, areas: areas)
        }
    }

    // MARK: Areas

    /// Replaces a layer's polygons in one transaction and re-assigns every located record to the new areas.
    public func replaceAreaLayer(
        _ layer: String, codeField: String?, nameField: String?, file: String?,
        _ produce: (_ add: (AreaFeature) throws -> Void) throws -> Void
    ) throws -> AreaLoadSummary {
        guard !layer.isEmpty, layer.count <= 64 else { throw StoreError.invalid("a layer name must be 1–64 characters") }
        return try writer.write { db in
            let replaced = try Int.fetchOne(db, sql: "SELECT count(*) FROM area WHERE layer = ?", arguments: [layer]) ?? 0
            // Population survives a boundary reload when codes are unchanged.
            let population = try Dictionary(
                Row.fetchAll(db, sql: "SELECT code, population FROM area WHERE layer = ? AND population IS NOT NULL", arguments: [layer])
                    .map { ($0["code"] as String, $0["population"] as Int) }, uniquingKeysWith: { a, _ in a })
            try db.execute(sql: "DELETE FROM area WHERE layer = ?", arguments: [layer])
            try db.execute(sql: """
                INSERT INTO area_layer (name, code_field, name_field, has_codes, file, loaded_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET code_field = excluded.code_field, name_field = excluded.name_field,
                    has_codes = excluded.has_codes, file = excluded.file, loaded_at = excluded.loaded_at
                """, arguments: [layer, codeField, nameField, codeField != nil, file, Timestamp.now()])
            let insert = try db.makeStatement(sql: """
                INSERT INTO area (layer, code, name, population, geom)
                VALUES (?, ?, ?, ?, CastToMultiPolygon(SetSRID(GeomFromGeoJSON(?), 4326)))
                """)
            var count = 0
            var seen: Set<String> = []
            try produce { feature in
                guard seen.insert(feature.code).inserted else {
                    throw StoreError.invalid("\(feature.origin): area code '\(feature.code)' appears twice in layer '\(layer)'")
                }
                try insert.execute(arguments: [layer, feature.code, feature.name, population[feature.code], feature.geometryJSON])
                let ok = try Bool.fetchOne(
                    db, sql: "SELECT geom IS NOT NULL FROM area WHERE rowid = ?", arguments: [db.lastInsertedRowID]) ?? false
                if !ok {
                    throw StoreError.invalid("\(feature.origin): geometry is not a Polygon or MultiPolygon SpatiaLite can read")
                }
                count += 1
            }
            if count == 0 { throw StoreError.invalid("no polygons to load into layer '\(layer)'") }
            let assigned = try Self.assignRecords(db, layer: layer, .every)
            // Every entity's areas may have changed.
            try Self.refreshEntities(db, ids: nil)
            return AreaLoadSummary(layer: layer, areas: count, replaced: replaced, recordsAssigned: assigned)
        }
    }

    /// Attaches resident population to areas by code (every layer, or one); returns the codes not found.
    public func setPopulation(_ values: [String: Int], layer: String?) throws -> (matched: Int, unmatched: [String]) {
        try writer.write { db in
            var matched = 0
            var unmatched: [String] = []
            let statement = try db.makeStatement(
                sql: layer == nil
                    ? "UPDATE area SET population = ? WHERE code = ?"
                    : "UPDATE area SET population = ? WHERE code = ? AND layer = ?")
            for (code, value) in values.sorted(by: { $0.key < $1.key }) {
                var arguments: StatementArguments = [value, code]
                if let layer { arguments += [layer] }
                try statement.execute(arguments: arguments)
                if db.changesCount > 0 { matched += 1 } else { unmatched.append(code) }
            }
            return (matched, unmatched)
        }
    }

    /// Every loaded layer.
    public func areaLayers() throws -> [AreaLayerInfo] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT l.name, l.has_codes, l.file, l.loaded_at, count(a.id) AS areas, count(a.population) AS with_population
                FROM area_layer l LEFT JOIN area a ON a.layer = l.name GROUP BY l.name ORDER BY l.name
                """).map {
                AreaLayerInfo(
                    name: $0["name"], areas: $0["areas"], hasCodes: $0["has_codes"], withPopulation: $0["with_population"],
                    file: $0["file"], loadedAt: $0["loaded_at"])
            }
        }
    }

    /// The areas of one layer, with population and how many active records each holds.
    public func areas(inLayer layer: String) throws -> [AreaSummary] {
        try writer.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM area_layer WHERE name = ?", arguments: [layer]) == true else {
                throw StoreError.notFound(what: "area layer", key: layer)
            }
            return try Row.fetchAll(db, sql: """
                SELECT a.layer, a.code, a.name, a.population,
                    (SELECT count(*) FROM record_area ra JOIN record r ON r.id = ra.record_id
                     WHERE ra.area_id = a.id AND r.status = 'active') AS records
                FROM area a WHERE a.layer = ? ORDER BY a.code
                """, arguments: [layer]).map {
                AreaSummary(layer: $0["layer"], code: $0["code"], name: $0["name"], population: $0["population"], records: $0["records"])
            }
        }
    }

    /// The area in every layer that holds the point, through the spatial index.
    public func areas(containing coordinate: Coordinate) throws -> [AreaRef] {
        try writer.read { db in try Self.areas(db, containing: coordinate) }
    }

    static func areas(_ db: Database, containing c: Coordinate) throws -> [AreaRef] {
        // Intersects (not Contains) so a point on a shared edge still gets an area; first by code wins.
        let rows = try Row.fetchAll(db, sql: """
            SELECT a.layer, a.code, a.name FROM area a
            WHERE a.ROWID IN (SELECT ROWID FROM SpatialIndex
                              WHERE f_table_name = 'area' AND f_geometry_column = 'geom' AND search_frame = MakePoint(?, ?, 4326))
              AND ST_Intersects(a.geom, MakePoint(?, ?, 4326)) = 1
            ORDER BY a.layer, a.code
            """, arguments: [c.lon, c.lat, c.lon, c.lat])
        var seen: Set<String> = []
        return rows.compactMap { row in
            let layer: String = row["layer"]
            guard seen.insert(layer).inserted else { return nil }
            return AreaRef(layer: layer, code: row["code"], name: row["name"])
        }
    }

    /// Which located records `assignRecords` (re)assigns.
    enum RecordsToAssign {
        /// Every one (a layer loaded or reloaded).
        case every
        /// Those the caller listed in temp.assign_ids, plus with `addedAfter` every record above that id (an import's
        /// new ones, which have no areas yet).
        case marked(addedAfter: Int64?)
    }

    /// Assigns located records to their area in one layer (all layers when nil); returns assignments made.
    @discardableResult
    static func assignRecords(_ db: Database, layer: String?, _ records: RecordsToAssign) throws -> Int {
        let layers = try layer.map { [$0] } ?? String.fetchAll(db, sql: "SELECT name FROM area_layer")
        // Records located by postcode share their postcode's point: a million records of a borough stand on some
        // twenty thousand points. Each distinct point is tested against the polygons once, through an R*Tree of its
        // own, and its records take its areas. Testing every record had been 157 of a million-row import's 450 s.
        // The records are read once, into assign_record: each further pass over a million of them cost seconds.
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.assign_record; DROP TABLE IF EXISTS temp.assign_point;
            DROP TABLE IF EXISTS temp.assign_point_box; DROP TABLE IF EXISTS temp.point_area;
            CREATE TEMP TABLE assign_record (record_id INTEGER PRIMARY KEY, x REAL NOT NULL, y REAL NOT NULL);
            CREATE TEMP TABLE assign_point (id INTEGER PRIMARY KEY, x REAL NOT NULL, y REAL NOT NULL, UNIQUE (x, y));
            CREATE VIRTUAL TABLE temp.assign_point_box USING rtree(id, min_x, max_x, min_y, max_y);
            CREATE TEMP TABLE point_area (
                point_id INTEGER NOT NULL, layer TEXT NOT NULL, area_id INTEGER NOT NULL, PRIMARY KEY (point_id, layer)
            ) WITHOUT ROWID;
            """)
        switch records {
        case .every:
            try db.execute(sql: """
                INSERT INTO temp.assign_record SELECT id, X(geom), Y(geom) FROM record WHERE geom IS NOT NULL
                """)
        case .marked(let addedAfter):
            try db.execute(sql: """
                INSERT OR IGNORE INTO temp.assign_record SELECT r.id, X(r.geom), Y(r.geom)
                FROM temp.assign_ids t JOIN record r ON r.id = t.id WHERE r.geom IS NOT NULL
                """)
            if let addedAfter {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO temp.assign_record SELECT id, X(geom), Y(geom) FROM record WHERE id > ? AND geom IS NOT NULL
                    """, arguments: [addedAfter])
            }
        }
        try db.execute(sql: """
            INSERT OR IGNORE INTO temp.assign_point (x, y) SELECT x, y FROM temp.assign_record;
            INSERT INTO temp.assign_point_box SELECT id, x, x, y, y FROM temp.assign_point;
            """)
        let extent = try Row.fetchOne(db, sql: "SELECT min(x), min(y), max(x), max(y) FROM temp.assign_point")
        // Outer loop over the areas whose box meets the points' extent, inner over the points in each area's box;
        // CROSS JOIN keeps that order. SpatiaLite then reuses the prepared polygon for consecutive tests, which is
        // what makes full-resolution boundaries cheap. The boxes come from the area index's own R*Tree, so a boundary
        // is read only where a point may lie in it: a handful of records into a national layer reads a handful.
        let pointsInBox = """
            FROM idx_area_geom box CROSS JOIN area a CROSS JOIN temp.assign_point_box b JOIN temp.assign_point p ON p.id = b.id
            WHERE box.xmin <= :maxX AND box.xmax >= :minX AND box.ymin <= :maxY AND box.ymax >= :minY
              AND a.ROWID = box.pkid AND a.layer = :layer
              AND b.max_x >= box.xmin AND b.min_x <= box.xmax AND b.max_y >= box.ymin AND b.min_y <= box.ymax
            """
        for layer in layers {
            let arguments: StatementArguments = [
                "layer": layer, "minX": extent?[0] as Double?, "minY": extent?[1] as Double?, "maxX": extent?[2] as Double?,
                "maxY": extent?[3] as Double?,
            ]
            switch records {
            case .every:
                try db.execute(sql: "DELETE FROM record_area WHERE layer = ?", arguments: [layer])
            case .marked(let addedAfter):
                try db.execute(
                    sql: "DELETE FROM record_area WHERE layer = ? AND record_id IN (SELECT id FROM temp.assign_ids)",
                    arguments: [layer])
                if let addedAfter {
                    try db.execute(sql: "DELETE FROM record_area WHERE record_id > ? AND layer = ?", arguments: [addedAfter, layer])
                }
            }
            guard (extent?[0] as Double?) != nil else { continue }
            try db.execute(sql: """
                INSERT OR IGNORE INTO temp.point_area (point_id, layer, area_id)
                SELECT p.id, a.layer, a.id \(pointsInBox) AND ST_Contains(a.geom, MakePoint(p.x, p.y, 4326)) = 1
                """, arguments: arguments)
            // Points exactly on a boundary are not "contained" by either side: give them the first that touches. The
            // CASE puts the cheap check first (SQLite evaluates subquery terms after function terms); the sort makes
            // every row before any is inserted, so the first by code is kept.
            try db.execute(sql: """
                INSERT OR IGNORE INTO temp.point_area (point_id, layer, area_id)
                SELECT p.id, a.layer, a.id \(pointsInBox)
                  AND CASE WHEN NOT EXISTS (SELECT 1 FROM temp.point_area x WHERE x.point_id = p.id AND x.layer = a.layer)
                      THEN ST_Intersects(a.geom, MakePoint(p.x, p.y, 4326)) ELSE 0 END = 1
                ORDER BY a.code
                """, arguments: arguments)
        }
        // Every layer in one pass, in the table's key order (record, then layer): a pass a layer put each layer's
        // rows between the last one's (a 1M import's two layers: 17.1 s, then 14.8 s in one pass).
        try db.execute(sql: """
            INSERT OR IGNORE INTO record_area (record_id, layer, area_id)
            SELECT ar.record_id, pa.layer, pa.area_id FROM temp.assign_record ar
            JOIN temp.assign_point p ON p.x = ar.x AND p.y = ar.y
            JOIN temp.point_area pa ON pa.point_id = p.id
            ORDER BY ar.record_id, pa.layer
            """)
        let assigned = db.changesCount
        try db.execute(sql: """
            DROP TABLE temp.assign_record; DROP TABLE temp.assign_point; DROP TABLE temp.assign_point_box; DROP TABLE temp.point_area
            """)
        return assigned
    }

    /// Assigns every loaded postcode to a layer by point in polygon and compares with the codes the postcode file gives.
    public func checkPostcodeAreas(layer: String, directoryLayer: String? = nil, listLimit: Int = 50) throws -> AreaAgreement {
        try writer.write { db in
            let started = Date()
            try db.execute(sql: """
                DROP TABLE IF EXISTS temp.pip;
                CREATE TEMP TABLE pip (postcode TEXT PRIMARY KEY, code TEXT) WITHOUT ROWID;
                INSERT OR IGNORE INTO temp.pip (postcode, code)
                SELECT p.postcode, a.code FROM area a JOIN postcode p
                  ON p.ROWID IN (SELECT ROWID FROM SpatialIndex
                                 WHERE f_table_name = 'postcode' AND f_geometry_column = 'geom' AND search_frame = a.geom)
                WHERE a.layer = ? AND ST_Intersects(a.geom, p.geom) = 1
                ORDER BY a.code;
                """, arguments: [layer])
            let seconds = Date().timeIntervalSince(started)
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.postcode, coalesce(d.code, d.name) AS directory, p.code AS polygon
                FROM postcode_area d LEFT JOIN temp.pip p ON p.postcode = d.postcode
                WHERE d.layer = ?
                """, arguments: [directoryLayer ?? layer])
            var agreement = AreaAgreement(
                layer: layer, postcodes: rows.count, agree: 0, disagree: 0, outside: 0, seconds: seconds, disagreements: [])
            for row in rows {
                let directory: String = row["directory"]
                let polygon: String? = row["polygon"]
                if polygon == directory {
                    agreement.agree += 1
                } else {
                    if polygon == nil { agreement.outside += 1 } else { agreement.disagree += 1 }
                    if agreement.disagreements.count < listLimit {
                        agreement.disagreements.append(.init(postcode: row["postcode"], directory: directory, polygon: polygon))
                    }
                }
            }
            try db.execute(sql: "DROP TABLE temp.pip")
            return agreement
        }
    }

    /// Assigns `count` pseudo-random points inside the extent of a layer and returns points per second (a benchmark).
    public func benchmarkPointAssignment(layer: String, count: Int, seed: UInt64 = 1) throws -> (points: Int, assigned: Int, seconds: Double) {
        try writer.write { db in
            guard let box = try Row.fetchOne(db, sql: """
                SELECT min(MbrMinX(geom)) AS x0, min(MbrMinY(geom)) AS y0, max(MbrMaxX(geom)) AS x1, max(MbrMaxY(geom)) AS y1
                FROM area WHERE layer = ?
                """, arguments: [layer]), let x0 = box["x0"] as Double?, let y0 = box["y0"] as Double?,
                let x1 = box["x1"] as Double?, let y1 = box["y1"] as Double?
            else { throw StoreError.notFound(what: "area layer", key: layer) }
            try db.execute(sql: """
                DROP TABLE IF EXISTS bench_point;
                CREATE TABLE bench_point (id INTEGER PRIMARY KEY, area_code TEXT);
                SELECT AddGeometryColumn('bench_point', 'geom', 4326, 'POINT', 'XY');
                SELECT CreateSpatialIndex('bench_point', 'geom');
                """)
            var rng = SplitMix64(seed: seed)
            let insert = try db.makeStatement(sql: "INSERT INTO bench_point (geom) VALUES (MakePoint(?, ?, 4326))")
            for _ in 0..<count {
                try insert.execute(arguments: [x0 + (x1 - x0) * rng.nextUnit(), y0 + (y1 - y0) * rng.nextUnit()])
            }
            // The same area-driven join that imports and layer reloads use (see assignRecords).
            let started = Date()
            try db.execute(sql: """
                CREATE TEMP TABLE bench_assigned (id INTEGER PRIMARY KEY, code TEXT);
                INSERT OR IGNORE INTO temp.bench_assigned (id, code)
                SELECT p.id, a.code FROM area a CROSS JOIN bench_point p
                  ON p.ROWID IN (SELECT ROWID FROM SpatialIndex
                                 WHERE f_table_name = 'bench_point' AND f_geometry_column = 'geom' AND search_frame = a.geom)
                WHERE a.layer = ? AND ST_Contains(a.geom, p.geom) = 1
                """, arguments: [layer])
            let perPoint = Date().timeIntervalSince(started)
            let assigned = try Int.fetchOne(db, sql: "SELECT count(*) FROM temp.bench_assigned") ?? 0
            try db.execute(sql: "DROP TABLE temp.bench_assigned")
            try db.execute(sql: "SELECT DisableSpatialIndex('bench_point', 'geom'); DROP TABLE IF EXISTS idx_bench_point_geom; SELECT DiscardGeometryColumn('bench_point', 'geom'); DROP TABLE bench_point;")
            return (count, assigned, perPoint)
        }
    }
}

/// Finds points for postcodes: the full postcode, else its sector's or district's centroid.
enum PostcodeGeocoder {
    static func point(_ db: Database, table: String, key: String) throws -> Coordinate? {
        if let row = try Row.fetchOne(db, sql: "SELECT lat, lon FROM postcode WHERE postcode = ?", arguments: [key]) {
            return Coordinate(lat: row["lat"], lon: row["lon"])
        }
        if let row = try Row.fetchOne(db, sql: "SELECT lat, lon FROM postcode_centroid WHERE prefix = ?", arguments: [key]) {
            return Coordinate(lat: row["lat"], lon: row["lon"])
        }
        return nil
    }
}

/// ISO 8601 timestamps as stored in the database.
public enum Timestamp {
    public static func now() -> String { string(Date()) }
    public static func string(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
