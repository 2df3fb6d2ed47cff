import AssetMapCore
import AssetMapMatch
import AssetMapServer
import AssetMapStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Audit log over HTTP")
struct AuditTests {
    static func importBody(_ csv: String) throws -> String {
        let profile = Fixture.profile(
            "more-groups", sharing: "open", kind: "organisation",
            fields: ["name": "name", "postcode": "postcode", "phone": "phone", "categories": "categories"])
        let body: [String: Any] = [
            "profile": try JSONSerialization.jsonObject(with: Data(profile.utf8)), "filename": "more.csv", "content": csv,
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    }

    static func entries(_ reply: Reply) -> [[String: Any]] { reply.array("entries") }

    @Test func importsAndDecisionsAreLoggedWithTheKeyAndRole() async throws {
        let f = try Fixture()
        let fixtureEntries = try f.store.auditLog().count
        try await f.app().test(.router) { client in
            // Only officers and admins read the log.
            expectProblem(try await client.call("/v1/audit"), .unauthorized)
            expectProblem(try await client.call("/v1/audit", key: f.partnerKey), .forbidden)
            let empty = try await client.call("/v1/audit?since=2999-01-01", key: f.adminKey)
            #expect(empty.status == .ok)
            #expect(Self.entries(empty).isEmpty)
            expectProblem(try await client.call("/v1/audit?since=yesterday", key: f.adminKey), .badRequest, parameter: "since")

            // An import by an officer key.
            let csv = "id,name,postcode,phone,categories\nm1,Sale Food Bank,M33 7AA,0161 000 0001,food bank\n"
            let imported = try await client.call(
                "/v1/imports", method: .post, key: f.officerKey, headers: [.contentType: "application/json"], body: try Self.importBody(csv))
            #expect(imported.status == .ok, "\(imported.text)")
            // A dry run changes nothing, so it logs nothing.
            let dry = try await client.call(
                "/v1/imports?dry_run=true", method: .post, key: f.officerKey, headers: [.contentType: "application/json"],
                body: try Self.importBody(csv + "m2,Another,M33 7AB,,\n"))
            #expect(dry.status == .ok, "\(dry.text)")
            let log = try await client.call("/v1/audit?action=import", key: f.officerKey)
            #expect(log.status == .ok, "\(log.text)")
            let imports = Self.entries(log).filter { ($0["subject_ids"] as? [String]) == ["more-groups"] }
            #expect(imports.count == 1, "one import logged, the dry run not: \(log.text)")
            let entry = try #require(imports.first)
            // Keys are amk_<id>_<secret>: the log names the id, never the secret.
            let officerID = String(f.officerKey.split(separator: "_")[1])
            #expect(!log.text.contains(f.officerKey))
            #expect(entry["actor"] as? String == officerID)
            #expect(entry["role"] as? String == "officer")
            #expect(entry["via"] as? String == "api")
            #expect(entry["subject_type"] as? String == "source")
            #expect((entry["detail"] as? [String: Any])?["added"] as? Int == 1)

            // A decision by an admin key, on the pair the new list makes with the fixture's food bank.
            _ = try Matcher(store: f.store).run(MatchOptions(full: true, linkThreshold: 1.0, reviewThreshold: 0.0))
            let queue = try await client.call("/v1/review", key: f.adminKey)
            let item = try #require(queue.array("items").first?["id"] as? Int, "no review item: \(queue.text)")
            let decided = try await client.call("/v1/review/\(item)", method: .post, key: f.adminKey, body: #"{"decision":"same"}"#)
            #expect(decided.status == .ok, "\(decided.text)")
            let decisions = Self.entries(try await client.call("/v1/audit?action=decide", key: f.adminKey))
            #expect(decisions.count == 1)
            #expect(decisions.first?["role"] as? String == "admin")
            #expect(decisions.first?["subject_ids"] as? [String] == [String(item)])
            #expect((decisions.first?["detail"] as? [String: Any])?["decision"] as? String == "same")
            // The whole log, oldest first: the fixture's imports, the API import, the match, the decision.
            let all = Self.entries(try await client.call("/v1/audit", key: f.adminKey))
            #expect(all.count == fixtureEntries + 3)
            #expect(all.map { $0["action"] as? String ?? "" }.suffix(3) == ["import", "match", "decide"])
            let ids = all.compactMap { $0["id"] as? Int }
            #expect(ids == ids.sorted())
        }
    }

    @Test func aFailedImportLogsNothing() async throws {
        let f = try Fixture()
        let before = try f.store.auditLog().count
        try await f.app().test(.router) { client in
            let broken = try await client.call(
                "/v1/imports", method: .post, key: f.officerKey, headers: [.contentType: "application/json"],
                body: try Self.importBody("id,nope\n1,2\n"))
            #expect(broken.status.code >= 400)
        }
        #expect(try f.store.auditLog().count == before)
    }
}
