import AssetMapCore
import Foundation

/// A Fellegi–Sunter model: for each kind, the prior odds of a match among candidate pairs, and for each
/// comparison level the probability of it among true matches (m, learned by EM) and among unrelated pairs
/// (u, from random pairs). A level's weight is log2(m / u) bits.
public struct MatchModel: Codable, Sendable, Equatable {
    /// Parameters of one kind (organisation, service, place), in `EntityKind.allCases` order.
    public struct Kind: Codable, Sendable, Equatable {
        /// P(two records of the kind drawn at random are the same thing).
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
            lambda: 1e-4, m: Comparison.allCases.map(\.priorM), u: Comparison.allCases.map(\.priorU),
            trainingPairs: 0, randomPairs: 0, iterations: 0)
        return MatchModel(kinds: [kind, kind, kind])
    }

    /// log2 Bayes factor of one level.
    public func weight(kind: Int, comparison: Comparison, level: Int) -> Double {
        let k = kinds[kind]
        return log2(k.m[comparison.rawValue][level] / k.u[comparison.rawValue][level])
    }

    /// log2 prior odds that two random records of the kind match.
    public func priorWeight(kind: Int) -> Double {
        let l = kinds[kind].lambda
        return log2(l / (1 - l))
    }

    /// The kind index of an entity kind.
    public static func kindIndex(_ kind: EntityKind) -> Int { FeatureSet.kindIndex(kind) }

    /// Term-frequency adjustment of an exact level: a common exact value ("Fire Station", a shared switchboard)
    /// is weaker evidence than the average exact value, a rare one stronger (as Splink does it).
    func tfAdjustment(kind: Int, comparison: Comparison, frequency: Rarity, unique: Bool = false) -> Double {
        guard let rarity = frequency.bits else { return 0 }
        let uExact = kinds[kind].u[comparison.rawValue][0]
        let adjustment = log2(uExact) + rarity
        // Bounded: a rare value adds at most 3 bits, or 8 for a name no list holds twice where lists seldom repeat a
        // name (the only evidence a names-only list has: at 3 bits none of 150 grant recipients linked to their
        // charity, and at 8 for every name the Trussell Trust's venues began to merge). A common one may take away
        // up to 6, as frequency now counts sites, not records (a station's several footprints are one use of "Fire
        // Station"): twelve defibrillators in one shopping centre are twelve uses of their name.
        return min(max(adjustment, -6), unique ? 8 : 3)
    }

    /// Total weight (prior included) and the term-frequency part of it.
    func score(_ v: PairVector, kind: Int) -> (weight: Double, tf: Double) {
        var w = priorWeight(kind: kind)
        let k = kinds[kind]
        for c in 0..<PairVector.count {
            let level = Int(v[c])
            if level >= 0 { w += log2(k.m[c][level] / k.u[c][level]) }
        }
        let tf = tfAdjustment(v, kind: kind)
        return (w + tf, tf)
    }

    /// The term-frequency part of a pair's weight: its exact name, phone and email.
    func tfAdjustment(_ v: PairVector, kind: Int) -> Double {
        var tf = 0.0
        if v[Comparison.name.rawValue] == 0 {
            tf += tfAdjustment(kind: kind, comparison: .name, frequency: v.nameFrequency, unique: v.uniqueName)
        }
        if v[Comparison.phone.rawValue] == 0 { tf += tfAdjustment(kind: kind, comparison: .phone, frequency: v.phoneFrequency) }
        if v[Comparison.email.rawValue] == 0 { tf += tfAdjustment(kind: kind, comparison: .email, frequency: v.emailFrequency) }
        return tf
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
        // m by EM in rounds, as Splink trains on blocking rules: pairs that share the exact name teach everything but
        // the name; pairs at the same place (or, with no location, the same address) teach everything but location and
        // address. A comparison every training pair agrees on would otherwise pass for the match class itself.
        let (all, sameName, samePlace, deterministic) = Self.countPatterns(features: features, pairs: pairs, vectors: vectors)
        for kind in 0..<3 {
            var a = model.kinds[kind], b = model.kinds[kind]
            let matchesA = sameName[kind].isEmpty ? 0 : em(&a, patterns: sameName[kind])
            let matchesB = samePlace[kind].isEmpty ? 0 : em(&b, patterns: samePlace[kind])
            var m = model.kinds[kind].m
            for c in Comparison.allCases {
                switch c {
                case .name: m[c.rawValue] = b.m[c.rawValue]
                case .location, .address: m[c.rawValue] = a.m[c.rawValue]
                default:
                    let total = matchesA + matchesB
                    guard total > 0 else { continue }
                    m[c.rawValue] = zip(a.m[c.rawValue], b.m[c.rawValue]).map { ($0 * matchesA + $1 * matchesB) / total }
                }
            }
            // Lists whose places are postcodes as written (FEBRL's Australian ones) or sectors have next to no pair at one
            // place, and their names kept the prior: a whole name word replaced weighed -4 bits where FEBRL3's true pairs
            // show it -2.5. Pairs in one area, their addresses kept to tell them apart, teach those names instead.
            let sameArea = matchesB < priorStrength ? Self.areaPatterns(kind: kind, features: features, pairs: pairs, vectors: vectors) : [:]
            if !sameArea.isEmpty {
                var area = model.kinds[kind]
                em(&area, patterns: sameArea)
                let name = area.m[Comparison.name.rawValue]
                // A lesson in which matches mostly bear different names learned the area, not the thing: kept only when
                // the exact name is at least as common among matches as a different one.
                if name[0] >= name[name.count - 1] { m[Comparison.name.rawValue] = name }
            }
            model.kinds[kind].m = m
            model.kinds[kind].iterations = a.iterations + b.iterations
            model.kinds[kind].trainingPairs = Int(all[kind].values.reduce(0, +))
            Self.orderNameLevels(&model.kinds[kind])
            // For organisations the sure rule's share of the matches is estimated, where it falls below the assumed 60 %.
            // For services and places a name at one place also names other things there (the sessions of one venue,
            // the buildings of one site): the rule finds pairs that are not matches, and a low share of matches found
            // says that the rule is loose, not that matches are many (on the generated 100k, taking the estimates of
            // 0.28 and 0.21 for services and places too lowered F1 from 0.6966 to 0.6651).
            var recall = Self.assumedRecall
            if kind == MatchModel.kindIndex(.organisation) {
                recall = min(recall, Self.sureRuleRecall(m: model.kinds[kind].m, patterns: all[kind]))
            }
            model.kinds[kind].lambda = randomMatchProbability(deterministic: deterministic[kind], records: byKind[kind].count, recall: recall)
        }
        return model
    }

    /// Comparison patterns of the candidate pairs, per kind: all of them, those of pairs with the exact name (name
    /// left out), those of pairs at one place (location and address left out), and the sure pairs. Counted on every
    /// core; counts are whole numbers, so the merge is exact in any order.
    static func countPatterns(features: FeatureSet, pairs: [UInt64], vectors: [PairVector]) -> (
        all: [[UInt64: Double]], sameName: [[UInt64: Double]], samePlace: [[UInt64: Double]], deterministic: [Int]
    ) {
        struct Counts {
            var all: [[UInt64: Double]] = [[:], [:], [:]]
            var sameName: [[UInt64: Double]] = [[:], [:], [:]]
            var samePlace: [[UInt64: Double]] = [[:], [:], [:]]
            var deterministic = [0, 0, 0]
        }
        let parts = onEveryCore(count: pairs.count, atLeast: 50_000) { range in
            var counts = Counts()
            for index in range {
                let kind = features.records[Int(pairs[index] >> 32)].kind
                let v = vectors[index]
                counts.all[kind][v.pattern, default: 0] += 1
                if surelySame(v) { counts.deterministic[kind] += 1 }
                if v[Comparison.name.rawValue] == 0 {
                    var w = v
                    w[Comparison.name.rawValue] = -1
                    counts.sameName[kind][w.pattern, default: 0] += 1
                }
                // Without points or postcodes (lists that give only an address), the same address is the same place.
                let location = v[Comparison.location.rawValue], address = v[Comparison.address.rawValue]
                if location == 0 || (location < 0 && address == 0) {
                    var w = v
                    w[Comparison.location.rawValue] = -1
                    w[Comparison.address.rawValue] = -1
                    counts.samePlace[kind][w.pattern, default: 0] += 1
                }
            }
            return counts
        }
        var total = parts[0]
        for part in parts.dropFirst() {
            for kind in 0..<3 {
                total.all[kind].merge(part.all[kind], uniquingKeysWith: +)
                total.sameName[kind].merge(part.sameName[kind], uniquingKeysWith: +)
                total.samePlace[kind].merge(part.samePlace[kind], uniquingKeysWith: +)
                total.deterministic[kind] += part.deterministic[kind]
            }
        }
        return (total.all, total.sameName, total.samePlace, total.deterministic)
    }

    /// Comparison patterns of one kind's pairs in one area (within 1 km, one sector, or one postcode as written),
    /// location left out: asked for only where pairs at one place are too few to teach the name.
    static func areaPatterns(kind: Int, features: FeatureSet, pairs: [UInt64], vectors: [PairVector]) -> [UInt64: Double] {
        var patterns: [UInt64: Double] = [:]
        for index in pairs.indices where vectors[index][Comparison.location.rawValue] == 2 {
            guard features.records[Int(pairs[index] >> 32)].kind == kind else { continue }
            var w = vectors[index]
            w[Comparison.location.rawValue] = -1
            patterns[w.pattern, default: 0] += 1
        }
        return patterns
    }

    /// A weaker name level never weighs more than a stronger one. "Contains the other" and "similar" are both weaker
    /// than "the same words", and "some rare words shared" is weaker than either; the two in the middle are different
    /// evidence, not ranked (for services "contains" is weak, since "Stay and Play" is inside many names). EM can learn
    /// otherwise where random pairs rarely land on a level: each m is capped at the Bayes factor of the levels it must
    /// not exceed, and what is taken goes to "different", so m still sums to one. The exact level stands apart: its
    /// common values are weighed by term frequency.
    static func orderNameLevels(_ kind: inout MatchModel.Kind) {
        let c = Comparison.name.rawValue
        var m = kind.m[c]
        let u = kind.u[c], last = m.count - 1
        guard last == 5 else { return }
        // level: the levels it must not outweigh
        for (level, above) in [(2, [1]), (3, [1]), (4, [2, 3])] {
            let cap = above.map { m[$0] / u[$0] }.min()! * u[level]
            if m[level] > cap {
                m[last] += m[level] - cap
                m[level] = cap
            }
        }
        kind.m[c] = m
    }

    /// Pairs that are matches beyond reasonable doubt: the same registry number, or the same name at the same place
    /// or at the same (or mostly the same) address, or the same name with the same phone or email. The address
    /// counts because many lists have no coordinates and no contacts: such a list found no sure pair, its prior fell
    /// to one in all pairs, and no pair could link (FEBRL3 linked none of 5,000 records). Used only to estimate the
    /// prior, as Splink's `estimate_probability_two_random_records_match` does.
    static func surelySame(_ v: PairVector) -> Bool {
        let name = v[Comparison.name.rawValue]
        if v[Comparison.charityNumber.rawValue] == 0 || v[Comparison.companyNumber.rawValue] == 0 { return true }
        guard name >= 0 && name <= 1 else { return false }
        if v[Comparison.charityNumber.rawValue] == 1 || v[Comparison.companyNumber.rawValue] == 1 { return false }
        // The same name, which no list holds twice: lists of names alone (a grants database) have no other sure pair.
        if name == 0 && v.uniqueName { return true }
        let address = v[Comparison.address.rawValue]
        return v[Comparison.location.rawValue] == 0 || (address >= 0 && address <= 1)
            || v[Comparison.phone.rawValue] == 0 || v[Comparison.email.rawValue] == 0
    }

    /// The prior: the probability that two records of the kind drawn at random are the same thing. Candidate
    /// pairs are not random (blocking already looked at names and places), so the prior is taken over all pairs,
    /// with the comparisons' Bayes factors (from random-pair u) doing the rest. The deterministic rule above is
    /// taken to find `recall` of the true matches.
    func randomMatchProbability(deterministic: Int, records: Int, recall: Double = Trainer.assumedRecall) -> Double {
        let all = max(1.0, Double(records) * Double(records - 1) / 2)
        return min(max(Double(deterministic) / recall, 1) / all, 0.5)
    }

    /// The share of true matches the sure rule is taken to find, as Splink's
    /// `estimate_probability_two_random_records_match` is told its rules' recall.
    static let assumedRecall = 0.6

    /// The share of true matches the sure rule finds, by the learned m: the name the same or its words the same, and
    /// one of the same place, the same or mostly the same address, the same phone or email, each as often present as
    /// among the candidate pairs (`patterns`), taken as independent. Never below 0.05.
    ///
    /// In FEBRL3 every name and address is changed in its own way and the rule finds 913 of 6,538 true pairs: 14 %,
    /// where 60 % had put the prior 2.1 bits too low (−13.0 against the true −10.9). The estimate here is 0.143, and
    /// F1 went 0.8895 → 0.9264 (FEBRL4: 0.9511 → 0.9786). On the generated 100k's organisations it is 0.72, and
    /// their 21,748 sure pairs are 0.71 of their 30,462 true pairs.
    static func sureRuleRecall(m: [[Double]], patterns: [UInt64: Double]) -> Double {
        // Counts are whole numbers: their sums are the same in any order of the dictionary.
        var present = [Double](repeating: 0, count: PairVector.count), total = 0.0
        for (pattern, count) in patterns {
            let v = PairVector(pattern: pattern)
            total += count
            for c in 0..<PairVector.count where v[c] >= 0 { present[c] += count }
        }
        guard total > 0 else { return assumedRecall }
        func share(_ c: Comparison, _ levels: [Int]) -> Double {
            present[c.rawValue] / total * levels.reduce(0) { $0 + m[c.rawValue][$1] }
        }
        var missed = 1.0
        for (c, levels) in [(Comparison.location, [0]), (.address, [0, 1]), (.phone, [0]), (.email, [0])] { missed *= 1 - share(c, levels) }
        return max(share(.name, [0, 1]) * (1 - missed), 0.05)
    }

    /// u: how often unrelated records land on each level, from random pairs (smoothed towards the prior).
    func estimateU(_ members: [Int32], comparer: Comparer, kind: Int) -> [[Double]] {
        var counts = Comparison.allCases.map { Array(repeating: 0.0, count: $0.levels.count) }
        let n = members.count
        if n >= 2 {
            var rng = SplitMix64(seed: 0x5EED_0000 + UInt64(kind))
            let all = n * (n - 1) / 2
            var sample: [(Int32, Int32)] = []
            if all <= randomPairs {
                sample.reserveCapacity(all)
                for x in 0..<n { for y in (x + 1)..<n { sample.append((members[x], members[y])) } }
            } else {
                sample.reserveCapacity(randomPairs)
                for _ in 0..<randomPairs {
                    let x = Int(rng.next() % UInt64(n))
                    var y = Int(rng.next() % UInt64(n - 1))
                    if y >= x { y += 1 }
                    sample.append((members[x], members[y]))
                }
            }
            // Compared on every core; the counts are whole numbers, so their sum is the same in any order.
            let pairs = sample
            let zero = counts
            let parts = onEveryCore(count: pairs.count, atLeast: 5_000) { range in
                var part = zero
                for k in range { add(comparer.compare(Int(pairs[k].0), Int(pairs[k].1)), &part) }
                return part
            }
            for part in parts {
                for c in counts.indices { for l in counts[c].indices { counts[c][l] += part[c][l] } }
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
    @discardableResult
    func em(_ kind: inout MatchModel.Kind, patterns: [UInt64: Double]) -> Double {
        // In a fixed order: a dictionary's order changes from process to process, and the sums' last bits with it.
        let decoded = patterns.sorted { $0.key < $1.key }.map { (PairVector(pattern: $0.key), $0.value) }
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
        return lambda * total
    }

    /// The prior among all candidate pairs, with m and u fixed.
    func estimateLambda(_ kind: MatchModel.Kind, patterns: [UInt64: Double]) -> Double {
        let total = patterns.values.reduce(0, +)
        guard total > 0 else { return kind.lambda }
        let decoded = patterns.sorted { $0.key < $1.key }.map { (PairVector(pattern: $0.key), $0.value) }
        let bayes = decoded.map { v, count -> (Double, Double) in
            var w = 0.0
            for c in 0..<PairVector.count where v[c] >= 0 { w += log(kind.m[c][Int(v[c])] / kind.u[c][Int(v[c])]) }
            return (w, count)
        }
        var lambda = 0.05
        for _ in 0..<200 {
            let odds = log(lambda / (1 - lambda))
            let matched = bayes.reduce(0) { $0 + $1.1 / (1 + exp(-(odds + $1.0))) }
            let next = min(max(matched / total, 1e-6), 0.5)
            if abs(next - lambda) < 1e-7 { return next }
            lambda = next
        }
        return lambda
    }
}

