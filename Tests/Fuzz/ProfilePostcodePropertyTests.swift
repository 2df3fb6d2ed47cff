import AssetMapCore
import AssetMapIngest
import Foundation
import Testing

@Suite("Fuzz: import profiles")
struct ProfilePropertyTests {
    static let cases = 500

    /// A profile built from the format's own parts, each sometimes broken.
    static func profileText(_ g: inout Hostile) -> String {
        func maybe(_ good: String, _ bad: [String]) -> String { g.chance(0.85) ? good : g.pick(bad) }
        let fieldNames = CanonicalField.allCases.map(\.rawValue) + ["nmae", "", "NAME", "contact_name", "__proto__"]
        var fields: [String] = ["\"name\": \(maybe("\"col_name\"", ["\"\"", "[]", "{}", "{\"template\":\"no placeholders\"}", "null", "1e999", "[\"a\",1]"]))"]
        let canonical = CanonicalField.allCases.map(\.rawValue).filter { $0 != "name" }
        for _ in 0..<g.int(0...6) {
            if g.chance(0.9) {
                let good = g.pick(["\"col_\(g.int(0...9))\"", "[\"a\",\"b\"]", "{\"template\":\"{A} {B}\"}"])
                fields.append("\"\(g.pick(canonical))\": \(good)")
                continue
            }
            let mapping = g.pick([
                JSONPropertyTests.quoted(g.fieldText(maxParts: 2)), "[\"a\",\"b\"]", "{\"template\":\"{A} {B}\"}", "{\"template\":\"{unclosed\"}",
                "{\"template\":\"}{\"}", "[]", "7", "true", "{\"template\":\(JSONPropertyTests.quoted(g.fieldText(maxParts: 3)))}",
            ])
            fields.append("\(JSONPropertyTests.quoted(g.pick(fieldNames))): \(mapping)")
        }
        var parts = [
            "\"source\": " + maybe(
                "{\"name\": \(maybe("\"list-\(g.int(0...99))\"", ["\"Bad Name\"", "\"\"", "\"../etc\"", "1", "\"x\\u0000y\""])), \"sharing\": \(maybe("\"\(g.pick(["open", "partners", "restricted", "OPEN"]))\"", ["\"secret\"", "1", "null"])), \"trust\": \(maybe("0.\(g.int(0...9))", ["1.5", "-1", "NaN", "\"high\"", "1e999"])), \"as_of\": \(maybe("\"2024-0\(g.int(1...9))-1\(g.int(0...9))\"", ["\"2024-02-30\"", "\"yesterday\"", "7", "\"99999-01-01\""]))}",
                ["\"plain-name\"", "[]", "null", "{}", "{\"name\": null}"]),
            "\"kind\": " + maybe("\"\(g.pick(["organisation", "service", "place", "Places", "organization"]))\"", ["\"thing\"", "null", "[]", "1"]),
            "\"fields\": {" + fields.joined(separator: ", ") + "}",
        ]
        if g.chance(0.5) { parts.append("\"key\": " + maybe("\"id\"", ["[]", "[1]", "{}", "\"\"", "[\"a\",\"b\"]"])) }
        if g.chance(0.4) { parts.append("\"set\": " + maybe("{\"categories\": \"food bank\", \"town\": 7}", ["[]", "{\"nope\": 1}", "{\"town\": {}}", "{\"town\": null}"])) }
        if g.chance(0.3) { parts.append("\"null_values\": " + maybe("[\"NA\", \"-\"]", ["\"NA\"", "[1]", "{}"])) }
        if g.chance(0.3) { parts.append("\"format\": " + maybe("\"\(g.pick(["csv", "geojson", "json", "CSV"]))\"", ["\"xlsx\"", "1"])) }
        if g.chance(0.1) { parts.append("\(JSONPropertyTests.quoted(g.fieldText(maxParts: 2))): 1") }
        if g.chance(0.05) { parts.append("\"description\": \(JSONPropertyTests.quoted(String(repeating: "é\"", count: 50_000))))") }
        return "{" + parts.shuffled(using: &g.random).joined(separator: ",\n ") + "}"
    }

    @Test func generatedProfilesParseOrSayWhatIsWrong() throws {
        var parsed = 0
        for seed in UInt64(1)...UInt64(Self.cases) {
            var g = Hostile(seed: seed &* 31)
            var bytes = Array(Self.profileText(&g).utf8)
            if g.chance(0.3) { for _ in 0..<g.int(1...4) { bytes = g.mutate(bytes) } }
            do {
                let profile = try ImportProfile.parse(Data(bytes), path: "fuzz-\(seed).json")
                parsed += 1
                // What parses is usable: a name mapping (or constant), a slug, a trust in range.
                #expect(profile.fields[.name] != nil || profile.set[.name] != nil, "seed \(seed &* 31)")
                #expect(SourceMetadata.isValidName(profile.source.name), "seed \(seed &* 31): \(profile.source.name)")
                #expect((0...1).contains(profile.source.trust), "seed \(seed &* 31)")
                // Round trip: the profile written back out (as the store keeps it) parses to the same profile.
                let again = try ImportProfile.parse(Data(
                    ImportProfile(source: profile.source, kind: profile.kind, key: profile.key, fields: profile.fields, set: profile.set,
                                  nullValues: profile.nullValues, format: profile.format).json.utf8))
                #expect(again.source == profile.source && again.kind == profile.kind && again.key == profile.key, "seed \(seed &* 31)")
                #expect(again.fields == profile.fields && again.set == profile.set && again.nullValues == profile.nullValues, "seed \(seed &* 31)")
                #expect(again.format == profile.format, "seed \(seed &* 31)")
            } catch let error as IngestError {
                switch error {
                case .invalidProfile(let path, let detail):
                    #expect(path == "fuzz-\(seed).json" && !detail.isEmpty && detail.count < 2_000, "seed \(seed &* 31): \(error)")
                case .unknownField(let field, let known):
                    #expect(!known.contains(field), "seed \(seed &* 31): \(error)")
                default:
                    Issue.record("seed \(seed &* 31): unexpected kind of error \(error)")
                }
            } catch {
                Issue.record("seed \(seed &* 31): untyped error \(String(reflecting: error))")
            }
        }
        #expect(parsed > Self.cases / 10 && parsed < Self.cases, "\(parsed) of \(Self.cases) generated profiles parsed")
    }
}

@Suite("Fuzz: postcodes")
struct PostcodePropertyTests {
    static let cases = 5_000
    static let areas = ["M", "WA", "SK", "B", "EC", "SW", "W", "N", "G", "BT", "OL", "L", "NW", "E", "CR"]
    static let inwardLetters = Array("ABDEFGHJLNPQRSTUWXYZ")

    /// A valid unit postcode in one of the six outward shapes, formatted as Royal Mail writes it.
    static func validPostcode(_ g: inout Hostile) -> String {
        let area = g.pick(areas)
        let digit = { (g: inout Hostile) in String(g.int(0...9)) }
        var outward = area + String(g.int(1...9))
        switch g.int(0...2) {
        case 0: break
        case 1: outward += digit(&g)
        default: outward += String(area.count == 1 ? g.pick(Array("ABCDEFGHJKPSTUW")) : g.pick(Array("ABEHMNPRVWXY")))
        }
        return "\(outward) \(digit(&g))\(g.pick(inwardLetters))\(g.pick(inwardLetters))"
    }

    /// The same postcode as people type it: any case, any spacing, stray punctuation.
    static func messy(_ formatted: String, _ g: inout Hostile) -> String {
        var out = g.pick(["", " ", "  ", "\t", "\u{00A0}"])
        for ch in formatted where ch != " " {
            out += g.chance(0.5) ? ch.lowercased() : String(ch)
            if g.chance(0.15) { out += g.pick([" ", "  ", "-", ".", "\u{00A0}"]) }
        }
        return out + g.pick(["", " ", "\n", "\u{2009}"])
    }

    @Test func aValidPostcodeNormalisesToItselfInAnySpacingAndCase() {
        var failures = 0
        for seed in UInt64(1)...UInt64(Self.cases) {
            var g = Hostile(seed: seed)
            let formatted = Self.validPostcode(&g)
            let typed = Self.messy(formatted, &g)
            let parsed = Postcode(typed)
            if parsed?.formatted != formatted {
                failures += 1
                Issue.record("seed \(seed): '\(typed.debugDescription)' read as \(parsed?.formatted ?? "nil"), expected \(formatted)")
            }
            #expect(Postcode(formatted)?.formatted == formatted)
            #expect(PostcodeValue.parse(typed) == parsed.map(PostcodeValue.unit), "seed \(seed)")
            if failures > 20 { break }
        }
    }

    @Test func anyTextIsAPostcodeOrNotButNeverACrash() {
        for seed in UInt64(1)...UInt64(Self.cases) {
            var g = Hostile(seed: seed &* 2_654_435_761)
            var text = g.chance(0.5) ? Self.validPostcode(&g) : ""
            for _ in 0..<g.int(0...4) {
                let piece = g.chance(0.5) ? g.pick(Hostile.nastyScalars) : String(g.pick(Array("ABCIKMOV0123456789 ")))
                let at = text.index(text.startIndex, offsetBy: g.int(0...text.count))
                text.insert(contentsOf: piece, at: at)
            }
            if g.chance(0.01) { text = String(repeating: "M33 7AB", count: 10_000) }
            let value = PostcodeValue.parse(text)
            switch value {
            case .unit(let p):
                // A unit reads back as itself, and its parts agree.
                #expect(Postcode(p.formatted) == p, "seed \(seed): \(text.debugDescription)")
                #expect(p.formatted.count <= 8 && p.sector == "\(p.outward) \(p.inward.prefix(1))" && p.district == p.outward)
                #expect(!p.inward.contains { "CIKMOV".contains($0) }, "seed \(seed): \(p)")
            case .sector(let s):
                #expect(PostcodeValue.parse(s) == .sector(s), "seed \(seed): sector \(s) does not read back")
            case .district(let d):
                #expect(PostcodeValue.parse(d) == .district(d), "seed \(seed): district \(d) does not read back")
            case .invalid(let raw):
                #expect(raw.count <= text.count, "seed \(seed)")
                #expect(Postcode(text) == nil, "seed \(seed)")
            case .empty:
                break
            }
        }
    }
}
