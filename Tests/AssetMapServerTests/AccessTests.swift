import AssetMapServer
import AssetMapStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Roles: what each caller sees, and 401/403")
struct AccessTests {
    @Test func searchVisibilityPerRole() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            func names(_ key: String?) async throws -> Set<String> {
                let r = try await client.call("/v1/search?per_page=100", key: key)
                #expect(r.status == .ok, "\(r.text)")
                return Set(r.array("results").compactMap { $0["name"] as? String })
            }
            let anonymous = try await names(nil)
            let partner = try await names(f.partnerKey)
            let officer = try await names(f.officerKey)
            let admin = try await names(f.adminKey)
            // Anonymous never sees the partners-only estate register, nor the restricted list.
            #expect(anonymous == ["Sale Food Bank", "Altrincham Library", "Youth Club Without A Home"])
            #expect(partner == anonymous.union(["Council Depot", "Sale Health Centre"]))
            #expect(officer == partner.union(["Safe House"]))
            #expect(admin == officer)
            let sources = try await client.call("/v1/search?per_page=100").array("results").flatMap { $0["sources"] as? [String] ?? [] }
            #expect(!sources.contains("partner-estate"))
        }
    }

    @Test func entityVisibilityPerRole() async throws {
        let f = try Fixture()
        let depot = try f.entityID("partner-estate", "p1")
        let refuge = try f.entityID("safeguarding", "r1")
        try await f.app().test(.router) { client in
            expectProblem(try await client.call("/v1/entities/\(depot)"), .notFound)
            #expect(try await client.call("/v1/entities/\(depot)", key: f.partnerKey).status == .ok)
            expectProblem(try await client.call("/v1/entities/\(refuge)", key: f.partnerKey), .notFound)
            let officer = try await client.call("/v1/entities/\(refuge)", key: f.officerKey)
            #expect(officer.status == .ok)
            #expect(officer.array("members").first?["sharing"] as? String == "restricted")
        }
    }

    @Test func profileAndExportVisibility() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let anonymous = try await client.call("/v1/areas/E05000001/profile")
            #expect((anonymous.object["sources"] as? [String: Int]) == ["groups": 1])
            let partner = try await client.call("/v1/areas/E05000001/profile", key: f.partnerKey)
            #expect((partner.object["sources"] as? [String: Int]) == ["groups": 1, "partner-estate": 2])
            let officer = try await client.call("/v1/areas/E05000001/profile", key: f.officerKey)
            #expect((officer.object["sources"] as? [String: Int])?["safeguarding"] == 1)

            let anonymousLinks = try await client.call("/v1/export?format=links")
            #expect(!anonymousLinks.text.contains("partner-estate"))
            #expect(!anonymousLinks.text.contains("safeguarding"))
            let partnerLinks = try await client.call("/v1/export?format=links", key: f.partnerKey)
            #expect(partnerLinks.text.contains("partner-estate"))
            #expect(!partnerLinks.text.contains("safeguarding"))
            let officerLinks = try await client.call("/v1/export?format=links", key: f.officerKey)
            #expect(officerLinks.text.contains("safeguarding"))
            let geojson = try await client.call("/v1/export?format=geojson")
            #expect(!geojson.text.contains("Council Depot"))
            let searchGeo = try await client.call("/v1/search?format=geojson&per_page=100")
            #expect(!searchGeo.text.contains("Council Depot"))
        }
    }

    @Test func wrongOrRevokedKeyIs401() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            for key in ["amk_nosuchkeyx_AAAA", f.revokedKey, String(f.officerKey.dropLast()) + "x", "garbage", ""] {
                let r = try await client.call("/v1/search", key: key)
                expectProblem(r, .unauthorized)
                #expect(r.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            expectProblem(try await client.call("/v1/search", headers: [.authorization: "Basic dXNlcjpwYXNz"]), .unauthorized)
        }
    }

    @Test func revokingTakesEffectAtOnce() async throws {
        let f = try Fixture()
        let issued = try APIKeys(store: f.store).create(role: .partner)
        try await f.app().test(.router) { client in
            #expect(try await client.call("/v1/search", key: issued.key).status == .ok)
            try f.store.revokeAPIKey(id: issued.id)
            expectProblem(try await client.call("/v1/search", key: issued.key), .unauthorized)
        }
    }

    @Test func roleWithoutPermissionIs403() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            expectProblem(try await client.call("/v1/coverage"), .unauthorized)
            expectProblem(try await client.call("/v1/coverage", key: f.partnerKey), .forbidden)
            #expect(try await client.call("/v1/coverage", key: f.adminKey).status == .ok)
            expectProblem(try await client.call("/v1/review", key: f.partnerKey), .forbidden)
            expectProblem(try await client.call("/v1/imports", method: .post, key: f.partnerKey, body: "{}"), .forbidden)
            expectProblem(try await client.call("/v1/imports", method: .post, body: "{}"), .unauthorized)
        }
    }

    @Test func keysAreStoredOnlyAsHashes() throws {
        let f = try Fixture()
        let issued = try APIKeys(store: f.store).create(role: .officer, label: "test")
        #expect(issued.key.hasPrefix("amk_\(issued.id)_"))
        #expect(issued.key.count > 40)
        let listed = try #require(try f.store.apiKeys().first { $0.id == issued.id })
        #expect(listed.role == "officer")
        #expect(listed.revokedAt == nil)
        let stored = try #require(try f.store.activeAPIKey(id: issued.id))
        #expect(stored.secretSHA256 != issued.key && stored.secretSHA256.count == 64)
        #expect(!stored.secretSHA256.contains(String(issued.key.suffix(20))))
        #expect(try APIKeys(store: f.store).verify(issued.key) == Caller(role: .officer, keyID: issued.id))
    }
}
