import AssetMapCore
import AssetMapIngest
import AssetMapStore
import Foundation
import Testing

/// Profile parsing: each mistake a data officer can make is named precisely.
@Suite("Import profiles")
struct ProfileTests {
    static let valid = """
        {"source": {"name": "cvs-groups", "title": "CVS groups", "publisher": "Test CVS", "licence": "OGL-3.0",
                    "sharing": "partners", "trust": 0.8, "as_of": "2024-03-01"},
         "kind": "organisation", "key": ["ref", "postcode"],
         "fields": {"name": "Group", "address": ["Line1", "Line2"], "street": {"template": "{No} {Street}"}},
         "set": {"categories": "community group"},
         "null_values": ["NA", "-"]}
        """

    @Test func validProfileIsReadInFull() throws {
        let profile = try Fixture.profile(json: Self.valid)
        #expect(profile.source.name == "cvs-groups")
        #expect(profile.source.title == "CVS groups")
        #expect(profile.source.sharing == .partners)
        #expect(profile.source.trust == 0.8)
        #expect(profile.source.asOf == "2024-03-01")
        #expect(profile.kind == .organisation)
        #expect(profile.key == ["ref", "postcode"])
        #expect(profile.fields[.name] == .column("Group"))
        #expect(profile.fields[.address] == .columns(["Line1", "Line2"]))
        #expect(profile.fields[.street] == .template("{No} {Street}"))
        #expect(profile.set[.categories] == "community group")
        #expect(profile.nullValues == ["NA", "-"])
    }

    @Test func theTraffordCharityProfileParses() throws {
        let path = try Paths.requireFile(Paths.traffordProfiles.appendingPathComponent("charity_commission_charities.profile.json").path)
        let profile = try ImportProfile.load(path: path)
        #expect(profile.source.name == "charity-commission-charities")
        #expect(profile.key == ["registered_charity_number"])
        #expect(profile.nullValues.contains("--"))
        #expect(profile.fields[.charityNumber] == .column("registered_charity_number"))
    }

    @Test func unknownFieldIsNamed() throws {
        let json = #"{"source": "s", "kind": "place", "fields": {"name": "Name", "nmae_of_site": "Other"}}"#
        let error = try #require(throws: IngestError.self) { try Fixture.profile(json: json) }
        guard case .unknownField(let field, let known) = error else {
            Issue.record("expected IngestError.unknownField, got \(error)")
            return
        }
        #expect(field == "nmae_of_site")
        #expect(known.contains("floor_area_m2"))
        #expect(error.description.contains("nmae_of_site"))
    }

    @Test func unknownFieldInSetIsNamed() throws {
        let json = #"{"source": "s", "kind": "place", "fields": {"name": "Name"}, "set": {"colour": "red"}}"#
        let error = try #require(throws: IngestError.self) { try Fixture.profile(json: json) }
        guard case .unknownField(let field, _) = error else {
            Issue.record("expected IngestError.unknownField, got \(error)")
            return
        }
        #expect(field == "colour")
    }

    @Test func badSharingIsRefused() throws {
        let json = #"{"source": {"name": "s", "sharing": "public"}, "kind": "place", "fields": {"name": "Name"}}"#
        let error = try #require(throws: IngestError.self) { try Fixture.profile(json: json) }
        guard case .invalidProfile(_, let detail) = error else {
            Issue.record("expected IngestError.invalidProfile, got \(error)")
            return
        }
        #expect(detail.contains("sharing"))
        #expect(detail.contains("open") && detail.contains("partners") && detail.contains("restricted"))
    }

    @Test(arguments: [
        (#"{"source": {"name": "s", "trust": 1.5}, "kind": "place", "fields": {"name": "N"}}"#, "trust"),
        (#"{"source": {"name": "s"}, "kind": "building-ish", "fields": {"name": "N"}}"#, "kind"),
        (#"{"source": {"name": "Not A Slug"}, "kind": "place", "fields": {"name": "N"}}"#, "Not A Slug"),
        (#"{"source": {"name": "s", "as_of": "yesterday"}, "kind": "place", "fields": {"name": "N"}}"#, "as_of"),
        (#"{"kind": "place", "fields": {"name": "N"}}"#, "source"),
        (#"{"source": "s", "kind": "place", "fields": {"name": 12}}"#, "fields.name"),
        (#"{"source": "s", "kind": "place", "fields": {"name": {"template": "no placeholders"}}}"#, "template"),
        (#"{"source": "s", "kind": "place", "fields": {"name": "N"}, "colour": "red"}"#, "colour"),
    ])
    func otherProfileMistakesAreNamed(json: String, mentioned: String) throws {
        let error = try #require(throws: IngestError.self) { try Fixture.profile(json: json) }
        guard case .invalidProfile = error else {
            Issue.record("expected IngestError.invalidProfile, got \(error)")
            return
        }
        #expect(error.description.contains(mentioned), "message should name '\(mentioned)': \(error.description)")
    }

    @Test func missingNameMappingIsRefused() throws {
        let json = #"{"source": "s", "kind": "place", "fields": {"postcode": "Postcode", "phone": "Tel"}}"#
        let error = try #require(throws: IngestError.self) { try Fixture.profile(json: json) }
        guard case .invalidProfile(_, let detail) = error else {
            Issue.record("expected IngestError.invalidProfile, got \(error)")
            return
        }
        #expect(detail.contains("name"))
    }

    @Test func invalidJSONIsRefusedWithThePath() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("broken.profile.json", #"{"source": "s", "kind": "place", "fields": {"name": "N"}"#)
        let error = try #require(throws: IngestError.self) { try ImportProfile.load(path: path) }
        guard case .invalidProfile(let where_, let detail) = error else {
            Issue.record("expected IngestError.invalidProfile, got \(error)")
            return
        }
        #expect(where_ == path)
        #expect(detail.contains("JSON"))
        #expect(error.description.contains("broken.profile.json"))
    }

    @Test func missingProfileFileIsNamed() throws {
        let error = try #require(throws: IngestError.self) { try ImportProfile.load(path: "/nonexistent/dir/p.profile.json") }
        #expect(error == .fileNotFound(path: "/nonexistent/dir/p.profile.json"))
    }

    @Test func missingColumnIsNamedAndNothingIsWritten() throws {
        let store = try AssetMapStore.testStore()
        let json = """
            {"source": "clubs", "kind": "organisation", "key": "key",
             "fields": {"name": "name", "postcode": "Post Code Column"}}
            """
        let profile = try Fixture.profile(json: json)
        let before = try store.snapshot(sources: ["clubs"])
        let error = try #require(throws: IngestError.self) {
            try Importer(store: store).run(path: Paths.fixture("reimport_v1.csv"), profile: profile)
        }
        guard case .missingColumn(let path, let column, let field, let available) = error else {
            Issue.record("expected IngestError.missingColumn, got \(error)")
            return
        }
        #expect(column == "Post Code Column")
        #expect(field == "postcode")
        #expect(path.hasSuffix("reimport_v1.csv"))
        #expect(available == ["key", "name", "phone", "postcode"])
        #expect(error.description.contains("Post Code Column"))
        #expect(try store.snapshot(sources: ["clubs"]) == before)
        #expect(try store.sources().isEmpty)
    }

    @Test func missingKeyColumnIsNamed() throws {
        let store = try AssetMapStore.testStore()
        let profile = try Fixture.profile(json: #"{"source": "clubs", "kind": "organisation", "key": "club_id", "fields": {"name": "name"}}"#)
        let error = try #require(throws: IngestError.self) {
            try Importer(store: store).run(path: Paths.fixture("reimport_v1.csv"), profile: profile)
        }
        guard case .missingColumn(_, let column, _, _) = error else {
            Issue.record("expected IngestError.missingColumn, got \(error)")
            return
        }
        #expect(column == "club_id")
        #expect(try store.sources().isEmpty)
    }

    @Test func missingTemplateColumnIsNamed() throws {
        let store = try AssetMapStore.testStore()
        let profile = try Fixture.profile(json: """
            {"source": "clubs", "kind": "organisation", "key": "key",
             "fields": {"name": "name", "description": {"template": "Phone {phone}, room {Room}"}}}
            """)
        let error = try #require(throws: IngestError.self) {
            try Importer(store: store).run(path: Paths.fixture("reimport_v1.csv"), profile: profile)
        }
        guard case .missingColumn(_, let column, let field, _) = error else {
            Issue.record("expected IngestError.missingColumn, got \(error)")
            return
        }
        #expect(column == "Room")
        #expect(field == "description")
    }

    @Test func missingSourceFileIsNamed() throws {
        let store = try AssetMapStore.testStore()
        let profile = try Fixture.profile("reimport.profile.json")
        let error = try #require(throws: IngestError.self) {
            try Importer(store: store).run(path: "/nonexistent/clubs.csv", profile: profile)
        }
        #expect(error == .fileNotFound(path: "/nonexistent/clubs.csv"))
        #expect(try store.sources().isEmpty)
    }
}
