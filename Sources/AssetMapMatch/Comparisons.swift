import CPrefetch
import Foundation

/// One thing two records are compared on; each has levels, best first, and "missing" when either side lacks it.
public enum Comparison: Int, CaseIterable, Codable, Sendable {
    case name, location, address, phone, email, website, charityNumber, companyNumber, uprn

    /// How the comparison is named in explanations.
    public var label: String {
        switch self {
        case .name: "name"
        case .location: "location"
        case .address: "address"
        case .phone: "phone"
        case .email: "email"
        case .website: "website / domain"
        case .charityNumber: "charity number"
        case .companyNumber: "company number"
        case .uprn: "UPRN"
        }
    }

    /// The levels, best first, in words.
    public var levels: [String] {
        switch self {
        case .name:
            ["exactly the same", "the same words (order, spelling slips)", "one contains the other, or an acronym of it",
             "similar", "some rare words shared", "different (or they name different kinds of thing, a church and a school, or carry different numbers)"]
        case .location:
            ["within 50 m (building to building) or the same postcode", "within 250 m, or one site of buildings with this name",
             "within 1 km, the same postcode sector, or the same postcode as written where it is no UK postcode",
             "the same postcode district only, or such a postcode one slip apart", "further apart"]
        case .address: ["exactly the same", "mostly the same", "partly the same", "different"]
        case .phone: ["the same", "different"]
        case .email: ["the same", "different"]
        case .website: ["the same address", "the same organisation domain", "different"]
        case .charityNumber: ["the same", "different"]
        case .companyNumber: ["the same", "different"]
        case .uprn: ["the same", "different"]
        }
    }

    /// Probabilities that a true match lands on each level: the starting point of EM, and a prior that keeps
    /// small or sparse lists (names only) sensible.
    var priorM: [Double] {
        switch self {
        case .name: [0.45, 0.20, 0.12, 0.10, 0.07, 0.06]
        case .location: [0.60, 0.12, 0.10, 0.08, 0.10]
        case .address: [0.45, 0.25, 0.12, 0.18]
        case .phone: [0.85, 0.15]
        case .email: [0.70, 0.30]
        case .website: [0.55, 0.35, 0.10]
        case .charityNumber: [0.98, 0.02]
        case .companyNumber: [0.98, 0.02]
        case .uprn: [0.85, 0.15]
        }
    }

    /// Probabilities that two unrelated records land on each level, used where random pairs are too few to say.
    var priorU: [Double] {
        switch self {
        case .name: [0.0005, 0.0005, 0.002, 0.005, 0.03, 0.962]
        case .location: [0.002, 0.01, 0.05, 0.15, 0.788]
        case .address: [0.001, 0.005, 0.05, 0.944]
        case .phone: [0.0005, 0.9995]
        case .email: [0.0005, 0.9995]
        case .website: [0.0005, 0.001, 0.9985]
        case .charityNumber: [0.0001, 0.9999]
        case .companyNumber: [0.0001, 0.9999]
        case .uprn: [0.001, 0.999]
        }
    }
}

/// The comparison vector of one pair: a level per comparison (-1 when missing), plus the frequency of the
/// exact value where term-frequency adjustment applies (name, phone, email).
struct PairVector {
    static let count = Comparison.allCases.count
    var levels: (Int8, Int8, Int8, Int8, Int8, Int8, Int8, Int8, Int8) = (-1, -1, -1, -1, -1, -1, -1, -1, -1)
    /// The exact name is borne by one thing as far as the lists tell (no list holds it twice). Declared next to the
    /// levels so that it fills their tenth byte (a vector of 16 bytes, not 18).
    var uniqueName = false
    /// Share of this kind's records with the exact name / phone / email the pair shares (none when not exact).
    var nameFrequency = Rarity()
    var phoneFrequency = Rarity()
    var emailFrequency = Rarity()

    subscript(_ c: Int) -> Int8 {
        get {
            withUnsafeBytes(of: levels) { $0.load(fromByteOffset: c, as: Int8.self) }
        }
        set {
            withUnsafeMutableBytes(of: &levels) { $0.storeBytes(of: newValue, toByteOffset: c, as: Int8.self) }
        }
    }

    /// The levels packed in a word, 4 bits each, for counting patterns in EM.
    var pattern: UInt64 {
        var p: UInt64 = 0
        for c in 0..<Self.count { p |= UInt64(UInt8(bitPattern: self[c] &+ 1) & 0xF) << (4 * c) }
        return p
    }

    init() {}

    init(pattern: UInt64) {
        for c in 0..<Self.count { self[c] = Int8((pattern >> (4 * c)) & 0xF) - 1 }
    }

    /// "0 2 - 1 …": the stored, human-checkable form.
    var text: String {
        // Written byte by byte: it is made for every kept pair (a million at 1M records).
        String(unsafeUninitializedCapacity: 4 * Self.count) { bytes in
            var n = 0
            for c in 0..<Self.count {
                if c > 0 {
                    bytes[n] = 0x20
                    n += 1
                }
                let level = self[c]
                if level < 0 {
                    bytes[n] = UInt8(ascii: "-")
                    n += 1
                } else if level < 10 {
                    bytes[n] = UInt8(ascii: "0") + UInt8(level)
                    n += 1
                } else {
                    for digit in String(level).utf8 {
                        bytes[n] = digit
                        n += 1
                    }
                }
            }
            return n
        }
    }

    init?(text: String) {
        let parts = text.split(separator: " ")
        guard parts.count == Self.count else { return nil }
        for (c, part) in parts.enumerated() { self[c] = part == "-" ? -1 : Int8(part) ?? -1 }
    }
}

/// A share of records (0 < share ≤ 1), kept as its −log2 in 1/1024ths of a bit: two bytes where a `Float` took four,
/// which with the levels makes a pair vector 16 bytes instead of 28 (39 million vectors at 1M records).
struct Rarity: Equatable {
    /// 0 for none; else 1 + the bits × 1024.
    private var raw: UInt16 = 0

    init() {}

    init(share: Float) {
        raw = UInt16((min(max(-log2(Double(share)), 0), 63.9) * 1024).rounded()) + 1
    }

    /// −log2 of the share; nil when there is none.
    var bits: Double? { raw == 0 ? nil : Double(raw - 1) / 1024 }
}

/// Computes comparison vectors for pairs of prepared records.
struct Comparer {
    let features: FeatureSet

    func compare(_ i: Int, _ j: Int) -> PairVector {
        // Read in place: copying two records per pair retained and released their arrays, on both cores at once.
        features.records.withUnsafeBufferPointer { records in compare(records.baseAddress! + i, records.baseAddress! + j, i, j) }
    }

    /// Comparison vectors of `pairs[range]` (first record in the high half, second in the low), into `out`.
    ///
    /// Pairs come ordered by their first record, so the second is somewhere else in memory each time: its record, its
    /// names and their words were three or four waits on memory a pair, most of comparing's time. They are asked for a
    /// few pairs ahead, each step once the step before has arrived, so the waits overlap the comparing.
    func compare(_ pairs: [UInt64], _ range: Range<Int>, into out: UnsafeMutableBufferPointer<PairVector>) {
        features.records.withUnsafeBufferPointer { records in
            let base = records.baseAddress!
            pairs.withUnsafeBufferPointer { pairs in
                func second(_ k: Int) -> UnsafePointer<Prepared>? {
                    k < range.upperBound ? base + Int(pairs[k] & 0xFFFF_FFFF) : nil
                }
                let ahead = Lookahead.layoutHolds
                for k in range {
                    if ahead {
                        if let record = second(k + 3) { Lookahead.record(record) }
                        if let record = second(k + 2) { Lookahead.names(record) }
                        if let record = second(k + 1) { Lookahead.words(record) }
                    }
                    let i = Int(pairs[k] >> 32), j = Int(pairs[k] & 0xFFFF_FFFF)
                    out[k] = compare(base + i, base + j, i, j)
                }
            }
        }
    }

    private func compare(_ a: UnsafePointer<Prepared>, _ b: UnsafePointer<Prepared>, _ i: Int, _ j: Int) -> PairVector {
        var v = PairVector()
        let kind = a.pointee.kind
        let n = Float(max(features.kindCount[kind], 1))
        var exactName: Int32 = -1
        var best: Int8 = 6
        a.pointee.names.withUnsafeBufferPointer { namesA in
            b.pointee.names.withUnsafeBufferPointer { namesB in
                for x in namesA.indices {
                    for y in namesB.indices {
                        let level = nameLevel(namesA.baseAddress! + x, namesB.baseAddress! + y, kind: kind, places: (a, b))
                        if level < best {
                            best = level
                            if level == 0 { exactName = namesA[x].full }
                        }
                        if best == 0 { break }
                    }
                    if best == 0 { break }
                }
            }
        }
        v[Comparison.name.rawValue] = best == 6 ? -1 : best
        if exactName >= 0 {
            // The name's frequency is how many other things bear it: its other sites (or records), at least one. But
            // a name no list holds twice ("Zebracorn Tenants" in the grants list and in the charity register) may be
            // borne by one thing only: how likely something else bears it too is how often the lists repeat a name.
            // The floor of one other thing had made a names-only pair unlinkable. A name one list holds twelve times
            // is twelve things, even at one site (a shopping centre's defibrillators).
            v.uniqueName = features.nameInOneList[kind][Int(exactName)] < 2
            let others = v.uniqueName ? features.sharedNameRate[kind] : Float(max(features.nameCount[kind][Int(exactName)] - 1, 1))
            v.nameFrequency = Rarity(share: others / n)
        }
        v[Comparison.location.rawValue] = location(a, b)
        // One name's records chained across a site (a hospital's buildings) are at that site, however far apart the
        // two ends of the chain stand.
        if exactName >= 0, v[Comparison.location.rawValue] > 1, features.site[i] >= 0, features.site[i] == features.site[j] {
            v[Comparison.location.rawValue] = 1
        }
        // Address and location say the same thing when both are known to the street: counting both would count the
        // building twice (Fellegi–Sunter assumes independent comparisons), so the address speaks only where the
        // points cannot (missing, approximate, or far apart).
        let place = v[Comparison.location.rawValue]
        if place < 0 || place >= 2 { v[Comparison.address.rawValue] = address(a, b) }
        // A service or place is where it is. One name borne at several sites, here at two sites kilometres apart, with
        // the same phone, email or website: the branches of one provider (the Trussell Trust's food banks share their
        // foodbank's contact details), not one thing twice. The contact details speak for the provider only.
        // So are two differently named services or places away from each other ("Penny Lane Pantry", "Brinnington
        // Pantry": one housing association's email and website).
        // Sites are told apart by precise points, or by full postcodes in different sectors where the points are
        // unknown (a Greater Manchester list beyond the borough's postcode table). One list holding a name at two such
        // sites lists two things ("Mustard Tree" at two food bank venues); a list is not older than itself, so this is
        // not a move.
        let apart = place >= 3 && ((a.pointee.precise && b.pointee.precise) || (a.pointee.unit >= 0 && b.pointee.unit >= 0))
        let branches = kind != 0 && (
            (exactName >= 0 && apart && (a.pointee.source == b.pointee.source || features.nameCount[kind][Int(exactName)] >= Self.branchSites))
                || (v[Comparison.name.rawValue] == 5 && place >= 2))
        if !branches {
            if a.pointee.phone >= 0 && b.pointee.phone >= 0 {
                v[Comparison.phone.rawValue] = a.pointee.phone == b.pointee.phone ? 0 : 1
                if a.pointee.phone == b.pointee.phone { v.phoneFrequency = Rarity(share: Float(max(features.contactCount[kind][Int(a.pointee.phone)] - 1, 1)) / n) }
            }
            if a.pointee.email >= 0 && b.pointee.email >= 0 {
                v[Comparison.email.rawValue] = a.pointee.email == b.pointee.email ? 0 : 1
                if a.pointee.email == b.pointee.email { v.emailFrequency = Rarity(share: Float(max(features.contactCount[kind][Int(a.pointee.email)] - 1, 1)) / n) }
            }
            if a.pointee.url >= 0 && a.pointee.url == b.pointee.url {
                v[Comparison.website.rawValue] = 0
            } else if !a.pointee.domains.isEmpty && !b.pointee.domains.isEmpty {
                v[Comparison.website.rawValue] = a.pointee.domains.contains(where: b.pointee.domains.contains) ? 1 : 2
            }
        }
        if a.pointee.charity >= 0 && b.pointee.charity >= 0 { v[Comparison.charityNumber.rawValue] = a.pointee.charity == b.pointee.charity ? 0 : 1 }
        if a.pointee.company >= 0 && b.pointee.company >= 0 { v[Comparison.companyNumber.rawValue] = a.pointee.company == b.pointee.company ? 0 : 1 }
        if a.pointee.uprn >= 0 && b.pointee.uprn >= 0 { v[Comparison.uprn.rawValue] = a.pointee.uprn == b.pointee.uprn ? 0 : 1 }
        return v
    }

    /// Sites a name must be borne at before far-apart records of it with shared contact details count as branches.
    static let branchSites: Int32 = 3

    /// A word this rare (in bits) that only one name has tells the names apart however alike the strings look.
    static let distinctWordBits = 6.0

    /// Name levels 0–5 (see `Comparison.name.levels`), `places` the two records whose words of their own addresses
    /// place them. Read through pointers: a name form copied for every pair of names retained its four arrays.
    func nameLevel(
        _ a: UnsafePointer<NameForm>, _ b: UnsafePointer<NameForm>, kind: Int, places: (UnsafePointer<Prepared>, UnsafePointer<Prepared>)
    ) -> Int8 {
        if a.pointee.full == b.pointee.full { return 0 }
        // A church and a school of one saint, side by side, share every rare word: what each name says its thing is
        // tells them apart.
        if a.pointee.types.conflicts(with: b.pointee.types) { return 5 }
        // "Central Road (no 1)" and "(no 2)", "1st Sale Scouts" and "2nd": numbers in both names and none shared.
        if !a.pointee.numbers.isEmpty, !b.pointee.numbers.isEmpty, !a.pointee.numbers.contains(where: b.pointee.numbers.contains) { return 5 }
        let weight = features.tokenWeights[kind]
        // Term-frequency weighted overlap: shared rare words count, shared "church" or "centre" barely.
        var common = 0.0, wa = 0.0, wb = 0.0
        var matchedA = 0 as UInt64, matchedB = 0 as UInt64
        var unmatchedCount = 0
        // Shared words that are also words of either address ("Partington", a street): they place both names.
        var commonPlace = 0.0
        for (k, t) in a.pointee.tokens.enumerated() {
            let w = weight[Int(t)]
            wa += w
            if let kb = b.pointee.tokens.firstIndex(of: t) {
                common += w
                if places.0.pointee.placeWords.contains(t) || places.1.pointee.placeWords.contains(t) { commonPlace += w }
                if kb < 64 { matchedB |= 1 << UInt64(kb) }
                if k < 64 { matchedA |= 1 << UInt64(k) }
            } else {
                unmatchedCount += 1
            }
        }
        for t in b.pointee.tokens { wb += weight[Int(t)] }
        var softMatched = 0
        // The rarest word of A that B lacks even with a slip, in bits.
        var rarestUnmatchedA = 0.0
        // Words with a typing slip still count, a little less.
        for (k, t) in a.pointee.tokens.enumerated() where k < 64 ? matchedA & (1 << UInt64(k)) == 0 : !b.pointee.tokens.contains(t) {
            let shapeA = features.tokenShapes[Int(t)]
            var slipped = false
            if shapeA.length >= 4 {
                for (kb, u) in b.pointee.tokens.enumerated() where kb < 64 && matchedB & (1 << UInt64(kb)) == 0 {
                    let shapeB = features.tokenShapes[Int(u)]
                    guard shapeB.length >= 4, abs(shapeB.length - shapeA.length) <= 2,
                        Similarity.mayReach(0.9, lengths: Int(shapeA.length), Int(shapeB.length), classes: shapeA.classes, shapeB.classes)
                    else { continue }
                    var ta = features.nameTokens.strings[Int(t)], tb = features.nameTokens.strings[Int(u)]
                    if ta.withUTF8({ x in tb.withUTF8 { y in Similarity.jaroWinkler(x, y) } }) >= 0.9 {
                        common += 0.85 * min(weight[Int(t)], weight[Int(u)])
                        matchedB |= 1 << UInt64(kb)
                        softMatched += 1
                        slipped = true
                        break
                    }
                }
            }
            if !slipped { rarestUnmatchedA = max(rarestUnmatchedA, weight[Int(t)]) }
        }
        var rarestUnmatchedB = 0.0
        for (k, u) in b.pointee.tokens.enumerated() where k >= 64 || matchedB & (1 << UInt64(k)) == 0 {
            rarestUnmatchedB = max(rarestUnmatchedB, weight[Int(u)])
        }
        let union = wa + wb - common
        let jaccard = union > 0 ? common / union : 0
        if jaccard >= 0.9 { return 1 }
        // Acronym: "TCC" for "Trafford Carers Centre".
        if (a.pointee.short >= 0 && b.pointee.acronyms.contains(a.pointee.short)) || (b.pointee.short >= 0 && a.pointee.acronyms.contains(b.pointee.short)) { return 2 }
        // Containment: every word of the shorter name is in the longer, and the shorter says something.
        let matchedCount = a.pointee.tokens.count - unmatchedCount + softMatched
        let shorterCount = min(a.pointee.tokens.count, b.pointee.tokens.count)
        if matchedCount == shorterCount, shorterCount >= 1 {
            let shorterWeight = a.pointee.tokens.count <= b.pointee.tokens.count ? wa : wb
            if shorterWeight >= 4 && common >= 0.8 * shorterWeight { return 2 }
        }
        if jaccard >= 0.6 { return 3 }
        // Alike as strings, unless each name has a rare word of its own: "Shay Lane Medical Centre (Kelman)" and
        // "(Patel)" are two practices in one building, where "Youthclub" for "Youth Club" is one slip.
        if min(rarestUnmatchedA, rarestUnmatchedB) < Self.distinctWordBits,
            a.pointee.bytes.withUnsafeBufferPointer({ x in
                b.pointee.bytes.withUnsafeBufferPointer { y in
                    Similarity.jaroWinkler(x, y, atLeast: 0.93, classes: (a.pointee.classes, b.pointee.classes))
                }
            })
        { return 3 }
        // "Partington Community Centre" and "Partington Central Academy" share their town, which the location
        // compares; "some rare words shared" needs rare words that are not where the two are.
        return jaccard >= 0.3 && (common - commonPlace) / union >= 0.3 ? 4 : 5
    }

    func location(_ a: UnsafePointer<Prepared>, _ b: UnsafePointer<Prepared>) -> Int8 {
        let sameUnit = a.pointee.unit >= 0 && a.pointee.unit == b.pointee.unit
        if a.pointee.hasPoint && b.pointee.hasPoint && a.pointee.precise && b.pointee.precise {
            // The gap between what each covers: two buildings of one hospital touch though their centres are 280 m
            // apart. For two points this is the distance between them.
            let d = Prepared.gap(a, b)
            if d <= 50 || sameUnit { return 0 }
            if d <= 250 { return 1 }
            if d <= 1000 || (a.pointee.sector >= 0 && a.pointee.sector == b.pointee.sector) { return 2 }
            return a.pointee.district >= 0 && a.pointee.district == b.pointee.district ? 3 : 4
        }
        // An approximate point (a sector or district centroid) never counts as close: compare postcodes instead.
        if sameUnit { return 0 }
        if a.pointee.sector >= 0 && a.pointee.sector == b.pointee.sector { return 2 }
        // Postcodes that are no UK postcode, compared as written: the same counts as one sector, one slip apart (a
        // character changed, added or dropped, or two swapped) as one district, anything else as apart.
        // - Not level 0: training learns names from the pairs at one place, and a written value may stand for a wide
        //   area (FEBRL's Australian postcodes are suburbs; as level 0 its F1 fell to 0.17).
        // - "Apart" is needed: without it every written pair that counted agreed, and u said so (0.9 at level 2).
        // Beside a real postcode a written one says nothing: one of the two is a slip.
        if a.pointee.writtenPostcode >= 0 && b.pointee.writtenPostcode >= 0 {
            if a.pointee.writtenPostcode == b.pointee.writtenPostcode { return 2 }
            let x = features.postcodes.strings[Int(a.pointee.writtenPostcode)], y = features.postcodes.strings[Int(b.pointee.writtenPostcode)]
            let (xs, ys) = (Array(x.utf8), Array(y.utf8))
            return Similarity.withinEdits(xs, ys, 1) || Similarity.swappedNeighbours(xs, ys) ? 3 : 4
        }
        if a.pointee.district >= 0 && b.pointee.district >= 0 { return a.pointee.district == b.pointee.district ? 3 : 4 }
        if a.pointee.hasPoint && b.pointee.hasPoint {
            let dx = a.pointee.x - b.pointee.x, dy = a.pointee.y - b.pointee.y
            if dx * dx + dy * dy > 15_000 * 15_000 { return 4 }
        }
        return -1
    }

    func address(_ a: UnsafePointer<Prepared>, _ b: UnsafePointer<Prepared>) -> Int8 {
        guard a.pointee.addressFull >= 0, b.pointee.addressFull >= 0 else { return -1 }
        if a.pointee.addressFull == b.pointee.addressFull { return 0 }
        var i = 0, j = 0, common = 0
        let x = a.pointee.addressTokens, y = b.pointee.addressTokens
        while i < x.count && j < y.count {
            if x[i] == y[j] { common += 1; i += 1; j += 1 } else if x[i] < y[j] { i += 1 } else { j += 1 }
        }
        let union = x.count + y.count - common
        let jaccard = union > 0 ? Double(common) / Double(union) : 0
        let numbersDiffer = a.pointee.houseNumber >= 0 && b.pointee.houseNumber >= 0 && a.pointee.houseNumber != b.pointee.houseNumber
        if jaccard >= 0.7 && !numbersDiffer { return 1 }
        // The same letters split into other words ("folingsbystreet" / "folingsby street"), or one or two slips
        // in them ("crxescent"): mostly or partly the same, when the house numbers agree.
        if !numbersDiffer {
            let x = features.addressLetters[Int(a.pointee.addressFull)], y = features.addressLetters[Int(b.pointee.addressFull)]
            // Compared as memory: the generic `==` went byte by byte, a sixteenth of comparing.
            if x.count == y.count, x.isEmpty || x.withUnsafeBufferPointer({ x in y.withUnsafeBufferPointer { y in memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 } }) {
                return 1
            }
            // Most compared pairs are different places: a cheap look at length and first letter spares them the
            // character comparison (a tenth of a 1M match's CPU without it).
            // Long addresses may carry two slips where Jaro–Winkler, which weighs the first letters, falls short: one
            // edit in eight letters still reads as the same street.
            if jaccard < 0.4 && min(x.count, y.count) >= 8 && abs(x.count - y.count) <= 4 && x[0] == y[0]
                && (Similarity.jaroWinkler(x, y) >= 0.93 || Similarity.withinEdits(x, y, min(x.count, y.count) / 8)) { return 2 }
            // One list gives the number and street, the other goes on to the locality ("40 maclaurin c rescent" and
            // "40 maclaurin crescent, spring creek"): partly the same when the shorter is the start of the longer.
            if jaccard < 0.4 && min(x.count, y.count) >= 10 && (x.starts(with: y) || y.starts(with: x)) { return 2 }
        }
        if jaccard >= 0.4 { return 2 }
        return 3
    }
}

/// Prefetching a record's parts in the order comparing reads them (`Comparer.compare(_:_:into:)`). An array field is
/// one pointer to its storage, whose elements start after a 32-byte header (`header`, the count at `countOffset`);
/// the pointers are read as raw words, since reading the arrays themselves would retain them.
enum Lookahead {
    private static let header = 32
    private static let countOffset = 16
    private static let namesField = MemoryLayout<Prepared>.offset(of: \Prepared.names)!
    private static let addressField = MemoryLayout<Prepared>.offset(of: \Prepared.addressTokens)!
    private static let tokensField = MemoryLayout<NameForm>.offset(of: \NameForm.tokens)!
    private static let bytesField = MemoryLayout<NameForm>.offset(of: \NameForm.bytes)!

    /// Whether arrays are laid out as read here, checked once on a sample: on a runtime that laid them out otherwise,
    /// comparing would go without prefetching rather than read a wrong pointer.
    static let layoutHolds: Bool = {
        let sample: [UInt64] = [7, 8, 9]
        return withUnsafePointer(to: sample) { field in
            let storage = UnsafeRawPointer(field).load(as: UnsafeRawPointer.self)
            return MemoryLayout<[UInt64]>.size == MemoryLayout<UnsafeRawPointer>.size
                && storage.load(fromByteOffset: countOffset, as: Int.self) == sample.count
                && sample.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!) == storage + header }
        }
    }()

    /// The record itself (a few cache lines).
    @inline(__always) static func record(_ record: UnsafePointer<Prepared>) {
        let raw = UnsafeRawPointer(record)
        var offset = 0
        while offset < MemoryLayout<Prepared>.size {
            assetmap_prefetch(raw + offset)
            offset += 64
        }
        assetmap_prefetch(raw + (MemoryLayout<Prepared>.size - 1))
    }

    /// Its names' storage with the first name, and its address words: the record has arrived by now.
    @inline(__always) static func names(_ record: UnsafePointer<Prepared>) {
        let raw = UnsafeRawPointer(record)
        let names = raw.load(fromByteOffset: namesField, as: UnsafeRawPointer.self)
        assetmap_prefetch(names)
        assetmap_prefetch(names + (header + MemoryLayout<NameForm>.size - 1))
        assetmap_prefetch(raw.load(fromByteOffset: addressField, as: UnsafeRawPointer.self))
    }

    /// The first name's words and bytes: its storage has arrived by now.
    @inline(__always) static func words(_ record: UnsafePointer<Prepared>) {
        let names = UnsafeRawPointer(record).load(fromByteOffset: namesField, as: UnsafeRawPointer.self)
        guard names.load(fromByteOffset: countOffset, as: Int.self) > 0 else { return }
        let first = names + header
        let tokens = first.load(fromByteOffset: tokensField, as: UnsafeRawPointer.self)
        assetmap_prefetch(tokens)
        assetmap_prefetch(tokens + 63)
        assetmap_prefetch(first.load(fromByteOffset: bytesField, as: UnsafeRawPointer.self) + header)
    }
}
