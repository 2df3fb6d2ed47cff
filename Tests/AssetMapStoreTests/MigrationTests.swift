import AssetMapCore
import Foundation
import GRDB
import Testing

@testable import AssetMapStore

/// A database left at every earlier schema version, with data in it, opens with the current code: the data survive,
/// the missing migrations apply, and everything works on it.
@Suite("Upgrades from every earlier schema version")
struct MigrationTests {
    static let earlier = Array(AssetMapStore.migrationIdentifiers.dropLast())

    @Test func theMigrationListIsTheKnownHistory() {
        #expect(AssetMapStore.migrationIdentifiers == ["v1-geography", "v1-sources-records", "v2-directory", "v2-matching", "v3-keys", "v4-audit", "v5-search-filter", "v6-area-lookup", "v7-search-heads", "v8-kept-members", "v9-record-points-unindexed", "v10-kept-references", "v11-record-entity", "v12-kept-lists-in-place"])
    }

    /// v12 moves the kept lists into rowid tables: every row comes across byte for byte, lists longer than a page
    /// included, and a key's level still cannot be kept twice.
    @Test func keptListsMoveInPlaceUnchanged() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v11.sqlite").path
        let listsSQL = """
            SELECT 'word', prefix, level, total, located, ranked, hex(members), hex(points) FROM search_head
            UNION ALL SELECT 'category', category, level, total, located, ranked, hex(members), hex(points) FROM category_head
            ORDER BY 1, 2, 3
            """
        let before: [String]
        do {
            let old = try AssetMapStore.create(path: path, migratedUpTo: "v11-record-entity")
            before = try old.writer.write { db in
                for (table, key) in [("search_head", "prefix"), ("category_head", "category")] {
                    for (name, size) in [("comm", 40), ("communiti", 70_000), ("zebra", 3_000)] {
                        for level in 0...2 {
                            try db.execute(sql: """
                                INSERT INTO \(table) (\(key), level, total, located, ranked, members, points)
                                VALUES (?, ?, ?, ?, ?, randomblob(?), CASE WHEN ? < 10000 THEN randomblob(? * 2) END)
                                """, arguments: [name, level, size + level, size, "\(level),5,9", size, size, size])
                        }
                    }
                }
                return try Row.fetchAll(db, sql: listsSQL).map { "\($0)" }
            }
            try old.close()
        }
        #expect(before.count == 18)
        let store = try AssetMapStore.open(path: path)
        defer { try? store.close() }
        #expect(try store.appliedMigrations().last == "v12-kept-lists-in-place")
        let after = try store.writer.read { db in try Row.fetchAll(db, sql: listsSQL).map { "\($0)" } }
        #expect(after == before)
        let withoutRowid = try store.writer.read { db in
            try Bool.fetchAll(db, sql: "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE name IN ('search_head', 'category_head')")
        }
        #expect(withoutRowid == [false, false])
        #expect(throws: DatabaseError.self) {
            try store.writer.write { db in
                try db.execute(sql: "INSERT INTO search_head (prefix, level, total, located, ranked, members) VALUES ('comm', 1, 1, 1, '', x'')")
            }
        }
        #expect(try store.integrityProblems().isEmpty)
    }

    /// Rows as an older version wrote them, written with that version's tables only.
    static func fill(_ db: Database, upTo version: String) throws {
        let applied = Set(AssetMapStore.migrationIdentifiers.prefix { $0 != version } + [version])
        try db.execute(sql: """
            INSERT INTO postcode (postcode, sector, district, lat, lon, geom) VALUES ('M33 7AA', 'M33 7', 'M33', 53.424, -2.322, MakePoint(-2.322, 53.424, 4326));
            INSERT INTO postcode_centroid (prefix, level, lat, lon, postcodes) VALUES ('M33 7', 'sector', 53.424, -2.322, 1);
            INSERT INTO area_layer (name, code_field, name_field, has_codes, file, loaded_at) VALUES ('ward', 'code', 'name', 1, 'wards.geojson', '2024-01-01T00:00:00.000Z');
            INSERT INTO area (layer, code, name, population, geom) VALUES ('ward', 'E05000001', 'Sale Central', 10000,
                CastToMultiPolygon(GeomFromText('POLYGON((-2.34 53.41, -2.30 53.41, -2.30 53.44, -2.34 53.44, -2.34 53.41))', 4326)));
            """)
        guard applied.contains("v1-sources-records") else { return }
        let now = "2024-01-01T00:00:00.000Z"
        // From v11 a record's entity lives in `record_entity`, and the record's old column is renamed and empty.
        let ownTable = applied.contains("v11-record-entity")
        let entityColumn = ownTable ? "retired_entity_id" : "entity_id"
        let (entity1, entity2) = ownTable ? ("NULL", "NULL") : ("1", "2")
        try db.execute(sql: """
            INSERT INTO source (id, name, title, sharing, trust, as_of, kind, profile, created_at, updated_at)
                VALUES (1, 'legacy', 'Legacy list', 'open', 0.8, '2024-01-01', 'organisation', '{}', ?, ?);
            INSERT INTO import_run (id, source_id, file, imported_at, read, added, updated, unchanged, withdrawn, unlocated, rejected, warnings, report)
                VALUES (1, 1, 'legacy.csv', ?, 2, 2, 0, 0, 0, 0, 0, 0, '{}');
            INSERT INTO entity (id, kind, uuid, created_at) VALUES (1, 'organisation', '00000000-0000-4000-8000-000000000001', ?);
            INSERT INTO entity (id, kind, uuid, created_at) VALUES (2, 'organisation', '00000000-0000-4000-8000-000000000002', ?);
            INSERT INTO record (id, source_id, source_key, \(entityColumn), kind, line, content_hash, raw, fields, name, name_match, categories,
                    postcode, lat, lon, location_precision, first_import_id, import_id, updated_at, geom)
                VALUES (1, 1, 'L1', \(entity1), 'organisation', 2, 'h1', '{"name":"Sale Library"}', '{"name":"Sale Library","categories":"library","postcode":"M33 7AA"}',
                    'Sale Library', 'sale library', 'library', 'M33 7AA', 53.424, -2.322, 'postcode', 1, 1, ?, MakePoint(-2.322, 53.424, 4326));
            INSERT INTO record (id, source_id, source_key, \(entityColumn), kind, line, content_hash, raw, fields, name, name_match, categories,
                    postcode, lat, lon, location_precision, first_import_id, import_id, updated_at, geom)
                VALUES (2, 1, 'L2', \(entity2), 'organisation', 3, 'h2', '{"name":"Sale Lib"}', '{"name":"Sale Lib","categories":"library","postcode":"M33 7AA"}',
                    'Sale Lib', 'sale lib', 'library', 'M33 7AA', 53.424, -2.322, 'postcode', 1, 1, ?, MakePoint(-2.322, 53.424, 4326));
            INSERT INTO record_history (record_id, import_id, change, content_hash, recorded_at) VALUES (1, 1, 'added', 'h1', ?);
            INSERT INTO record_area (record_id, layer, area_id) SELECT 1, 'ward', id FROM area WHERE code = 'E05000001';
            INSERT INTO record_area (record_id, layer, area_id) SELECT 2, 'ward', id FROM area WHERE code = 'E05000001';
            """, arguments: [now, now, now, now, now, now, now, now])
        if ownTable { try db.execute(sql: "INSERT INTO record_entity (record_id, entity_id) VALUES (1, 1), (2, 2)") }
        if applied.contains("v2-directory") {
            // That version kept the reader-facing rows up to date itself. Its records held their entity in a column of
            // their own, which today's writer reads through `record_entity`: a temporary view stands in for that table.
            if !ownTable { try db.execute(sql: "CREATE TEMP VIEW record_entity AS SELECT id AS record_id, entity_id FROM record") }
            try AssetMapStore.refreshEntities(db, ids: nil)
            if !ownTable { try db.execute(sql: "DROP VIEW temp.record_entity") }
        }
        if applied.contains("v2-matching") {
            try db.execute(sql: """
                INSERT INTO match_decision (source_a, key_a, source_b, key_b, decision, decided_by, decided_at, via)
                VALUES ('legacy', 'L1', 'legacy', 'L2', 'same', 'officer', ?, 'review');
            INSERT INTO match_state (record_id, content_hash) VALUES (1, 'h1'), (2, 'h2');
            INSERT INTO match_pair (id, record_a, record_b, weight, probability, levels, scored_at)
                VALUES (7, 1, 2, 1.5, 0.74, '2 - 0', ?);
            """, arguments: [now, now])
        }
        if applied.contains("v3-keys") {
            try db.execute(sql: """
                INSERT INTO api_key (id, role, secret_sha256, label, created_at) VALUES ('oldkey0001', 'officer', ?, 'from v3', ?)
                """, arguments: [String(repeating: "a", count: 64), now])
        }
    }

    @Test(arguments: earlier)
    func upgradesFrom(_ version: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        do {
            let old = try AssetMapStore.create(path: path, migratedUpTo: version)
            #expect(try old.appliedMigrations().last == version)
            try old.writer.write { db in try Self.fill(db, upTo: version) }
            try old.close()
        }
        let hasRecords = version != "v1-geography"

        let store = try AssetMapStore.open(path: path)
        defer { try? store.close() }
        #expect(try store.appliedMigrations() == AssetMapStore.migrationIdentifiers)
        #expect(try store.integrityProblems().isEmpty)
        #expect(try store.spatialIndexProblems().isEmpty)
        // Geography survives and answers.
        let lookup = try #require(try store.lookupPostcode("M33 7AA"))
        #expect(lookup.areas["ward"]?.code == "E05000001", "\(lookup.areas)")
        #expect(try store.areas(inLayer: "ward").map(\.code) == ["E05000001"])
        if hasRecords {
            // Records survive, and are found by text and by distance (the directory rows exist even when the file
            // predates them).
            #expect(try store.sources().map(\.name) == ["legacy"])
            let byText = try store.search(SearchQuery(text: "library", visibility: .restricted))
            #expect(byText.total >= 1, "text search on a file from \(version)")
            let near = try store.search(SearchQuery(near: Coordinate(lat: 53.424, lon: -2.322), radius: 500, visibility: .restricted))
            #expect(near.total >= 1, "distance search on a file from \(version)")
            #expect(try store.entityDetail(id: 1).members.first?.sourceKey == "L1")
            // Each record keeps its entity, now in `record_entity`; the record's own column is left empty.
            let entities = try store.writer.read { db in
                (try Row.fetchAll(db, sql: "SELECT record_id, entity_id FROM record_entity ORDER BY record_id").map { "\($0[0] as Int64)→\($0[1] as Int64)" },
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM record WHERE retired_entity_id IS NOT NULL"))
            }
            #expect(entities.0 == ["1→1", "2→2"] && entities.1 == 0, "\(entities)")
        }
        if AssetMapStore.migrationIdentifiers.firstIndex(of: version)! >= AssetMapStore.migrationIdentifiers.firstIndex(of: "v2-matching")! {
            #expect(try store.matchDecisions().count == 1, "the human decision from \(version) survives")
            // The pair keeps its id (a review's id) through the rebuild of its table, and the state stays.
            let kept = try store.writer.read { db in
                (try Int64.fetchOne(db, sql: "SELECT id FROM match_pair WHERE record_a = 1 AND record_b = 2"),
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM match_state"))
            }
            #expect(kept.0 == 7 && kept.1 == 2, "\(kept)")
        }
        if AssetMapStore.migrationIdentifiers.firstIndex(of: version)! >= AssetMapStore.migrationIdentifiers.firstIndex(of: "v2-directory")! {
            let categories = try store.writer.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT category FROM entity_category") }
            #expect(categories == ["library"], "the directory's categories from \(version) survive")
        }
        if version == "v3-keys" {
            #expect(try store.apiKeys().map(\.id) == ["oldkey0001"])
        }
        // Everything works on it: a new area layer, an import, a decision and the audit log.
        _ = try store.replaceAreaLayer("locality", codeField: nil, nameField: "name", file: nil) { add in
            try add(AreaFeature(code: "Sale", name: "Sale",
                                geometryJSON: #"{"type":"Polygon","coordinates":[[[-2.35,53.40],[-2.29,53.40],[-2.29,53.45],[-2.35,53.45],[-2.35,53.40]]]}"#,
                                origin: "test"))
        }
        let metadata = SourceMetadata(name: "new-list", sharing: .open, trust: 0.5)
        _ = try store.importSource(metadata, kind: .organisation, profile: "{}", file: "new.csv", dryRun: false) { session in
            try session.audit(AuditEvent(action: "import", subjectType: "source", subjectIDs: ["new-list"], detail: ["read": 0]), by: nil)
        }
        if hasRecords {
            try store.recordDecision(a: ("legacy", "L1"), b: ("legacy", "L2"), same: false, by: "tester", via: "review")
        }
        #expect(try store.auditLog().map(\.action) == ["import"])
        #expect(try store.integrityProblems().isEmpty)
        #expect(try store.spatialIndexProblems().isEmpty)
    }
}
