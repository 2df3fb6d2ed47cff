import Foundation
import GRDB
import Testing

@testable import AssetMapStore

/// A spatial index rebuilt by `RTreeBulkLoad` must be one SQLite accepts (`rtreecheck`), find what an index filled
/// one insert at a time finds, and keep working under SQLite's own inserts and deletes afterwards.
@Suite struct SpatialIndexBulkLoadTests {
    /// Points and small boxes over Greater Manchester, some sharing a point, a few at exact float boundaries.
    static func entries(_ count: Int, seed: UInt64, firstID: Int64 = 1) -> [RTreeBulkLoad.Entry] {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        return (0..<count).map { k in
            let x = -2.5 + next() * 0.4, y = 53.3 + next() * 0.2
            let id = firstID + Int64(k)
            switch k % 5 {
            case 0: return .init(id: id, xmin: -2.25, xmax: -2.25, ymin: 53.5, ymax: 53.5)  // one shared, exact point
            case 1: return .init(id: id, xmin: x, xmax: x + next() * 0.01, ymin: y, ymax: y + next() * 0.01)
            default: return .init(id: id, xmin: x, xmax: x, ymin: y, ymax: y)
            }
        }
    }

    static func makeTree(_ db: Database, _ name: String) throws {
        try db.execute(sql: "CREATE VIRTUAL TABLE \(name) USING rtree(pkid, xmin, xmax, ymin, ymax)")
    }

    static func insert(_ db: Database, _ name: String, _ entries: [RTreeBulkLoad.Entry]) throws {
        for e in entries {
            try db.execute(sql: "INSERT INTO \(name) VALUES (?, ?, ?, ?, ?)", arguments: [e.id, e.xmin, e.xmax, e.ymin, e.ymax])
        }
    }

    /// Ids found in each of many windows (including ones that touch the shared point's edge exactly).
    static func found(_ db: Database, _ name: String) throws -> [[Int64]] {
        var windows: [(Double, Double, Double, Double)] = [(-2.25, -2.25, 53.5, 53.5), (-3, 0, 50, 56)]
        for i in 0..<60 {
            let x = -2.5 + Double(i % 10) * 0.04, y = 53.3 + Double(i / 10) * 0.03
            windows.append((x, x + 0.02 + Double(i % 3) * 0.01, y, y + 0.015))
        }
        return try windows.map { w in
            try Int64.fetchAll(db, sql: """
                SELECT pkid FROM \(name) WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ? ORDER BY pkid
                """, arguments: [w.0, w.1, w.2, w.3])
        }
    }

    static func check(_ db: Database, _ name: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT rtreecheck(?)", arguments: [name])
    }

    static func nodes(_ db: Database, _ name: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM \(name)_node") ?? -1
    }

    @Test(arguments: [0, 1, 51, 52, 2_601, 20_000])
    func aPackedTreeFindsWhatOneFilledAnEntryAtATimeFinds(count: Int) throws {
        let store = try AssetMapStore.inMemory()
        try store.writer.write { db in
            try Self.makeTree(db, "idx_one")
            try Self.makeTree(db, "idx_packed")
            let entries = Self.entries(count, seed: UInt64(count) + 7)
            try Self.insert(db, "idx_one", entries)
            let nodeSize = try Int.fetchOne(db, sql: "SELECT length(data) FROM idx_packed_node WHERE nodeno = 1")!
            try RTreeBulkLoad.write(db, index: "idx_packed", entries: entries, nodeSize: nodeSize)
            #expect(try Self.check(db, "idx_packed") == "ok")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM idx_packed") == count)
            #expect(try Self.stored(db, "idx_packed") == Self.stored(db, "idx_one"))
            #expect(try Self.found(db, "idx_packed") == Self.found(db, "idx_one"))
            // Full leaves: 51 cells a node, and a parent over every 51 nodes below.
            var expectedNodes = 1, level = (count + 50) / 51
            while level > 1 {
                expectedNodes += level
                level = (level + 50) / 51
            }
            #expect(try Self.nodes(db, "idx_packed") == expectedNodes)

            // SQLite's own writes afterwards: the tree splits, shrinks and stays whole.
            let more = Self.entries(count / 2 + 3, seed: 99, firstID: 1_000_000)
            try Self.insert(db, "idx_one", more)
            try Self.insert(db, "idx_packed", more)
            for name in ["idx_one", "idx_packed"] {
                try db.execute(sql: "DELETE FROM \(name) WHERE pkid % 3 = 0")
            }
            #expect(try Self.check(db, "idx_packed") == "ok")
            #expect(try Self.found(db, "idx_packed") == Self.found(db, "idx_one"))
        }
    }

    /// Every box as stored, by id: the bytes of the two trees must agree, not only what they find.
    static func stored(_ db: Database, _ name: String) throws -> [String] {
        try Row.fetchAll(db, sql: "SELECT pkid, xmin, xmax, ymin, ymax FROM \(name) ORDER BY pkid").map(\.description)
    }

    @Test func boxesAreRoundedOutwardAsSQLiteRoundsThem() throws {
        let store = try AssetMapStore.inMemory()
        try store.writer.write { db in
            try Self.makeTree(db, "idx_rounding")
            var values = [53.123456789, -2.987654321, 0.1, -0.1, 1e-9, -1e-9, 53.5, 0, 1e30, -1e30]
            var state: UInt64 = 11
            for _ in 0..<2_000 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                values.append((Double(state >> 11) / Double(1 << 53) - 0.5) * 400)
            }
            for (k, v) in values.enumerated() {
                try db.execute(sql: "INSERT INTO idx_rounding VALUES (?, ?, ?, ?, ?)", arguments: [k, v, v, v, v])
                let row = try Row.fetchOne(db, sql: "SELECT xmin, xmax FROM idx_rounding WHERE pkid = ?", arguments: [k])!
                #expect(Double(RTreeBulkLoad.down(v)) == row[0] as Double && Double(RTreeBulkLoad.up(v)) == row[1] as Double, "\(v)")
                #expect(Double(RTreeBulkLoad.down(v)) <= v && Double(RTreeBulkLoad.up(v)) >= v)
            }
        }
    }

    /// A change that is a large share of the tree rebuilds it; a small one inserts. Both leave what inserting would.
    @Test func anUpdateRebuildsOnlyWhenTheChangeIsALargeShare() throws {
        let store = try AssetMapStore.inMemory()
        try store.writer.write { db in
            for name in ["idx_one", "idx_updated"] { try Self.makeTree(db, name) }
            let standing = Self.entries(10_000, seed: 3)
            try Self.insert(db, "idx_one", standing)
            try Self.insert(db, "idx_updated", standing)
            let nodesBefore = try Self.nodes(db, "idx_updated")

            // 1,200 rows moved (new boxes for ids that have one) and 300 new: 15 % of the tree, rebuilt.
            let moved = Self.entries(1_200, seed: 4, firstID: 2_001)
            let added = Self.entries(300, seed: 5, firstID: 10_001)
            try db.execute(sql: "DELETE FROM idx_one WHERE pkid BETWEEN 2001 AND 3200")
            try Self.insert(db, "idx_one", moved + added)
            try RTreeBulkLoad.update(
                db, index: "idx_updated", entries: moved + added, replacing: moved.map(\.id), newAbove: 10_000)
            #expect(try Self.check(db, "idx_updated") == "ok")
            #expect(try Self.found(db, "idx_updated") == Self.found(db, "idx_one"))
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM idx_updated") == 10_300)
            let packedNodes = try Self.nodes(db, "idx_updated")
            #expect(packedNodes == 1 + 4 + 202, "10,300 entries packed into full nodes (the one-at-a-time tree had \(nodesBefore))")

            // 600 moved (600 entries out, 600 in): under an eighth of the tree, so inserted one at a time; the packed
            // tree splits some of its full nodes.
            let movedAgain = Self.entries(600, seed: 6, firstID: 5_001)
            try db.execute(sql: "DELETE FROM idx_one WHERE pkid BETWEEN 5001 AND 5600")
            try Self.insert(db, "idx_one", movedAgain)
            try RTreeBulkLoad.update(db, index: "idx_updated", entries: movedAgain, replacing: movedAgain.map(\.id), newAbove: nil)
            #expect(try Self.check(db, "idx_updated") == "ok")
            #expect(try Self.found(db, "idx_updated") == Self.found(db, "idx_one"))
            #expect(try Self.nodes(db, "idx_updated") != packedNodes)
        }
    }
}
