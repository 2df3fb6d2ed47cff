import Testing

@testable import AssetMapCore

@Suite("Normalise.email")
struct EmailNormalisationTests {
    @Test("lowercased, trimmed, mailto stripped", arguments: [
        ("Info@Example.ORG ", "info@example.org"),
        ("mailto:x@y.org", "x@y.org"),
        ("MAILTO:Someone@Example.org", "someone@example.org"),
        ("mailto:x@y.org?subject=Hello", "x@y.org"),
        ("STAMFORD83@AOL.COM", "stamford83@aol.com"),
        ("circuitoffice@AltrinchamMethodistCircuit.org.uk", "circuitoffice@altrinchammethodistcircuit.org.uk"),
        ("Alan_C_Pickwick@btinternet.com", "alan_c_pickwick@btinternet.com"),
        ("community@freedomchurch.org.uk\u{00A0}", "community@freedomchurch.org.uk"),
        ("dushy.caldera@oasisgorton.org;", "dushy.caldera@oasisgorton.org"),
        ("<info@example.org>", "info@example.org"),
        ("Jane Smith <jane.smith@example.org>", "jane.smith@example.org"),
        ("first.o'brien+tag@example.co.uk", "first.o'brien+tag@example.co.uk"),
        ("info@example.org.", "info@example.org"),  // sentence punctuation around an address
        ("'info@example.org'", "info@example.org"),
        ("Email: info@example.org", "info@example.org"),
        ("\u{200B}info@example.org", "info@example.org"),
    ])
    func canonical(raw: String, expected: String) {
        #expect(Normalise.email(raw) == .value(expected))
    }

    @Test("the first valid of several", arguments: [
        ("a@x.org; b@y.org", "a@x.org"),
        ("a@x.org, b@y.org", "a@x.org"),
        ("a@x.org b@y.org", "a@x.org"),
        ("a@x.org / b@y.org", "a@x.org"),
        ("a@x.org\nb@y.org", "a@x.org"),
        ("not-an-email@ ; b@y.org", "b@y.org"),
        ("0161 227 3477 / baguley.sscc@manchester.gov.uk", "baguley.sscc@manchester.gov.uk"),
        ("07516161655\nreachoutcommunity@yahoo.com", "reachoutcommunity@yahoo.com"),
        ("0161 737 8279 or email\u{00A0}simonlocke.emmaussalford@gmail.com", "simonlocke.emmaussalford@gmail.com"),
        ("info@fallowfieldwithington.foodbank.org.uk\u{00A0}\u{00A0}https://www.facebook.com/ThePlaceFallowfield/",
         "info@fallowfieldwithington.foodbank.org.uk"),
    ])
    func firstOfSeveral(raw: String, expected: String) {
        #expect(Normalise.email(raw) == .value(expected))
    }

    @Test("null markers are empty", arguments: ["", "NA", "N/A", "none", "Not known", " - "])
    func empty(raw: String) {
        #expect(Normalise.email(raw) == .empty)
    }

    @Test("anything that is not local@domain.tld is invalid", arguments: [
        "not an email",
        "0161 273 5673",
        "Information will be posted asap",
        "info@example",
        "info@example.c",
        "info@example.123",
        "@example.org",
        "info@",
        "a@@example.org",
        "a..b@example.org",
        "info@-example.org",
        "info@exa_mple.org",
        "info@exämple.org",
        "info@example..org",
        "www.example.org",
    ])
    func invalid(raw: String) {
        guard case .invalid(let reason) = Normalise.email(raw) else {
            Issue.record("expected invalid for \(raw): \(Normalise.email(raw))")
            return
        }
        #expect(reason.hasPrefix("not an email address: '"))
    }
}
