import AssetMapCore
import AssetMapIngest
import AssetMapStore
import Foundation
import Testing

/// How a profile's mappings fill canonical fields: column lists, templates, constants, null markers.
@Suite("Field mapping")
struct MappingTests {
    static func importHalls() throws -> (ImportReport, [String: RecordView]) {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        let report = try Importer(store: store).run(
            path: Paths.fixture("address_template.csv"), profile: try Fixture.profile("address_template.profile.json"))
        return (report, try store.recordViews(source: "halls"))
    }

    @Test func everyRowIsImported() throws {
        let (report, records) = try Self.importHalls()
        #expect(report.read == 4)
        #expect(report.added == 4)
        #expect(report.rejected.isEmpty)
        #expect(Set(records.keys) == ["R1", "R2", "R3", "R4"])
    }

    @Test func listOfColumnsJoinsNonEmptyPartsWithCommas() throws {
        let (_, records) = try Self.importHalls()
        #expect(records["R1"]?.fields["address"] == "12, High Street, Sale")
        #expect(records["R2"]?.fields["address"] == "Church Road, Sale", "an empty street number is skipped, not joined as ', '")
        #expect(records["R3"]?.fields["address"] == nil, "all parts empty: no address at all")
        #expect(records["R4"]?.fields["address"] == "5, Altrincham", "a blank (spaces only) part is skipped")
    }

    @Test func templatesFillPlaceholdersAndCollapseWhitespace() throws {
        let (_, records) = try Self.importHalls()
        #expect(records["R1"]?.fields["street"] == "12 High Street")
        #expect(records["R2"]?.fields["street"] == "Church Road", "an empty placeholder leaves no stray space")
        #expect(records["R3"]?.fields["street"] == nil, "a template whose placeholders are all empty yields nothing")
        #expect(records["R4"]?.fields["street"] == "5")
        #expect(records["R1"]?.fields["description"] == "Open: Mon 9-5")
        #expect(records["R4"]?.fields["description"] == "Open: Tue 10-2")
        #expect(records["R2"]?.fields["description"] == nil, "'Not known' is a null, so the template is empty, not 'Open: '")
    }

    @Test func setCategoriesCombineWithTheColumnsCategories() throws {
        let (_, records) = try Self.importHalls()
        #expect(records["R1"]?.categorySet == ["cricket", "tennis", "sports club"])
        #expect(records["R2"]?.categorySet == ["football", "sports club"])
        #expect(records["R3"]?.categorySet == ["sports club"], "NA in the column: only the constant")
        #expect(records["R4"]?.categorySet == ["bowls", "football", "sports club"])
    }

    @Test func setConstantsFillUnmappedFields() throws {
        let (_, records) = try Self.importHalls()
        for key in ["R1", "R2", "R3", "R4"] {
            #expect(records[key]?.fields["owner"] == "Test Borough Council", "\(key)")
            #expect(records[key]?.fields["kind"] == "place", "\(key)")
        }
        #expect(records["R1"]?.fields["town"] == "Sale")
    }

    @Test func nullMarkersBecomeEmptyWithoutWarningsAndOtherValuesAreKept() throws {
        let (report, records) = try Self.importHalls()
        #expect(records["R2"]?.fields["opening_hours"] == nil, "'Not known' is in the profile's null_values")
        #expect(records["R2"]?.fields["phone"] == nil)
        #expect(records["R3"]?.fields["phone"] == nil, "'NA' is in the profile's null_values")
        #expect(records["R3"]?.fields["opening_hours"] == "CLOSED", "a real value that is not a listed null is kept")
        #expect(records["R1"]?.fields["opening_hours"] == "Mon 9-5")
        #expect(report.warnings.isEmpty, "null markers are not bad values: \(report.warnings)")
        let phone = try #require(records["R1"]?.fields["phone"])
        #expect(phone.filter(\.isNumber).hasSuffix("1614960000"))
    }

    @Test func postcodesAreNormalisedAndGeocoded() throws {
        let (_, records) = try Self.importHalls()
        #expect(records["R1"]?.fields["postcode"] == "M33 7AB")
        #expect(records["R4"]?.fields["postcode"] == "WA14 1AH")
        #expect(records["R1"]?.precision == .postcode)
        #expect(records["R3"]?.point == nil)
        #expect(records["R3"]?.precision == nil)
    }

    @Test func defaultNullMarkersApplyWhenTheProfileGivesNone() throws {
        let store = try AssetMapStore.testStore()
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("n.csv", "id,name,phone,notes\n1,One,N/A,NULL\n2,Two,,kept text\n")
        let profile = try Fixture.profile(json: #"{"source": "n", "kind": "service", "key": "id", "fields": {"name": "name", "phone": "phone", "description": "notes"}}"#)
        let report = try Importer(store: store).run(path: path, profile: profile)
        let records = try store.recordViews(source: "n")
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        #expect(records["1"]?.fields["phone"] == nil)
        #expect(records["1"]?.fields["description"] == nil)
        #expect(records["2"]?.fields["description"] == "kept text")
    }

    @Test func keylessProfileKeysByContentSoReimportIsUnchanged() throws {
        let store = try AssetMapStore.testStore()
        let profile = try Fixture.profile(json: #"{"source": "keyless", "kind": "organisation", "fields": {"name": "name", "phone": "phone"}}"#)
        let first = try Importer(store: store).run(path: Paths.fixture("reimport_v1.csv"), profile: profile)
        #expect(first.added == 4)
        let keys = Set(try store.recordViews(source: "keyless").keys)
        #expect(keys.count == 4, "four distinct content keys")
        let second = try Importer(store: store).run(path: Paths.fixture("reimport_v1.csv"), profile: profile)
        #expect(second.unchanged == 4)
        #expect(second.added == 0)
        #expect(Set(try store.recordViews(source: "keyless").keys) == keys)
    }

    @Test func compositeKeyJoinsItsColumns() throws {
        let store = try AssetMapStore.testStore()
        let profile = try Fixture.profile(json: #"{"source": "composite", "kind": "organisation", "key": ["name", "postcode"], "fields": {"name": "name"}}"#)
        _ = try Importer(store: store).run(path: Paths.fixture("reimport_v1.csv"), profile: profile)
        let keys = Set(try store.recordViews(source: "composite").keys)
        #expect(keys.count == 4)
        #expect(keys.contains { $0.contains("Kestrel Club") && $0.contains("M33 7AB") })
    }

    @Test func duplicateKeyInOneFileWarnsAndDoesNotFail() throws {
        let store = try AssetMapStore.testStore()
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("dup.csv", "id,name\nD1,First\nD2,Second\nD1,First\n")
        let profile = try Fixture.profile(json: #"{"source": "dup", "kind": "service", "key": "id", "fields": {"name": "name"}}"#)
        let report = try Importer(store: store).run(path: path, profile: profile)
        #expect(report.read == 3)
        #expect(report.added + report.updated + report.unchanged + report.rejected.count == report.read)
        #expect(report.warnings.contains { $0.line == 4 && $0.field == "key" }, "\(report.warnings)")
    }

    @Test func nonBreakingSpacesAreTrimmedLikeSpaces() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        let dir = try TempDir()
        defer { dir.remove() }
        let nbsp = "\u{00A0}"
        let path = try dir.write(
            "nbsp.csv",
            "id,name,postcode,email\n1,\(nbsp)Riverside Hall\(nbsp),M33\(nbsp)7AB\(nbsp),\(nbsp)Info@Example.org\(nbsp)\n2,Quiet Hall,\(nbsp)NA\(nbsp),\n")
        let profile = try Fixture.profile(json: #"{"source": "nbsp", "kind": "place", "key": "id", "fields": {"name": "name", "postcode": "postcode", "email": "email"}, "null_values": ["NA", ""]}"#)
        let report = try Importer(store: store).run(path: path, profile: profile)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        let records = try store.recordViews(source: "nbsp")
        #expect(records["1"]?.fields["name"] == "Riverside Hall")
        #expect(records["1"]?.fields["postcode"] == "M33 7AB")
        #expect(records["1"]?.precision == .postcode)
        #expect(records["1"]?.fields["email"] == "info@example.org")
        #expect(records["2"]?.fields["postcode"] == nil, "NA wrapped in no-break spaces is still a null")
    }
}
