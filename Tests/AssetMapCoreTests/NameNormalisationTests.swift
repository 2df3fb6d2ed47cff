import Testing

@testable import AssetMapCore

@Suite("Normalise.matchingName")
struct NameNormalisationTests {
    @Test("matching form", arguments: [
        ("ST. JOHN'S CENTRE", "saint johns centre"),
        ("St Johns Center", "saint johns centre"),
        ("St John’s Centre", "saint johns centre"),  // typographic apostrophe
        ("Age UK Trafford", "age uk trafford"),
        ("Trafford Carers Centre Ltd", "trafford carers centre limited"),
        ("Trafford Carers Centre Ltd.", "trafford carers centre limited"),
        ("DUKINFIELD BAPTIST CHURCH (TRUST FUNDS HELD ICW )", "dukinfield baptist church trust funds held icw"),
        ("THE CHESHIRE WILDLIFE TRUST LIMITED", "cheshire wildlife trust limited"),
        ("The Hub", "hub"),
        ("The", "the"),
        ("Hub, The", "hub the"),
        ("Sale & Altrincham Sea Cadets", "sale and altrincham sea cadets"),
        ("Food+Friends", "food and friends"),
        ("M&S Community Fund", "m and s community fund"),
        ("Over 50s+", "over 50s"),  // a trailing symbol is not a word
        ("& Friends", "friends"),
        ("Tea && Toast", "tea and toast"),
        ("Club 2.5", "club 2 5"),
        ("Green Shoots C.I.C.", "green shoots community interest company"),
        ("Green Shoots CIC", "green shoots community interest company"),
        ("Green Shoots C.I.C", "green shoots community interest company"),
        ("Example Holdings plc", "example holdings public limited company"),
        ("Sale Residents Assoc", "sale residents association"),
        ("Sale Residents Assn.", "sale residents association"),
        ("Youth Ctr", "youth centre"),
        ("Partington Community Org", "partington community organisation"),
        ("World Health Organization", "world health organisation"),
        ("Stretford Walking Grp", "stretford walking group"),
        ("Old Trafford Comm Group", "old trafford comm group"),  // "comm" is ambiguous: left alone
        ("Ashton-on-Mersey", "ashton on mersey"),
        ("Parent/Teacher Association", "parent teacher association"),
        ("Café Néro", "cafe nero"),
        ("Ærø Straße Łódź", "aero strasse lodz"),
        ("  Lots   of\tspace\n", "lots of space"),
        ("ST.ANNE", "saint anne"),
        ("St. Mary Magdalene Church - Heatbeat Café", "saint mary magdalene church heatbeat cafe"),
        ("English Martyrs' RC Primary School", "english martyrs roman catholic primary school"),
        ("English Martyrs R.C Primary School", "english martyrs roman catholic primary school"),
        ("English Martyrs R. C. Primary School", "english martyrs roman catholic primary school"),
        ("Altrincham C of E Primary School", "altrincham church of england primary school"),
        ("St Matthew's CofE Primary School", "saint matthews church of england primary school"),
        ("T.H.O.M.A.S", "thomas"),
        ("U.K. Friends", "uk friends"),
        ("9TH SALE SCOUT GROUP (ST ANNES C OF E)", "9th sale scout group saint annes church of england"),
        ("Smith Bros. Theater", "smith bros theatre"),
        ("", ""),
        ("   ", ""),
        ("!!!", ""),
        ("👍 Friends 👍", "friends"),
    ])
    func matching(display: String, expected: String) {
        #expect(Normalise.matchingName(display) == expected)
    }

    @Test("spelling variants of one name meet")
    func variantsMeet() {
        let variants = ["ST. JOHN'S CENTRE", "St Johns Center", "St John's Centre", "Saint John's Centre",
                        "St.John's Centre",
                        "The St John's Centre", "st johns centre"]
        let forms = Set(variants.map(Normalise.matchingName))
        #expect(forms == ["saint johns centre"])
    }

    @Test("tokens are the words of the matching form")
    func tokens() {
        #expect(Normalise.nameTokens("Trafford Carers Centre Ltd") == ["trafford", "carers", "centre", "limited"])
        #expect(Normalise.nameTokens("Green Shoots C.I.C.") == ["green", "shoots", "community", "interest", "company"])
        #expect(Normalise.nameTokens("") == [])
        for name in ["ST. JOHN'S CENTRE", "Age UK & Trafford", "The Hub", "Café  Ñandú"] {
            #expect(Normalise.nameTokens(name).joined(separator: " ") == Normalise.matchingName(name))
        }
    }

    @Test("ASCII and Unicode names follow the same rules")
    func asciiAndUnicodeAgree() {
        // Appending a non-ASCII word sends the name through the Unicode path.
        for name in ["ST. JOHN'S CENTRE", "Green Shoots C.I.C.", "M&S Community Fund", "Altrincham C of E Primary",
                     "English Martyrs R.C Primary", "Parent/Teacher Assn.", "Club 2.5", "The Hub", "Tea && Toast",
                     "DUKINFIELD BAPTIST CHURCH (TRUST FUNDS HELD ICW )", "St.Anne`s"] {
            #expect(Normalise.matchingName(name + " É") == Normalise.matchingName(name + " E"), "\(name)")
            #expect(Normalise.matchingName(name + " É") == Normalise.matchingName(name) + " e", "\(name)")
        }
    }

    @Test("matching form is a fixed point")
    func idempotent() {
        let names = ["ST. JOHN'S CENTRE", "Green Shoots C.I.C.", "The Hub", "Altrincham C of E Primary School", "Café Néro"]
        for name in names {
            let once = Normalise.matchingName(name)
            #expect(Normalise.matchingName(once) == once)
        }
    }
}
