import AssetMapCore
import Foundation

/// Candidate pairs: records of one kind that share a blocking key (postcode unit, phone, email, organisation
/// domain, registry number, UPRN, a rare name word or pair of words, a rare word with one letter dropped, an
/// acronym, a whole name, a rare address word where no precise point places the record), or whose precise points lie
/// close together on a grid. Never all pairs.
struct Blocker {
    /// Key groups larger than this are skipped: a key shared that widely says little (a switchboard, "Trussell Trust").
    var maxGroup = 300
    /// The same for keys made of name words alone, with no place in them (a whole name, a rare word, two words).
    var maxWordGroup = 100
    /// A name word rarer than this (records of the kind using it) is a key on its own.
    var rareToken = 40
    /// A rare name word at least this long is also a key with each of its letters dropped in turn, so that one
    /// typo ("Zebracorn", "Zebracron", "Zebraorn") still meets: two words one edit apart share such a form.
    /// Lists with no postcodes or contacts otherwise met only through exact words (FEBRL3: 47% of its true
    /// pairs were never compared).
    var typoTokenLength = 5
    /// A name word up to this common is a key together with the postcode district.
    var districtToken = 2_000
    /// Grid cell side and pairing radius for precise points, metres.
    var cell = 150.0
    /// Cells holding more points than this are paired only within `denseRadius`.
    var maxCell = 400
    var denseRadius = 30.0

    private enum KeyType: UInt64 {
        case unit = 1, phone, email, domain, charity, company, uprn, name, nameDistrict, token, tokenPair, tokenDistrict, acronym, typo
        case addressWord
    }

    @inline(__always) private func key(_ type: KeyType, _ kind: Int, _ a: Int32, _ b: Int32 = 0) -> UInt64 {
        (type.rawValue << 58) | (UInt64(kind) << 56) | ((UInt64(UInt32(a)) & 0xFF_FFFF) << 24 | UInt64(UInt32(b)) & 0xFF_FFFF)
    }

    /// Candidate pairs (i << 32 | j, i < j, indexes into `features.records`), sorted and distinct.
    /// With `onlyDirty`, only pairs with at least one new or changed record.
    func pairs(_ features: FeatureSet, onlyDirty: Bool) -> [UInt64] {
        let records = features.records
        // Keys go into buckets by a hash of the key, so that each key's records lie in one bucket, and the buckets are
        // sorted and turned into pairs on every core, where one sort of every key ran on one core.
        var buckets = [[(key: UInt64, index: Int32)]](repeating: [], count: Self.buckets)
        for b in buckets.indices { buckets[b].reserveCapacity(records.count * 8 / Self.buckets) }
        func add(_ key: UInt64, _ i: Int32) {
            buckets[Int(((key ^ key >> 31) &* 0x9E37_79B9_7F4A_7C15) >> (64 - Self.bucketBits))].append((key, i))
        }
        let addressDF = Self.addressWordCounts(features)
        // One-word names that could be acronyms ("TCC"), paired below only with names they abbreviate.
        var shortNames: [UInt64: [Int32]] = [:]
        // A rare word's one-letter-dropped forms, by token id, made once per word.
        var typoForms: [Int32: [UInt64]] = [:]
        for (index, r) in records.enumerated() {
            let i = Int32(index), k = r.kind
            if r.unit >= 0 { add(key(.unit, k, r.unit), i) }
            if r.writtenPostcode >= 0 { add(key(.unit, k, r.writtenPostcode), i) }
            if r.phone >= 0 { add(key(.phone, k, r.phone), i) }
            if r.email >= 0 { add(key(.email, k, r.email), i) }
            for d in r.domains { add(key(.domain, k, d), i) }
            if r.charity >= 0 { add(key(.charity, k, r.charity), i) }
            if r.company >= 0 { add(key(.company, k, r.company), i) }
            if r.uprn >= 0 { add(key(.uprn, k, r.uprn), i) }
            // A record that no precise point places meets others at its address through the address's rarest words
            // (not its numbers): a duplicate whose name has a whole word replaced shares neither name word nor point.
            // FEBRL3: 442 of its 6,538 true pairs went uncompared or unkept; with this key its F1 went 0.8855 → 0.8895.
            if !(r.hasPoint && r.precise) && !r.addressTokens.isEmpty {
                let words = r.addressTokens.filter { !addressDF.numeric[Int($0)] }
                for (t, count) in Self.rarestTwo(words, counts: addressDF.counts[k]) where count <= rareToken {
                    add(key(.addressWord, k, t), i)
                }
            }
            for form in r.names {
                add(key(.name, k, form.full), i)
                if r.locality >= 0 { add(key(.nameDistrict, k, form.full, r.locality), i) }
                if form.short >= 0 { shortNames[key(.acronym, k, form.short), default: []].append(i) }
                // The rarest words carry the name's identity.
                let ranked = Self.rarestTwo(form.tokens, counts: features.tokenDF[k])
                for (t, count) in ranked {
                    if count <= rareToken {
                        add(key(.token, k, t), i)
                        let forms = typoForms[t] ?? Self.typoForms(features.nameTokens.strings[Int(t)], minimumLength: typoTokenLength)
                        typoForms[t] = forms
                        for form in forms { add(key(.typo, k, Int32(form >> 24 & 0xFF_FFFF), Int32(form & 0xFF_FFFF)), i) }
                    }
                    if count <= districtToken, r.locality >= 0 { add(key(.tokenDistrict, k, t, r.locality), i) }
                }
                if ranked.count >= 2 {
                    let x = min(ranked[0].0, ranked[1].0), y = max(ranked[0].0, ranked[1].0)
                    add(key(.tokenPair, k, x, y), i)
                }
            }
        }
        var parts = buckets.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendableBuffer(buffer: buffer)
            return onEveryCore(count: Self.buckets, atLeast: 1) { range in
                var out: [UInt64] = []
                for b in range {
                    shared.buffer[b].sort { $0.key < $1.key || ($0.key == $1.key && $0.index < $1.index) }
                    let entries = shared.buffer[b]
                    shared.buffer[b] = []
                    var start = 0
                    while start < entries.count {
                        var end = start + 1
                        while end < entries.count && entries[end].key == entries[start].key { end += 1 }
                        let size = end - start
                        let type = entries[start].key >> 58
                        let countryWide = type == KeyType.name.rawValue || type == KeyType.token.rawValue
                            || type == KeyType.tokenPair.rawValue || type == KeyType.typo.rawValue || type == KeyType.addressWord.rawValue
                        let limit = countryWide ? maxWordGroup : maxGroup
                        if size >= 2 && size <= limit {
                            emitGroup(entries[start..<end].map(\.index), records: records, onlyDirty: onlyDirty, into: &out)
                        }
                        start = end
                    }
                }
                return out
            }
        }
        buckets = []
        var out: [UInt64] = []
        if !shortNames.isEmpty {
            for (index, r) in records.enumerated() {
                for form in r.names {
                    for a in form.acronyms {
                        guard let shorts = shortNames[key(.acronym, r.kind, a)], shorts.count <= maxGroup else { continue }
                        for j in shorts where j != Int32(index) && (!onlyDirty || r.dirty || records[Int(j)].dirty) {
                            let lo = min(Int32(index), j), hi = max(Int32(index), j)
                            out.append(UInt64(UInt32(lo)) << 32 | UInt64(UInt32(hi)))
                        }
                    }
                }
            }
        }
        parts.append(out)
        out = []
        parts += spatialPairs(records, onlyDirty: onlyDirty)
        return Self.distinctSorted(&parts, records: records.count)
    }

    /// The two rarest of `words` by `counts` (ties by word id), rarest first, with their counts.
    static func rarestTwo(_ words: [Int32], counts: [Int32]) -> ArraySlice<(Int32, Int32)> {
        var ranked = words.map { ($0, counts[Int($0)]) }
        ranked.sort { (x: (Int32, Int32), y: (Int32, Int32)) -> Bool in x.1 != y.1 ? x.1 < y.1 : x.0 < y.0 }
        return ranked.prefix(2)
    }

    /// Records of each kind using each address word (`FeatureSet.addressTokens`), of records without a precise point,
    /// and which words are numbers.
    static func addressWordCounts(_ features: FeatureSet) -> (counts: [[Int32]], numeric: [Bool]) {
        let words = features.addressTokens.strings
        var counts = [[Int32]](repeating: Array(repeating: 0, count: words.count), count: 3)
        for r in features.records where !(r.hasPoint && r.precise) {
            for t in r.addressTokens { counts[r.kind][Int(t)] += 1 }
        }
        let numeric = words.map { $0.utf8.allSatisfy(ASCIIByte.isDigit) }
        return (counts, numeric)
    }

    /// Key buckets (`pairs`): enough for two a core on most machines.
    private static let bucketBits = 3
    private static let buckets = 1 << bucketBits

    /// The pairs (i << 32 | j, i < j < `records`) of every part, sorted and distinct; the parts are emptied. Placed by
    /// their first record (a counting sort), then each record's partners sorted on every core, where one sort of every
    /// pair found (38.8M distinct at 1M, more with repeats) ran on one core.
    static func distinctSorted(_ parts: inout [[UInt64]], records: Int) -> [UInt64] {
        // Where each record's partners begin, and after the last record, how many there are.
        var offsets = [Int](repeating: 0, count: records + 1)
        for part in parts { for p in part { offsets[Int(p >> 32) + 1] += 1 } }
        for i in 0..<records { offsets[i + 1] += offsets[i] }
        let start = offsets
        offsets = []
        var partners = [UInt32](repeating: 0, count: start[records])
        var next = start
        for k in parts.indices {
            for p in parts[k] {
                let i = Int(p >> 32)
                partners[next[i]] = UInt32(truncatingIfNeeded: p)
                next[i] += 1
            }
            parts[k] = []
        }
        next = []
        let runs = partners.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendableBuffer(buffer: buffer)
            return onEveryCore(count: records, atLeast: 10_000) { range in
                var result: [UInt64] = []
                result.reserveCapacity(start[range.upperBound] - start[range.lowerBound])
                for i in range where start[i + 1] > start[i] {
                    var run = UnsafeMutableBufferPointer(rebasing: shared.buffer[start[i]..<start[i + 1]])
                    run.sort()
                    // Partners are below `records`, so no pair is taken for the one before the first.
                    var last = UInt32.max
                    for j in run where j != last {
                        result.append(UInt64(i) << 32 | UInt64(j))
                        last = j
                    }
                }
                return result
            }
        }
        var unique: [UInt64] = []
        unique.reserveCapacity(runs.reduce(0) { $0 + $1.count })
        for run in runs { unique.append(contentsOf: run) }
        return unique
    }

    /// A word and its forms with one letter dropped, as 48-bit hashes (FNV-1a), distinct: empty for short words.
    /// A substitution or a swap of neighbours leaves both words with a dropped form in common, and an extra or a
    /// missing letter leaves one word equal to a dropped form of the other.
    static func typoForms(_ word: String, minimumLength: Int) -> [UInt64] {
        let bytes = Array(word.utf8)
        guard bytes.count >= minimumLength else { return [] }
        func hash(skipping skip: Int) -> UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for (i, b) in bytes.enumerated() where i != skip {
                h = (h ^ UInt64(b)) &* 0x100_0000_01b3
            }
            return (h ^ (h >> 48)) & 0xFFFF_FFFF_FFFF
        }
        var forms = [hash(skipping: -1)]
        for skip in bytes.indices where skip == 0 || bytes[skip] != bytes[skip - 1] { forms.append(hash(skipping: skip)) }
        return forms
    }

    private func emitGroup(_ members: [Int32], records: [Prepared], onlyDirty: Bool, into out: inout [UInt64]) {
        // Distinct members (one record may carry a key twice through an alternate name).
        var list = members
        if list.count > 1 {
            var w = 1
            for r in 1..<list.count where list[r] != list[w - 1] {
                list[w] = list[r]
                w += 1
            }
            list.removeLast(list.count - w)
        }
        if onlyDirty && !list.contains(where: { records[Int($0)].dirty }) { return }
        for x in 0..<list.count {
            let i = list[x]
            let di = records[Int(i)].dirty
            for y in (x + 1)..<list.count {
                let j = list[y]
                if onlyDirty && !di && !records[Int(j)].dirty { continue }
                out.append(UInt64(UInt32(i)) << 32 | UInt64(UInt32(j)))
            }
        }
    }

    /// Precise points of the same kind within `cell` metres, through a grid (each cell against itself and four
    /// neighbours); the cells are paired on every core, each run of cells into a part of its own.
    private func spatialPairs(_ records: [Prepared], onlyDirty: Bool) -> [[UInt64]] {
        var cellMembers: [Int64: [Int32]] = [:]
        for (i, r) in records.enumerated() where r.hasPoint && r.precise {
            let cx = Int64((r.x / cell).rounded(.down)), cy = Int64((r.y / cell).rounded(.down))
            cellMembers[(cx << 32 ^ (cy & 0xFFFF_FFFF)) << 2 | Int64(r.kind), default: []].append(Int32(i))
        }
        let grid = cellMembers, cells = Array(grid)
        // The points alone: a whole record read per neighbour retained its arrays each time.
        let points = records.map { SpatialPoint(x: $0.x, y: $0.y, dirty: $0.dirty) }
        return onEveryCore(count: cells.count, atLeast: 1_000) { range in
            var out: [UInt64] = []
            for (key, members) in cells[range] { pairCell(key, members, grid: grid, points: points, onlyDirty: onlyDirty, into: &out) }
            return out
        }
    }

    private struct SpatialPoint {
        var x: Double
        var y: Double
        var dirty: Bool
    }

    /// One cell's pairs: within itself, and with the four neighbours after it.
    private func pairCell(
        _ key: Int64, _ members: [Int32], grid: [Int64: [Int32]], points: [SpatialPoint], onlyDirty: Bool, into out: inout [UInt64]
    ) {
        let radius2 = cell * cell, dense2 = denseRadius * denseRadius
        let kind = key & 3
        let cx = key >> 34, cy = Int64(Int32(truncatingIfNeeded: key >> 2))
        for (dx, dy) in [(0, 0), (1, 0), (-1, 1), (0, 1), (1, 1)] as [(Int64, Int64)] {
            let otherKey = ((cx + dx) << 32 ^ ((cy + dy) & 0xFFFF_FFFF)) << 2 | kind
            guard let others = dx == 0 && dy == 0 ? members : grid[otherKey] else { continue }
            let limit = members.count + others.count > maxCell ? dense2 : radius2
            for (x, i) in members.enumerated() {
                let a = points[Int(i)]
                let startIndex = dx == 0 && dy == 0 ? x + 1 : 0
                guard startIndex < others.count else { continue }
                for j in others[startIndex...] {
                    let b = points[Int(j)]
                    if onlyDirty && !a.dirty && !b.dirty { continue }
                    let ddx = a.x - b.x, ddy = a.y - b.y
                    if ddx * ddx + ddy * ddy > limit { continue }
                    let lo = min(i, j), hi = max(i, j)
                    out.append(UInt64(UInt32(lo)) << 32 | UInt64(UInt32(hi)))
                }
            }
        }
    }
}
