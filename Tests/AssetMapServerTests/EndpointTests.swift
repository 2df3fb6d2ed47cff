import AssetMapServer
import AssetMapStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Endpoints answer with the documented JSON")
struct EndpointTests {
    @Test func health() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let r = try await client.call("/health")
            #expect(r.status == .ok)
            #expect(r.object["status"] as? String == "ok")
            #expect(r.object["database"] as? String == "ok")
            #expect(r.object["schema"] as? String == "v3-keys" || r.object["schema"] is String)
        }
    }

    @Test func searchHasTheDesignKeys() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let r = try await client.call("/v1/search?near=M33%207AA&radius=5000")
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.headers[.contentType] == "application/json")
            let o = r.object
            for key in ["total", "page", "per_page", "results"] { #expect(o[key] != nil, "missing \(key)") }
            let results = r.array("results")
            #expect(!results.isEmpty)
            for hit in results {
                for key in ["id", "kind", "name", "categories", "address", "postcode", "lat", "lon", "distance_m", "areas", "sources"] {
                    #expect(hit.keys.contains(key), "result lacks \(key): \(hit)")
                }
            }
            // Nearest first, distances in metres.
            let distances = results.compactMap { $0["distance_m"] as? Double }
            #expect(distances == distances.sorted())
            let first = try #require(results.first)
            #expect(first["name"] as? String == "Sale Food Bank")
            #expect((first["areas"] as? [String: Any])?["ward"] as? [String: String] == ["code": "E05000001", "name": "Sale Central"])
            #expect(first["sources"] as? [String] == ["groups"])
        }
    }

    /// HEAD is GET without its body: same status and headers, over the router and over a real socket (where cached
    /// reads are answered on the event loop, which leaves HEAD to the router).
    @Test func headIsGetWithoutTheBody() async throws {
        let f = try Fixture()
        let entity = try f.entityID("groups", "g1")
        for mode in [TestingSetup.router, .live] {
            try await f.app(ServerConfiguration(host: "127.0.0.1", port: 0)).test(mode) { client in
                for uri in ["/v1/entities/\(entity)", "/v1/search?q=library", "/v1/postcodes/M33%207AA", "/oruk/services"] {
                    let get = try await client.call(uri)
                    let head = try await client.call(uri, method: .head)
                    #expect(head.status == get.status, "\(uri)")
                    #expect(head.text.isEmpty, "\(uri): HEAD answered with a body")
                    #expect(head.headers[.eTag] == get.headers[.eTag], "\(uri)")
                    #expect(head.headers[.contentType] == get.headers[.contentType], "\(uri)")
                    #expect(head.headers[.contentLength] == String(get.text.utf8.count), "\(uri)")
                }
                let missing = try await client.call("/v1/entities/999999", method: .head)
                #expect(missing.status == .notFound)
                #expect(missing.headers[.contentType] == "application/problem+json")
                #expect(missing.text.isEmpty)
                let post = try await client.call("/v1/imports", method: .head)
                #expect(post.status == .methodNotAllowed)
                let options = try await client.call("/v1/search", method: .options)
                #expect(options.headers[.accessControlAllowMethods]?.contains("HEAD") == true)
            }
        }
    }

    /// Query strings as browsers' GET forms write them: `+` is a space, `%2B` a plus.
    @Test func aPlusInTheQueryIsASpace() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let plus = try await client.call("/v1/search?q=sale+food&near=M33+7AA&radius=5000")
            #expect(plus.status == .ok, "\(plus.text)")
            let spaced = try await client.call("/v1/search?q=sale%20food&near=M33%207AA&radius=5000")
            #expect(plus.array("results").map { $0["name"] as? String } == spaced.array("results").map { $0["name"] as? String })
            #expect(plus.array("results").first?["name"] as? String == "Sale Food Bank")
            // An encoded plus stays a plus: not a postcode.
            expectProblem(try await client.call("/v1/search?near=M33%2B7AA"), .badRequest, parameter: "near")
        }
    }

    @Test func searchByTextCategoryKindAreaAndPaging() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let text = try await client.call("/v1/search?q=library")
            #expect(text.array("results").map { $0["name"] as? String } == ["Altrincham Library"])
            let category = try await client.call("/v1/search?category=food%20bank")
            #expect(category.object["total"] as? Int == 1)
            let kind = try await client.call("/v1/search?kind=organisation&per_page=2")
            #expect(kind.object["total"] as? Int == 3)
            #expect(kind.object["per_page"] as? Int == 2)
            #expect(kind.array("results").count == 2)
            let page2 = try await client.call("/v1/search?kind=organisation&per_page=2&page=2")
            #expect(page2.array("results").count == 1)
            let area = try await client.call("/v1/search?area=E05000002")
            #expect(area.array("results").map { $0["name"] as? String } == ["Altrincham Library"])
        }
    }

    @Test func searchAsGeoJSON() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let r = try await client.call("/v1/search?kind=organisation&format=geojson")
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "application/geo+json")
            #expect(r.object["type"] as? String == "FeatureCollection")
            let features = r.array("features")
            #expect(features.count == 3)
            let located = try #require(features.first { ($0["properties"] as? [String: Any])?["name"] as? String == "Sale Food Bank" })
            let geometry = try #require(located["geometry"] as? [String: Any])
            #expect(geometry["type"] as? String == "Point")
            let coordinates = try #require(geometry["coordinates"] as? [Double])
            #expect(abs(coordinates[0] - -2.322) < 1e-6 && abs(coordinates[1] - 53.424) < 1e-6)
            let unlocated = try #require(features.first { ($0["properties"] as? [String: Any])?["name"] as? String == "Youth Club Without A Home" })
            #expect(unlocated["geometry"] is NSNull)
        }
    }

    @Test func entityHasGoldenRecordMembersAndAreas() async throws {
        let f = try Fixture()
        let id = try f.entityID("groups", "g1")
        try await f.app().test(.router) { client in
            let r = try await client.call("/v1/entities/\(id)")
            #expect(r.status == .ok, "\(r.text)")
            let o = r.object
            #expect(o["id"] as? Int == Int(id))
            #expect(o["name"] as? String == "Sale Food Bank")
            #expect(o["kind"] as? String == "organisation")
            let uuid = try #require(o["uuid"] as? String)
            #expect(UUID(uuidString: uuid) != nil)
            let members = r.array("members")
            #expect(members.count == 1)
            #expect(members.first?["source"] as? String == "groups")
            #expect(members.first?["source_key"] as? String == "g1")
            let golden = try #require(o["golden"] as? [String: Any])
            #expect((golden["name"] as? [String: Any])?["source"] as? String == "groups")
            #expect(((o["areas"] as? [String: Any])?["ward"] as? [String: Any])?["code"] as? String == "E05000001")
            // The same entity by its UUID.
            let byUUID = try await client.call("/v1/entities/\(uuid)")
            #expect(byUUID.object["id"] as? Int == Int(id))
        }
    }

    @Test func postcodeLookup() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let r = try await client.call("/v1/postcodes/m337aa")
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.object["postcode"] as? String == "M33 7AA")
            #expect(r.object["lat"] as? Double == 53.424)
            #expect(((r.object["areas"] as? [String: Any])?["ward"] as? [String: Any])?["code"] as? String == "E05000001")
            let spaced = try await client.call("/v1/postcodes/M33%207AA")
            #expect(spaced.status == .ok)
        }
    }

    @Test func areasLayersProfileAndGeometry() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let layers = try await client.call("/v1/areas")
            #expect(layers.array("layers").map { $0["name"] as? String } == ["ward"])
            let wards = try await client.call("/v1/areas?layer=ward")
            let sale = try #require(wards.array("areas").first { $0["code"] as? String == "E05000001" })
            #expect(sale["population"] as? Int == 10_000)
            #expect(sale["entities"] as? Int == 1)  // anonymous: the food bank only
            let area = try await client.call("/v1/areas/E05000001")
            #expect(area.object["name"] as? String == "Sale Central")
            #expect(area.object["geometry"] == nil)
            let withGeometry = try await client.call("/v1/areas/E05000001?geometry=true")
            #expect((withGeometry.object["geometry"] as? [String: Any])?["type"] as? String != nil)
            let feature = try await client.call("/v1/areas/E05000001?format=geojson")
            #expect(feature.object["type"] as? String == "Feature")
            #expect(feature.headers[.contentType] == "application/geo+json")
            let profile = try await client.call("/v1/areas/E05000001/profile")
            #expect(profile.status == .ok)
            #expect((profile.object["area"] as? [String: Any])?["code"] as? String == "E05000001")
            #expect(profile.object["population"] as? Int == 10_000)
            #expect((profile.object["per_1000"] as? [String: Double])?["food bank"] == 0.1)
        }
    }

    @Test func gapsCoverageColocation() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let gaps = try await client.call("/v1/gaps?category=library&layer=ward")
            #expect(gaps.status == .ok, "\(gaps.text)")
            let areas = gaps.array("areas")
            #expect(areas.count == 2)
            #expect(areas.first?["code"] as? String == "E05000001")  // farthest from the library first
            let coverage = try await client.call("/v1/coverage", key: f.officerKey)
            #expect(coverage.status == .ok)
            #expect(coverage.object["sources"] as? [String] == ["groups", "partner-estate", "safeguarding"])
            let colocation = try await client.call("/v1/colocation?within=400", key: f.partnerKey)
            #expect(colocation.status == .ok, "\(colocation.text)")
            let clusters = colocation.array("clusters")
            #expect(clusters.count == 1)
            #expect(Set(clusters.first?["owners"] as? [String] ?? []) == ["NHS", "Trafford Council"])
            // Anonymous callers see no partners-only estate.
            let anonymous = try await client.call("/v1/colocation")
            #expect(anonymous.status == .ok)
            #expect(anonymous.array("clusters").isEmpty)
        }
    }

    @Test func exportFormats() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let entities = try await client.call("/v1/export?format=entities", key: f.officerKey)
            #expect(entities.status == .ok)
            #expect(entities.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(entities.text.hasPrefix("id,kind,name,categories,address,postcode,lat,lon"))
            #expect(entities.text.split(separator: "\n").count == 7)  // header + 6 entities
            let links = try await client.call("/v1/export?format=links")
            #expect(links.text.hasPrefix("entity_id,kind,source,source_key"))
            let geojson = try await client.call("/v1/export?format=geojson")
            #expect(geojson.headers[.contentType] == "application/geo+json")
            #expect(geojson.object["type"] as? String == "FeatureCollection")
            #expect(geojson.array("features").count == 3)
        }
    }

    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            _ = try await client.call("/v1/search?q=library")
            _ = try await client.call("/v1/entities/999999")
            let r = try await client.call("/metrics")
            #expect(r.status == .ok)
            #expect(r.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(r.text.contains("assetmap_http_requests_total{method=\"GET\",route=\"/v1/search\",status=\"200\"} 1"), "\(r.text)")
            #expect(r.text.contains("assetmap_http_requests_total{method=\"GET\",route=\"/v1/entities/{id}\",status=\"404\"} 1"))
            #expect(r.text.contains("assetmap_http_request_duration_seconds_bucket{route=\"/v1/search\",le=\"+Inf\"} 1"))
            #expect(r.text.contains("assetmap_entities 6"))
            #expect(r.text.contains("assetmap_records 6"))
        }
    }

    @Test func liveServerSmoke() async throws {
        let f = try Fixture()
        let app = f.app(ServerConfiguration(host: "127.0.0.1", port: 0))
        try await app.test(.live) { client in
            let r = try await client.call("/health")
            #expect(r.status == .ok)
            #expect(r.headers[.accessControlAllowOrigin] == "*")
        }
    }
}
