import AssetMapCore
import AssetMapIngest
import AssetMapServer
import AssetMapStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Personal data in an open source: a named contact (restricted by the profile) and the home address of a group that
/// meets in someone's house (flagged per record). The public never sees either, on any path; partners see both.
@Suite("Personal data is masked in public output")
struct PersonalDataTests {
    static let groupsCSV = """
        id,name,contact,address,postcode,meets_at_home,categories
        h1,Knit and Natter,Jane Smith,12 Acacia Avenue,M33 7AB,yes,craft
        h2,Sale Rotary,Bob Jones,Sale Town Hall,M33 7AA,no,civic
        """
    static let profile = """
        {"source": {"name": "community-groups", "sharing": "open", "trust": 0.7},
         "kind": "organisation", "key": "id",
         "fields": {"name": "name", "contact_name": "contact", "address": "address", "postcode": "postcode",
                    "address_is_private": "meets_at_home", "categories": "categories"},
         "restricted_fields": ["contact_name"]}
        """
    /// Postcodes: the home's own (a house-level point) and two others in its sector, so the sector's centre is elsewhere.
    static let points: [(String, Double, Double)] = [
        ("M33 7AB", 53.4250, -2.3210), ("M33 7AA", 53.4240, -2.3220), ("M33 7BD", 53.4300, -2.3300), ("M33 6AA", 53.4100, -2.3100),
    ]
    static let personal = ["Jane Smith", "Bob Jones", "Acacia", "M33 7AB", "meets_at_home", "private_fields", "contact_name"]

    struct Setup {
        let store: AssetMapStore
        let partnerKey: String
        let home: Int64
        let rotary: Int64
    }

    static func setup() throws -> Setup {
        let store = try AssetMapStore.inMemory()
        try store.loadPostcodes { add in
            for (postcode, lat, lon) in points {
                let p = Postcode(postcode)!
                try add(PostcodeEntry(postcode: p.formatted, sector: p.sector, district: p.district, coordinate: Coordinate(lat: lat, lon: lon), areas: []))
            }
        }
        _ = try store.replaceAreaLayer("ward", codeField: "code", nameField: "name", file: "wards.geojson") { add in
            try add(AreaFeature(code: "E05000001", name: "Sale Central", geometryJSON: Fixture.square(-2.34, 53.41, -2.30, 53.44), origin: "feature 1"))
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-personal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("groups.csv").path
        try Data(groupsCSV.utf8).write(to: URL(fileURLWithPath: path))
        _ = try Importer(store: store, logger: Fixture.quiet).run(path: path, profile: try ImportProfile.parse(Data(profile.utf8)))
        let partnerKey = try APIKeys(store: store).create(role: .partner).key
        return Setup(
            store: store, partnerKey: partnerKey,
            home: try #require(try store.recordRef(source: "community-groups", key: "h1").entityID),
            rotary: try #require(try store.recordRef(source: "community-groups", key: "h2").entityID))
    }

    static var publicURIs: [String] {
        [
            "/v1/search?per_page=100", "/v1/search?per_page=100&format=geojson", "/v1/search?q=knit", "/v1/search?q=jane",
            "/v1/search?q=acacia", "/v1/search?near=M33%207AB&radius=2000", "/v1/search?category=craft", "/v1/areas/E05000001/profile",
            "/v1/gaps?category=craft&layer=ward", "/v1/export?format=entities", "/v1/export?format=geojson", "/v1/export?format=links",
        ]
    }

    @Test func thePublicSeesNoContactNameAndNoHomeAddress() async throws {
        let s = try Self.setup()
        var config = ServerConfiguration(maxBodyBytes: 64 * 1024)
        config.rateLimit = nil
        try await buildApplication(configuration: config, store: s.store, logger: Fixture.quiet).test(.router) { client in
            for uri in Self.publicURIs + ["/v1/entities/\(s.home)", "/v1/entities/\(s.rotary)"] {
                let r = try await client.call(uri)
                #expect(r.status == .ok, "\(uri): \(r.status)")
                for word in Self.personal where r.text.contains(word) {
                    Issue.record("the public sees '\(word)' in \(uri): \(r.text.prefix(500))")
                }
            }
            // Searching for the person finds nothing publicly.
            #expect(try await client.call("/v1/search?q=jane%20smith").object["total"] as? Int == 0)
            #expect(try await client.call("/v1/search?q=acacia").object["total"] as? Int == 0)

            // The group is still listed: by name, with its sector and an approximate point at the sector's centre.
            let found = try await client.call("/v1/search?q=knit").array("results")
            let group = try #require(found.first { $0["name"] as? String == "Knit and Natter" }, "the group itself stays public")
            #expect(group["postcode"] as? String == "M33 7")
            #expect(group["address"] == nil || group["address"] is NSNull, "\(group)")
            let lat = try #require(group["lat"] as? Double), lon = try #require(group["lon"] as? Double)
            let sector = Self.points.filter { $0.0.hasPrefix("M33 7") }
            let centre = (sector.map(\.1).reduce(0, +) / Double(sector.count), sector.map(\.2).reduce(0, +) / Double(sector.count))
            #expect(abs(lat - centre.0) < 1e-6 && abs(lon - centre.1) < 1e-6, "public point \(lat),\(lon); sector centre \(centre)")
            #expect(abs(lat - 53.4250) > 1e-4 || abs(lon + 2.3210) > 1e-4, "the public point is the house's own")

            let entity = try await client.call("/v1/entities/\(s.home)").object
            #expect(entity["location_precision"] as? String == "sector")
            // A group that does not meet at home keeps its (public) address; only the named contact goes.
            let rotary = try await client.call("/v1/entities/\(s.rotary)").object
            #expect(rotary["address"] as? String == "Sale Town Hall")
            #expect(rotary["location_precision"] as? String == "postcode")
        }
    }

    @Test func partnersSeeThePersonalData() async throws {
        let s = try Self.setup()
        try await buildApplication(configuration: ServerConfiguration(), store: s.store, logger: Fixture.quiet).test(.router) { client in
            let home = try await client.call("/v1/entities/\(s.home)", key: s.partnerKey)
            #expect(home.text.contains("Jane Smith") && home.text.contains("12 Acacia Avenue"), "\(home.text.prefix(400))")
            #expect(home.object["location_precision"] as? String == "postcode")
            let search = try await client.call("/v1/search?q=acacia", key: s.partnerKey)
            #expect(search.object["total"] as? Int == 1, "\(search.text.prefix(300))")
            let export = try await client.call("/v1/export?format=entities", key: s.partnerKey)
            #expect(export.text.contains("12 Acacia Avenue") && export.text.contains("M33 7AB"))
        }
    }

    @Test func theProfileSaysWhichFieldsAreRestricted() throws {
        let parsed = try ImportProfile.parse(Data(Self.profile.utf8))
        #expect(parsed.restrictedFields == [.contactName])
        #expect(throws: IngestError.self) {
            try ImportProfile.parse(Data(Self.profile.replacingOccurrences(of: "[\"contact_name\"]", with: "[\"colour\"]").utf8))
        }
        #expect(throws: IngestError.self) {
            try ImportProfile.parse(Data(Self.profile.replacingOccurrences(of: "[\"contact_name\"]", with: "[\"name\"]").utf8))
        }
        #expect(throws: IngestError.self) {
            try ImportProfile.parse(Data(Self.profile.replacingOccurrences(of: "[\"contact_name\"]", with: "\"contact_name\"").utf8))
        }
    }

    @Test func maskingRules() {
        let home: [String: String] = [
            "name": "Knit", "address": "12 Acacia Avenue", "postcode": "M33 7AB", "lat": "53.4", "lon": "-2.3", "uprn": "123",
            "contact_name": "Jane", "address_is_private": "yes", "private_fields": "contact_name", "phone": "+441610000000",
        ]
        let masked = PersonalData.masked(home)
        #expect(masked == ["name": "Knit", "postcode": "M33 7", "phone": "+441610000000"])
        #expect(PersonalData.masked(["name": "Hall", "address": "1 Road"]) == ["name": "Hall", "address": "1 Road"])
        #expect(PersonalData.privateFields(restricted: ["address"], addressIsPrivate: false).contains("lat"))
        #expect(!PersonalData.privateFields(restricted: ["contact_name", "name"], addressIsPrivate: false).contains("name"))
        for yes in ["yes", "Y", "TRUE", "1", " x "] { #expect(PersonalData.isTruthy(yes), "\(yes)") }
        for no in ["no", "", "0", "false", "maybe"] { #expect(!PersonalData.isTruthy(no), "\(no)") }
    }
}
