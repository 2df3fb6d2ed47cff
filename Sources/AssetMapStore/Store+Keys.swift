import Foundation
import GRDB

/// An API key as listings show it: never the secret, nor its hash.
public struct APIKeyInfo: Codable, Sendable, Equatable {
    public var id: String
    public var role: String
    public var label: String?
    public var createdAt: String
    public var revokedAt: String?

    public var isActive: Bool { revokedAt == nil }

    enum CodingKeys: String, CodingKey {
        case id, role, label
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }
}

extension AssetMapStore {
    /// The roles a key may carry.
    public static let apiKeyRoles = ["partner", "officer", "admin"]

    /// Stores a new key by its id and the SHA-256 (hex) of its secret; the secret itself is never stored.
    public func addAPIKey(id: String, role: String, secretSHA256: String, label: String? = nil) throws -> APIKeyInfo {
        guard Self.apiKeyRoles.contains(role) else {
            throw StoreError.invalid("role must be one of \(Self.apiKeyRoles.joined(separator: ", ")), not '\(role)'")
        }
        guard secretSHA256.count == 64, secretSHA256.allSatisfy(\.isHexDigit) else {
            throw StoreError.invalid("a key is stored as a 64-digit hex SHA-256")
        }
        let now = Timestamp.now()
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO api_key (id, role, secret_sha256, label, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, role, secretSHA256.lowercased(), label, now])
        }
        return APIKeyInfo(id: id, role: role, label: label, createdAt: now, revokedAt: nil)
    }

    /// Every key, oldest first, revoked ones included.
    public func apiKeys() throws -> [APIKeyInfo] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, role, label, created_at, revoked_at FROM api_key ORDER BY created_at, id").map {
                APIKeyInfo(id: $0["id"], role: $0["role"], label: $0["label"], createdAt: $0["created_at"], revokedAt: $0["revoked_at"])
            }
        }
    }

    /// The role and secret hash of an active (not revoked) key, or nil: read on every request, so revoking is immediate.
    public func activeAPIKey(id: String) throws -> (role: String, secretSHA256: String)? {
        try writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT role, secret_sha256 FROM api_key WHERE id = ? AND revoked_at IS NULL", arguments: [id]
            ).map { ($0["role"], $0["secret_sha256"]) }
        }
    }

    /// Revokes a key at once; revoking one already revoked keeps the first time.
    @discardableResult
    public func revokeAPIKey(id: String) throws -> APIKeyInfo {
        try writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM api_key WHERE id = ?", arguments: [id]) == true else {
                throw StoreError.notFound(what: "API key", key: id)
            }
            try db.execute(
                sql: "UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [Timestamp.now(), id])
            let row = try Row.fetchOne(db, sql: "SELECT id, role, label, created_at, revoked_at FROM api_key WHERE id = ?", arguments: [id])!
            return APIKeyInfo(id: row["id"], role: row["role"], label: row["label"], createdAt: row["created_at"], revokedAt: row["revoked_at"])
        }
    }
}
