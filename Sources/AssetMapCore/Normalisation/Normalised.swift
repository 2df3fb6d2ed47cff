/// Result of normalising one field value.
///
/// Normalisers never throw and never drop a value silently: a value that cannot be made canonical
/// comes back as `.invalid` with a reason a data officer can act on, so ingest can keep the raw
/// value, flag it and warn.
public enum Normalised: Equatable, Sendable {
    /// The canonical form.
    case value(String)
    /// Not a valid value of the field; the reason is human-readable, e.g. "not a UK phone number: '12345'".
    case invalid(reason: String)
    /// Blank, or a null marker such as "NA" (see `Normalise.isNullMarker`).
    case empty

    /// The canonical form, or nil when empty or invalid.
    public var value: String? {
        if case .value(let canonical) = self { return canonical }
        return nil
    }
}

/// Namespace of the UK field normalisers (phones, emails, websites, registry numbers, names).
///
/// Every function is total: any string, including emoji, control characters and very long input,
/// yields a result without trapping.
public enum Normalise {}

extension Normalise {
    /// Values that mean "no value" in real lists, compared after trimming, lowercasing and collapsing spaces.
    ///
    /// "unknown", "not known", "tbc" and spreadsheet error codes are included because a data officer
    /// types them when the value is missing; "0" is not (it is a real value for counts and areas;
    /// the registry-number normalisers treat an all-zero number as empty themselves).
    static let nullMarkers: Set<String> = [
        "na", "n/a", "n.a", "n.a.", "n / a", "n\\a", "nan", "null", "nil", "none",
        "unknown", "not known", "n/k", "not applicable", "not available", "does not apply",
        "tbc", "tba", "to be confirmed", "to be advised",
        "#n/a", "#na", "#null!", "#ref!", "#value!", "#div/0!", "#name?", "#num!",
    ]

    /// True when `raw` is blank or a null marker: "", "NA", "N/A", "null", "none", "-", "—", "#N/A", "nil",
    /// "unknown", "not known", "tbc", … (see `nullMarkers`).
    ///
    /// A value made only of dashes, dots, underscores and question marks ("--", "...", "?") is also
    /// a null marker: lists use them as placeholders.
    public static func isNullMarker(_ raw: String) -> Bool {
        isNullMarkerOfASCII(raw) ?? isNullMarkerByScalars(raw)
    }

    /// `isNullMarkerByScalars` for ASCII text, where it can answer from the bytes alone: blank, too long, all
    /// placeholders, or a first letter no marker has ("https://…", "0161 …", "M33 7ZZ"); nil for anything else,
    /// which the general path decides. The general path lowercased and collapsed every postcode, phone, email and
    /// website cell of an import, some of them twice.
    static func isNullMarkerOfASCII(_ raw: String) -> Bool? {
        var raw = raw
        return raw.withUTF8 { bytes -> Bool? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            func isSpace(_ b: UInt8) -> Bool { b <= 0x20 || b == 0x7F }
            var lo = 0, hi = bytes.count
            while lo < hi, isSpace(bytes[lo]) { lo += 1 }
            while hi > lo, isSpace(bytes[hi - 1]) { hi -= 1 }
            if lo == hi { return true }
            if hi - lo > 40 { return false }
            if (lo..<hi).allSatisfy({ placeholderBytes.contains(bytes[$0]) || isSpace(bytes[$0]) }) { return true }
            let first = bytes[lo] >= 0x41 && bytes[lo] <= 0x5A ? bytes[lo] | 0x20 : bytes[lo]
            return markerFirstBytes.contains(first) ? nil : false
        }
    }

    /// The ASCII members of `placeholderScalars`, and the first bytes of the markers (all ASCII, lowercase).
    private static let placeholderBytes: Set<UInt8> = Set(placeholderScalars.filter(\.isASCII).map { UInt8($0.value) })
    private static let markerFirstBytes: Set<UInt8> = Set(nullMarkers.compactMap(\.utf8.first))

    /// `isNullMarker` for any text.
    static func isNullMarkerByScalars(_ raw: String) -> Bool {
        let trimmed = NormaliseText.trim(raw)
        if trimmed.isEmpty { return true }
        // Markers are short; skip the work for long free text.
        guard trimmed.unicodeScalars.count <= 40 else { return false }
        if trimmed.unicodeScalars.allSatisfy({ placeholderScalars.contains($0) || NormaliseText.isSpaceLike($0) }) {
            return true
        }
        let key = NormaliseText.collapseSpaces(trimmed.lowercased())
        return nullMarkers.contains(key)
    }

    /// Characters that, alone or repeated, stand for "no value".
    private static let placeholderScalars: Set<Unicode.Scalar> = [
        "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}", ".", "_", "?", "*",
    ]
}

/// Small text helpers shared by the normalisers; namespaced so they cannot clash with other files' extensions.
enum NormaliseText {
    /// Whitespace, including no-break spaces, plus the invisible characters spreadsheets leave behind.
    static func isSpaceLike(_ s: Unicode.Scalar) -> Bool {
        // ASCII without the property tables (a tenth of an import's parsing): its whitespace and controls are
        // exactly U+0000–U+0020 and U+007F.
        if s.value < 0x80 { return s.value <= 0x20 || s.value == 0x7F }
        if s.properties.isWhitespace { return true }
        switch s.value {
        case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return true  // zero-width spaces and joiners, BOM
        default: return s.properties.generalCategory == .control
        }
    }

    /// Trims spaces, no-break spaces, zero-width characters and control characters from both ends.
    static func trim(_ raw: String) -> String {
        let scalars = raw.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpaceLike($0) }),
              let last = scalars.lastIndex(where: { !isSpaceLike($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Collapses every run of space-like characters into one ASCII space and trims.
    static func collapseSpaces(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for s in text.unicodeScalars {
            if isSpaceLike(s) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(s)
            }
        }
        return String(out)
    }

    /// The raw value quoted for a reason message, shortened so that a 10k-character cell does not flood a report.
    static func quoted(_ raw: String, limit: Int = 60) -> String {
        let text = collapseSpaces(raw)
        if text.count <= limit { return "'\(text)'" }
        return "'\(text.prefix(limit))…'"
    }

    static func isASCIIDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
    static func isASCIILetter(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0x41 && s.value <= 0x5A) || (s.value >= 0x61 && s.value <= 0x7A)
    }
    static func isASCIIDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
    static func isASCIILetter(_ c: Character) -> Bool { c.isASCII && c.isLetter }
}
