import Foundation
import Testing

@testable import AssetMapCore
@testable import AssetMapStore

/// The golden-record and areas JSON written by hand reads back as what `JSONEncoder` wrote before it.
@Suite("Directory JSON")
struct DirectoryJSONTests {
    static let awkward = [
        "Sale \"Central\" Library", "C:\\path\\to", "line\nbreak\ttab\r", "bell\u{07}nul\u{0}esc\u{1B}", "café 🙂 مكتبة", "",
        "a/b", "\u{7F}del", "\u{2028}separator",
    ]

    static func reference<T: Encodable>(_ value: T) throws -> Any {
        try JSONSerialization.jsonObject(with: JSONEncoder().encode(value))
    }

    static func parsed(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test(arguments: awkward)
    func goldenReadsBackAsTheEncoderWroteIt(_ text: String) throws {
        let golden: [String: FieldChoice] = [
            "name": FieldChoice(value: text, source: "groups", recordID: 7, alternatives: [
                .init(value: text + " (old)", source: "charities"), .init(value: "x", source: text),
            ]),
            "postcode": FieldChoice(value: "M33 7AA", source: "groups", recordID: 9_007_199_254_740_993, alternatives: []),
            text.isEmpty ? "empty_key" : text: FieldChoice(value: "key is \(text)", source: "s", recordID: -1, alternatives: []),
        ]
        let written = DirectoryJSON.golden(golden)
        #expect(try Self.parsed(written) as? NSDictionary == Self.reference(golden.mapValues(StoredChoice.init)) as? NSDictionary, "\(written)")
        // Where each value came from is not kept in the row: an entity's provenance is worked out from its members.
        #expect(!written.contains("record_id") && !written.contains("\"source\":\"groups\""), "\(written)")
        #expect(written.components(separatedBy: "alternatives").count == 2, "only the name has alternatives: \(written)")
    }

    /// What a directory row keeps of a golden value: the value, and the alternatives when there are any.
    struct StoredChoice: Encodable {
        var alternatives: [FieldChoice.Alternative]?
        var value: String

        init(_ choice: FieldChoice) {
            alternatives = choice.alternatives.isEmpty ? nil : choice.alternatives
            value = choice.value
        }
    }

    /// Rows written before the lean shape keep each value's source and record id. Both shapes give the same values to
    /// the readers of the row: reconciliation (`goldenValues`) and the Open Referral face (`json_extract`).
    @Test func earlierRowsAndLeanRowsReadTheSame() throws {
        let earlier = #"{"charity_number":{"alternatives":[],"record_id":3,"source":"charities","value":"1100001"},"#
            + #""name":{"alternatives":[{"source":"grants","value":"Old Name"}],"record_id":3,"source":"charities","value":"New Name"}}"#
        let lean = DirectoryJSON.golden([
            "charity_number": FieldChoice(value: "1100001", source: "charities", recordID: 3, alternatives: []),
            "name": FieldChoice(value: "New Name", source: "charities", recordID: 3, alternatives: [.init(value: "Old Name", source: "grants")]),
        ])
        #expect(lean.utf8.count < earlier.utf8.count * 2 / 3, "\(lean)")
        #expect(AssetMapStore.goldenValues(lean) == ["charity_number": ["1100001"], "name": ["New Name", "Old Name"]])
        #expect(AssetMapStore.goldenValues(earlier) == AssetMapStore.goldenValues(lean))
        let store = try AssetMapStore.inMemory()
        for document in [earlier, lean] {
            let number = try store.writer.read { db in
                try String.fetchOne(db, sql: "SELECT json_extract(?, '$.charity_number.value')", arguments: [document])
            }
            #expect(number == "1100001", "\(document)")
        }
    }

    @Test(arguments: awkward)
    func areasReadBackAsTheEncoderWroteThem(_ text: String) throws {
        let areas = [
            "ward": AreaRef(layer: "ward", code: "E05000001", name: text), "lsoa": AreaRef(layer: "lsoa", code: text, name: nil),
        ]
        let written = DirectoryJSON.areas(areas)
        let before = areas.mapValues { ["code": $0.code, "name": $0.name ?? ""] }
        #expect(try Self.parsed(written) as? NSDictionary == Self.reference(before) as? NSDictionary, "\(written)")
    }

    @Test(arguments: awkward)
    func areasParseBackAsWritten(_ text: String) throws {
        let areas = [
            "ward": AreaRef(layer: "ward", code: "E05000001", name: text), "lsoa": AreaRef(layer: "lsoa", code: text, name: nil),
            text.isEmpty ? "empty" : text: AreaRef(layer: text, code: "X", name: "Y"),
        ]
        let parsed = try #require(DirectoryJSON.parseAreas(DirectoryJSON.areas(areas)), "\(DirectoryJSON.areas(areas))")
        #expect(Set(parsed.keys) == Set(areas.keys))
        for (layer, area) in areas {
            #expect(parsed[layer]?.code == area.code, "\(layer)")
            // An empty name reads as none, as the layer without names was written.
            #expect(parsed[layer]?.name == ((area.name ?? "").isEmpty ? nil : area.name), "\(layer)")
        }
    }

    /// What SQLite's json_object writes (the import's areas), escapes of every kind, and what is not the shape.
    @Test func areasParseWhatSQLiteWritesAndRefuseOtherShapes() throws {
        let store = try AssetMapStore.inMemory()
        let text = "Sale \"Central\" \\ 🙂 \u{1} é\n"
        let written = try store.writer.read { db in
            try String.fetchOne(db, sql: "SELECT json_object('ward', json_object('code', ?, 'name', ?), 'lsoa', json_object('code', 'E01', 'name', ''))",
                                arguments: [text, text])
        }
        let json = try #require(written)
        let parsed = try #require(DirectoryJSON.parseAreas(json))
        #expect(parsed["ward"]?.code == text && parsed["ward"]?.name == text)
        #expect(parsed["lsoa"]?.code == "E01" && parsed["lsoa"]?.name == nil)
        let escaped = try #require(DirectoryJSON.parseAreas(#"{ "w" : { "code" : "\u00e9\ud83d\ude42\/\t", "name" : null } }"#))
        #expect(escaped["w"]?.code == "é🙂/\t" && escaped["w"]?.name == nil)
        #expect(DirectoryJSON.parseAreas("{}")?.isEmpty == true)
        for bad in ["", "[]", "{\"w\":1}", "{\"w\":{\"code\":\"x\"}", "{\"w\":{\"code\":\"\\ud83d\"}}", "{\"w\":{}} x", "{\"w\":{\"code\":\"\\q\"}}"] {
            #expect(DirectoryJSON.parseAreas(bad) == nil, "\(bad)")
        }
    }

    @Test func keysAreInByteOrderAsTheImportWritesThem() throws {
        let golden = ["website": "w", "name_match": "m", "name": "n", "Zeta": "z", "address": "a"].mapValues {
            FieldChoice(value: $0, source: "s", recordID: 1, alternatives: [])
        }
        let written = DirectoryJSON.golden(golden)
        let offsets = ["Zeta", "address", "name", "name_match", "website"].compactMap { written.range(of: "\"\($0)\":{")?.lowerBound }
        #expect(offsets.count == 5, "\(written)")
        #expect(offsets == offsets.sorted(), "\(written)")
        #expect(DirectoryJSON.golden([:]) == "{}" && DirectoryJSON.areas([:]) == "{}")
    }

    /// An import's new entity gets, through `record_golden`, the document the SQL it replaced built with
    /// `json_each` and `json_group_object` from the same fields: compared as parsed JSON on awkward values.
    @Test(arguments: awkward)
    func singleRecordGoldenIsWhatTheSQLBuilt(_ text: String) throws {
        let store = try AssetMapStore.inMemory()
        let fields = RowMapperLikeFields.json(["name": "Sale \(text)", "name_match": "sale", "phone": "", "address": text, "Zeta": "z"])
        let (ours, sql) = try store.writer.read { db in
            (
                try String.fetchOne(db, sql: "SELECT record_golden(?)", arguments: [fields]),
                try String.fetchOne(db, sql: """
                    SELECT json_group_object(f.key, json_object('value', f.value))
                    FROM (SELECT key, value FROM json_each(?1) WHERE key != 'name_match' AND value != '' ORDER BY key) f
                    """, arguments: [fields])
            )
        }
        let written = try #require(ours)
        if text.contains("\u{0}") {
            // SQLite's JSON functions cut a value at a NUL; the directory's own writer (and `refreshEntities`) keep it.
            let address = (try Self.parsed(written) as? [String: Any])?["address"] as? [String: Any]
            #expect(address?["value"] as? String == text)
        } else {
            #expect(try Self.parsed(written) as? NSDictionary == Self.parsed(try #require(sql)) as? NSDictionary, "\(written)")
        }
        #expect(!written.contains("name_match") && !written.contains("\"phone\""))
        // Keys in byte order, as both write them.
        if let zeta = written.range(of: "\"Zeta\":"), let address = written.range(of: "\"address\":") {
            #expect(zeta.lowerBound < address.lowerBound)
        } else {
            #expect(text.isEmpty, "both keys written: \(written)")
        }
    }

    /// The copying path gives, to the byte, what reading each field and writing it again gives; and it takes the
    /// fields an import writes (no escapes), so the test would notice it never running.
    @Test func copyingTheFieldsWritesWhatParsingThemWrites() {
        let pieces = ["Sale", "Café", "🙂", "\"quoted\"", "back\\slash", "new\nline", "", " ", "a/b", "\u{7F}", "M33 7ZZ", "0161"]
        let keys = ["address", "Zeta", "name", "name_match", "phone", "website", "é", "categories", "a", "ab"]
        var rng = SystemRandomNumberGenerator()
        var copied = 0
        for n in 0..<3_000 {
            var fields: [String: String] = [:]
            for key in keys where Bool.random(using: &rng) {
                fields[key] = (0..<Int.random(in: 0...3, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            }
            let text = RowMapperLikeFields.json(fields)
            let parsing = DirectoryJSON.singleRecordGoldenByParsing(fields: text)
            #expect(parsing != nil, "\(text)")
            if let copy = DirectoryJSON.singleRecordGoldenByCopy(fields: text) {
                copied += 1
                #expect(copy == parsing, "\(text)")
            } else {
                #expect(text.contains("\\"), "copyable fields not copied: \(text)")
            }
        }
        #expect(copied > 300)
        // Keys out of order, repeated, spaced or escaped: left to the general path.
        for other in [#"{"b":"x","a":"y"}"#, #"{"a":"x","a":"y"}"#, #"{ "a":"x"}"#, #"{"a":"x\/y"}"#, #"{"a":"x"} "#] {
            #expect(DirectoryJSON.singleRecordGoldenByCopy(fields: other) == nil, "\(other)")
        }
    }

    /// Fields of another shape are left to the SQL: `record_golden` gives NULL.
    @Test func singleRecordGoldenRefusesOtherShapes() throws {
        for bad in ["", "[]", #"{"a":1}"#, #"{"a":"x","a":"y"}"#, #"{"a":"x"} tail"#, #"{"a":null}"#] {
            #expect(DirectoryJSON.singleRecordGolden(fields: bad) == nil, "\(bad)")
        }
        #expect(DirectoryJSON.singleRecordGolden(fields: "{}") == "{}")
        #expect(DirectoryJSON.singleRecordGolden(fields: #"{"a":"x","b":"","name_match":"m"}"#) == #"{"a":{"value":"x"}}"#)
    }

    /// New entities' ids: version 4, the RFC variant, lowercase, and no repeats in 200,000.
    @Test func entityUUIDsAreVersion4AndDistinct() {
        var uuids = EntityUUIDs()
        var seen: Set<String> = []
        for _ in 0..<200_000 {
            let id = uuids.next()
            seen.insert(id)
            let parts = id.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard parts.map(\.count) == [8, 4, 4, 4, 12], id.allSatisfy({ $0 == "-" || $0.isHexDigit && !$0.isUppercase }),
                parts[2].first == "4", "89ab".contains(parts[3].first!)
            else {
                Issue.record("not a lowercase version 4 UUID: \(id)")
                return
            }
            #expect(UUID(uuidString: id) != nil)
        }
        #expect(seen.count == 200_000)
        var first = EntityUUIDs(), second = EntityUUIDs()
        #expect(first.next() != second.next(), "each generator is seeded afresh")
    }
}

/// A flat object of strings as the import writes a record's fields.
enum RowMapperLikeFields {
    static func json(_ fields: [String: String]) -> String {
        var out = "{"
        for (n, key) in fields.keys.sorted().enumerated() {
            if n > 0 { out += "," }
            JSONText.append(key, to: &out)
            out += ":"
            JSONText.append(fields[key]!, to: &out)
        }
        return out + "}"
    }
}
