import Testing

@testable import AssetMapCore

/// The byte-level shortcuts the import takes on plain ASCII cells must give exactly what the general paths give.
@Suite("ASCII fast paths agree with the general paths")
struct FastPathNormalisationTests {
    /// Every ASCII scalar: whitespace or control by the Unicode tables, as the shortcut decides without them.
    @Test func asciiSpaceLikeIsWhitespaceOrControl() {
        for value in UInt32(0)..<0x80 {
            let scalar = Unicode.Scalar(value)!
            let byTables = scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
            #expect(NormaliseText.isSpaceLike(scalar) == byTables, "U+\(String(value, radix: 16))")
        }
    }

    /// Cells built from pieces that exercise every branch: separators, dots, "@", hosts, ports, paths, non-ASCII.
    static let cells: [String] = {
        let pieces = [
            "info@example.org", "a..b@example.org", "www.example.org", "WWW.Example.ORG/Path/", "http://x.org:80/index.html",
            "https//:foo.org", "foo.co.uk", "st.john", "c.i.c.", "x@y", "mailto:", ";", ",", "/", "<", ">", "(", ")", "\"",
            "|", "@", ".", "..", "-", "_", "é", "ü.de", "xn--bcher-kva.example", "192.168.0.1", "a-b.org", "-a.org", "1.2",
            "www.", "example", "Café Élan", "#!", "?q=1", "Sale Library", "St. John's", "A&B", "50s+",
        ]
        var rng = SystemRandomNumberGenerator()
        var cells = pieces
        for _ in 0..<3_000 {
            let count = Int.random(in: 1...3, using: &rng)
            cells.append((0..<count).map { _ in pieces.randomElement(using: &rng)! }.joined())
        }
        return cells
    }()

    /// A trailing space sends a cell down the general path and changes nothing else: the results must agree.
    @Test func websiteAndEmailAgreeWithTheGeneralPath() {
        for cell in Self.cells {
            #expect(Normalise.website(cell) == Normalise.website(cell + " "), "website \(cell)")
            #expect(Normalise.email(cell) == Normalise.email(cell + " "), "email \(cell)")
            #expect(Normalise.matchingName(cell) == Normalise.matchingName(cell + " "), "name \(cell)")
        }
    }
}
