import AssetMapCore
import AssetMapIngest
import AssetMapMatch
import AssetMapServer
import AssetMapStore
import AssetMapTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The real borough for reconciliation: the postcode table, all twenty lists with their profiles, and one `match` run,
/// built once per test process in a temporary folder.
enum ReconcileBorough {
    struct Loaded: Sendable {
        var store: AssetMapStore
        var seconds: Double
    }

    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared/data/trafford` from the package root, read in place.
    static let trafford = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/trafford").standardizedFileURL
    static let profiles = packageRoot.appendingPathComponent("Profiles/trafford")
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-reconcile-tests-\(UUID().uuidString)")
    static let shared = BuiltOnce<Loaded> { try build() }

    static func get(sourceLocation: SourceLocation = #_sourceLocation) async throws -> Loaded {
        do {
            return try await shared.value
        } catch {
            Issue.record("building the Trafford database failed: \(error)", sourceLocation: sourceLocation)
            throw error
        }
    }

    static func build() throws -> Loaded {
        let started = Date()
        let postcodes = trafford.appendingPathComponent("geography/postcodes.csv").path
        try #require(
            FileManager.default.fileExists(atPath: postcodes),
            "required test data is missing: \(postcodes) (the Trafford pack lives at ../shared/data/trafford from the package root)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: ReconcileBorough.folder) }
        let store = try AssetMapStore.open(path: folder.appendingPathComponent("trafford.sqlite").path, create: true)
        _ = try PostcodeFile(path: postcodes).load(into: store)
        let lists = trafford.appendingPathComponent("lists")
        let files = try FileManager.default.contentsOfDirectory(atPath: lists.path)
        let profileFiles = try FileManager.default.contentsOfDirectory(atPath: profiles.path).filter { $0.hasSuffix(".profile.json") }.sorted()
        try #require(profileFiles.count == 20, "profiles: \(profileFiles.count)")
        for profileFile in profileFiles {
            let stem = String(profileFile.dropLast(".profile.json".count))
            let list = try #require(files.first { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent == stem }, "no list for \(profileFile)")
            let profile = try ImportProfile.load(path: profiles.appendingPathComponent(profileFile).path)
            _ = try Importer(store: store, logger: Fixture.quiet).run(path: lists.appendingPathComponent(list).path, profile: profile)
        }
        _ = try Matcher(store: store, logger: Fixture.quiet).run()
        return Loaded(store: store, seconds: Date().timeIntervalSince(started))
    }
}

/// `application/x-www-form-urlencoded`, as OpenRefine posts its batches.
func formEncoded(_ fields: [String: String]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return fields.sorted { $0.key < $1.key }.map { key, value in
        "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
    }.joined(separator: "&")
}

extension TestClientProtocol {
    /// POSTs a batch as OpenRefine does and returns the parsed answer.
    func reconcile(_ json: String, key: String? = nil) async throws -> Reply {
        try await call(
            "/reconcile", method: .post, key: key, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: formEncoded(["queries": json]))
    }
}

/// A batch of queries as JSON text (built outside the test client's closures, which may capture only Sendable values).
func batchJSON(_ queries: [String: Any]) -> String {
    (try? JSONSerialization.data(withJSONObject: queries, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
}

/// One query's candidates from a batch answer.
func candidates(_ reply: Reply, _ id: String) -> [[String: Any]] {
    ((reply.object[id] as? [String: Any])?["result"] as? [[String: Any]]) ?? []
}

@Suite("OpenRefine reconciliation")
struct ReconcileTests {
    @Test func manifestShape() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            let r = try await client.call("/reconcile")
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "application/json")
            let m = r.object
            #expect((m["versions"] as? [String])?.contains("0.2") == true)
            #expect((m["name"] as? String)?.isEmpty == false)
            // Absolute URLs on the host the client called (the router alone has none: localhost).
            let space = try #require(m["identifierSpace"] as? String)
            #expect(space.hasPrefix("http://") && space.hasSuffix("/v1/entities/"))
            #expect((m["schemaSpace"] as? String)?.hasPrefix("http://") == true)
            let types = (m["defaultTypes"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(types == ["organisation", "service", "place"])
            #expect((m["view"] as? [String: Any])?["url"] as? String == space + "{{id}}")
            let preview = try #require(m["preview"] as? [String: Any])
            #expect((preview["url"] as? String)?.hasSuffix("/reconcile/preview?id={{id}}") == true)
            #expect(preview["width"] is Int && preview["height"] is Int)
            let properties = Set((m["properties"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
            #expect(properties == ["postcode", "website", "phone", "email", "charity_number", "company_number", "address"])
            let suggest = try #require(m["suggest"] as? [String: [String: String]])
            #expect(suggest["entity"]?["service_path"] == "/suggest/entity")

            // JSONP for browsers that fetch the manifest with a callback.
            let jsonp = try await client.call("/reconcile?callback=jQuery123_456")
            #expect(jsonp.status == .ok)
            #expect(jsonp.headers[.contentType] == "text/javascript")
            #expect(jsonp.text.hasPrefix("/**/jQuery123_456({") && jsonp.text.hasSuffix("});"))
            expectProblem(try await client.call("/reconcile?callback=alert(1)"), .badRequest, parameter: "callback")
        }
    }

    @Test func batchOfThreeAnswersEachQuery() async throws {
        let f = try Fixture()
        let foodBank = try f.entityID("groups", "g1")
        let library = try f.entityID("groups", "g2")
        try await f.app().test(.router) { client in
            let r = try await client.reconcile(batchJSON([
                "q0": ["query": "Sale Food Bank"],
                "q1": ["query": "altrincham library", "type": "organisation", "limit": 2],
                "q2": ["query": "Nothing Anyone Lists"],
            ]))
            #expect(r.status == .ok, "\(r.text)")
            #expect(Set(r.object.keys) == ["q0", "q1", "q2"])
            let q0 = candidates(r, "q0")
            #expect(q0.first?["id"] as? String == String(foodBank))
            #expect(q0.first?["name"] as? String == "Sale Food Bank")
            #expect((q0.first?["type"] as? [[String: Any]])?.first?["id"] as? String == "organisation")
            let score = try #require(q0.first?["score"] as? Double)
            #expect(score > 0 && score <= 100)
            #expect((q0.first?["features"] as? [[String: Any]])?.contains { $0["id"] as? String == "name" } == true)
            #expect(candidates(r, "q1").first?["id"] as? String == String(library))
            #expect(candidates(r, "q1").count <= 2)
            #expect(candidates(r, "q2").allSatisfy { $0["match"] as? Bool == false })

            // The same batch as a JSON body, and one query in the 0.1 `query=` form.
            let json = try await client.call(
                "/reconcile", method: .post, headers: [.contentType: "application/json"],
                body: #"{"q0": {"query": "Sale Food Bank"}, "q1": {"query": "Altrincham Library"}}"#)
            #expect(json.status == .ok, "\(json.text)")
            #expect(candidates(json, "q1").first?["id"] as? String == String(library))
            let single = try await client.call("/reconcile?query=Sale%20Food%20Bank")
            #expect((single.object["result"] as? [[String: Any]])?.first?["id"] as? String == String(foodBank))
        }
    }

    @Test func badQueriesAreProblemsNamingTheParameter() async throws {
        let f = try Fixture()
        try await f.app().test(.router) { client in
            expectProblem(try await client.call("/reconcile?queries=%7Bnot%20json"), .badRequest, parameter: "queries")
            expectProblem(try await client.call("/reconcile?queries=%5B1%2C2%5D"), .badRequest, parameter: "queries")
            let form = try await client.call(
                "/reconcile", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: formEncoded(["queries": #"{"q0": "Sale Food Bank"}"#]))
            expectProblem(form, .badRequest, parameter: "queries")
            expectProblem(try await client.reconcile(batchJSON(["q0": ["query": "x", "limit": -1]])), .badRequest, parameter: "queries")
            expectProblem(try await client.reconcile(batchJSON(["q0": ["query": "x", "type": "spaceship"]])), .badRequest, parameter: "queries")
            let unknown = try await client.reconcile(batchJSON(["q0": ["query": "x", "properties": [["pid": "shoe_size", "v": "9"]]]]))
            expectProblem(unknown, .badRequest, parameter: "queries")
            #expect((unknown.object["detail"] as? String)?.contains("shoe_size") == true)
            let body = try await client.call(
                "/reconcile", method: .post, headers: [.contentType: "application/json"], body: "{\"q0\": {\"query\": ")
            expectProblem(body, .badRequest, parameter: "queries")
        }
    }

    @Test func partnersOnlyRecordsAreInvisibleAnonymously() async throws {
        let f = try Fixture()
        let depot = try f.entityID("partner-estate", "p1")
        let query = batchJSON(["q0": ["query": "Council Depot", "properties": [["pid": "postcode", "v": "M33 7AB"]]]])
        try await f.app().test(.router) { client in
            let anonymous = try await client.reconcile(query)
            #expect(anonymous.status == .ok)
            #expect(!candidates(anonymous, "q0").contains { $0["id"] as? String == String(depot) || $0["name"] as? String == "Council Depot" })
            let partner = try await client.reconcile(query, key: f.partnerKey)
            #expect(candidates(partner, "q0").first?["id"] as? String == String(depot))
            #expect(candidates(partner, "q0").first?["match"] as? Bool == true)
            // Suggestions and previews hide it too.
            let suggest = try await client.call("/reconcile/suggest/entity?prefix=counc")
            #expect((suggest.object["result"] as? [[String: Any]])?.isEmpty == true, "\(suggest.text)")
            let partnerSuggest = try await client.call("/reconcile/suggest/entity?prefix=counc", key: f.partnerKey)
            #expect((partnerSuggest.object["result"] as? [[String: Any]])?.first?["id"] as? String == String(depot))
            expectProblem(try await client.call("/reconcile/preview?id=\(depot)"), .notFound)
            let preview = try await client.call("/reconcile/preview?id=\(depot)", key: f.partnerKey)
            #expect(preview.status == .ok)
            #expect(preview.text.contains("Council Depot"))
        }
    }

    /// Names as an officer would type them, reconciled against the real borough after `match`.
    @Test func officersNamesOnTheRealBorough() async throws {
        let borough = try await ReconcileBorough.get()
        let store = borough.store
        func entity(_ source: String, _ key: String) throws -> String {
            String(try #require(try store.recordRef(source: source, key: key).entityID, "\(source) \(key) has no entity"))
        }
        let charities = "charity-commission-charities"
        let cases: [(label: String, query: [String: Any], expected: String)] = [
            ("misspelt", ["query": "Voluntary & Comunity Action Trafford"], try entity(charities, "1098222")),
            ("Ltd for LIMITED", ["query": "Sale Moor Community Partnership Ltd"], try entity(charities, "1113664")),
            ("CIC and a charity number", [
                "query": "Hideaway Youth Project CIC", "properties": [["pid": "charity_number", "v": "1110880"]],
            ], try entity(charities, "1110880")),
            ("name and postcode", [
                "query": "Boots", "type": "service", "properties": [["pid": "postcode", "v": "m33 7xz"]],
            ], try entity("pharmacies", "FC707")),
            ("misspelt library", ["query": "Altrincam Library"], try entity("libraries", "Altrincham Library")),
        ]
        var batch: [String: Any] = [:]
        for (i, c) in cases.enumerated() { batch["q\(i)"] = c.query }
        batch["ambiguous"] = ["query": "Boots"]
        batch["unknown"] = ["query": "Zebracorn Widget Appreciation Society"]
        // An address no record has: the query's address gets an id of its own, which comparisons must know.
        batch["new address"] = [
            "query": "Sale Moor Community Partnership Ltd", "properties": [["pid": "address", "v": "Unit 99, Zebracorn Works, Nowhere Lane"]],
        ]
        let sameCharity = try entity(charities, "1113664")
        let json = batchJSON(batch)
        let expected = cases.map { (label: $0.label, expected: $0.expected) }
        let app = buildApplication(configuration: ServerConfiguration(), store: store, logger: Fixture.quiet)
        try await app.test(.router) { client in
            let r = try await client.reconcile(json)
            #expect(r.status == .ok, "\(r.text)")
            for (i, c) in expected.enumerated() {
                let result = candidates(r, "q\(i)")
                let best = result.first
                #expect(best?["id"] as? String == c.expected, "\(c.label): \(result.prefix(3))")
                #expect(best?["match"] as? Bool == true, "\(c.label): \(result.prefix(3))")
            }
            // Six Boots pharmacies: the name alone is no answer.
            let boots = candidates(r, "ambiguous")
            #expect(boots.count >= 2)
            #expect(boots.allSatisfy { $0["match"] as? Bool == false }, "\(boots.prefix(3))")
            #expect(candidates(r, "unknown").allSatisfy { $0["match"] as? Bool == false }, "\(candidates(r, "unknown").prefix(3))")
            #expect(candidates(r, "new address").first?["id"] as? String == sameCharity, "\(candidates(r, "new address").prefix(3))")
        }
    }

    @Test func partnersOnlyEstateOnTheRealBorough() async throws {
        let borough = try await ReconcileBorough.get()
        let store = borough.store
        let shawe = String(try #require(try store.recordRef(source: "council-land-and-building-assets", key: try councilKey(store, "Shawe View Residential Care Home")).entityID))
        let keys = APIKeys(store: store)
        let partner = try keys.create(role: .partner).key
        let query = batchJSON(["q0": ["query": "Shawe View Residential Care Home", "properties": [["pid": "postcode", "v": "M41 5DL"]]]])
        let app = buildApplication(configuration: ServerConfiguration(), store: store, logger: Fixture.quiet)
        try await app.test(.router) { client in
            let anonymous = candidates(try await client.reconcile(query), "q0")
            #expect(!anonymous.contains { $0["id"] as? String == shawe }, "\(anonymous.prefix(3))")
            #expect(anonymous.allSatisfy { $0["match"] as? Bool == false }, "\(anonymous.prefix(3))")
            let seen = candidates(try await client.reconcile(query, key: partner), "q0")
            #expect(seen.first?["id"] as? String == shawe)
            #expect(seen.first?["match"] as? Bool == true)
        }
    }

    /// The council register's key (its AssetCode) for a property name, read from the list itself.
    func councilKey(_ store: AssetMapStore, _ name: String) throws -> String {
        let path = ReconcileBorough.trafford.appendingPathComponent("lists/council_land_and_building_assets.csv").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.contains(",\(name),") }, "\(name) is not in the register")
        // AssetCode is the fifth column; the columns before it hold no commas.
        return String(line.split(separator: ",", omittingEmptySubsequences: false)[4])
    }
}
