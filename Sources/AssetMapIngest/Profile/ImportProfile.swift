import AssetMapCore
import Foundation

/// How one canonical field is filled from a source row.
public enum FieldMapping: Sendable, Equatable {
    /// One column.
    case column(String)
    /// Several columns joined with ", ", empty parts skipped (address lines).
    case columns([String])
    /// A template such as "{StreetNumber} {StreetName}"; empty when every placeholder is empty.
    case template(String)

    /// The columns this mapping reads.
    public var columns: [String] {
        switch self {
        case .column(let c): [c]
        case .columns(let cs): cs
        case .template(let t): Self.placeholders(in: t)
        }
    }

    static func placeholders(in template: String) -> [String] {
        var result: [String] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return result
    }
}

/// The file formats a source can arrive in.
public enum SourceFormat: String, Sendable, CaseIterable {
    case csv, geojson, json
    /// An Open Referral (ORUK / HSDS 3) feed saved as JSON: services with their organisation, locations and contacts.
    case oruk

    /// Guesses from the file name.
    public init?(path: String) {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "csv", "txt", "tsv": self = .csv
        case "geojson": self = .geojson
        case "json": self = .json
        default: return nil
        }
    }
}

/// An import profile: how a source's columns map onto canonical record fields (DESIGN.md, "Import profile").
public struct ImportProfile: Sendable {
    public var source: SourceMetadata
    public var kind: EntityKind
    /// Key columns; empty means "a hash of the mapped values".
    public var key: [String]
    public var fields: [CanonicalField: FieldMapping]
    public var set: [CanonicalField: String]
    public var nullValues: Set<String>
    public var format: SourceFormat?
    /// Canonical fields that are personal data in this source: masked in every public (anonymous) output.
    public var restrictedFields: [CanonicalField] = []
    /// The profile as JSON, stored with the source so an import can be repeated.
    public var json: String

    public init(
        source: SourceMetadata, kind: EntityKind, key: [String] = [], fields: [CanonicalField: FieldMapping],
        set: [CanonicalField: String] = [:], nullValues: Set<String> = ImportProfile.defaultNullValues,
        format: SourceFormat? = nil
    ) {
        self.source = source
        self.kind = kind
        self.key = key
        self.fields = fields
        self.set = set
        self.nullValues = nullValues
        self.format = format
        self.json = ""
        self.json = Self.encode(self)
    }

    /// Null markers used when a profile gives none.
    public static let defaultNullValues: Set<String> = ["", "NA", "N/A", "n/a", "NULL", "null"]

    /// Reads and validates a profile file.
    public static func load(path: String) throws -> ImportProfile {
        guard FileManager.default.fileExists(atPath: path) else { throw IngestError.fileNotFound(path: path) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw IngestError.unreadable(path: path, detail: error.localizedDescription)
        }
        return try parse(data, path: path)
    }

    /// Parses profile JSON, naming the first thing wrong with it.
    public static func parse(_ data: Data, path: String? = nil) throws -> ImportProfile {
        func fail(_ detail: String) -> IngestError { .invalidProfile(path: path, detail: detail) }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw fail("not valid JSON (\(error.localizedDescription))")
        }
        guard let root = object as? [String: Any] else { throw fail("expected a JSON object") }
        // An Open Referral feed has fixed columns: kind, key and fields default to OpenReferralFeed's.
        let isFeed = (root["format"] as? String)?.lowercased() == SourceFormat.oruk.rawValue
        let allowed: Set<String> = [
            "source", "kind", "key", "fields", "set", "null_values", "format", "description", "notes", "restricted_fields",
        ]
        if let unknown = root.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw fail("unknown key '\(IngestError.excerpt(unknown))' (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        // source
        let source: SourceMetadata
        switch root["source"] {
        case let name as String:
            source = SourceMetadata(name: name)
        case let object as [String: Any]:
            guard let name = object["name"] as? String else { throw fail("source.name is required") }
            var metadata = SourceMetadata(name: name)
            metadata.title = object["title"] as? String
            metadata.publisher = object["publisher"] as? String
            metadata.licence = object["licence"] as? String ?? object["license"] as? String
            metadata.asOf = object["as_of"] as? String
            if let sharing = object["sharing"] {
                guard let raw = sharing as? String, let level = SharingLevel(rawValue: raw.lowercased()) else {
                    throw fail("source.sharing must be one of open, partners, restricted")
                }
                metadata.sharing = level
            }
            if let trust = object["trust"] {
                guard let value = (trust as? NSNumber)?.doubleValue, (0...1).contains(value) else {
                    throw fail("source.trust must be a number from 0 to 1")
                }
                metadata.trust = value
            }
            source = metadata
        default:
            throw fail("\"source\" is required: {\"name\": \"my-list\", ...}")
        }
        guard SourceMetadata.isValidName(source.name) else {
            throw fail("source name '\(IngestError.excerpt(source.name))' must be a slug: lowercase letters, digits, '-' or '_'")
        }
        if let asOf = source.asOf, DateValue.isoDate(asOf) == nil {
            throw fail("source.as_of '\(IngestError.excerpt(asOf))' is not a date (YYYY-MM-DD)")
        }
        // kind
        guard let kindText = root["kind"] as? String ?? (isFeed ? OpenReferralFeed.defaultKind.rawValue : nil), let kind = EntityKind(lenient: kindText) else {
            throw fail("\"kind\" must be organisation, service or place")
        }
        // key
        var key: [String] = []
        switch root["key"] {
        case nil, is NSNull: if isFeed { key = [OpenReferralFeed.keyColumn] }
        case let column as String: key = [column]
        case let columns as [String] where !columns.isEmpty: key = columns
        default: throw fail("\"key\" must be a column name or a list of column names")
        }
        // fields
        guard let fieldObject = isFeed ? OpenReferralFeed.defaultFields.merging(root["fields"] as? [String: Any] ?? [:], uniquingKeysWith: { $1 }) : root["fields"] as? [String: Any] else { throw fail("\"fields\" is required and must be an object") }
        var fields: [CanonicalField: FieldMapping] = [:]
        for (name, value) in fieldObject {
            guard let field = CanonicalField(rawValue: name) else {
                throw IngestError.unknownField(field: name, known: CanonicalField.allCases.map(\.rawValue))
            }
            switch value {
            case let column as String where !column.isEmpty: fields[field] = .column(column)
            case let columns as [String] where !columns.isEmpty: fields[field] = .columns(columns)
            case let object as [String: Any]:
                guard let template = object["template"] as? String, !FieldMapping.placeholders(in: template).isEmpty else {
                    throw fail("fields.\(name): a template is {\"template\": \"{Column} text {Other column}\"}")
                }
                fields[field] = .template(template)
            default:
                throw fail("fields.\(name) must be a column name, a list of columns or {\"template\": ...}")
            }
        }
        // set
        var constants: [CanonicalField: String] = [:]
        if let setObject = root["set"] {
            guard let object = setObject as? [String: Any] else { throw fail("\"set\" must be an object") }
            for (name, value) in object {
                guard let field = CanonicalField(rawValue: name) else {
                    throw IngestError.unknownField(field: name, known: CanonicalField.allCases.map(\.rawValue))
                }
                guard let text = GeoJSONFile.text(value) else { throw fail("set.\(name) must be a string or number") }
                constants[field] = text
            }
        }
        if fields[.name] == nil && constants[.name] == nil { throw fail("fields.name is required: which column holds the name?") }
        // null markers
        var nulls = defaultNullValues
        if let values = root["null_values"] {
            guard let list = values as? [String] else { throw fail("\"null_values\" must be a list of strings") }
            nulls = Set(list)
        }
        var format: SourceFormat?
        if let raw = root["format"] {
            guard let text = raw as? String, let value = SourceFormat(rawValue: text.lowercased()) else {
                throw fail("\"format\" must be one of csv, geojson, json, oruk")
            }
            format = value
        }
        var profile = ImportProfile(
            source: source, kind: kind, key: key, fields: fields, set: constants, nullValues: nulls, format: format)
        if let raw = root["restricted_fields"] {
            guard let names = raw as? [String] else { throw fail("\"restricted_fields\" must be a list of field names") }
            for name in names {
                guard let field = CanonicalField(rawValue: name) else {
                    throw IngestError.unknownField(field: name, known: CanonicalField.allCases.map(\.rawValue))
                }
                guard field != .name else { throw fail("restricted_fields: the name is always public; restrict other fields") }
                if !profile.restrictedFields.contains(field) { profile.restrictedFields.append(field) }
            }
        }
        profile.json = String(decoding: data, as: UTF8.self)
        return profile
    }

    static func encode(_ profile: ImportProfile) -> String {
        var object: [String: Any] = [:]
        var source: [String: Any] = ["name": profile.source.name, "sharing": profile.source.sharing.rawValue, "trust": profile.source.trust]
        if let v = profile.source.title { source["title"] = v }
        if let v = profile.source.publisher { source["publisher"] = v }
        if let v = profile.source.licence { source["licence"] = v }
        if let v = profile.source.asOf { source["as_of"] = v }
        object["source"] = source
        object["kind"] = profile.kind.rawValue
        if profile.key.count == 1 { object["key"] = profile.key[0] } else if !profile.key.isEmpty { object["key"] = profile.key }
        var fields: [String: Any] = [:]
        for (field, mapping) in profile.fields {
            switch mapping {
            case .column(let c): fields[field.rawValue] = c
            case .columns(let cs): fields[field.rawValue] = cs
            case .template(let t): fields[field.rawValue] = ["template": t]
            }
        }
        object["fields"] = fields
        if !profile.set.isEmpty { object["set"] = Dictionary(uniqueKeysWithValues: profile.set.map { ($0.key.rawValue, $0.value) }) }
        object["null_values"] = profile.nullValues.sorted()
        if let format = profile.format { object["format"] = format.rawValue }
        if !profile.restrictedFields.isEmpty { object["restricted_fields"] = profile.restrictedFields.map(\.rawValue) }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Dates as lists write them, read into ISO 8601 (YYYY-MM-DD, or YYYY-MM when only a month is given).
public enum DateValue {
    public static func isoDate(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." || $0 == "T" || $0 == " " }).map(String.init)
        func valid(_ y: Int, _ m: Int, _ d: Int?) -> String? {
            guard (1800...2200).contains(y), (1...12).contains(m) else { return nil }
            guard let d else { return String(format: "%04d-%02d", y, m) }
            let days = [31, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            guard (1...days[m - 1]).contains(d) else { return nil }
            return String(format: "%04d-%02d-%02d", y, m, d)
        }
        guard parts.count >= 2, let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
        if parts[0].count == 4 {
            // 2023-09-29, 2017-01, 2023-09-29T10:00:00
            return valid(a, b, parts.count >= 3 ? Int(parts[2]) : nil)
        }
        // UK order: 29/09/2023
        if parts.count >= 3, let c = Int(parts[2]), parts[2].count == 4 { return valid(c, b, a) }
        return nil
    }
}
