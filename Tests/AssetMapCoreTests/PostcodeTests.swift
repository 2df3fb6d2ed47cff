import Foundation
import Testing

@testable import AssetMapCore

@Suite("Postcode")
struct PostcodeTests {
    @Test("full postcodes in any case and spacing are formatted", arguments: [
        ("m329af", "M32 9AF"),
        (" M32  9AF ", "M32 9AF"),
        ("wa141ah", "WA14 1AH"),
        ("M33 7AB", "M33 7AB"),
        ("M7 4NA  ", "M7 4NA"),
        ("m169nw", "M16 9NW"),
        ("\u{00A0}SK4 4JZ\u{00A0}", "SK4 4JZ"),
        ("M32-9AF", "M32 9AF"),
        ("(M32 9AF)", "M32 9AF"),
        ("M32.9AF", "M32 9AF"),
        ("M 3 2 9 A F", "M32 9AF"),
        ("\tM32\n9AF\r", "M32 9AF"),
        ("GIR 0AA", "GIR 0AA"),
        ("gir0aa", "GIR 0AA"),
    ])
    func formats(raw: String, expected: String) throws {
        let postcode = try #require(Postcode(raw))
        #expect(postcode.formatted == expected)
        #expect(postcode.description == expected)
    }

    @Test("every outward shape is accepted", arguments: [
        ("M1 1AE", "M1", "M"),  // A9
        ("M33 7AB", "M33", "M"),  // A99
        ("W1A 0AX", "W1A", "W"),  // A9A
        ("CR2 6XH", "CR2", "CR"),  // AA9
        ("DN55 1PT", "DN55", "DN"),  // AA99
        ("EC1A 1BB", "EC1A", "EC"),  // AA9A
        ("SW1A 2AA", "SW1A", "SW"),
        ("E1W 1AA", "E1W", "E"),
        ("N1C 4AG", "N1C", "N"),
        ("BT1 5GS", "BT1", "BT"),  // Northern Ireland
        ("JE2 3AB", "JE2", "JE"),  // Crown Dependencies use the UK system
        ("IM1 1AA", "IM1", "IM"),
        ("BX1 1LT", "BX1", "BX"),  // non-geographic but real
    ])
    func outwardShapes(raw: String, outward: String, area: String) throws {
        let postcode = try #require(Postcode(raw))
        #expect(postcode.outward == outward)
        #expect(postcode.area == area)
    }

    @Test("parts of a postcode")
    func parts() throws {
        let p = try #require(Postcode("wa14 1ah"))
        #expect(p.outward == "WA14")
        #expect(p.inward == "1AH")
        #expect(p.sector == "WA14 1")
        #expect(p.district == "WA14")
        #expect(p.area == "WA")
        let gir = try #require(Postcode("GIR 0AA"))
        #expect(gir.area == "GIR")
        #expect(gir.sector == "GIR 0")
    }

    @Test("invalid unit postcodes are rejected, not corrected", arguments: [
        "",
        "M33",  // district only: not a unit
        "M33 7",  // sector only
        "M32 OXZ",  // letter O typed for zero: not silently corrected
        "WA15 OHF",
        "0L12 6BH",  // zero typed for the letter O
        "M33 7AC",  // C is never in the inward code
        "M33 7IA", "M33 7KA", "M33 7MA", "M33 7OA", "M33 7VA",
        "Q1 1AA",  // Q, V, X never start a postcode
        "V1 1AA", "X1 1AA",
        "AI1 1AA",  // I, J, Z never second
        "MJ1 1AA",
        "W1I 1AA",  // I never third in A9A
        "EC1C 1BB",  // C never fourth in AA9A
        "ZZ1 1AA",  // no such area
        "BFPO 801",  // forces post: not a place
        "BF1 3AA",
        "GX11 1AA",  // Gibraltar
        "ASCN 1ZZ",  // overseas territories
        "M33 7ABC",
        "M333 7AB",
        "M 33",
        "M33 7AB UK",
        "M33 7AB 👍",
        "M33 7ÀB",
        "MM33 7AB1",
        "33 7AB",
        "NA",
    ])
    func rejects(raw: String) {
        #expect(Postcode(raw) == nil)
    }

    @Test("Codable as the formatted string")
    func codable() throws {
        let p = try #require(Postcode("m329af"))
        let data = try JSONEncoder().encode([p])
        #expect(String(decoding: data, as: UTF8.self) == #"["M32 9AF"]"#)
        let back = try JSONDecoder().decode([Postcode].self, from: Data(#"["wa141ah"]"#.utf8))
        #expect(back == [Postcode("WA14 1AH")])
        #expect(throws: DecodingError.self) {
            _ = try JSONDecoder().decode([Postcode].self, from: Data(#"["M32 OXZ"]"#.utf8))
        }
    }

    @Test("hashable and equal regardless of how it was written")
    func hashable() {
        let set: Set<Postcode?> = [Postcode("m329af"), Postcode("M32 9AF"), Postcode(" m32-9af ")]
        #expect(set.count == 1)
    }
}

@Suite("PostcodeValue")
struct PostcodeValueTests {
    @Test("units, sectors and districts", arguments: [
        ("m329af", PostcodeValue.unit(Postcode("M32 9AF")!)),
        ("GIR 0AA", .unit(Postcode("GIR 0AA")!)),
        ("M33", .district("M33")),
        ("WA14", .district("WA14")),
        ("wa15", .district("WA15")),
        (" M41 ", .district("M41")),
        ("M 33", .district("M33")),
        ("EC1A", .district("EC1A")),
        ("M11", .district("M11")),  // a district, not the sector "M1 1"
        ("M33 7", .sector("M33 7")),
        ("WA14 1", .sector("WA14 1")),
        ("m33-7", .sector("M33 7")),
        ("M1 1", .sector("M1 1")),
        ("M337", .sector("M33 7")),  // no district reading exists
        ("WA141", .sector("WA14 1")),
        ("", .empty),
        ("NA", .empty),
        ("  ", .empty),
        ("n/a", .empty),
        ("M32 OXZ", .invalid("M32 OXZ")),
        ("WA15 OHF", .invalid("WA15 OHF")),
        ("BFPO 801", .invalid("BFPO 801")),
        ("Manchester", .invalid("Manchester")),
        ("  Q1  ", .invalid("Q1")),
        ("M33 7A", .invalid("M33 7A")),
        ("M33 77", .invalid("M33 77")),
        ("ZZ9", .invalid("ZZ9")),
    ])
    func parses(raw: String, expected: PostcodeValue) {
        #expect(PostcodeValue.parse(raw) == expected)
    }

    @Test("formatted, district and sector")
    func derived() {
        let unit = PostcodeValue.parse("m337ab")
        #expect(unit.formatted == "M33 7AB")
        #expect(unit.district == "M33")
        #expect(unit.sector == "M33 7")

        let sector = PostcodeValue.parse("WA14 1")
        #expect(sector.formatted == "WA14 1")
        #expect(sector.district == "WA14")
        #expect(sector.sector == "WA14 1")

        let district = PostcodeValue.parse("wa14")
        #expect(district.formatted == "WA14")
        #expect(district.district == "WA14")
        #expect(district.sector == nil)

        for other in [PostcodeValue.parse("M32 OXZ"), PostcodeValue.parse("NA")] {
            #expect(other.formatted == nil)
            #expect(other.district == nil)
            #expect(other.sector == nil)
        }
    }

    @Test("every formatted value parses back to itself")
    func roundTrip() {
        for raw in ["M33 7AB", "M33 7", "M33", "EC1A 1BB", "EC1A 1", "EC1A", "GIR 0AA", "W1A 0AX", "W1A"] {
            let value = PostcodeValue.parse(raw)
            #expect(value.formatted == raw)
            #expect(PostcodeValue.parse(value.formatted ?? "") == value)
        }
    }
}
