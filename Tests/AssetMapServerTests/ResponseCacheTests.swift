import AssetMapIngest
import AssetMapServer
import AssetMapStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The response cache must never answer with what the database no longer says, whoever changed it.
@Suite("Response cache")
struct ResponseCacheTests {
    /// A database file with one open list, and the folder it is in.
    static func fileDatabase(rows: String) throws -> (path: String, store: AssetMapStore, dir: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("directory.sqlite").path
        let store = try AssetMapStore.open(path: path, create: true)
        try importGroups(rows, into: store, dir: dir)
        return (path, store, dir)
    }

    /// One open group and one partners-only place, both "Zebracorn", and a partner key: two roles, two answers.
    static func fileDatabaseWithPartnersOnlyDepot() throws -> (db: (path: String, store: AssetMapStore, dir: URL), partnerKey: String) {
        let db = try fileDatabase(rows: "g1,Zebracorn Club,youth club\n")
        let csv = db.dir.appendingPathComponent("estate.csv").path
        try Data("id,name\np1,Zebracorn Depot\n".utf8).write(to: URL(fileURLWithPath: csv))
        let profile = Fixture.profile("estate", sharing: "partners", kind: "place", fields: ["name": "name"])
        _ = try Importer(store: db.store, logger: Fixture.quiet).run(path: csv, profile: try ImportProfile.parse(Data(profile.utf8)))
        return (db, try APIKeys(store: db.store).create(role: .partner).key)
    }

    static func importGroups(_ rows: String, into store: AssetMapStore, dir: URL) throws {
        let csv = dir.appendingPathComponent("groups-\(UUID().uuidString).csv").path
        try Data(("id,name,categories\n" + rows).utf8).write(to: URL(fileURLWithPath: csv))
        let profile = Fixture.profile("groups", sharing: "open", kind: "organisation", fields: ["name": "name", "categories": "categories"])
        _ = try Importer(store: store, logger: Fixture.quiet).run(path: csv, profile: try ImportProfile.parse(Data(profile.utf8)))
    }

    static func cacheCount(_ client: some TestClientProtocol, _ result: String) async throws -> Int {
        let text = try await client.call("/metrics").text
        let line = text.split(separator: "\n").first { $0.hasPrefix("assetmap_response_cache_requests_total{result=\"\(result)\"}") }
        return Int(line?.split(separator: " ").last ?? "") ?? -1
    }

    @Test func repeatedReadsAreServedFromMemoryUntilAnotherProcessCommits() async throws {
        let db = try Self.fileDatabase(rows: "g1,Zebracorn Club,youth club\n")
        defer { try? FileManager.default.removeItem(at: db.dir) }
        let app = buildApplication(configuration: ServerConfiguration(), store: db.store, logger: Fixture.quiet)
        try await app.test(.router) { client in
            let first = try await client.call("/v1/search?q=zebracorn")
            #expect(first.status == .ok)
            #expect(first.array("results").count == 1)
            let again = try await client.call("/v1/search?q=zebracorn")
            #expect(again.text == first.text)
            #expect(again.headers[.eTag] == first.headers[.eTag])
            #expect(try await Self.cacheCount(client, "hit") == 1)
            #expect(try await Self.cacheCount(client, "miss") == 1)
            // A conditional request is answered 304 from the cache too.
            let conditional = try await client.call("/v1/search?q=zebracorn", headers: [.ifNoneMatch: first.headers[.eTag] ?? ""])
            #expect(conditional.status == .notModified)

            // Another connection (as a CLI import in another process would) commits a second Zebracorn group.
            let other = try AssetMapStore.open(path: db.path)
            try Self.importGroups("g1,Zebracorn Club,youth club\ng2,Zebracorn Allotments,allotment\n", into: other, dir: db.dir)
            let after = try await client.call("/v1/search?q=zebracorn")
            #expect(after.array("results").count == 2, "the cache answered with the database as it was: \(after.text)")
            #expect(after.headers[.eTag] != first.headers[.eTag])
        }
    }

    @Test func rolesAreCachedApart() async throws {
        // A partners-only list: anonymous callers must not be answered from a partner's cached page.
        let (db, partner) = try Self.fileDatabaseWithPartnersOnlyDepot()
        defer { try? FileManager.default.removeItem(at: db.dir) }
        let app = buildApplication(configuration: ServerConfiguration(), store: db.store, logger: Fixture.quiet)
        try await app.test(.router) { client in
            let seen = try await client.call("/v1/search?q=zebracorn", key: partner)
            #expect(seen.array("results").count == 2)
            let anonymous = try await client.call("/v1/search?q=zebracorn")
            #expect(anonymous.array("results").count == 1)
            #expect(!anonymous.text.contains("Depot"))
        }
    }

    @Test func offWhenSetToZero() async throws {
        let db = try Self.fileDatabase(rows: "g1,Zebracorn Club,youth club\n")
        defer { try? FileManager.default.removeItem(at: db.dir) }
        let app = buildApplication(configuration: ServerConfiguration(responseCacheBytes: 0), store: db.store, logger: Fixture.quiet)
        try await app.test(.router) { client in
            _ = try await client.call("/v1/search?q=zebracorn")
            _ = try await client.call("/v1/search?q=zebracorn")
            #expect(try await Self.cacheCount(client, "hit") == 0)
        }
    }
}
