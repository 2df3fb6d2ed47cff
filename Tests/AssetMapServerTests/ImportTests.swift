import AssetMapServer
import AssetMapStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("POST /v1/imports")
struct ImportTests {
    static let hallsCSV = """
        id,name,postcode
        h1,St Mary's Hall,M33 7AA
        h2,Scout Hut,WA14 1AA
        h3,,M33 7AB
        """
    static let hallsProfile = Fixture.profile("halls", sharing: "open", kind: "place", fields: ["name": "name", "postcode": "postcode"])

    static func jsonBody(profile: String, content: String, filename: String = "halls.csv") throws -> String {
        let object: [String: Any] = [
            "profile": try JSONSerialization.jsonObject(with: Data(profile.utf8)), "filename": filename, "content": content,
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test func jsonImportThenSearchable() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let r = try await client.call(
                "/v1/imports", method: .post, key: f.officerKey, headers: [.contentType: "application/json"],
                body: try Self.jsonBody(profile: Self.hallsProfile, content: Self.hallsCSV))
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.object["source"] as? String == "halls")
            #expect(r.object["read"] as? Int == 3)
            #expect(r.object["added"] as? Int == 2)
            #expect(r.array("rejected").count == 1)
            let search = try await client.call("/v1/search?q=scout")
            #expect(search.array("results").map { $0["name"] as? String } == ["Scout Hut"])
            // Re-importing the same file changes nothing.
            let again = try await client.call(
                "/v1/imports", method: .post, key: f.adminKey, headers: [.contentType: "application/json"],
                body: try Self.jsonBody(profile: Self.hallsProfile, content: Self.hallsCSV))
            #expect(again.object["unchanged"] as? Int == 2)
        }
    }

    @Test func multipartImport() async throws {
        let f = try Fixture()
        let boundary = "----assetmap-test-boundary"
        let body = """
            --\(boundary)\r
            Content-Disposition: form-data; name="profile"\r
            Content-Type: application/json\r
            \r
            \(Self.hallsProfile)\r
            --\(boundary)\r
            Content-Disposition: form-data; name="file"; filename="../../etc/halls.csv"\r
            Content-Type: text/csv\r
            \r
            \(Self.hallsCSV)\r
            --\(boundary)--\r

            """
        try await f.app().test(.router) { client in
            let r = try await client.call(
                "/v1/imports", method: .post, key: f.officerKey,
                headers: [.contentType: "multipart/form-data; boundary=\(boundary)"], body: body)
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.object["added"] as? Int == 2)
            #expect(r.object["file"] as? String == "halls.csv")
        }
    }

    @Test func dryRunChangesNothing() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let r = try await client.call(
                "/v1/imports?dry_run=true", method: .post, key: f.officerKey, headers: [.contentType: "application/json"],
                body: try Self.jsonBody(profile: Self.hallsProfile, content: Self.hallsCSV))
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.object["dry_run"] as? Bool == true)
            #expect(try await client.call("/v1/search?q=scout").object["total"] as? Int == 0)
        }
    }

    @Test func badProfileOrFileIs422() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            // A profile without a source.
            let noSource = try await client.call(
                "/v1/imports", method: .post, key: f.officerKey, headers: [.contentType: "application/json"],
                body: try Self.jsonBody(profile: #"{"kind": "place", "fields": {"name": "name"}}"#, content: Self.hallsCSV))
            expectProblem(noSource, .unprocessableContent)
            // A profile naming a column the file lacks.
            let missing = Fixture.profile("halls", sharing: "open", kind: "place", fields: ["name": "title", "postcode": "postcode"])
            let wrongColumn = try await client.call(
                "/v1/imports", method: .post, key: f.officerKey, headers: [.contentType: "application/json"],
                body: try Self.jsonBody(profile: missing, content: Self.hallsCSV))
            expectProblem(wrongColumn, .unprocessableContent)
            #expect(wrongColumn.object["detail"] as? String != nil)
            // GeoJSON that is not JSON.
            let broken = try await client.call(
                "/v1/imports", method: .post, key: f.officerKey, headers: [.contentType: "application/json"],
                body: try Self.jsonBody(profile: Self.hallsProfile, content: "{not geojson", filename: "halls.geojson"))
            expectProblem(broken, .unprocessableContent)
            // Nothing was imported by any of them.
            #expect(try await client.call("/v1/search?q=scout").object["total"] as? Int == 0)
        }
    }

    @Test func malformedRequestsAre4xx() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            expectProblem(try await client.call(
                "/v1/imports", method: .post, key: f.officerKey, headers: [.contentType: "application/json"], body: "{"), .badRequest)
            expectProblem(try await client.call(
                "/v1/imports", method: .post, key: f.officerKey, headers: [.contentType: "text/plain"], body: "x"), .unsupportedMediaType)
            expectProblem(try await client.call(
                "/v1/imports", method: .post, key: f.officerKey, headers: [.contentType: "multipart/form-data; boundary=zz"], body: "garbage"),
                .badRequest)
            expectProblem(try await client.call(
                "/v1/imports", method: .post, key: f.officerKey, headers: [.contentType: "application/json"],
                body: #"{"profile": {}}"#), .badRequest, parameter: "content")
            // A profile that is neither an object nor a string once stopped the server (JSONSerialization traps on it).
            for profile in ["5", "true", "null", "[1, 2]", "-0.5e3"] {
                expectProblem(try await client.call(
                    "/v1/imports", method: .post, key: f.officerKey, headers: [.contentType: "application/json"],
                    body: #"{"profile": \#(profile), "content": "id,name\n1,A\n"}"#), .badRequest, parameter: "profile")
            }
        }
    }
}

@Suite("Review endpoints")
struct ReviewTests {
    @Test func queueIsOfficerOnlyAndShaped() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let r = try await client.call("/v1/review", key: f.officerKey)
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.object["items"] is [Any])
            #expect(r.object["link_threshold"] is Double)
            expectProblem(try await client.call("/v1/review/1", method: .post, key: f.officerKey, body: #"{"decision":"maybe"}"#),
                          .badRequest, parameter: "decision")
        }
    }
}
