import AssetMapCore
import AssetMapIngest
@testable import AssetMapStore
import Foundation
import GRDB
import Testing

/// New records are written in bulk with SpatiaLite's insert triggers set aside: what readers see must be exactly what
/// the general (per-entity) path builds, the spatial indexes complete, and the triggers back afterwards, whatever happens.
@Suite("Bulk writing of new records")
struct BulkWriteTests {
    static let profile = #"""
        {"source": {"name": "bulk", "sharing": "open", "trust": 0.7, "as_of": "2024-03-01"}, "kind": "organisation", "key": "id",
         "fields": {"name": "name", "postcode": "postcode", "categories": "categories", "address": "address",
                    "description": "description", "phone": "phone", "floor_area_m2": "area", "lat": "lat", "lon": "lon"}}
        """#
    static let csv = """
        id,name,postcode,categories,address,description,phone,area,lat,lon
        b1,Zebracorn Youth Club,M33 7AB,youth club;sport,"1 High St",Games and "quiet" room,0161 000 0001,120,,
        b2,Sale Library,M33 7AD,library,,Books,,,,
        b3,Nowhere Group,,advice,,,,,,
        b4,Exact Place,,,,,,"1,200 m2",53.4251,-2.3222
        b5,Sector Only,M33 7,food bank; food bank ,,,,,,
        """

    static func spatialTriggers(_ store: AssetMapStore) throws -> [String] {
        try store.writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('record', 'entity_view') ORDER BY name
                """)
        }
    }

    /// The directory's spatial index checked by SpatiaLite, its entries, and the located rows it should hold.
    static func indexCheck(_ store: AssetMapStore) throws -> (view: Int?, viewEntries: Int, located: Int) {
        try store.writer.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT CheckSpatialIndex('entity_view', 'geom')"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM idx_entity_view_geom") ?? -1,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM entity_view WHERE geom IS NOT NULL") ?? -2
            )
        }
    }

    /// Everything readers see of the directory, row by row.
    static func directory(_ store: AssetMapStore) throws -> [String] {
        try store.writer.read { db in
            let views = try Row.fetchAll(db, sql: """
                SELECT entity_id, min_level, max_level, kind, name, categories, address, postcode, phone, email, website, description,
                       opening_hours, owner, occupancy, organisation, floor_area_m2, running_cost_gbp, lat, lon, location_precision,
                       point_record_id, sources, source_count, updated, golden, areas, AsText(geom) AS point
                FROM entity_view ORDER BY entity_id, min_level
                """).map { $0.description }
            let fts = try Row.fetchAll(db, sql: """
                SELECT v.entity_id, f.name, f.alternate_names, f.categories, f.description, f.address
                FROM entity_fts f JOIN entity_view v ON v.id = f.rowid ORDER BY v.entity_id
                """).map { "fts " + $0.description }
            let categories = try Row.fetchAll(db, sql: """
                SELECT v.entity_id, c.category FROM entity_category c JOIN entity_view v ON v.id = c.view_id ORDER BY 1, 2
                """).map { "category " + $0.description }
            let areas = try Row.fetchAll(db, sql: """
                SELECT v.entity_id, a.code FROM entity_area ea JOIN entity_view v ON v.id = ea.view_id JOIN area a ON a.id = ea.area_id
                ORDER BY 1, 2
                """).map { "area " + $0.description }
            return views + fts + categories + areas
        }
    }

    @Test func bulkRowsEqualTheGeneralPathsAndIndexesAreWhole() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        _ = try AreaFile(path: Paths.fixture("wards.geojson"), layer: "ward", codeField: "area_code", nameField: "area_name").load(into: store)
        let triggersBefore = try Self.spatialTriggers(store)
        // Records' points have no spatial index since v9 (only the type check); the directory's keep theirs.
        #expect(triggersBefore.contains { $0.hasPrefix("ggi_record") } && triggersBefore.contains { $0.hasPrefix("gii_entity_view") })
        #expect(!triggersBefore.contains { $0.hasPrefix("gii_record") })
        let dir = try TempDir()
        defer { dir.remove() }
        let report = try Importer(store: store).run(path: try dir.write("bulk.csv", Self.csv), profile: try Fixture.profile(json: Self.profile))
        #expect(report.added == 5)
        #expect(try Self.spatialTriggers(store) == triggersBefore)
        let check = try Self.indexCheck(store)
        #expect(check.view == 1, "spatial index inconsistent: \(check)")
        #expect(check.viewEntries == check.located && check.located == 4)

        let bulk = try Self.directory(store)
        #expect(bulk.contains { $0.hasPrefix("category") && $0.contains("\"sport\"") })
        #expect(bulk.contains { $0.hasPrefix("area") })
        // Rebuild every entity through the general path: the rows must come out the same.
        try store.refreshEntities(nil)
        let general = try Self.directory(store)
        #expect(bulk.count == general.count)
        for (a, b) in zip(bulk, general) where a != b {
            Issue.record("bulk and general rows differ:\n  bulk:    \(a)\n  general: \(b)")
        }
        // A search reads the bulk rows through FTS and the spatial index.
        let page = try store.search(SearchQuery(text: "zebracorn", near: Coordinate(lat: 53.4251, lon: -2.3222), radius: 2_000))
        #expect(page.results.first?.name == "Zebracorn Youth Club")
    }

    @Test func triggersSurviveAFailedImportAndADryRun() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        let triggersBefore = try Self.spatialTriggers(store)
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("bulk.csv", Self.csv)
        _ = try Importer(store: store).run(path: path, profile: try Fixture.profile(json: Self.profile), dryRun: true)
        #expect(try Self.spatialTriggers(store) == triggersBefore)
        // Invalid UTF-8 on the last line fails the import after rows were written.
        var bytes = Data((Self.csv + "\nb6,Bad ").utf8)
        bytes.append(contentsOf: [0xff, 0xfe])
        bytes.append(contentsOf: Array(",M33 7AB,,,,,,,\n".utf8))
        let bad = dir.path("bad.csv")
        try bytes.write(to: URL(fileURLWithPath: bad))
        #expect(throws: (any Error).self) { try Importer(store: store).run(path: bad, profile: try Fixture.profile(json: Self.profile)) }
        #expect(try Self.spatialTriggers(store) == triggersBefore)
        #expect(try store.sources().isEmpty)
        // And the next import still indexes its rows through the restored triggers' bookkeeping.
        _ = try Importer(store: store).run(path: path, profile: try Fixture.profile(json: Self.profile))
        let check = try Self.indexCheck(store)
        #expect(check.view == 1 && check.viewEntries == 4)
    }

    /// An import writes without foreign key checks (its references are to rows it wrote or read itself); the
    /// connection checks them again afterwards, whether the import committed, was a dry run, or failed.
    @Test func foreignKeysAreCheckedAgainAfterAnyImport() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        _ = try AreaFile(path: Paths.fixture("wards.geojson"), layer: "ward", codeField: "area_code", nameField: "area_name").load(into: store)
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("bulk.csv", Self.csv)
        func checked() throws -> Bool {
            let on = try store.writer.write { db in try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false }
            let orphan = Result {
                try store.writer.write { db in
                    try db.execute(sql: "INSERT INTO record_area (record_id, layer, area_id) VALUES (999999, 'ward', 999999)")
                }
            }
            guard case .failure(let error as DatabaseError) = orphan else { return false }
            return on && error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY
        }
        #expect(try checked())
        _ = try Importer(store: store).run(path: path, profile: try Fixture.profile(json: Self.profile), dryRun: true)
        #expect(try checked())
        let report = try Importer(store: store).run(path: path, profile: try Fixture.profile(json: Self.profile))
        #expect(report.added == 5)
        #expect(try checked())
        var bytes = Data((Self.csv.replacingOccurrences(of: "b1,", with: "c1,") + "\nb6,Bad ").utf8)
        bytes.append(contentsOf: [0xff, 0xfe])
        let bad = dir.path("bad.csv")
        try bytes.write(to: URL(fileURLWithPath: bad))
        #expect(throws: (any Error).self) { try Importer(store: store).run(path: bad, profile: try Fixture.profile(json: Self.profile)) }
        #expect(try checked())
        #expect(try store.integrityProblems() == [])
        let areas = try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM record_area") }
        #expect(areas == 4, "the located records' wards")
    }

    /// Past 1,000 unchanged rows a re-import stamps them in one statement with the update triggers set aside: every
    /// unchanged record carries the new import and its new line, the rows it did not see are withdrawn, and the
    /// triggers are back, with the stamp they would have left.
    @Test func manyUnchangedRowsAreStampedInBulk() throws {
        let store = try AssetMapStore.testStore()
        let dir = try TempDir()
        defer { dir.remove() }
        let rows = (1...1_200).map { "u\($0),Group number \($0),,,,,,,," }
        let first = try dir.write("first.csv", "id,name,postcode,categories,address,description,phone,area,lat,lon\n" + rows.joined(separator: "\n") + "\n")
        _ = try Importer(store: store).run(path: first, profile: try Fixture.profile(json: Self.profile))
        let triggersBefore = try Self.spatialTriggers(store)
        // The second file drops u1, changes u2, and moves every other row up a line.
        let second = try dir.write(
            "second.csv",
            "id,name,postcode,categories,address,description,phone,area,lat,lon\nu2,Group number two,,,,,,,,\n"
                + rows.dropFirst(2).joined(separator: "\n") + "\n")
        let report = try Importer(store: store).run(path: second, profile: try Fixture.profile(json: Self.profile))
        #expect(report.unchanged == 1_198 && report.updated == 1 && report.withdrawn == 1 && report.added == 0)
        #expect(try Self.spatialTriggers(store) == triggersBefore)
        let stamped = try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.source_key, r.line, r.status, r.import_id = (SELECT max(id) FROM import_run) AS latest FROM record r
                WHERE r.source_key IN ('u1', 'u2', 'u3', 'u1200') ORDER BY r.id
                """).map { "\($0[0] as String) \($0[1] as Int) \($0[2] as String) \($0[3] as Bool)" }
        }
        #expect(stamped == ["u1 2 withdrawn false", "u2 2 active true", "u3 3 active true", "u1200 1200 active true"])
        #expect(try store.integrityProblems() == [])
        // Nothing but unchanged rows: the one stamp comes from putting the triggers back.
        let stampSQL = "SELECT last_update FROM geometry_columns_time WHERE f_table_name = 'record' AND f_geometry_column = 'geom'"
        try store.writer.write { db in
            try db.execute(sql: "UPDATE geometry_columns_time SET last_update = '0000-01-01T00:00:00.000Z' WHERE f_table_name = 'record'")
        }
        let again = try Importer(store: store).run(path: second, profile: try Fixture.profile(json: Self.profile))
        #expect(again.unchanged == 1_199 && again.withdrawn == 0)
        let stamp = try store.writer.read { db in try String.fetchOne(db, sql: stampSQL) }
        #expect(stamp?.hasPrefix("0000") == false, "the stamp the triggers would have left: \(stamp ?? "none")")
        #expect(try Self.spatialTriggers(store) == triggersBefore)
    }

    /// Entities' view ids, by entity.
    static func viewIDs(_ store: AssetMapStore) throws -> [Int64: [Int64]] {
        try store.writer.read { db in
            var ids: [Int64: [Int64]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT entity_id, id FROM entity_view ORDER BY entity_id, min_level") {
                ids[row[0], default: []].append(row[1])
            }
            return ids
        }
    }

    /// Each entity's point as text ("nil nil" for none), by entity.
    static func points(_ store: AssetMapStore) throws -> [Int64: String] {
        try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT entity_id, lat, lon FROM entity_view").reduce(into: [Int64: String]()) {
                $0[$1[0]] = "\($1[1] as Double?) \($1[2] as Double?)"
            }
        }
    }

    /// Merges the entity of record `a` with that of record `b`, for each pair, and rewrites their directory rows.
    static func merge(_ store: AssetMapStore, _ pairs: [(a: String, b: String)]) throws -> [(kept: Int64, emptied: Int64)] {
        try store.writer.write { db in
            var merged: [(kept: Int64, emptied: Int64)] = []
            for (a, b) in pairs {
                let entityOf = "SELECT re.entity_id FROM record r JOIN record_entity re ON re.record_id = r.id WHERE r.source_key = ?"
                let kept = try Int64.fetchOne(db, sql: entityOf, arguments: [a])!
                let emptied = try Int64.fetchOne(db, sql: entityOf, arguments: [b])!
                try db.execute(sql: "UPDATE record_entity SET entity_id = ? WHERE entity_id = ?", arguments: [kept, emptied])
                merged.append((kept, emptied))
            }
            try AssetMapStore.refreshEntities(db, ids: merged.flatMap { [$0.kept, $0.emptied] })
            return merged
        }
    }

    @Test func rewrittenRowsKeepTheirIdsAndTheSpatialIndexFollowsTheirPoints() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        // 650 pairs, each merged into its first record's entity. The first has a postcode, its own point, or nothing;
        // the second its own point or nothing. An own point outranks a postcode's, and of two own points the first's
        // stays: so some entities keep their point, some move it, some gain one, and some stay without.
        var lines = ["id,name,postcode,lat,lon"]
        for j in 0..<650 {
            switch j % 3 {
            case 0: lines.append("a\(j),Group \(j),M33 7AB,,")
            case 1: lines.append("a\(j),Group \(j),,\(53.40 + Double(j) * 1e-4),-2.30")
            default: lines.append("a\(j),Group \(j),,,")
            }
        }
        for j in 0..<650 { lines.append(j % 2 == 0 ? "b\(j),Group \(j) CIO,,\(53.45 + Double(j) * 1e-4),-2.35" : "b\(j),Group \(j) CIO,,,") }
        let dir = try TempDir()
        defer { dir.remove() }
        let profile = #"{"source": {"name": "pairs", "sharing": "open", "trust": 0.7}, "kind": "organisation", "key": "id", "fields": {"name": "name", "postcode": "postcode", "lat": "lat", "lon": "lon"}}"#
        _ = try Importer(store: store).run(path: try dir.write("pairs.csv", lines.joined(separator: "\n") + "\n"), profile: try Fixture.profile(json: profile))
        let triggersBefore = try Self.spatialTriggers(store)
        let before = try Self.viewIDs(store)
        let pointsBefore = try Self.points(store)

        // 1,300 entities touched: the bulk path, with SpatiaLite's triggers set aside, and 650 with members (more than
        // one batch of `AssetMapStore.refreshBatch`).
        #expect(AssetMapStore.refreshBatch < 650)
        let merged = try Self.merge(store, (0..<650).map { ("a\($0)", "b\($0)") })
        let after = try Self.viewIDs(store)
        for (kept, emptied) in merged {
            #expect(after[kept] == before[kept], "entity \(kept) was rewritten under another id")
            #expect(after[emptied] == nil)
        }
        let pointsAfter = try Self.points(store)
        let moved = merged.filter { pointsAfter[$0.kept] != pointsBefore[$0.kept] }.count
        // Pairs whose first has a postcode or nothing and whose second has a point: j % 6 is 0 or 2.
        #expect(moved == 217, "entities whose point changed: \(moved)")
        #expect(try Self.spatialTriggers(store) == triggersBefore)
        var check = try Self.indexCheck(store)
        #expect(check.view == 1, "spatial index inconsistent: \(check)")
        // Located: every first with a postcode or a point (434), and the firsts with nothing whose second has one (108).
        #expect(check.viewEntries == check.located && check.located == 542)
        let inPlace = try Self.directory(store)
        try store.refreshEntities(nil)
        let general = try Self.directory(store)
        #expect(inPlace.count == general.count)
        for (a, b) in zip(inPlace, general) where a != b {
            Issue.record("rewritten in place and rebuilt differ:\n  in place: \(a)\n  rebuilt:  \(b)")
        }

        // A few entities: SpatiaLite's own triggers keep the index.
        let rebuilt = try Self.viewIDs(store)
        let pointsRebuilt = try Self.points(store)
        let few = try Self.merge(store, [("a2", "a1"), ("a3", "a4"), ("a5", "a6")])
        let afterFew = try Self.viewIDs(store)
        for (kept, emptied) in few {
            #expect(afterFew[kept] == rebuilt[kept])
            #expect(afterFew[emptied] == nil)
        }
        #expect(pointsRebuilt[few[0].kept] != pointsRebuilt[few[0].emptied])
        check = try Self.indexCheck(store)
        #expect(check.view == 1, "spatial index inconsistent: \(check)")
        #expect(check.viewEntries == check.located)
        #expect(try Self.spatialTriggers(store) == triggersBefore)
    }

    /// Entries in the directory's spatial index, checked by SQLite and by SpatiaLite, its node count, and for each of
    /// many windows whether the index finds exactly the located rows a scan finds.
    static func spatialIndex(_ store: AssetMapStore) throws -> (rtree: String?, spatiaLite: Int?, nodes: Int, windowsAgree: Bool) {
        // On the writer: `CheckSpatialIndex` logs to a table, which a read-only connection refuses noisily.
        try store.writer.write { db in
            var agree = true
            for i in 0..<40 {
                let x = -2.40 + Double(i % 8) * 0.02, y = 53.38 + Double(i / 8) * 0.02
                let byIndex = try Int64.fetchAll(db, sql: """
                    SELECT id FROM entity_view WHERE ROWID IN (SELECT ROWID FROM SpatialIndex
                        WHERE f_table_name = 'entity_view' AND search_frame = BuildMbr(?, ?, ?, ?, 4326)) ORDER BY id
                    """, arguments: [x, y, x + 0.015, y + 0.015])
                let byScan = try Int64.fetchAll(db, sql: """
                    SELECT id FROM entity_view WHERE lon BETWEEN ? AND ? AND lat BETWEEN ? AND ? ORDER BY id
                    """, arguments: [x, x + 0.015, y, y + 0.015])
                if byIndex != byScan { agree = false }
            }
            return (
                try String.fetchOne(db, sql: "SELECT rtreecheck('idx_entity_view_geom')"),
                try Int.fetchOne(db, sql: "SELECT CheckSpatialIndex('entity_view', 'geom')"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM idx_entity_view_geom_node") ?? -1,
                agree
            )
        }
    }

    /// An import or a refresh that adds or moves many points rebuilds the directory's spatial index packed
    /// (`RTreeBulkLoad`) rather than inserting each: the index must come out whole and find what a scan finds.
    @Test func manyNewOrMovedPointsRebuildTheSpatialIndexWhole() throws {
        let store = try AssetMapStore.testStore()
        let dir = try TempDir()
        defer { dir.remove() }
        let profile = #"{"source": {"name": "points", "sharing": "open", "trust": 0.7}, "kind": "place", "key": "id", "fields": {"name": "name", "lat": "lat", "lon": "lon"}}"#
        func file(_ name: String, shift: (Int) -> Double) throws -> String {
            let rows = (0..<1_500).map { k in
                "p\(k),Hall \(k),\(53.38 + Double(k % 50) * 0.002 + shift(k)),\(-2.40 + Double(k / 50) * 0.005)"
            }
            return try dir.write(name, "id,name,lat,lon\n" + rows.joined(separator: "\n") + "\n")
        }
        let triggersBefore = try Self.spatialTriggers(store)
        let first = try Importer(store: store).run(path: try file("first.csv") { _ in 0 }, profile: try Fixture.profile(json: profile))
        #expect(first.added == 1_500)
        var index = try Self.spatialIndex(store)
        #expect(index.rtree == "ok" && index.spatiaLite == 1 && index.windowsAgree, "\(index)")
        // 1,500 entries packed 51 to a node: 30 leaves under the root.
        #expect(index.nodes == 31)
        #expect(try Self.spatialTriggers(store) == triggersBefore)

        // 1,200 of them move 300 m north: their rows are rewritten in place, and their entries replaced in a rebuild.
        let moved = try Importer(store: store).run(
            path: try file("moved.csv") { $0 < 1_200 ? 0.0027 : 0 }, profile: try Fixture.profile(json: profile))
        #expect(moved.updated == 1_200 && moved.unchanged == 300)
        index = try Self.spatialIndex(store)
        #expect(index.rtree == "ok" && index.spatiaLite == 1 && index.windowsAgree, "\(index)")
        #expect(index.nodes == 31)
        #expect(try Self.spatialTriggers(store) == triggersBefore)
        let near = try store.search(SearchQuery(near: Coordinate(lat: 53.38 + 0.0027, lon: -2.40), radius: 50))
        #expect(near.results.map(\.name) == ["Hall 0"])
    }
}
