import AssetMapCore
import AssetMapStore
import Foundation
import Logging

/// How a match run behaves.
public struct MatchOptions: Sendable {
    /// Re-compare every record, not only the new and changed ones.
    public var full = false
    /// Learn the weights again (implies `full`).
    public var retrain = false
    /// Pairs at or above this match probability are linked automatically.
    public var linkThreshold = MatchOptions.defaultLinkThreshold
    /// Pairs at or above this (and below the link threshold) go to the review queue.
    public var reviewThreshold = MatchOptions.defaultReviewThreshold
    /// Pairs below this probability are not kept at all.
    public var keepThreshold = MatchOptions.defaultKeepThreshold

    /// Defaults checked on the real borough and the generated gold sets (see BENCHMARKS.md, "Matching").
    public static let defaultLinkThreshold = 0.9
    public static let defaultReviewThreshold = 0.3
    public static let defaultKeepThreshold = 0.01

    public init(full: Bool = false, retrain: Bool = false, linkThreshold: Double? = nil, reviewThreshold: Double? = nil) {
        self.full = full
        self.retrain = retrain
        if let linkThreshold { self.linkThreshold = linkThreshold }
        if let reviewThreshold { self.reviewThreshold = reviewThreshold }
    }
}

/// Why a match request cannot run as asked.
public enum MatchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Thresholds must be probabilities with review ≤ link.
    case badThresholds(link: Double, review: Double)
    /// The stored model could not be read (written by another version?): `match --retrain` learns a new one.
    case unreadableModel(String)

    public var description: String {
        switch self {
        case .badThresholds(let link, let review):
            "thresholds must be probabilities between 0 and 1 with --review-threshold (\(review)) at most --link-threshold (\(link))"
        case .unreadableModel(let detail):
            "the stored matching model cannot be read (\(detail)); run `assetmap match --retrain` to learn a new one"
        }
    }
}

/// Entity resolution over the store: block → compare → score → cluster, human decisions winning.
public struct Matcher: Sendable {
    public let store: AssetMapStore
    public let logger: Logger

    /// Who runs it, for the audit log (nil: the match run is not audited).
    public var auditActor: AuditActor?

    public init(store: AssetMapStore, logger: Logger = Logger(label: "assetmap.match"), auditActor: AuditActor? = nil) {
        self.store = store
        self.logger = logger
        self.auditActor = auditActor
    }

    /// Runs matching: only new and changed records unless `full`; does nothing when nothing changed.
    public func run(_ options: MatchOptions = MatchOptions()) throws -> MatchRunSummary {
        guard (0...1).contains(options.linkThreshold), (0...1).contains(options.reviewThreshold),
              options.reviewThreshold <= options.linkThreshold
        else { throw MatchError.badThresholds(link: options.linkThreshold, review: options.reviewThreshold) }
        let started = Date()
        let status = try store.matchStatus()
        var model: MatchModel?
        var trainedRecords = 0
        if let stored = try store.matchModel(), !options.retrain {
            do {
                model = try JSONDecoder().decode(MatchModel.self, from: Data(stored.json.utf8))
                trainedRecords = stored.trainedRecords
            } catch {
                throw MatchError.unreadableModel("\(error)")
            }
        }
        // Weights learned on a much smaller (or larger) directory are learned again, with everything re-compared.
        let drifted = model != nil && (status.active > 2 * max(trainedRecords, 50) || status.active * 2 < trainedRecords)
        let train = model == nil || drifted
        let full = options.full || train
        if !full, let last = status.lastRun, status.changed == 0, status.gone == 0,
           status.lastDecisionID == last.lastDecisionID, last.linkThreshold == options.linkThreshold,
           last.reviewThreshold == options.reviewThreshold
        {
            var same = last
            same.mode = "unchanged"
            same.pairsCompared = 0
            same.seconds = Date().timeIntervalSince(started)
            return same
        }

        let inputs = try store.matchInputs()
        store.releaseMemory()
        // Features, pairs and their vectors, most of the memory at 1M records, are released before the writing starts.
        var pairsCompared = 0
        let scored: [ScoredPair] = {
            let features = FeatureSet(inputs, allDirty: full)
            let pairs = Blocker().pairs(features, onlyDirty: !full)
            pairsCompared = pairs.count
            logger.info("blocking", metadata: ["records": "\(inputs.count)", "pairs": "\(pairs.count)", "full": "\(full)"])
            let vectors = Self.compareAll(pairs, features: features)
            if train {
                model = Trainer().train(features: features, pairs: pairs, vectors: vectors)
                trainedRecords = inputs.count
                logger.info("trained", metadata: ["lambda": "\(model!.kinds.map(\.lambda))"])
            }
            return Self.score(pairs, vectors: vectors, features: features, inputs: inputs, model: model!, keep: options.keepThreshold)
        }()
        let modelJSON = train ? String(decoding: try JSONEncoder().encode(model!), as: UTF8.self) : nil
        let seen = inputs.filter { full || $0.isDirty }.map { ($0.recordID, $0.contentHash) }
        logger.info("scored", metadata: ["kept": "\(scored.count)"])
        // Pairs, entities and the run record commit together: a run killed half-way leaves the last run's state whole.
        return try store.atomically(pageCacheMiB: Self.writingCacheMiB(records: inputs.count)) {
            // A full run replaces every stored pair with these, so its clusters are worked out from the pairs in memory,
            // on another core while the pairs are saved. An incremental run clusters the stored pairs once saved.
            var clustering: Pending<Clustering>?
            if full {
                let decisions = try store.matchDecisions()
                let (link, review, keep) = (options.linkThreshold, options.reviewThreshold, options.keepThreshold)
                clustering = Pending {
                    Self.clustering(
                        inputs: inputs, decisions: decisions, pairs: Self.strongestFirst(scored),
                        linkThreshold: link, reviewThreshold: review, keepThreshold: keep)
                }
            }
            try store.saveMatchPairs(full: full, model: modelJSON.map { ($0, trainedRecords) }, seen: seen, pairs: scored)
            let counts = try clustering.map { try apply($0.wait()) }
                ?? cluster(
                    inputs: inputs, linkThreshold: options.linkThreshold, reviewThreshold: options.reviewThreshold,
                    keepThreshold: options.keepThreshold)
            let summary = MatchRunSummary(
                mode: full ? "full" : "incremental", records: inputs.count, pairsCompared: pairsCompared, autoLinked: counts.linked,
                queuedForReview: counts.review, entities: counts.entities, linkThreshold: options.linkThreshold,
                reviewThreshold: options.reviewThreshold, seconds: Date().timeIntervalSince(started),
                lastDecisionID: status.lastDecisionID)
            try store.recordMatchRun(summary)
            try store.recordAudit(AuditEvent(action: "match", subjectType: "directory", subjectIDs: [], detail: summary), by: auditActor)
            return summary
        }
    }

    /// The writer's page cache while a run writes: about 1 KiB per record, between the usual 32 MiB and 1 GiB. The
    /// features, pairs and vectors that make a run's peak are released by then.
    static func writingCacheMiB(records: Int) -> Int {
        min(max(records / 1_024, AssetMapStore.pageCacheMiB), 1_024)
    }

    /// Re-clusters from the stored pairs and decisions without comparing anything (after a human decision).
    @discardableResult
    public func recluster() throws -> MatchRunSummary {
        // Joins the caller's transaction (a decision and its re-clustering commit together), else is one of its own.
        try store.atomically { try reclusterInScope() }
    }

    private func reclusterInScope() throws -> MatchRunSummary {
        let started = Date()
        let last = try store.lastMatchRun()
        let link = last?.linkThreshold ?? MatchOptions.defaultLinkThreshold
        let review = last?.reviewThreshold ?? MatchOptions.defaultReviewThreshold
        let status = try store.matchStatus()
        let inputs = try store.matchInputs()
        let counts = try cluster(inputs: inputs, linkThreshold: link, reviewThreshold: review)
        let summary = MatchRunSummary(
            mode: "recluster", records: inputs.count, pairsCompared: 0, autoLinked: counts.linked, queuedForReview: counts.review,
            entities: counts.entities, linkThreshold: link, reviewThreshold: review, seconds: Date().timeIntervalSince(started),
            lastDecisionID: status.lastDecisionID)
        // Only a real run records itself: a later `match` must still see new records as changed.
        if last != nil, status.changed == 0, status.gone == 0 { try store.recordMatchRun(summary) }
        return summary
    }

    /// The stored model, or nil before the first run.
    public func model() throws -> MatchModel? {
        guard let stored = try store.matchModel() else { return nil }
        do {
            return try JSONDecoder().decode(MatchModel.self, from: Data(stored.json.utf8))
        } catch {
            throw MatchError.unreadableModel("\(error)")
        }
    }

    /// The pairs strongest first, in `matchPairs`'s order.
    static func strongestFirst(_ pairs: [ScoredPair]) -> [KeptPair] {
        pairs.sorted { x, y in x.weight != y.weight ? x.weight > y.weight : x.a != y.a ? x.a < y.a : x.b < y.b }
            .map { KeptPair(a: $0.a, b: $0.b, weight: $0.weight, probability: $0.probability) }
    }

    private func cluster(
        inputs: [MatchInput], linkThreshold: Double, reviewThreshold: Double, keepThreshold: Double = MatchOptions.defaultKeepThreshold
    ) throws -> (linked: Int, review: Int, entities: Int) {
        let decisions = try store.matchDecisions()
        let pairs = try store.matchPairs()
        return try apply(Self.clustering(
            inputs: inputs, decisions: decisions, pairs: pairs, linkThreshold: linkThreshold, reviewThreshold: reviewThreshold,
            keepThreshold: keepThreshold))
    }

    /// Clusters worked out, and the plan that makes them entities, before anything is written.
    struct Clustering: Sendable {
        var plan: EntityPlan
        var linked: Int, review: Int, entities: Int
        var refused: Int, unsupported: Int
    }

    /// Decisions first (a `same` forces, a `different` forbids), then the links strongest first, each weighed against
    /// every kept pair (`pairs`, strongest first).
    static func clustering(
        inputs: [MatchInput], decisions: [ResolvedDecision], pairs: [KeptPair], linkThreshold: Double, reviewThreshold: Double,
        keepThreshold: Double = MatchOptions.defaultKeepThreshold
    ) -> Clustering {
        var registry: [String: Int32] = [:]
        func id(_ value: String?) -> Int32 {
            guard let value, !value.isEmpty else { return -1 }
            if let existing = registry[value] { return existing }
            let new = Int32(registry.count)
            registry[value] = new
            return new
        }
        let records = inputs.map {
            ClusterRecord(
                recordID: $0.recordID, entityID: $0.entityID, kind: $0.kind, charity: id($0.charityNumber.map { "c" + $0 }),
                company: id($0.companyNumber.map { "k" + $0 }))
        }
        var index: [Int64: Int32] = [:]
        index.reserveCapacity(records.count)
        for (i, r) in records.enumerated() { index[r.recordID] = Int32(i) }
        var clusterer = Clusterer(records, keepThreshold: keepThreshold)
        for d in decisions where d.same {
            if let a = index[d.a], let b = index[d.b] { clusterer.force(a, b) }
        }
        for d in decisions where !d.same {
            if let a = index[d.a], let b = index[d.b] { clusterer.forbid(a, b) }
        }
        for pair in pairs {
            if let a = index[pair.a], let b = index[pair.b] { clusterer.addPair(a, b, weight: pair.weight, likely: pair.probability >= reviewThreshold) }
        }
        for link in pairs where link.probability >= linkThreshold {
            if let a = index[link.a], let b = index[link.b] { clusterer.link(a, b) }
        }
        let roots = clusterer.roots()
        let plan = EntityPlanner.plan(records: records, roots: roots)
        // Counted from what clustering holds rather than read back through this run's own writes (34 s at 1M): every
        // input is active, each cluster is one entity, and a pair left in two entities is open unless decided.
        var decided: Set<RecordPair> = []
        for d in decisions { decided.insert(RecordPair(d.a, d.b)) }
        var linked = 0, review = 0
        for pair in pairs where pair.probability >= reviewThreshold {
            if pair.probability >= linkThreshold { linked += 1 }
            guard let a = index[pair.a], let b = index[pair.b] else { continue }
            if roots[Int(a)] != roots[Int(b)], !decided.contains(RecordPair(pair.a, pair.b)) { review += 1 }
        }
        return Clustering(
            plan: plan, linked: linked, review: review, entities: Set(roots).count, refused: clusterer.refused,
            unsupported: clusterer.unsupported)
    }

    private func apply(_ clustering: Clustering) throws -> (linked: Int, review: Int, entities: Int) {
        try store.applyEntityPlan(clustering.plan)
        logger.info("clustered", metadata: [
            "moves": "\(clustering.plan.moves.count)", "refused": "\(clustering.refused)", "unsupported": "\(clustering.unsupported)",
        ])
        return (clustering.linked, clustering.review, clustering.entities)
    }

    /// Comparison vectors of every pair, on every core.
    static func compareAll(_ pairs: [UInt64], features: FeatureSet) -> [PairVector] {
        let comparer = Comparer(features: features)
        var vectors = [PairVector](repeating: PairVector(), count: pairs.count)
        vectors.withUnsafeMutableBufferPointer { buffer in
            let out = UnsafeSendableBuffer(buffer: buffer)
            _ = onEveryCore(count: pairs.count, atLeast: 5_000) { range in comparer.compare(pairs, range, into: out.buffer) }
        }
        return vectors
    }

    /// The pairs worth keeping, with their weights, in pair order; scored on every core.
    static func score(
        _ pairs: [UInt64], vectors: [PairVector], features: FeatureSet, inputs: [MatchInput], model: MatchModel, keep: Double
    ) -> [ScoredPair] {
        let keepWeight = log2(keep / (1 - keep))
        let weights = LevelWeights(model)
        var parts = onEveryCore(count: pairs.count, atLeast: 50_000) { range in
            var result: [ScoredPair] = []
            for k in range {
                let p = pairs[k]
                let i = Int(p >> 32), j = Int(p & 0xFFFF_FFFF)
                let (weight, tf) = weights.score(vectors[k], kind: features.records[i].kind, model: model)
                guard weight >= keepWeight else { continue }
                result.append(ScoredPair(
                    a: inputs[i].recordID, b: inputs[j].recordID, weight: weight, probability: MatchModel.probability(weight),
                    levels: vectors[k].text, tfAdjustment: tf))
            }
            return result
        }
        // Chunk by chunk, each released once copied: the kept pairs (a million at 1M records) are never held twice.
        var result: [ScoredPair] = []
        result.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for k in parts.indices {
            result.append(contentsOf: parts[k])
            parts[k] = []
        }
        return result
    }
}

/// A model's level weights and priors worked out once, for scoring millions of pairs: the same sums, in the same
/// order, as `MatchModel.score`.
struct LevelWeights {
    private var prior: [Double] = []
    /// Per kind, comparison × 8 + level.
    private var levels: [[Double]] = []

    init(_ model: MatchModel) {
        for kind in model.kinds.indices {
            prior.append(model.priorWeight(kind: kind))
            var table = [Double](repeating: 0, count: PairVector.count * 8)
            for c in 0..<PairVector.count {
                for level in model.kinds[kind].m[c].indices {
                    table[c * 8 + level] = log2(model.kinds[kind].m[c][level] / model.kinds[kind].u[c][level])
                }
            }
            levels.append(table)
        }
    }

    func score(_ v: PairVector, kind: Int, model: MatchModel) -> (weight: Double, tf: Double) {
        var w = prior[kind]
        levels[kind].withUnsafeBufferPointer { table in
            for c in 0..<PairVector.count {
                let level = Int(v[c])
                if level >= 0 { w += table[c * 8 + level] }
            }
        }
        let tf = model.tfAdjustment(v, kind: kind)
        return (w + tf, tf)
    }
}

/// Two records, in either order.
private struct RecordPair: Hashable {
    let low: Int64, high: Int64
    init(_ a: Int64, _ b: Int64) { (low, high) = a < b ? (a, b) : (b, a) }
}

/// A buffer written by disjoint ranges from concurrent workers.
struct UnsafeSendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
}

/// Work over indices `0..<count` in contiguous ranges of at least `minimum` indices (two ranges a core at most), on
/// every core; each range's result, in range order.
func onEveryCore<T>(count: Int, atLeast minimum: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
    let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 2, count / minimum))
    var results = [T?](repeating: nil, count: chunks)
    results.withUnsafeMutableBufferPointer { buffer in
        let out = UnsafeSendableBuffer(buffer: buffer)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            out.buffer[chunk] = body(count * chunk / chunks..<count * (chunk + 1) / chunks)
        }
    }
    return results.map { $0! }
}
