import AssetMapCore
import AssetMapIngest
@testable import AssetMapServer
import AssetMapStore
import AssetMapTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Where the Open Referral UK spec and the real borough are, from the package root; read in place.
enum ORUKPaths {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared").standardizedFileURL
    static let schemaDirectory = shared.appendingPathComponent("specs/oruk-3.0/schema")
    static let trafford = shared.appendingPathComponent("data/trafford")
    static let profiles = packageRoot.appendingPathComponent("Profiles/trafford")

    static func require(_ url: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        try #require(
            FileManager.default.fileExists(atPath: url.path),
            "required file is missing: \(url.path) (../shared holds the ORUK spec and the Trafford pack)", sourceLocation: sourceLocation)
        return url
    }
}

/// The UK profile's OpenAPI document and schemas, as the official validator uses them.
struct UKProfile {
    let openapi: [String: Any]
    let validator: SchemaValidator

    init() throws {
        let file = try ORUKPaths.require(ORUKPaths.schemaDirectory.appendingPathComponent("openapi.json"))
        openapi = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        validator = SchemaValidator(root: openapi, schemaDirectory: ORUKPaths.schemaDirectory)
    }

    /// The 200 schema the UK OpenAPI document gives for a path template ("/services/{id}").
    func schema(_ template: String) throws -> [String: Any] {
        let paths = try #require(openapi["paths"] as? [String: Any])
        let get = try #require((paths[template] as? [String: Any])?["get"] as? [String: Any], "the UK profile has no GET \(template)")
        let ok = try #require((get["responses"] as? [String: Any])?["200"] as? [String: Any])
        return try #require(((ok["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
    }

    func problems(_ value: Any, template: String) throws -> [String] {
        validator.validate(value, against: try schema(template))
    }

    /// Problems of a value against one of the UK schema files ("compiled/service_at_location.json").
    func problems(_ value: Any, file: String) throws -> [String] {
        let schema = try #require(validator.resolve(file), "no UK schema \(file)")
        return validator.validate(value, against: schema)
    }
}

/// What the official ORUK validator does: every path answers 2xx with CORS `*`; list endpoints validate on the first,
/// a middle and the last page; `{id}` endpoints validate for ids taken from those pages; average answer under 5 s.
struct ComplianceRun {
    var requests = 0
    var problems: [String] = []
    var idsChecked: [String: Int] = [:]
    var pagesChecked: [String: [Int]] = [:]
    var totals: [String: Int] = [:]
    var seconds = 0.0

    static let lists = ["/services": "/services/{id}", "/service_at_locations": "/service_at_locations/{id}",
                        "/taxonomies": "/taxonomies/{id}", "/taxonomy_terms": "/taxonomy_terms/{id}"]

    static func run(_ client: some TestClientProtocol, perPage: Int, idsPerPage: Int = 3) async throws -> ComplianceRun {
        let uk = try UKProfile()
        var run = ComplianceRun()
        func get(_ uri: String) async throws -> Reply {
            let started = ContinuousClock.now
            let reply = try await client.call(uri)
            let elapsed = ContinuousClock.now - started
            run.seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            run.requests += 1
            if reply.status != .ok { run.problems.append("\(uri): \(reply.status.code) \(reply.text.prefix(200))") }
            if reply.headers[.accessControlAllowOrigin] != "*" { run.problems.append("\(uri): no Access-Control-Allow-Origin: *") }
            return reply
        }
        func check(_ reply: Reply, _ uri: String, template: String) throws {
            guard let value = reply.json else { return run.problems.append("\(uri): not JSON") }
            run.problems += try uk.problems(value, template: template).prefix(5).map { "\(uri): \($0)" }
        }
        let details = try await get("/oruk/")
        try check(details, "/oruk/", template: "/")
        if details.object["version"] as? String != "3.0" { run.problems.append("/oruk/: version is not 3.0") }
        for (list, item) in lists.sorted(by: { $0.key < $1.key }) {
            let first = try await get("/oruk\(list)?per_page=\(perPage)")
            let totalPages = first.object["total_pages"] as? Int ?? 0
            run.totals[list] = first.object["total_items"] as? Int ?? -1
            let pages = Array(Set([1, max(1, (totalPages + 1) / 2), max(1, totalPages)])).sorted()
            run.pagesChecked[list] = pages
            for page in pages {
                let uri = "/oruk\(list)?per_page=\(perPage)&page=\(page)"
                let reply: Reply
                if page == 1 { reply = first } else { reply = try await get(uri) }
                try check(reply, uri, template: list)
                run.problems += pageProblems(reply.object, page: page, perPage: perPage).map { "\(uri): \($0)" }
                let contents = reply.object["contents"] as? [[String: Any]] ?? []
                // Ids from the list: the first, the last and some between.
                let step = max(1, contents.count / max(1, idsPerPage))
                for index in Set(stride(from: 0, to: contents.count, by: step).prefix(idsPerPage) + [contents.count - 1]) where index >= 0 {
                    guard let id = contents[index]["id"] as? String else { run.problems.append("\(uri): item \(index) has no id"); continue }
                    let itemURI = "/oruk" + item.replacingOccurrences(of: "{id}", with: id)
                    let one = try await get(itemURI)
                    try check(one, itemURI, template: item)
                    if item == "/service_at_locations/{id}", let value = one.json {
                        // Its example and compiled schema make it a service_at_location; the OpenAPI file says service.
                        run.problems += try uk.problems(value, file: "compiled/service_at_location.json").prefix(5).map { "\(itemURI): \($0)" }
                    }
                    if one.object["id"] as? String != id { run.problems.append("\(itemURI): answered id \(one.object["id"] ?? "none")") }
                    run.idsChecked[item, default: 0] += 1
                }
            }
        }
        return run
    }

    /// The Page wrapper's members agree with each other and with the page asked for.
    static func pageProblems(_ page: [String: Any], page number: Int, perPage: Int) -> [String] {
        var problems: [String] = []
        for key in ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"] where page[key] == nil {
            problems.append("Page has no \(key)")
        }
        let total = page["total_items"] as? Int ?? -1, pages = page["total_pages"] as? Int ?? -1
        let contents = page["contents"] as? [Any] ?? []
        if pages != (total + perPage - 1) / perPage { problems.append("total_pages \(pages) for \(total) items of \(perPage)") }
        if page["page_number"] as? Int != number { problems.append("page_number is not \(number)") }
        if page["size"] as? Int != contents.count { problems.append("size is not the number of contents") }
        if page["first_page"] as? Bool != (number == 1) { problems.append("first_page wrong") }
        if page["last_page"] as? Bool != (number >= pages) { problems.append("last_page wrong") }
        if page["empty"] as? Bool != contents.isEmpty { problems.append("empty wrong") }
        let expected = max(0, min(perPage, total - (number - 1) * perPage))
        if contents.count != expected { problems.append("\(contents.count) items, expected \(expected)") }
        return problems
    }
}

/// Every page of a list, its contents in order.
func allContents(_ client: some TestClientProtocol, _ list: String, query: String = "", perPage: Int = 100) async throws -> [[String: Any]] {
    var all: [[String: Any]] = []
    var page = 1
    while true {
        let reply = try await client.call("/oruk\(list)?per_page=\(perPage)&page=\(page)\(query)")
        try #require(reply.status == .ok, "\(list) page \(page): \(reply.text.prefix(200))")
        all += reply.object["contents"] as? [[String: Any]] ?? []
        if reply.object["last_page"] as? Bool ?? true { return all }
        page += 1
    }
}

/// Metres between two points on a sphere of the Earth's mean radius.
func haversine(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
    let r = 6_371_008.8, p = Double.pi / 180
    let a = sin((lat2 - lat1) * p / 2) * sin((lat2 - lat1) * p / 2) + cos(lat1 * p) * cos(lat2 * p) * sin((lon2 - lon1) * p / 2) * sin((lon2 - lon1) * p / 2)
    return 2 * r * asin(min(1, sqrt(a)))
}

@Suite("Open Referral UK on the fixture")
struct OpenReferralFixtureTests {
    /// The fixture plus an open feed of services and a partners-only service list.
    static func fixture() throws -> Fixture {
        let f = try Fixture()
        try Self.importCSV(f.store, name: "open-services", sharing: "open", kind: "service", csv: """
            id,name,description,organisation,categories,address,postcode,phone,email,website,opening_hours,updated
            s1,Sale Advice Drop-in,Free advice on benefits and debt,Citizens Advice Trafford,advice;debt,"2 School Road, Sale",M33 7AB,0161 000 0002,ADVICE@example.org,www.example.org/advice,Mon-Fri 9:00-17:00,2024-03-01
            s2,Altrincham Lunch Club,,Age Concern,older people,,WA14 1AA,,,,,2023-11
            """)
        try Self.importCSV(f.store, name: "partner-services", sharing: "partners", kind: "service", csv: """
            id,name,categories,postcode
            p1,Confidential Partner Clinic,advice,M33 7AA
            """)
        return f
    }

    static func importCSV(_ store: AssetMapStore, name: String, sharing: String, kind: String, csv: String) throws {
        let header = csv.split(separator: "\n")[0].split(separator: ",").map(String.init)
        let fields = Dictionary(uniqueKeysWithValues: header.filter { $0 != "id" }.map { ($0, $0) })
        let profile = Fixture.profile(name, sharing: sharing, kind: kind, fields: fields)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-oruk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("\(name).csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        _ = try Importer(store: store, logger: Fixture.quiet).run(path: path, profile: try ImportProfile.parse(Data(profile.utf8)))
    }

    @Test func passesTheOfficialChecksOnEveryPath() async throws {
        let f = try Self.fixture()
        try await f.app().test(.router) { client in
            let run = try await ComplianceRun.run(client, perPage: 2)
            #expect(run.problems.isEmpty, "\(run.problems.prefix(10).joined(separator: "\n"))")
            // 3 open groups + 2 open services; the partners' and restricted services are not there.
            #expect(run.totals["/services"] == 5)
            // All but the youth club, which has no address or postcode.
            #expect(run.totals["/service_at_locations"] == 4)
            #expect(run.totals["/taxonomies"] == 1)
            #expect(run.pagesChecked["/services"] == [1, 2, 3])
            #expect(run.idsChecked["/services/{id}"] ?? 0 >= 5)
            #expect(run.idsChecked["/taxonomy_terms/{id}"] ?? 0 >= 3)
        }
    }

    @Test func servicesCarryTheirContactsLocationsAndTerms() async throws {
        let f = try Self.fixture()
        let entity = try f.entityID("open-services", "s1")
        try await f.app().test(.router) { client in
            let r = try await client.call("/oruk/services/\(OpenReferralID.service(entity))")
            #expect(r.status == .ok)
            let s = r.object
            #expect(s["name"] as? String == "Sale Advice Drop-in")
            #expect(s["email"] as? String == "advice@example.org")
            #expect(s["url"] as? String == "https://example.org/advice")
            #expect(s["last_modified"] as? String == "2024-03-01T00:00:00Z")
            #expect((s["organization"] as? [String: Any])?["name"] as? String == "Citizens Advice Trafford")
            #expect(s["organization_id"] as? String == OpenReferralID.organization(named: "citizens  advice TRAFFORD"))
            let contact = try #require((s["contacts"] as? [[String: Any]])?.first)
            #expect(((contact["phones"] as? [[String: Any]])?.first?["number"] as? String)?.contains("0002") == true)
            #expect((s["schedules"] as? [[String: Any]])?.first?["description"] as? String == "Mon-Fri 9:00-17:00")
            let terms = (s["attributes"] as? [[String: Any]] ?? []).compactMap { ($0["taxonomy_term"] as? [String: Any])?["name"] as? String }
            #expect(Set(terms) == ["advice", "debt"])
            let sal = try #require((s["service_at_locations"] as? [[String: Any]])?.first)
            let location = try #require(sal["location"] as? [String: Any])
            #expect(location["latitude"] as? Double == 53.425 && location["longitude"] as? Double == -2.321)
            let address = try #require((location["addresses"] as? [[String: Any]])?.first)
            #expect(address["address_1"] as? String == "2 School Road" && address["city"] as? String == "Sale")
            #expect(address["postal_code"] as? String == "M33 7AB" && address["country"] as? String == "GB")
            // An organisation is its own organization.
            let group = try f.entityID("groups", "g1")
            let g = try await client.call("/oruk/services/\(OpenReferralID.service(group))").object
            #expect((g["organization"] as? [String: Any])?["id"] as? String == OpenReferralID.organization(group))
            #expect((g["organization"] as? [String: Any])?["name"] as? String == "Sale Food Bank")
        }
    }

    @Test func partnersOnlySourcesNeverAppear() async throws {
        let f = try Self.fixture()
        let hidden = try f.entityID("partner-services", "p1")
        try await f.app().test(.router) { client in
            for list in ["/services", "/service_at_locations"] {
                let names = try await allContents(client, list, perPage: 1).map { ($0["name"] as? String) ?? (($0["service"] as? [String: Any])?["name"] as? String) ?? "" }
                #expect(!names.isEmpty)
                #expect(!names.contains("Confidential Partner Clinic") && !names.contains("Council Depot") && !names.contains("Safe House"))
            }
            let searched = try await client.call("/oruk/services?search=Confidential", key: f.officerKey)
            #expect(searched.object["total_items"] as? Int == 0, "a key does not widen /oruk")
            let near = try await client.call("/oruk/service_at_locations?postcode=M33%207AA&proximity=100")
            #expect((near.object["contents"] as? [[String: Any]] ?? []).allSatisfy { $0["service_id"] as? String != OpenReferralID.service(hidden) })
            expectProblem(try await client.call("/oruk/services/\(OpenReferralID.service(hidden))", key: f.partnerKey), .notFound)
            expectProblem(try await client.call("/oruk/service_at_locations/\(OpenReferralID.serviceAtLocation(hidden))"), .notFound)
            // Its category is not a term either: "advice" is, through the open service.
            let terms = try await allContents(client, "/taxonomy_terms").compactMap { $0["name"] as? String }
            #expect(terms.contains("advice") && !terms.contains("refuge"))
        }
    }

    /// Every service, service_at_location and term id, by name.
    static func ids(_ client: some TestClientProtocol) async throws -> [String: String] {
        var byName: [String: String] = [:]
        for item in try await allContents(client, "/services") { byName[item["name"] as? String ?? ""] = item["id"] as? String }
        for item in try await allContents(client, "/service_at_locations") {
            byName["at " + ((item["service"] as? [String: Any])?["name"] as? String ?? "")] = item["id"] as? String
        }
        for item in try await allContents(client, "/taxonomy_terms") { byName["term " + (item["name"] as? String ?? "")] = item["id"] as? String }
        return byName
    }

    @Test func idsStayTheSameAfterReimportAndRestart() async throws {
        let f = try Self.fixture()
        let before = try await f.app().test(.router) { client in try await Self.ids(client) }
        #expect(before.count == 5 + 4 + 6)
        // A newer version of the list: one phone changed, one row gone, one added.
        try Self.importCSV(f.store, name: "open-services", sharing: "open", kind: "service", csv: """
            id,name,description,organisation,categories,address,postcode,phone,email,website,opening_hours,updated
            s1,Sale Advice Drop-in,Free advice on benefits and debt,Citizens Advice Trafford,advice;debt,"2 School Road, Sale",M33 7AB,0161 000 0009,ADVICE@example.org,www.example.org/advice,Mon-Fri 9:00-17:00,2024-05-01
            s3,Sale Repair Cafe,,,repair,,M33 7AA,,,,,
            """)
        try f.store.refreshEntities(nil)
        // A new application over the same database is a restart: the id index starts empty.
        let after = try await f.app().test(.router) { client in try await Self.ids(client) }
        for (name, id) in before where !name.contains("Altrincham Lunch Club") && name != "term older people" {
            #expect(after[name] == id, "\(name): \(id) became \(after[name] ?? "nothing")")
        }
        #expect(after["Altrincham Lunch Club"] == nil && after["Sale Repair Cafe"] != nil)
        #expect(Set(after.values).count == after.count, "ids are unique")
    }

    @Test func postcodeAndProximityAreNearestFirstWithinTheRadius() async throws {
        let f = try Self.fixture()
        try await f.app().test(.router) { client in
            let wide = try await client.call("/oruk/service_at_locations?postcode=M33%207AB&proximity=10000")
            let names = (wide.object["contents"] as? [[String: Any]] ?? []).compactMap { ($0["service"] as? [String: Any])?["name"] as? String }
            // M33 7AB itself, M33 7AA ~130 m away, then WA14 1AA ~4.5 km away (name order breaks ties by entity).
            #expect(names.first == "Sale Advice Drop-in")
            #expect(Array(names.suffix(2)).sorted() == ["Altrincham Library", "Altrincham Lunch Club"])
            #expect(names.count == 4)
            let near = try await client.call("/oruk/service_at_locations?postcode=M33%207AB&proximity=1000")
            let nearNames = (near.object["contents"] as? [[String: Any]] ?? []).compactMap { ($0["service"] as? [String: Any])?["name"] as? String }
            #expect(nearNames == ["Sale Advice Drop-in", "Sale Food Bank"])
            #expect(near.object["total_items"] as? Int == 2)
        }
    }

    @Test func filtersByTermAndSearch() async throws {
        let f = try Self.fixture()
        try await f.app().test(.router) { client in
            let advice = OpenReferralID.taxonomyTerm("advice")
            let byTerm = try await client.call("/oruk/services?taxonomy_term_id=\(advice)")
            #expect((byTerm.object["contents"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Sale Advice Drop-in"])
            let unknownTerm = try await client.call("/oruk/services?taxonomy_term_id=\(UUID().uuidString)")
            #expect(unknownTerm.status == .ok && unknownTerm.object["total_items"] as? Int == 0 && unknownTerm.object["empty"] as? Bool == true)
            let searched = try await client.call("/oruk/service_at_locations?search=library")
            #expect((searched.object["contents"] as? [[String: Any]])?.compactMap { ($0["service"] as? [String: Any])?["name"] as? String } == ["Altrincham Library"])
            let recent = try await client.call("/oruk/services?modified_after=2024-02-01")
            #expect((recent.object["contents"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Sale Advice Drop-in"])
        }
    }

    @Test func unknownIdsAre404AndBadParametersAre400() async throws {
        let f = try Self.fixture()
        try await f.app().test(.router) { client in
            for path in ["services", "service_at_locations", "taxonomies", "taxonomy_terms"] {
                let unknown = try await client.call("/oruk/\(path)/\(UUID().uuidString.lowercased())")
                expectProblem(unknown, .notFound)
                #expect(unknown.headers[.accessControlAllowOrigin] == "*")
                expectProblem(try await client.call("/oruk/\(path)/12"), .notFound)
                expectProblem(try await client.call("/oruk/\(path)?page=0"), .badRequest, parameter: "page")
                expectProblem(try await client.call("/oruk/\(path)?page=two"), .badRequest, parameter: "page")
                expectProblem(try await client.call("/oruk/\(path)?per_page=5000"), .badRequest, parameter: "per_page")
            }
            for bad in ["abc", "-5", "0", "1e9"] {
                let r = try await client.call("/oruk/service_at_locations?postcode=M33%207AA&proximity=\(bad)")
                expectProblem(r, .badRequest, parameter: "proximity")
                #expect(r.headers[.accessControlAllowOrigin] == "*")
            }
            expectProblem(try await client.call("/oruk/service_at_locations?proximity=500"), .badRequest, parameter: "proximity")
            expectProblem(try await client.call("/oruk/service_at_locations?postcode=NOTAPOSTCODE"), .badRequest, parameter: "postcode")
            expectProblem(try await client.call("/oruk/services?taxonomy_term_id=food"), .badRequest, parameter: "taxonomy_term_id")
            expectProblem(try await client.call("/oruk/services?modified_after=yesterday"), .badRequest, parameter: "modified_after")
        }
    }

    @Test func theOpenAPIDocumentDescribesTheAnswers() async throws {
        let f = try Self.fixture()
        try await f.app().test(.router) { client in
            let doc = try await OpenAPITests.document(client)
            let validator = SchemaValidator(root: doc)
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            let service = try #require(try await allContents(client, "/services").first?["id"] as? String)
            let sal = try #require(try await allContents(client, "/service_at_locations").first?["id"] as? String)
            let term = try #require(try await allContents(client, "/taxonomy_terms").first?["id"] as? String)
            let cases: [(String, String)] = [
                ("/oruk/", "/oruk/"), ("/oruk/services", "/oruk/services?per_page=2&page=2"), ("/oruk/services", "/oruk/services?full=true"),
                ("/oruk/services/{id}", "/oruk/services/\(service)"),
                ("/oruk/service_at_locations", "/oruk/service_at_locations?postcode=M33%207AA&proximity=5000"),
                ("/oruk/service_at_locations/{id}", "/oruk/service_at_locations/\(sal)"), ("/oruk/taxonomies", "/oruk/taxonomies"),
                ("/oruk/taxonomies/{id}", "/oruk/taxonomies/\(OpenReferralID.taxonomy)"), ("/oruk/taxonomy_terms", "/oruk/taxonomy_terms"),
                ("/oruk/taxonomy_terms/{id}", "/oruk/taxonomy_terms/\(term)"),
            ]
            for (template, uri) in cases {
                let r = try await client.call(uri)
                #expect(r.status == .ok, "\(uri)")
                let operation = try #require(paths[template]?["get"] as? [String: Any], "\(template) is not documented")
                let response = try #require((operation["responses"] as? [String: Any])?["200"] as? [String: Any])
                let schema = try #require(((response["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
                let problems = validator.validate(try #require(r.json), against: schema)
                #expect(problems.isEmpty, "\(uri): \(problems.prefix(5))")
            }
        }
    }
}

@Suite("The schema validator reads the UK profile's schemas")
struct UKSchemaValidatorTests {
    @Test func formatsPatternsAndReferencesAcrossFiles() throws {
        let uk = try UKProfile()
        let good: [String: Any] = ["id": "ac148810-d857-441c-9679-408f346de14b", "name": "x", "status": "active"]
        #expect(try uk.problems(good, template: "/services/{id}").isEmpty)
        #expect(!(try uk.problems(["id": "not-a-uuid", "name": "x", "status": "active"], template: "/services/{id}")).isEmpty)
        #expect(!(try uk.problems(["id": good["id"]!, "name": "x", "status": "open"], template: "/services/{id}")).isEmpty)
        #expect(!(try uk.problems(good.merging(["email": "nobody"]) { $1 }, template: "/services/{id}")).isEmpty)
        #expect(!(try uk.problems(good.merging(["url": "example.org"]) { $1 }, template: "/services/{id}")).isEmpty)
        #expect(!(try uk.problems(good.merging(["last_modified": "2024-01-01"]) { $1 }, template: "/services/{id}")).isEmpty)
        #expect(try uk.problems(good.merging(["last_modified": "2024-01-01T10:00:00.5Z"]) { $1 }, template: "/services/{id}").isEmpty)
        // A Page (allOf with a local $ref) whose contents refer to a compiled file.
        let page: [String: Any] = ["total_items": 1, "total_pages": 1, "page_number": 1, "size": 1, "first_page": true, "last_page": true,
                                   "empty": false, "contents": [["id": "nope", "name": "x", "status": "active"]]]
        #expect(try uk.problems(page, template: "/services").count == 1)
        #expect(try uk.problems(page.merging(["first_page": "yes"]) { $1 }, template: "/services").count == 2)
        // Bare file names beside the others (schema/taxonomy.json refers to taxonomy_term.json).
        let taxonomy: [String: Any] = ["id": good["id"]!, "name": "t", "description": "d", "taxonomy_terms": [["id": good["id"]!, "name": "n"]]]
        #expect(try uk.problems(taxonomy, template: "/taxonomies/{id}") == ["$.taxonomy_terms[0]: missing required 'description'"])
        let v = SchemaValidator(root: [:])
        #expect(v.validate("ab1", against: ["pattern": "^[a-z]+$"]).count == 1)
        #expect(v.validate("2024-02-30", against: ["format": "date"]).isEmpty)  // the shape, not the calendar
        #expect(v.validate("2024-13-01", against: ["format": "date"]).count == 1)
    }
}

/// The real borough for the Open Referral tests: postcodes, wards, all 20 lists with their profiles, and the council's
/// partners-only asset register imported a second time as services (so "never shown" is about sharing, not kind).
enum ORUKBorough {
    struct Built: Sendable {
        var store: AssetMapStore
        /// Entities of the partners-only copy of the register.
        var partnersOnly: [Int64]
    }

    static let partnersSource = "council-assets-as-services"
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-oruk-tests-\(UUID().uuidString)")
    static let shared = BuiltOnce<Built> { try build() }

    static func get(sourceLocation: SourceLocation = #_sourceLocation) async throws -> Built {
        do {
            return try await shared.value
        } catch {
            Issue.record("building the Trafford database failed: \(error)", sourceLocation: sourceLocation)
            throw error
        }
    }

    static func loadGeography(into store: AssetMapStore) throws {
        let geography = ORUKPaths.trafford.appendingPathComponent("geography")
        _ = try PostcodeFile(path: try ORUKPaths.require(geography.appendingPathComponent("postcodes.csv")).path).load(into: store)
    }

    static func build() throws -> Built {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: ORUKBorough.folder) }
        let store = try AssetMapStore.open(path: folder.appendingPathComponent("trafford.sqlite").path, create: true)
        try loadGeography(into: store)
        let wards = try ORUKPaths.require(ORUKPaths.trafford.appendingPathComponent("geography/boundaries/wards_2023.geojson"))
        _ = try AreaFile(path: wards.path, layer: "ward", codeField: "area_code", nameField: "area_name").load(into: store)
        let lists = ORUKPaths.trafford.appendingPathComponent("lists")
        let files = try FileManager.default.contentsOfDirectory(atPath: lists.path)
        let profiles = try FileManager.default.contentsOfDirectory(atPath: ORUKPaths.profiles.path).filter { $0.hasSuffix(".profile.json") }.sorted()
        try #require(profiles.count == 20, "profiles: \(profiles.count)")
        var register: (String, ImportProfile)?
        for name in profiles {
            let stem = String(name.dropLast(".profile.json".count))
            let list = try #require(files.first { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent == stem }, "no list for \(name)")
            let profile = try ImportProfile.load(path: ORUKPaths.profiles.appendingPathComponent(name).path)
            let path = lists.appendingPathComponent(list).path
            _ = try Importer(store: store, logger: Fixture.quiet).run(path: path, profile: profile)
            if profile.source.sharing == .partners { register = (path, profile) }
        }
        let (path, original) = try #require(register, "the council's asset register (shared partners) is not among the profiles")
        var copy = original
        copy.source.name = partnersSource
        copy.kind = .service
        _ = try Importer(store: store, logger: Fixture.quiet).run(path: path, profile: copy)
        let partnersOnly = try store.writer.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT DISTINCT re.entity_id FROM record r JOIN source s ON s.id = r.source_id JOIN record_entity re ON re.record_id = r.id
                WHERE s.name = ? AND r.status = 'active'
                """, arguments: [partnersSource])
        }
        return Built(store: store, partnersOnly: partnersOnly)
    }

    static func app(_ store: AssetMapStore) -> some ApplicationProtocol {
        buildApplication(configuration: ServerConfiguration(), store: store, logger: Fixture.quiet)
    }
}

@Suite("Open Referral UK on the real borough", .serialized)
struct OpenReferralTraffordTests {
    @Test func passesTheOfficialChecksOnEveryPath() async throws {
        let built = try await ORUKBorough.get()
        try await ORUKBorough.app(built.store).test(.router) { client in
            let run = try await ComplianceRun.run(client, perPage: 50, idsPerPage: 5)
            #expect(run.problems.isEmpty, "\(run.problems.count) problems:\n\(run.problems.prefix(15).joined(separator: "\n"))")
            let services = run.totals["/services"] ?? 0, located = run.totals["/service_at_locations"] ?? 0
            #expect(services > 800, "open services and organisations: \(services)")
            #expect(located > services / 2 && located <= services)
            #expect((run.totals["/taxonomy_terms"] ?? 0) > 10)
            #expect(run.pagesChecked["/services"]?.count == 3)
            #expect(run.seconds / Double(run.requests) < 5, "average answer \(run.seconds / Double(run.requests)) s")
            print("ORUK compliance on Trafford: \(run.requests) requests, \(services) services, \(located) service_at_locations, \(run.totals["/taxonomy_terms"] ?? 0) terms, pages \(run.pagesChecked), ids \(run.idsChecked), average \(String(format: "%.1f", run.seconds / Double(run.requests) * 1000)) ms")
        }
    }

    @Test func thePartnersOnlyRegisterNeverAppears() async throws {
        let built = try await ORUKBorough.get()
        #expect(built.partnersOnly.count > 300, "the register's services: \(built.partnersOnly.count)")
        let hidden = Set(built.partnersOnly.map(OpenReferralID.service))
        let hiddenLocations = Set(built.partnersOnly.map(OpenReferralID.serviceAtLocation))
        try await ORUKBorough.app(built.store).test(.router) { client in
            let services = try await allContents(client, "/services")
            #expect(services.count > 800)
            #expect(services.allSatisfy { !hidden.contains($0["id"] as? String ?? "") })
            let located = try await allContents(client, "/service_at_locations")
            #expect(located.allSatisfy { !hiddenLocations.contains($0["id"] as? String ?? "") && !hidden.contains($0["service_id"] as? String ?? "") })
            for id in built.partnersOnly.prefix(5) {
                expectProblem(try await client.call("/oruk/services/\(OpenReferralID.service(id))"), .notFound)
            }
            // Searching for the register's own names finds none of its rows.
            for id in built.partnersOnly.prefix(5) {
                let name = try #require(try built.store.entityDetail(id: id, visibility: .restricted)?.members.first?.record.fields["name"])
                let query = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let found = try await allContents(client, "/services", query: "&search=\(query)")
                #expect(found.allSatisfy { !hidden.contains($0["id"] as? String ?? "") }, "\(name) is shown")
            }
        }
    }

    @Test func postcodeAndProximityAreNearestFirstWithinTheRadius() async throws {
        let built = try await ORUKBorough.get()
        let centre = try #require(try built.store.lookupPostcode("WA14 1AH"), "WA14 1AH (Altrincham Library) is not in the postcode table")
        let radius = 1500.0
        try await ORUKBorough.app(built.store).test(.router) { client in
            // Everything, with distances worked out here.
            let all = try await allContents(client, "/service_at_locations")
            var expectedInside: Set<String> = [], mayBeInside: Set<String> = []
            for item in all {
                guard let location = item["location"] as? [String: Any], let lat = location["latitude"] as? Double, let lon = location["longitude"] as? Double,
                    let id = item["id"] as? String
                else { continue }
                let d = haversine(centre.lat, centre.lon, lat, lon)
                if d <= radius * 0.995 { expectedInside.insert(id) }
                if d <= radius * 1.005 { mayBeInside.insert(id) }
            }
            #expect(expectedInside.count >= 5, "a town centre has services within \(radius) m: \(expectedInside.count)")
            let near = try await allContents(client, "/service_at_locations", query: "&postcode=WA14%201AH&proximity=\(Int(radius))", perPage: 20)
            let ids = near.compactMap { $0["id"] as? String }
            #expect(expectedInside.isSubset(of: Set(ids)), "missing \(expectedInside.subtracting(ids).count)")
            #expect(Set(ids).isSubset(of: mayBeInside), "beyond the radius: \(Set(ids).subtracting(mayBeInside).count)")
            let distances = near.compactMap { item -> Double? in
                guard let l = item["location"] as? [String: Any], let lat = l["latitude"] as? Double, let lon = l["longitude"] as? Double else { return nil }
                return haversine(centre.lat, centre.lon, lat, lon)
            }
            #expect(distances.count == near.count, "every answer has a point")
            #expect(zip(distances, distances.dropFirst()).allSatisfy { $0 <= $1 * 1.005 + 1 }, "nearest first")
            // The library has its own coordinates a few tens of metres from the postcode's centre.
            let nearest = near.prefix(10).compactMap { ($0["service"] as? [String: Any])?["name"] as? String }
            #expect(nearest.contains("Altrincham Library"), "\(nearest)")
        }
    }

    /// Export our own services as a feed, import the feed as a source of a fresh database, and compare.
    @Test func aRoundTripThroughAFeedKeepsTheServices() async throws {
        let built = try await ORUKBorough.get()
        let feed = try await ORUKBorough.app(built.store).test(.router) { client -> Data in
            var pages: [Any] = []
            var page = 1
            while true {
                let r = try await client.call("/oruk/services?full=true&per_page=100&page=\(page)")
                try #require(r.status == .ok)
                pages.append(try #require(r.json))
                if r.object["last_page"] as? Bool ?? true { break }
                page += 1
            }
            return try JSONSerialization.data(withJSONObject: pages)
        }
        let pages = try #require(try JSONSerialization.jsonObject(with: feed) as? [[String: Any]])
        let original = pages.flatMap { $0["contents"] as? [[String: Any]] ?? [] }
        try #require(original.count > 800, "exported \(original.count) services")
        let file = ORUKBorough.folder.appendingPathComponent("trafford-feed.json")
        try feed.write(to: file)
        let fresh = try AssetMapStore.inMemory()
        try ORUKBorough.loadGeography(into: fresh)
        let profile = try ImportProfile.parse(Data(#"{"source": {"name": "trafford-feed", "sharing": "open"}, "format": "oruk"}"#.utf8))
        let report = try Importer(store: fresh, logger: Fixture.quiet).run(path: file.path, profile: profile)
        #expect(report.read == original.count && report.added == original.count && report.rejected.isEmpty, "read \(report.read) of \(original.count)")
        let unlocatedBefore = original.filter { service in
            let location = ((service["service_at_locations"] as? [[String: Any]])?.first?["location"] as? [String: Any])
            return location?["latitude"] == nil && location?["description"] == nil
        }.count
        #expect(report.unlocated == unlocatedBefore, "unlocated \(report.unlocated), before \(unlocatedBefore)")
        let copyData = try await ORUKBorough.app(fresh).test(.router) { client in
            try JSONSerialization.data(withJSONObject: try await allContents(client, "/services", query: "&full=true"))
        }
        let copy = try #require(try JSONSerialization.jsonObject(with: copyData) as? [[String: Any]])
        #expect(copy.count == original.count)
        // Named services, compared field by field (a name may repeat across charities: key by name and postcode).
        func key(_ s: [String: Any]) -> String {
            let location = (s["service_at_locations"] as? [[String: Any]])?.first?["location"] as? [String: Any]
            return "\(s["name"] ?? "") @ \(((location?["addresses"] as? [[String: Any]])?.first?["postal_code"] as? String) ?? "-")"
        }
        let byKey = Dictionary(copy.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let repeated = Dictionary(grouping: original, by: key).filter { $0.value.count > 1 }.keys
        let names = ["Altrincham Library", "Age UK Trafford", "Sale Library"]
        let picked = (original.filter { names.contains($0["name"] as? String ?? "") } + [original[0], original[original.count / 2], original[original.count - 1]])
            .filter { !repeated.contains(key($0)) }
        #expect(picked.count >= 4)
        #expect(Set(byKey.keys) == Set(original.map(key)), "the same services, by name and postcode")
        for service in picked {
            let k = key(service)
            let twin = try #require(byKey[k], "\(k) did not survive the round trip")
            for field in ["name", "description", "email", "url"] {
                #expect(twin[field] as? String == service[field] as? String, "\(k): \(field)")
            }
            func terms(_ s: [String: Any]) -> Set<String> {
                Set((s["attributes"] as? [[String: Any]] ?? []).compactMap { ($0["taxonomy_term"] as? [String: Any])?["name"] as? String })
            }
            #expect(terms(twin) == terms(service), "\(k): categories")
            func phone(_ s: [String: Any]) -> String? {
                ((s["contacts"] as? [[String: Any]])?.first?["phones"] as? [[String: Any]])?.first?["number"] as? String
            }
            #expect(phone(twin) == phone(service), "\(k): phone")
            func point(_ s: [String: Any]) -> [Double] {
                let l = (s["service_at_locations"] as? [[String: Any]])?.first?["location"] as? [String: Any]
                return [l?["latitude"] as? Double, l?["longitude"] as? Double].compactMap { $0 }
            }
            #expect(zip(point(twin), point(service)).allSatisfy { abs($0.0 - $0.1) < 1e-6 } && point(twin).count == point(service).count, "\(k): point")
            #expect(((twin["organization"] as? [String: Any])?["name"] as? String) != nil || service["organization"] == nil, "\(k): organisation")
        }
    }
}
