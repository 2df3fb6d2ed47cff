import AssetMapServer
import AssetMapStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Errors, limits, caching and CORS")
struct ProblemTests {
    @Test(arguments: [
        ("/v1/search?per_page=0", "per_page"),
        ("/v1/search?per_page=101", "per_page"),
        ("/v1/search?page=0", "page"),
        ("/v1/search?page=abc", "page"),
        ("/v1/search?page=200&per_page=100", "page"),
        ("/v1/search?near=nowhere", "near"),
        ("/v1/search?near=ZZ99%209ZZ", "near"),
        ("/v1/search?near=95,200", "near"),
        ("/v1/search?near=M33%207AA&radius=-5", "radius"),
        ("/v1/search?near=M33%207AA&radius=abc", "radius"),
        ("/v1/search?near=M33%207AA&radius=nan", "radius"),
        ("/v1/search?radius=100", "radius"),
        ("/v1/search?kind=spaceship", "kind"),
        ("/v1/search?area=NOWHERE", "area"),
        ("/v1/search?format=xml", "format"),
        ("/v1/search?q=\(String(repeating: "a", count: 300))", "q"),
        ("/v1/entities/abc", "id"),
        ("/v1/postcodes/not-a-postcode", "postcode"),
        ("/v1/areas?layer=planets", "layer"),
        ("/v1/gaps?layer=ward", "category"),
        ("/v1/gaps?category=library", "layer"),
        ("/v1/gaps?category=library&layer=planets", "layer"),
        ("/v1/gaps?category=library&layer=ward&beyond=-1", "beyond"),
        ("/v1/colocation?within=0", "within"),
        ("/v1/colocation?area=NOWHERE", "area"),
        ("/v1/export?format=pdf", "format"),
        ("/v1/areas/E05000001?geometry=maybe", "geometry"),
    ])
    func badParametersAre400NamingTheParameter(uri: String, parameter: String) async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            expectProblem(try await client.call(uri), .badRequest, parameter: parameter)
        }
    }

    @Test func unknownThingsAre404() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            for uri in ["/nowhere", "/v1", "/v1/entities/999999", "/v1/entities/\(UUID().uuidString)", "/v1/postcodes/M1%201AA",
                        "/v1/areas/E99999999", "/v1/areas/E99999999/profile", "/v1/search/extra"] {
                expectProblem(try await client.call(uri), .notFound)
            }
            expectProblem(try await client.call("/v1/review/999", key: f.officerKey), .notFound)
            expectProblem(try await client.call("/v1/review/999", method: .post, key: f.officerKey, body: #"{"decision":"same"}"#), .notFound)
        }
    }

    @Test func oddInputNeverGives500() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            for uri in ["/v1/search?q=%22%27%3B--%20DROP%20TABLE", "/v1/search?q=NEAR(a%20b)%20OR%20*", "/v1/search?q=%F0%9F%98%80",
                        "/v1/search?q=a%00b", "/v1/search?category=%25", "/v1/search?near=53.4,-2.3&radius=100000",
                        "/v1/search?near=M33", "/v1/search?near=M33%207", "/v1/entities/-1", "/v1/entities/99999999999999999999",
                        "/v1/postcodes/%ZZ", "/v1/areas/%2e%2e", "/v1/search?page=99999999999999999999",
                        "/v1/colocation?within=1e309", "/v1/search?near=M33%207AA&radius=1e-300"] {
                let r = try await client.call(uri)
                #expect(r.status.code < 500, "\(uri) → \(r.status) \(r.text)")
            }
            let bad = try await client.call("/v1/review/1", method: .post, key: f.officerKey, body: "not json")
            expectProblem(bad, .badRequest, parameter: "decision")
        }
    }

    @Test func oversizeBodyIs413() async throws {
        let f = try Fixture()
        try await f.app(ServerConfiguration(maxBodyBytes: 1024)).test(.router) { client in
            let body = #"{"profile": {}, "content": "\#(String(repeating: "x", count: 4096))"}"#
            let r = try await client.call("/v1/imports", method: .post, key: f.officerKey, headers: [.contentType: "application/json"], body: body)
            expectProblem(r, .contentTooLarge)
        }
    }

    @Test func etagAndIfNoneMatch() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            for uri in ["/v1/search?q=library", "/v1/areas?layer=ward", "/v1/postcodes/M33%207AA", "/openapi.json"] {
                let first = try await client.call(uri)
                let tag = try #require(first.headers[.eTag], "\(uri) has no ETag")
                #expect(tag.hasPrefix("\"") && tag.hasSuffix("\""))
                let again = try await client.call(uri, headers: [.ifNoneMatch: tag])
                #expect(again.status == .notModified, "\(uri)")
                #expect(again.text.isEmpty)
                let weak = try await client.call(uri, headers: [.ifNoneMatch: "\"other\", W/\(tag)"])
                #expect(weak.status == .notModified)
                let stale = try await client.call(uri, headers: [.ifNoneMatch: "\"stale\""])
                #expect(stale.status == .ok)
            }
            // What a partner sees is another representation, with another tag.
            let anonymous = try await client.call("/v1/search?per_page=100")
            let partner = try await client.call("/v1/search?per_page=100", key: f.partnerKey)
            #expect(anonymous.headers[.eTag] != partner.headers[.eTag])
            #expect(partner.headers[.vary] == "Authorization")
        }
    }

    @Test func corsOnEveryResponseAndPreflight() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            for uri in ["/v1/search", "/health", "/nowhere", "/v1/search?per_page=0"] {
                let r = try await client.call(uri, headers: [.origin: "https://example.org"])
                #expect(r.headers[.accessControlAllowOrigin] == "*", "\(uri)")
            }
            let preflight = try await client.call("/v1/search", method: .options, headers: [
                .origin: "https://example.org", .accessControlRequestMethod: "GET", .accessControlRequestHeaders: "authorization",
            ])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "*")
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
        }
    }
}
