import AssetMapCore
import AssetMapStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Match, review decisions, merges, splits and area reloads killed with SIGKILL at several points (as a power cut or
/// the OOM killer would): the file stays sound (integrity, foreign keys, spatial indexes), the work is either done or
/// not done — never half — and the next run completes.
@Suite("Killed mid-way: match, decide, merge, split, areas load", .serialized)
struct FaultKillTests {
    /// Fractions of a calibrated run's duration at which to kill.
    static let killPoints = [0.35, 0.6, 0.8, 0.9, 0.97]

    /// Records grouped by entity, independent of entity ids: two runs that group alike agree.
    static func partition(_ snapshot: DirectorySnapshot) -> [[String]] {
        var groups: [String: [String]] = [:]
        for link in snapshot.links {
            let parts = link.split(separator: ",", maxSplits: 2).map(String.init)
            groups[parts[0], default: []].append(parts[2])
        }
        return groups.values.map { $0.sorted() }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Whole-or-nothing: the state after a kill is the state before, or the state a complete run reaches.
    static func isBeforeOrAfter(_ now: DirectorySnapshot, before: DirectorySnapshot, after: DirectorySnapshot) -> Bool? {
        if now == before { return false }
        if partition(now) == partition(after) && now.counts == after.counts { return true }
        return nil
    }

    /// Kills `arguments` at each kill point until one run gets through whole, checking the file after each kill.
    /// Returns (kills, killed while running).
    static func killRepeatedly(
        _ what: String, arguments: (String) -> [String], db: String, dir: Scratch, check: (String) throws -> Void = { _ in }
    ) throws -> (kills: Int, midway: Int) {
        let before = try DirectorySnapshot.read(db)
        let calibration = try Killer.calibrate(arguments, db: db, dir: dir)
        try #require(before != calibration.after, "\(what) changes nothing: the test cannot tell done from not done")
        var kills = 0, midway = 0
        var done = false
        for fraction in killPoints {
            let outcome = try Killer.run(arguments(db), killAfter: calibration.seconds * fraction, outputs: dir.url)
            kills += 1
            if outcome.killed { midway += 1 } else { #expect(outcome.result.status == 0, "\(what) failed: \(outcome.result)") }
            #expect(try Soundness.problems(db) == [], "\(what) killed after \(String(format: "%.2f", outcome.seconds)) s left the file unsound")
            let now = try DirectorySnapshot.read(db)
            let state = Self.isBeforeOrAfter(now, before: before, after: calibration.after)
            #expect(state != nil, "\(what) killed after \(String(format: "%.2f", outcome.seconds)) s left it half done: \(now.difference(before)) (vs before); \(now.difference(calibration.after)) (vs after)")
            try check(db)
            if state == true {
                done = true
                break
            }
        }
        // The next run completes, and reaches what an unkilled run reaches (a merge or split already done is refused
        // as done, so it is not run again).
        if !done {
            let rerun = try CLI.run(arguments(db))
            #expect(rerun.status == 0, "\(what) after the kills: \(rerun)")
        }
        let final = try DirectorySnapshot.read(db)
        #expect(Self.isBeforeOrAfter(final, before: before, after: calibration.after) == true, "\(what) rerun: \(final.difference(calibration.after))")
        #expect(try Soundness.problems(db) == [])
        try check(db)
        print("kill test \(what): full run \(String(format: "%.2f", calibration.seconds)) s; \(kills) kills, \(midway) while running; rerun completed")
        FaultTally.report(what, kills: kills, killedMidway: midway, survived: kills)
        return (kills, midway)
    }

    @Test func matchKilledMidwayLeavesTheLastStateWhole() async throws {
        let dir = try Scratch("assetmap-kill-match")
        defer { dir.remove() }
        let db = try await SeedBorough.copy(\.imported, into: dir)
        let (kills, midway) = try Self.killRepeatedly("match", arguments: { ["match", "--json", "--db", $0] }, db: db, dir: dir) { db in
            // A match run and its audit entry commit together.
            let store = try AssetMapStore.open(path: db)
            defer { try? store.close() }
            let runs = try store.tableCounts()["match_run"] ?? -1
            #expect(try store.auditLog(action: "match").count == runs, "every recorded match run has its audit entry, and no other")
        }
        #expect(kills >= 1)
        #expect(midway >= 1, "no kill landed while match was running")
    }

    @Test func areaReloadKilledMidwayLeavesTheOldOrNewLayerWhole() async throws {
        let dir = try Scratch("assetmap-kill-areas")
        defer { dir.remove() }
        let db = try await SeedBorough.copy(\.imported, into: dir)
        // Reload the ward layer from the LSOA polygons: 20 areas become 156, so done and not done differ.
        let lsoa = SeedBorough.seeds.appendingPathComponent("lsoa.geojson").path
        let (_, midway) = try Self.killRepeatedly("areas load", arguments: {
            ["areas", "load", lsoa, "--layer", "ward", "--code-field", "area_code", "--name-field", "area_name", "--db", $0]
        }, db: db, dir: dir) { db in
            let store = try AssetMapStore.open(path: db)
            defer { try? store.close() }
            let wards = try store.areas(inLayer: "ward").count
            #expect(wards == 20 || wards == 156, "the ward layer has \(wards) areas: neither the old nor the new file")
        }
        #expect(midway >= 1, "no kill landed while the layer was loading")
    }

    /// Review items of the matched seed borough, most likely first.
    static func reviewItems(_ db: String) throws -> [Int64] {
        let list = try CLI.succeed(["review", "list", "--json", "--db", db])
        let items = try #require(try list.json() as? [[String: Any]])
        return items.compactMap { ($0["id"] as? NSNumber)?.int64Value }
    }

    /// Every latest "same" decision has its two records in one entity; the number of decisions equals the number of
    /// audited decide actions (a decision is never kept without its re-clustering and its audit entry).
    static func decisionsHold(_ db: String, decideActions: Int? = nil) throws {
        let store = try AssetMapStore.open(path: db)
        defer { try? store.close() }
        let decisions = try store.matchDecisions()
        let records = try store.matchInputs(recordIDs: decisions.flatMap { [$0.a, $0.b] })
        let entity = Dictionary(records.map { ($0.recordID, $0.entityID) }, uniquingKeysWith: { a, _ in a })
        for d in decisions where d.same {
            #expect(entity[d.a] == entity[d.b], "records \(d.a) and \(d.b) were decided the same but sit in entities \(String(describing: entity[d.a])) and \(String(describing: entity[d.b]))")
        }
        let audited = try store.auditLog(action: "decide").count
        #expect(audited == (try store.tableCounts()["match_decision"] ?? -1), "decisions and audited decide actions differ")
        if let decideActions { #expect(audited == decideActions) }
    }

    @Test func reviewDecisionsInALoopKilledMidwayAreEachWholeOrAbsent() async throws {
        let dir = try Scratch("assetmap-kill-decide")
        defer { dir.remove() }
        let db = try await SeedBorough.copy(\.matched, into: dir)
        let items = try Self.reviewItems(db)
        try #require(items.count >= 8, "the seed borough should leave at least 8 pairs to review, found \(items.count)")
        let decide = { (id: Int64, db: String) in ["review", "decide", String(id), "same", "--json", "--db", db, "--as", "loop-officer"] }
        let calibration = try Killer.calibrate({ decide(items[0], $0) }, db: db, dir: dir)
        var done = 0, kills = 0, midway = 0
        for (index, id) in items.prefix(8).enumerated() {
            if index % 2 == 1 {
                // Kill this one at a different point each time, then check the file and that it is whole or absent.
                let before = try DirectorySnapshot.read(db)
                let fraction = Self.killPoints[(index / 2) % Self.killPoints.count]
                let outcome = try Killer.run(decide(id, db), killAfter: calibration.seconds * fraction, outputs: dir.url)
                kills += 1
                if outcome.killed { midway += 1 }
                #expect(try Soundness.problems(db) == [])
                let after = try DirectorySnapshot.read(db)
                let decisionsAdded = (after.counts["match_decision"] ?? 0) - (before.counts["match_decision"] ?? 0)
                #expect(decisionsAdded == 0 || decisionsAdded == 1)
                if decisionsAdded == 1 { done += 1 }
                try Self.decisionsHold(db, decideActions: done)
                if decisionsAdded == 1 { continue }
            }
            // Decided to completion (and a killed one decided again): the next run completes.
            let result = try CLI.run(decide(id, db))
            #expect(result.status == 0, "\(result)")
            done += 1
            try Self.decisionsHold(db, decideActions: done)
        }
        #expect(try Soundness.problems(db) == [])
        print("kill test review decide loop: one decision \(String(format: "%.2f", calibration.seconds)) s; \(kills) kills, \(midway) while running; \(done) decisions recorded whole")
        FaultTally.report("review decide loop", kills: kills, killedMidway: midway, survived: kills)
    }

    /// Two active entities of one kind that the matcher kept apart, and the records in each.
    static func twoEntities(_ db: String) throws -> (Int64, Int64) {
        let store = try AssetMapStore.open(path: db)
        defer { try? store.close() }
        let links = try store.links(maxSharing: .restricted)
        var byEntity: [Int64: (kind: String, count: Int)] = [:]
        for link in links { byEntity[link.entityID, default: (link.kind, 0)].count += 1 }
        let singles = byEntity.filter { $0.value.count == 1 && $0.value.kind == "organisation" }.keys.sorted()
        try #require(singles.count >= 2, "need two single-record organisations")
        return (singles[0], singles[singles.count / 2])
    }

    @Test func mergeAndSplitKilledMidwayAreWholeOrAbsent() async throws {
        let dir = try Scratch("assetmap-kill-merge")
        defer { dir.remove() }
        let db = try await SeedBorough.copy(\.matched, into: dir)
        let (a, b) = try Self.twoEntities(db)
        _ = try Self.killRepeatedly("entity merge", arguments: { ["entity", "merge", String(a), String(b), "--json", "--db", $0, "--as", "merger"] }, db: db, dir: dir) { db in
            let store = try AssetMapStore.open(path: db)
            defer { try? store.close() }
            let merged = try store.entityMembers(id: a).entityID == store.entityMembers(id: b).entityID
            #expect(try store.auditLog(action: "merge").count == (merged ? 1 : 0), "the merge and its audit entry go together")
        }
        // Now split the merged entity again: one record out.
        let store = try AssetMapStore.open(path: db)
        let members = try store.entityMembers(id: a)
        try store.close()
        try #require(members.members.count == 2)
        let out = "\(members.members[1].source):\(members.members[1].key)"
        _ = try Self.killRepeatedly("entity split", arguments: { ["entity", "split", String(members.entityID), "--record", out, "--json", "--db", $0, "--as", "splitter"] }, db: db, dir: dir) { db in
            let store = try AssetMapStore.open(path: db)
            defer { try? store.close() }
            let apart = try store.entityMembers(id: members.entityID).members.count == 1
            #expect(try store.auditLog(action: "split").count == (apart ? 1 : 0), "the split and its audit entry go together")
        }
    }
}
