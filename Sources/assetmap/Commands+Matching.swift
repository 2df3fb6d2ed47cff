import ArgumentParser
import AssetMapCore
import AssetMapMatch
import AssetMapStore
import Foundation

struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Run entity resolution: block, compare, score, cluster; human decisions win.",
        discussion: """
            The first run learns the weights from the data (u from random pairs, m by EM) and compares every
            record; later runs compare only records that are new or changed since, and do nothing when nothing
            changed. Pairs at or above --link-threshold are linked; pairs between the thresholds wait in
            `assetmap review list`. --json prints {"mode", "records", "pairs_compared", "auto_linked",
            "queued_for_review", "entities", "link_threshold", "review_threshold", "seconds", "last_decision_id"}.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Compare every record again (gives the same answer as the incremental runs).") var full = false
    @Flag(help: "Learn the weights again from the data now (implies --full).") var retrain = false
    @Option(name: .customLong("link-threshold"), help: ArgumentHelp("Match probability at or above which pairs link (default \(MatchOptions.defaultLinkThreshold)).", valueName: "P"))
    var linkThreshold: Double?
    @Option(name: .customLong("review-threshold"), help: ArgumentHelp("Match probability at or above which pairs are queued for review (default \(MatchOptions.defaultReviewThreshold)).", valueName: "P"))
    var reviewThreshold: Double?
    @OptionGroup var actor: ActorOptions

    func run() async throws {
        let store = try global.openStore()
        let last = try store.lastMatchRun()
        // Thresholds persist: a plain `match` after `--link-threshold 0.95` keeps 0.95.
        let options = MatchOptions(
            full: full, retrain: retrain, linkThreshold: linkThreshold ?? last?.linkThreshold,
            reviewThreshold: reviewThreshold ?? last?.reviewThreshold)
        let summary = try Matcher(store: store, auditActor: actor.actor()).run(options)
        if output.json {
            try Output.json(summary)
        } else {
            Output.fields([
                ("mode", summary.mode), ("records", "\(summary.records)"), ("pairs compared", "\(summary.pairsCompared)"),
                ("auto-linked", "\(summary.autoLinked) pairs at or above \(summary.linkThreshold)"),
                ("queued for review", "\(summary.queuedForReview) (assetmap review list)"),
                ("entities", "\(summary.entities)"), ("seconds", String(format: "%.2f", summary.seconds)),
            ])
        }
    }
}

struct Review: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The human review queue: pairs the model is unsure about.",
        subcommands: [List.self, Show.self, Decide.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open review items, most likely match first.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "At most this many.") var limit: Int?

        func run() async throws {
            let store = try global.openStore()
            let last = try store.lastMatchRun()
            let items = try store.reviewQueue(
                linkThreshold: last?.linkThreshold ?? MatchOptions.defaultLinkThreshold,
                reviewThreshold: last?.reviewThreshold ?? MatchOptions.defaultReviewThreshold, limit: limit)
            if output.json {
                try Output.json(items)
            } else if items.isEmpty {
                print(last == nil ? "nothing to review: run `assetmap match` first" : "nothing to review")
            } else {
                Output.table(
                    ["id", "probability", "kind", "a", "b"],
                    items.map { item in
                        [String(item.id), String(format: "%.3f", item.probability), item.a.kind,
                         "\(item.a.name) [\(item.a.source):\(item.a.sourceKey)]", "\(item.b.name) [\(item.b.source):\(item.b.sourceKey)]"]
                    })
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One candidate pair, explained comparison by comparison (a waterfall in words).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The review item id (from `review list`).") var id: Int64

        func run() async throws {
            let store = try global.openStore()
            let pair = try store.pairDetail(id: id)
            let model = try Matcher(store: store).model() ?? .prior
            let explanation = Explanation.of(pair, model: model)
            if output.json {
                struct Document: Encodable {
                    var pair: PairDetail
                    var explanation: Explanation
                }
                try Output.json(Document(pair: pair, explanation: explanation))
                return
            }
            print("review item \(pair.id) · \(pair.a.kind)")
            print("  a: \(pair.a.name)  [\(pair.a.source):\(pair.a.sourceKey), entity \(pair.a.entityID.map(String.init) ?? "-")]")
            print("  b: \(pair.b.name)  [\(pair.b.source):\(pair.b.sourceKey), entity \(pair.b.entityID.map(String.init) ?? "-")]")
            if let decision = pair.decision {
                print("  decided \(decision.decision) by \(decision.decidedBy) at \(decision.decidedAt) (\(decision.via))")
            }
            print("")
            for line in explanation.lines { print("  " + line) }
        }
    }

    struct Decide: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide a review item: the two records are the same thing, or different.",
            discussion: "Decisions win over the model, survive re-imports and re-matching, and are recorded with who and when.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The review item id.") var id: Int64
        @Argument(help: "same or different.") var decision: String
        @Option(help: "Who decided (default: --as, $ASSETMAP_ACTOR, else $USER).") var by: String?
        @OptionGroup var actor: ActorOptions

        func run() async throws {
            guard decision == "same" || decision == "different" else {
                throw ValidationError("the decision must be `same` or `different`, not '\(decision)'")
            }
            let store = try global.openStore()
            let pair = try store.pairDetail(id: id)
            let actor = self.actor.actor(preferring: by)
            let who = actor.name
            // The decision, the re-clustering it causes and its audit entry commit together or not at all.
            let summary = try store.atomically {
                try store.recordDecision(
                    a: (pair.a.source, pair.a.sourceKey), b: (pair.b.source, pair.b.sourceKey), same: decision == "same",
                    by: who, via: "review", pairID: id)
                let summary = try Matcher(store: store).recluster()
                try store.recordAudit(
                    AuditEvent(action: "decide", subjectType: "review_item", subjectIDs: [String(id)], detail: DecisionAudit(
                        decision: decision, a: "\(pair.a.source):\(pair.a.sourceKey)", b: "\(pair.b.source):\(pair.b.sourceKey)")),
                    by: actor)
                return summary
            }
            let after = try store.pairDetail(id: id)
            if output.json {
                struct Document: Encodable {
                    var id: Int64
                    var decision: String
                    var decided_by: String
                    var entity_a: Int64?
                    var entity_b: Int64?
                    var queued_for_review: Int
                }
                try Output.json(Document(
                    id: id, decision: decision, decided_by: who, entity_a: after.a.entityID, entity_b: after.b.entityID,
                    queued_for_review: summary.queuedForReview))
            } else {
                print("recorded: \(pair.a.name) and \(pair.b.name) are \(decision == "same" ? "the same" : "different") (by \(who))")
                print("now in entities \(after.a.entityID.map(String.init) ?? "-") and \(after.b.entityID.map(String.init) ?? "-"); \(summary.queuedForReview) left to review")
            }
        }
    }
}

struct EntityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entity",
        abstract: "One entity: its golden record with provenance, and corrections (merge, split).",
        subcommands: [Show.self, Merge.self, Split.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Golden record, member records with source and key, provenance per field, areas, and why members are linked.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The entity id (an id merged away leads to where it went).") var id: Int64

        func run() async throws {
            let store = try global.openStore()
            let detail = try store.entityDetail(id: id)
            let golden = GoldenRecord.choose(detail.members)
            if output.json {
                try Output.json(EntityDocument(detail, golden: golden, asked: id))
                return
            }
            if detail.id != id { print("entity \(id) was merged into entity \(detail.id)") }
            print("entity \(detail.id) · \(detail.kind.rawValue) · \(detail.uuid)")
            print("")
            let order = ["name", "alternate_names", "categories", "address", "postcode", "phone", "email", "website", "charity_number",
                         "company_number", "owner", "occupancy", "floor_area_m2", "uprn"]
            let keys = order.filter { golden[$0] != nil } + golden.keys.filter { !order.contains($0) }.sorted()
            Output.table(["field", "value", "from", "alternatives"], keys.map { key in
                let choice = golden[key]!
                return [key, choice.value, choice.source, choice.alternatives.map { "\($0.value) (\($0.source))" }.joined(separator: "; ")]
            })
            print("")
            Output.table(["record", "source", "key", "name", "location"], detail.members.map { m in
                [String(m.recordID), m.source, m.sourceKey, m.fields["name"] ?? "", detail.precision[m.recordID]?.rawValue ?? "unlocated"]
            })
            if !detail.areas.isEmpty {
                print("")
                print("areas: " + detail.areas.values.sorted { $0.layer < $1.layer }.map { "\($0.layer) \($0.code)\($0.name.map { " \($0)" } ?? "")" }.joined(separator: ", "))
            }
            if !detail.links.isEmpty {
                print("")
                print("links between members (assetmap review show ID explains one):")
                for link in detail.links.prefix(50) {
                    print("  \(link.pairID): record \(link.a) ~ record \(link.b)  probability \(String(format: "%.3f", link.probability))")
                }
            }
            for (decision, a, b) in detail.decisions {
                print("decision: \(a) and \(b) are \(decision.decision) — \(decision.decidedBy), \(decision.decidedAt) (\(decision.via))")
            }
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge two entities the model kept apart (recorded as a human decision; survives re-matching).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The entity to keep (the lower id survives either way).") var first: Int64
        @Argument(help: "The entity to merge into it.") var second: Int64
        @Option(help: "Who decided (default: --as, $ASSETMAP_ACTOR, else $USER).") var by: String?
        @OptionGroup var actor: ActorOptions

        func run() async throws {
            let store = try global.openStore()
            let a = try store.entityMembers(id: first), b = try store.entityMembers(id: second)
            guard a.entityID != b.entityID else { throw ValidationError("entities \(first) and \(second) are already one entity (\(a.entityID))") }
            guard let x = a.members.first, let y = b.members.first else {
                throw ValidationError("entity \(a.members.isEmpty ? first : second) has no active records to merge")
            }
            let kinds = try Set([store.entityDetail(id: a.entityID).kind, store.entityDetail(id: b.entityID).kind])
            guard kinds.count == 1 else {
                throw ValidationError("entities \(first) and \(second) are of different kinds (\(kinds.map(\.rawValue).sorted().joined(separator: ", "))); only the same kind can merge")
            }
            let actor = self.actor.actor(preferring: by)
            let (summary, merged) = try store.atomically {
                try store.recordDecision(a: (x.source, x.key), b: (y.source, y.key), same: true, by: actor.name, via: "entity merge")
                let summary = try Matcher(store: store).recluster()
                let merged = try store.recordRef(source: x.source, key: x.key).entityID
                try store.recordAudit(
                    AuditEvent(action: "merge", subjectType: "entity", subjectIDs: [String(a.entityID), String(b.entityID)],
                               detail: MergeAudit(into: merged, records: ["\(x.source):\(x.key)", "\(y.source):\(y.key)"])),
                    by: actor)
                return (summary, merged)
            }
            if output.json {
                struct Document: Encodable { var entity: Int64?; var entities: Int }
                try Output.json(Document(entity: merged, entities: summary.entities))
            } else {
                print("merged: entities \(first) and \(second) are now entity \(merged.map(String.init) ?? "-")")
            }
        }
    }

    struct Split: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Split a record out of an entity (recorded as human decisions; survives re-matching).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The entity.") var id: Int64
        @Option(help: ArgumentHelp("The record to split out, as SOURCE:KEY (repeatable).", valueName: "source:key")) var record: [String]
        @Option(help: "Who decided (default: --as, $ASSETMAP_ACTOR, else $USER).") var by: String?
        @OptionGroup var actor: ActorOptions

        func run() async throws {
            guard !record.isEmpty else { throw ValidationError("name the record to split out with --record SOURCE:KEY") }
            let store = try global.openStore()
            let entity = try store.entityMembers(id: id)
            let actor = self.actor.actor(preferring: by)
            let who = actor.name
            var out: [(String, String)] = []
            for spec in record {
                guard let colon = spec.firstIndex(of: ":") else {
                    throw ValidationError("--record must be SOURCE:KEY (e.g. charities:1100123), not '\(spec)'")
                }
                let source = String(spec[..<colon]), key = String(spec[spec.index(after: colon)...])
                guard entity.members.contains(where: { $0.source == source && $0.key == key }) else {
                    throw ValidationError("\(spec) is not an active member of entity \(entity.entityID); `assetmap entity show \(entity.entityID)` lists them")
                }
                out.append((source, key))
            }
            let staying = entity.members.filter { m in !out.contains { $0.0 == m.source && $0.1 == m.key } }
            guard !staying.isEmpty else { throw ValidationError("splitting out every record leaves nothing to split from") }
            // "Different" from every record that stays: the split record cannot be pulled back by any of them. Every
            // decision, the re-clustering and the audit entry commit together: a killed split leaves no half of it.
            let moved = try store.atomically {
                for (source, key) in out {
                    for m in staying {
                        try store.recordDecision(a: (source, key), b: (m.source, m.key), same: false, by: who, via: "entity split")
                    }
                }
                _ = try Matcher(store: store).recluster()
                let moved = try out.map { try store.recordRef(source: $0.0, key: $0.1).entityID }
                try store.recordAudit(
                    AuditEvent(action: "split", subjectType: "entity", subjectIDs: [String(entity.entityID)],
                               detail: SplitAudit(records: record, into: moved)),
                    by: actor)
                return moved
            }
            if output.json {
                struct Document: Encodable { var entity: Int64; var split_into: [Int64?] }
                try Output.json(Document(entity: entity.entityID, split_into: moved))
            } else {
                print("split from entity \(entity.entityID): \(zip(record, moved).map { "\($0.0) → entity \($0.1.map(String.init) ?? "-")" }.joined(separator: ", "))")
            }
        }
    }
}

/// `entity show --json`: the golden record with provenance, members, areas, links and decisions.
struct EntityDocument: Encodable {
    struct Member: Encodable {
        var record_id: Int64
        var source: String
        var source_key: String
        var name: String?
        var location_precision: String?
    }
    struct Link: Encodable {
        var review_id: Int64
        var record_a: Int64
        var record_b: Int64
        var probability: Double
    }
    struct Decision: Encodable {
        var a: String
        var b: String
        var decision: String
        var decided_by: String
        var decided_at: String
        var via: String
    }
    var id: Int64
    var requested_id: Int64
    var kind: String
    var uuid: String
    var golden: [String: FieldChoice]
    var members: [Member]
    var areas: [String: AreaRef]
    var links: [Link]
    var decisions: [Decision]

    init(_ d: EntityDetail, golden: [String: FieldChoice], asked: Int64) {
        id = d.id
        requested_id = asked
        kind = d.kind.rawValue
        uuid = d.uuid
        self.golden = golden
        members = d.members.map {
            Member(record_id: $0.recordID, source: $0.source, source_key: $0.sourceKey, name: $0.fields["name"],
                   location_precision: d.precision[$0.recordID]?.rawValue)
        }
        areas = d.areas
        links = d.links.map { Link(review_id: $0.pairID, record_a: $0.a, record_b: $0.b, probability: $0.probability) }
        decisions = d.decisions.map {
            Decision(a: $0.a, b: $0.b, decision: $0.0.decision, decided_by: $0.0.decidedBy, decided_at: $0.0.decidedAt, via: $0.0.via)
        }
    }
}

/// Audit details of the human corrections.
struct DecisionAudit: Encodable { var decision: String; var a: String; var b: String }
struct MergeAudit: Encodable { var into: Int64?; var records: [String] }
struct SplitAudit: Encodable { var records: [String]; var into: [Int64?] }
