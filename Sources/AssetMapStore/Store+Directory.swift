import AssetMapCore
import Foundation
import GRDB

/// Who is reading: anonymous callers see `open` sources, partners also `partners`, officers everything.
public enum Visibility: Int, Sendable, Codable, CaseIterable, Comparable {
    case open = 0, partners = 1, restricted = 2

    public init(_ level: SharingLevel) {
        switch level {
        case .open: self = .open
        case .partners: self = .partners
        case .restricted: self = .restricted
        }
    }

    public static func < (a: Visibility, b: Visibility) -> Bool { a.rawValue < b.rawValue }
}

extension AssetMapStore {
    /// The golden fields a directory row keeps in text columns of their own, between `categories` and
    /// `floor_area_m2` (`refreshEntities`' insert order).
    static let viewTextFields = [
        "address", "postcode", "phone", "email", "website", "description", "opening_hours", "owner", "occupancy", "organisation",
    ]

    /// Rebuilds the reader-facing rows of some entities (all when nil): golden values per visibility,
    /// full-text, categories, areas and the spatial index. Call after anything changes members or areas.
    public func refreshEntities(_ ids: [Int64]?) throws {
        try writer.write { db in try Self.refreshEntities(db, ids: ids) }
    }

    /// `searchChange` carries what the caller already took out of the index (a source removal), so the words are
    /// computed once for both.
    static func refreshEntities(_ db: Database, ids: [Int64]?, searchChange noted: SearchHeads.Change = SearchHeads.Change()) throws {
        if let ids, ids.isEmpty { return try noted.apply(db) }
        let restrict: String
        // The common words' kept first pages follow what these entries held before and hold after.
        var searchChange = noted
        let views = "IN (SELECT id FROM entity_view WHERE entity_id IN (SELECT id FROM temp.refresh_ids))"
        if let ids {
            try db.execute(sql: "DROP TABLE IF EXISTS temp.refresh_ids; CREATE TEMP TABLE refresh_ids (id INTEGER PRIMARY KEY)")
            let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO temp.refresh_ids VALUES (?)")
            for id in ids { try insert.execute(arguments: [id]) }
            restrict = "IN (SELECT id FROM temp.refresh_ids)"
            try searchChange.note(db, views: views, count: ids.count)
            try db.execute(sql: """
                DROP TABLE IF EXISTS temp.refresh_views; CREATE TEMP TABLE refresh_views (id INTEGER PRIMARY KEY);
                INSERT INTO temp.refresh_views SELECT id FROM entity_view WHERE entity_id \(restrict);
                DELETE FROM entity_fts WHERE rowid IN (SELECT id FROM temp.refresh_views)
                """)
            if ids.count >= 1_000 {
                // What hangs on each row goes first, a statement each, so the foreign keys' cascades find nothing.
                try db.execute(sql: """
                    DELETE FROM entity_category WHERE view_id IN (SELECT id FROM temp.refresh_views);
                    DELETE FROM entity_area WHERE view_id IN (SELECT id FROM temp.refresh_views)
                    """)
                try BulkDelete.rows(db, table: "entity_view", rowids: "refresh_views")
            } else {
                try db.execute(sql: "DELETE FROM entity_view WHERE id IN (SELECT id FROM temp.refresh_views)")
            }
            try db.execute(sql: "DROP TABLE temp.refresh_views")
        } else {
            restrict = "IS NOT NULL"
            searchChange.noteEverything()
            try db.execute(sql: "DELETE FROM entity_fts; DELETE FROM entity_area; DELETE FROM entity_category; DELETE FROM entity_view;")
        }
        // Many rows (a match run rewrites hundreds of thousands): SpatiaLite's per-row insert triggers set aside and
        // the R*Tree filled in one statement. Rewriting 48,812 entities after a 100k match took 16 s with them.
        var setAside: (triggers: SetAsideInsertTriggers, lastView: Int64)?
        if (ids?.count ?? .max) >= 1_000 {
            let lastView = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM entity_view") ?? 0
            setAside = (try SetAsideInsertTriggers(db, tables: ["entity_view"]), lastView)
        }
        let insertView = try db.makeStatement(sql: """
            INSERT INTO entity_view (entity_id, min_level, max_level, kind, name, categories, address, postcode, phone, email,
                website, description, opening_hours, owner, occupancy, organisation, floor_area_m2, running_cost_gbp, lat, lon,
                location_precision, point_record_id, sources, source_count, updated, golden, areas, geom)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, MakePoint(?, ?, 4326))
            """)
        // Full-text rows are gathered and go into the index in one statement at the end. A write to a virtual table
        // inside a transaction opens a statement savepoint, and FTS5 flushes its pending terms to a new segment at
        // each: one segment per entry, merged over and over (writing a 1M match's 200,000 rows took 118 s, now 67).
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.refresh_fts;
            CREATE TEMP TABLE refresh_fts (id INTEGER PRIMARY KEY, name, alternate_names, categories, description, address)
            """)
        let insertFTS = try db.makeStatement(sql: "INSERT INTO temp.refresh_fts VALUES (?, ?, ?, ?, ?, ?)")
        let insertCategory = try db.makeStatement(sql: "INSERT OR IGNORE INTO entity_category (category, view_id) VALUES (?, ?)")
        let insertArea = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO entity_area (area_id, view_id) SELECT area_id, ? FROM record_area WHERE record_id = ?
            """)
        let cursor = try Row.fetchCursor(db, sql: memberRowsSQL(where: "r.entity_id \(restrict)"))
        struct Member {
            var record: MemberRecord
            var level: Int
            var point: (Coordinate, LocationPrecision)?
            var areas: String?
        }
        var entityID: Int64 = -1
        var kind = ""
        var members: [Member] = []
        func flush() throws {
            guard !members.isEmpty else { return }
            // One row per distinct set of visible members: an all-open entity has a single row for every reader.
            // Personal data splits the public (level 0) off into a row of its own, built from masked members.
            let publicMasked = members.contains { $0.level == 0 && holdsPersonalData($0.record.fields) }
            var level = 0
            while level <= 2 {
                var visible = members.filter { $0.level <= level }
                var top = level
                if level == 0 && publicMasked {
                    visible = try visible.map { m in
                        var shown = m
                        let view = try publicView(db, fields: m.record.fields, point: m.point)
                        shown.record.fields = view.fields
                        shown.point = view.point
                        return shown
                    }
                } else {
                    while top < 2 && members.filter({ $0.level <= top + 1 }).count == visible.count { top += 1 }
                }
                if !visible.isEmpty { try writeView(visible, minLevel: level, maxLevel: top) }
                level = top + 1
            }
        }
        func writeView(_ visible: [Member], minLevel: Int, maxLevel: Int) throws {
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
            let goldenJSON = DirectoryJSON.golden(golden)
            let areas = decodeAreas(best?.areas)
            let areasJSON = areas.isEmpty ? nil : DirectoryJSON.areas(areas)
            let point = best?.point?.0
            // Bound through the C API (`RowBinding`): GRDB's boxed arguments were a fifth of writing these rows.
            var view = RowBinding(insertView)
            view.integer(entityID)
            view.integer(Int64(minLevel))
            view.integer(Int64(maxLevel))
            view.text(kind)
            view.text(value("name") ?? "")
            view.text(categories.isEmpty ? nil : categories.joined(separator: ";"))
            for field in Self.viewTextFields { view.text(value(field)) }
            view.real(value("floor_area_m2").flatMap(Double.init))
            view.real(value("running_cost_gbp").flatMap(Double.init))
            view.real(point?.lat)
            view.real(point?.lon)
            view.text(best?.point?.1.rawValue)
            view.integer(best?.record.recordID)
            view.text(sources.joined(separator: ";"))
            view.integer(Int64(sources.count))
            view.text(visible.map(\.record.recency).max())
            view.text(goldenJSON)
            view.text(areasJSON)
            view.real(point?.lon)
            view.real(point?.lat)
            try view.run(db)
            let viewID = db.lastInsertedRowID
            let alternateNames = ([golden["alternate_names"]?.value] + (golden["name"]?.alternatives.map(\.value) ?? []))
                .compactMap { $0 }.joined(separator: " ")
            var fts = RowBinding(insertFTS)
            fts.integer(viewID)
            fts.text(value("name") ?? "")
            fts.text(alternateNames)
            fts.text(categories.joined(separator: " "))
            fts.text(value("description") ?? "")
            fts.text([value("address"), value("postcode"), value("town")].compactMap { $0 }.joined(separator: " "))
            try fts.run(db)
            for c in categories {
                var member = RowBinding(insertCategory)
                member.text(c)
                member.integer(viewID)
                try member.run(db)
            }
            if let best {
                var areas = RowBinding(insertArea)
                areas.integer(viewID)
                areas.integer(best.record.recordID)
                try areas.run(db)
            }
        }
        while let row = try cursor.next() {
            let id: Int64 = row["entity_id"]
            if id != entityID {
                try flush()
                entityID = id
                kind = row["kind"]
                members = []
            }
            let record = memberRecord(row)
            var point: (Coordinate, LocationPrecision)?
            if let lat: Double = row["lat"], let lon: Double = row["lon"],
                let precision = (row["location_precision"] as String?).flatMap(LocationPrecision.init(rawValue:))
            {
                point = (Coordinate(lat: lat, lon: lon), precision)
            }
            let level = Visibility(SharingLevel(rawValue: row["sharing"]) ?? .restricted).rawValue
            members.append(Member(record: record, level: level, point: point, areas: row["areas"]))
        }
        try flush()
        try db.execute(sql: """
            INSERT INTO entity_fts (rowid, name, alternate_names, categories, description, address)
            SELECT id, name, alternate_names, categories, description, address FROM temp.refresh_fts ORDER BY id;
            DROP TABLE temp.refresh_fts
            """)
        if var setAside { try setAside.triggers.restore(db, indexingRowsAfter: ["entity_view": setAside.lastView]) }
        if let ids { try searchChange.note(db, views: views, count: ids.count) }
        try searchChange.apply(db)
        if ids != nil { try db.execute(sql: "DROP TABLE IF EXISTS temp.refresh_ids") }
    }
}
