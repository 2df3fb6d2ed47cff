import Crypto
import Foundation

/// Open Referral ids: name-based UUIDs (version 5, SHA-1, RFC 9562 §5.5) of stable AssetMap keys, so the same
/// entity has the same ids across restarts, re-imports and re-matching, and in any copy of the database.
///
/// Names are `<object>:<key>`: `service:<entity id>`, `location:<entity id>`, `organization:<entity id>`,
/// `organization-name:<provider name, normalised>`, `taxonomy_term:<category>`, and so on.
enum OpenReferralID {
    /// The namespace of every AssetMap Open Referral id: chosen once at random; changing it would change every id.
    static let namespace = UUID(uuidString: "6f1d2b8e-2a7c-5d1e-9b3f-41c0a8e5d7a2")!

    static func make(_ name: String) -> String {
        var bytes = withUnsafeBytes(of: namespace.uuid) { Array($0) }
        bytes += Array(name.utf8)
        var hash = Array(Insecure.SHA1.hash(data: bytes).prefix(16))
        hash[6] = (hash[6] & 0x0F) | 0x50  // version 5
        hash[8] = (hash[8] & 0x3F) | 0x80  // RFC 4122 variant
        let hex = hash.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    static func service(_ entity: Int64) -> String { make("service:\(entity)") }
    static func serviceAtLocation(_ entity: Int64) -> String { make("service_at_location:\(entity)") }
    static func location(_ entity: Int64) -> String { make("location:\(entity)") }
    static func address(_ entity: Int64) -> String { make("address:\(entity)") }
    static func contact(_ entity: Int64) -> String { make("contact:\(entity)") }
    static func phone(_ entity: Int64) -> String { make("phone:\(entity)") }
    static func schedule(_ entity: Int64) -> String { make("schedule:\(entity)") }
    static func organization(_ entity: Int64) -> String { make("organization:\(entity)") }
    static func organizationIdentifier(_ entity: Int64, _ scheme: String) -> String { make("organization_identifier:\(entity):\(scheme)") }
    /// A provider known only by name: the same name (case and spacing aside) is the same organisation.
    static func organization(named name: String) -> String {
        make("organization-name:" + name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }
    static func attribute(_ entity: Int64, _ category: String) -> String { make("attribute:\(entity):\(category)") }
    static let taxonomy = make("taxonomy:assetmap-categories")
    static func taxonomyTerm(_ category: String) -> String { make("taxonomy_term:\(category)") }
}

/// From an id back to the entity it was made of. Ids are a pure function of the entity id, so an entry can never be
/// wrong, only missing: entity ids up to the highest seen are indexed, and a miss extends the index when the
/// database has gained entities since.
final class OpenReferralIndex: @unchecked Sendable {
    enum Object { case service, serviceAtLocation }

    private let lock = NSLock()
    private var indexedUpTo: Int64 = 0
    private var entities: [String: (Object, Int64)] = [:]

    /// The entity an id names, if any; `highest` is asked for the highest entity id only on a miss.
    func lookup(_ id: String, highest: () throws -> Int64) rethrows -> (Object, Int64)? {
        let key = id.lowercased()
        if let found = lock.withLock({ entities[key] }) { return found }
        let top = try highest()
        return lock.withLock {
            if top > indexedUpTo {
                entities.reserveCapacity(Int(top) * 2)
                for entity in (indexedUpTo + 1)...top {
                    entities[OpenReferralID.service(entity)] = (.service, entity)
                    entities[OpenReferralID.serviceAtLocation(entity)] = (.serviceAtLocation, entity)
                }
                indexedUpTo = top
            }
            return entities[key]
        }
    }
}
