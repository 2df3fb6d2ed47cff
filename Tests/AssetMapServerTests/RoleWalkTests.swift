import AssetMapStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AssetMapServer

/// Walks every read endpoint and export as each role over the fixture (one source per sharing level) and checks that
/// nothing of a source above the caller's level shows anywhere: names, owners, categories, source names, entity ids.
@Suite("Roles: nothing above the caller's level, anywhere")
struct RoleWalkTests {
    /// Text that only the partners-only and the restricted source hold.
    static let partnerMarkers = ["Council Depot", "Sale Health Centre", "Trafford Council", "NHS", "partner-estate"]
    static let restrictedMarkers = ["Safe House", "refuge", "safeguarding"]

    static func uris(entityIDs: [Int64]) -> [String] {
        var uris = [
            "/v1/search?per_page=100", "/v1/search?per_page=100&format=geojson", "/v1/search?q=depot", "/v1/search?q=safe%20house",
            "/v1/search?q=house&format=geojson", "/v1/search?near=M33%207AB&radius=5000&per_page=100", "/v1/search?kind=place&per_page=100",
            "/v1/search?kind=service", "/v1/search?area=E05000001&per_page=100", "/v1/search?q=council", "/v1/search?q=nhs",
            "/v1/areas", "/v1/areas?layer=ward", "/v1/areas/E05000001", "/v1/areas/E05000001?format=geojson",
            "/v1/areas/E05000001/profile", "/v1/areas/E05000002/profile", "/v1/gaps?category=food%20bank&layer=ward",
            "/v1/gaps?category=library&layer=ward", "/v1/coverage", "/v1/colocation", "/v1/colocation?within=5000",
            "/v1/colocation?area=E05000001&within=10000", "/v1/export?format=entities", "/v1/export?format=links",
            "/v1/export?format=geojson", "/v1/review", "/v1/postcodes/M33%207AB", "/metrics",
        ]
        uris += entityIDs.map { "/v1/entities/\($0)" }
        return uris
    }

    @Test func everyEndpointAndExportAsEveryRole() async throws {
        let f = try Fixture()
        let open = try ["g1", "g2", "g3"].map { try f.entityID("groups", $0) }
        let partners = try ["p1", "p2"].map { try f.entityID("partner-estate", $0) }
        let restricted = try [f.entityID("safeguarding", "r1")]
        var config = ServerConfiguration(maxBodyBytes: 64 * 1024)
        config.rateLimit = nil
        let walked = try await f.app(config).test(.router) { client in
            var walked = 0
            for (role, key) in [("anonymous", nil), ("partner", f.partnerKey), ("officer", f.officerKey), ("admin", f.adminKey)] {
                var forbidden: [String] = []
                var hiddenIDs: [Int64] = []
                if role == "anonymous" { forbidden += Self.partnerMarkers; hiddenIDs += partners }
                if role == "anonymous" || role == "partner" { forbidden += Self.restrictedMarkers; hiddenIDs += restricted }
                var seen: Set<String> = []
                for uri in Self.uris(entityIDs: open + partners + restricted) {
                    let r = try await client.call(uri, key: key)
                    walked += 1
                    #expect(r.status.code < 500, "\(role) \(uri): \(r.status)")
                    for marker in forbidden where r.text.localizedCaseInsensitiveContains(marker) {
                        Issue.record("\(role) sees '\(marker)' in \(uri): \(r.text.prefix(400))")
                    }
                    if let id = Int64(uri.split(separator: "/").last ?? ""), uri.hasPrefix("/v1/entities/"), hiddenIDs.contains(id) {
                        #expect(r.status == .notFound, "\(role) may not see entity \(id): \(r.status)")
                    }
                    // Ids in result lists: no hidden entity, even unnamed.
                    for result in r.array("results") + r.array("features") {
                        if let id = (result["id"] as? NSNumber)?.int64Value { #expect(!hiddenIDs.contains(id), "\(role) \(uri) lists entity \(id)") }
                    }
                    if r.status == .ok { seen.insert(uri) }
                }
                // The walk reached the data: each role sees its own level somewhere.
                #expect(seen.contains("/v1/export?format=entities"), "\(role)")
                let everything = try await client.call("/v1/export?format=links", key: key).text
                #expect(everything.contains("groups"), "\(role)")
                if role != "anonymous" { #expect(everything.contains("partner-estate"), "\(role)") }
                if role == "officer" || role == "admin" { #expect(everything.contains("safeguarding"), "\(role)") }
            }
            return walked
        }
        #expect(walked == 4 * Self.uris(entityIDs: Array(repeating: 0, count: 6)).count)
        print("role-walk: \(walked) requests over 4 roles")
    }

    @Test func keysAreStoredAsHashesOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("keys.sqlite").path
        let store = try AssetMapStore.open(path: path, create: true)
        let issued = try APIKeys(store: store).create(role: .officer, label: "hash test")
        let secret = String(issued.key.split(separator: "_", maxSplits: 2)[2])
        let stored = try #require(try store.activeAPIKey(id: issued.id))
        #expect(stored.secretSHA256 == APIKeys.sha256Hex(issued.key))
        #expect(stored.secretSHA256.count == 64 && !stored.secretSHA256.contains(secret))
        // Nowhere in the database files: not the key, not its secret part.
        var bytes = Data()
        for suffix in ["", "-wal", "-shm"] {
            if let d = FileManager.default.contents(atPath: path + suffix) { bytes.append(d) }
        }
        #expect(!bytes.isEmpty)
        #expect(bytes.range(of: Data(issued.key.utf8)) == nil, "the whole key is stored")
        #expect(bytes.range(of: Data(secret.utf8)) == nil, "the key's secret is stored")
        #expect(bytes.range(of: Data(stored.secretSHA256.utf8)) != nil, "the hash should be what is stored")
        // Listings never carry the secret or its hash.
        let listing = String(decoding: try JSONEncoder().encode(try store.apiKeys()), as: UTF8.self)
        #expect(!listing.contains(secret) && !listing.contains(stored.secretSHA256))
    }

    @Test func keyComparisonLooksAtEveryByte() {
        let a = APIKeys.sha256Hex("amk_aaaaaaaaaa_one")
        var lastDiffers = Array(a.utf8)
        lastDiffers[63] ^= 1
        var firstDiffers = Array(a.utf8)
        firstDiffers[0] ^= 1
        #expect(APIKeys.constantTimeEquals(a, a))
        #expect(!APIKeys.constantTimeEquals(a, String(decoding: lastDiffers, as: UTF8.self)))
        #expect(!APIKeys.constantTimeEquals(a, String(decoding: firstDiffers, as: UTF8.self)))
        #expect(!APIKeys.constantTimeEquals(a, String(a.dropLast())))
        #expect(!APIKeys.constantTimeEquals(a, a + "0"))
        #expect(!APIKeys.constantTimeEquals("", a))
        #expect(APIKeys.constantTimeEquals("", ""))
        // A length difference of 256 must not wrap to "equal" (the length is folded into one byte).
        #expect(!APIKeys.constantTimeEquals(String(repeating: "0", count: 256), ""))
        #expect(!APIKeys.constantTimeEquals(String(repeating: "\u{0}", count: 256), ""))
    }

    @Test func revocationTakesEffectOnTheNextRequest() async throws {
        let f = try Fixture()
        let keys = APIKeys(store: f.store)
        let issued = try keys.create(role: .officer)
        try await f.app().test(.router) { client in
            #expect(try await client.call("/v1/coverage", key: issued.key).status == .ok)
            #expect(try await client.call("/v1/export?format=links", key: issued.key).text.contains("safeguarding"))
            try f.store.revokeAPIKey(id: issued.id)
            expectProblem(try await client.call("/v1/coverage", key: issued.key), .unauthorized)
            expectProblem(try await client.call("/v1/export?format=links", key: issued.key), .unauthorized)
            // Other keys carry on.
            #expect(try await client.call("/v1/coverage", key: f.officerKey).status == .ok)
        }
    }
}
