import AssetMapCore
import AssetMapStore
import Foundation

/// What clustering knows of each record: identity, current entity, and the registry numbers that must never meet.
struct ClusterRecord {
    var recordID: Int64
    var entityID: Int64?
    var kind: EntityKind
    var charity: Int32
    var company: Int32
}

/// Union–find over records with constraints: human "same" decisions join first and always; then links,
/// strongest first, join unless they would put two different charity (or company) numbers, two kinds, or two
/// records a person said were different into one cluster, or would chain two groups that barely know each other.
struct Clusterer {
    private var parent: [Int32]
    private var size: [Int32]
    /// Per root: the charity and company number of the cluster (-1 none, -2 already mixed by a human decision).
    private var charity: [Int32]
    private var company: [Int32]
    private var kinds: [EntityKind]
    /// Per root: records some member must never join.
    private var cannot: [Int32: [Int32]] = [:]
    private(set) var refused = 0
    /// Links refused because the two clusters shared too few likely pairs.
    private(set) var unsupported = 0

    /// One kept pair, as seen from one of its records.
    struct Neighbour {
        var record: Int32
        var weight: Float
        /// At or above the review threshold.
        var likely: Bool
    }

    /// Every kept pair, by record: the evidence a join between two clusters must have enough of. Without it one
    /// strong link chained "Bramthorpe Youth Centre" to "Bramthorpe Park Lodge" through their shared place, and
    /// clusters of 20–30 different buildings formed: two thirds of the false links on the generated 100k.
    private var neighbours: [Int32: [Neighbour]] = [:]
    /// Members per root, for roots of more than one record.
    private var members: [Int32: [Int32]] = [:]
    /// Share of the pairs across two clusters that must be likely for a link to join them. At 1.0 (every pair)
    /// the generated 100k's F1 rose from 0.50 to 0.62 (0.5: 0.57, 0.8: 0.61), with recall 0.673 → 0.651.
    var support = 1.0
    /// Or the mean weight of the pairs across, in bits, at which a link joins two clusters without that support: on
    /// average sixteen times likelier the same than not. One list's duplicates of one thing each differ from it in
    /// their own way, and so from each other in two (FEBRL3's clusters of up to six records); a chain through one
    /// shared place has pairs across that are as good as never the same. Replaying the stored pairs at 2 / 3 / 4 / 5
    /// bits: the generated 100k 0.6938 → 0.6959 / 0.6954 / 0.6966 / 0.6963, the generated 1M 0.6522 → 0.6504 /
    /// 0.6507 / 0.6526, FEBRL3 0.8646 → 0.8950 / 0.8903 / 0.8867 / 0.8807.
    var meanWeight = 4.0
    /// The weight a pair across counts for when it was not kept (never compared, or scored below the keep
    /// threshold): that of the least likely pair kept.
    let unseenWeight: Double
    /// Per root: a person joined some of its members. Such a cluster is one thing by decision, so a link to it
    /// needs no support from each member (one of them may be a record the model alone would not have put there).
    private var decided: [Bool]

    /// `keepThreshold`: the probability below which pairs were not kept.
    init(_ records: [ClusterRecord], keepThreshold: Double = MatchOptions.defaultKeepThreshold) {
        unseenWeight = log2(keepThreshold / (1 - keepThreshold))
        parent = (0..<Int32(records.count)).map { $0 }
        size = Array(repeating: 1, count: records.count)
        charity = records.map(\.charity)
        company = records.map(\.company)
        kinds = records.map(\.kind)
        decided = Array(repeating: false, count: records.count)
    }

    mutating func find(_ x: Int32) -> Int32 {
        var root = x
        while parent[Int(root)] != root { root = parent[Int(root)] }
        var node = x
        while parent[Int(node)] != root {
            let next = parent[Int(node)]
            parent[Int(node)] = root
            node = next
        }
        return root
    }

    /// Records that a person said are different: they never end up together through automatic links.
    mutating func forbid(_ a: Int32, _ b: Int32) {
        let ra = find(a), rb = find(b)
        cannot[ra, default: []].append(b)
        cannot[rb, default: []].append(a)
    }

    /// A human "same": joins regardless of the model (human decisions win), but still never across kinds.
    @discardableResult
    mutating func force(_ a: Int32, _ b: Int32) -> Bool {
        let ra = find(a), rb = find(b)
        guard ra != rb, kinds[Int(ra)] == kinds[Int(rb)] else { return ra == rb }
        union(ra, rb, mixed: true)
        return true
    }

    /// Records a kept pair (links included), before any `link`.
    mutating func addPair(_ a: Int32, _ b: Int32, weight: Double, likely: Bool) {
        neighbours[a, default: []].append(Neighbour(record: b, weight: Float(weight), likely: likely))
        neighbours[b, default: []].append(Neighbour(record: a, weight: Float(weight), likely: likely))
    }

    /// An automatic link: joins when no constraint forbids it.
    @discardableResult
    mutating func link(_ a: Int32, _ b: Int32) -> Bool {
        let ra = find(a), rb = find(b)
        if ra == rb { return true }
        guard kinds[Int(ra)] == kinds[Int(rb)], compatible(charity[Int(ra)], charity[Int(rb)]),
              compatible(company[Int(ra)], company[Int(rb)]), !forbidden(ra, rb)
        else {
            refused += 1
            return false
        }
        let sizeA = Int(size[Int(ra)]), sizeB = Int(size[Int(rb)])
        if sizeA + sizeB > 2 && !decided[Int(ra)] && !decided[Int(rb)] {
            // Kept pairs across the two clusters, counted from the smaller side.
            let (small, other) = sizeA <= sizeB ? (ra, rb) : (rb, ra)
            var likelyAcross = 0, seen = 0, sum = 0.0
            for x in members[small] ?? [small] {
                for n in neighbours[x] ?? [] where find(n.record) == other {
                    seen += 1
                    sum += Double(n.weight)
                    if n.likely { likelyAcross += 1 }
                }
            }
            let across = sizeA * sizeB
            let mean = (sum + Double(across - seen) * unseenWeight) / Double(across)
            if Double(likelyAcross) < support * Double(across) && mean < meanWeight {
                unsupported += 1
                return false
            }
        }
        union(ra, rb, mixed: false)
        return true
    }

    private func compatible(_ x: Int32, _ y: Int32) -> Bool {
        x == -1 || y == -1 || (x == y && x != -2)
    }

    private mutating func forbidden(_ ra: Int32, _ rb: Int32) -> Bool {
        let (small, other) = (cannot[ra]?.count ?? 0) <= (cannot[rb]?.count ?? 0) ? (ra, rb) : (rb, ra)
        guard let list = cannot[small] else { return false }
        for x in list where find(x) == other { return true }
        return false
    }

    private mutating func union(_ ra: Int32, _ rb: Int32, mixed: Bool) {
        let (big, small) = size[Int(ra)] >= size[Int(rb)] ? (ra, rb) : (rb, ra)
        parent[Int(small)] = big
        size[Int(big)] += size[Int(small)]
        decided[Int(big)] = decided[Int(big)] || decided[Int(small)] || mixed
        let moving = members.removeValue(forKey: small) ?? [small]
        members[big, default: [big]].append(contentsOf: moving)
        func merge(_ x: Int32, _ y: Int32) -> Int32 { x == -1 ? y : (y == -1 || x == y ? x : -2) }
        charity[Int(big)] = merge(charity[Int(big)], charity[Int(small)])
        company[Int(big)] = merge(company[Int(big)], company[Int(small)])
        if let moved = cannot.removeValue(forKey: small) { cannot[big, default: []].append(contentsOf: moved) }
    }

    /// Cluster of each record, as the index of its root.
    mutating func roots() -> [Int32] { (0..<Int32(parent.count)).map { find($0) } }
}

/// Turns clusters into entity changes that keep ids stable: each cluster keeps the lowest existing entity id of
/// its members not already kept by an earlier cluster; a cluster with none gets a new entity; entities left
/// empty redirect to where most of their records went.
enum EntityPlanner {
    static func plan(records: [ClusterRecord], roots: [Int32]) -> EntityPlan {
        var clusters: [Int32: [Int]] = [:]
        for (i, root) in roots.enumerated() { clusters[root, default: []].append(i) }
        struct Cluster {
            var members: [Int]
            var candidates: [Int64]
        }
        var list: [Cluster] = clusters.values.map { members in
            let ids = Set(members.compactMap { records[$0].entityID }).sorted()
            return Cluster(members: members, candidates: ids)
        }
        // Clusters holding the oldest entities choose first; the larger one keeps an id two clusters share.
        list.sort { a, b in
            let x = a.candidates.first ?? .max, y = b.candidates.first ?? .max
            if x != y { return x < y }
            if a.members.count != b.members.count { return a.members.count > b.members.count }
            return records[a.members[0]].recordID < records[b.members[0]].recordID
        }
        var plan = EntityPlan()
        var claimed: Set<Int64> = []
        var destination: [Int64: [Int64: Int]] = [:]
        for cluster in list {
            let target: Int64
            if let keep = cluster.candidates.first(where: { !claimed.contains($0) }) {
                target = keep
                claimed.insert(keep)
            } else {
                plan.newEntities.append(records[cluster.members[0]].kind)
                target = -Int64(plan.newEntities.count)
            }
            var moved = false
            for i in cluster.members {
                let r = records[i]
                if let old = r.entityID { destination[old, default: [:]][target, default: 0] += 1 }
                if r.entityID != target {
                    plan.moves.append((r.recordID, target))
                    moved = true
                }
            }
            if moved && target > 0 { plan.kindChanges.append((target, records[cluster.members[0]].kind)) }
        }
        for (old, targets) in destination where !claimed.contains(old) {
            let to = targets.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key
            plan.redirects.append((old, to))
        }
        plan.redirects.sort { $0.from < $1.from }
        return plan
    }
}
