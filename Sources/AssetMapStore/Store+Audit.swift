import Foundation
import GRDB

/// Who made a change: an API key (id and role) over HTTP, a named person or the OS user on the CLI.
public struct AuditActor: Codable, Sendable, Equatable {
    public var name: String
    public var role: String?
    /// `cli`, `api` or `library` (a program using the libraries directly).
    public var via: String

    public init(name: String, role: String? = nil, via: String) {
        self.name = name
        self.role = role
        self.via = via
    }

    /// The OS user of this process, for changes made through the libraries without a named actor.
    public static var processUser: AuditActor {
        AuditActor(name: ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown", via: "library")
    }
}

/// One change to record.
public struct AuditEvent: Sendable, Equatable {
    public var action: String
    public var subjectType: String
    public var subjectIDs: [String]
    /// A JSON object.
    public var detail: String

    public init(action: String, subjectType: String, subjectIDs: [String], detail: some Encodable) {
        self.action = action
        self.subjectType = subjectType
        self.subjectIDs = subjectIDs
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.detail = (try? encoder.encode(detail)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// One entry of the audit log as read back.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var role: String?
    public var via: String
    public var action: String
    public var subjectType: String
    public var subjectIDs: [String]
    /// The detail JSON object, as text.
    public var detail: String

    enum CodingKeys: String, CodingKey {
        case id, at, actor, role, via, action, detail
        case subjectType = "subject_type"
        case subjectIDs = "subject_ids"
    }
}

extension AssetMapStore {
    /// Records a change in the audit log: inside an `atomically` scope it commits (or rolls back) with the change.
    @discardableResult
    public func recordAudit(_ event: AuditEvent, by actor: AuditActor?) throws -> Int64 {
        try writing { db in try Self.insertAudit(db, event, actor: actor ?? .processUser) }
    }

    static func insertAudit(_ db: Database, _ event: AuditEvent, actor: AuditActor) throws -> Int64 {
        let ids = String(decoding: try JSONEncoder().encode(event.subjectIDs), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO audit_log (at, actor, role, via, action, subject_type, subject_ids, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [Timestamp.now(), actor.name, actor.role, actor.via, event.action, event.subjectType, ids, event.detail])
        return db.lastInsertedRowID
    }

    /// Audit entries at or after `since` (an ISO date or timestamp), oldest first; `action` narrows to one kind.
    public func auditLog(since: String? = nil, action: String? = nil, limit: Int? = nil) throws -> [AuditEntry] {
        try reading { db in
            try Row.fetchAll(db, sql: """
                SELECT id, at, actor, role, via, action, subject_type, subject_ids, detail FROM audit_log
                WHERE (? IS NULL OR at >= ?) AND (? IS NULL OR action = ?) ORDER BY id LIMIT ?
                """, arguments: [since, since, action, action, limit ?? -1]).map { row in
                let ids = (try? JSONDecoder().decode([String].self, from: Data((row[7] as String).utf8))) ?? []
                return AuditEntry(
                    id: row[0], at: row[1], actor: row[2], role: row[3], via: row[4], action: row[5], subjectType: row[6],
                    subjectIDs: ids, detail: row[8])
            }
        }
    }
}

extension ImportSession {
    /// Records the import in the audit log, inside the import's own transaction (a dry run rolls it back with the rest).
    public func audit(_ event: AuditEvent, by actor: AuditActor?) throws {
        _ = try AssetMapStore.insertAudit(db, event, actor: actor ?? .processUser)
    }
}
