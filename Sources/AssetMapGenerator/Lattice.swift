import Foundation

/// The national lattice every borough is cut from: a regular grid of ~167 m cells whose vertices
/// are jittered by a stateless hash of their global position, so that neighbouring areas (and
/// neighbouring boroughs) share exactly the same boundary vertices: no gaps, no overlaps.
enum Lattice {
    /// Cells along each side of a borough (60 × ~167 m ≈ 10 km).
    static let cellsPerSide = 60
    /// South-west corner of the first borough, so that it is centred near lon −2.3, lat 53.4.
    static let originLon = -2.375
    static let originLat = 53.355
    static let stepLon = 0.0025
    static let stepLat = 0.0015

    /// A lattice vertex, jittered by up to a quarter cell each way (which keeps every cell convex).
    static func vertex(seed: UInt64, gi: Int, gj: Int) -> (lon: Double, lat: Double) {
        let key = UInt64(bitPattern: Int64(gi)) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: Int64(gj))
        let h = SeededRandom.mix(seed ^ SeededRandom.mix(key))
        let jx = (Double(h & 0xFFFF) / 65535.0 - 0.5) * 0.5
        let jy = (Double((h >> 16) & 0xFFFF) / 65535.0 - 0.5) * 0.5
        return (originLon + (Double(gi) + jx) * stepLon, originLat + (Double(gj) + jy) * stepLat)
    }

    /// The position of the `index`th borough on a square spiral around the first, so that any number
    /// of boroughs tile outward into one contiguous region.
    static func spiral(_ index: Int) -> (x: Int, y: Int) {
        if index == 0 { return (0, 0) }
        // Ring r holds 8r boroughs, after (2r−1)² in the rings inside it.
        var r = 1
        while (2 * r + 1) * (2 * r + 1) <= index { r += 1 }
        var k = index - (2 * r - 1) * (2 * r - 1)
        let side = 2 * r
        // East side going north, then north side going west, west side south, south side east.
        if k < side { return (r, -r + 1 + k) }
        k -= side
        if k < side { return (r - 1 - k, r) }
        k -= side
        if k < side { return (-r, r - 1 - k) }
        k -= side
        return (-r + 1 + k, -r)
    }
}

/// Boundary tracing of a set of lattice cells into GeoJSON-ready polygons.
enum CellOutline {
    /// The polygons covering the cells where `member` is true (cells are `j * n + i`): each polygon
    /// is a list of rings of lattice vertices (`j * (n + 1) + i`), outer ring first and counter-
    /// clockwise, holes clockwise (RFC 7946), rings not closed. Cells touching only at a corner are
    /// separate parts, so every ring is simple.
    static func polygons(cells: [Int], n: Int, member: (Int) -> Bool) -> [[[Int]]] {
        let stride = n + 1
        var from: [Int] = [], to: [Int] = [], left: [Int] = []
        from.reserveCapacity(cells.count * 2)
        func isIn(_ i: Int, _ j: Int) -> Bool {
            i >= 0 && j >= 0 && i < n && j < n && member(j * n + i)
        }
        for c in cells {
            let i = c % n, j = c / n
            let v00 = j * stride + i, v10 = v00 + 1, v01 = v00 + stride, v11 = v01 + 1
            // Each side with the cell on its left, so outer rings run counter-clockwise.
            if !isIn(i, j - 1) { from.append(v00); to.append(v10); left.append(c) }
            if !isIn(i + 1, j) { from.append(v10); to.append(v11); left.append(c) }
            if !isIn(i, j + 1) { from.append(v11); to.append(v01); left.append(c) }
            if !isIn(i - 1, j) { from.append(v01); to.append(v00); left.append(c) }
        }
        var outgoing: [Int: [Int]] = [:]
        for e in 0..<from.count { outgoing[from[e], default: []].append(e) }
        var used = [Bool](repeating: false, count: from.count)

        // 4-connected components, numbered in cell order, so output order is stable.
        var component: [Int: Int] = [:]
        var components = 0
        for c in cells where component[c] == nil {
            var stack = [c]
            component[c] = components
            while let x = stack.popLast() {
                let i = x % n, j = x / n
                for (di, dj) in [(1, 0), (-1, 0), (0, 1), (0, -1)] where isIn(i + di, j + dj) {
                    let y = (j + dj) * n + (i + di)
                    if component[y] == nil { component[y] = components; stack.append(y) }
                }
            }
            components += 1
        }

        var outer = [[Int]?](repeating: nil, count: components)
        var holes = [[[Int]]](repeating: [], count: components)
        func direction(_ e: Int) -> (Int, Int) {
            let a = from[e], b = to[e]
            return (b % stride - a % stride, b / stride - a / stride)
        }
        for start in 0..<from.count where !used[start] {
            var ring: [Int] = []
            var e = start
            var doubledArea = 0
            while true {
                used[e] = true
                ring.append(from[e])
                let ax = from[e] % stride, ay = from[e] / stride
                let bx = to[e] % stride, by = to[e] / stride
                doubledArea += ax * by - bx * ay
                let v = to[e]
                if v == from[start] { break }
                let candidates = (outgoing[v] ?? []).filter { !used[$0] }
                if candidates.count == 1 {
                    e = candidates[0]
                } else {
                    // At a pinch point keep hugging the same cell: the left turn first.
                    let (dx, dy) = direction(e)
                    let preferences = [(-dy, dx), (dx, dy), (dy, -dx)]
                    var next = candidates[0]
                    search: for p in preferences {
                        for cand in candidates where direction(cand) == p { next = cand; break search }
                    }
                    e = next
                }
            }
            let comp = component[left[start]]!
            if doubledArea > 0 { outer[comp] = ring } else { holes[comp].append(ring) }
        }
        var result: [[[Int]]] = []
        for comp in 0..<components {
            guard let ring = outer[comp] else { continue }
            result.append([ring] + holes[comp])
        }
        return result
    }
}
