import AssetMapCore
import Foundation
import GRDB

/// One active member record of an entity, with its source's sharing level and location.
public struct VisibleMember: Sendable {
    public var record: MemberRecord
    public var sharing: SharingLevel
    public var point: Coordinate?
    public var precision: LocationPrecision?
    public var updatedAt: String
}

/// An entity as one reader may see it: only members from sources shared at that reader's level.
public struct VisibleEntityDetail: Sendable {
    public var id: Int64
    public var kind: EntityKind
    public var uuid: String
    public var members: [VisibleMember]
    /// The most precise visible member's point (then the most trusted), its precision, and that member's areas.
    public var point: Coordinate?
    public var precision: LocationPrecision?
    public var areas: [String: AreaRef]
    /// Match links between visible members: pair id, the two record ids, probability.
    public var links: [(pairID: Int64, a: Int64, b: Int64, probability: Double)]
}

/// How big the directory is, for health checks and metrics.
public struct DirectoryTotals: Codable, Sendable, Equatable {
    public var sources: Int
    public var records: Int
    public var entities: Int
    public var postcodes: Int
    public var areas: Int
}

extension AssetMapStore {
    /// One entity (following a merge redirect) as `visibility` sees it; nil when it has no member that reader may see.
    public func entityDetail(id: Int64, visibility: Visibility) throws -> VisibleEntityDetail? {
        let resolved: Int64
        do {
            resolved = try resolveEntity(id: id)
        } catch StoreError.notFound {
            return nil
        }
        return try writer.read { db in try Self.visibleEntity(db, id: resolved, visibility: visibility) }
    }

    /// One entity by its stable public UUID, as `visibility` sees it.
    public func entityDetail(uuid: String, visibility: Visibility) throws -> VisibleEntityDetail? {
        try writer.read { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM entity WHERE uuid = ?", arguments: [uuid.lowercased()])
                ?? Int64.fetchOne(db, sql: "SELECT id FROM entity WHERE uuid = ?", arguments: [uuid])
            else { return nil }
            return try Self.visibleEntity(db, id: id, visibility: visibility)
        }
    }

    static func visibleEntity(_ db: Database, id: Int64, visibility: Visibility) throws -> VisibleEntityDetail? {
        guard let entity = try Row.fetchOne(db, sql: "SELECT kind, uuid FROM entity WHERE id = ?", arguments: [id]) else { return nil }
        let levels = SharingLevel.allCases.filter { Visibility($0) <= visibility }.map(\.rawValue)
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.id, s.name, s.trust, s.as_of, s.sharing, r.source_key, r.fields, r.updated_at, r.lat, r.lon, r.location_precision
            FROM record_entity re JOIN record r ON r.id = re.record_id JOIN source s ON s.id = r.source_id
            WHERE re.entity_id = ? AND r.status = 'active' AND s.sharing IN (\(levels.map { _ in "?" }.joined(separator: ",")))
            ORDER BY r.id
            """, arguments: StatementArguments([id] + levels.map { $0 as any DatabaseValueConvertible }))
        guard !rows.isEmpty else { return nil }
        var members: [VisibleMember] = []
        var best: (rank: Int, index: Int)?
        for row in rows {
            var fields = decodeFields(row["fields"])
            let recency: String = fields["updated"] ?? (row["as_of"] as String?) ?? row["updated_at"]
            let lat: Double? = row["lat"], lon: Double? = row["lon"]
            var precision = (row["location_precision"] as String?).flatMap(LocationPrecision.init(rawValue:))
            var point = lat.flatMap { la in lon.map { Coordinate(lat: la, lon: $0) } }
            // The public sees personal data masked and a private home no finer than its postcode sector.
            if visibility == .open && holdsPersonalData(fields) {
                let located = point.flatMap { p in precision.map { (p, $0) } }
                let view = try publicView(db, fields: fields, point: located)
                fields = view.fields
                point = view.point?.0
                precision = view.point?.1
            }
            let record = MemberRecord(
                recordID: row["id"], source: row["name"], sourceKey: row["source_key"], trust: row["trust"],
                recency: recency, fields: fields)
            members.append(VisibleMember(
                record: record, sharing: SharingLevel(rawValue: row["sharing"]) ?? .restricted, point: point,
                precision: precision, updatedAt: row["updated_at"]))
            if point != nil, let precision {
                let rank = LocationPrecision.allCases.firstIndex(of: precision)! * 1000 - Int(record.trust * 100)
                if best == nil || rank < best!.rank { best = (rank, members.count - 1) }
            }
        }
        var areas: [String: AreaRef] = [:]
        if let best {
            for row in try Row.fetchAll(db, sql: """
                SELECT ra.layer, a.code, a.name FROM record_area ra JOIN area a ON a.id = ra.area_id WHERE ra.record_id = ?
                """, arguments: [members[best.index].record.recordID]) {
                areas[row[0]] = AreaRef(layer: row[0], code: row[1], name: row[2])
            }
        }
        let visibleIDs = Set(members.map(\.record.recordID))
        let links = try Row.fetchAll(db, sql: """
            SELECT p.id, p.record_a, p.record_b, p.probability FROM match_pair p
            JOIN record_entity ea ON ea.record_id = p.record_a JOIN record_entity eb ON eb.record_id = p.record_b
            WHERE ea.entity_id = ? AND eb.entity_id = ? ORDER BY p.probability DESC, p.id
            """, arguments: [id, id])
            .map { (pairID: $0[0] as Int64, a: $0[1] as Int64, b: $0[2] as Int64, probability: $0[3] as Double) }
            .filter { visibleIDs.contains($0.a) && visibleIDs.contains($0.b) }
        return VisibleEntityDetail(
            id: id, kind: EntityKind(rawValue: entity[0]) ?? .organisation, uuid: entity[1], members: members,
            point: best.map { members[$0.index].point! }, precision: best.flatMap { members[$0.index].precision },
            areas: areas, links: links)
    }

    /// Counts of sources, active records, entities with an active record, postcodes and areas.
    public func directoryTotals() throws -> DirectoryTotals {
        try writer.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM source) AS sources,
                    (SELECT count(*) FROM record WHERE status = 'active') AS records,
                    (SELECT count(DISTINCT entity_id) FROM entity_view) AS entities,
                    (SELECT count(*) FROM postcode) AS postcodes,
                    (SELECT count(*) FROM area) AS areas
                """)!
            return DirectoryTotals(
                sources: row["sources"], records: row["records"], entities: row["entities"], postcodes: row["postcodes"],
                areas: row["areas"])
        }
    }

    /// An area's polygon as GeoJSON geometry text (coordinates to 6 decimals), or nil when it has none.
    public func areaGeometryJSON(id: Int64) throws -> String? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT AsGeoJSON(geom, 6) FROM area WHERE id = ?", arguments: [id])
        }
    }

    /// How many entities `visibility` sees in each area of a layer, by area code.
    public func entityCounts(inLayer layer: String, visibility: Visibility) throws -> [String: Int] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.code, count(*) AS n FROM area a JOIN entity_area ea ON ea.area_id = a.id JOIN entity_view v ON v.id = ea.view_id
                WHERE a.layer = ? AND v.min_level <= ? AND v.max_level >= ? GROUP BY a.code
                """, arguments: [layer, visibility.rawValue, visibility.rawValue])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["code"], $0["n"]) })
        }
    }
}
