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
            "HTTP://Example.org:443/a/b/?x=1#!/r", "https:///x.org", "http:x.org", "http;//x.org", "httpx.org", "//x.org",
            "ftp://x.org", "mailto:a@b.org", "x.org:8080", "x.org:", "www,foo.org", "www.org", "foo.org/INDEX.HTML",
            "foo.org\\path\\", "(www.x.org)", "'x.org'", "x.org/#frag", "x.org/#!", "#!a", "1.2.3.4:80", "tel:0161", "http",
            "https", ":", "A.B@Example.CO.UK", "a@-b.org", "a@b-.org", "a@b.c0", "a@xn--p1ai", "x@y.z?subject=hi", "*", "`",
            "!", "'", "'a@b.org'", "a.@b.org", ".a@b.org", "a!#$%&*+=?^_`{|}~-@b.org", "a@b..org", "A@B.ORG.",
        ]
        var rng = SystemRandomNumberGenerator()
        var cells = pieces
        for _ in 0..<3_000 {
            let count = Int.random(in: 1...3, using: &rng)
            cells.append((0..<count).map { _ in pieces.randomElement(using: &rng)! }.joined())
        }
        return cells
    }()

    /// A printable-ASCII token canonicalised by bytes gives what the same token gives by characters: the URL or
    /// the problem, the address or none.
    @Test func bytesAndCharactersAgreeOnTokens() {
        func described(_ result: Result<String, WebsiteShape.Problem>) -> String {
            switch result {
            case .success(let url): "url \(url)"
            case .failure(let problem): "problem \(problem.text)"
            }
        }
        var websites = 0, emails = 0
        for cell in Self.cells {
            for token in cell.split(separator: " ").map(String.init) {
                if let bytes = WebsiteShape.canonicalOfPrintableASCII(token) {
                    websites += 1
                    #expect(described(bytes) == described(WebsiteShape.canonicalByCharacters(token)), "website \(token)")
                } else {
                    #expect(!token.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "printable ASCII left to the characters: \(token)")
                }
                if let bytes = EmailShape.canonicalOfPrintableASCII(token) {
                    emails += 1
                    #expect(bytes == EmailShape.canonicalByCharacters(token), "email \(token)")
                }
            }
        }
        #expect(websites > 1_000 && emails > 1_000)
    }

    /// Where the byte test answers whether a cell is a null marker, it answers as the general path does: every marker
    /// in three cases and spacings, placeholders, and the cells above.
    @Test func nullMarkersByBytesAgreeWithTheGeneralPath() {
        var cells = Self.cells + ["", "   ", "\t", "-", "--", " . ", "_?*", "- x", "#N/A", "N / A", "NOT  KNOWN", "Tbc.", "nan1"]
        for marker in Normalise.nullMarkers {
            cells += [marker, marker.uppercased(), " \(marker) ", marker.replacingOccurrences(of: " ", with: "  "), marker + "x"]
        }
        var answered = 0
        for cell in cells {
            guard let bytes = Normalise.isNullMarkerOfASCII(cell) else { continue }
            answered += 1
            #expect(bytes == Normalise.isNullMarkerByScalars(cell), "\(cell)")
        }
        #expect(answered > 2_000)
        #expect(Normalise.isNullMarkerOfASCII("café") == nil)
    }

    /// A trailing space sends a cell down the general path and changes nothing else: the results must agree.
    @Test func websiteAndEmailAgreeWithTheGeneralPath() {
        for cell in Self.cells {
            #expect(Normalise.website(cell) == Normalise.website(cell + " "), "website \(cell)")
            #expect(Normalise.email(cell) == Normalise.email(cell + " "), "email \(cell)")
            #expect(Normalise.matchingName(cell) == Normalise.matchingName(cell + " "), "name \(cell)")
        }
    }
}
