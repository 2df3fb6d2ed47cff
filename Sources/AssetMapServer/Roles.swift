import AssetMapCore
import AssetMapStore

/// Who is calling: anonymous, or the holder of a key with a role. Roles are ordered: each sees what the one before sees.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case anonymous, partner, officer, admin

    var rank: Int {
        switch self {
        case .anonymous: 0
        case .partner: 1
        case .officer: 2
        case .admin: 3
        }
    }

    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }

    /// What the role may read: anonymous `open` sources, partners also `partners`, officers and admins everything.
    public var visibility: Visibility {
        switch self {
        case .anonymous: .open
        case .partner: .partners
        case .officer, .admin: .restricted
        }
    }

    /// The highest sharing level the role may read, for exports.
    public var maxSharing: SharingLevel {
        switch visibility {
        case .open: .open
        case .partners: .partners
        case .restricted: .restricted
        }
    }
}

/// The caller of one request, as the key (if any) established it.
public struct Caller: Sendable, Equatable {
    public var role: Role
    /// The public id of the key used, never the secret.
    public var keyID: String?

    public init(role: Role, keyID: String?) {
        self.role = role
        self.keyID = keyID
    }

    public static let anonymous = Caller(role: .anonymous, keyID: nil)

    /// Who decisions are recorded as.
    var name: String { keyID.map { "key:\($0)" } ?? "anonymous" }
}
