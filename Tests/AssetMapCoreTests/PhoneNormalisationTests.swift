import Testing

@testable import AssetMapCore

@Suite("Normalise.phone")
struct PhoneNormalisationTests {
    @Test("UK numbers as lists write them become E.164", arguments: [
        ("0161 941 2018", "+441619412018"),
        ("0161-912-2122", "+441619122122"),
        ("(0161) 912 2122", "+441619122122"),
        ("+44 (0)161 912 2122", "+441619122122"),
        ("+44(0)161 912 2122", "+441619122122"),
        ("+44 0161 912 2122", "+441619122122"),
        ("0044 161 912 2122", "+441619122122"),
        ("00441618348221", "+441618348221"),
        ("+44 161 912 2122", "+441619122122"),
        ("44 161 912 2122", "+441619122122"),
        ("+447792582855", "+447792582855"),
        ("+44 7946415724", "+447946415724"),
        ("01614941704", "+441614941704"),
        ("0161 9733485", "+441619733485"),
        ("01244 347462", "+441244347462"),
        ("020 7101 9432", "+442071019432"),
        ("0161.912.2122", "+441619122122"),
        (" 01614941704", "+441614941704"),
        ("07967 555672", "+447967555672"),
        ("07842 207 498", "+447842207498"),
        ("0800 123 4567", "+448001234567"),
        ("0800 123456", "+44800123456"),  // ten-digit freephone
        ("0300 123 4567", "+443001234567"),
        ("0345 600 4567", "+443456004567"),
        ("01606 74975", "+44160674975"),  // some 01 areas have five-digit local numbers
        ("0169125912", "+44169125912"),
        ("016977 4321", "+44169774321"),
        ("0161 \n274 2186", "+441612742186"),  // number broken across lines in a cell
    ])
    func canonical(raw: String, expected: String) {
        #expect(Normalise.phone(raw) == .value(expected))
    }

    @Test("a spreadsheet that lost the leading zero", arguments: [
        ("1619699907", "+441619699907"),
        ("1618651633", "+441618651633"),
        ("7921040842", "+447921040842"),
        ("8456046448", "+448456046448"),
        ("7464036317", "+447464036317"),
    ])
    func lostLeadingZero(raw: String, expected: String) {
        #expect(Normalise.phone(raw) == .value(expected))
    }

    @Test("a letter O typed for a zero", arguments: [
        ("O7872611770", "+447872611770"),
        ("O1706 369 777", "+441706369777"),
        ("O1613681392", "+441613681392"),
    ])
    func letterO(raw: String, expected: String) {
        #expect(Normalise.phone(raw) == .value(expected))
    }

    @Test("extensions are dropped", arguments: [
        "0161 912 2122 ext 123",
        "0161 912 2122 ext. 123",
        "0161 912 2122 Ext: 4567",
        "0161 912 2122 extn 12",
        "0161 912 2122 x123",
        "0161 912 2122 (ext 123)",
        "0161 912 2122 extension 9",
    ])
    func extensions(raw: String) {
        #expect(Normalise.phone(raw) == .value("+441619122122"))
    }

    @Test("the first of several numbers, or the number beside an email", arguments: [
        ("0161 123 4567 / 07700 900123", "+441611234567"),
        ("0161 761 5908 or 07724113035", "+441617615908"),
        ("0161 123 4567, 07700 900123", "+441611234567"),
        ("0161 123 4567; 07700 900123", "+441611234567"),
        ("0161 123 4567 07700 900123", "+441611234567"),
        ("01606 74975 07700 900123", "+44160674975"),
        ("Tel: 0161 123 4567 Mob: 07700 900123", "+441611234567"),
        ("0161 227 3477 / baguley.sscc@manchester.gov.uk", "+441612273477"),
        ("info@woodstreetmission.org.uk\n0161 834 3140", "+441618343140"),
        ("connect2southway@southwayhousing.co.uk\u{00A0}0161 448 4200", "+441614484200"),
        ("01942 273721 actfoodbank@aol.co.uk", "+441942273721"),
        ("0161 273 3977 (during opening hours)", "+441612733977"),
        ("hendrix@coffee4craig.co.uk / dee.lowry@coffee4craig.co.uk / 07543590330", "+447543590330"),
        ("0161 (too short) then 0161 912 2122", "+441619122122"),
        ("Room 5 0161 912 2122", "+441619122122"),  // stray digits before the number
        ("0161 912 2122 (24 hours)", "+441619122122"),
    ])
    func firstOfSeveral(raw: String, expected: String) {
        #expect(Normalise.phone(raw) == .value(expected))
    }

    @Test("international numbers written with a country code stay E.164")
    func international() {
        #expect(Normalise.phone("+353 1 234 5678") == .value("+35312345678"))
        #expect(Normalise.phone("001 212 555 0100") == .value("+12125550100"))
    }

    @Test("null markers are empty", arguments: ["", "NA", "n/a", "--", "-", "Not known", "none", "   "])
    func empty(raw: String) {
        #expect(Normalise.phone(raw) == .empty)
    }

    @Test("impossible numbers are invalid with a reason", arguments: [
        ("12345", "too few digits"),
        ("0161", "too few digits"),
        ("00000000", "no country code"),
        ("0794095742", "too few digits"),  // a mobile has 11 digits
        ("079508003795", "too many digits"),
        ("012044333437", "too many digits"),
        ("04123 456789", "no UK numbers start 04"),
        ("06123 456789", "no UK numbers start 06"),
        ("Information will be posted asap", "no digits"),
        ("info@example.org", "no digits"),
        ("999", "too few digits"),
        ("+44 161", "too few digits"),
    ])
    func invalid(raw: String, problem: String) {
        guard case .invalid(let reason) = Normalise.phone(raw) else {
            Issue.record("expected invalid for \(raw): \(Normalise.phone(raw))")
            return
        }
        #expect(reason.hasPrefix("not a UK phone number: '"))
        #expect(reason.contains(problem), "\(reason)")
    }

    @Test("the reason quotes the raw value, shortened")
    func reasonQuotes() {
        #expect(Normalise.phone("12345") == .invalid(reason: "not a UK phone number: '12345' (too few digits)"))
        let long = String(repeating: "9", count: 500)
        if case .invalid(let reason) = Normalise.phone(long) {
            #expect(reason.count < 120)
        } else {
            Issue.record("a 500-digit number must be invalid")
        }
    }

    @Test("display grouping", arguments: [
        ("+441619412018", "0161 941 2018"),
        ("+441131234567", "0113 123 4567"),
        ("+442071019432", "020 7101 9432"),
        ("+442920123456", "029 2012 3456"),
        ("+441244347462", "01244 347462"),
        ("+44160674975", "01606 74975"),
        ("+44169774321", "016977 4321"),
        ("+441697712345", "016977 12345"),
        ("+447700900123", "07700 900123"),
        ("+448001234567", "0800 123 4567"),
        ("+44800123456", "0800 123456"),
        ("+443001234567", "0300 123 4567"),
        ("+449012345678", "0901 234 5678"),
        ("+445612345678", "056 1234 5678"),
        ("01619412018", "0161 941 2018"),  // best effort on national input
        ("+35312345678", "+35312345678"),  // not UK: unchanged
        ("not a number", "not a number"),
        ("", ""),
    ])
    func display(e164: String, expected: String) {
        #expect(Normalise.phoneDisplay(e164) == expected)
    }

    @Test("display of a canonical number normalises back to it")
    func displayRoundTrip() {
        for raw in ["0161 941 2018", "07700 900123", "020 7101 9432", "01606 74975", "0800 123456", "1619699907"] {
            guard let e164 = Normalise.phone(raw).value else {
                Issue.record("\(raw) should be valid")
                continue
            }
            #expect(Normalise.phone(Normalise.phoneDisplay(e164)) == .value(e164))
        }
    }
}
