/// A full UK unit postcode such as "M33 7AB", validated against the real outward and inward shapes.
///
/// Accepts any case and spacing and tolerates stray punctuation ("m329af", " M32  9AF ", "M32-9AF"),
/// but never guesses: a letter O where a digit belongs ("M32 OXZ") is invalid, not corrected,
/// because a silently "fixed" postcode would geocode to the wrong street.
/// Encoded as its formatted string ("M33 7AB") in JSON.
public struct Postcode: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The outward code: "M33", "WA14", "EC1A", "GIR".
    public let outward: String
    /// The inward code: digit then two letters, "7AB", "0AA".
    public let inward: String

    /// "M33 7AB".
    public var formatted: String { "\(outward) \(inward)" }
    /// The postcode sector, outward code plus the inward digit: "M33 7".
    public var sector: String { "\(outward) \(inward.prefix(1))" }
    /// The postcode district, i.e. the outward code: "M33".
    public var district: String { outward }
    /// The postcode area, the letters of the outward code: "M", "WA" ("GIR" for GIR 0AA).
    public var area: String { PostcodeShape.areaLetters(of: outward) }
    public var description: String { formatted }

    /// Parses a full unit postcode in any case and spacing; nil for anything else (districts, sectors, BFPO, typos).
    public init?(_ raw: String) {
        guard let compact = PostcodeShape.compact(raw), (5...7).contains(compact.count) else { return nil }
        let outward = String(compact.dropLast(3))
        let inward = String(compact.suffix(3))
        guard PostcodeShape.isInward(inward) else { return nil }
        // GIR 0AA (Girobank) is the one unit outside the normal pattern.
        guard PostcodeShape.isOutward(outward) || (outward == "GIR" && inward == "0AA") else { return nil }
        self.outward = outward
        self.inward = inward
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let parsed = Postcode(raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a UK postcode: '\(raw)'")
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(formatted)
    }
}

/// What a postcode field holds: real lists give full postcodes, sectors, or districts alone.
public enum PostcodeValue: Equatable, Sendable {
    /// A full unit postcode.
    case unit(Postcode)
    /// A postcode sector, formatted "M33 7".
    case sector(String)
    /// A postcode district (outward code) alone, formatted "M33"; the council asset register gives these.
    case district(String)
    /// The trimmed raw value, which is not a UK postcode, sector or district.
    case invalid(String)
    /// Blank or a null marker.
    case empty

    /// Reads a postcode field: a unit if possible, else a sector ("M33 7", "m33-7"), else a district ("wa14").
    ///
    /// Without a space, "M11" is read as the district M11, not the sector "M1 1": a sector is only
    /// read from a compact value when no district reading exists ("M337" → "M33 7").
    public static func parse(_ raw: String) -> PostcodeValue {
        let trimmed = NormaliseText.trim(raw)
        if Normalise.isNullMarker(trimmed) { return .empty }
        if let unit = Postcode(trimmed) { return .unit(unit) }
        guard let groups = PostcodeShape.groups(trimmed), !groups.isEmpty else { return .invalid(trimmed) }
        let compact = groups.joined()
        guard compact.count <= 6 else { return .invalid(trimmed) }
        if groups.count >= 2, let last = groups.last, last.count == 1, last.allSatisfy(NormaliseText.isASCIIDigit) {
            let outward = groups.dropLast().joined()
            if PostcodeShape.isDistrict(outward) { return .sector("\(outward) \(last)") }
        }
        if PostcodeShape.isDistrict(compact) { return .district(compact) }
        if groups.count == 1, compact.count >= 3, let last = compact.last, NormaliseText.isASCIIDigit(last) {
            let outward = String(compact.dropLast())
            if PostcodeShape.isDistrict(outward) { return .sector("\(outward) \(last)") }
        }
        return .invalid(trimmed)
    }

    /// Unit → "M33 7AB", sector → "M33 7", district → "M33"; nil when invalid or empty.
    public var formatted: String? {
        switch self {
        case .unit(let postcode): postcode.formatted
        case .sector(let sector): sector
        case .district(let district): district
        case .invalid, .empty: nil
        }
    }

    /// The district ("M33") of a unit, sector or district.
    public var district: String? {
        switch self {
        case .unit(let postcode): postcode.district
        case .sector(let sector): sector.split(separator: " ").first.map(String.init)
        case .district(let district): district
        case .invalid, .empty: nil
        }
    }

    /// The sector ("M33 7") of a unit or sector; nil for a district alone.
    public var sector: String? {
        switch self {
        case .unit(let postcode): postcode.sector
        case .sector(let sector): sector
        case .district, .invalid, .empty: nil
        }
    }
}

/// The rules of UK postcode shapes (Royal Mail / BS 7666), kept apart from the public types.
enum PostcodeShape {
    /// The 121 UK postcode areas plus the Crown Dependencies (GY, JE, IM) and the non-geographic BX.
    /// BFPO (BF) and Gibraltar (GX) are deliberately absent: they are not places a UK directory can locate.
    static let areas: Set<String> = [
        "AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT",
        "CA", "CB", "CF", "CH", "CM", "CO", "CR", "CT", "CV", "CW",
        "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY",
        "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU",
        "HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX", "IG", "IP", "IV",
        "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL", "LN", "LS", "LU",
        "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX",
        "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM",
        "S", "SA", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY",
        "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW", "UB",
        "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
        "GY", "JE", "IM", "BX",
    ]

    /// Letters allowed in the third position of an A9A outward code (W1A, EC1A's single-letter cousins).
    static let thirdPositionLetters: Set<Character> = Set("ABCDEFGHJKPSTUW")
    /// Letters allowed in the fourth position of an AA9A outward code (EC1A, SW1W).
    static let fourthPositionLetters: Set<Character> = Set("ABEHMNPRVWXY")
    /// Letters allowed in the inward code: never C, I, K, M, O or V.
    static let inwardLetters: Set<Character> = Set("ABDEFGHJLNPQRSTUWXYZ")

    /// Separators tolerated anywhere inside a postcode value.
    private static let strayPunctuation: Set<Unicode.Scalar> = [
        ".", ",", "-", "_", "/", "\\", "(", ")", "[", "]", "{", "}", "'", "\"", "`", ";", ":", "*",
        "\u{2010}", "\u{2011}", "\u{2013}", "\u{2014}", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}",
    ]

    /// Uppercase ASCII letters and digits of `raw` with spaces and stray punctuation removed;
    /// nil when anything else (another letter, an emoji) is present or the result cannot be a postcode.
    static func compact(_ raw: String) -> String? {
        var out = ""
        for scalar in raw.unicodeScalars {
            if NormaliseText.isASCIIDigit(scalar) || NormaliseText.isASCIILetter(scalar) {
                out.unicodeScalars.append(upper(scalar))
                if out.unicodeScalars.count > 8 { return nil }
            } else if NormaliseText.isSpaceLike(scalar) || strayPunctuation.contains(scalar) {
                continue
            } else {
                return nil
            }
        }
        return out
    }

    /// Uppercase alphanumeric groups of `raw` split at spaces and punctuation; nil on any other character.
    static func groups(_ raw: String) -> [String]? {
        var groups: [String] = []
        var current = ""
        var total = 0
        for scalar in raw.unicodeScalars {
            if NormaliseText.isASCIIDigit(scalar) || NormaliseText.isASCIILetter(scalar) {
                current.unicodeScalars.append(upper(scalar))
                total += 1
                if total > 8 { return nil }
            } else if NormaliseText.isSpaceLike(scalar) || strayPunctuation.contains(scalar) {
                if !current.isEmpty { groups.append(current) }
                current = ""
            } else {
                return nil
            }
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }

    /// The leading letters of an outward code ("WA" of "WA14"); "GIR" stays whole.
    static func areaLetters(of outward: String) -> String {
        if outward == "GIR" { return "GIR" }
        return String(outward.prefix(while: NormaliseText.isASCIILetter))
    }

    /// An inward code: digit, then two letters from the allowed set.
    static func isInward(_ inward: String) -> Bool {
        let c = Array(inward)
        return c.count == 3 && NormaliseText.isASCIIDigit(c[0])
            && inwardLetters.contains(c[1]) && inwardLetters.contains(c[2])
    }

    /// An outward code of a known area in one of the shapes A9, A99, A9A, AA9, AA99, AA9A.
    static func isOutward(_ outward: String) -> Bool {
        let letters = areaLetters(of: outward)
        guard areas.contains(letters) else { return false }
        let rest = Array(outward.dropFirst(letters.count))
        switch rest.count {
        case 1:
            return NormaliseText.isASCIIDigit(rest[0])
        case 2:
            guard NormaliseText.isASCIIDigit(rest[0]) else { return false }
            if NormaliseText.isASCIIDigit(rest[1]) { return true }
            return letters.count == 1 ? thirdPositionLetters.contains(rest[1]) : fourthPositionLetters.contains(rest[1])
        default:
            return false
        }
    }

    /// A district as a postcode field may give it alone: a valid outward code, or GIR.
    static func isDistrict(_ outward: String) -> Bool { outward == "GIR" || isOutward(outward) }

    /// ASCII lowercase letters uppercased; every other scalar unchanged.
    private static func upper(_ s: Unicode.Scalar) -> Unicode.Scalar {
        (s.value >= 0x61 && s.value <= 0x7A) ? Unicode.Scalar(UInt8(s.value - 0x20)) : s
    }
}
