import AssetMapCore
import Foundation

/// A Fellegi–Sunter model: for each kind, the prior odds of a match among candidate pairs, and for each
/// comparison level the probability of it among true matches (m, learned by EM) and among unrelated pairs
/// (u, from random pairs). A level's weight is log2(m / u) bits.
public struct MatchModel: Codable, Sendable, Equatable {
    /// Parameters of one kind (organisation, service, place), in `EntityKind.allCases` order.
    public struct Kind: Codable, Sendable, Equatable {
        /// P(match) among candidate pairs, learned by EM.
        public var lambda: Double
        /// m[comparison][level].
        public var m: [[Double]]
        /// u[comparison][level].
        public var u: [[Double]]
        /// Candidate pairs EM learned from, and random pairs u came from.
        public var trainingPairs: Int
        public var randomPairs: Int
        public var iterations: Int
        enum CodingKeys: String, CodingKey {
            case lambda, m, u, iterations
            case trainingPairs = "training_pairs"
            case randomPairs = "random_pairs"
        }
    }

    public var kinds: [Kind]
    public var version = 1

    /// The model before any data: priors only.
    public static var prior: MatchModel {
        let kind = Kind(
            lambda: 0.05, m: Comparison.allCases.map(\.priorM), u: Comparison.allCases.map(\.priorU),
            trainingPairs: 0, randomPairs: 0, iterations: 0)
        return MatchModel(kinds: [kind, kind, kind])
    }

    /// log2 Bayes factor of one level.
    public func weight(kind: Int, comparison: Comparison, level: Int) -> Double {
        let k = kinds[kind]
        return log2(k.m[comparison.rawValue][level] / k.u[comparison.rawValue][level])
    }

    /// log2 prior odds of a match among candidate pairs.
    public func priorWeight(kind: Int) -> Double {
        let l = kinds[kind].lambda
        return log2(l / (1 - l))
    }

    /// The kind index of an entity kind.
    public static func kindIndex(_ kind: EntityKind) -> Int { FeatureSet.kindIndex(kind) }

    /// Term-frequency adjustment of an exact level: a common exact value ("Fire Station", a shared switchboard)
    /// is weaker evidence than the average exact value, a rare one stronger (as Splink does it).
    func tfAdjustment(kind: Int, comparison: Comparison, frequency: Float) -> Double {
        guard frequency > 0 else { return 0 }
        let uExact = kinds[kind].u[comparison.rawValue][0]
        let adjustment = log2(uExact / Double(frequency))
        // Rare values may add a little, never a lot: identical rare names still need other evidence.
        return min(adjustment, 3)
    }

    /// Total weight (prior included) and the term-frequency part of it.
    func score(_ v: PairVector, kind: Int) -> (weight: Double, tf: Double) {
        var w = priorWeight(kind: kind)
        let k = kinds[kind]
        for c in 0..<PairVector.count {
            let level = Int(v[c])
            if level >= 0 { w += log2(k.m[c][level] / k.u[c][level]) }
        }
        var tf = 0.0
        if v[Comparison.name.rawValue] == 0 { tf += tfAdjustment(kind: kind, comparison: .name, frequency: v.nameFrequency) }
        if v[Comparison.phone.rawValue] == 0 { tf += tfAdjustment(kind: kind, comparison: .phone, frequency: v.phoneFrequency) }
        if v[Comparison.email.rawValue] == 0 { tf += tfAdjustment(kind: kind, comparison: .email, frequency: v.emailFrequency) }
        return (w + tf, tf)
    }

    /// Probability from a log2 weight.
    public static func probability(_ weight: Double) -> Double { 1 / (1 + exp2(-weight)) }
}

/// Learns a model: u from random pairs of each kind, m and the prior by expectation–maximisation on candidate pairs.
struct Trainer {
    /// Pseudo-counts of the priors on m: enough to steady a small list, little against thousands of pairs.
    var priorStrength = 30.0
    var uPriorStrength = 20.0
    var randomPairs = 150_000
    var maxIterations = 60

    func train(features: FeatureSet, pairs: [UInt64], vectors: [PairVector]) -> MatchModel {
        var model = MatchModel.prior
        let comparer = Comparer(features: features)
        // Records of each kind, for sampling.
        var byKind: [[Int32]] = [[], [], []]
        for (i, r) in features.records.enumerated() { byKind[r.kind].append(Int32(i)) }
        for kind in 0..<3 {
            model.kinds[kind].u = estimateU(byKind[kind], comparer: comparer, kind: kind)
            model.kinds[kind].randomPairs = min(randomPairs, byKind[kind].count * (byKind[kind].count - 1) / 2)
        }
        // Candidate pairs by comparison pattern: EM runs on a few thousand distinct patterns, not millions of pairs.
        var patterns: [[UInt64: Double]] = [[:], [:], [:]]
        for (index, pair) in pairs.enumerated() {
            let kind = features.records[Int(pair >> 32)].kind
            patterns[kind][vectors[index].pattern, default: 0] += 1
        }
        for kind in 0..<3 where !patterns[kind].isEmpty {
            em(&model.kinds[kind], patterns: patterns[kind])
        }
        return model
    }

    /// u: how often unrelated records land on each level, from random pairs (smoothed towards the prior).
    func estimateU(_ members: [Int32], comparer: Comparer, kind: Int) -> [[Double]] {
        var counts = Comparison.allCases.map { Array(repeating: 0.0, count: $0.levels.count) }
        let n = members.count
        if n >= 2 {
            var rng = SplitMix(seed: 0x5EED_0000 + UInt64(kind))
            let all = n * (n - 1) / 2
            if all <= randomPairs {
                for x in 0..<n { for y in (x + 1)..<n { add(comparer.compare(Int(members[x]), Int(members[y])), &counts) } }
            } else {
                for _ in 0..<randomPairs {
                    let x = Int(rng.next() % UInt64(n))
                    var y = Int(rng.next() % UInt64(n - 1))
                    if y >= x { y += 1 }
                    add(comparer.compare(Int(members[x]), Int(members[y])), &counts)
                }
            }
        }
        return Comparison.allCases.map { c in
            let row = counts[c.rawValue]
            let total = row.reduce(0, +)
            return row.indices.map { l in (row[l] + uPriorStrength * c.priorU[l]) / (total + uPriorStrength) }
        }
    }

    private func add(_ v: PairVector, _ counts: inout [[Double]]) {
        for c in 0..<PairVector.count where v[c] >= 0 { counts[c][Int(v[c])] += 1 }
    }

    /// Expectation–maximisation of m and λ with u held fixed, with the priors as pseudo-counts.
    func em(_ kind: inout MatchModel.Kind, patterns: [UInt64: Double]) {
        let decoded = patterns.map { (PairVector(pattern: $0.key), $0.value) }
        let total = decoded.reduce(0) { $0 + $1.1 }
        kind.trainingPairs = Int(total)
        var lambda = 0.1
        var m = kind.m
        let u = kind.u
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            var matched = 0.0
            var acc = Comparison.allCases.map { Array(repeating: 0.0, count: $0.levels.count) }
            for (v, count) in decoded {
                var lm = log(lambda), lu = log(1 - lambda)
                for c in 0..<PairVector.count where v[c] >= 0 {
                    lm += log(m[c][Int(v[c])])
                    lu += log(u[c][Int(v[c])])
                }
                let p = 1 / (1 + exp(lu - lm))
                matched += p * count
                for c in 0..<PairVector.count where v[c] >= 0 { acc[c][Int(v[c])] += p * count }
            }
            var change = abs(matched / total - lambda)
            lambda = min(max(matched / total, 1e-6), 1 - 1e-6)
            for c in Comparison.allCases {
                let row = acc[c.rawValue]
                let sum = row.reduce(0, +)
                var updated = row.indices.map { l in (row[l] + priorStrength * c.priorM[l]) / (sum + priorStrength) }
                // Two different registry numbers stay strong evidence against, however noisy the lists.
                if c == .charityNumber || c == .companyNumber {
                    updated[1] = min(updated[1], 0.02)
                    updated[0] = 1 - updated[1]
                }
                for l in updated.indices { change = max(change, abs(updated[l] - m[c.rawValue][l])) }
                m[c.rawValue] = updated
            }
            if change < 1e-5 { break }
        }
        kind.m = m
        kind.lambda = lambda
        kind.iterations = iteration
    }
}

/// A small seeded generator, so training samples the same random pairs every time.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
