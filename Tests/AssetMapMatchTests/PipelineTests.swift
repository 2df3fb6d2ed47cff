import AssetMapCore
import AssetMapIngest
import AssetMapStore
import Foundation
import GRDB
import Testing

@testable import AssetMapMatch

/// Matching end to end on small lists in an in-memory store: links, review, decisions, re-imports, stability.
@Suite("Matching pipeline")
struct PipelineTests {
    static let charitiesV1 = """
        number,name,postcode,phone,email,website
        1100001,ZEBRACORN ALLOTMENT SOCIETY,M33 7AB,0161 600 0001,info@zebracorn.org.uk,www.zebracorn.org.uk
        1100002,OAKLEY HEIGHTS BOWLING CLUB,M32 9AF,0161 600 0002,,
        1100003,FRIENDS OF QUILLBY PARK,WA14 1AA,,,
        1100004,OAKLEY HEIGHTS BOWLING CLUB TRUST,M32 9AF,,,
        """
    static let groupsV1 = """
        id,name,postcode,phone,email,charity
        G1,Zebracorn Allotment Soc.,M33 7AB,01616000001,,
        G2,Oakley Heights Bowling Club,M32 9AF,0161 600 0002,,1100002
        G3,Quillby Park Friends,WA14 1AA,,,
        G4,Oakley Heights Bowling Club,M32 9AF,,,1100004
        G5,Partington Knitters,M31 4FL,,,
        """
    static let charityFields = [
        "name": "name", "postcode": "postcode", "phone": "phone", "email": "email", "website": "website",
        "charity_number": "number",
    ]
    static let groupFields = ["name": "name", "postcode": "postcode", "phone": "phone", "email": "email", "charity_number": "charity"]

    func setUp() throws -> (AssetMapStore, TempDir) {
        let store = try AssetMapStore.inMemory()
        let dir = try TempDir()
        try importCSV(store, dir, source: "charities", kind: "organisation", key: "number", csv: Self.charitiesV1, fields: Self.charityFields, trust: 0.9)
        try importCSV(store, dir, source: "groups", kind: "organisation", key: "id", csv: Self.groupsV1, fields: Self.groupFields, trust: 0.6)
        return (store, dir)
    }

    @Test func linksDuplicatesAndKeepsDifferentRegistryNumbersApart() throws {
        let (store, dir) = try setUp()
        defer { dir.remove() }
        let summary = try Matcher(store: store).run()
        #expect(summary.mode == "full")
        let e = try entities(store)
        #expect(e["charities:1100001"] == e["groups:G1"])
        #expect(e["charities:1100002"] == e["groups:G2"])
        #expect(e["charities:1100003"] == e["groups:G3"])
        // Same name, same postcode, but the register says two charities: never one entity.
        #expect(e["charities:1100004"] == e["groups:G4"])
        #expect(e["groups:G2"] != e["groups:G4"])
        #expect(e["groups:G5"] != nil && Set(e.values).count == 5)
        // Surviving ids are the lowest of the merged ones.
        #expect(e["groups:G1"]! < 5)
    }

    @Test func rerunWithNothingChangedChangesNothing() throws {
        let (store, dir) = try setUp()
        defer { dir.remove() }
        _ = try Matcher(store: store).run()
        let before = try entities(store)
        let again = try Matcher(store: store).run()
        #expect(again.mode == "unchanged")
        #expect(again.pairsCompared == 0)
        #expect(try entities(store) == before)
    }

    /// Pairs, match state, categories and areas have no foreign key to cascade from (`KeptReferences`): removing a
    /// matched source takes its own and leaves the other source's, and the next run matches what is left.
    @Test func removingAMatchedSourceLeavesNoOrphans() throws {
        let (store, dir) = try setUp()
        defer { dir.remove() }
        try importCSV(
            store, dir, source: "venues", kind: "organisation", key: "id",
            csv: "id,name,postcode,categories\nV1,Zebracorn Allotment Society,M33 7AB,allotment;gardening\nV2,Partington Knitters,M31 4FL,crafts\n",
            fields: ["name": "name", "postcode": "postcode", "categories": "categories"])
        _ = try Matcher(store: store).run()
        func count(_ sql: String) throws -> Int { try store.writer.read { db in try Int.fetchOne(db, sql: sql) ?? 0 } }
        func pairs(of source: String) throws -> Int {
            try count("""
                SELECT count(*) FROM match_pair p WHERE EXISTS (SELECT 1 FROM record r JOIN source s ON s.id = r.source_id
                    WHERE r.id IN (p.record_a, p.record_b) AND s.name = '\(source)')
                """)
        }
        let venuePairs = try pairs(of: "venues")
        #expect(venuePairs > 0)
        #expect(try count("SELECT count(*) FROM entity_category") >= 3)
        #expect(try count("SELECT count(*) FROM match_state") == 11)
        let pairsBefore = try count("SELECT count(*) FROM match_pair")

        try store.removeSource(named: "venues")
        #expect(try store.integrityProblems() == [])
        #expect(try pairs(of: "venues") == 0)
        #expect(try count("SELECT count(*) FROM match_pair") == pairsBefore - venuePairs, "the other sources' pairs stay")
        #expect(try count("SELECT count(*) FROM match_state") == 9)
        #expect(try count("SELECT count(*) FROM entity_category WHERE category IN ('allotment', 'gardening', 'crafts')") == 0)
        let summary = try Matcher(store: store).run(MatchOptions(full: true))
        #expect(summary.records == 9)
        #expect(try store.integrityProblems() == [])

        // The check itself sees a child whose parent has gone.
        try store.writer.write { db in
            try db.execute(sql: "INSERT INTO match_state (record_id, content_hash) VALUES (999999, 'gone')")
        }
        #expect(try store.integrityProblems() == ["match_state.record_id: 1 rows name a record that is gone"])
    }

    @Test func decisionsWinAndSurviveReimportsAndFullRebuilds() throws {
        let (store, dir) = try setUp()
        defer { dir.remove() }
        let matcher = Matcher(store: store)
        _ = try matcher.run()
        // A person splits G3 off the Quillby Park charity, and merges the knitters into the bowling club (why not).
        let quillby = try #require(try entities(store)["charities:1100003"])
        try store.recordDecision(a: ("groups", "G3"), b: ("charities", "1100003"), same: false, by: "tester", via: "entity split")
        try store.recordDecision(a: ("groups", "G5"), b: ("charities", "1100002"), same: true, by: "tester", via: "entity merge")
        try matcher.recluster()
        var e = try entities(store)
        #expect(e["groups:G3"] != e["charities:1100003"])
        #expect(e["charities:1100003"] == quillby)  // the charity keeps the entity id
        #expect(e["groups:G5"] == e["charities:1100002"])
        // Re-import the groups with a changed row and a new one; match incrementally, then fully: same answer.
        let groupsV2 = Self.groupsV1.replacingOccurrences(of: "Quillby Park Friends,WA14 1AA", with: "Quillby Park Friends Group,WA14 1AA")
            + "\nG6,Zebracorn Allotment Society,M33 7AB,,,\n"
        try importCSV(store, dir, source: "groups", kind: "organisation", key: "id", csv: groupsV2, fields: Self.groupFields, trust: 0.6)
        let incremental = try matcher.run()
        #expect(incremental.mode == "incremental")
        e = try entities(store)
        #expect(e["groups:G3"] != e["charities:1100003"])
        #expect(e["groups:G5"] == e["charities:1100002"])
        #expect(e["groups:G6"] == e["charities:1100001"])
        let full = try matcher.run(MatchOptions(full: true))
        #expect(full.mode == "full")
        #expect(try entities(store) == e)
        #expect(full.autoLinked == incremental.autoLinked)
    }

    @Test func reviewQueueExplainsItself() throws {
        let store = try AssetMapStore.inMemory()
        let dir = try TempDir()
        defer { dir.remove() }
        try importCSV(store, dir, source: "a", kind: "organisation", key: "id", csv: """
            id,name,postcode
            1,Quillby Rainbow Guides,M33 7AB
            2,Zebracorn Youth Theatre,M32 9AF
            """, fields: ["name": "name", "postcode": "postcode"])
        try importCSV(store, dir, source: "b", kind: "organisation", key: "id", csv: """
            id,name,postcode
            1,Quillby Guides,M33
            2,Zebracorn Theatre Company,WA14 1AA
            """, fields: ["name": "name", "postcode": "postcode"])
        // Nothing links and everything compared goes to review, so the queue has something to explain.
        var options = MatchOptions(linkThreshold: 1, reviewThreshold: 0)
        options.keepThreshold = 1e-9
        let summary = try Matcher(store: store).run(options)
        #expect(summary.queuedForReview >= 1)
        let queue = try store.reviewQueue(linkThreshold: 1, reviewThreshold: 0)
        let item = try #require(queue.first)
        let explanation = Explanation.of(item, model: try #require(try Matcher(store: store).model()))
        #expect(explanation.steps.count == Comparison.allCases.count)
        #expect(abs(explanation.priorWeight + explanation.steps.map(\.weight).reduce(0, +) + explanation.termFrequencyAdjustment - explanation.totalWeight) < 1e-6)
        #expect(explanation.lines.contains { $0.hasPrefix("name: ") })
        // Deciding takes it off the queue, records who, and wins.
        try store.recordDecision(a: (item.a.source, item.a.sourceKey), b: (item.b.source, item.b.sourceKey), same: true, by: "officer", via: "review", pairID: item.id)
        try Matcher(store: store).recluster()
        let after = try store.pairDetail(id: item.id)
        #expect(after.a.entityID == after.b.entityID)
        #expect(after.decision?.decidedBy == "officer")
        #expect(try store.reviewQueue(linkThreshold: 1, reviewThreshold: 0).allSatisfy { $0.id != item.id })
        // A "different" on another item keeps its records apart and takes it off the queue too: the open items a run
        // counts from its clusters are the queue's, and what the stored pairs say.
        let other = try #require(queue.first { $0.id != item.id })
        try store.recordDecision(a: (other.a.source, other.a.sourceKey), b: (other.b.source, other.b.sourceKey), same: false, by: "officer", via: "review", pairID: other.id)
        let reclustered = try Matcher(store: store).recluster()
        let open = try store.reviewQueue(linkThreshold: 1, reviewThreshold: 0)
        #expect(open.allSatisfy { $0.id != other.id })
        #expect(reclustered.queuedForReview == open.count)
        #expect(reclustered.queuedForReview == (try store.matchCounts(linkThreshold: 1, reviewThreshold: 0)).review)
        #expect(reclustered.entities == (try store.matchCounts(linkThreshold: 1, reviewThreshold: 0)).entities)
    }

    /// An entity left with no active record is redirected to where its records went. A withdrawn record keeps it,
    /// and when that record comes back the entity is reborn: the next plan drops its redirect and keeps the others.
    @Test func aRebornEntityLosesItsRedirect() throws {
        let (store, dir) = try setUp()
        defer { dir.remove() }
        let e = try entities(store)
        let (keeper, reborn, merged) = (e["charities:1100001"]!, e["groups:G1"]!, e["groups:G2"]!)
        func record(_ key: String) throws -> Int64 {
            try store.matchInputs().first { "\($0.source):\($0.sourceKey)" == key }!.recordID
        }
        func redirected() throws -> [Int64] {
            try store.writer.read { try Int64.fetchAll($0, sql: "SELECT entity_id FROM entity_redirect ORDER BY entity_id") }
        }
        let withoutG1 = Self.groupsV1.split(separator: "\n").filter { !$0.hasPrefix("G1,") }.joined(separator: "\n")
        _ = try importCSV(store, dir, source: "groups", kind: "organisation", key: "id", csv: withoutG1, fields: Self.groupFields)
        var merge = EntityPlan()
        merge.moves = [(try record("groups:G2"), keeper)]
        merge.redirects = [(reborn, keeper), (merged, keeper)]
        try store.applyEntityPlan(merge)
        #expect(try redirected() == [reborn, merged].sorted())
        _ = try importCSV(store, dir, source: "groups", kind: "organisation", key: "id", csv: Self.groupsV1, fields: Self.groupFields)
        #expect(try entities(store)["groups:G1"] == reborn)
        var next = EntityPlan()
        next.moves = [(try record("groups:G3"), keeper)]
        try store.applyEntityPlan(next)
        #expect(try redirected() == [merged])
        #expect(try store.resolveEntity(id: merged) == keeper)
    }

    @Test func kindsNeverMerge() throws {
        let store = try AssetMapStore.inMemory()
        let dir = try TempDir()
        defer { dir.remove() }
        try importCSV(store, dir, source: "places", kind: "place", key: "id", csv: "id,name,postcode\n1,Quillby Library,M33 7AB\n", fields: ["name": "name", "postcode": "postcode"])
        try importCSV(store, dir, source: "services", kind: "service", key: "id", csv: "id,name,postcode\n1,Quillby Library,M33 7AB\n", fields: ["name": "name", "postcode": "postcode"])
        _ = try Matcher(store: store).run()
        let e = try entities(store)
        #expect(e["places:1"] != e["services:1"])
    }

    @Test func matchingReadsTheTownAndTheWrittenPostcodeOnlyWhereThereIsNoPostcode() throws {
        let store = try AssetMapStore.inMemory()
        let dir = try TempDir()
        defer { dir.remove() }
        let csv = """
            id,name,town,postcode
            1,Quillby Knitters,Sale,M33 7AB
            2,Quillby Knitters,Sale,
            3,Harley McCarthy,Marsden,3165
            """
        try importCSV(store, dir, source: "groups", kind: "organisation", key: "id", csv: csv,
                      fields: ["name": "name", "town": "town", "postcode": "postcode"])
        let inputs = Dictionary(uniqueKeysWithValues: try store.matchInputs().map { ($0.sourceKey, $0) })
        #expect(inputs["1"]?.postcode == "M33 7AB" && inputs["1"]?.town == nil && inputs["1"]?.writtenPostcode == nil)
        #expect(inputs["2"]?.town == "Sale" && inputs["2"]?.writtenPostcode == nil)
        #expect(inputs["3"]?.postcode == nil && inputs["3"]?.town == "Marsden" && inputs["3"]?.writtenPostcode == "3165")
        // A reviewer sees the postcode matching compared, marked as no UK postcode.
        let (a, b) = (inputs["1"]!.recordID, inputs["3"]!.recordID)
        try store.saveMatchPairs(full: true, model: nil, seen: [], pairs: [
            ScoredPair(a: a, b: b, weight: 0, probability: 0.5, levels: "0 2 - - - - - - -", tfAdjustment: 0),
        ])
        let item = try #require(try store.reviewQueue(linkThreshold: 0.9, reviewThreshold: 0.3).first)
        #expect(item.a.postcode == "M33 7AB")
        #expect(item.b.postcode == "3165 (as written: not a UK postcode)")
    }
}
