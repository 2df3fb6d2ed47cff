import Foundation

/// Identifiers that must stay unique across the whole generated region (registry numbers, phone
/// numbers, domains, entity ids), handed out in generation order so output stays deterministic.
struct NationalRegistry {
    var entities = 0
    private var oldCharities = 0
    private var newCharities = 0
    private var companies = 0
    private var phones = 0
    private var uprns = 0
    private var domains: Set<String> = []

    mutating func entityID(kind: String) -> String {
        entities += 1
        let prefix = kind == "organisation" ? "org" : (kind == "service" ? "svc" : "plc")
        return prefix + "-" + padded(entities, 7)
    }

    /// Registered charity numbers: older six-digit ones (5xxxxx) and newer seven-digit ones (11xxxxx).
    mutating func charityNumber(_ random: inout SeededRandom) -> String {
        if random.chance(0.3), oldCharities < 240_000 {
            oldCharities += 1
            return String(500_000 + (oldCharities - 1) * 2 + random.int(2))
        }
        newCharities += 1
        return String(1_100_000 + (newCharities - 1) * 3 + random.int(3))
    }

    /// Companies House numbers: eight digits with leading zeros.
    mutating func companyNumber(_ random: inout SeededRandom) -> String {
        companies += 1
        return padded(4_000_000 + (companies - 1) * 3 + random.int(3), 8)
    }

    /// `01632` + six digits: 01632 is a code no real exchange uses, and multiplying the counter by a
    /// number coprime with 10⁶ walks every subscriber number once before repeating.
    mutating func phone() -> String {
        phones += 1
        return "01632" + padded((phones &* 7_919 &+ 104_729) % 1_000_000, 6)
    }

    mutating func uprn(_ random: inout SeededRandom) -> String {
        uprns += 1
        return String(100_000_000_000 + (uprns - 1) * 7 + random.int(7))
    }

    /// A domain not used by any other entity: the name's words, else with the place, else numbered.
    mutating func domain(words: [String], place: String, tld: String) -> [String] {
        var candidate = words
        if !domains.contains(candidate.joined() + tld) { domains.insert(candidate.joined() + tld); return candidate }
        let placeWord = place.lowercased().filter { $0.isLetter }
        if !placeWord.isEmpty, !words.contains(placeWord) {
            candidate = words + [placeWord]
            if !domains.contains(candidate.joined() + tld) { domains.insert(candidate.joined() + tld); return candidate }
        }
        var k = 2
        while domains.contains(candidate.joined() + String(k) + tld) { k += 1 }
        candidate[candidate.count - 1] += String(k)
        domains.insert(candidate.joined() + tld)
        return candidate
    }
}

/// A located address in a generated borough.
struct Address {
    var building: String?
    var number: String?
    var street: String
    var locality: String
    var town: String
    var postcode: String
    var district: String
    var lon: Double
    var lat: Double

    /// "The Hub, 12 Mill Lane".
    var line1: String {
        let streetPart = number.map { $0 + " " + street } ?? street
        return building.map { $0 + ", " + streetPart } ?? streetPart
    }

    /// "12 Mill Lane, Oakley, Ashford" (locality left out where it is the town itself).
    var oneLine: String {
        locality == town ? line1 + ", " + town : line1 + ", " + locality + ", " + town
    }
}

struct Organisation {
    var entity: Int
    var name: String
    var place: String
    var categories: [String]
    var isCompany = false
    var isCIC = false
    var charityNumber: String?
    var charityType = "Other"
    var companyNumber: String?
    var address: Address?
    /// Where the group was before it moved: lists that were not updated still say this.
    var formerAddress: Address?
    var phone: String?
    var altPhone: String?
    var emailLocal: String?
    var domainWords: [String] = []
    var tld = ".org.uk"
    var hasWebsite = false
    var acronym: String?
    var description = ""
    var registered = ""
}

struct Place {
    var entity: Int
    var name: String
    var place: String
    var template: PlaceTemplate
    var estate: SourceList
    var address: Address
    var lon: Double
    var lat: Double
    var uprn: String
    var floorArea: Double
    var runningCost: Int?
    var owner: String
    var occupancy: String
    var tenure: String
    var energy: String?
    /// Also listed by the council (a partner's building on council land, or the reverse).
    var alsoCouncil = false
    var alsoNHS = false
}

struct Service {
    var entity: Int
    var name: String
    var place: String
    var categories: [String]
    var provider: String?
    var address: Address
    var lon: Double
    var lat: Double
    var hours: String
    var phone: String?
    var emailLocal: String?
    var domainWords: [String] = []
    var tld = ".org.uk"
    var hasWebsite = false
    var description: String
}

/// One row of one list before it is written: its values in column order (nil = empty), and the
/// entity it truly describes.
struct Row {
    var list: SourceList
    var entity: Int
    var values: [String?]
    /// The record's own key (charity numbers); otherwise one is assigned when the row is written.
    var ownKey: String?
    var geometry: String?
}
