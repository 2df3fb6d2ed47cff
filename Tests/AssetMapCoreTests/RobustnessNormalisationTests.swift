import Testing

@testable import AssetMapCore

/// Throws hostile and odd strings at every normaliser: none may trap, and every result must be coherent.
@Suite("Normalisers are total")
struct RobustnessNormalisationTests {
    static let oddStrings: [String] = {
        var strings = [
            "", " ", "\0", "\u{0}\u{1}\u{2}\u{7F}", "\u{FEFF}", "\u{200B}\u{200B}", "\r\n\t",
            "👍", "👨‍👩‍👧‍👦", "🇬🇧", "M33 7AB👍", "0161👍941👍2018", "a@b.c👍",
            "e\u{301}\u{301}\u{301}", String(repeating: "\u{301}", count: 50), "\u{202E}gro.elpmaxe",
            "ＭＡＮＣＨＥＳＴＥＲ", "０１６１ ９４１ ２０１８", "ḿ33 7ÄB",
            "مركز المجتمع", "中文名称", "Ελληνικά", "кириллица",
            "+", "++44", "+44", "00", "0", "()", "(0)", "ext", "x", "@", "@@", "mailto:", "http://", "https://", "//",
            "#", "#!", "?", "/", "\\", ".", "..", "...", "-", "—", ",,,", ";;", "'", "\"", "&", "+-+-",
            "SC", "NIC", "R0", "R", "GIR", "GIR 0", "BFPO", "www.", "www", "http//:", "https://www.",
            "99999999999999999999999999999999999999", String(repeating: "0", count: 300),
            "1,2,3,4,5,6,7,8,9", "1.0.0.0.0", "-1", "1e9", "1.619699907E9", "NaN", "inf",
            "O", "OO", "O0O0O0", "o1", "Oo1",
            "%00", "%", "<script>alert(1)</script>", "'; DROP TABLE records; --",
            String(repeating: "a", count: 10_000),
            String(repeating: "0161 941 2018 / ", count: 700),
            String(repeating: "M33 7AB ", count: 1_300),
            String(repeating: "x@y.org;", count: 1_300),
            String(repeating: "St. ", count: 2_500),
            String(repeating: "http://a.org/", count: 800),
            String(repeating: "1", count: 10_000),
            String(repeating: "👍", count: 5_000),
            String(repeating: "\u{0}", count: 10_000),
        ]
        // Every single byte-range character once, including all controls.
        strings.append(String(String.UnicodeScalarView((0...0xFF).compactMap(Unicode.Scalar.init))))
        strings.append(contentsOf: (0..<32).compactMap { Unicode.Scalar($0).map { "0161\(Character($0))941 2018" } })
        return strings
    }()

    @Test("no normaliser traps, and results are well formed", arguments: oddStrings)
    func total(raw: String) {
        check(Normalise.phone(raw))
        check(Normalise.email(raw))
        check(Normalise.website(raw))
        check(Normalise.charityNumber(raw))
        check(Normalise.companyNumber(raw))
        _ = Normalise.phoneDisplay(raw)
        _ = Normalise.websiteDomain(raw)
        _ = Normalise.isNullMarker(raw)

        if let postcode = Postcode(raw) {
            #expect(postcode.formatted.count <= 8)
            #expect(Postcode(postcode.formatted) == postcode)
        }
        let value = PostcodeValue.parse(raw)
        if let formatted = value.formatted {
            #expect(PostcodeValue.parse(formatted) == value)
        }

        let name = Normalise.matchingName(raw)
        #expect(!name.hasPrefix(" ") && !name.hasSuffix(" ") && !name.contains("  "))
        #expect(Normalise.nameTokens(raw).allSatisfy { !$0.isEmpty && !$0.contains(" ") })
    }

    /// A value is non-empty and free of control characters; a reason is short enough to show.
    private func check(_ result: Normalised, sourceLocation: SourceLocation = #_sourceLocation) {
        switch result {
        case .value(let canonical):
            #expect(!canonical.isEmpty, sourceLocation: sourceLocation)
            #expect(canonical.unicodeScalars.allSatisfy { $0.properties.generalCategory != .control },
                    sourceLocation: sourceLocation)
        case .invalid(let reason):
            #expect(!reason.isEmpty && reason.count < 200, "\(reason)", sourceLocation: sourceLocation)
        case .empty:
            break
        }
    }

    @Test("canonical values are fixed points", arguments: oddStrings + [
        "0161 941 2018", "Info@Example.ORG", "HTTPS://WWW.Example.org/Path/", "SC12345", "1234567", "1234567-1",
    ])
    func fixedPoints(raw: String) {
        if let v = Normalise.phone(raw).value { #expect(Normalise.phone(v) == .value(v)) }
        if let v = Normalise.email(raw).value { #expect(Normalise.email(v) == .value(v)) }
        if let v = Normalise.website(raw).value { #expect(Normalise.website(v) == .value(v)) }
        if let v = Normalise.charityNumber(raw).value { #expect(Normalise.charityNumber(v) == .value(v)) }
        if let v = Normalise.companyNumber(raw).value { #expect(Normalise.companyNumber(v) == .value(v)) }
        let name = Normalise.matchingName(raw)
        #expect(Normalise.matchingName(name) == name || name.hasPrefix("the "))
    }
}
