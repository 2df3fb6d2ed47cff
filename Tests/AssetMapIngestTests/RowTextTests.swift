import AssetMapStore
import Testing

@testable import AssetMapIngest

/// The per-row text a record keeps (its raw row and fields as JSON, its content hash) is built from bytes; it must be
/// what building it from strings gave, or a re-import would see every record as changed.
@Suite("Row JSON and content hash")
struct RowTextTests {
    static let pieces = ["Sale", "Café", "🙂", "\"q\"", "back\\slash", "new\nline", "tab\t", "bell\u{07}", "", " ", "M33 7ZZ", "a/b"]

    static func randomText(_ rng: inout some RandomNumberGenerator) -> String {
        (0..<Int.random(in: 0...3, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    @Test func objectFromBytesIsTheObjectFromStrings() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let keys = (0..<Int.random(in: 0...6, using: &rng)).map { _ in Self.randomText(&rng) }
            // Fewer values than keys: the missing ones are empty strings.
            let values = (0..<Int.random(in: 0...keys.count, using: &rng)).map { _ in Self.randomText(&rng) }
            var expected = "{"
            for (i, key) in keys.enumerated() {
                if i > 0 { expected += "," }
                JSONText.append(key, to: &expected)
                expected += ":"
                JSONText.append(i < values.count ? values[i] : "", to: &expected)
            }
            expected += "}"
            #expect(RowMapper.jsonObject(keys, values) == expected)
        }
    }

    @Test func hashOfPartsIsTheHashOfThemJoined() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let parts = (0..<Int.random(in: 1...4, using: &rng)).map { _ in Self.randomText(&rng) }
            #expect(FileHash.fnv1a(parts) == FileHash.fnv1a(parts.joined(separator: "\u{1}")), "\(parts)")
        }
        // A known value, so the hash itself cannot drift: FNV-1a's offset basis for the empty text.
        #expect(FileHash.fnv1a([""]) == "cbf29ce484222325" + "84222325cbf29ce4")
    }
}
