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
        #expect(try Self.parsed(written) as? NSDictionary == Self.reference(golden) as? NSDictionary, "\(written)")
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
}
