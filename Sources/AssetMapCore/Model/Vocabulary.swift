import Foundation

/// What a directory entry is: a group, something offered, or a building or site.
public enum EntityKind: String, Codable, Sendable, CaseIterable {
    case organisation, service, place

    /// Accepts the users' spellings ("organization", "Places", "site").
    public init?(lenient raw: String) {
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "organisation", "organisations", "organization", "organizations", "org", "group": self = .organisation
        case "service", "services": self = .service
        case "place", "places", "site", "building", "location", "asset": self = .place
        default: return nil
        }
    }
}

/// Who may see a source's records: everyone, partner organisations, or officers only.
public enum SharingLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case open, partners, restricted

    private var rank: Int {
        switch self {
        case .open: 0
        case .partners: 1
        case .restricted: 2
        }
    }

    public static func < (lhs: SharingLevel, rhs: SharingLevel) -> Bool { lhs.rank < rhs.rank }
}

/// How a record's point was found, best first; approximate points are never shown as exact.
public enum LocationPrecision: String, Codable, Sendable, CaseIterable, Comparable {
    case exact, postcode, sector, district

    private var rank: Int {
        switch self {
        case .exact: 0
        case .postcode: 1
        case .sector: 2
        case .district: 3
        }
    }

    public static func < (lhs: LocationPrecision, rhs: LocationPrecision) -> Bool { lhs.rank < rhs.rank }

    /// True when a distance computed from this point could be off by more than a street.
    public var isApproximate: Bool { self == .sector || self == .district }
}

/// The canonical record fields a profile maps source columns onto (DESIGN.md, "Vocabulary").
public enum CanonicalField: String, Codable, Sendable, CaseIterable {
    case name
    case alternateNames = "alternate_names"
    case description, kind, categories, address, street, town, postcode, lat, lon, easting, northing, uprn
    case phone, email, website
    case charityNumber = "charity_number"
    case companyNumber = "company_number"
    case organisation, owner, tenure, occupancy
    case floorAreaM2 = "floor_area_m2"
    case runningCostGBP = "running_cost_gbp"
    case capacity
    case energyRating = "energy_rating"
    case openingHours = "opening_hours"
    case updated
    /// A named person to contact: personal data, masked in public output (PersonalData).
    case contactName = "contact_name"
    /// Yes when the address is someone's home (a group meeting in a house): masked to the postcode sector in public.
    case addressIsPrivate = "address_is_private"

    /// Fields whose value is a number.
    public var isNumeric: Bool {
        switch self {
        case .lat, .lon, .easting, .northing, .floorAreaM2, .runningCostGBP, .capacity: true
        default: false
        }
    }
}

/// One contributed list's metadata, as a profile or the command line gives it.
public struct SourceMetadata: Codable, Sendable, Equatable {
    public var name: String
    public var title: String?
    public var publisher: String?
    public var licence: String?
    public var sharing: SharingLevel
    public var trust: Double
    public var asOf: String?

    enum CodingKeys: String, CodingKey {
        case name, title, publisher, licence, sharing, trust
        case asOf = "as_of"
    }

    public init(
        name: String, title: String? = nil, publisher: String? = nil, licence: String? = nil,
        sharing: SharingLevel = .open, trust: Double = 0.5, asOf: String? = nil
    ) {
        self.name = name
        self.title = title
        self.publisher = publisher
        self.licence = licence
        self.sharing = sharing
        self.trust = trust
        self.asOf = asOf
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        publisher = try c.decodeIfPresent(String.self, forKey: .publisher)
        licence = try c.decodeIfPresent(String.self, forKey: .licence)
        sharing = try c.decodeIfPresent(SharingLevel.self, forKey: .sharing) ?? .open
        trust = try c.decodeIfPresent(Double.self, forKey: .trust) ?? 0.5
        asOf = try c.decodeIfPresent(String.self, forKey: .asOf)
    }

    /// A source name is a slug: lowercase letters, digits and dashes, so it is safe in URLs and CLI arguments.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 100
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }
}

/// A geographic point in WGS84 degrees.
public struct Coordinate: Codable, Sendable, Equatable, Hashable {
    public var lat: Double
    public var lon: Double
    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Plausible for a UK directory: inside the British Isles with a margin (rejects swapped or zero coordinates).
    public var isWithinBritishIsles: Bool { (49.0...61.5).contains(lat) && (-9.0...2.5).contains(lon) }
    /// Possible on Earth at all.
    public var isValid: Bool { (-90...90).contains(lat) && (-180...180).contains(lon) && lat.isFinite && lon.isFinite }
}

/// A reference to one area of one layer.
public struct AreaRef: Codable, Sendable, Equatable, Hashable {
    public var layer: String
    public var code: String
    public var name: String?
    public init(layer: String, code: String, name: String?) {
        self.layer = layer
        self.code = code
        self.name = name
    }
}
