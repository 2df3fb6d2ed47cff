import AssetMapStore
import Crypto
import Foundation

/// Issues and checks API keys. A key reads `amk_<id>_<secret>`: the id finds the stored row, the whole key's
/// SHA-256 is compared with the stored hash in constant time. Only the hash is stored; the key is shown once.
public struct APIKeys: Sendable {
    public let store: AssetMapStore

    public init(store: AssetMapStore) {
        self.store = store
    }

    /// A newly issued key: the only time the secret exists outside the caller's hands.
    public struct Issued: Codable, Sendable, Equatable {
        public var id: String
        public var role: String
        public var key: String
    }

    /// Creates a key for a role (`partner`, `officer` or `admin`).
    public func create(role: Role, label: String? = nil) throws -> Issued {
        guard role != .anonymous else { throw StoreError.invalid("a key's role must be partner, officer or admin") }
        var generator = SystemRandomNumberGenerator()  // getrandom(2) on Linux, arc4random on Darwin: cryptographically secure
        let id = String((0..<10).map { _ in Self.idAlphabet.randomElement(using: &generator)! })
        let secretBytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let key = "amk_\(id)_\(Self.base64url(secretBytes))"
        _ = try store.addAPIKey(id: id, role: role.rawValue, secretSHA256: Self.sha256Hex(key), label: label)
        return Issued(id: id, role: role.rawValue, key: key)
    }

    /// The caller a presented key establishes, or nil when it is malformed, unknown, revoked or wrong.
    public func verify(_ key: String) throws -> Caller? {
        guard key.utf8.count <= 128, key.hasPrefix("amk_") else { return nil }
        let parts = key.dropFirst(4).split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 10 else { return nil }
        let presented = Self.sha256Hex(key)
        guard let stored = try store.activeAPIKey(id: String(parts[0])) else {
            // Spend the same comparison on an unknown id, so timing does not tell ids apart.
            _ = Self.constantTimeEquals(presented, String(repeating: "0", count: 64))
            return nil
        }
        guard Self.constantTimeEquals(presented, stored.secretSHA256), let role = Role(rawValue: stored.role) else { return nil }
        return Caller(role: role, keyID: String(parts[0]))
    }

    static let idAlphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")

    static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares every byte whatever the first difference, so the time taken does not reveal a matching prefix.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        // Any length difference counts (folding the lengths into a byte let 256 NULs equal "").
        var difference: UInt8 = x.count == y.count ? 0 : 1
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
