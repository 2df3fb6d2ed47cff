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
    /// The golden fields a directory row keeps in text columns of their own, bound in this order by `refreshEntities`.
    static let viewTextFields = [
        "address", "postcode", "phone", "email", "website", "description", "opening_hours", "owner", "occupancy", "organisation",
    ]

    /// Rebuilds the reader-facing rows of some entities (all when nil): golden values per visibility,
    /// full-text, categories, areas and the spatial index. Call after anything changes members or areas.
    public func refreshEntities(_ ids: [Int64]?) throws {
        try writer.write { db in try Self.refreshEntities(db, ids: ids) }
    }

    /// A directory row as it stands before a refresh rewrites it: what decides whether it can be rewritten in place
    /// without touching its indexes.
    private struct StandingView {
        var entity: Int64
        var id: Int64
        var minLevel: Int
        var maxLevel: Int
        var kind: String
        var lat: Double?
        var lon: Double?
    }

    /// `searchChange` carries what the caller already took out of the index (a source removal), so the words are
    /// computed once for both.
    ///
    /// An entity's new row for a reader level takes the id of the row it had for that level: rewritten in place, it
    /// keeps its R*Tree entry while its point stays, and ties in search and browse (ordered by id) stay where they
    /// were. Rows no longer needed (an entity emptied, a level split off or merged) are deleted after the writing.
    static func refreshEntities(_ db: Database, ids: [Int64]?, searchChange noted: SearchHeads.Change = SearchHeads.Change()) throws {
        if let ids, ids.isEmpty { return try noted.apply(db) }
        let restrict: String
        // The common words' kept first pages follow what these entries held before and hold after.
        var searchChange = noted
        let views = "IN (SELECT id FROM entity_view WHERE entity_id IN (SELECT id FROM temp.refresh_ids))"
        // The touched entities' rows as they stand, in entity order (the members' order below), then by level.
        var standing: [StandingView] = []
        if let ids {
            try TemporaryIDs.create(db, "refresh_ids", ids)
            restrict = "IN (SELECT id FROM temp.refresh_ids)"
            try searchChange.note(db, views: views, count: ids.count)
            // The rows' full text, categories and areas are written again whether a row stays or goes.
            try db.execute(sql: """
                DROP TABLE IF EXISTS temp.refresh_views; CREATE TEMP TABLE refresh_views (id INTEGER PRIMARY KEY);
                INSERT INTO temp.refresh_views SELECT id FROM entity_view WHERE entity_id \(restrict);
                DELETE FROM entity_fts WHERE rowid IN (SELECT id FROM temp.refresh_views);
                DELETE FROM entity_category WHERE view_id IN (SELECT id FROM temp.refresh_views);
                DELETE FROM entity_area WHERE view_id IN (SELECT id FROM temp.refresh_views);
                DROP TABLE temp.refresh_views
                """)
            // From the two narrow indexes, not the wide rows.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT e.entity_id, f.id, f.min_level, f.max_level, f.kind, f.lat, f.lon
                FROM temp.refresh_ids r JOIN entity_view e INDEXED BY entity_view_entity ON e.entity_id = r.id
                JOIN entity_view f INDEXED BY entity_view_filter ON f.id = e.id
                ORDER BY e.entity_id, f.min_level
                """)
            while let row = try rows.next() {
                standing.append(StandingView(entity: row[0], id: row[1], minLevel: row[2], maxLevel: row[3], kind: row[4], lat: row[5], lon: row[6]))
            }
        } else {
            restrict = "IS NOT NULL"
            searchChange.noteEverything()
            try db.execute(sql: "DELETE FROM entity_fts; DELETE FROM entity_area; DELETE FROM entity_category; DELETE FROM entity_view;")
        }
        // Many rows (a match run rewrites hundreds of thousands): SpatiaLite's per-row insert and update triggers set
        // aside and the R*Tree brought up to date in a statement or two. Rewriting 48,812 entities after a 100k match
        // took 16 s with them.
        var setAside: (triggers: SetAsideSpatialTriggers, lastView: Int64)?
        if (ids?.count ?? .max) >= SetAsideSpatialTriggers.bulkRows {
            let lastView = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM entity_view") ?? 0
            setAside = (try SetAsideSpatialTriggers(db, tables: ["entity_view"], updates: true), lastView)
        }
        // The columns no index holds, bound first by all three statements; then those the filter and kind indexes hold.
        let content = ["name", "categories"] + Self.viewTextFields + [
            "floor_area_m2", "running_cost_gbp", "location_precision", "point_record_id", "sources", "source_count", "updated",
            "golden", "areas",
        ]
        let placed = ["max_level", "kind", "lat", "lon"]
        let makePoint = "MakePoint(?, ?, 4326)"
        let insertView = try db.makeStatement(sql: """
            INSERT INTO entity_view (\((content + placed).joined(separator: ", ")), geom, entity_id, min_level)
            VALUES (\(Array(repeating: "?", count: content.count + placed.count).joined(separator: ", ")), \(makePoint), ?, ?)
            """)
        // In place: only the row itself when its kind, levels and point stay; with the indexes' columns when not.
        let updateView = try db.makeStatement(sql: """
            UPDATE entity_view SET \(content.map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?
            """)
        let updatePlacedView = try db.makeStatement(sql: """
            UPDATE entity_view SET \((content + placed).map { "\($0) = ?" }.joined(separator: ", ")), geom = \(makePoint) WHERE id = ?
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
        var gone: [Int64] = []
        var moved: [Int64] = []
        var nextStanding = 0
        // The standing rows of `entity`; those of entities before it that now have no members are gone.
        func standingRows(of entity: Int64) -> [StandingView] {
            while nextStanding < standing.count, standing[nextStanding].entity < entity {
                gone.append(standing[nextStanding].id)
                nextStanding += 1
            }
            var rows: [StandingView] = []
            while nextStanding < standing.count, standing[nextStanding].entity == entity {
                rows.append(standing[nextStanding])
                nextStanding += 1
            }
            return rows
        }
        func write(_ entity: DirectoryRows.Entity, _ prepared: DirectoryRows.Prepared) throws {
            let views: [DirectoryRows.View]
            switch prepared {
            case .views(let ready): views = ready
            case .masked(let members):
                views = try DirectoryRows.views(members) { member in
                    var shown = member
                    let view = try publicView(db, fields: member.record.fields, point: member.point)
                    shown.record.fields = view.fields
                    shown.point = view.point
                    return shown
                }
            }
            var entityStanding = standingRows(of: entity.id)
            for row in views {
                // Bound through the C API (`RowBinding`): GRDB's boxed arguments were a fifth of writing these rows.
                let reused = entityStanding.firstIndex { $0.minLevel == row.minLevel }.map { entityStanding.remove(at: $0) }
                let stays = reused.map {
                    $0.maxLevel == row.maxLevel && $0.kind == entity.kind && $0.lat == row.point?.lat && $0.lon == row.point?.lon
                } ?? false
                var view = RowBinding(reused == nil ? insertView : stays ? updateView : updatePlacedView)
                view.text(row.name)
                view.text(row.categories.isEmpty ? nil : row.categories.joined(separator: ";"))
                for value in row.text { view.text(value) }
                view.real(row.floorArea)
                view.real(row.runningCost)
                view.text(row.precision)
                view.integer(row.pointRecordID)
                view.text(row.sources.joined(separator: ";"))
                view.integer(Int64(row.sources.count))
                view.text(row.updated)
                view.text(row.golden)
                view.text(row.areas)
                if !stays {
                    view.integer(Int64(row.maxLevel))
                    view.text(entity.kind)
                    view.real(row.point?.lat)
                    view.real(row.point?.lon)
                    view.real(row.point?.lon)
                    view.real(row.point?.lat)
                }
                let viewID: Int64
                if let reused {
                    view.integer(reused.id)
                    try view.run(db)
                    viewID = reused.id
                    if !stays && (reused.lat != row.point?.lat || reused.lon != row.point?.lon) { moved.append(reused.id) }
                } else {
                    view.integer(entity.id)
                    view.integer(Int64(row.minLevel))
                    try view.run(db)
                    viewID = db.lastInsertedRowID
                }
                var fts = RowBinding(insertFTS)
                fts.integer(viewID)
                fts.text(row.name)
                fts.text(row.alternateNames)
                fts.text(row.categories.joined(separator: " "))
                fts.text(row.description)
                fts.text(row.address)
                try fts.run(db)
                for c in row.categories {
                    var member = RowBinding(insertCategory)
                    member.text(c)
                    member.integer(viewID)
                    try member.run(db)
                }
                if let recordID = row.pointRecordID {
                    var areas = RowBinding(insertArea)
                    areas.integer(viewID)
                    areas.integer(recordID)
                    try areas.run(db)
                }
            }
            gone.append(contentsOf: entityStanding.map(\.id))
        }

        // Members are read and rows written on this connection, while the rows of the batch read last are chosen on
        // another core (decoding members and choosing golden values were a third of this loop).
        let cursor = try Row.fetchCursor(db, sql: memberRowsSQL(where: "re.entity_id \(restrict)"))
        var pending: DirectoryRows.Entity?
        func readBatch() throws -> [DirectoryRows.Entity] {
            var batch: [DirectoryRows.Entity] = []
            while let row = try cursor.next() {
                let member = DirectoryRows.StoredMember(row)
                let id: Int64 = row[1]
                if pending?.id == id {
                    pending!.members.append(member)
                    continue
                }
                if let done = pending { batch.append(done) }
                pending = DirectoryRows.Entity(id: id, kind: row[2], members: [member])
                if batch.count >= Self.refreshBatch { return batch }
            }
            if let done = pending { batch.append(done) }
            pending = nil
            return batch
        }
        try Pending.pipeline(
            next: { let batch = try readBatch(); return batch.isEmpty ? nil : batch },
            prepare: { entities in entities.map(DirectoryRows.prepare) },
            consume: { entities, rows in for (entity, prepared) in zip(entities, rows) { try write(entity, prepared) } })
        _ = standingRows(of: .max)
        if !gone.isEmpty {
            try TemporaryIDs.create(db, "refresh_gone", gone)
            if gone.count >= SetAsideSpatialTriggers.bulkRows {
                try BulkDelete.rows(db, table: "entity_view", rowids: "refresh_gone")
            } else {
                try db.execute(sql: "DELETE FROM entity_view WHERE id IN (SELECT id FROM temp.refresh_gone)")
            }
            try db.execute(sql: "DROP TABLE temp.refresh_gone")
        }
        try db.execute(sql: """
            INSERT INTO entity_fts (rowid, name, alternate_names, categories, description, address)
            SELECT id, name, alternate_names, categories, description, address FROM temp.refresh_fts ORDER BY id;
            DROP TABLE temp.refresh_fts
            """)
        if var setAside {
            try setAside.triggers.restore(db, indexingRowsAfter: ["entity_view": setAside.lastView], reindexing: ["entity_view": moved])
        }
        if let ids { try searchChange.note(db, views: views, count: ids.count) }
        try searchChange.apply(db)
        if ids != nil { try db.execute(sql: "DROP TABLE IF EXISTS temp.refresh_ids") }
    }
}
