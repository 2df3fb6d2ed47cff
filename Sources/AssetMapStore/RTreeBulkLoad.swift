import GRDB

/// Fills a SpatiaLite spatial index (an SQLite R*Tree) with many entries at once.
///
/// SQLite's R*Tree has no bulk load: each insert descends the tree, may split a node, and rewrites the nodes on its
/// way back up, about 20 µs an entry whatever their order (a first import's million directory points took 19.7 s).
/// When the entries to add are a large share of the tree, it is cheaper to read the entries it keeps, pack them with
/// the new ones into full nodes (sort-tile-recursive, Leutenegger et al. 1997) and write the R*Tree's three tables
/// in one pass. The tables' layout is SQLite's (`ext/rtree/rtree.c`, "the on-disk format"), and
/// `rtreecheck()` accepts what this writes (`SpatialIndexBulkLoadTests`). Writing them needs SQLite's defensive mode
/// off, as GRDB leaves it.
enum RTreeBulkLoad {
    /// One entry: a row and its box, in degrees.
    struct Entry {
        var id: Int64
        var xmin: Double, xmax: Double, ymin: Double, ymax: Double
    }

    /// Rebuilding reads and writes every entry once; inserting costs about ten times that an entry. So the tree is
    /// rebuilt when the entries added or replaced are at least this share of the tree they make.
    static let rebuildShare = 0.125

    /// Brings `index` (`idx_<table>_<column>`) up to date: `entries` go in, after the entries of the rows `replacing`
    /// (rows whose geometry changed) come out. Rows above `newAbove` are new to the index; should it hold any, a
    /// rebuild drops them and an insert fails on them. By inserting each entry, or by rebuilding the tree when that is
    /// cheaper.
    static func update(
        _ db: Database, index: String, entries: [Entry], replacing: [Int64], newAbove: Int64?
    ) throws {
        let quoted = index.quotedDatabaseIdentifier
        let kept = try Int.fetchOne(db, sql: "SELECT count(*) FROM \("\(index)_rowid".quotedDatabaseIdentifier)") ?? 0
        let changes = entries.count + replacing.count
        if changes >= SetAsideSpatialTriggers.bulkRows, Double(changes) >= rebuildShare * Double(kept + entries.count),
           let nodeSize = try Int.fetchOne(db, sql: "SELECT length(data) FROM \("\(index)_node".quotedDatabaseIdentifier) WHERE nodeno = 1"),
           (nodeSize - 4) / 24 >= 2 {
            let replaced = Set(replacing)
            var all: [Entry] = []
            all.reserveCapacity(kept + entries.count)
            let standing = try Row.fetchCursor(db, sql: "SELECT pkid, xmin, xmax, ymin, ymax FROM \(quoted)")
            while let row = try standing.next() {
                let id: Int64 = row[0]
                if let newAbove, id > newAbove { continue }
                if replaced.contains(id) { continue }
                all.append(Entry(id: id, xmin: row[1], xmax: row[2], ymin: row[3], ymax: row[4]))
            }
            all += entries
            try write(db, index: index, entries: all, nodeSize: nodeSize)
            return
        }
        if !replacing.isEmpty {
            try TemporaryIDs.create(db, "replaced_entries", replacing)
            try db.execute(sql: "DELETE FROM \(quoted) WHERE pkid IN (SELECT id FROM temp.replaced_entries); DROP TABLE temp.replaced_entries")
        }
        let insert = try db.makeStatement(sql: "INSERT INTO \(quoted) (pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)")
        for entry in entries {
            var row = RowBinding(insert)
            row.integer(entry.id)
            row.real(entry.xmin)
            row.real(entry.xmax)
            row.real(entry.ymin)
            row.real(entry.ymax)
            try row.run(db)
        }
    }

    /// A node's cell: a row (at the leaves) or a child node, and its box as the R*Tree stores it.
    private struct Cell {
        var id: Int64
        var xmin: Float, xmax: Float, ymin: Float, ymax: Float
        var centreX: Float { (xmin + xmax) / 2 }
        var centreY: Float { (ymin + ymax) / 2 }
    }

    /// Replaces the tree's contents with `entries`, packed into full nodes level by level; the root is node 1.
    static func write(_ db: Database, index: String, entries: [Entry], nodeSize: Int) throws {
        // A two-dimensional R*Tree's cell: an 8-byte id and four 4-byte floats.
        let perNode = (nodeSize - 4) / 24
        guard perNode >= 2 else { throw StoreError.invalid("spatial index \(index): nodes of \(nodeSize) bytes hold fewer than two cells") }
        // Boxes widen outwards to 32-bit floats as the R*Tree rounds what it is given.
        var cells = entries.map {
            Cell(id: $0.id, xmin: down($0.xmin), xmax: up($0.xmax), ymin: down($0.ymin), ymax: up($0.ymax))
        }
        // Levels from the leaves up; each is a list of nodes, each a list of cells.
        var levels: [[[Cell]]] = []
        repeat {
            let nodes = pack(&cells, perNode: perNode)
            levels.append(nodes)
            cells = nodes.enumerated().map { k, node in
                var box = Cell(id: Int64(k), xmin: .infinity, xmax: -.infinity, ymin: .infinity, ymax: -.infinity)
                for c in node {
                    box.xmin = min(box.xmin, c.xmin)
                    box.xmax = max(box.xmax, c.xmax)
                    box.ymin = min(box.ymin, c.ymin)
                    box.ymax = max(box.ymax, c.ymax)
                }
                return box
            }
        } while levels.last!.count > 1
        // Node numbers top down: the root 1, then each level below in order.
        var firstNumber = Array(repeating: Int64(1), count: levels.count)
        var next: Int64 = 2
        for level in stride(from: levels.count - 2, through: 0, by: -1) {
            firstNumber[level] = next
            next += Int64(levels[level].count)
        }
        let node = "\(index)_node".quotedDatabaseIdentifier, rowid = "\(index)_rowid".quotedDatabaseIdentifier
        let parent = "\(index)_parent".quotedDatabaseIdentifier
        try db.execute(sql: "DELETE FROM \(node); DELETE FROM \(rowid); DELETE FROM \(parent)")
        let insertNode = try db.makeStatement(sql: "INSERT INTO \(node) (nodeno, data) VALUES (?, ?)")
        let insertParent = try db.makeStatement(sql: "INSERT INTO \(parent) (nodeno, parentnode) VALUES (?, ?)")
        var leafOf: [(row: Int64, node: Int64)] = []
        leafOf.reserveCapacity(entries.count)
        var data = [UInt8](repeating: 0, count: nodeSize)
        // Written root first, so each node number goes in ascending.
        for level in stride(from: levels.count - 1, through: 0, by: -1) {
            for (k, cellsOfNode) in levels[level].enumerated() {
                let number = firstNumber[level] + Int64(k)
                for i in data.indices { data[i] = 0 }
                // Two bytes of depth (read from the root only), two of cell count, then the cells, all big-endian.
                put(UInt64(number == 1 ? levels.count - 1 : 0), bytes: 2, at: 0, in: &data)
                put(UInt64(cellsOfNode.count), bytes: 2, at: 2, in: &data)
                for (c, cell) in cellsOfNode.enumerated() {
                    let offset = 4 + 24 * c
                    let id = level == 0 ? cell.id : firstNumber[level - 1] + cell.id
                    put(UInt64(bitPattern: id), bytes: 8, at: offset, in: &data)
                    put(UInt64(cell.xmin.bitPattern), bytes: 4, at: offset + 8, in: &data)
                    put(UInt64(cell.xmax.bitPattern), bytes: 4, at: offset + 12, in: &data)
                    put(UInt64(cell.ymin.bitPattern), bytes: 4, at: offset + 16, in: &data)
                    put(UInt64(cell.ymax.bitPattern), bytes: 4, at: offset + 20, in: &data)
                    if level == 0 {
                        leafOf.append((id, number))
                    } else {
                        var row = RowBinding(insertParent)
                        row.integer(id)
                        row.integer(number)
                        try row.run(db)
                    }
                }
                var row = RowBinding(insertNode)
                row.integer(number)
                row.blob(data)
                try row.run(db)
            }
        }
        // In rowid order, so the B-tree is appended to rather than split all over.
        leafOf.sort { $0.row < $1.row }
        let insertRow = try db.makeStatement(sql: "INSERT INTO \(rowid) (rowid, nodeno) VALUES (?, ?)")
        for (id, number) in leafOf {
            var row = RowBinding(insertRow)
            row.integer(id)
            row.integer(number)
            try row.run(db)
        }
    }

    /// Sort-tile-recursive: `cells` by x into vertical slices of about √(nodes) nodes each, each slice by y, cut into
    /// full nodes.
    private static func pack(_ cells: inout [Cell], perNode: Int) -> [[Cell]] {
        if cells.isEmpty { return [[]] }
        let nodes = (cells.count + perNode - 1) / perNode
        let slices = Int(Double(nodes).squareRoot().rounded(.up))
        let perSlice = slices * perNode
        cells.sort { $0.centreX != $1.centreX ? $0.centreX < $1.centreX : $0.id < $1.id }
        var packed: [[Cell]] = []
        packed.reserveCapacity(nodes)
        var start = 0
        while start < cells.count {
            let end = min(start + perSlice, cells.count)
            cells[start..<end].sort { $0.centreY != $1.centreY ? $0.centreY < $1.centreY : $0.id < $1.id }
            var from = start
            while from < end {
                let to = min(from + perNode, end)
                packed.append(Array(cells[from..<to]))
                from = to
            }
            start = end
        }
        return packed
    }

    private static func put(_ value: UInt64, bytes: Int, at offset: Int, in data: inout [UInt8]) {
        for i in 0..<bytes { data[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(bytes - 1 - i))) }
    }

    /// `value` as a 32-bit float at or below it, rounded as SQLite's R*Tree rounds a box's lower edge
    /// (`rtreeValueDown`): the same bytes whichever way an entry went in.
    static func down(_ value: Double) -> Float {
        let f = Float(value)
        return Double(f) > value ? Float(value * (value < 0 ? awayFromZero : towardsZero)) : f
    }

    /// `value` as a 32-bit float at or above it, as SQLite rounds a box's upper edge (`rtreeValueUp`).
    static func up(_ value: Double) -> Float {
        let f = Float(value)
        return Double(f) < value ? Float(value * (value < 0 ? towardsZero : awayFromZero)) : f
    }

    private static let towardsZero = 1.0 - 1.0 / 8_388_608.0
    private static let awayFromZero = 1.0 + 1.0 / 8_388_608.0
}
