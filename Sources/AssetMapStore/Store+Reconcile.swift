import AssetMapCore
import Foundation
import GRDB

/// What a reconciliation query can be blocked on: the name's words and the values an officer's list gives.
public struct ReconcileBlock: Sendable, Equatable {
    public var name: String
    public var kind: EntityKind?
    /// A full postcode ("M33 7AA").
    public var postcode: String?
    /// An organisation's own web domain ("traffordcarers.org.uk"), shared hosts left out by the caller.
    public var domain: String?
    public var phone: String?
    public var email: String?
    public var charityNumber: String?
    public var companyNumber: String?
    /// Most candidates taken from each way in (name, postcode, …).
    public var perWay: Int

    public init(
        name: String, kind: EntityKind? = nil, postcode: String? = nil, domain: String? = nil, phone: String? = nil,
        email: String? = nil, charityNumber: String? = nil, companyNumber: String? = nil, perWay: Int = 40
    ) {
        self.name = name
        self.kind = kind
        self.postcode = postcode
        self.domain = domain
        self.phone = phone
        self.email = email
        self.charityNumber = charityNumber
        self.companyNumber = companyNumber
        self.perWay = perWay
    }
}

/// An entity's golden record as a reader of one visibility sees it, with the values reconciliation compares.
public struct ReconcileEntity: Sendable, Equatable {
    public var entityID: Int64
    public var kind: EntityKind
    public var name: String
    /// Other names the entity is known by: its alternate names and the names its other lists give it.
    public var otherNames: [String]
    public var categories: [String]
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
    public var sources: [String]
}

extension AssetMapStore {
    /// Entities worth comparing with a reconciliation query, as `visibility` may see them: names sharing the query's
    /// words (rarest first), and entities with its postcode, web domain, phone, email or registry numbers.
    public func reconcileCandidates(_ block: ReconcileBlock, visibility: Visibility) throws -> [Int64] {
        let level = visibility.rawValue
        let perWay = max(1, min(block.perWay, 500))
        return try writer.read { db in
            var found: [Int64] = []
            var seen: Set<Int64> = []
            func add(_ ids: [Int64]) { for id in ids where seen.insert(id).inserted { found.append(id) } }
            func args(_ parts: [(any DatabaseValueConvertible)?]...) -> [(any DatabaseValueConvertible)?] { parts.flatMap { $0 } }
            let kindSQL = block.kind == nil ? "" : " AND v.kind = ?"
            let kindArgument: [(any DatabaseValueConvertible)?] = block.kind.map { [$0.rawValue] } ?? []

            var words = SearchText.words(block.name)
            for word in words { if let corrected = try SearchText.correct(word, db: db), !words.contains(corrected) { words.append(corrected) } }
            if !words.isEmpty {
                // Any of the words, in the name columns only; bm25 puts names sharing the rare words first.
                let match = "{name alternate_names} : (" + SearchText.match(words, all: false) + ")"
                add(try Int64.fetchAll(db, sql: """
                    SELECT v.entity_id FROM entity_fts f JOIN entity_view v ON v.id = f.rowid
                    WHERE entity_fts MATCH ? AND v.min_level <= ? AND v.max_level >= ?\(kindSQL)
                    ORDER BY bm25(entity_fts, 10.0, 6.0, 0.0, 0.0, 0.0), v.entity_id LIMIT ?
                    """, arguments: StatementArguments(args([match, level, level], kindArgument, [perWay]))))
            }
            if let postcode = block.postcode {
                add(try Int64.fetchAll(db, sql: """
                    SELECT v.entity_id FROM entity_view v WHERE v.postcode = ? AND v.min_level <= ? AND v.max_level >= ?\(kindSQL)
                    ORDER BY v.entity_id LIMIT ?
                    """, arguments: StatementArguments(args([postcode, level, level], kindArgument, [perWay]))))
            }
            // Record values, through the records the reader may see.
            var recordConditions: [(String, [(any DatabaseValueConvertible)?])] = []
            if let n = block.charityNumber { recordConditions.append(("r.charity_number = ?", [n])) }
            if let n = block.companyNumber { recordConditions.append(("r.company_number = ?", [n])) }
            if let phone = block.phone { recordConditions.append(("r.phone = ?", [phone])) }
            if let email = block.email { recordConditions.append(("lower(r.email) = lower(?)", [email])) }
            if let domain = block.domain {
                let escaped = domain.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                recordConditions.append((
                    "(lower(r.website) LIKE ? ESCAPE '\\' OR lower(r.website) LIKE ? ESCAPE '\\' OR lower(r.email) LIKE ? ESCAPE '\\')",
                    ["%://" + escaped + "%", "%://www." + escaped + "%", "%@" + escaped]))
            }
            for (condition, arguments) in recordConditions {
                add(try Int64.fetchAll(db, sql: """
                    SELECT DISTINCT re.entity_id FROM record r JOIN source s ON s.id = r.source_id
                    JOIN record_entity re ON re.record_id = r.id
                    JOIN entity_view v ON v.entity_id = re.entity_id AND v.min_level <= ? AND v.max_level >= ?
                    WHERE r.status = 'active' AND \(condition)
                        AND (CASE s.sharing WHEN 'open' THEN 0 WHEN 'partners' THEN 1 ELSE 2 END) <= ?\(kindSQL)
                    ORDER BY re.entity_id LIMIT ?
                    """, arguments: StatementArguments(args([level, level], arguments, [level], kindArgument, [perWay]))))
            }
            return found
        }
    }

    /// The golden records of these entities as `visibility` sees them (entities it may not see are left out), in the
    /// order asked.
    public func reconcileEntities(_ ids: [Int64], visibility: Visibility) throws -> [ReconcileEntity] {
        guard !ids.isEmpty else { return [] }
        let level = visibility.rawValue
        return try writer.read { db in
            var byID: [Int64: ReconcileEntity] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500) {
                let part = Array(ids[chunk..<min(chunk + 500, ids.count)])
                let rows = try Row.fetchAll(db, sql: """
                    SELECT entity_id, kind, name, categories, address, postcode, phone, email, website, lat, lon, location_precision,
                        sources, golden
                    FROM entity_view WHERE min_level <= ? AND max_level >= ?
                        AND entity_id IN (\(part.map { _ in "?" }.joined(separator: ",")))
                    """, arguments: StatementArguments([level, level] as [(any DatabaseValueConvertible)?] + part.map { $0 as (any DatabaseValueConvertible)? }))
                for row in rows {
                    let golden = Self.goldenValues(row["golden"])
                    var otherNames: [String] = []
                    let name: String = row["name"]
                    for n in (golden["alternate_names"] ?? []) + (golden["name"] ?? []) {
                        for part in n.split(whereSeparator: { $0 == ";" || $0 == "|" }) {
                            let trimmed = part.trimmingCharacters(in: .whitespaces)
                            if !trimmed.isEmpty, trimmed != name, !otherNames.contains(trimmed) { otherNames.append(trimmed) }
                        }
                    }
                    let categories: String? = row["categories"]
                    let sources: String = row["sources"]
                    let id: Int64 = row["entity_id"]
                    byID[id] = ReconcileEntity(
                        entityID: id, kind: EntityKind(rawValue: row["kind"]) ?? .organisation, name: name, otherNames: otherNames,
                        categories: categories.map { $0.split(separator: ";").map(String.init) } ?? [], address: row["address"],
                        postcode: row["postcode"], phone: row["phone"], email: row["email"], website: row["website"],
                        charityNumber: golden["charity_number"]?.first, companyNumber: golden["company_number"]?.first,
                        uprn: golden["uprn"]?.first, lat: row["lat"], lon: row["lon"],
                        precision: (row["location_precision"] as String?).flatMap(LocationPrecision.init(rawValue:)),
                        sources: sources.split(separator: ";").map(String.init))
                }
            }
            return ids.compactMap { byID[$0] }
        }
    }

    /// Entities whose name (or alternate name) has words starting as `prefix` does, for type-ahead, best first.
    public func reconcileSuggest(prefix: String, kind: EntityKind?, visibility: Visibility, limit: Int, offset: Int) throws -> [Int64] {
        let words = SearchText.words(prefix)
        guard !words.isEmpty else { return [] }
        let level = visibility.rawValue
        // Every word as typed must be there; the last may be half typed.
        let match = "{name alternate_names} : (" + words.map { "\"\($0)\"*" }.joined(separator: " AND ") + ")"
        return try writer.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT v.entity_id FROM entity_fts f JOIN entity_view v ON v.id = f.rowid
                WHERE entity_fts MATCH ? AND v.min_level <= ? AND v.max_level >= ?\(kind == nil ? "" : " AND v.kind = ?")
                ORDER BY bm25(entity_fts, 10.0, 6.0, 0.0, 0.0, 0.0), v.entity_id LIMIT ? OFFSET ?
                """, arguments: StatementArguments(
                    ([match, level, level] as [(any DatabaseValueConvertible)?]) + (kind.map { [$0.rawValue] } ?? [])
                        + [max(1, min(limit, 100)), max(0, min(offset, 10_000))]))
        }
    }

    /// Changes whenever what reconciliation compares against changes: records, their matching, the learned model.
    public func reconcileStamp() throws -> String {
        try writer.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM record WHERE status = 'active'), (SELECT max(id) FROM record),
                    (SELECT max(updated_at) FROM record), (SELECT max(id) FROM match_run),
                    (SELECT trained_at FROM match_model WHERE id = 1)
                """)
            guard let row else { return "" }
            let parts: [String?] = [
                (row[0] as Int64?).map { String($0) }, (row[1] as Int64?).map { String($0) }, row[2] as String?,
                (row[3] as Int64?).map { String($0) }, row[4] as String?,
            ]
            return parts.map { $0 ?? "-" }.joined(separator: "|")
        }
    }

    /// A golden JSON's values per field: the chosen value first, then the alternatives.
    static func goldenValues(_ json: String?) -> [String: [String]] {
        guard let json, let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [:] }
        var result: [String: [String]] = [:]
        for (field, choice) in object {
            guard let choice = choice as? [String: Any], let value = choice["value"] as? String else { continue }
            var values = [value]
            for alternative in choice["alternatives"] as? [[String: Any]] ?? [] {
                if let v = alternative["value"] as? String, !values.contains(v) { values.append(v) }
            }
            result[field] = values
        }
        return result
    }
}
