import AssetMapCore
import AssetMapIngest
import AssetMapStore
import Foundation
import Testing

/// Importing another directory's Open Referral feed as a source (`"format": "oruk"`).
@Suite("Open Referral feeds")
struct OpenReferralFeedTests {
    static let profileJSON = #"{"source": {"name": "other-directory", "sharing": "open", "trust": 0.6}, "format": "oruk"}"#

    @Test func eachServiceAtEachLocationIsARecord() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        let profile = try Fixture.profile(json: Self.profileJSON)
        #expect(profile.kind == .service && profile.key == ["key"])
        let report = try Importer(store: store).run(path: Paths.fixture("oruk_feed.json"), profile: profile)
        #expect(report.read == 3 && report.added == 3 && report.rejected.isEmpty, "\(report.rejected)")
        #expect(report.unlocated == 1, "the helpline has no location")
        #expect(report.located == ["exact": 1, "postcode": 1])
        let records = try store.recordViews(source: "other-directory")
        let pantryID = "0b6a4a3e-8d0f-4f43-9a59-2a3f0c1d5e01"
        #expect(Set(records.keys) == ["\(pantryID)@1c1c1c1c-7777-4c7c-8c7c-000000000001", "\(pantryID)@1c1c1c1c-7777-4c7c-8c7c-000000000002",
                                      "0b6a4a3e-8d0f-4f43-9a59-2a3f0c1d5e02"])
        let hall = try #require(records["\(pantryID)@1c1c1c1c-7777-4c7c-8c7c-000000000001"])
        #expect(hall.fields["name"] == "Sale Community Pantry")
        #expect(hall.fields["description"] == "Low-cost food for members, twice a week.")
        #expect(hall.fields["organisation"] == "Sale Churches Together")
        #expect(hall.fields["charity_number"] == Normalise.charityNumber("1012345").value)
        #expect(hall.fields["email"] == "hello@salepantry.example.org")
        #expect(hall.fields["website"] == Normalise.website("http://www.salepantry.example.org/").value)
        #expect(hall.fields["phone"] == "+441619001234")
        #expect(hall.categorySet == ["food bank", "community cafe"])
        #expect(hall.fields["opening_hours"] == "MO,WE 10:00–12:00")
        #expect(hall.fields["updated"] == "2024-04-10")
        #expect(hall.fields["address"] == "1 Church Lane, Sale" && hall.fields["town"] == "Sale" && hall.fields["postcode"] == "M33 7AB")
        #expect(hall.fields["uprn"] == "100011223344")
        #expect(hall.point == Coordinate(lat: 53.4211, lon: -2.3195) && hall.precision == .exact)
        // No coordinates: the postcode (normalised) places it.
        let methodist = try #require(records["\(pantryID)@1c1c1c1c-7777-4c7c-8c7c-000000000002"])
        #expect(methodist.fields["postcode"] == "WA14 1AH" && methodist.precision == .postcode)
        #expect(methodist.point == (try Fixture.postcodePoints())["WA14 1AH"])
        let helpline = try #require(records["0b6a4a3e-8d0f-4f43-9a59-2a3f0c1d5e02"])
        #expect(helpline.fields["phone"] == "+441619005678" && helpline.fields["opening_hours"] == "Weekdays 9am to 5pm")
        #expect(helpline.fields["updated"] == "2023-12-01" && helpline.point == nil && helpline.fields["organisation"] == nil)
        // The same feed again changes nothing.
        let again = try Importer(store: store).run(path: Paths.fixture("oruk_feed.json"), profile: profile)
        #expect(again.unchanged == 3 && again.added == 0 && again.withdrawn == 0)
    }

    @Test func aPlainArrayOfServicesOrSeveralSavedPagesAlsoRead() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let feed = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Paths.fixture("oruk_feed.json")))) as? [String: Any]
        let services = try #require(feed?["contents"] as? [[String: Any]])
        let array = try dir.write("array.json", String(decoding: try JSONSerialization.data(withJSONObject: services), as: UTF8.self))
        let pages = try dir.write("pages.json", String(decoding: try JSONSerialization.data(withJSONObject: [feed!, ["contents": [services[1]]]]), as: UTF8.self))
        let profile = try Fixture.profile(json: Self.profileJSON)
        let store = try AssetMapStore.testStore()
        #expect(try Importer(store: store).run(path: array, profile: profile).read == 3)
        // Two saved pages: the helpline twice (same key) is kept once more under a suffixed key, with a warning.
        let report = try Importer(store: store).run(path: pages, profile: profile)
        #expect(report.read == 4 && report.warnings.contains { $0.field == "key" })
    }

    @Test func whatIsNotAFeedSaysSo() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("not-a-feed.json", #"{"type": "FeatureCollection", "features": []}"#)
        let store = try AssetMapStore.testStore()
        #expect(throws: IngestError.self) { try Importer(store: store).run(path: path, profile: try Fixture.profile(json: Self.profileJSON)) }
        let wrong = try dir.write("strings.json", #"["a", "b"]"#)
        do {
            _ = try Importer(store: store).run(path: wrong, profile: try Fixture.profile(json: Self.profileJSON))
            Issue.record("an array of strings imported")
        } catch let error as IngestError {
            #expect(error.description.contains("element 1 is not an object"), "\(error)")
        }
        // Fields a profile maps itself win over the feed's defaults.
        let profile = try Fixture.profile(json: #"{"source": "x", "format": "oruk", "kind": "organisation", "fields": {"name": "organisation"}}"#)
        #expect(profile.kind == .organisation && profile.fields[.name] == .column("organisation") && profile.fields[.postcode] == .column("postcode"))
    }
}
