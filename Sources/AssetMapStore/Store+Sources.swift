import AssetMapCore
import Foundation
import GRDB

/// A source as `sources list` shows it.
public struct SourceSummary: Codable, Sendable, Equatable {
    public var name: String
    public var title: String?
    public var publisher: String?
    public var licence: String?
    public var sharing: String
    public var trust: Double
    public var asOf: String?
    public var kind: String?
    public var records: Int
    public var withdrawn: Int
    public var unlocated: Int
    public var lastImport: String?

    enum CodingKeys: String, CodingKey {
        case name, title, publisher, licence, sharing, trust, kind, records, withdrawn, unlocated
        case asOf = "as_of"
        case lastImport = "last_import"
    }
}

/// One past import of a source.
public struct ImportRunSummary: Codable, Sendable, Equatable {
    public var id: Int64
    public var file: String
    public var importedAt: String
    public var read, added, updated, unchanged, withdrawn, unlocated, rejected, warnings: Int

    enum CodingKeys: String, CodingKey {
        case id, file, read, added, updated, unchanged, withdrawn, unlocated, rejected, warnings
        case importedAt = "imported_at"
    }
}

/// A source in full: metadata, profile, imports, and how its records were located.
public struct SourceDetail: Codable, Sendable {
    public var source: SourceSummary
    public var profile: String?
    public var imports: [ImportRunSummary]
    public var locationPrecision: [String: Int]

    enum CodingKeys: String, CodingKey {
        case source, profile, imports
        case locationPrecision = "location_precision"
    }
}

/// One change in a record's history.
public struct RecordChange: Codable, Sendable, Equatable {
    public var source: String
    public var sourceKey: String
    public var change: String
    public var recordedAt: String
    public var importID: Int64?
    /// The version this change replaced, as raw JSON (nil when the record was added).
    public var previous: String?

    enum CodingKeys: String, CodingKey {
        case source, change, previous
        case sourceKey = "source_key"
        case recordedAt = "recorded_at"
        case importID = "import_id"
    }
}

extension AssetMapStore {
    private static let sourceSummarySQL = """
        SELECT s.name, s.title, s.publisher, s.licence, s.sharing, s.trust, s.as_of, s.kind,
            (SELECT count(*) FROM record r WHERE r.source_id = s.id AND r.status = 'active') AS records,
            (SELECT count(*) FROM record r WHERE r.source_id = s.id AND r.status = 'withdrawn') AS withdrawn,
            (SELECT count(*) FROM record r WHERE r.source_id = s.id AND r.status = 'active' AND r.geom IS NULL) AS unlocated,
            (SELECT max(imported_at) FROM import_run i WHERE i.source_id = s.id) AS last_import
        FROM source s
        """

    private static func sourceSummary(_ row: Row) -> SourceSummary {
        SourceSummary(
            name: row["name"], title: row["title"], publisher: row["publisher"], licence: row["licence"],
            sharing: row["sharing"], trust: row["trust"], asOf: row["as_of"], kind: row["kind"], records: row["records"],
            withdrawn: row["withdrawn"], unlocated: row["unlocated"], lastImport: row["last_import"])
    }

    /// Every source, by name.
    public func sources() throws -> [SourceSummary] {
        try writer.read { db in
            try Row.fetchAll(db, sql: Self.sourceSummarySQL + " ORDER BY s.name").map(Self.sourceSummary)
        }
    }

    /// One source with its imports.
    public func source(named name: String) throws -> SourceDetail {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: Self.sourceSummarySQL + " WHERE s.name = ?", arguments: [name]) else {
                throw StoreError.notFound(what: "source", key: name)
            }
            let imports = try Row.fetchAll(db, sql: """
                SELECT i.* FROM import_run i JOIN source s ON s.id = i.source_id WHERE s.name = ? ORDER BY i.id
                """, arguments: [name]).map {
                ImportRunSummary(
                    id: $0["id"], file: $0["file"], importedAt: $0["imported_at"], read: $0["read"], added: $0["added"],
                    updated: $0["updated"], unchanged: $0["unchanged"], withdrawn: $0["withdrawn"], unlocated: $0["unlocated"],
                    rejected: $0["rejected"], warnings: $0["warnings"])
            }
            let precision = try Row.fetchAll(db, sql: """
                SELECT coalesce(r.location_precision, 'unlocated') AS p, count(*) AS n FROM record r JOIN source s ON s.id = r.source_id
                WHERE s.name = ? AND r.status = 'active' GROUP BY p
                """, arguments: [name])
            let profile = try String.fetchOne(db, sql: "SELECT profile FROM source WHERE name = ?", arguments: [name])
            return SourceDetail(
                source: Self.sourceSummary(row), profile: profile, imports: imports,
                locationPrecision: Dictionary(uniqueKeysWithValues: precision.map { ($0["p"], $0["n"]) }))
        }
    }

    /// Deletes a source, its records and their history; entities left with no record go too. Returns records removed.
    @discardableResult
    public func removeSource(named name: String) throws -> Int {
        try writer.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [name]) else {
                throw StoreError.notFound(what: "source", key: name)
            }
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM record WHERE source_id = ?", arguments: [id]) ?? 0
            try db.execute(sql: """
                CREATE TEMP TABLE IF NOT EXISTS removed_entity (id INTEGER PRIMARY KEY);
                DELETE FROM temp.removed_entity;
                INSERT OR IGNORE INTO temp.removed_entity
                    SELECT re.entity_id FROM record r JOIN record_entity re ON re.record_id = r.id WHERE r.source_id = ?;
                """, arguments: [id])
            // Every entry of these entities leaves the index here; those that keep other members come back below.
            var searchChange = SearchHeads.Change()
            try searchChange.note(
                db, views: "IN (SELECT id FROM entity_view WHERE entity_id IN (SELECT id FROM temp.removed_entity))",
                count: Int.fetchOne(db, sql: "SELECT count(*) FROM temp.removed_entity") ?? 0)
            // Their categories, areas, pairs and match state go first: no foreign key takes them (`KeptReferences`).
            try KeptReferences.removeViewChildren(db, entities: "removed_entity")
            try KeptReferences.removeRecordChildren(db, source: id)
            try db.execute(sql: """
                DELETE FROM entity_fts WHERE rowid IN
                    (SELECT id FROM entity_view WHERE entity_id IN (SELECT id FROM temp.removed_entity));
                DELETE FROM source WHERE id = ?;
                DELETE FROM entity WHERE id IN (SELECT id FROM temp.removed_entity)
                    AND NOT EXISTS (SELECT 1 FROM record_entity re WHERE re.entity_id = entity.id);
                """, arguments: [id])
            // Entities that keep members from other sources lose this source's values.
            let remaining = try Int64.fetchAll(db, sql: "SELECT id FROM temp.removed_entity")
            try db.execute(sql: "DROP TABLE temp.removed_entity")
            try Self.refreshEntities(db, ids: remaining, searchChange: searchChange)
            return count
        }
    }

    /// Changes to a source's records, oldest first, optionally since a time (the base of `modified_after` feeds).
    public func history(source name: String, since: String? = nil, limit: Int = 10_000) throws -> [RecordChange] {
        try writer.read { db in
            guard try Int64.fetchOne(db, sql: "SELECT id FROM source WHERE name = ?", arguments: [name]) != nil else {
                throw StoreError.notFound(what: "source", key: name)
            }
            // Additions are not written to the history table (a million-row import would double its writes):
            // they are read from each record's first import.
            return try Row.fetchAll(db, sql: """
                SELECT * FROM (
                    SELECT s.name, r.source_key, 'added' AS change, i.imported_at AS recorded_at, r.first_import_id AS import_id,
                        NULL AS raw, 0 AS seq
                    FROM record r JOIN source s ON s.id = r.source_id JOIN import_run i ON i.id = r.first_import_id
                    WHERE s.name = ?
                    UNION ALL
                    SELECT s.name, r.source_key, h.change, h.recorded_at, h.import_id, h.raw, h.id AS seq
                    FROM record_history h JOIN record r ON r.id = h.record_id JOIN source s ON s.id = r.source_id
                    WHERE s.name = ?)
                WHERE ? IS NULL OR recorded_at > ?
                ORDER BY recorded_at, seq LIMIT ?
                """, arguments: [name, name, since, since, limit]).map {
                RecordChange(
                    source: $0["name"], sourceKey: $0["source_key"], change: $0["change"], recordedAt: $0["recorded_at"],
                    importID: $0["import_id"], previous: $0["raw"])
            }
        }
    }
}
