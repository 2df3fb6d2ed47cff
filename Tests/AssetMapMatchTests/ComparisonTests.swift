import Foundation
import AssetMapCore
import AssetMapStore
import Testing

@testable import AssetMapMatch

@Suite("Comparisons")
struct ComparisonTests {
    /// Name level of the first two inputs, among a few fillers so that term frequencies mean something.
    func nameLevel(_ a: String, _ b: String, fillers: [String] = []) -> Int8 {
        var inputs = [input(1, a), input(2, b)]
        let padding = fillers + ["Oakley Bowling Club", "Riverside Allotments", "Hale Barns Community Centre",
                                  "Sale Moor Church", "Urmston Methodist Church", "Timperley Cricket Club"]
        for (k, name) in padding.enumerated() { inputs.append(input(Int64(10 + k), name)) }
        let features = FeatureSet(inputs, allDirty: true)
        return Comparer(features: features).compare(0, 1)[Comparison.name.rawValue]
    }

    @Test func nameLevels() {
        #expect(nameLevel("St. John's Centre", "ST JOHNS CENTRE") == 0)
        #expect(nameLevel("Friends of Zebracorn Park", "Zebracorn Park Friends") == 1)
        #expect(nameLevel("Trafford Carers Centre", "TCC") == 2)
        #expect(nameLevel("Age UK Trafford", "Age UK Trafford Community Hub") == 2)
        #expect(nameLevel("Zebracorn Tenants Association", "Zebracron Tenants Association") <= 3)
        #expect(nameLevel("Oakley Rainbow Guides", "Partington Foodbank") == 5)
    }

    @Test func namesAlikeAsStringsButEachWithARareWordOfItsOwnAreNotSimilar() {
        // A list of a realistic size, where "youth" and "club" are common and a doctor's name is rare.
        let practices = (0..<60).map { "Number \($0) Lane Medical Centre" } + (0..<60).map { "Number \($0) Youth Club" }
        // Two practices in one medical centre, told apart by their doctors' names.
        #expect(nameLevel("Shay Lane Medical Centre (Kelman)", "Shay Lane Medical Centre (Patel)", fillers: practices) >= 4)
        // One slip in one word is still similar.
        #expect(nameLevel("Bramthorpe Youthclub", "Bramthorpe Youth Club", fillers: practices) <= 3)
    }

    @Test func commonWordsCountForLittle() {
        // Sharing only "church" is not the same as sharing a rare word.
        let fillers = (0..<30).map { "Church Number \($0)" }
        #expect(nameLevel("Holy Trinity Church", "St Anne's Church", fillers: fillers) == 5)
    }

    @Test func namesOfDifferentKindsOfThingAreDifferentNames() {
        // Everything rare is shared; what each name says its thing is differs.
        #expect(nameLevel("St Joseph's RC Primary School", "St. Joseph's Roman Catholic Church") == 5)
        #expect(nameLevel("Allied Pharmacy Davyhulme Medical Centre", "Davyhulme Medical Centre") == 5)
        #expect(nameLevel("Lostock Library (In College)", "Lostock College") == 5)
        #expect(nameLevel("Zebracorn Dental Surgery", "Zebracorn Medical Practice") == 5)
        #expect(nameLevel("Fields adj Zebracorn Primary School", "Zebracorn Primary School") == 5)
        // Names of one kind keep their levels: a school by two spellings, a dental surgery and practice, a church
        // of England school and a school, a name that does not say what its thing is.
        #expect(nameLevel("St Joseph's RC Primary School", "St Joseph's Catholic Primary School") <= 3)
        #expect(nameLevel("Zebracorn Dental Surgery", "Zebracorn Dental Practice") < 5)
        #expect(nameLevel("St Mary's C of E Primary School", "St Mary's Primary School") <= 2)
        #expect(nameLevel("St Joseph's", "St. Joseph's Roman Catholic Church") == 2)
    }

    @Test func typeWordsNamingAStreetSayNothing() {
        #expect(NameTypes(words: ["church", "road", "surgery"]) == .health)
        #expect(NameTypes(words: ["school", "lane"]).isEmpty)
        #expect(NameTypes(words: ["partington", "primary", "care", "centre"]).isEmpty)
        #expect(NameTypes(words: ["saint", "marys", "church", "of", "england", "primary", "school"]) == .school)
        #expect(NameTypes(words: ["saint", "marys", "church"]) == .worship)
        #expect(NameTypes(words: ["allied", "pharmacy", "davyhulme", "medical", "centre"]) == .pharmacy)
        #expect(NameTypes(words: ["loreto", "grammar", "school", "chapel"]) == [.school, .worship])
    }

    @Test func districtCentroidsNeverCountAsClose() {
        let a = input(1, "A", postcode: "M33", lat: 53.42, lon: -2.32, precision: .district)
        let b = input(2, "B", postcode: "M33 7AB", lat: 53.42, lon: -2.32, precision: .postcode)
        let c = input(3, "C", postcode: "M33 7AB", lat: 53.4201, lon: -2.3201, precision: .exact)
        let features = FeatureSet([a, b, c], allDirty: true)
        let comparer = Comparer(features: features)
        #expect(comparer.compare(0, 1)[Comparison.location.rawValue] == 3)  // same district only
        #expect(comparer.compare(1, 2)[Comparison.location.rawValue] == 0)  // same unit, metres apart
    }

    @Test func distanceBands() {
        let base = input(1, "A", lat: 53.4000, lon: -2.3000)
        let near = input(2, "B", lat: 53.4003, lon: -2.3000)      // ~33 m
        let street = input(3, "C", lat: 53.4015, lon: -2.3000)    // ~166 m
        let far = input(4, "D", lat: 53.4500, lon: -2.3000)       // ~5.5 km
        let comparer = Comparer(features: FeatureSet([base, near, street, far], allDirty: true))
        #expect(comparer.compare(0, 1)[Comparison.location.rawValue] == 0)
        #expect(comparer.compare(0, 2)[Comparison.location.rawValue] == 1)
        #expect(comparer.compare(0, 3)[Comparison.location.rawValue] == 4)
    }

    @Test func sharedDomainsAreNoEvidence() {
        let a = input(1, "Sale Library", email: "sale.library@trafford.gov.uk", website: "https://trafford.gov.uk/libraries")
        let b = input(2, "Urmston Library", email: "urmston.library@trafford.gov.uk", website: "https://trafford.gov.uk/libraries")
        let c = input(3, "Oakley FC", email: "oakleyfc@gmail.com")
        let d = input(4, "Riverside FC", email: "riverside@gmail.com")
        let e = input(5, "Zebracorn Trust", email: "info@zebracorn.org.uk")
        let f = input(6, "Zebracorn", website: "https://zebracorn.org.uk/about")
        let comparer = Comparer(features: FeatureSet([a, b, c, d, e, f], allDirty: true))
        #expect(comparer.compare(0, 1)[Comparison.website.rawValue] == -1)
        #expect(comparer.compare(2, 3)[Comparison.website.rawValue] == -1)
        #expect(comparer.compare(4, 5)[Comparison.website.rawValue] == 1)
        #expect(SharedDomains.isShared("nhs.net") && SharedDomains.isShared("trafford.gov.uk") && SharedDomains.isShared("btinternet.com"))
    }

    @Test func registryNumbers() {
        let a = input(1, "Oakley Trust", charity: "1100001")
        let b = input(2, "Oakley Trust", charity: "1100002")
        let c = input(3, "Oakley Trust", charity: "1100001")
        let comparer = Comparer(features: FeatureSet([a, b, c], allDirty: true))
        #expect(comparer.compare(0, 1)[Comparison.charityNumber.rawValue] == 1)
        #expect(comparer.compare(0, 2)[Comparison.charityNumber.rawValue] == 0)
    }

    @Test func blockingFindsSharedKeysAndNeverAllPairs() {
        var inputs: [MatchInput] = []
        for k in 0..<200 { inputs.append(input(Int64(k), "Group \(k) of Somewhere \(k * 7)")) }
        inputs.append(input(1000, "Zebracorn Allotment Society", phone: "+441616000000"))
        inputs.append(input(1001, "Zebracorn Allotments", phone: "+441616000000"))
        inputs.append(input(1002, "Zebracorn Allotments", kind: .place))
        let features = FeatureSet(inputs, allDirty: true)
        let pairs = Blocker().pairs(features, onlyDirty: false)
        #expect(pairs.contains(UInt64(200) << 32 | 201))
        #expect(!pairs.contains(UInt64(201) << 32 | 202))  // never across kinds
        #expect(pairs.count < inputs.count * 10)
    }

    @Test func recordsWithoutAPointMeetThroughARareAddressWord() {
        // An older list gives a person's or group's address but no postcode, and its duplicate has a whole name word
        // replaced: no name word, phone or point is shared, only the street's rare word. A number alone is no such
        // word, and records that precise points place meet through the points instead.
        var inputs: [MatchInput] = []
        for k in 0..<200 { inputs.append(input(Int64(k), "Member \(k) Brennan", address: "\(k + 1) High Street")) }
        inputs.append(input(1000, "Elton Waller", address: "37 Blacket Street", writtenPostcode: "3182"))
        inputs.append(input(1001, "Kia Trenerry", address: "37 Blacket Street", writtenPostcode: "3128"))
        inputs.append(input(1002, "Noah Weavell", address: "64 Bromell Circuit"))
        inputs.append(input(1003, "Dale Ottens", address: "64 Freda Parade"))
        inputs.append(input(1004, "Zane Wilkins", lat: 53.45, lon: -2.37, address: "9 Jervois Street"))
        inputs.append(input(1005, "Kiera Green", lat: 53.46, lon: -2.30, address: "9 Jervois Street"))
        let pairs = Set(Blocker().pairs(FeatureSet(inputs, allDirty: true), onlyDirty: false))
        #expect(pairs.contains(UInt64(200) << 32 | 201), "Blacket")
        #expect(!pairs.contains(UInt64(202) << 32 | 203), "64 alone")
        #expect(!pairs.contains(UInt64(204) << 32 | 205), "placed by points 5 km apart")
        #expect(pairs.count < inputs.count * 2, "High Street is no rare word")
    }

    @Test func distinctPairsAreWhatOneSortGives() {
        // Parts with repeats within and across them, records with no partner, and one with many.
        var generator = SystemRandomNumberGenerator()
        for records in [1, 2, 50, 3_000] {
            var parts: [[UInt64]] = (0..<3).map { _ in
                (0..<Int.random(in: 0...(records * 6), using: &generator)).compactMap { _ in
                    let i = Int.random(in: 0..<records, using: &generator), j = Int.random(in: 0..<records, using: &generator)
                    return i == j ? nil : UInt64(min(i, j)) << 32 | UInt64(max(i, j))
                }
            }
            if records > 2 { parts[0] += (1..<records).map { UInt64(0) << 32 | UInt64($0) } }
            let expected = Array(Set(parts.joined())).sorted()
            #expect(Blocker.distinctSorted(&parts, records: records) == expected, "\(records) records")
            #expect(parts.allSatisfy { $0.isEmpty })
        }
        // What blocking returns is in pair order, each pair once.
        var inputs: [MatchInput] = []
        for k in 0..<400 { inputs.append(input(Int64(k), "Hall \(k % 37) Zebracorn \(k % 11)", phone: "+4416160000\(k % 23)")) }
        let pairs = Blocker().pairs(FeatureSet(inputs, allDirty: true), onlyDirty: false)
        #expect(!pairs.isEmpty && zip(pairs, pairs.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func aNameHeldAcrossTheCountryIsPairedOnlyWithinItsDistrict() {
        // 150 "Scout Hut"s, three in one district: the whole name pairs nobody country-wide (11,175 pairs), the
        // name in a district pairs the three. 40 "Zebracorn Hall"s, under the limit, still pair country-wide.
        var inputs: [MatchInput] = []
        for k in 0..<150 { inputs.append(input(Int64(k), "Scout Hut", postcode: k < 3 ? "M33 7AA" : "LN\(80 + k % 9) \(k % 10)AB")) }
        for k in 0..<40 { inputs.append(input(Int64(1000 + k), "Zebracorn Hall")) }
        let pairs = Set(Blocker().pairs(FeatureSet(inputs, allDirty: true), onlyDirty: false))
        #expect(pairs.contains(0 << 32 | 1) && pairs.contains(1 << 32 | 2) && pairs.contains(0 << 32 | 2))
        #expect(!pairs.contains(0 << 32 | 149), "paired across the country by a name 150 records share")
        #expect(pairs.contains(UInt64(150) << 32 | 189), "a name 40 records share still pairs them")
        #expect(Blocker().maxWordGroup < 150)
    }

    @Test func aTownStandsInForTheDistrictOfRecordsWithoutPostcodes() {
        // The same 150 "Scout Hut"s with no postcode: three in Sale pair with each other through their town, and
        // no two towns meet. A town beside a postcode is not read: the district speaks there.
        var inputs: [MatchInput] = []
        for k in 0..<150 { inputs.append(input(Int64(k), "Scout Hut", town: k < 3 ? "Sale" : "Town \(k)")) }
        inputs.append(input(150, "Scout Hut", postcode: "M33 7AA", town: "Sale"))
        let pairs = Set(Blocker().pairs(FeatureSet(inputs, allDirty: true), onlyDirty: false))
        #expect(pairs.contains(0 << 32 | 1) && pairs.contains(1 << 32 | 2) && pairs.contains(0 << 32 | 2))
        #expect(!pairs.contains(2 << 32 | 3), "paired across two towns")
        #expect(!pairs.contains(0 << 32 | 150), "a town taken for the postcode district M33")
        // Without towns nothing pairs them (the whole name is held 151 times).
        let bare = inputs.map { var i = $0; i.town = nil; return i }
        #expect(!Set(Blocker().pairs(FeatureSet(bare, allDirty: true), onlyDirty: false)).contains(0 << 32 | 1))
    }

    @Test func aPostcodeThatIsNoUKPostcodeIsComparedAsWritten() {
        // Two lists from elsewhere (or one list's slip copied into another) give "3165"; the import flags it and
        // keeps it as written. Written the same it pairs them and counts as one sector; one slip apart as one
        // district; otherwise as apart. Beside a real postcode it says nothing: one of the two is a slip.
        let a = input(1, "Harley McCarthy", writtenPostcode: "3165")
        let b = input(2, "Haryley McCarthy", writtenPostcode: " 3165")
        let c = input(3, "Harley McCarthy", writtenPostcode: "3166")
        let d = input(4, "Harley McCarthy", postcode: "M33 7AA")
        let e = input(5, "Harley McCarthy", writtenPostcode: "2119")
        let f = input(6, "Harley McCarthy", writtenPostcode: "3156")
        let features = FeatureSet([a, b, c, d, e, f], allDirty: true)
        let comparer = Comparer(features: features)
        #expect(comparer.compare(0, 1)[Comparison.location.rawValue] == 2)
        #expect(comparer.compare(0, 2)[Comparison.location.rawValue] == 3)
        #expect(comparer.compare(0, 4)[Comparison.location.rawValue] == 4)
        #expect(comparer.compare(0, 5)[Comparison.location.rawValue] == 3, "two digits swapped is one slip")
        #expect(comparer.compare(0, 3)[Comparison.location.rawValue] == -1)
        #expect(Blocker().pairs(features, onlyDirty: false).contains(0 << 32 | 1))
        // A placeholder is no postcode anywhere: two lists' "TBC" or "0" say nothing.
        let placeholders = FeatureSet(
            [input(1, "Scout Hut", writtenPostcode: "TBC"), input(2, "Scout Hall", writtenPostcode: "tbc"),
             input(3, "Scout Hut", writtenPostcode: "0"), input(4, "Scout Hall", writtenPostcode: "0")], allDirty: true)
        #expect(Comparer(features: placeholders).compare(0, 1)[Comparison.location.rawValue] == -1)
        #expect(Comparer(features: placeholders).compare(2, 3)[Comparison.location.rawValue] == -1)
    }

    @Test func footprintsAreComparedBuildingToBuilding() {
        // Two 200 m blocks of one hospital, 10 m apart: their middles are 210 m apart.
        let a = building(1, "General Hospital", east: 0, north: 0, width: 200)
        let b = building(2, "General Hospital", east: 210, north: 0, width: 200)
        var bare = [a, b]
        for i in bare.indices { bare[i].footprint = nil }
        #expect(Comparer(features: FeatureSet([a, b], allDirty: true)).compare(0, 1)[Comparison.location.rawValue] == 0)
        #expect(Comparer(features: FeatureSet(bare, allDirty: true)).compare(0, 1)[Comparison.location.rawValue] == 1)
        // A box wider than a building (a park, an estate) counts as its point alone.
        let park = building(3, "Park", east: 0, north: 0, width: 900)
        let kiosk = building(4, "Park", east: 850, north: 0, width: 10)
        #expect(Comparer(features: FeatureSet([park, kiosk], allDirty: true)).compare(0, 1)[Comparison.location.rawValue] == 2)
    }

    @Test func aNameCountsOncePerSite() {
        // Five blocks of one hospital chained 30 m apart (the ends 680 m apart), and two fire stations 5 km apart.
        var inputs = (0..<5).map { building(Int64($0 + 1), "General Hospital", east: Double($0) * 140, north: 0, width: 110) }
        inputs.append(building(6, "Fire Station", east: 0, north: 2_000))
        inputs.append(building(7, "Fire Station", east: 5_000, north: 2_000))
        // Three defibrillators 120 m apart in one shopping centre: bare points, three things.
        for k in 0..<3 { inputs.append(input(Int64(8 + k), "Defibrillator", kind: .place, lat: 53.46 + Double(k) * 120 / 110_574, lon: -2.35)) }
        let features = FeatureSet(inputs, allDirty: true)
        func count(_ name: String) -> Int32 {
            let full = features.records[inputs.firstIndex { $0.name == name }!].names[0].full
            return features.nameCount[FeatureSet.kindIndex(.place)][Int(full)]
        }
        #expect(count("General Hospital") == 1)
        #expect(count("Fire Station") == 2)
        #expect(count("Defibrillator") == 3)
        // The two ends of the hospital are at one site, though 460 m apart building to building.
        #expect(Comparer(features: features).compare(0, 4)[Comparison.location.rawValue] == 1)
        #expect(Comparer(features: features).compare(5, 6)[Comparison.location.rawValue] == 4)
    }

    @Test func aSharedTownIsNotARareWordShared() {
        let fillers = ["Oakley Bowling Club", "Riverside Allotments", "Hale Barns Community Centre", "Sale Moor Church",
                       "Urmston Methodist Church", "Timperley Cricket Club", "Sale Academy", "Hale Academy"]
        func level(address: String?) -> Int8 {
            var inputs = [input(1, "Partington Community Centre", kind: .place, address: address),
                          input(2, "Partington Central Academy", kind: .place, address: address)]
            for (k, name) in fillers.enumerated() { inputs.append(input(Int64(10 + k), name, kind: .place)) }
            return Comparer(features: FeatureSet(inputs, allDirty: true)).compare(0, 1)[Comparison.name.rawValue]
        }
        #expect(level(address: nil) == 4)
        #expect(level(address: "Central Road, Partington, Manchester") == 5)
    }

    @Test func branchesOfOneProviderShareContactsNotIdentity() {
        // Three food banks of one provider, kilometres apart, with the provider's email.
        let venues = (0..<3).map { building(Int64($0 + 1), "Trussell Trust", east: Double($0) * 3_000, north: 0, kind: .service, email: "info@south.foodbank.org.uk") }
        let comparer = Comparer(features: FeatureSet(venues, allDirty: true))
        #expect(comparer.compare(0, 1)[Comparison.email.rawValue] == -1)
        // The same venue twice, or an organisation, keeps its contact evidence.
        let twin = building(4, "Trussell Trust", east: 0, north: 0, kind: .service, email: "info@south.foodbank.org.uk")
        #expect(Comparer(features: FeatureSet(venues + [twin], allDirty: true)).compare(0, 3)[Comparison.email.rawValue] == 0)
        let offices = venues.map { var o = $0; o.kind = .organisation; return o }
        #expect(Comparer(features: FeatureSet(offices, allDirty: true)).compare(0, 1)[Comparison.email.rawValue] == 0)
    }

    @Test func oneListsTwoSitesOfANameAreTwoThingsButTwoListsMayShowAMove() {
        // Two food bank venues of one name in one list, beyond the postcode table (no points), in different sectors.
        let first = input(1, "Mustard Tree", kind: .service, postcode: "M28 0AU", email: "info@mustardtree.org.uk")
        let second = input(2, "Mustard Tree", kind: .service, postcode: "M30 0LJ", email: "info@mustardtree.org.uk")
        #expect(Comparer(features: FeatureSet([first, second], allDirty: true)).compare(0, 1)[Comparison.email.rawValue] == -1)
        // In two lists the same name, contacts and another sector may be one service that moved: contacts count.
        var older = second
        older.source = "older list"
        #expect(Comparer(features: FeatureSet([first, older], allDirty: true)).compare(0, 1)[Comparison.email.rawValue] == 0)
        // In one sector the two rows may be one venue, written twice.
        let near = input(3, "Mustard Tree", kind: .service, postcode: "M28 0AX", email: "info@mustardtree.org.uk")
        #expect(Comparer(features: FeatureSet([first, near], allDirty: true)).compare(0, 1)[Comparison.email.rawValue] == 0)
    }

    @Test func namesWithDifferentNumbersAreDifferentNames() {
        #expect(nameLevel("Central Road (no 1)", "Central Road (no 2)") == 5)
        #expect(nameLevel("1st Zebracorn Scout Group", "2nd Zebracorn Scout Group") == 5)
        // A slip in "1st" keeps its number; a number on one side only says nothing.
        #expect(nameLevel("1st Zebracorn Scout Group", "Zebracorn 1dt Scout Group") < 5)
        #expect(nameLevel("74 Princess Road", "Princess Road") <= 2)
        #expect(FeatureSet.numbers(in: ["1st", "no", "2", "unit4b", "1"]) == [1, 2, 4])
    }

    @Test func pairVectorsStaySmall() {
        // 39 million of them are held at once at 1M records.
        #expect(MemoryLayout<PairVector>.stride == 16)
        for share: Float in [1, 0.5, 1e-3, 1e-6, 3.7e-7] {
            let bits = try? #require(Rarity(share: share).bits)
            #expect(abs((bits ?? -1) + log2(Double(share))) < 1e-3, "\(share)")
        }
        #expect(Rarity().bits == nil)
    }

    @Test func vectorTextRoundTrips() {
        var v = PairVector()
        v[0] = 2
        v[3] = 0
        v[8] = 1
        #expect(PairVector(text: v.text)?.pattern == v.pattern)
        #expect(PairVector(pattern: v.pattern).text == v.text)
    }
    /// Address words read byte by byte when ASCII must be the words Character properties give; other text still
    /// goes by Character.
    @Test func addressWordsAndLettersByByteAgreeWithCharacters() {
        let (words, number) = FeatureSet.addressWords("Flat 2, 14 Crescent Rd., Sale  M33 7AB")
        #expect(words == ["flat", "2", "14", "crescent", "road", "sale"])
        #expect(number == "2")
        #expect(FeatureSet.addressWords("Unit 4B, The Old Mill").0 == ["unit", "4b", "the", "old", "mill"])
        #expect(FeatureSet.addressWords("Unit 4B, The Old Mill").1 == "4b")
        let accented = FeatureSet.addressWords("Café Rouge, 3 Rue Saint-Étienne, ½ way")
        #expect(accented.0 == ["café", "rouge", "3", "rue", "saint", "étienne", "½", "way"])
        #expect(accented.1 == "3")
        #expect(FeatureSet.addressWords(" ,, ").0.isEmpty)
        for word in ["tcc", "Zebracorn", "café", "t2", "é1", "a-b", "", "ß"] {
            #expect(FeatureSet.isAllLetters(word) == word.allSatisfy(\.isLetter), "\(word)")
        }
    }

    @Test func aRareWordWithOneSlipStillMeetsItsTwin() {
        // A substitution, a swap of neighbours, a letter dropped and a letter added each leave the two words
        // with a one-letter-dropped form in common; two different words do not.
        let forms = { Set(Blocker.typoForms($0, minimumLength: 5)) }
        for twin in ["zebracron", "zebracorm", "zebraorn", "zebracornn", "xebracorn"] {
            #expect(!forms("zebracorn").isDisjoint(with: forms(twin)), "\(twin)")
        }
        #expect(forms("zebracorn").isDisjoint(with: forms("ashbourne")))
        #expect(forms("tcc").isEmpty, "short words are not keys: too many would meet")
        // Records that share nothing else (no postcode, contact or exact word) are compared through the slip.
        var inputs: [MatchInput] = []
        for k in 0..<60 { inputs.append(input(Int64(k), "Group \(k) Association", address: "\(k) Mill Lane")) }
        inputs.append(input(100, "Zebracorn Tenants", address: "4 Folingsby Street"))
        inputs.append(input(101, "Zebracron Residents", address: "4 Folingsby Street"))
        let pairs = Set(Blocker().pairs(FeatureSet(inputs, allDirty: true), onlyDirty: false))
        #expect(pairs.contains(UInt64(60) << 32 | 61))
        #expect(!pairs.contains(UInt64(60) << 32 | 59))
    }

    @Test func addressWordsSplitOrJoinedDifferentlyAreMostlyTheSame() {
        func level(_ x: String, _ y: String) -> Int8 {
            let inputs = [input(1, "Wyllie Trust", address: x), input(2, "Wyllie Trust", address: y),
                          input(3, "Oakley Bowling Club", address: "9 Green Lane")]
            return Comparer(features: FeatureSet(inputs, allDirty: true)).compare(0, 1)[Comparison.address.rawValue]
        }
        #expect(level("4 folingsbystreet, villa 3", "4 folingsby street, vill a 3") == 1)
        #expect(level("49 daintree crescent, new farm", "49 daintree crxescent, new farm") <= 2)
        #expect(level("Unit 4, Trafford Park Road", "Unit 4 TraffordPark Road") == 1)
        // Another house number is another building, however alike the rest.
        #expect(level("4 folingsbystreet", "14 folingsby street") == 3)
        #expect(level("4 Folingsby Street", "12 Merton Road") == 3)
        // Two slips in a long address (Jaro–Winkler 0.927), and one list stopping where the other goes on to the
        // locality: partly the same, with the same number; not with another.
        #expect(level("177, pridham tstreet, milton", "177, pridhamp street, miltoh") == 2)
        #expect(level("40 maclaurin c rescent", "40 maclaurin crescent, spring creek") == 2)
        #expect(level("41 maclaurin crescent", "40 maclaurin crescent, spring creek") == 3)
        #expect(level("177, pridham tstreet, milton", "177, pridhamp stroot, multeh") == 3)
    }

    /// Records are prepared on every core and interned in record order: every id must be the one a single pass
    /// gives, across the batches (65,536 records each) and whatever the chunking.
    @Test func preparingOnEveryCoreGivesTheIDsOfOnePass() {
        let words = ["zebracorn", "trafford", "community", "centre", "st", "johns", "church", "school", "1st", "scouts",
                     "friends", "of", "the", "park", "limited", "carers", "hub", "library"]
        let streets = ["High Street", "Church Road", "Moss Lane", "Flat 2, 4 Folingsby Street", "Unit 7b Trafford Park"]
        var random = Xoshiro256(5, 4, 3, 2)
        func pick(_ list: [String]) -> String { list[Int(random.next() % UInt64(list.count))] }
        let inputs = (0..<66_000).map { i -> MatchInput in
            let name = (0..<Int(1 + random.next() % 4)).map { _ in pick(words) }.joined(separator: " ") + (i % 2 == 0 ? " \(i % 900)" : "")
            let postcode = random.next() % 5 == 0 ? nil : "M\(random.next() % 40) \(random.next() % 9)\(pick(["AB", "XY", "QT"]))"
            return input(
                Int64(i + 1), name, kind: [.organisation, .service, .place][i % 3], postcode: postcode,
                phone: random.next() % 3 == 0 ? "0161 \(random.next() % 5000)" : nil,
                email: random.next() % 4 == 0 ? "info@\(pick(words)).org.uk" : nil,
                website: random.next() % 4 == 0 ? "https://www.\(pick(words)).org" : nil,
                lat: random.next() % 2 == 0 ? 53.4 + Double(random.next() % 1000) / 10_000 : nil, lon: -2.3,
                address: random.next() % 3 == 0 ? nil : "\(random.next() % 90) \(pick(streets)) \(pick(words))",
                alternates: random.next() % 10 == 0 ? "\(pick(words)) \(pick(words))" : nil)
        }
        let together = FeatureSet(inputs, allDirty: true)
        var onePass = FeatureSet([], allDirty: true)
        for input in inputs { onePass.records.append(onePass.prepare(input, dirty: true)) }
        #expect(together.records.count == inputs.count)
        #expect(together.nameTokens.strings == onePass.nameTokens.strings)
        #expect(together.fullNames.strings == onePass.fullNames.strings)
        #expect(together.acronyms.strings == onePass.acronyms.strings)
        #expect(together.addressTokens.strings == onePass.addressTokens.strings)
        #expect(together.contacts.strings == onePass.contacts.strings)
        var differing = 0
        for (a, b) in zip(together.records, onePass.records) where String(describing: a) != String(describing: b) { differing += 1 }
        #expect(differing == 0)
        // The generated names do use what preparing finds: place words, acronyms, numbers.
        #expect(together.records.contains { !$0.placeWords.isEmpty })
        #expect(together.records.contains { !($0.names.first?.acronyms.isEmpty ?? true) })
        #expect(together.records.contains { !($0.names.first?.numbers.isEmpty ?? true) })
    }
}
