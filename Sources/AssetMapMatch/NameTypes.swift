/// What a name says a thing is: a church, a school, a library, a surgery, a pharmacy, a dental practice, land.
///
/// "St Joseph's RC Primary School" and "St Joseph's Roman Catholic Church" share every rare word and stand side by
/// side, yet one is a school and the other a church; "Allied Pharmacy Davyhulme Medical Centre" is a pharmacy inside
/// the medical centre it names. Two names that each say what their thing is, and say different things, are
/// different names however many words they share. A name that says nothing ("St Joseph's") conflicts with none.
struct NameTypes: OptionSet, Hashable, Sendable {
    let rawValue: UInt8

    init(rawValue: UInt8) { self.rawValue = rawValue }

    static let worship = NameTypes(rawValue: 1 << 0)
    static let school = NameTypes(rawValue: 1 << 1)
    static let library = NameTypes(rawValue: 1 << 2)
    static let health = NameTypes(rawValue: 1 << 3)
    static let pharmacy = NameTypes(rawValue: 1 << 4)
    static let dental = NameTypes(rawValue: 1 << 5)
    /// Open land: an asset register's "Land at the rear of …" or "Fields adj … School" is the plot beside its landmark.
    static let land = NameTypes(rawValue: 1 << 6)

    /// Words that say what a thing is, in the matching form (lowercase, abbreviations spelled out).
    static let words: [String: NameTypes] = [
        "church": .worship, "chapel": .worship, "mosque": .worship, "masjid": .worship, "synagogue": .worship,
        "temple": .worship, "gurdwara": .worship, "cathedral": .worship, "mandir": .worship,
        "school": .school, "schools": .school, "academy": .school, "college": .school, "primary": .school,
        "infant": .school, "infants": .school, "junior": .school, "juniors": .school, "nursery": .school,
        "preschool": .school, "university": .school,
        "library": .library,
        "surgery": .health, "medical": .health, "clinic": .health, "hospital": .health,
        "pharmacy": .pharmacy, "chemist": .pharmacy, "chemists": .pharmacy,
        "dental": .dental, "dentist": .dental, "dentists": .dental, "dentistry": .dental, "orthodontics": .dental,
        "orthodontic": .dental,
        "land": .land, "field": .land, "fields": .land,
    ]

    /// Words after which a type word names a street, not the thing ("Church Road Surgery", "School Lane").
    static let streetWords: Set<String> = [
        "road", "street", "lane", "avenue", "drive", "close", "way", "walk", "place", "square", "grove", "crescent",
        "terrace", "hill", "row", "brow", "fold", "court", "gardens", "green", "bank", "rd", "st",
    ]

    /// The types a name's words say, `words` in matching form, in order.
    init(words: [String]) {
        var types: NameTypes = []
        for (i, word) in words.enumerated() {
            guard let type = Self.words[word] else { continue }
            if i + 1 < words.count, Self.streetWords.contains(words[i + 1]) { continue }
            // "Church of England" and "C of E" (spelled out by normalisation) say who runs a school, not what it is.
            if word == "church", i + 2 < words.count, words[i + 1] == "of", words[i + 2] == "england" { continue }
            // "Primary care" is the NHS's, not a school's.
            if word == "primary", i + 1 < words.count, words[i + 1] == "care" { continue }
            types.insert(type)
        }
        // A dental surgery or a pharmacy in a medical centre is a dental practice or a pharmacy.
        if !types.isDisjoint(with: [.pharmacy, .dental]) { types.remove(.health) }
        self = types
    }

    /// Both names say what their thing is, and they say different things.
    func conflicts(with other: NameTypes) -> Bool {
        !isEmpty && !other.isEmpty && self != other
    }
}
