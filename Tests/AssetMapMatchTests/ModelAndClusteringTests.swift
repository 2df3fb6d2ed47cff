import Foundation
import AssetMapCore
import AssetMapStore
import Testing

@testable import AssetMapMatch

@Suite("Model and clustering")
struct ModelAndClusteringTests {
    @Test func emLearnsThatMatchesAgreeAndNonMatchesDoNot() {
        var model = MatchModel.prior
        // 200 true matches (same name, same phone) hidden among 2000 pairs that only share a postcode.
        var patterns: [UInt64: Double] = [:]
        var matchVector = PairVector()
        matchVector[Comparison.name.rawValue] = 0
        matchVector[Comparison.phone.rawValue] = 0
        matchVector[Comparison.location.rawValue] = 0
        var otherVector = PairVector()
        otherVector[Comparison.name.rawValue] = 5
        otherVector[Comparison.phone.rawValue] = 1
        otherVector[Comparison.location.rawValue] = 0
        patterns[matchVector.pattern] = 200
        patterns[otherVector.pattern] = 2000
        // As training does it: learn name and phone from the pairs at one place (all of them here), then the prior.
        var kind = model.kinds[0]
        var masked: [UInt64: Double] = [:]
        for (pattern, count) in patterns {
            var v = PairVector(pattern: pattern)
            v[Comparison.location.rawValue] = -1
            masked[v.pattern, default: 0] += count
        }
        Trainer().em(&kind, patterns: masked)
        kind.lambda = Trainer().estimateLambda(kind, patterns: patterns)
        model.kinds[0] = kind
        #expect(abs(kind.lambda - 200.0 / 2200) < 0.03)
        #expect(model.weight(kind: 0, comparison: .name, level: 0) > 8)
        #expect(model.weight(kind: 0, comparison: .phone, level: 1) < -2)
        #expect(model.weight(kind: 0, comparison: .charityNumber, level: 1) < -5)  // always strong against
        #expect(model.score(matchVector, kind: 0).weight > 10)
        #expect(model.score(otherVector, kind: 0).weight < -5)
    }

    @Test func aListWithOnlyNamesAndAddressesStillFindsSurePairs() {
        // No location, phone or email: the same name at the same address is a sure pair for the prior. Without it
        // such a list had none, its prior fell to one in all pairs, and FEBRL3 linked nothing.
        var v = PairVector()
        v[Comparison.name.rawValue] = 1
        v[Comparison.address.rawValue] = 0
        #expect(Trainer.surelySame(v))
        v[Comparison.address.rawValue] = 2
        #expect(!Trainer.surelySame(v))
        v[Comparison.address.rawValue] = 1
        v[Comparison.charityNumber.rawValue] = 1
        #expect(!Trainer.surelySame(v), "two charity numbers are never sure")
        // Trained on such a list, a duplicate with the same name at the same address links, and a namesake
        // elsewhere does not.
        var inputs: [MatchInput] = []
        let streets = ["Mill Lane", "Church Road", "Station Road", "Park Avenue", "High Street", "Green Lane"]
        for k in 0..<300 {
            let name = "Member \(k) \(["Okafor", "Brennan", "Kowalski", "Haddad", "Nguyen"][k % 5])"
            let address = "\(k + 1) \(streets[k % streets.count])"
            inputs.append(input(Int64(k), name, address: address))
            if k % 3 == 0 { inputs.append(input(Int64(1000 + k), name, address: address.uppercased())) }
        }
        inputs.append(input(2000, "Member 7 Haddad", address: "90 Brook Road"))
        let trained = Trained(inputs)
        #expect(trained.probability(3, 1003) >= 0.9)
        #expect(trained.probability(7, 2000) < 0.3)
    }

    @Test func aListOfNamesAloneLinksByANameNoListHoldsTwice() {
        // A register with postcodes and addresses, and a grants list that records nothing but names. Before, a
        // name's frequency had a floor of one other thing, the prior counted no names-only pair as sure, and none
        // of 150 real grant recipients linked to their charity.
        let syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "be", "do"]
        func word(_ k: Int) -> String { syllables[k % 10] + syllables[(k / 10) % 10] + syllables[(k / 100) % 10] + "rn" }
        var inputs: [MatchInput] = []
        func add(_ id: Int64, _ name: String, source: String, postcode: String? = nil, address: String? = nil) {
            var record = input(id, name, postcode: postcode, address: address)
            record.source = source
            inputs.append(record)
        }
        for k in 0..<300 {
            add(Int64(k), "\(word(k).capitalized) Community Trust", source: "register", postcode: "M\(k % 40 + 1) \(k % 9)AB",
                address: "\(k + 1) Mill Lane")
        }
        // A name the register holds twice is two things: the grants list's one is not known to be either.
        add(300, "Scout Group", source: "register", postcode: "M33 7AB", address: "2 Park Road")
        add(301, "Scout Group", source: "register", postcode: "M41 0AA", address: "9 Moss Lane")
        for k in 0..<40 { add(Int64(1000 + k), "\(word(k).uppercased()) COMMUNITY TRUST", source: "grants") }
        add(2000, "Scout Group", source: "grants")
        let trained = Trained(inputs)
        for k in [0, 7, 39] { #expect(trained.probability(Int64(k), Int64(1000 + k)) >= 0.9, "\(word(k))") }
        #expect(trained.compare(0, 1000).uniqueName)
        #expect(!trained.compare(300, 2000).uniqueName)
        #expect(trained.probability(300, 2000) < 0.9)
        #expect(trained.probability(0, 1001) < 0.3, "different names")
    }

    @Test func namesAreLearnedFromPairsInOneAreaWhereNoPairIsAtOnePlace() {
        // A list whose places are postcodes as written elsewhere (FEBRL's Australian ones): no pair is at one place, so
        // the names kept the prior's m. Pairs with one written postcode, their addresses telling them apart, teach it.
        let first = ["Amber", "Harley", "Noah", "Kia", "Elton", "Jordan", "Tara", "Caleb", "Helena", "Zane"]
        let last = ["Okafor", "Brennan", "Kowalski", "Haddad", "Nguyen", "Ottens", "Trenerry", "Weavell", "Cordingley"]
        let streets = ["Wallaby Place", "Pridham Street", "Moodie Street", "Lumholtz Place", "Garratt Street", "Bonwick Place"]
        var inputs: [MatchInput] = []
        for k in 0..<400 {
            let name = "\(first[k % first.count]) \(last[(k / first.count) % last.count]) \(k)"
            let address = "\(k % 97 + 1) \(streets[k % streets.count])"
            let postcode = String(2000 + k % 40)
            inputs.append(input(Int64(k), name, address: address, writtenPostcode: postcode))
            switch k % 4 {
            case 0: inputs.append(input(Int64(1000 + k), name, address: address, writtenPostcode: postcode))
            case 1:
                let other = "\(first[(k + 3) % first.count]) \(last[(k / first.count) % last.count]) \(k)"
                inputs.append(input(Int64(1000 + k), other, address: address, writtenPostcode: postcode))
            default: break
            }
        }
        let trained = Trained(inputs)
        // The replaced first name leaves the names alike ("similar"): that level's m is learned, not the prior's.
        let level = Int(trained.compare(1, 1001)[Comparison.name.rawValue])
        #expect(level > 0)
        let learned = trained.model.kinds[0].m[Comparison.name.rawValue][level], prior = Comparison.name.priorM[level]
        #expect(learned > 2 * prior, "m \(learned) at level \(level), the prior's \(prior)")
        #expect(trained.model.weight(kind: 0, comparison: .name, level: 0) > 5)
        #expect(trained.probability(1, 1001) >= 0.9)
        #expect(trained.probability(1, 2) < 0.3, "another person at another address")
    }

    @Test func theSureRulesShareOfMatchesComesFromTheLearnedM() {
        // Names the same (or their words) in 0.3 + 0.1 of matches, addresses the same or mostly in 0.2 + 0.2: where
        // every pair has a name and an address and nothing else, the rule finds 0.4 × 0.4 of the matches.
        var m = Comparison.allCases.map(\.priorM)
        m[Comparison.name.rawValue] = [0.3, 0.1, 0.2, 0.1, 0.1, 0.2]
        m[Comparison.address.rawValue] = [0.2, 0.2, 0.3, 0.3]
        var v = PairVector()
        v[Comparison.name.rawValue] = 5
        v[Comparison.address.rawValue] = 3
        #expect(abs(Trainer.sureRuleRecall(m: m, patterns: [v.pattern: 100]) - 0.16) < 1e-9)
        // Half of them with a phone as well (the same in 0.85 of matches): 0.4 × (1 − 0.6 × (1 − 0.5 × 0.85)).
        var w = v
        w[Comparison.phone.rawValue] = 1
        #expect(abs(Trainer.sureRuleRecall(m: m, patterns: [v.pattern: 50, w.pattern: 50]) - 0.4 * (1 - 0.6 * 0.575)) < 1e-9)
        // The prior follows: the same sure pairs at a quarter of the recall are four times the matches.
        let trainer = Trainer()
        let assumed = trainer.randomMatchProbability(deterministic: 900, records: 5_000)
        #expect(abs(trainer.randomMatchProbability(deterministic: 900, records: 5_000, recall: 0.15) / assumed - 4) < 1e-9)
        #expect(Trainer.sureRuleRecall(m: m, patterns: [:]) == Trainer.assumedRecall)
    }

    /// A model trained on a handful of organisations as `match` trains one, and their pairs scored by record id.
    struct Trained {
        let inputs: [MatchInput]
        let comparer: Comparer
        let model: MatchModel

        init(_ inputs: [MatchInput]) {
            let features = FeatureSet(inputs, allDirty: true)
            let pairs = Blocker().pairs(features, onlyDirty: false)
            let comparer = Comparer(features: features)
            let vectors = pairs.map { comparer.compare(Int($0 >> 32), Int($0 & 0xFFFF_FFFF)) }
            self.inputs = inputs
            self.comparer = comparer
            model = Trainer().train(features: features, pairs: pairs, vectors: vectors)
        }

        func compare(_ a: Int64, _ b: Int64) -> PairVector {
            comparer.compare(inputs.firstIndex { $0.recordID == a }!, inputs.firstIndex { $0.recordID == b }!)
        }

        func probability(_ a: Int64, _ b: Int64) -> Double { MatchModel.probability(model.score(compare(a, b), kind: 0).weight) }
    }

    func records(_ charities: [Int32], kinds: [EntityKind]? = nil) -> [ClusterRecord] {
        charities.enumerated().map { i, c in
            ClusterRecord(recordID: Int64(i + 1), entityID: Int64(i + 1), kind: kinds?[i] ?? .organisation, charity: c, company: -1)
        }
    }

    /// The match scores millions of pairs from a table of level weights; it must give what the model gives, to the
    /// bit, and each pair's levels must read back from their stored text.
    @Test func levelWeightsScoreAsTheModelDoes() {
        var model = MatchModel.prior
        var random = Xoshiro256(3, 1, 4, 1)
        for kind in 0..<3 {
            model.kinds[kind].lambda = Double(random.next() % 1000 + 1) / 1e6
            for c in 0..<PairVector.count {
                let raw = model.kinds[kind].m[c].map { _ in Double(random.next() % 1000 + 1) }
                model.kinds[kind].m[c] = raw.map { $0 / raw.reduce(0, +) }
            }
        }
        let weights = LevelWeights(model)
        for _ in 0..<5_000 {
            var v = PairVector()
            for c in 0..<PairVector.count {
                v[c] = Int8(Int(random.next() % UInt64(Comparison.allCases[c].levels.count + 1))) - 1
            }
            if v[Comparison.name.rawValue] == 0 {
                v.nameFrequency = Rarity(share: Float(random.next() % 100 + 1) / 1000)
                v.uniqueName = random.next() % 2 == 0
            }
            if v[Comparison.phone.rawValue] == 0 { v.phoneFrequency = Rarity(share: 0.001) }
            let kind = Int(random.next() % 3)
            let expected = model.score(v, kind: kind)
            let got = weights.score(v, kind: kind, model: model)
            #expect(got.weight == expected.weight && got.tf == expected.tf)
            #expect(PairVector(text: v.text)?.pattern == v.pattern, "\(v.text)")
        }
        var v = PairVector()
        v[Comparison.name.rawValue] = 3
        v[Comparison.address.rawValue] = 0
        #expect(v.text == "3 - 0 - - - - - -")
    }

    @Test func aWeakerNameLevelNeverWeighsMoreThanAStrongerOne() {
        // "The same words" weakest of the four, as EM can learn it where random pairs rarely land on a level.
        var kind = MatchModel.prior.kinds[1]
        let name = Comparison.name.rawValue
        kind.u[name] = [0.03, 1e-4, 0.006, 0.0002, 0.003, 0.9907]
        kind.m[name] = [0.5, 0.05, 0.13, 0.12, 0.12, 0.08]
        Trainer.orderNameLevels(&kind)
        let w = kind.m[name].indices.map { log2(kind.m[name][$0] / kind.u[name][$0]) }
        #expect(w[2] <= w[1] + 1e-9 && w[3] <= w[1] + 1e-9, "\(w)")
        #expect(w[4] <= min(w[2], w[3]) + 1e-9, "\(w)")
        #expect(abs(kind.m[name].reduce(0, +) - 1) < 1e-9)
        // "Contains" and "similar" are not ranked against each other: for services "contains" is the weaker.
        kind.m[name] = [0.5, 0.3, 0.02, 0.12, 0.005, 0.055]
        let before = kind
        Trainer.orderNameLevels(&kind)
        #expect(kind == before)
    }

    @Test func clustersNeverJoinTwoRegistryNumbers() {
        // 0 (charity A) – 1 (none) – 2 (charity B): linking both would put A and B together.
        var c = Clusterer(records([0, -1, 1]))
        let r01l = c.link(0, 1)
        #expect(r01l)
        let r12l = c.link(1, 2)
        #expect(!r12l)
        let roots = c.roots()
        #expect(roots[0] == roots[1] && roots[1] != roots[2])
    }

    @Test func clustersNeverJoinKinds() {
        var c = Clusterer(records([-1, -1], kinds: [.organisation, .place]))
        let r01l = c.link(0, 1)
        #expect(!r01l)
        let r01f = c.force(0, 1)
        #expect(!r01f)
    }

    @Test func humanDecisionsWin() {
        var c = Clusterer(records([0, 1, -1, -1]))
        // A person says 0 and 1 are the same despite different numbers; and 2 is not 3.
        let r01f = c.force(0, 1)
        #expect(r01f)
        c.forbid(2, 3)
        let r02l = c.link(0, 2)
        #expect(r02l)
        let r13l = c.link(1, 3)
        #expect(!r13l)  // 3 would join 2's cluster
        let roots = c.roots()
        #expect(roots[0] == roots[1] && roots[1] == roots[2] && roots[3] != roots[0])
    }

    @Test func aLinkJoinsTwoClustersOnlyWhenEveryPairAcrossIsLikely() {
        // 0–1 are one thing; 2 is linked strongly to 1 (same place) but is unlike 0: the link would chain them.
        var c = Clusterer(records([-1, -1, -1, -1, -1]))
        for (a, b) in [(0, 1), (1, 2), (3, 4), (3, 0), (3, 1), (4, 0), (4, 1)] as [(Int32, Int32)] { c.addPair(a, b, weight: 4, likely: true) }
        let joined1 = c.link(0, 1)
        #expect(joined1)
        let joined2 = c.link(1, 2)
        #expect(!joined2, "2 is likely only with 1 of the 2, and 0–2 was not kept")
        #expect(c.unsupported == 1)
        // 3 and 4 are each likely with both 0 and 1: the clusters {0, 1} and {3, 4} join.
        let joined3 = c.link(3, 4)
        #expect(joined3)
        let joined4 = c.link(4, 0)
        #expect(joined4)
        let roots = c.roots()
        #expect(roots[0] == roots[1] && roots[1] == roots[3] && roots[3] == roots[4] && roots[2] != roots[0])
    }

    @Test func halfTheSupportIsEnoughWhenAskedFor() {
        var c = Clusterer(records([-1, -1, -1]))
        c.support = 0.5
        for (a, b) in [(0, 1), (1, 2)] as [(Int32, Int32)] { c.addPair(a, b, weight: 4, likely: true) }
        let joined5 = c.link(0, 1)
        #expect(joined5)
        let joined6 = c.link(1, 2)
        #expect(joined6, "one of the two pairs across is half")
    }

    @Test func aLinkJoinsTwoClustersWhenThePairsAcrossAreLikelyOnAverage() {
        /// Whether, with 0 and 1 linked first, the link 1–2 joins 2 to them, given the kept pairs (weights in bits).
        func joins(_ pairs: [(Int32, Int32, Double)]) -> Bool {
            var c = Clusterer(records([-1, -1, -1]))
            for (a, b, weight) in pairs { c.addPair(a, b, weight: weight, likely: MatchModel.probability(weight) >= 0.3) }
            let first = c.link(0, 1)
            return first && c.link(1, 2)
        }
        // Duplicates of one record that each differ from it in their own way differ from each other in two: 0 and 2
        // are unlikely (0.2) together. On average the pairs across say "the same" (at least 4 bits).
        #expect(joins([(0, 1, 12), (1, 2, 11), (0, 2, -2)]), "mean (11 - 2) / 2 = 4.5 bits")
        // A chain through a shared place: 1 and 2 share a building, 0 and 2 were compared and are most unlikely. One
        // strong link does not carry a pair across that says "different".
        #expect(!joins([(0, 1, 12), (1, 2, 13), (0, 2, -6)]), "mean (13 - 6) / 2 = 3.5 bits")
        // A pair across that was not kept counts as the least likely pair kept (0.01: -6.6 bits).
        #expect(!joins([(0, 1, 12), (1, 2, 14)]), "mean (14 - 6.6) / 2 = 3.7 bits")
        #expect(joins([(0, 1, 12), (1, 2, 15)]), "mean (15 - 6.6) / 2 = 4.2 bits")
    }

    @Test func entityIDsStayStable() {
        // Records 1,2 in entity 10; 3 in entity 7; 4 in 12. Cluster {1,2,3} keeps 7 (the lowest); 10 is emptied.
        let recs = [
            ClusterRecord(recordID: 1, entityID: 10, kind: .organisation, charity: -1, company: -1),
            ClusterRecord(recordID: 2, entityID: 10, kind: .organisation, charity: -1, company: -1),
            ClusterRecord(recordID: 3, entityID: 7, kind: .organisation, charity: -1, company: -1),
            ClusterRecord(recordID: 4, entityID: 12, kind: .organisation, charity: -1, company: -1),
        ]
        let plan = EntityPlanner.plan(records: recs, roots: [0, 0, 0, 3])
        #expect(plan.newEntities.isEmpty)
        #expect(Set(plan.moves.map(\.recordID)) == [1, 2])
        #expect(plan.moves.allSatisfy { $0.entity == 7 })
        #expect(plan.redirects.map(\.from) == [10] && plan.redirects.map(\.to) == [7])
        // Splitting {1} out of an entity {1,2}: the bigger part keeps the id, the other gets a new one.
        let split = EntityPlanner.plan(records: Array(recs[0..<2]) + [ClusterRecord(recordID: 5, entityID: 10, kind: .organisation, charity: -1, company: -1)], roots: [0, 1, 1])
        #expect(split.newEntities.count == 1)
        #expect(split.moves.count == 1 && split.moves[0].recordID == 1 && split.moves[0].entity == -1)
        // Nothing changed: nothing to do.
        #expect(EntityPlanner.plan(records: recs, roots: [0, 0, 2, 3]).isEmpty)
    }
}
