import Foundation

/// Personal data in records, and what anonymous (public) readers may see of it.
///
/// A record carries its private fields in its own fields, under `private_fields` (';'-joined canonical field names),
/// worked out at import from the profile's `restricted_fields` and the record's `address_is_private` flag. Partners
/// and officers see everything; the public sees the record through `masked(_:)`, and a private home's point no finer
/// than its postcode sector (the store looks that centre up).
public enum PersonalData {
    /// The fields key listing a record's private fields.
    public static let privateFieldsKey = "private_fields"
    /// Fields that would locate a home more finely than its postcode sector.
    public static let locatingFields: Set<String> = ["address", "street", "uprn", "lat", "lon", "easting", "northing", "postcode"]

    /// Yes-like values of a flag column: yes, y, true, t, 1, x, ✓.
    public static func isTruthy(_ value: String?) -> Bool {
        guard let v = value?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return ["yes", "y", "true", "t", "1", "x", "✓", "✔"].contains(v)
    }

    /// The private fields a profile and a record's flag give: the listed ones, plus every locating field for a home.
    public static func privateFields(restricted: [String], addressIsPrivate: Bool) -> [String] {
        var fields = Set(restricted)
        if addressIsPrivate || !fields.isDisjoint(with: locatingFields) { fields.formUnion(locatingFields) }
        fields.remove("name")
        return fields.sorted()
    }

    /// The private fields a stored record lists.
    public static func privateFields(of fields: [String: String]) -> Set<String> {
        var result = Set((fields[privateFieldsKey] ?? "").split(separator: ";").map(String.init))
        if isTruthy(fields[CanonicalField.addressIsPrivate.rawValue]) { result.formUnion(locatingFields) }
        return result
    }

    /// True when the public must not see the record as stored.
    public static func needsMasking(_ fields: [String: String]) -> Bool {
        fields[privateFieldsKey] != nil || isTruthy(fields[CanonicalField.addressIsPrivate.rawValue])
    }

    /// True when the record's address is a private home: its point must be shown no finer than the postcode sector.
    public static func isPrivateHome(_ fields: [String: String]) -> Bool {
        !privateFields(of: fields).isDisjoint(with: locatingFields)
    }

    /// The record as the public may see it: private fields removed, a home's postcode cut to its sector (or district).
    public static func masked(_ fields: [String: String]) -> [String: String] {
        guard needsMasking(fields) else { return fields }
        let hidden = privateFields(of: fields)
        var out = fields
        for field in hidden { out[field] = nil }
        if hidden.contains("postcode"), let postcode = fields["postcode"] {
            let value = PostcodeValue.parse(postcode)
            out["postcode"] = value.sector ?? value.district
        }
        out[privateFieldsKey] = nil
        out[CanonicalField.addressIsPrivate.rawValue] = nil
        return out
    }
}
