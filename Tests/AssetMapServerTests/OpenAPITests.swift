import AssetMapServer
import AssetMapStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The OpenAPI document is true to the API")
struct OpenAPITests {
    static func document(_ client: any TestClientProtocol) async throws -> [String: Any] {
        let r = try await client.call("/openapi.json")
        #expect(r.status == .ok)
        return try #require(r.json as? [String: Any], "openapi.json is not a JSON object")
    }

    @Test func parsesAndIsOpenAPI31() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let doc = try await Self.document(client)
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = try #require(doc["paths"] as? [String: Any])
            #expect(paths.count >= 16)
            // Every $ref resolves.
            let validator = SchemaValidator(root: doc)
            func refs(_ node: Any) -> [String] {
                if let o = node as? [String: Any] { return (o["$ref"] as? String).map { [$0] } ?? [] + o.values.flatMap(refs) }
                if let a = node as? [Any] { return a.flatMap(refs) }
                return []
            }
            for ref in Set(refs(doc)) { #expect(validator.resolve(ref) != nil, "unresolvable \(ref)") }
        }
    }

    /// Each path of the document, with its parameters filled, reaches a route (never the router's own 404).
    @Test func everyDocumentedPathIsRouted() async throws {
        let f = try Fixture()
        let entity = try f.entityID("groups", "g1")
        try await f.app().test(.router) { client in
            let doc = try await Self.document(client)
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            for (path, operations) in paths {
                let uri = path.replacingOccurrences(of: "{id}", with: path.hasPrefix("/v1/review") ? "1" : "\(entity)")
                    .replacingOccurrences(of: "{postcode}", with: "M33%207AA").replacingOccurrences(of: "{code}", with: "E05000001")
                for method in operations.keys {
                    let m: HTTPRequest.Method = method == "post" ? .post : .get
                    let r = try await client.call(uri, method: m, key: f.officerKey, headers: [.contentType: "application/json"], body: m == .post ? "{}" : nil)
                    let routerNotFound = r.status == .notFound && (r.object["detail"] as? String) == "no such resource"
                    #expect(!routerNotFound, "\(method.uppercased()) \(path) is documented but not routed")
                    #expect(r.status.code < 500, "\(method.uppercased()) \(path) → \(r.status)")
                }
            }
            // And an undocumented path is the router's 404.
            let r = try await client.call("/v1/undocumented")
            #expect(r.status == .notFound && r.object["detail"] as? String == "no such resource")
        }
    }

    /// Real responses of the main endpoints satisfy the document's schemas for their status and content type.
    @Test func responsesMatchTheDocumentedSchemas() async throws {
        let f = try Fixture()
        let entity = try f.entityID("groups", "g1")
        try await f.app().test(.router) { client in
            let doc = try await Self.document(client)
            let validator = SchemaValidator(root: doc)
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            let cases: [(template: String, uri: String, key: String?)] = [
                ("/health", "/health", nil),
                ("/v1/search", "/v1/search?near=M33%207AA", nil),
                ("/v1/search", "/v1/search?q=library", f.officerKey),
                ("/v1/search", "/v1/search?kind=organisation&format=geojson", nil),
                ("/v1/entities/{id}", "/v1/entities/\(entity)", nil),
                ("/v1/entities/{id}", "/v1/entities/999999", nil),
                ("/v1/postcodes/{postcode}", "/v1/postcodes/M33%207AA", nil),
                ("/v1/areas", "/v1/areas", nil),
                ("/v1/areas", "/v1/areas?layer=ward", f.partnerKey),
                ("/v1/areas/{code}", "/v1/areas/E05000001", nil),
                ("/v1/areas/{code}", "/v1/areas/E05000001?geometry=true", nil),
                ("/v1/areas/{code}", "/v1/areas/E05000001?format=geojson", nil),
                ("/v1/areas/{code}/profile", "/v1/areas/E05000001/profile", f.officerKey),
                ("/v1/gaps", "/v1/gaps?category=library&layer=ward", nil),
                ("/v1/gaps", "/v1/gaps?category=library", nil),
                ("/v1/coverage", "/v1/coverage", f.officerKey),
                ("/v1/coverage", "/v1/coverage", f.partnerKey),
                ("/v1/coverage", "/v1/coverage", nil),
                ("/v1/colocation", "/v1/colocation", f.officerKey),
                ("/v1/export", "/v1/export?format=geojson", nil),
                ("/v1/review", "/v1/review", f.officerKey),
                ("/v1/review/{id}", "/v1/review/999", f.officerKey),
            ]
            for c in cases {
                let r = try await client.call(c.uri, key: c.key)
                let operation = try #require(paths[c.template]?["get"] as? [String: Any], "\(c.template) has no GET")
                let responses = try #require(operation["responses"] as? [String: Any])
                var response = try #require(responses[String(r.status.code)] as? [String: Any], "\(c.uri): status \(r.status.code) is not documented")
                if let ref = response["$ref"] as? String { response = try #require(validator.resolve(ref)) }
                let contentType = String((r.headers[.contentType] ?? "").split(separator: ";").first ?? "")
                let content = try #require(response["content"] as? [String: Any], "\(c.uri): documented without content")
                let media = try #require(content[contentType] as? [String: Any], "\(c.uri): content type \(contentType) is not documented")
                let schema = try #require(media["schema"] as? [String: Any])
                guard contentType.contains("json") else { continue }
                let value = try #require(r.json, "\(c.uri): not JSON")
                let problems = validator.validate(value, against: schema)
                #expect(problems.isEmpty, "\(c.uri): \(problems.prefix(5).joined(separator: "; "))")
            }
            // The import report too.
            let body = try ImportTests.jsonBody(profile: ImportTests.hallsProfile, content: ImportTests.hallsCSV)
            let r = try await client.call("/v1/imports", method: .post, key: f.officerKey, headers: [.contentType: "application/json"], body: body)
            let post = try #require(paths["/v1/imports"]?["post"] as? [String: Any])
            let schema = try #require(((((post["responses"] as? [String: Any])?["200"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
            let problems = validator.validate(try #require(r.json), against: schema)
            #expect(problems.isEmpty, "import: \(problems.prefix(5))")
        }
    }
}

extension OpenAPITests {
    /// A caller over the rate limit gets what the document promises: a 429 problem with `Retry-After`.
    @Test func theRateLimitAnswerIsDocumented() async throws {
        let f = try Fixture()
        var configuration = ServerConfiguration(maxBodyBytes: 64 * 1024)
        configuration.rateLimit = RateLimitConfiguration(anonymousPerMinute: 1, burstSeconds: 60)
        try await f.app(configuration).test(.router) { client in
            let doc = try await Self.document(client)
            let validator = SchemaValidator(root: doc)
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            var refused: Reply?
            for _ in 0..<3 {
                let r = try await client.call("/v1/search?q=library")
                if r.status == .tooManyRequests { refused = r }
            }
            let r = try #require(refused, "no request was refused at 1 a minute")
            #expect(r.headers[.retryAfter].flatMap(Int.init).map { $0 >= 1 } == true)
            for (template, methods) in paths where template != "/health" {
                for (method, operation) in methods {
                    guard let responses = (operation as? [String: Any])?["responses"] as? [String: Any] else { continue }
                    #expect(responses["429"] != nil, "\(method.uppercased()) \(template) does not document 429")
                }
            }
            let operation = try #require(paths["/v1/search"]?["get"] as? [String: Any])
            var response = try #require((operation["responses"] as? [String: Any])?["429"] as? [String: Any])
            if let ref = response["$ref"] as? String { response = try #require(validator.resolve(ref)) }
            let schema = try #require(((response["content"] as? [String: Any])?["application/problem+json"] as? [String: Any])?["schema"] as? [String: Any])
            #expect(r.headers[.contentType] == "application/problem+json")
            let problems = validator.validate(try #require(r.json), against: schema)
            #expect(problems.isEmpty, "429: \(problems.prefix(5))")
        }
    }
}

@Suite("The test's schema validator")
struct SchemaValidatorTests {
    @Test func catchesWhatItShould() {
        let root: [String: Any] = ["components": ["schemas": ["Thing": [
            "type": "object", "required": ["id", "name"],
            "properties": ["id": ["type": "integer"], "name": ["type": ["string", "null"]], "kind": ["enum": ["a", "b"]],
                           "tags": ["type": "array", "items": ["type": "string"]]],
        ] as [String: Any]]]]
        let v = SchemaValidator(root: root)
        let schema: [String: Any] = ["$ref": "#/components/schemas/Thing"]
        #expect(v.validate(["id": 1, "name": NSNull(), "kind": "a", "tags": ["x"]], against: schema).isEmpty)
        #expect(!v.validate(["name": "x"], against: schema).isEmpty)  // missing id
        #expect(!v.validate(["id": "1", "name": "x"], against: schema).isEmpty)  // wrong type
        #expect(!v.validate(["id": 1.5, "name": "x"], against: schema).isEmpty)  // not an integer
        #expect(!v.validate(["id": 1, "name": "x", "kind": "c"], against: schema).isEmpty)  // not in enum
        #expect(!v.validate(["id": 1, "name": "x", "tags": [1]], against: schema).isEmpty)  // item type
        #expect(!v.validate(["id": true, "name": "x"], against: schema).isEmpty)  // a boolean is not an integer
    }
}
