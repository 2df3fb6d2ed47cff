import AssetMapCore
import Foundation
import GRDB

/// An entity's directory rows worked out from its members, apart from the database: `refreshEntities` reads members
/// and writes rows on its connection while the next batch's rows are chosen on another core.
enum DirectoryRows {
    /// One member as `memberRowsSQL` reads it, its fields still JSON.
    struct StoredMember: Sendable {
        var recordID: Int64
        var source: String
        var sourceKey: String
        var trust: Double
        var asOf: String?
        var storedAt: String
        var fields: String?
        var sharing: String?
        var lat: Double?
        var lon: Double?
        var precision: String?
        var areas: String?

        /// A row of `AssetMapStore.memberRowsSQL`, its columns by position.
        init(_ row: Row) {
            recordID = row[0]
            source = row[4]
            trust = row[5]
            asOf = row[6]
            sharing = row[7]
            sourceKey = row[8]
            fields = row[9]
            storedAt = row[10]
            lat = row[11]
            lon = row[12]
            precision = row[13]
            areas = row[14]
        }
    }

    /// A touched entity and its active members, in record order.
    struct Entity: Sendable {
        var id: Int64
        var kind: String
        var members: [StoredMember]
    }

    /// A member decoded, with the reader level its source is visible from.
    struct Member: Sendable {
        var record: MemberRecord
        var level: Int
        var point: (Coordinate, LocationPrecision)?
        var areas: String?
    }

    /// One directory row and what hangs on it, ready to bind.
    struct View: Sendable {
        var minLevel: Int
        var maxLevel: Int
        var name: String
        /// Of every visible member, first seen first.
        var categories: [String]
        /// `AssetMapStore.viewTextFields`' golden values, in that order.
        var text: [String?]
        var floorArea: Double?
        var runningCost: Double?
        var point: Coordinate?
        var precision: String?
        var pointRecordID: Int64?
        var sources: [String]
        var updated: String?
        var golden: String
        var areas: String?
        var alternateNames: String
        var description: String
        var address: String
    }

    /// An entity's rows, or its members when a public row must be masked first (which reads the postcode table).
    enum Prepared: Sendable {
        case views([View])
        case masked([Member])
    }

    /// The member's fields decoded, its date (its own, else its source's as-of, else when stored), point and level.
    static func decode(_ stored: StoredMember) -> Member {
        let fields = AssetMapStore.decodeFields(stored.fields)
        let record = MemberRecord(
            recordID: stored.recordID, source: stored.source, sourceKey: stored.sourceKey, trust: stored.trust,
            recency: fields["updated"] ?? stored.asOf ?? stored.storedAt, fields: fields)
        var point: (Coordinate, LocationPrecision)?
        if let lat = stored.lat, let lon = stored.lon, let precision = stored.precision.flatMap(LocationPrecision.init(rawValue:)) {
            point = (Coordinate(lat: lat, lon: lon), precision)
        }
        let level = Visibility(stored.sharing.flatMap(SharingLevel.init(rawValue:)) ?? .restricted).rawValue
        return Member(record: record, level: level, point: point, areas: stored.areas)
    }

    static func prepare(_ entity: Entity) -> Prepared {
        let members = entity.members.map(decode)
        if members.contains(where: { $0.level == 0 && AssetMapStore.holdsPersonalData($0.record.fields) }) { return .masked(members) }
        return .views(views(members, maskingPublic: { $0 }))
    }

    /// One row per distinct set of visible members: an all-open entity has a single row for every reader. Personal
    /// data splits the public (level 0) off into a row of its own, built from members `maskingPublic` gives.
    static func views(_ members: [Member], maskingPublic: (Member) throws -> Member) rethrows -> [View] {
        guard !members.isEmpty else { return [] }
        let publicMasked = members.contains { $0.level == 0 && AssetMapStore.holdsPersonalData($0.record.fields) }
        var rows: [View] = []
        var level = 0
        while level <= 2 {
            var visible = members.filter { $0.level <= level }
            var top = level
            if level == 0 && publicMasked {
                visible = try visible.map(maskingPublic)
            } else {
                while top < 2 && members.filter({ $0.level <= top + 1 }).count == visible.count { top += 1 }
            }
            if !visible.isEmpty { rows.append(view(visible, minLevel: level, maxLevel: top)) }
            level = top + 1
        }
        return rows
    }

    static func view(_ visible: [Member], minLevel: Int, maxLevel: Int) -> View {
        let golden = GoldenRecord.choose(visible.map(\.record))
        func value(_ field: String) -> String? { golden[field]?.value }
        var best: Member?
        for m in visible {
            guard let p = m.point else { continue }
            guard let b = best, let bp = b.point else { best = m; continue }
            if p.1 < bp.1 || (p.1 == bp.1 && m.record.trust > b.record.trust) { best = m }
        }
        var seen: Set<String> = []
        let sources = visible.map(\.record.source).filter { seen.insert($0).inserted }
        // Categories from every visible member, not only the golden one: a place is a library and a community hub.
        var categories: [String] = []
        var seenCategories: Set<String> = []
        for m in visible {
            for c in (m.record.fields["categories"] ?? "").split(separator: ";").map(String.init) where seenCategories.insert(c).inserted {
                categories.append(c)
            }
        }
        let areas = AssetMapStore.decodeAreas(best?.areas)
        return View(
            minLevel: minLevel, maxLevel: maxLevel, name: value("name") ?? "", categories: categories,
            text: AssetMapStore.viewTextFields.map(value), floorArea: value("floor_area_m2").flatMap(Double.init),
            runningCost: value("running_cost_gbp").flatMap(Double.init), point: best?.point?.0, precision: best?.point?.1.rawValue,
            pointRecordID: best?.record.recordID, sources: sources, updated: visible.map(\.record.recency).max(),
            golden: DirectoryJSON.golden(golden), areas: areas.isEmpty ? nil : DirectoryJSON.areas(areas),
            alternateNames: ([golden["alternate_names"]?.value] + (golden["name"]?.alternatives.map(\.value) ?? []))
                .compactMap { $0 }.joined(separator: " "),
            description: value("description") ?? "",
            address: [value("address"), value("postcode"), value("town")].compactMap { $0 }.joined(separator: " "))
    }
}

extension AssetMapStore {
    /// Entities per batch of `refreshEntities`: enough that handing a batch over costs nothing beside choosing its
    /// rows (about 30 ms), few enough that the two cores start together. (`BulkWriteTests` rewrites more than one.)
    static let refreshBatch = 512
}
