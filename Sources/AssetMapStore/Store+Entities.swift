import AssetMapCore
import Foundation
import GRDB

/// An entity with its active member records, as exports and queries read it.
public struct EntityMembers: Sendable {
    public var id: Int64
    public var kind: EntityKind
    public var uuid: String
    public var members: [MemberRecord]
    /// The entity's point: the most precise member location (then the most trusted).
    public var point: Coordinate?
    public var precision: LocationPrecision?
    /// Area in every layer, of the member whose point the entity uses.
    public var areas: [String: AreaRef]

    /// Source names, each once, in member order.
    public var sources: [String] {
        var seen: Set<String> = []
        return members.map(\.source).filter { seen.insert($0).inserted }
    }
}

/// One active record as the `links` export lists it.
public struct RecordLink: Sendable, Equatable {
    public var entityID: Int64
    public var kind: String
    public var source: String
    public var sourceKey: String
}

extension AssetMapStore {
    /// Sharing levels visible to a reader allowed up to `maxSharing`.
    static func visibleLevels(_ maxSharing: SharingLevel) -> [String] {
        SharingLevel.allCases.filter { $0 <= maxSharing }.map(\.rawValue)
    }

    /// Streams every entity that has an active record visible at `maxSharing`, in id order.
    public func forEachEntity(maxSharing: SharingLevel, _ body: (EntityMembers) throws -> Void) throws {
        try writer.read { db in
            let levels = Self.visibleLevels(maxSharing)
            let cursor = try Row.fetchCursor(
                db, sql: Self.memberRowsSQL(where: "s.sharing IN (\(levels.map { "'\($0)'" }.joined(separator: ",")))"))
            var current: EntityMembers?
            var bestRank = Int.max
            while let row = try cursor.next() {
                let entityID: Int64 = row["entity_id"]
                if current?.id != entityID {
                    if let done = current { try body(done) }
                    current = EntityMembers(
                        id: entityID, kind: EntityKind(rawValue: row["kind"]) ?? .organisation, uuid: row["uuid"],
                        members: [], point: nil, precision: nil, areas: [:])
                    bestRank = Int.max
                }
                var member = Self.memberRecord(row)
                var located: (Coordinate, LocationPrecision)?
                if let precisionText: String = row["location_precision"], let precision = LocationPrecision(rawValue: precisionText),
                    let lat: Double = row["lat"], let lon: Double = row["lon"]
                {
                    located = (Coordinate(lat: lat, lon: lon), precision)
                }
                // The public export sees personal data masked, as the public directory does.
                if maxSharing == .open && Self.holdsPersonalData(member.fields) {
                    let view = try Self.publicView(db, fields: member.fields, point: located)
                    member.fields = view.fields
                    located = view.point
                }
                current!.members.append(member)
                if let located {
                    let (point, precision) = located
                    let rank = LocationPrecision.allCases.firstIndex(of: precision)! * 1000 - Int(member.trust * 100)
                    if rank < bestRank {
                        bestRank = rank
                        current!.point = point
                        current!.precision = precision
                        current!.areas = Self.decodeAreas(row["areas"])
                    }
                }
            }
            if let done = current { try body(done) }
        }
    }

    /// How many entities have an active record: what a match run reports, and what the table counts show.
    static let activeEntityCountSQL = """
        SELECT count(DISTINCT re.entity_id) FROM record_entity re JOIN record r ON r.id = re.record_id WHERE r.status = 'active'
        """

    /// Active member records with their entity, source, point and packed areas, in entity order: what golden
    /// records are chosen from, for exports and for the directory's reader-facing rows alike. `DirectoryRows.StoredMember`
    /// reads its columns by position.
    static func memberRowsSQL(where condition: String) -> String {
        """
        SELECT r.id, re.entity_id, e.kind, e.uuid, s.name AS source, s.trust, s.as_of, s.sharing, r.source_key, r.fields,
            r.updated_at, r.lat, r.lon, r.location_precision,
            (SELECT group_concat(ra.layer || char(30) || a.code || char(30) || coalesce(a.name, ''), char(31))
             FROM record_area ra JOIN area a ON a.id = ra.area_id WHERE ra.record_id = r.id) AS areas
        FROM record_entity re JOIN record r ON r.id = re.record_id JOIN entity e ON e.id = re.entity_id
        JOIN source s ON s.id = r.source_id
        WHERE r.status = 'active' AND \(condition)
        ORDER BY re.entity_id, r.id
        """
    }

    /// One row of `memberRowsSQL` as a member for `GoldenRecord`: its own date, else its source's as-of, else when stored.
    static func memberRecord(_ row: Row) -> MemberRecord {
        DirectoryRows.decode(DirectoryRows.StoredMember(row)).record
    }

    /// Every active record visible at `maxSharing`, with its entity.
    public func links(maxSharing: SharingLevel) throws -> [RecordLink] {
        try writer.read { db in
            let levels = Self.visibleLevels(maxSharing)
            return try Row.fetchAll(db, sql: """
                SELECT re.entity_id, e.kind, s.name, r.source_key FROM record_entity re JOIN record r ON r.id = re.record_id
                JOIN entity e ON e.id = re.entity_id JOIN source s ON s.id = r.source_id
                WHERE r.status = 'active' AND s.sharing IN (\(levels.map { "'\($0)'" }.joined(separator: ",")))
                ORDER BY re.entity_id, s.name, r.source_key
                """).map { RecordLink(entityID: $0[0], kind: $0[1], source: $0[2], sourceKey: $0[3]) }
        }
    }

    static func decodeFields(_ json: String?) -> [String: String] {
        // Fields as imports write them, one flat object of strings, are read without Foundation's JSON (a match
        // rewriting 200,000 entities reads half a million of them); anything else goes the general way.
        if let json, let pairs = DirectoryJSON.parseFlatStrings(json) {
            return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        }
        guard let json, let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in object {
            if let s = value as? String { result[key] = s } else if let n = value as? NSNumber { result[key] = n.stringValue }
        }
        return result
    }

    static func decodeAreas(_ packed: String?) -> [String: AreaRef] {
        guard let packed, !packed.isEmpty else { return [:] }
        var result: [String: AreaRef] = [:]
        for entry in packed.split(separator: "\u{1F}") {
            let parts = entry.split(separator: "\u{1E}", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3 else { continue }
            result[parts[0]] = AreaRef(layer: parts[0], code: parts[1], name: parts[2].isEmpty ? nil : parts[2])
        }
        return result
    }
}
