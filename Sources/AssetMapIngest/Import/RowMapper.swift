import AssetMapCore
import AssetMapStore
import Foundation

/// Turns one source row into a record draft, per the profile: map, normalise, flag bad values.
struct RowMapper {
    enum Result {
        case draft(RecordDraft, warnings: [FieldFlag])
        case rejected(String)
    }

    /// A mapping resolved against the file's columns.
    enum Resolved {
        case column(Int)
        case columns([Int])
        case template([TemplatePart])
    }
    enum TemplatePart {
        case text(String)
        case column(Int)
    }

    let profile: ImportProfile
    let columns: [String]
    let fields: [(CanonicalField, Resolved)]
    let keyColumns: [Int]
    let nameSource: String

    /// Resolves every mapped column now, so a missing one fails before anything is written.
    init(profile: ImportProfile, reader: any SourceReader) throws {
        self.profile = profile
        columns = reader.columns
        func index(_ column: String, field: String) throws -> Int {
            guard let i = reader.columnIndex(column) else {
                throw IngestError.missingColumn(path: reader.path, column: column, field: field, available: reader.columns)
            }
            return i
        }
        var resolved: [(CanonicalField, Resolved)] = []
        for (field, mapping) in profile.fields.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            switch mapping {
            case .column(let c):
                resolved.append((field, .column(try index(c, field: field.rawValue))))
            case .columns(let cs):
                resolved.append((field, .columns(try cs.map { try index($0, field: field.rawValue) })))
            case .template(let t):
                var parts: [TemplatePart] = []
                var rest = t[...]
                while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                    if open > rest.startIndex { parts.append(.text(String(rest[..<open]))) }
                    parts.append(.column(try index(String(rest[rest.index(after: open)..<close]), field: field.rawValue)))
                    rest = rest[rest.index(after: close)...]
                }
                if !rest.isEmpty { parts.append(.text(String(rest))) }
                resolved.append((field, .template(parts)))
            }
        }
        fields = resolved
        keyColumns = try profile.key.map { try index($0, field: "key") }
        nameSource = profile.fields[.name]?.columns.joined(separator: ", ") ?? "name"
    }

    func draft(from row: SourceRow) -> Result {
        func cell(_ i: Int) -> String? {
            guard i < row.fields.count else { return nil }
            let value = Self.trimmed(row.fields[i])
            return value.isEmpty || profile.nullValues.contains(value) ? nil : value
        }
        // 1. Map columns onto canonical fields.
        var values: [CanonicalField: String] = [:]
        for (field, mapping) in fields {
            switch mapping {
            case .column(let i):
                values[field] = cell(i)
            case .columns(let indices):
                let parts = indices.compactMap(cell)
                values[field] = parts.isEmpty ? nil : parts.joined(separator: ", ")
            case .template(let parts):
                var text = ""
                var any = false
                for part in parts {
                    switch part {
                    case .text(let t): text += t
                    case .column(let i):
                        if let v = cell(i) {
                            text += v
                            any = true
                        }
                    }
                }
                values[field] = any ? text.split(whereSeparator: \.isWhitespace).joined(separator: " ") : nil
            }
        }
        for (field, constant) in profile.set {
            if field == .categories {
                values[.categories] = [values[.categories], constant].compactMap { $0 }.joined(separator: ";")
            } else if values[field] == nil {
                values[field] = constant
            }
        }
        guard let name = values[.name].map(Self.displayName), !name.isEmpty else {
            return .rejected("no name (\(nameSource) is empty)")
        }
        // 2. Normalise, keeping every bad value and saying why it was not used.
        var out: [String: String] = ["name": name, "name_match": Normalise.matchingName(name)]
        var flags: [FieldFlag] = []
        func flag(_ field: CanonicalField, _ value: String, _ reason: String) {
            flags.append(FieldFlag(field: field.rawValue, value: value, reason: reason))
        }
        var kind = profile.kind
        var postcode: String?
        var coordinates: (lat: Double?, lon: Double?) = (nil, nil)
        var grid: (e: Double?, n: Double?) = (nil, nil)
        for (field, value) in values where field != .name {
            switch field {
            case .kind:
                if let k = EntityKind(lenient: value) { kind = k } else {
                    flag(field, value, "not a kind (organisation, service, place); using \(profile.kind.rawValue)")
                }
            case .postcode:
                let parsed = PostcodeValue.parse(value)
                switch parsed {
                case .unit, .sector, .district:
                    postcode = parsed.formatted
                    out["postcode"] = parsed.formatted
                case .invalid:
                    flag(field, value, "'\(value)' is not a UK postcode")
                case .empty:
                    break
                }
            case .phone: normalised(Normalise.phone(value), field, value, &out, &flags)
            case .email: normalised(Normalise.email(value), field, value, &out, &flags)
            case .website: normalised(Normalise.website(value), field, value, &out, &flags)
            case .charityNumber: normalised(Normalise.charityNumber(value), field, value, &out, &flags)
            case .companyNumber: normalised(Normalise.companyNumber(value), field, value, &out, &flags)
            case .categories:
                let list = Self.categories(value)
                if !list.isEmpty { out["categories"] = list.joined(separator: ";") }
            case .lat, .lon, .easting, .northing:
                guard let number = Self.number(value) else {
                    flag(field, value, "'\(value)' is not a number")
                    continue
                }
                switch field {
                case .lat: coordinates.lat = number
                case .lon: coordinates.lon = number
                case .easting: grid.e = number
                default: grid.n = number
                }
            case .floorAreaM2, .runningCostGBP, .capacity:
                if let number = Self.number(value), number >= 0 {
                    out[field.rawValue] = field == .capacity ? String(Int(number.rounded())) : Self.format(number)
                } else {
                    flag(field, value, "'\(value)' is not a non-negative number")
                }
            case .updated:
                if let date = DateValue.isoDate(value) { out["updated"] = date } else { flag(field, value, "'\(value)' is not a date") }
            case .occupancy:
                out["occupancy"] = Self.occupancy(value)
            case .uprn:
                let digits = value.filter(\.isNumber)
                if !digits.isEmpty, digits.count <= 12, digits.count == value.filter({ !$0.isWhitespace }).count {
                    out["uprn"] = String(digits.drop { $0 == "0" })
                } else {
                    flag(field, value, "'\(value)' is not a UPRN (up to 12 digits)")
                }
            default:
                out[field.rawValue] = value
            }
        }
        out["kind"] = kind.rawValue
        if let flag = out[CanonicalField.addressIsPrivate.rawValue] {
            out[CanonicalField.addressIsPrivate.rawValue] = PersonalData.isTruthy(flag) ? "yes" : "no"
        }
        // Personal data: what the public may not see of this record, kept with it so every reader can mask it.
        let hidden = PersonalData.privateFields(
            restricted: profile.restrictedFields.map(\.rawValue), addressIsPrivate: PersonalData.isTruthy(out[CanonicalField.addressIsPrivate.rawValue]))
        if !hidden.isEmpty { out[PersonalData.privateFieldsKey] = hidden.joined(separator: ";") }
        // 3. Location: own coordinates first (checked), the postcode cascade happens in the store.
        var location = LocationInput.none
        if let json = row.geometry, let type = row.geometryType {
            location = .geometry(json: json, type: type)
        } else if coordinates.lat != nil || coordinates.lon != nil {
            if let lat = coordinates.lat, let lon = coordinates.lon {
                let c = Coordinate(lat: lat, lon: lon)
                if !c.isValid {
                    flag(.lat, "\(lat), \(lon)", "impossible coordinates (lat must be within ±90, lon within ±180)")
                } else if c.isWithinBritishIsles {
                    location = .wgs84(c)
                    out["lat"] = Self.format(lat)
                    out["lon"] = Self.format(lon)
                } else if Coordinate(lat: lon, lon: lat).isWithinBritishIsles {
                    flag(.lat, "\(lat), \(lon)", "lat and lon look swapped; not used")
                } else if lat == 0 && lon == 0 {
                    flag(.lat, "0, 0", "coordinates 0, 0 are a placeholder; not used")
                } else {
                    flag(.lat, "\(lat), \(lon)", "coordinates are outside the British Isles; not used")
                }
            } else {
                flag(coordinates.lat == nil ? .lat : .lon, "", "only one of lat/lon is given; not used")
            }
        }
        if case .none = location, grid.e != nil || grid.n != nil {
            if let e = grid.e, let n = grid.n, (0...700_000).contains(e), (0...1_300_000).contains(n) {
                location = .britishNationalGrid(easting: e, northing: n)
                out["easting"] = Self.format(e)
                out["northing"] = Self.format(n)
            } else {
                flag(.easting, "\(grid.e.map(Self.format) ?? "") \(grid.n.map(Self.format) ?? "")",
                     "easting/northing are not British National Grid metres (0–700000, 0–1300000); not used")
            }
        }
        // 4. Key and content hash.
        let raw = Self.jsonObject(columns, row.fields)
        var key: String
        if keyColumns.isEmpty {
            key = FileHash.fnv1a(Self.jsonObject(out.keys.sorted(), out.keys.sorted().map { out[$0]! }))
        } else {
            let parts = keyColumns.map { cell($0) ?? "" }
            key = parts.joined(separator: "|")
            if parts.allSatisfy(\.isEmpty) {
                flags.append(FieldFlag(field: "key", value: "", reason: "key column \(profile.key.joined(separator: ", ")) is empty; keyed by content instead"))
                key = "hash:" + FileHash.fnv1a(raw)
            }
        }
        let sortedKeys = out.keys.sorted()
        let fieldsJSON = Self.jsonObject(sortedKeys, sortedKeys.map { out[$0]! })
        let hash = FileHash.fnv1a([raw, fieldsJSON, row.geometry ?? ""])
        let draft = RecordDraft(
            key: key, line: row.line, kind: kind, raw: raw, fields: out, fieldsJSON: fieldsJSON, flags: flags, location: location,
            postcode: postcode, contentHash: hash)
        return .draft(draft, warnings: flags)
    }

    private func normalised(
        _ result: Normalised, _ field: CanonicalField, _ value: String, _ out: inout [String: String], _ flags: inout [FieldFlag]
    ) {
        switch result {
        case .value(let v): out[field.rawValue] = v
        case .invalid(let reason): flags.append(FieldFlag(field: field.rawValue, value: value, reason: reason))
        case .empty: break
        }
    }

    /// Trims whitespace; the common case (nothing to trim, ASCII) costs no allocation.
    static func trimmed(_ value: String) -> String {
        guard let first = value.utf8.first, let last = value.utf8.last else { return value }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        if !isSpace(first) && !isSpace(last) && first < 0x80 && last < 0x80 { return value }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Names as given, with runs of whitespace collapsed.
    static func displayName(_ raw: String) -> String {
        // ASCII with single spaces between words and none at the ends is already its display form.
        let bytes = raw.utf8
        if let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20 {
            var previousSpace = false
            var plain = true
            for b in bytes {
                if b >= 0x80 || (b >= 0x09 && b <= 0x0D) || (b == 0x20 && previousSpace) { plain = false; break }
                previousSpace = b == 0x20
            }
            if plain { return raw }
        }
        return raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Lowercase, trimmed, de-duplicated categories from a `;`-separated list (commas too: spreadsheets use both).
    static func categories(_ raw: String) -> [String] {
        var seen: Set<String> = []
        return raw.split(whereSeparator: { $0 == ";" || $0 == "," }).compactMap { part in
            let c = part.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
            return !c.isEmpty && seen.insert(c).inserted ? c : nil
        }
    }

    /// The occupancy vocabulary partners use, folded to a few values the co-location analysis understands.
    static func occupancy(_ raw: String) -> String {
        let v = raw.lowercased()
        if v.contains("vacant") || v.contains("empty") || v.contains("surplus") { return "vacant" }
        if v.contains("leasehold out") || v.contains("leased out") || v.contains("let out") || v.contains("tenanted") { return "leased out" }
        if v.contains("owner occupied") || v.contains("occupied by owner") || v == "operational" { return "owner occupied" }
        if v.contains("community") { return "community use" }
        return raw.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    /// Numbers as spreadsheets write them: "£12,500", "415.05 m2", " 3 ".
    static func number(_ raw: String) -> Double? {
        var text = raw.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "£", with: "")
        for suffix in ["m2", "m²", "sqm", "sq m"] where text.lowercased().hasSuffix(suffix) { text = String(text.dropLast(suffix.count)) }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
        return value
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A JSON object from parallel keys and values, built by hand: this runs twice per row. Into a byte array, as
    /// `JSONText.append` writes each string: appending to a `String` piece by piece was a fifth of mapping a row.
    static func jsonObject(_ keys: [String], _ values: [String]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(keys.reduce(2) { $0 + $1.utf8.count + 4 } + values.reduce(0) { $0 + $1.utf8.count + 2 })
        bytes.append(UInt8(ascii: "{"))
        for (i, key) in keys.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONText.append(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            JSONText.append(i < values.count ? values[i] : "", to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

}
