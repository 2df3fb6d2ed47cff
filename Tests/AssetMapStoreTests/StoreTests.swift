import AssetMapCore
import Foundation
import GRDB
import Testing

@testable import AssetMapStore

/// Two squares side by side: west [0,1]x[50,51] and east [1,2]x[50,51] (lon, lat).
private func squares(west: String = "W1", east: String = "E1") -> [AreaFeature] {
    func square(_ x0: Double, _ x1: Double) -> String {
        "{\"type\":\"Polygon\",\"coordinates\":[[[\(x0),50],[\(x1),50],[\(x1),51],[\(x0),51],[\(x0),50]]]}"
    }
    return [
        AreaFeature(code: west, name: "West", geometryJSON: square(0, 1), origin: "test 1"),
        AreaFeature(code: east, name: "East", geometryJSON: square(1, 2), origin: "test 2"),
    ]
}

private func load(_ store: AssetMapStore, layer: String, _ features: [AreaFeature]) throws -> AreaLoadSummary {
    try store.replaceAreaLayer(layer, codeField: "code", nameField: "name", file: nil) { add in
        for f in features { try add(f) }
    }
}

@Suite struct StoreTests {
    @Test func spatiaLiteAndFTS5AreLoaded() throws {
        let store = try AssetMapStore.inMemory()
        let versions = try store.engineVersions()
        #expect(versions["spatialite"]?.hasPrefix("5") == true)
        #expect(versions["fts5"] == "yes")
        #expect(try store.integrityProblems().isEmpty)
        // Metre distances on the ellipsoid work: 0.01° of latitude is about 1.1 km.
        let metres = try store.writer.read { db in
            try Double.fetchOne(db, sql: "SELECT ST_Distance(MakePoint(-2.3, 53.40, 4326), MakePoint(-2.3, 53.41, 4326), 1)")
        }
        #expect(abs((metres ?? 0) - 1113) < 5)
    }

    @Test func migrationsAreIdempotentAndRefuseANewerSchema() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db.sqlite").path
        #expect(throws: StoreError.databaseNotFound(path: path)) { try AssetMapStore.open(path: path) }
        let first = try AssetMapStore.open(path: path, create: true)
        let migrations = try first.appliedMigrations()
        #expect(migrations.count >= 2)
        // Opening again applies nothing new.
        #expect(try AssetMapStore.open(path: path).appliedMigrations() == migrations)
        // A migration this build does not know means a newer AssetMap wrote the file.
        try first.writer.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        #expect(throws: StoreError.databaseFromNewerVersion(path: path, unknownMigrations: ["v99-from-the-future"])) {
            try AssetMapStore.open(path: path)
        }
    }

    /// A new file gets large pages; a file made with SQLite's default 4 KiB pages (by an earlier version) keeps them
    /// and still opens, migrates and takes writes.
    @Test func newFilesHaveLargePagesAndOlderFilesKeepTheirs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func pageSize(_ store: AssetMapStore) throws -> Int? { try store.writer.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } }
        let fresh = try AssetMapStore.open(path: folder.appendingPathComponent("new.sqlite").path, create: true)
        #expect(try pageSize(fresh) == AssetMapStore.pageSize)
        let olderPath = folder.appendingPathComponent("older.sqlite").path
        do {
            let older = try DatabaseQueue(path: olderPath)
            try older.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE kept (a)")
            }
        }
        let older = try AssetMapStore.open(path: olderPath)
        #expect(try pageSize(older) == 4096)
        _ = try older.loadPostcodes { add in
            try add(PostcodeEntry(postcode: "WA15 9NT", sector: "WA15 9", district: "WA15", coordinate: Coordinate(lat: 53.3853, lon: -2.3497), areas: []))
        }
        #expect(try older.centroid(ofPostcode: "WA15 9NT") != nil)
        #expect(try older.integrityProblems().isEmpty)
    }

    /// A database reached through a symbolic link (a shared data folder, a benchmark's copy) opens as the file itself.
    @Test func aDatabaseThroughASymbolicLinkOpens() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("link-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let real = folder.appendingPathComponent("real.sqlite").path, link = folder.appendingPathComponent("link.sqlite").path
        do {
            let store = try AssetMapStore.open(path: real, create: true)
            _ = try store.loadPostcodes { add in
                try add(PostcodeEntry(postcode: "WA15 9NT", sector: "WA15 9", district: "WA15", coordinate: Coordinate(lat: 53.3853, lon: -2.3497), areas: []))
            }
        }
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        let store = try AssetMapStore.open(path: link)
        #expect(try store.centroid(ofPostcode: "WA15 9NT") != nil)
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-db-\(UUID().uuidString).sqlite").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try AssetMapStore.open(path: path)
        } throws: { error in
            guard case StoreError.databaseUnreadable(let p, _) = error else { return false }
            return p == path
        }
    }

    @Test func pointsAreAssignedToTheAreaThatContainsThem() throws {
        let store = try AssetMapStore.inMemory()
        let summary = try load(store, layer: "ward", squares())
        #expect(summary.areas == 2)
        #expect(try store.areas(containing: Coordinate(lat: 50.5, lon: 0.5)) == [AreaRef(layer: "ward", code: "W1", name: "West")])
        #expect(try store.areas(containing: Coordinate(lat: 50.5, lon: 1.5)).map(\.code) == ["E1"])
        // Exactly on the shared edge: one area, not none and not two.
        #expect(try store.areas(containing: Coordinate(lat: 50.5, lon: 1.0)).count == 1)
        #expect(try store.areas(containing: Coordinate(lat: 52, lon: 0.5)).isEmpty)
    }

    /// Searches, profiles and gaps name an area by code or name on every call; at 1M entities a scan of the area table
    /// cost 2–3 ms, more than the rest of a category + area search. Each lookup must be an index search.
    @Test func areasAreLookedUpThroughAnIndexNotAScan() throws {
        let store = try AssetMapStore.inMemory()
        _ = try load(store, layer: "ward", squares())
        let plans = try store.writer.read { db in
            try [AssetMapStore.areaIDsByCodeSQL, AssetMapStore.areaIDsByNameSQL, AssetMapStore.areaSQL].map { sql in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql.replacingOccurrences(of: "?", with: "'W1'")).map { $0["detail"] as String }
            }
        }
        for plan in plans {
            #expect(plan.contains { $0.hasPrefix("SEARCH area USING") }, "\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN area") }, "\(plan)")
        }
        // And they still find the area: by code, and by name in another case.
        #expect(try store.area("W1").name == "West")
        #expect(try store.area("west").code == "W1")
    }

    @Test func reloadingALayerReplacesItAndKeepsPopulation() throws {
        let store = try AssetMapStore.inMemory()
        _ = try load(store, layer: "ward", squares())
        _ = try load(store, layer: "lsoa", squares(west: "L1", east: "L2"))
        let population = try store.setPopulation(["W1": 1200, "E1": 800, "X9": 5], layer: "ward")
        #expect(population.matched == 2)
        #expect(population.unmatched == ["X9"])
        let again = try load(store, layer: "ward", squares())
        #expect(again.replaced == 2)
        let wards = try store.areas(inLayer: "ward")
        #expect(wards.map(\.code) == ["E1", "W1"])
        #expect(wards.map(\.population) == [800, 1200])
        // The other layer is untouched.
        #expect(try store.areas(inLayer: "lsoa").count == 2)
        #expect(try store.areaLayers().map(\.name) == ["lsoa", "ward"])
    }

    @Test func aBrokenPolygonLeavesTheLayerAsItWas() throws {
        let store = try AssetMapStore.inMemory()
        _ = try load(store, layer: "ward", squares())
        var features = squares(west: "W2", east: "E2")
        features.append(AreaFeature(code: "BAD", name: nil, geometryJSON: "{\"type\":\"Polygon\",\"coordinates\":\"nope\"}", origin: "feature 3"))
        #expect(throws: StoreError.self) { try load(store, layer: "ward", features) }
        #expect(try store.areas(inLayer: "ward").map(\.code) == ["E1", "W1"])
        let duplicate = squares(west: "SAME", east: "SAME")
        #expect(throws: StoreError.self) { try load(store, layer: "ward", duplicate) }
    }

    @Test func postcodesLoadWithSectorAndDistrictCentroids() throws {
        let store = try AssetMapStore.inMemory()
        let entries = [
            PostcodeEntry(postcode: "M33 7AB", sector: "M33 7", district: "M33", coordinate: .init(lat: 53.42, lon: -2.32), areas: [AreaRef(layer: "ward", code: "E05000001", name: "Sale")]),
            PostcodeEntry(postcode: "M33 7AD", sector: "M33 7", district: "M33", coordinate: .init(lat: 53.44, lon: -2.30), areas: []),
            PostcodeEntry(postcode: "M33 2AA", sector: "M33 2", district: "M33", coordinate: .init(lat: 53.40, lon: -2.34), areas: []),
        ]
        let count = try store.loadPostcodes { add in for e in entries { try add(e) } }
        #expect(count == 3)
        let sector = try #require(try store.centroid(ofPostcode: "M33 7"))
        #expect(abs(sector.lat - 53.43) < 1e-9 && abs(sector.lon - -2.31) < 1e-9)
        let district = try #require(try store.centroid(ofPostcode: "M33"))
        #expect(abs(district.lat - 53.42) < 1e-9)
        let lookup = try #require(try store.lookupPostcode("M33 7AB"))
        #expect(lookup.areas["ward"]?.code == "E05000001")
        #expect(lookup.areas["ward"]?.basis == "directory")
        // Loading the same postcode again updates it rather than duplicating it.
        _ = try store.loadPostcodes { add in
            try add(PostcodeEntry(postcode: "M33 7AB", sector: "M33 7", district: "M33", coordinate: .init(lat: 53.5, lon: -2.3), areas: []))
        }
        #expect(try store.postcodeCount() == 3)
        #expect(try store.lookupPostcode("M33 7AB")?.lat == 53.5)
    }
}
