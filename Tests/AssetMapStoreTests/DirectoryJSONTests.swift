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
