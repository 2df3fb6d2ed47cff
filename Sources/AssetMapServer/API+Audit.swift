import AssetMapQuery
import AssetMapStore
import Foundation
import Hummingbird

extension API {
    /// The audit identity of a caller: the key id and its role.
    static func auditActor(_ caller: Caller) -> AuditActor {
        AuditActor(name: caller.keyID ?? "anonymous", role: caller.role.rawValue, via: "api")
    }

    struct AuditDocument: Encodable {
        struct Entry: Encodable {
            var id: Int64
            var at: String
            var actor: String
            var role: String?
            var via: String
            var action: String
            var subject_type: String
            var subject_ids: [String]
            var detail: StoredJSON
        }
        var entries: [Entry]
    }

    /// Officers and admins: who imported, decided, merged, split or matched what, and when; oldest first.
    func auditLog(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        try require(.officer, context, for: "the audit log")
        let parameters = QueryParameters(request)
        let since = try parameters.string("since", maxLength: 40)
        if let since, since.range(of: #"^\d{4}-\d{2}-\d{2}(T[0-9:.]+Z?)?$"#, options: .regularExpression) == nil {
            throw Problem.badParameter("since", "must be a date (YYYY-MM-DD) or an ISO 8601 time")
        }
        let action = try parameters.string("action", maxLength: 40)
        let limit = try parameters.int("limit", default: 1000, range: 1...10_000)
        let store = self.store
        let entries = try await pool.read { () throws -> [AuditEntry] in try store.auditLog(since: since, action: action, limit: limit) }
        let document = AuditDocument(entries: entries.map {
            .init(id: $0.id, at: $0.at, actor: $0.actor, role: $0.role, via: $0.via, action: $0.action, subject_type: $0.subjectType,
                  subject_ids: $0.subjectIDs, detail: StoredJSON($0.detail, strict: false))
        })
        return try Responses.json(document, request: request, context: context)
    }
}

/// What the audit log keeps of a decision over HTTP (the same shape as the CLI's).
struct DecisionAuditDetail: Encodable {
    var decision: String
    var a: String
    var b: String
}
