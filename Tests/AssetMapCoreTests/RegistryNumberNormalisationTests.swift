import Testing

@testable import AssetMapCore

@Suite("Normalise.charityNumber")
struct CharityNumberNormalisationTests {
    @Test("England and Wales, Scotland, Northern Ireland", arguments: [
        ("210843", "210843"),
        ("1102345", "1102345"),
        (" 1102345 ", "1102345"),
        ("1234567-1", "1234567-1"),
        ("1234567 - 1", "1234567-1"),
        ("1234567/2", "1234567-2"),
        ("1234567-0", "1234567"),  // the main charity of a group has subsidiary number 0
        ("Registered charity 1102345", "1102345"),
        ("Reg. charity no. 1102345", "1102345"),
        ("Registered Charity No: 210843", "210843"),
        ("Charity No.1102345", "1102345"),
        ("RCN 1102345", "1102345"),
        ("1 102 345", "1102345"),
        ("1,102,345", "1102345"),
        ("1102345.0", "1102345"),  // stored as a number by a spreadsheet
        ("0210843", "210843"),  // England and Wales numbers have no leading zeros
        ("SC012345", "SC012345"),
        ("sc012345", "SC012345"),
        ("SC 012345", "SC012345"),
        ("SC12345", "SC012345"),  // leading zero lost
        ("Scottish Charity SC039714", "SC039714"),
        ("1089464 and SC039714", "1089464"),  // cross-border charities: the first number
        ("NIC100012", "NIC100012"),
        ("nic 100012", "NIC100012"),
        ("XN45123", "XN45123"),
        ("XR12345", "XR12345"),
    ])
    func canonical(raw: String, expected: String) {
        #expect(Normalise.charityNumber(raw) == .value(expected))
    }

    @Test("no number to record", arguments: ["", "NA", "0", "00", "000000", "none", "None", "N/A", "-", "Exempt",
                                               "Excepted charity", "Not registered", "applied for"])
    func empty(raw: String) {
        #expect(Normalise.charityNumber(raw) == .empty)
    }

    @Test("not charity numbers", arguments: [
        "12345",  // too short
        "01234567",  // eight digits: a company number
        "12345678",
        "SC1234567",
        "charity",
        "AB123456X",
        "SC000000",
    ])
    func invalid(raw: String) {
        guard case .invalid(let reason) = Normalise.charityNumber(raw) else {
            Issue.record("expected invalid for \(raw): \(Normalise.charityNumber(raw))")
            return
        }
        #expect(reason.hasPrefix("not a charity number: '"))
    }
}

@Suite("Normalise.companyNumber")
struct CompanyNumberNormalisationTests {
    @Test("eight characters, zeros restored", arguments: [
        ("01234567", "01234567"),
        ("1234567", "01234567"),
        ("738693", "00738693"),
        ("00738693", "00738693"),
        (" 04567890 ", "04567890"),
        ("Company No. 01234567", "01234567"),
        ("Company number: 1234567", "01234567"),
        ("Registered in England No 1234567", "01234567"),
        ("No1234567", "01234567"),
        ("sc12345", "SC012345"),
        ("SC012345", "SC012345"),
        ("SC 012345", "SC012345"),
        ("SC-12345", "SC012345"),
        ("NI012345", "NI012345"),
        ("ni 12345", "NI012345"),
        ("OC301234", "OC301234"),
        ("SO301234", "SO301234"),
        ("NC000123", "NC000123"),
        ("R0000123", "R0000123"),
        ("R0123", "R0000123"),
        ("IP12345", "IP012345"),
        ("FC012345", "FC012345"),
        ("CE00571", "CE000571"),  // a CIO, from the Charity Commission extract
        ("RC000832", "RC000832"),
        ("RS007891", "RS007891"),
        ("LP012345", "LP012345"),
        ("1,234,567", "01234567"),
        ("1234567.0", "01234567"),
    ])
    func canonical(raw: String, expected: String) {
        #expect(Normalise.companyNumber(raw) == .value(expected))
    }

    @Test("no number to record", arguments: ["", "NA", "0", "00000000", "none", "n/a"])
    func empty(raw: String) {
        #expect(Normalise.companyNumber(raw) == .empty)
    }

    @Test("not company numbers", arguments: [
        "123456789",  // nine digits
        "AB123456",  // unknown prefix
        "SC1234567",
        "SC000000",
        "company",
        "X1234567",
        "NIC100012",  // a charity number in the company column
        "XN45123",
    ])
    func invalid(raw: String) {
        guard case .invalid(let reason) = Normalise.companyNumber(raw) else {
            Issue.record("expected invalid for \(raw): \(Normalise.companyNumber(raw))")
            return
        }
        #expect(reason.hasPrefix("not a company number: '"))
    }
}
