import AssetMapCore
import Foundation
import GRDB

/// One active record as entity resolution reads it: the normalised values it compares.
public struct MatchInput: Sendable {
    public var recordID: Int64
    public var entityID: Int64?
    public var kind: EntityKind
    public var source: String
    public var sourceKey: String
    public var contentHash: String
    /// The content hash the last match saw; nil when the record is new to matching.
    public var matchedHash: String?
    public var name: String
    public var nameMatch: String
    public var alternateNames: String?
    public var address: String?
    public var postcode: String?
    public var phone: String?
    public var email: String?
    public var website: String?
    public var charityNumber: String?
    public var companyNumber: String?
    public var uprn: String?
    public var lat: Double?
    public var lon: Double?
    public var precision: LocationPrecision?
    /// The bounding box of the building footprint, where the list gave one: the buildings of one site can stand
    /// hundreds of metres apart centre to centre while they touch.
    public var footprint: FootprintExtent?
    /// The town the list gives, read only for a record without a postcode: where it stands, roughly, when nothing
    /// else says.
    public var town: String?
    /// A postcode the list gives that is no UK postcode (flagged at import), as written: read only when the record
    /// has no postcode of its own.
    public var writtenPostcode: String?

    /// True when the record is new or changed since the last match.
    public var isDirty: Bool { matchedHash != contentHash }

    public init(
        recordID: Int64, entityID: Int64?, kind: EntityKind, source: String, sourceKey: String, contentHash: String,
        matchedHash: String?, name: String, nameMatch: String, alternateNames: String? = nil, address: String? = nil,
        postcode: String? = nil, phone: String? = nil, email: String? = nil, website: String? = nil,
        charityNumber: String? = nil, companyNumber: String? = nil, uprn: String? = nil, lat: Double? = nil,
        lon: Double? = nil, precision: LocationPrecision? = nil, footprint: FootprintExtent? = nil, town: String? = nil,
        writtenPostcode: String? = nil
    ) {
        self.recordID = recordID
        self.entityID = entityID
        self.kind = kind
        self.source = source
        self.sourceKey = sourceKey
        self.contentHash = contentHash
        self.matchedHash = matchedHash
        self.name = name
        self.nameMatch = nameMatch
        self.alternateNames = alternateNames
        self.address = address
        self.postcode = postcode
        self.phone = phone
        self.email = email
        self.website = website
        self.charityNumber = charityNumber
        self.companyNumber = companyNumber
        self.uprn = uprn
        self.lat = lat
        self.lon = lon
        self.precision = precision
        self.footprint = footprint
        self.town = town
        self.writtenPostcode = writtenPostcode
    }
}

/// A footprint's bounding box in degrees (WGS84).
public struct FootprintExtent: Sendable, Equatable {
    public var minLon: Double
    public var minLat: Double
    public var maxLon: Double
    public var maxLat: Double

    public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        self.minLon = minLon
        self.minLat = minLat
        self.maxLon = maxLon
        self.maxLat = maxLat
    }
}

/// What changed since the last match, cheaply: enough to decide that nothing needs doing.
public struct MatchStatus: Sendable {
    /// Active records that are new or changed since the last match.
    public var changed: Int
    /// Records the last match saw that are now withdrawn (or gone with their source).
    public var gone: Int
    /// Active records now.
    public var active: Int
    /// Records the last match saw, as it finished.
    public var lastRunRecords: Int?
    /// The newest human decision, and the newest the last run applied.
    public var lastDecisionID: Int64
    public var lastRun: MatchRunSummary?
}

/// One `match` run as recorded.
public struct MatchRunSummary: Codable, Sendable, Equatable {
    public var mode: String
    public var records: Int
    /// Candidate pairs compared in this run.
    public var pairsCompared: Int
    /// Candidate pairs at or above the link threshold (all stored, not only this run's).
    public var autoLinked: Int
    /// Open review items: between the thresholds, undecided, still in different entities.
    public var queuedForReview: Int
    /// Entities with at least one active record.
    public var entities: Int
    public var linkThreshold: Double
    public var reviewThreshold: Double
    public var seconds: Double
    public var lastDecisionID: Int64

    enum CodingKeys: String, CodingKey {
        case mode, records, entities, seconds
        case pairsCompared = "pairs_compared"
        case autoLinked = "auto_linked"
        case queuedForReview = "queued_for_review"
        case linkThreshold = "link_threshold"
        case reviewThreshold = "review_threshold"
        case lastDecisionID = "last_decision_id"
    }

    public init(
        mode: String, records: Int, pairsCompared: Int, autoLinked: Int, queuedForReview: Int, entities: Int,
        linkThreshold: Double, reviewThreshold: Double, seconds: Double, lastDecisionID: Int64
    ) {
        self.mode = mode
        self.records = records
        self.pairsCompared = pairsCompared
        self.autoLinked = autoLinked
        self.queuedForReview = queuedForReview
        self.entities = entities
        self.linkThreshold = linkThreshold
        self.reviewThreshold = reviewThreshold
        self.seconds = seconds
        self.lastDecisionID = lastDecisionID
    }
}

/// A stored pair as clustering reads it: its records, weight (log2 odds) and probability.
public struct KeptPair: Sendable, Equatable {
    public var a: Int64
    public var b: Int64
    public var weight: Double
    public var probability: Double
    public init(a: Int64, b: Int64, weight: Double, probability: Double) {
        self.a = a
        self.b = b
        self.weight = weight
        self.probability = probability
    }
}

/// A compared pair worth keeping.
public struct ScoredPair: Sendable, Equatable {
    public var a: Int64
    public var b: Int64
    public var weight: Double
    public var probability: Double
    public var levels: String
    public var tfAdjustment: Double
    public init(a: Int64, b: Int64, weight: Double, probability: Double, levels: String, tfAdjustment: Double) {
        self.a = min(a, b)
        self.b = max(a, b)
        self.weight = weight
        self.probability = probability
        self.levels = levels
        self.tfAdjustment = tfAdjustment
    }
}

/// A human decision on two records, resolved to the records active now.
public struct ResolvedDecision: Sendable, Equatable {
    public var a: Int64
    public var b: Int64
    public var same: Bool
}

/// How entity membership must change after clustering: ids kept stable, emptied entities redirected.
public struct EntityPlan: Sendable {
    /// Entities to create, by kind; a move to entity `-(i + 1)` means the i-th of these.
    public var newEntities: [EntityKind] = []
    public var moves: [(recordID: Int64, entity: Int64)] = []
    public var kindChanges: [(entity: Int64, kind: EntityKind)] = []
    /// Entities left with no active record, and where most of their records went.
    public var redirects: [(from: Int64, to: Int64)] = []
    public init() {}
    public var isEmpty: Bool { newEntities.isEmpty && moves.isEmpty && kindChanges.isEmpty && redirects.isEmpty }
}

/// One side of a candidate pair, for review.
public struct PairSide: Codable, Sendable, Equatable {
    public var recordID: Int64
    public var entityID: Int64?
    public var kind: String
    public var source: String
    public var sourceKey: String
    public var name: String
    public var address: String?
    public var postcode: String?
    public var fields: [String: String]

    enum CodingKeys: String, CodingKey {
        case kind, source, name, address, postcode, fields
        case recordID = "record_id"
        case entityID = "entity_id"
        case sourceKey = "source_key"
    }
}

/// A stored candidate pair with both records and any decision on it.
public struct PairDetail: Codable, Sendable, Equatable {
    public var id: Int64
    public var probability: Double
    public var weight: Double
    public var levels: String
    public var tfAdjustment: Double
    public var a: PairSide
    public var b: PairSide
    public var decision: DecisionInfo?

    enum CodingKeys: String, CodingKey {
        case id, probability, weight, levels, a, b, decision
        case tfAdjustment = "tf_adjustment"
    }
}

/// A recorded human decision.
public struct DecisionInfo: Codable, Sendable, Equatable {
    public var id: Int64
    public var decision: String
    public var decidedBy: String
    public var decidedAt: String
    public var via: String

    enum CodingKeys: String, CodingKey {
        case id, decision, via
        case decidedBy = "decided_by"
        case decidedAt = "decided_at"
    }
}

/// An entity with everything `entity show` prints.
public struct EntityDetail: Sendable {
    public var id: Int64
    public var kind: EntityKind
    public var uuid: String
    public var members: [MemberRecord]
    public var precision: [Int64: LocationPrecision]
    public var areas: [String: AreaRef]
    /// Stored pairs between members, with their probability.
    public var links: [(a: Int64, b: Int64, probability: Double, pairID: Int64)]
    public var decisions: [(DecisionInfo, a: String, b: String)]
}

extension AssetMapStore {
    // MARK: reading what to match

    /// Counts that tell whether a match run has anything to do.
    public func matchStatus() throws -> MatchStatus {
        try reading { db in
            let changed = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM record r LEFT JOIN match_state ms ON ms.record_id = r.id
                WHERE r.status = 'active' AND (ms.content_hash IS NULL OR ms.content_hash != r.content_hash)
                """) ?? 0
            let gone = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM match_state ms JOIN record r ON r.id = ms.record_id WHERE r.status != 'active'
                """) ?? 0
            let active = try Int.fetchOne(db, sql: "SELECT count(*) FROM record WHERE status = 'active'") ?? 0
            let lastDecision = try Int64.fetchOne(db, sql: "SELECT max(id) FROM match_decision") ?? 0
            let tracked = try Int.fetchOne(db, sql: "SELECT count(*) FROM match_state") ?? 0
            let last = try Self.lastRun(db)
            // Records deleted with their source take their match_state rows with them: count them as gone.
            let vanished = last.map { max(0, $0.records - (tracked - gone)) } ?? 0
            return MatchStatus(
                changed: changed, gone: gone + vanished, active: active, lastRunRecords: last?.records,
                lastDecisionID: lastDecision, lastRun: last)
        }
    }

    /// Every active record with the values matching compares, in record id order.
    public func matchInputs() throws -> [MatchInput] {
        try reading { db in try Self.matchInputs(db, where: "r.status = 'active'", arguments: []) }
    }

    /// The named records (active or not), for explanations.
    public func matchInputs(recordIDs: [Int64]) throws -> [MatchInput] {
        guard !recordIDs.isEmpty else { return [] }
        return try reading { db in
            try Self.matchInputs(
                db, where: "r.id IN (\(recordIDs.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(recordIDs))
        }
    }

    /// The postcode the import flagged as no UK postcode, as the list wrote it, of the record `r`: what matching
    /// compares in its place, and what a reviewer is shown.
    static let writtenPostcodeSQL = """
        CASE WHEN json_valid(r.flags) THEN (SELECT json_extract(f.value, '$.value') FROM json_each(r.flags) f
            WHERE json_extract(f.value, '$.field') = 'postcode' LIMIT 1) END
        """

    static func matchInputs(_ db: Database, where condition: String, arguments: StatementArguments) throws -> [MatchInput] {
        var result: [MatchInput] = []
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT r.id, re.entity_id, r.kind, s.name AS source, r.source_key, r.content_hash, ms.content_hash AS matched,
                r.name, r.name_match, json_extract(r.fields, '$.alternate_names') AS alternates,
                json_extract(r.fields, '$.address') AS address, r.postcode, r.phone, r.email, r.website,
                r.charity_number, r.company_number, r.uprn, r.lat, r.lon, r.location_precision,
                MbrMinX(r.footprint), MbrMinY(r.footprint), MbrMaxX(r.footprint), MbrMaxY(r.footprint),
                CASE WHEN r.postcode IS NULL THEN json_extract(r.fields, '$.town') END AS town,
                CASE WHEN r.postcode IS NULL THEN \(writtenPostcodeSQL) END AS written_postcode
            FROM record r JOIN source s ON s.id = r.source_id LEFT JOIN record_entity re ON re.record_id = r.id
            LEFT JOIN match_state ms ON ms.record_id = r.id
            WHERE \(condition) ORDER BY r.id
            """, arguments: arguments)
        while let row = try cursor.next() {
            var footprint: FootprintExtent?
            if let minLon: Double = row[21], let minLat: Double = row[22], let maxLon: Double = row[23], let maxLat: Double = row[24] {
                footprint = FootprintExtent(minLon: minLon, minLat: minLat, maxLon: maxLon, maxLat: maxLat)
            }
            result.append(MatchInput(
                recordID: row[0], entityID: row[1], kind: EntityKind(rawValue: row[2]) ?? .organisation, source: row[3],
                sourceKey: row[4], contentHash: row[5], matchedHash: row[6], name: row[7], nameMatch: row[8],
                alternateNames: row[9], address: row[10], postcode: row[11], phone: row[12], email: row[13],
                website: row[14], charityNumber: row[15], companyNumber: row[16], uprn: row[17], lat: row[18],
                lon: row[19], precision: (row[20] as String?).flatMap(LocationPrecision.init(rawValue:)), footprint: footprint,
                town: row[25], writtenPostcode: row[26]))
        }
        return result
    }

    // MARK: the model

    /// The stored model (JSON) and how many records it was trained on; nil before the first match.
    public func matchModel() throws -> (json: String, trainedRecords: Int, trainedAt: String)? {
        try reading { db in
            try Row.fetchOne(db, sql: "SELECT model, trained_records, trained_at FROM match_model WHERE id = 1").map {
                ($0[0], $0[1], $0[2])
            }
        }
    }

    // MARK: writing a run

    /// Stores one run's comparisons: drops pairs of changed or gone records (all pairs when `full`),
    /// upserts the new ones (ids of surviving pairs stay), and remembers what each record looked like.
    public func saveMatchPairs(full: Bool, model: (json: String, records: Int)?, seen: [(Int64, String)], pairs: [ScoredPair]) throws {
        try writing { db in
            let now = Timestamp.now()
            if let model {
                try db.execute(sql: """
                    INSERT INTO match_model (id, model, trained_at, trained_records) VALUES (1, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET model = excluded.model, trained_at = excluded.trained_at,
                        trained_records = excluded.trained_records
                    """, arguments: [model.json, now, model.records])
            }
            if full {
                // Keep the rows (and so the review ids) of pairs scored again below; drop the rest. A first run has
                // none to keep.
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM match_pair)") == true {
                    try db.execute(sql: "DROP TABLE IF EXISTS temp.match_keep; CREATE TEMP TABLE match_keep (a INTEGER, b INTEGER, PRIMARY KEY (a, b)) WITHOUT ROWID")
                    let keep = try db.makeStatement(sql: "INSERT OR IGNORE INTO temp.match_keep VALUES (?, ?)")
                    for pair in pairs {
                        var row = RowBinding(keep)
                        row.integer(pair.a)
                        row.integer(pair.b)
                        try row.run(db)
                    }
                    try db.execute(sql: """
                        DELETE FROM match_pair WHERE NOT EXISTS
                            (SELECT 1 FROM temp.match_keep k WHERE k.a = match_pair.record_a AND k.b = match_pair.record_b)
                        """)
                    try db.execute(sql: "DROP TABLE temp.match_keep")
                }
            } else {
                try TemporaryIDs.create(db, "match_dirty", seen.lazy.map(\.0))
                // Gone: seen last time, not active now.
                try db.execute(sql: """
                    INSERT OR IGNORE INTO temp.match_dirty
                    SELECT ms.record_id FROM match_state ms JOIN record r ON r.id = ms.record_id WHERE r.status != 'active'
                    """)
                try db.execute(sql: """
                    DELETE FROM match_pair WHERE record_a IN (SELECT id FROM temp.match_dirty)
                        OR record_b IN (SELECT id FROM temp.match_dirty);
                    DROP TABLE temp.match_dirty
                    """)
            }
            // Into an empty table (a first run, or a full run keeping nothing), many rows go in faster without the
            // indexes on the second record and the probability, built again from sorted rows once they are in: each
            // row inserted with them touched two pages at random. The unique index stays, for the upsert.
            var setAside: [String] = []
            if pairs.count >= 1_000, try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM match_pair)") == true {
                for index in try Row.fetchAll(db, sql: """
                    SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'match_pair' AND sql IS NOT NULL
                    """) {
                    setAside.append(index["sql"])
                    try db.execute(sql: "DROP INDEX \((index["name"] as String).quotedDatabaseIdentifier)")
                }
            }
            // A million rows at 1M, bound through SQLite's C API (GRDB's boxed arguments were most of this step).
            let upsert = try db.makeStatement(sql: """
                INSERT INTO match_pair (record_a, record_b, weight, probability, levels, tf_adjustment, scored_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (record_a, record_b) DO UPDATE SET weight = excluded.weight, probability = excluded.probability,
                    levels = excluded.levels, tf_adjustment = excluded.tf_adjustment, scored_at = excluded.scored_at
                """)
            for pair in pairs {
                var row = RowBinding(upsert)
                row.integer(pair.a)
                row.integer(pair.b)
                row.real(pair.weight)
                row.real(pair.probability)
                row.text(pair.levels)
                row.real(pair.tfAdjustment)
                row.text(now)
                try row.run(db)
            }
            for sql in setAside { try db.execute(sql: sql) }
            try db.execute(sql: """
                DELETE FROM match_state WHERE record_id IN
                    (SELECT ms.record_id FROM match_state ms JOIN record r ON r.id = ms.record_id WHERE r.status != 'active')
                """)
            let state = try db.makeStatement(sql: """
                INSERT INTO match_state (record_id, content_hash) VALUES (?, ?)
                ON CONFLICT (record_id) DO UPDATE SET content_hash = excluded.content_hash
                """)
            for (id, hash) in seen {
                var row = RowBinding(state)
                row.integer(id)
                row.text(hash)
                try row.run(db)
            }
        }
    }

    /// Stored pairs between active records, strongest first.
    public func matchPairs() throws -> [KeptPair] {
        try reading { db in
            try Row.fetchAll(db, sql: """
                SELECT p.record_a, p.record_b, p.weight, p.probability FROM match_pair p
                JOIN record ra ON ra.id = p.record_a JOIN record rb ON rb.id = p.record_b
                WHERE ra.status = 'active' AND rb.status = 'active'
                ORDER BY p.weight DESC, p.record_a, p.record_b
                """).map { KeptPair(a: $0[0], b: $0[1], weight: $0[2], probability: $0[3]) }
        }
    }

    /// The latest decision on each pair whose two records are both active now.
    public func matchDecisions() throws -> [ResolvedDecision] {
        try reading { db in
            try Row.fetchAll(db, sql: """
                SELECT ra.id, rb.id, d.decision FROM match_decision d
                JOIN (SELECT max(id) AS id FROM match_decision GROUP BY source_a, key_a, source_b, key_b) latest ON latest.id = d.id
                JOIN source sa ON sa.name = d.source_a JOIN record ra ON ra.source_id = sa.id AND ra.source_key = d.key_a
                JOIN source sb ON sb.name = d.source_b JOIN record rb ON rb.source_id = sb.id AND rb.source_key = d.key_b
                WHERE ra.status = 'active' AND rb.status = 'active'
                ORDER BY d.id
                """).map { ResolvedDecision(a: $0[0], b: $0[1], same: ($0[2] as String) == "same") }
        }
    }

    /// Carries out an entity plan in one transaction, then rebuilds the directory rows of every entity it touched.
    public func applyEntityPlan(_ plan: EntityPlan) throws {
        guard !plan.isEmpty else { return }
        try writing { db in
            let now = Timestamp.now()
            var created: [Int64] = []
            let insertEntity = try db.makeStatement(sql: "INSERT INTO entity (kind, uuid, created_at) VALUES (?, ?, ?)")
            var uuids = EntityUUIDs()
            for kind in plan.newEntities {
                try insertEntity.execute(arguments: [kind.rawValue, uuids.next(), now])
                created.append(db.lastInsertedRowID)
            }
            var touched: Set<Int64> = Set(created)
            // Moves are applied in one statement, in record order: a first match moves a quarter of all records, and
            // one at a time in cluster order each dirtied a page of the record table somewhere else.
            try db.execute(sql: """
                DROP TABLE IF EXISTS temp.entity_moves;
                CREATE TEMP TABLE entity_moves (record_id INTEGER PRIMARY KEY, entity_id INTEGER NOT NULL)
                """)
            let move = try db.makeStatement(sql: "INSERT OR REPLACE INTO temp.entity_moves VALUES (?, ?)")
            for (recordID, entity) in plan.moves {
                let target = entity < 0 ? created[Int(-entity - 1)] : entity
                try move.execute(arguments: [recordID, target])
                touched.insert(target)
            }
            touched.formUnion(try Int64.fetchAll(db, sql: """
                SELECT DISTINCT re.entity_id FROM temp.entity_moves m JOIN record_entity re ON re.record_id = m.record_id
                """))
            try db.execute(sql: """
                UPDATE record_entity SET entity_id = m.entity_id FROM temp.entity_moves m WHERE m.record_id = record_entity.record_id;
                DROP TABLE temp.entity_moves
                """)
            let kind = try db.makeStatement(sql: "UPDATE entity SET kind = ? WHERE id = ?")
            for change in plan.kindChanges {
                try kind.execute(arguments: [change.kind.rawValue, change.entity])
                touched.insert(change.entity)
            }
            let redirect = try db.makeStatement(sql: """
                INSERT INTO entity_redirect (entity_id, merged_into, redirected_at) VALUES (?, ?, ?)
                ON CONFLICT (entity_id) DO UPDATE SET merged_into = excluded.merged_into, redirected_at = excluded.redirected_at
                """)
            for (from, to) in plan.redirects {
                try redirect.execute(arguments: [from, to < 0 ? created[Int(-to - 1)] : to, now])
                touched.insert(from)
            }
            // A redirect that pointed at an entity now reborn is void. Asked redirect by redirect through the records'
            // entity index: most redirected entities hold no record, where the list of every active record's entity
            // read the whole record table (2.0 s against 0.2 s at 1M).
            try db.execute(sql: """
                DELETE FROM entity_redirect WHERE EXISTS
                    (SELECT 1 FROM record_entity re JOIN record r ON r.id = re.record_id
                     WHERE re.entity_id = entity_redirect.entity_id AND r.status = 'active')
                """)
            try Self.refreshEntities(db, ids: Array(touched))
            // Emptied entities go once nothing refers to them (withdrawn records keep theirs). In one statement, in id
            // order: one at a time, a 1M match's 268,335 took 5 s.
            try TemporaryIDs.create(db, "entity_emptied", plan.redirects.lazy.map(\.from))
            try db.execute(sql: """
                DELETE FROM entity WHERE id IN (SELECT id FROM temp.entity_emptied)
                    AND NOT EXISTS (SELECT 1 FROM record_entity WHERE record_entity.entity_id = entity.id);
                DROP TABLE temp.entity_emptied
                """)
        }
    }

    /// Records a finished run.
    public func recordMatchRun(_ run: MatchRunSummary) throws {
        try writing { db in
            try db.execute(sql: """
                INSERT INTO match_run (started_at, mode, records, compared, linked, review, entities, link_threshold,
                    review_threshold, last_decision_id, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    Timestamp.now(), run.mode, run.records, run.pairsCompared, run.autoLinked, run.queuedForReview,
                    run.entities, run.linkThreshold, run.reviewThreshold, run.lastDecisionID, run.seconds,
                ])
        }
    }

    /// The last recorded run.
    public func lastMatchRun() throws -> MatchRunSummary? {
        try reading { db in try Self.lastRun(db) }
    }

    static func lastRun(_ db: Database) throws -> MatchRunSummary? {
        try Row.fetchOne(db, sql: """
            SELECT mode, records, compared, linked, review, entities, link_threshold, review_threshold, seconds, last_decision_id
            FROM match_run ORDER BY id DESC LIMIT 1
            """).map {
            MatchRunSummary(
                mode: $0[0], records: $0[1], pairsCompared: $0[2], autoLinked: $0[3], queuedForReview: $0[4],
                entities: $0[5], linkThreshold: $0[6], reviewThreshold: $0[7], seconds: $0[8], lastDecisionID: $0[9])
        }
    }

    /// Pairs at or above the link threshold, open review items, and entities with active records, as stored. A run
    /// counts them from its clusters; tests hold the two to each other.
    public func matchCounts(linkThreshold: Double, reviewThreshold: Double) throws -> (linked: Int, review: Int, entities: Int) {
        try reading { db in
            let linked = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM match_pair p JOIN record ra ON ra.id = p.record_a JOIN record rb ON rb.id = p.record_b
                WHERE p.probability >= ? AND ra.status = 'active' AND rb.status = 'active'
                """, arguments: [linkThreshold]) ?? 0
            let review = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM (\(Self.reviewSQL))", arguments: [reviewThreshold]) ?? 0
            let entities = try Int.fetchOne(db, sql: Self.activeEntityCountSQL) ?? 0
            return (linked, review, entities)
        }
    }

    // MARK: review

    /// Open review items: at or above the review threshold, undecided, active, and not in one entity. That is the
    /// pairs between the thresholds, and the pairs above the link threshold that clustering left apart (their
    /// clusters shared too little else, or a registry number differs): the model could not settle either.
    static let reviewSQL = """
        SELECT p.id FROM match_pair p
        JOIN record ra ON ra.id = p.record_a JOIN record rb ON rb.id = p.record_b
        JOIN record_entity ea ON ea.record_id = p.record_a JOIN record_entity eb ON eb.record_id = p.record_b
        JOIN source sa ON sa.id = ra.source_id JOIN source sb ON sb.id = rb.source_id
        WHERE p.probability >= ? AND ra.status = 'active' AND rb.status = 'active'
          AND ea.entity_id IS NOT eb.entity_id
          AND NOT EXISTS (SELECT 1 FROM match_decision d WHERE
                (d.source_a = sa.name AND d.key_a = ra.source_key AND d.source_b = sb.name AND d.key_b = rb.source_key)
             OR (d.source_a = sb.name AND d.key_a = rb.source_key AND d.source_b = sa.name AND d.key_b = ra.source_key))
        """

    /// The review queue, most likely first. `linkThreshold` no longer bounds it: a pair above it is queued when
    /// clustering left its records apart.
    public func reviewQueue(linkThreshold: Double, reviewThreshold: Double, limit: Int? = nil) throws -> [PairDetail] {
        let ids = try reading { db in
            try Int64.fetchAll(db, sql: """
                SELECT q.id FROM (\(Self.reviewSQL)) q JOIN match_pair p ON p.id = q.id
                ORDER BY p.probability DESC, p.id LIMIT ?
                """, arguments: [reviewThreshold, limit ?? -1])
        }
        return try ids.map { try pairDetail(id: $0) }
    }

    /// One stored pair with both records and the latest decision on it.
    public func pairDetail(id: Int64) throws -> PairDetail {
        try reading { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT id, probability, weight, levels, tf_adjustment, record_a, record_b FROM match_pair WHERE id = ?
                """, arguments: [id])
            else { throw StoreError.notFound(what: "review item", key: String(id)) }
            let a = try Self.pairSide(db, recordID: row[5])
            let b = try Self.pairSide(db, recordID: row[6])
            let decision = try Self.latestDecision(db, a: (a.source, a.sourceKey), b: (b.source, b.sourceKey))
            return PairDetail(
                id: row[0], probability: row[1], weight: row[2], levels: row[3], tfAdjustment: row[4], a: a, b: b,
                decision: decision)
        }
    }

    static func pairSide(_ db: Database, recordID: Int64) throws -> PairSide {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT r.id, re.entity_id, r.kind, s.name, r.source_key, r.name, r.postcode, r.fields,
                \(writtenPostcodeSQL) AS written
            FROM record r JOIN source s ON s.id = r.source_id LEFT JOIN record_entity re ON re.record_id = r.id WHERE r.id = ?
            """, arguments: [recordID])
        else { throw StoreError.notFound(what: "record", key: String(recordID)) }
        var fields = decodeFields(row[7])
        fields["name_match"] = nil
        return PairSide(
            recordID: row[0], entityID: row[1], kind: row[2], source: row[3], sourceKey: row[4], name: row[5],
            // A postcode that is no UK postcode is compared as written (matching), so a reviewer sees it too.
            address: fields["address"], postcode: row[6] ?? (row[8] as String?).map { "\($0) (as written: not a UK postcode)" },
            fields: fields)
    }

    static func orderedKeys(_ a: (String, String), _ b: (String, String)) -> ((String, String), (String, String)) {
        (a.0, a.1) <= (b.0, b.1) ? (a, b) : (b, a)
    }

    static func latestDecision(_ db: Database, a: (String, String), b: (String, String)) throws -> DecisionInfo? {
        let (x, y) = orderedKeys(a, b)
        return try Row.fetchOne(db, sql: """
            SELECT id, decision, decided_by, decided_at, via FROM match_decision
            WHERE source_a = ? AND key_a = ? AND source_b = ? AND key_b = ? ORDER BY id DESC LIMIT 1
            """, arguments: [x.0, x.1, y.0, y.1]).map {
            DecisionInfo(id: $0[0], decision: $0[1], decidedBy: $0[2], decidedAt: $0[3], via: $0[4])
        }
    }

    /// Records a human decision on two records, named by source and key; the latest decision on a pair wins.
    @discardableResult
    public func recordDecision(
        a: (source: String, key: String), b: (source: String, key: String), same: Bool, by: String, via: String,
        pairID: Int64? = nil
    ) throws -> Int64 {
        guard a != b else { throw StoreError.invalid("a record cannot be decided against itself (\(a.source):\(a.key))") }
        return try writing { db in
            let (x, y) = Self.orderedKeys((a.source, a.key), (b.source, b.key))
            try db.execute(sql: """
                INSERT INTO match_decision (source_a, key_a, source_b, key_b, decision, decided_by, decided_at, via, pair_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [x.0, x.1, y.0, y.1, same ? "same" : "different", by, Timestamp.now(), via, pairID])
            return db.lastInsertedRowID
        }
    }

    // MARK: entities

    /// The record a source and key name: its id, entity and status.
    public func recordRef(source: String, key: String) throws -> (recordID: Int64, entityID: Int64?, active: Bool) {
        try reading { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT r.id, re.entity_id, r.status FROM record r JOIN source s ON s.id = r.source_id
                LEFT JOIN record_entity re ON re.record_id = r.id
                WHERE s.name = ? AND r.source_key = ?
                """, arguments: [source, key])
            else { throw StoreError.notFound(what: "record", key: "\(source):\(key)") }
            return (row[0], row[1], (row[2] as String) == "active")
        }
    }

    /// Active members of an entity as (record id, source, key), in record order; follows a redirect.
    public func entityMembers(id: Int64) throws -> (entityID: Int64, members: [(recordID: Int64, source: String, key: String)]) {
        let resolved = try resolveEntity(id: id)
        return try reading { db in
            let members = try Row.fetchAll(db, sql: """
                SELECT r.id, s.name, r.source_key FROM record_entity re JOIN record r ON r.id = re.record_id
                JOIN source s ON s.id = r.source_id
                WHERE re.entity_id = ? AND r.status = 'active' ORDER BY r.id
                """, arguments: [resolved]).map { (recordID: $0[0] as Int64, source: $0[1] as String, key: $0[2] as String) }
            return (resolved, members)
        }
    }

    /// The entity an id names now: itself, or where it was merged into (following redirects).
    public func resolveEntity(id: Int64) throws -> Int64 {
        try reading { db in
            var current = id
            var hops = 0
            while hops < 100 {
                if try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM record_entity re JOIN record r ON r.id = re.record_id
                                   WHERE re.entity_id = ? AND r.status = 'active')
                    """, arguments: [current]) == true {
                    return current
                }
                guard let next = try Int64.fetchOne(db, sql: "SELECT merged_into FROM entity_redirect WHERE entity_id = ?", arguments: [current])
                else { break }
                current = next
                hops += 1
            }
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM entity WHERE id = ?)", arguments: [current]) == true {
                return current
            }
            throw StoreError.notFound(what: "entity", key: String(id))
        }
    }

    /// Golden-record inputs and provenance of one entity (following a merge redirect).
    public func entityDetail(id: Int64) throws -> EntityDetail {
        let resolved = try resolveEntity(id: id)
        return try reading { db in
            guard let entity = try Row.fetchOne(db, sql: "SELECT kind, uuid FROM entity WHERE id = ?", arguments: [resolved]) else {
                throw StoreError.notFound(what: "entity", key: String(id))
            }
            var members: [MemberRecord] = []
            var precision: [Int64: LocationPrecision] = [:]
            var best: (rank: Int, record: Int64)?
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.id, s.name, s.trust, s.as_of, r.source_key, r.fields, r.updated_at, r.location_precision
                FROM record_entity re JOIN record r ON r.id = re.record_id JOIN source s ON s.id = r.source_id
                WHERE re.entity_id = ? AND r.status = 'active' ORDER BY r.id
                """, arguments: [resolved])
            for row in rows {
                let fields = Self.decodeFields(row[5])
                let member = MemberRecord(
                    recordID: row[0], source: row[1], sourceKey: row[4], trust: row[2],
                    recency: fields["updated"] ?? (row[3] as String?) ?? row[6], fields: fields)
                members.append(member)
                if let p = (row[7] as String?).flatMap(LocationPrecision.init(rawValue:)) {
                    precision[member.recordID] = p
                    let rank = LocationPrecision.allCases.firstIndex(of: p)! * 1000 - Int(member.trust * 100)
                    if best == nil || rank < best!.rank { best = (rank, member.recordID) }
                }
            }
            var areas: [String: AreaRef] = [:]
            if let record = best?.record {
                for row in try Row.fetchAll(db, sql: """
                    SELECT ra.layer, a.code, a.name FROM record_area ra JOIN area a ON a.id = ra.area_id WHERE ra.record_id = ?
                    """, arguments: [record]) {
                    areas[row[0]] = AreaRef(layer: row[0], code: row[1], name: row[2])
                }
            }
            let links = try Row.fetchAll(db, sql: """
                SELECT p.record_a, p.record_b, p.probability, p.id FROM match_pair p
                JOIN record ra ON ra.id = p.record_a JOIN record rb ON rb.id = p.record_b
                JOIN record_entity ea ON ea.record_id = p.record_a JOIN record_entity eb ON eb.record_id = p.record_b
                WHERE ea.entity_id = ? AND eb.entity_id = ? AND ra.status = 'active' AND rb.status = 'active'
                ORDER BY p.probability DESC
                """, arguments: [resolved, resolved]).map { (a: $0[0] as Int64, b: $0[1] as Int64, probability: $0[2] as Double, pairID: $0[3] as Int64) }
            let keys = Set(members.map { "\($0.source)\u{1F}\($0.sourceKey)" })
            var decisions: [(DecisionInfo, a: String, b: String)] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT d.id, d.decision, d.decided_by, d.decided_at, d.via, d.source_a, d.key_a, d.source_b, d.key_b
                FROM match_decision d JOIN source s ON s.name = d.source_a JOIN record r ON r.source_id = s.id AND r.source_key = d.key_a
                JOIN record_entity re ON re.record_id = r.id
                WHERE re.entity_id = ? ORDER BY d.id
                """, arguments: [resolved]) {
                let a = "\(row[5] as String)\u{1F}\(row[6] as String)", b = "\(row[7] as String)\u{1F}\(row[8] as String)"
                guard keys.contains(a) || keys.contains(b) else { continue }
                decisions.append((
                    DecisionInfo(id: row[0], decision: row[1], decidedBy: row[2], decidedAt: row[3], via: row[4]),
                    a: "\(row[5] as String):\(row[6] as String)", b: "\(row[7] as String):\(row[8] as String)"))
            }
            return EntityDetail(
                id: resolved, kind: EntityKind(rawValue: entity[0]) ?? .organisation, uuid: entity[1], members: members,
                precision: precision, areas: areas, links: links, decisions: decisions)
        }
    }
}
