import AssetMapCore
import AssetMapIngest
import AssetMapServer
import AssetMapStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// A small directory: three sources shared open / partners / restricted, three postcodes, one ward layer, and a key
/// of every role. Built fresh for each test (in memory, a few tens of milliseconds).
struct Fixture {
    let store: AssetMapStore
    let partnerKey: String
    let officerKey: String
    let adminKey: String
    let revokedKey: String

    static let groupsCSV = """
        id,name,categories,address,postcode,phone
        g1,Sale Food Bank,food bank,1 School Road,M33 7AA,0161 000 0001
        g2,Altrincham Library,library,Stamford New Road,WA14 1AA,
        g3,Youth Club Without A Home,youth club,,,
        """
    static let estateCSV = """
        id,name,owner,occupancy,floor_area_m2,running_cost_gbp,postcode
        p1,Council Depot,Trafford Council,vacant,500,20000,M33 7AB
        p2,Sale Health Centre,NHS,owner occupied,300,15000,M33 7AA
        """
    static let restrictedCSV = """
        id,name,categories,postcode
        r1,Safe House,refuge,M33 7AB
        """

    static func profile(_ name: String, sharing: String, kind: String, fields: [String: String]) -> String {
        let mapped = fields.map { "\"\($0.key)\": \"\($0.value)\"" }.sorted().joined(separator: ", ")
        return """
            {"source": {"name": "\(name)", "title": "\(name) list", "publisher": "Test", "licence": "OGL-3.0", "sharing": "\(sharing)",
                        "trust": 0.8, "as_of": "2024-01-01"},
             "kind": "\(kind)", "key": "id", "fields": {\(mapped)}}
            """
    }

    static let groupsProfile = profile(
        "groups", sharing: "open", kind: "organisation",
        fields: ["name": "name", "categories": "categories", "address": "address", "postcode": "postcode", "phone": "phone"])
    static let estateProfile = profile(
        "partner-estate", sharing: "partners", kind: "place",
        fields: ["name": "name", "owner": "owner", "occupancy": "occupancy", "floor_area_m2": "floor_area_m2",
                 "running_cost_gbp": "running_cost_gbp", "postcode": "postcode"])
    static let restrictedProfile = profile(
        "safeguarding", sharing: "restricted", kind: "service", fields: ["name": "name", "categories": "categories", "postcode": "postcode"])

    static func square(_ lon0: Double, _ lat0: Double, _ lon1: Double, _ lat1: Double) -> String {
        "{\"type\":\"Polygon\",\"coordinates\":[[[\(lon0),\(lat0)],[\(lon1),\(lat0)],[\(lon1),\(lat1)],[\(lon0),\(lat1)],[\(lon0),\(lat0)]]]}"
    }

    init() throws {
        let store: AssetMapStore
        do {
            store = try AssetMapStore.inMemory()
        } catch {
            Issue.record("cannot open an in-memory store (is libsqlite3-mod-spatialite installed?): \(error)")
            throw error
        }
        self.store = store
        try store.loadPostcodes { add in
            for (postcode, lat, lon) in [("M33 7AA", 53.4240, -2.3220), ("M33 7AB", 53.4250, -2.3210), ("WA14 1AA", 53.3870, -2.3500)] {
                let p = Postcode(postcode)!
                try add(PostcodeEntry(postcode: p.formatted, sector: p.sector, district: p.district, coordinate: Coordinate(lat: lat, lon: lon), areas: []))
            }
        }
        _ = try store.replaceAreaLayer("ward", codeField: "code", nameField: "name", file: "wards.geojson") { add in
            try add(AreaFeature(code: "E05000001", name: "Sale Central", geometryJSON: Self.square(-2.34, 53.41, -2.30, 53.44), origin: "feature 1"))
            try add(AreaFeature(code: "E05000002", name: "Altrincham", geometryJSON: Self.square(-2.37, 53.37, -2.33, 53.40), origin: "feature 2"))
        }
        _ = try store.setPopulation(["E05000001": 10_000, "E05000002": 8_000], layer: "ward")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, csv, profile) in [("groups.csv", Self.groupsCSV, Self.groupsProfile), ("estate.csv", Self.estateCSV, Self.estateProfile),
                                     ("restricted.csv", Self.restrictedCSV, Self.restrictedProfile)] {
            let path = dir.appendingPathComponent(name).path
            try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
            _ = try Importer(store: store, logger: Self.quiet).run(path: path, profile: try ImportProfile.parse(Data(profile.utf8)))
        }
        let keys = APIKeys(store: store)
        partnerKey = try keys.create(role: .partner).key
        officerKey = try keys.create(role: .officer).key
        adminKey = try keys.create(role: .admin).key
        let revoked = try keys.create(role: .officer)
        try store.revokeAPIKey(id: revoked.id)
        revokedKey = revoked.key
    }

    func app(_ configuration: ServerConfiguration = ServerConfiguration(maxBodyBytes: 64 * 1024)) -> some ApplicationProtocol {
        buildApplication(configuration: configuration, store: store, logger: Self.quiet)
    }

    /// Tests do not bootstrap logging; they log nothing.
    static let quiet = Logger(label: "assetmap.tests", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The entity id of a record, by source and key.
    func entityID(_ source: String, _ key: String) throws -> Int64 {
        try #require(try store.recordRef(source: source, key: key).entityID)
    }
}

/// A response with its body parsed.
struct Reply {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String

    var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }

    func array(_ key: String) -> [[String: Any]] { object[key] as? [[String: Any]] ?? [] }
}

extension TestClientProtocol {
    func call(
        _ uri: String, method: HTTPRequest.Method = .get, key: String? = nil, headers: HTTPFields = [:], body: String? = nil
    ) async throws -> Reply {
        var headers = headers
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }
}

/// Checks a problem+json answer: status, content type, the RFC 9457 members, and the parameter named.
func expectProblem(
    _ reply: Reply, _ status: HTTPResponse.Status, parameter: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
    #expect(reply.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
    let o = reply.object
    #expect(o["type"] is String && o["title"] is String && o["detail"] is String, "\(reply.text)", sourceLocation: sourceLocation)
    #expect(o["status"] as? Int == status.code, sourceLocation: sourceLocation)
    if let parameter { #expect(o["parameter"] as? String == parameter, "\(reply.text)", sourceLocation: sourceLocation) }
}
