import Foundation
import Testing

@testable import AssetMapCore

/// The normalisers against the real Trafford open-data lists, read in place from ../shared/data/trafford
/// (never copied into the project). Skipped when the data pack is not next to the checkout.
@Suite("Normalisers on real Trafford lists", .enabled(if: NormalisationTraffordData.isAvailable))
struct RealDataNormalisationTests {
    @Test("every ONS postcode is a valid unit, already canonical")
    func onsPostcodes() throws {
        let rows = try NormalisationTraffordData.rows("geography/postcodes.csv")
        #expect(rows.count == 11_264)
        var failures: [String] = []
        for row in rows {
            let raw = row["postcode"] ?? ""
            if Postcode(raw)?.formatted != raw { failures.append(raw) }
        }
        #expect(failures.isEmpty, "\(failures.prefix(20))")
    }

    @Test("council asset register: units, districts alone, a sector, a typo")
    func councilAssetPostcodes() throws {
        let rows = try NormalisationTraffordData.rows("lists/council_land_and_building_assets.csv")
        var units = 0, sectors: [String] = [], districts = 0, empty = 0, invalid: [String] = []
        for row in rows {
            switch PostcodeValue.parse(row["PostCode"] ?? "") {
            case .unit: units += 1
            case .sector(let s): sectors.append(s)
            case .district: districts += 1
            case .empty: empty += 1
            case .invalid(let raw): invalid.append(raw)
            }
        }
        #expect(sectors == ["WA14 1"])
        #expect(invalid == ["M32 OXZ"])  // letter O for zero: flagged, not corrected
        #expect(empty == 3)
        #expect(districts == 229)
        #expect(units + sectors.count + districts + empty + invalid.count == rows.count)
    }

    @Test("charity register postcodes: trailing spaces and lowercase are fine, O for 0 is not")
    func charityPostcodes() throws {
        let rows = try NormalisationTraffordData.rows("lists/charity_commission_charities.csv")
        var invalid: [String] = []
        for row in rows {
            switch PostcodeValue.parse(row["charity_contact_postcode"] ?? "") {
            case .unit, .empty: break
            case .sector, .district: invalid.append(row["charity_contact_postcode"] ?? "")
            case .invalid(let raw): invalid.append(raw)
            }
        }
        #expect(invalid == ["WA15 OHF"])
        let formatted = Set(rows.compactMap { PostcodeValue.parse($0["charity_contact_postcode"] ?? "").formatted })
        #expect(formatted.contains("M16 9NW"))  // written "m169nw"
    }

    @Test("charity and company numbers of the register are canonical already, or padded")
    func registryNumbers() throws {
        let rows = try NormalisationTraffordData.rows("lists/charity_commission_charities.csv")
        #expect(rows.count == 736)
        for row in rows {
            let charity = row["registered_charity_number"] ?? ""
            #expect(Normalise.charityNumber(charity) == .value(charity))
            let company = row["charity_company_registration_number"] ?? ""
            switch Normalise.companyNumber(company) {
            case .value(let number):
                #expect(number.count == 8)
                #expect(number == company || (company, number) == ("CE00571", "CE000571"))
            case .empty: #expect(company == "NA")
            case .invalid(let reason): Issue.record("\(reason)")
            }
        }
    }

    @Test("charity register phones: all valid but the genuinely broken ones")
    func charityPhones() throws {
        let rows = try NormalisationTraffordData.rows("lists/charity_commission_charities.csv")
        var valid = 0, empty = 0, invalid: Set<String> = []
        for row in rows {
            switch Normalise.phone(row["charity_contact_phone"] ?? "") {
            case .value(let e164):
                valid += 1
                #expect(e164.hasPrefix("+44"))
                #expect(Normalise.phone(Normalise.phoneDisplay(e164)) == .value(e164))
            case .empty: empty += 1
            case .invalid: invalid.insert(row["charity_contact_phone"] ?? "")
            }
        }
        #expect(invalid == ["0161", "0794095742", "079508003795", "012044333437", "00000000"])
        #expect(valid > 350)
    }

    @Test("dentists' phones lost their leading zero in a spreadsheet; all recovered")
    func dentistPhones() throws {
        let rows = try NormalisationTraffordData.rows("lists/dentists.csv")
        for row in rows {
            let raw = row["telephone"] ?? ""
            let result = Normalise.phone(raw)
            if raw == "NA" {
                #expect(result == .empty)
            } else {
                #expect(result == .value("+44" + raw), "\(raw)")
            }
        }
    }

    @Test("food bank contact column mixes emails and phones: each normaliser finds its own")
    func foodBankContacts() throws {
        let rows = try NormalisationTraffordData.rows("lists/food_banks_greater_manchester.csv")
        var emails = 0, phones = 0, neither: [String] = []
        for row in rows {
            let contact = row["Contact"] ?? ""
            let email = Normalise.email(contact).value
            let phone = Normalise.phone(contact).value
            if email != nil { emails += 1 }
            if phone != nil { phones += 1 }
            if email == nil, phone == nil, !Normalise.isNullMarker(contact) { neither.append(contact) }
        }
        // "..." inside the local part is not an address; it is flagged rather than guessed at.
        #expect(neither == ["tim.cheprasov...tim@burybaptist.org", "Information will be posted asap"])
        #expect(emails > 120)
        #expect(phones >= 30)
    }

    @Test("websites across the lists")
    func websites() throws {
        var invalid: Set<String> = []
        for (file, column) in [
            ("lists/charity_commission_charities.csv", "charity_contact_web"), ("lists/community_hubs.csv", "website"),
            ("lists/dentists.csv", "website"), ("lists/food_banks.csv", "Website"),
            ("lists/food_banks_greater_manchester.csv", "Website"), ("lists/leisure_centres.csv", "website"),
            ("lists/libraries.csv", "website"), ("lists/schools_and_colleges.csv", "website"),
        ] {
            for row in try NormalisationTraffordData.rows(file) {
                let raw = row[column] ?? ""
                switch Normalise.website(raw) {
                case .value(let url):
                    #expect(url.hasPrefix("https://") || url.hasPrefix("http://"))
                    #expect(!url.hasSuffix("/"))
                    #expect(!url.contains("://www."))
                    #expect(Normalise.website(url) == .value(url))
                case .empty: break
                case .invalid: invalid.insert(raw)
                }
            }
        }
        #expect(invalid == ["quakermeetinghouseparkroad.m336wx"])
        #expect(Normalise.websiteDomain("http://traffordsouth.foodbank.org.uk/") == "traffordsouth.foodbank.org.uk")
    }

    @Test("emails across the lists")
    func emails() throws {
        var invalid: Set<String> = []
        for (file, column) in [
            ("lists/charity_commission_charities.csv", "charity_contact_email"), ("lists/community_hubs.csv", "email"),
            ("lists/libraries.csv", "email"), ("lists/food_banks.csv", "Contact"),
        ] {
            for row in try NormalisationTraffordData.rows(file) {
                let raw = row[column] ?? ""
                switch Normalise.email(raw) {
                case .value(let email): #expect(email == email.lowercased() && email.contains("@"))
                case .empty: break
                case .invalid: invalid.insert(raw)
                }
            }
        }
        #expect(invalid.isEmpty, "\(invalid)")
    }

    @Test("the README's known overlaps meet on their matching names")
    func overlapsMeet() throws {
        let hubs = try NormalisationTraffordData.rows("lists/community_hubs.csv")
        let charities = try NormalisationTraffordData.rows("lists/charity_commission_charities.csv")
        let charityNames = Set(charities.map { Normalise.matchingName($0["charity_name"] ?? "") })
        #expect(charityNames.contains("age uk trafford"))
        #expect(hubs.contains { ($0["address"] ?? "").contains("St John's Centre") })
        #expect(Normalise.matchingName("ST JOHN'S CENTRE") == Normalise.matchingName("St John's Centre"))
        // Every real name keeps some words.
        for row in charities {
            #expect(!Normalise.nameTokens(row["charity_name"] ?? "").isEmpty)
        }
    }
}

/// Reads the Trafford data pack in place.
enum NormalisationTraffordData {
    /// `$ASSETMAP_TRAFFORD_DATA`, else ../shared/data/trafford next to the checkout
    /// (this file is Tests/AssetMapCoreTests/… inside it).
    static let root: URL = {
        if let path = ProcessInfo.processInfo.environment["ASSETMAP_TRAFFORD_DATA"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/trafford")
    }()

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("lists/charity_commission_charities.csv").path)
    }

    /// The rows of a CSV file as column → value dictionaries (RFC 4180 quoting, a BOM tolerated).
    static func rows(_ relativePath: String) throws -> [[String: String]] {
        let data = try Data(contentsOf: root.appendingPathComponent(relativePath))
        var records = parse(String(decoding: data, as: UTF8.self))
        guard !records.isEmpty else { return [] }
        var header = records.removeFirst()
        if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
        return records.filter { $0 != [""] }.map { record in
            var row: [String: String] = [:]
            for (index, name) in header.enumerated() where index < record.count { row[name] = record[index] }
            return row
        }
    }

    private static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let s = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if s == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(s)
                }
            } else if s == "\"" {
                quoted = true
            } else if s == "," {
                record.append(field)
                field = ""
            } else if s == "\n" || s == "\r" {
                if s == "\r", let next = iterator.next(), next != "\n" { pending = next }
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.unicodeScalars.append(s)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
