import AssetMapCore
import Foundation
import GRDB

/// JSON text built by hand where it runs once per row.
public enum JSONText {
    /// Appends `s` as a JSON string literal: quotes, backslashes and control characters escaped (RFC 8259 §7).
    public static func append(_ s: String, to out: inout String) {
        out += "\""
        // Most values need no escape: one pass over the bytes, then a single append.
        if !needsEscape(s) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// `append(_:to:)` into bytes: the same escapes, byte for byte.
    public static func append(_ s: String, to bytes: inout [UInt8]) {
        if !needsEscape(s) {
            bytes.append(0x22)
            bytes.append(contentsOf: s.utf8)
            bytes.append(0x22)
            return
        }
        var escaped = ""
        append(s, to: &escaped)
        bytes.append(contentsOf: escaped.utf8)
    }

    /// A quote, a backslash or a control character: what a JSON string must escape.
    private static func needsEscape(_ s: String) -> Bool {
        s.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
    }
}

/// Where a record's own location comes from, before the postcode cascade.
public enum LocationInput: Sendable, Equatable {
    case none
    case wgs84(Coordinate)
    /// British National Grid (EPSG:27700) metres, transformed with PROJ.
    case britishNationalGrid(easting: Double, northing: Double)
    /// A GeoJSON geometry: points are used as they are, polygons keep their footprint and get a representative point.
    case geometry(json: String, type: String)
}

/// A bad value in a row, kept as given and flagged.
public struct FieldFlag: Codable, Sendable, Equatable {
    public var field: String
    public var value: String
    public var reason: String
    public init(field: String, value: String, reason: String) {
        self.field = field
        self.value = value
        self.reason = reason
    }
}

/// One row made into a record, normalised and ready to store.
public struct RecordDraft: Sendable {
    public var key: String
    public var line: Int
    public var kind: EntityKind
    /// The row as read, a JSON object.
    public var raw: String
    /// Normalised canonical fields, by canonical name.
    public var fields: [String: String]
    /// The same fields as a JSON object (made once by the caller, which builds it anyway for the content hash).
    public var fieldsJSON: String
    public var flags: [FieldFlag]
    public var location: LocationInput
    /// Canonical postcode, sector or district, for the geocoding cascade.
    public var postcode: String?
    public var contentHash: String

    public init(
        key: String, line: Int, kind: EntityKind, raw: String, fields: [String: String], fieldsJSON: String, flags: [FieldFlag],
        location: LocationInput, postcode: String?, contentHash: String
    ) {
        self.key = key
        self.line = line
        self.kind = kind
        self.raw = raw
        self.fields = fields
        self.fieldsJSON = fieldsJSON
        self.flags = flags
        self.location = location
        self.postcode = postcode
        self.contentHash = contentHash
    }
}

/// What storing one draft did.
public enum UpsertOutcome: String, Sendable {
    case added, updated, unchanged
}

/// Counts of one import, as stored and printed.
public struct ImportCounts: Codable, Sendable, Equatable {
    public var read = 0
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var withdrawn = 0
    public var unlocated = 0
    public init() {}
}

/// Writes one import inside its transaction: records upserted by key, history kept, absent ones withdrawn.
public final class ImportSession {
    let db: Database
    public let sourceID: Int64
    public let importID: Int64
    let now: String
    private var insertRecord: Statement
    private var insertEntity: Statement
    /// A new record's entity, in `record_entity` (`Schema.recordEntity` says why not in the record's row).
    private var insertMembership: Statement
    private var findRecord: Statement
    /// Notes an unchanged record for `stampUnchanged()`.
    private var markUnchanged: Statement
    private var unchangedCount = 0
    private var updateRecord: Statement
    private var saveHistory: Statement
    private let sourceName: String
    private let sourceLevel: Int
    private let sourceAsOf: String?
    private var markForAreas: Statement
    private var clearAreas: Statement
    private var postcodePoint: Statement
    private var centroidPoint: Statement
    private var transformBNG: Statement
    private var pointOnSurface: Statement
    private var postcodeCache: [String: (Coordinate, LocationPrecision)?] = [:]
    private var hasAreas: Bool
    /// Why the row's own geometry was not used, for the last upsert.
    public private(set) var geometryProblem: String?
    /// Entities whose members changed in this import: their reader-facing rows are rebuilt at the end.
    private var touchedEntities: Set<Int64> = []
    /// The source's sharing, trust or as-of date differ from the last import's.
    public internal(set) var sourceMetadataChanged = false
    /// Records and directory rows above these ids were made by this import (ids only grow inside one write transaction).
    private let lastRecordBefore: Int64
    private let lastViewBefore: Int64
    private var addedCount = 0
    /// The source had no records when the import began (a first import): every key is new, none needs looking up.
    private let sourceWasEmpty: Bool
    /// Set once the new records' directory rows are written: the session takes no more rows after that.
    private var newEntitiesWritten = false
    private var uuids = EntityUUIDs()
    /// SpatiaLite's per-row insert triggers, set aside from the first new row and put back by `writeNewEntities()`.
    private var setAsideTriggers: SetAsideSpatialTriggers?

    init(db: Database, sourceID: Int64, importID: Int64) throws {
        self.db = db
        self.sourceID = sourceID
        self.importID = importID
        now = Timestamp.now()
        let columns = """
            kind, line, content_hash, raw, fields, flags, name, name_match, categories, postcode, phone, email, website,
            charity_number, company_number, uprn, owner, occupancy, lat, lon, location_precision, import_id, updated_at
            """
        insertRecord = try db.makeStatement(sql: """
            INSERT INTO record (source_id, source_key, status, first_import_id, \(columns), geom, footprint)
            VALUES (?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                    MakePoint(?, ?, 4326), CastToMultiPolygon(SetSRID(GeomFromGeoJSON(?), 4326)))
            """)
        updateRecord = try db.makeStatement(sql: """
            UPDATE record SET status = 'active', withdrawn_at = NULL, kind = ?, line = ?, content_hash = ?, raw = ?, fields = ?,
                flags = ?, name = ?, name_match = ?, categories = ?, postcode = ?, phone = ?, email = ?, website = ?,
                charity_number = ?, company_number = ?, uprn = ?, owner = ?, occupancy = ?, lat = ?, lon = ?,
                location_precision = ?, import_id = ?, updated_at = ?,
                geom = MakePoint(?, ?, 4326), footprint = CastToMultiPolygon(SetSRID(GeomFromGeoJSON(?), 4326))
            WHERE id = ?
            """)
        insertEntity = try db.makeStatement(sql: "INSERT INTO entity (kind, uuid, created_at) VALUES (?, ?, ?)")
        insertMembership = try db.makeStatement(sql: "INSERT INTO record_entity (record_id, entity_id) VALUES (?, ?)")
        findRecord = try db.makeStatement(sql: """
            SELECT r.id, r.content_hash, r.status, m.entity_id FROM record r LEFT JOIN record_entity m ON m.record_id = r.id
            WHERE r.source_id = ? AND r.source_key = ?
            """)
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.unchanged_records;
            CREATE TEMP TABLE unchanged_records (id INTEGER PRIMARY KEY, line INTEGER NOT NULL)
            """)
        markUnchanged = try db.makeStatement(sql: "INSERT OR REPLACE INTO temp.unchanged_records VALUES (?, ?)")
        saveHistory = try db.makeStatement(sql: """
            INSERT INTO record_history (record_id, import_id, change, content_hash, raw, fields, recorded_at)
            SELECT id, ?, ?, content_hash, raw, fields, ? FROM record WHERE id = ?
            """)
        let source = try Row.fetchOne(db, sql: "SELECT name, sharing, as_of FROM source WHERE id = ?", arguments: [sourceID])!
        sourceName = source["name"]
        sourceLevel = Visibility(SharingLevel(rawValue: source["sharing"]) ?? .restricted).rawValue
        sourceAsOf = source["as_of"]
        try db.execute(sql: "DROP TABLE IF EXISTS temp.assign_ids; CREATE TEMP TABLE assign_ids (id INTEGER PRIMARY KEY)")
        markForAreas = try db.makeStatement(sql: "INSERT OR IGNORE INTO temp.assign_ids VALUES (?)")
        clearAreas = try db.makeStatement(sql: "DELETE FROM record_area WHERE record_id = ?")
        postcodePoint = try db.makeStatement(sql: "SELECT lat, lon FROM postcode WHERE postcode = ?")
        centroidPoint = try db.makeStatement(sql: "SELECT lat, lon, level FROM postcode_centroid WHERE prefix = ?")
        transformBNG = try db.makeStatement(sql: "SELECT Y(p), X(p) FROM (SELECT Transform(MakePoint(?, ?, 27700), 4326) AS p)")
        pointOnSurface = try db.makeStatement(sql: """
            SELECT Y(p), X(p) FROM (SELECT ST_PointOnSurface(SetSRID(GeomFromGeoJSON(?), 4326)) AS p)
            """)
        hasAreas = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM area_layer)") ?? false
        lastRecordBefore = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM record") ?? 0
        sourceWasEmpty = try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM record WHERE source_id = ?)", arguments: [sourceID]) ?? false)
        lastViewBefore = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM entity_view") ?? 0
    }

    /// Stores one record: added when its key is new, updated when its content changed (old version to history), else unchanged.
    public func upsert(_ draft: RecordDraft) throws -> (outcome: UpsertOutcome, precision: LocationPrecision?, warning: String?) {
        guard !newEntitiesWritten else { throw StoreError.invalid("an import takes no rows after its new entities are written") }
        // Keys are unique within a file (the importer suffixes repeats), so a first import looks nothing up.
        let existing = sourceWasEmpty ? nil : try Row.fetchOne(findRecord, arguments: [sourceID, draft.key])
        if let existing, existing["content_hash"] as String == draft.contentHash, existing["status"] as String == "active" {
            try markUnchanged.execute(arguments: [existing["id"] as Int64, draft.line])
            unchangedCount += 1
            return (.unchanged, nil, nil)
        }
        geometryProblem = nil
        let (point, precision, footprint, warning) = try locate(draft)
        let f = draft.fields
        let flags = draft.flags.isEmpty ? nil : Self.json(draft.flags)
        guard let existing else {
            if addedCount == 0 { try setTriggersAside() }
            var entity = RowBinding(insertEntity)
            entity.text(draft.kind.rawValue)
            entity.text(uuids.next())
            entity.text(now)
            try entity.run(db)
            let entityID = db.lastInsertedRowID
            // In the order of `insertRecord`'s parameters.
            var record = RowBinding(insertRecord)
            record.integer(sourceID)
            record.text(draft.key)
            record.integer(importID)
            record.text(draft.kind.rawValue)
            record.integer(Int64(draft.line))
            record.text(draft.contentHash)
            record.text(draft.raw)
            record.text(draft.fieldsJSON)
            record.text(flags)
            record.text(f["name"] ?? "")
            record.text(f["name_match"] ?? "")
            for field in Self.recordColumnFields { record.text(f[field]) }
            record.real(point?.lat)
            record.real(point?.lon)
            record.text(precision?.rawValue)
            record.integer(importID)
            record.text(now)
            record.real(point?.lon)
            record.real(point?.lat)
            record.text(footprint)
            try record.run(db)
            var membership = RowBinding(insertMembership)
            membership.integer(db.lastInsertedRowID)
            membership.integer(entityID)
            try membership.run(db)
            addedCount += 1
            // A new record is an entity of its own: what readers see of it is written in bulk by `writeNewEntities()`.
            // One holding personal data is rebuilt by the refresh too, which gives the public a masked row of its own.
            if PersonalData.needsMasking(draft.fields) { touchedEntities.insert(entityID) }
            return (.added, precision, warning)
        }
        var values: [(any DatabaseValueConvertible)?] = [
            draft.kind.rawValue, draft.line, draft.contentHash, draft.raw, draft.fieldsJSON, flags,
            f["name"] ?? "", f["name_match"] ?? "", f["categories"], f["postcode"], f["phone"], f["email"], f["website"],
            f["charity_number"], f["company_number"], f["uprn"], f["owner"], f["occupancy"],
            point?.lat, point?.lon, precision?.rawValue, importID, now,
            point?.lon, point?.lat, footprint,
        ]
        let recordID: Int64 = existing["id"]
        let wasWithdrawn = existing["status"] as String == "withdrawn"
        try saveHistory.execute(arguments: [importID, wasWithdrawn ? "restored" : "updated", now, recordID])
        values.append(recordID)
        try updateRecord.execute(arguments: StatementArguments(values))
        // A record alone in its entity carries its kind with it.
        try db.execute(
            sql: "UPDATE entity SET kind = ? WHERE id = ? AND (SELECT count(*) FROM record_entity WHERE entity_id = ?) = 1",
            arguments: [draft.kind.rawValue, existing["entity_id"] as Int64?, existing["entity_id"] as Int64?])
        if let entityID = existing["entity_id"] as Int64? { touchedEntities.insert(entityID) }
        if hasAreas && point != nil { try markForAreas.execute(arguments: [recordID]) }
        if point == nil {
            // It lost its location: it no longer lies in any area.
            try clearAreas.execute(arguments: [recordID])
        }
        return (.updated, precision, warning)
    }

    /// The fields kept in record columns of their own, between `name_match` and `lat` (`insertRecord`'s order).
    static let recordColumnFields = [
        "categories", "postcode", "phone", "email", "website", "charity_number", "company_number", "uprn", "owner", "occupancy",
    ]

    /// The geocoding cascade: own coordinates → full postcode → sector → district.
    private func locate(_ draft: RecordDraft) throws -> (Coordinate?, LocationPrecision?, String?, String?) {
        var footprint: String?
        switch draft.location {
        case .wgs84(let c):
            return (c, .exact, nil, nil)
        case .britishNationalGrid(let e, let n):
            if let row = try Row.fetchOne(transformBNG, arguments: [e, n]), let lat = row[0] as Double?, let lon = row[1] as Double? {
                return (Coordinate(lat: lat, lon: lon), .exact, nil, nil)
            }
        case .geometry(let json, let type):
            if let row = try Row.fetchOne(pointOnSurface, arguments: [json]), let lat = row[0] as Double?, let lon = row[1] as Double? {
                if type == "Polygon" || type == "MultiPolygon" { footprint = json }
                return (Coordinate(lat: lat, lon: lon), .exact, footprint, nil)
            }
            geometryProblem = "the feature's \(type) geometry cannot be read (unclosed ring or too few points); not used"
        case .none:
            break
        }
        guard let postcode = draft.postcode else { return (nil, nil, footprint, nil) }
        if let cached = postcodeCache[postcode] {
            return (cached?.0, cached?.1, footprint, cached == nil ? "postcode \(postcode) is not in the postcode table" : nil)
        }
        var found: (Coordinate, LocationPrecision)?
        if let row = try Row.fetchOne(postcodePoint, arguments: [postcode]) {
            found = (Coordinate(lat: row[0], lon: row[1]), .postcode)
        } else {
            // A unit the table lacks still has a known sector or district; partial postcodes go straight there.
            let parts = postcode.split(separator: " ")
            var prefixes = [postcode]
            if parts.count == 2, let digit = parts[1].first { prefixes = ["\(parts[0]) \(digit)", String(parts[0])] }
            for prefix in prefixes {
                if let row = try Row.fetchOne(centroidPoint, arguments: [prefix]) {
                    let level: String = row[2]
                    found = (Coordinate(lat: row[0], lon: row[1]), level == "sector" ? .sector : .district)
                    break
                }
            }
        }
        postcodeCache[postcode] = found
        return (found?.0, found?.1, footprint, found == nil ? "postcode \(postcode) is not in the postcode table" : nil)
    }

    /// Writes the directory rows of this import's new records (each an entity of its own), indexes them, and puts
    /// SpatiaLite's triggers back. Set-based: one statement per step rather than five or more per row. Idempotent;
    /// `importSource` calls it before committing in case the caller did not.
    public func writeNewEntities() throws {
        guard !newEntitiesWritten else { return }
        newEntitiesWritten = true
        try stampUnchanged()
        // Areas first, so the new directory rows are written with theirs rather than rewritten for them.
        try assignAreas()
        if addedCount > 0 {
            let source: [String: (any DatabaseValueConvertible)?] = [
                "last": lastRecordBefore, "level": sourceLevel, "source": sourceName, "asOf": sourceAsOf ?? now,
            ]
            // Golden values: every non-empty field, from this one record; keys in order, as `refreshEntities` writes them.
            // By `record_golden` (the same writer as `refreshEntities`); the SQL after it is for fields of another shape.
            try db.execute(sql: """
                INSERT INTO entity_view (entity_id, min_level, max_level, kind, name, categories, address, postcode, phone,
                    email, website, description, opening_hours, owner, occupancy, organisation, floor_area_m2, running_cost_gbp,
                    lat, lon, location_precision, point_record_id, sources, source_count, updated, golden, areas, geom)
                SELECT m.entity_id, :level, 2, r.kind, r.name, r.categories, json_extract(r.fields, '$.address'), r.postcode,
                    r.phone, r.email, r.website, json_extract(r.fields, '$.description'),
                    json_extract(r.fields, '$.opening_hours'), r.owner, r.occupancy, json_extract(r.fields, '$.organisation'),
                    CAST(json_extract(r.fields, '$.floor_area_m2') AS REAL), CAST(json_extract(r.fields, '$.running_cost_gbp') AS REAL),
                    r.lat, r.lon, r.location_precision, CASE WHEN r.geom IS NOT NULL THEN r.id END, :source, 1,
                    coalesce(json_extract(r.fields, '$.updated'), :asOf),
                    coalesce(
                        record_golden(r.fields),
                        (SELECT json_group_object(f.key, json_object('value', f.value))
                         FROM (SELECT key, value FROM json_each(r.fields) WHERE key != 'name_match' AND value != '' ORDER BY key) f)),
                    CASE WHEN r.geom IS NOT NULL THEN nullif((
                        SELECT json_group_object(ra.layer, json_object('code', a.code, 'name', coalesce(a.name, '')))
                        FROM record_area ra JOIN area a ON a.id = ra.area_id WHERE ra.record_id = r.id), '{}') END,
                    r.geom
                FROM record r JOIN record_entity m ON m.record_id = r.id WHERE r.id > :last ORDER BY r.id
                """, arguments: StatementArguments(source))
            try db.execute(sql: """
                INSERT INTO entity_fts (rowid, name, alternate_names, categories, description, address)
                SELECT v.id, v.name, coalesce(json_extract(r.fields, '$.alternate_names'), ''),
                    replace(coalesce(v.categories, ''), ';', ' '), coalesce(v.description, ''),
                    ltrim(coalesce(' ' || v.address, '') || coalesce(' ' || v.postcode, '') || coalesce(' ' || json_extract(r.fields, '$.town'), ''), ' ')
                FROM entity_view v JOIN record_entity m ON m.entity_id = v.entity_id JOIN record r ON r.id = m.record_id
                WHERE v.id > :lastView
                """, arguments: ["lastView": lastViewBefore])
            try db.execute(sql: """
                WITH RECURSIVE split (view_id, category, rest) AS (
                    SELECT id, NULL, categories || ';' FROM entity_view WHERE id > :lastView AND categories IS NOT NULL
                    UNION ALL
                    SELECT view_id, substr(rest, 1, instr(rest, ';') - 1), substr(rest, instr(rest, ';') + 1) FROM split WHERE rest != '')
                INSERT OR IGNORE INTO entity_category (category, view_id)
                SELECT category, view_id FROM split WHERE category IS NOT NULL AND category != ''
                """, arguments: ["lastView": lastViewBefore])
            if hasAreas {
                // New entities take their areas from their one record.
                try db.execute(sql: """
                    INSERT OR IGNORE INTO entity_area (area_id, view_id)
                    SELECT ra.area_id, v.id FROM entity_view v JOIN record_area ra ON ra.record_id = v.point_record_id
                    WHERE v.id > ?
                    """, arguments: [lastViewBefore])
            }
            // The common words' kept first pages take in the new entries.
            var searchChange = SearchHeads.Change()
            try searchChange.note(db, views: "> ?", arguments: [lastViewBefore], count: addedCount)
            try searchChange.apply(db)
        }
        try restoreTriggers()
    }

    /// Stamps the records this import found unchanged with the import and their line, in one statement: row by row,
    /// SpatiaLite's triggers also stamped geometry_columns_time twice for each (the triggers fire on any column).
    private func stampUnchanged() throws {
        defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.unchanged_records") }
        guard unchangedCount > 0 else { return }
        try SetAsideSpatialTriggers.updating(db, table: "record", rows: unchangedCount) {
            try db.execute(
                sql: "UPDATE record SET import_id = ?, line = u.line FROM temp.unchanged_records u WHERE u.id = record.id",
                arguments: [importID])
        }
    }

    /// Done at the first new record only: an import that adds nothing changes no schema (which would make every
    /// reader re-prepare).
    private func setTriggersAside() throws {
        setAsideTriggers = try SetAsideSpatialTriggers(db, tables: ["record", "entity_view"])
    }

    /// Fills the R*Trees for the rows written while the insert triggers were set aside, then puts the triggers back.
    private func restoreTriggers() throws {
        guard var triggers = setAsideTriggers else { return }
        try triggers.restore(db, indexingRowsAfter: addedCount > 0 ? ["record": lastRecordBefore, "entity_view": lastViewBefore] : [:])
        setAsideTriggers = nil
    }

    /// Withdraws the source's active records this import did not see; returns how many.
    public func withdrawMissing() throws -> Int {
        // The unchanged records get this import's id there (idempotent); until then they look missing too.
        try writeNewEntities()
        // A first import has nothing of its own to withdraw (a scan of a million records said so in 7 s).
        if sourceWasEmpty { return 0 }
        let leaving = try Int64.fetchAll(db, sql: """
            SELECT DISTINCT m.entity_id FROM record r JOIN record_entity m ON m.record_id = r.id
            WHERE r.source_id = ? AND r.status = 'active' AND r.import_id IS NOT ?
            """, arguments: [sourceID, importID])
        touchedEntities.formUnion(leaving)
        try db.execute(sql: """
            INSERT INTO record_history (record_id, import_id, change, content_hash, raw, fields, recorded_at)
            SELECT id, ?, 'withdrawn', content_hash, raw, fields, ? FROM record
            WHERE source_id = ? AND status = 'active' AND import_id IS NOT ?
            """, arguments: [importID, now, sourceID, importID])
        try db.execute(sql: """
            UPDATE record SET status = 'withdrawn', withdrawn_at = ?
            WHERE source_id = ? AND status = 'active' AND import_id IS NOT ?
            """, arguments: [now, sourceID, importID])
        return db.changesCount
    }

    /// Assigns areas to every record added or moved in this import, once all its rows are in (from
    /// `writeNewEntities()`, which runs once).
    private func assignAreas() throws {
        guard hasAreas else { return }
        try AssetMapStore.assignRecords(db, layer: nil, .marked(addedAfter: addedCount > 0 ? lastRecordBefore : nil))
    }

    /// Rebuilds what readers see of every entity this import touched (all of the source's when its sharing or trust changed).
    public func refreshEntities() throws {
        if sourceMetadataChanged {
            touchedEntities.formUnion(try Int64.fetchAll(
                db, sql: "SELECT DISTINCT m.entity_id FROM record r JOIN record_entity m ON m.record_id = r.id WHERE r.source_id = ?",
                arguments: [sourceID]))
        }
        try AssetMapStore.refreshEntities(db, ids: Array(touchedEntities))
    }

    /// Active records of this source with no location.
    public func unlocatedCount() throws -> Int {
        try Int.fetchOne(
            db, sql: "SELECT count(*) FROM record WHERE source_id = ? AND status = 'active' AND geom IS NULL",
            arguments: [sourceID]) ?? 0
    }

    /// Saves the counts and the printed summary with the import run.
    public func finish(file: String, fileHash: String?, counts: ImportCounts, rejected: Int, warnings: Int, report: String) throws {
        try db.execute(sql: """
            UPDATE import_run SET file = ?, file_sha256 = ?, read = ?, added = ?, updated = ?, unchanged = ?, withdrawn = ?,
                unlocated = ?, rejected = ?, warnings = ?, report = ? WHERE id = ?
            """, arguments: [
                file, fileHash, counts.read, counts.added, counts.updated, counts.unchanged, counts.withdrawn,
                counts.unlocated, rejected, warnings, report, importID,
            ])
        try db.execute(sql: "DROP TABLE IF EXISTS temp.assign_ids")
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}

extension AssetMapStore {
    /// Runs one import in a single transaction: committed whole, or (on error or dry run) rolled back whole.
    public func importSource<T>(
        _ metadata: SourceMetadata, kind: EntityKind, profile: String, file: String, dryRun: Bool,
        _ body: (ImportSession) throws -> T
    ) throws -> T {
        // A large import dirties many pages: 256 MiB of page cache, given back afterwards (the peak stays under 1 GiB).
        // Its references are to rows it writes itself or has just read, and it deletes no parent row: unchecked.
        try writer.writeWithoutTransaction { db in
            try Self.withPageCache(db, mebibytes: 256) {
                try Self.withoutForeignKeyChecks(db) {
                    var result: T?
                    try db.inTransaction(.immediate) {
                        let now = Timestamp.now()
                        let before = try Row.fetchOne(db, sql: "SELECT sharing, trust, as_of FROM source WHERE name = ?", arguments: [metadata.name])
                        let metadataChanged = before.map {
                            ($0["sharing"] as String) != metadata.sharing.rawValue || ($0["trust"] as Double) != metadata.trust
                                || ($0["as_of"] as String?) != metadata.asOf
                        } ?? false
                        try db.execute(sql: """
                            INSERT INTO source (name, title, publisher, licence, sharing, trust, as_of, kind, profile, created_at, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (name) DO UPDATE SET title = excluded.title, publisher = excluded.publisher,
                                licence = excluded.licence, sharing = excluded.sharing, trust = excluded.trust, as_of = excluded.as_of,
                                kind = excluded.kind, profile = excluded.profile, updated_at = excluded.updated_at
                            """, arguments: [
                                metadata.name, metadata.title, metadata.publisher, metadata.licence, metadata.sharing.rawValue,
                                metadata.trust, metadata.asOf, kind.rawValue, profile, now, now,
                            ])
                        let sourceID = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [metadata.name])!
                        try db.execute(sql: """
                            INSERT INTO import_run (source_id, file, imported_at, read, added, updated, unchanged, withdrawn, unlocated,
                                rejected, warnings, report) VALUES (?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, '{}')
                            """, arguments: [sourceID, file, now])
                        let session = try ImportSession(db: db, sourceID: sourceID, importID: db.lastInsertedRowID)
                        session.sourceMetadataChanged = metadataChanged
                        result = try body(session)
                        try session.writeNewEntities()
                        return dryRun ? .rollback : .commit
                    }
                    return result!
                }
            }
        }
    }
}
