import AssetMapCore
import AssetMapIngest
import AssetMapStore
import Foundation
import Testing

/// Re-importing a newer version of a list: new → added, changed → updated, absent → withdrawn, back → restored.
@Suite("Re-import")
struct ReimportTests {
    static func importClubs(_ store: AssetMapStore, _ file: String, dryRun: Bool = false) throws -> ImportReport {
        try Importer(store: store).run(path: Paths.fixture(file), profile: try Fixture.profile("reimport.profile.json"), dryRun: dryRun)
    }

    @Test func identicalReimportIsAllUnchanged() throws {
        let store = try AssetMapStore.testStore()
        let first = try Self.importClubs(store, "reimport_v1.csv")
        #expect(first.added == 4)
        let linksBefore = try store.exportText(.links)
        let second = try Self.importClubs(store, "reimport_v1.csv")
        #expect(second.read == 4)
        #expect(second.unchanged == 4)
        #expect(second.added == 0)
        #expect(second.updated == 0)
        #expect(second.withdrawn == 0)
        #expect(try store.exportText(.links) == linksBefore, "entity ids and keys are stable")
        #expect(try store.history(source: "clubs").map(\.change) == ["added", "added", "added", "added"])
        #expect(try store.source(named: "clubs").imports.map(\.unchanged) == [0, 4])
    }

    @Test func changedRowIsUpdatedWithTheOldVersionInHistory() throws {
        let store = try AssetMapStore.testStore()
        _ = try Self.importClubs(store, "reimport_v1.csv")
        let report = try Self.importClubs(store, "reimport_v2.csv")
        #expect(report.read == 3)
        #expect(report.updated == 1)
        #expect(report.unchanged == 2)
        #expect(report.added == 0)
        let records = try store.recordViews(source: "clubs")
        #expect(records["K2"]?.fields["phone"]?.filter(\.isNumber).hasSuffix("1614960999") == true)
        let updates = try store.history(source: "clubs").filter { $0.change == "updated" }
        #expect(updates.map(\.sourceKey) == ["K2"])
        let previous = try #require(updates.first?.previous, "the replaced version is kept")
        #expect(previous.contains("0161 496 0202"), "previous raw JSON holds the old phone: \(previous)")
        #expect(!previous.contains("0161 496 0999"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(previous.utf8)) as? [String: String])
        #expect(object["phone"] == "0161 496 0202")
        #expect(object["key"] == "K2")
    }

    @Test func missingRowIsWithdrawnButKept() throws {
        let store = try AssetMapStore.testStore()
        _ = try Self.importClubs(store, "reimport_v1.csv")
        let k4Entity = try #require(try store.recordViews(source: "clubs")["K4"]).entityID
        let report = try Self.importClubs(store, "reimport_v2.csv")
        #expect(report.withdrawn == 1)
        let summary = try #require(try store.sources().first { $0.name == "clubs" })
        #expect(summary.records == 3)
        #expect(summary.withdrawn == 1, "the withdrawn record stays in the database")
        #expect(try store.recordViews(source: "clubs")["K4"] == nil, "withdrawn records are not in the directory")
        let withdrawn = try store.history(source: "clubs").filter { $0.change == "withdrawn" }
        #expect(withdrawn.map(\.sourceKey) == ["K4"])
        #expect(withdrawn.first?.previous?.contains("Merlin Club") == true)
        let links = CSVTestParser.parse(try store.exportText(.links)).dropFirst().map { $0.fields }
        #expect(links.count == 3)
        #expect(!links.contains { $0[3] == "K4" })
        #expect(!links.contains { $0[0] == String(k4Entity) })
    }

    @Test func rowBackAgainIsRestoredUnderItsOldEntity() throws {
        let store = try AssetMapStore.testStore()
        _ = try Self.importClubs(store, "reimport_v1.csv")
        let entitiesBefore = try store.recordViews(source: "clubs").mapValues(\.entityID)
        _ = try Self.importClubs(store, "reimport_v2.csv")
        let report = try Self.importClubs(store, "reimport_v1.csv")
        #expect(report.read == 4)
        #expect(report.added == 0, "K4 comes back as the same record, not a new one")
        #expect(report.updated == 2, "K4 restored and K2's phone changed back")
        #expect(report.unchanged == 2)
        #expect(report.withdrawn == 0)
        let records = try store.recordViews(source: "clubs")
        #expect(records.mapValues(\.entityID) == entitiesBefore, "entity ids stay stable")
        #expect(records["K4"]?.fields["name"] == "Merlin Club")
        #expect(try store.sources().first?.withdrawn == 0)
        let changes = try store.history(source: "clubs").filter { $0.sourceKey == "K4" }.map(\.change)
        #expect(changes == ["added", "withdrawn", "restored"])
    }

    @Test func dryRunReportsTheSameCountsAndChangesNothing() throws {
        let store = try AssetMapStore.testStore()
        let twin = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        try Fixture.loadPostcodes(into: twin)
        _ = try Self.importClubs(store, "reimport_v1.csv")
        _ = try Self.importClubs(twin, "reimport_v1.csv")

        let before = try store.snapshot(sources: ["clubs"])
        let dry = try Self.importClubs(store, "reimport_v2.csv", dryRun: true)
        #expect(dry.dryRun)
        #expect(try store.snapshot(sources: ["clubs"]) == before, "a dry run must leave the database exactly as it was")

        let real = try Self.importClubs(twin, "reimport_v2.csv")
        let dryCounts: [Int] = [dry.read, dry.added, dry.updated, dry.unchanged, dry.withdrawn, dry.unlocated]
        let realCounts: [Int] = [real.read, real.added, real.updated, real.unchanged, real.withdrawn, real.unlocated]
        #expect(dryCounts == realCounts)
        #expect(dry.rejected == real.rejected)
        #expect(dry.warnings == real.warnings)
        #expect(dry.located == real.located)
        #expect(dry.updated == 1 && dry.withdrawn == 1 && dry.unchanged == 2)
    }

    @Test func dryRunOfANewSourceCreatesNothing() throws {
        let store = try AssetMapStore.testStore()
        let before = try store.snapshot(sources: ["mixed-list"])
        let report = try Importer(store: store).run(
            path: Paths.fixture("mixed.csv"), profile: try Fixture.profile("mixed.profile.json"), dryRun: true)
        #expect(report.added == 4)
        #expect(report.rejected.map(\.line) == [3])
        #expect(try store.sources().isEmpty)
        #expect(try store.snapshot(sources: ["mixed-list"]) == before)
    }

    @Test func importFailingHalfWayChangesNothing() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        _ = try Self.importClubs(store, "reimport_v1.csv")
        _ = try Importer(store: store).run(path: Paths.fixture("mixed.csv"), profile: try Fixture.profile("mixed.profile.json"))
        let before = try store.snapshot(sources: ["clubs", "mixed-list"])

        // Row 3 is not UTF-8: rows 1–2 were already written inside the transaction when it fails.
        #expect(throws: IngestError.self) { try Self.importClubs(store, "bad_utf8_row3.csv") }
        #expect(try store.snapshot(sources: ["clubs", "mixed-list"]) == before)

        // A profile naming a missing column fails before anything is written.
        let missing = try Fixture.profile(json: #"{"source": "clubs", "kind": "organisation", "key": "key", "fields": {"name": "name", "phone": "Telephone"}}"#)
        #expect(throws: IngestError.self) { try Importer(store: store).run(path: Paths.fixture("reimport_v2.csv"), profile: missing) }
        #expect(try store.snapshot(sources: ["clubs", "mixed-list"]) == before)
    }

    @Test func removeSourceDeletesItsRecordsAndKeepsOthers() throws {
        let store = try AssetMapStore.testStore()
        _ = try Self.importClubs(store, "reimport_v1.csv")
        _ = try Importer(store: store).run(path: Paths.fixture("mixed.csv"), profile: try Fixture.profile("mixed.profile.json"))
        let mixedBefore = try store.recordViews(source: "mixed-list")
        #expect(try store.removeSource(named: "clubs") == 4)
        #expect(try store.sources().map(\.name) == ["mixed-list"])
        #expect(try store.recordViews(source: "mixed-list").mapValues(\.fields) == mixedBefore.mapValues(\.fields))
        #expect(throws: StoreError.notFound(what: "source", key: "clubs")) { try store.history(source: "clubs") }
        #expect(try store.integrityProblems().isEmpty)
        let links = CSVTestParser.parse(try store.exportText(.links)).dropFirst()
        #expect(links.count == 4)
    }
}
