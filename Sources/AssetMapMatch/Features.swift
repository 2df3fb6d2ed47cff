import AssetMapCore
import AssetMapStore
import Foundation

/// Strings mapped to dense integer ids, so comparisons and blocking work on integers.
struct Interner {
    private(set) var strings: [String] = []
    /// Open addressing, linear probing, never more than half full: 0 for an empty slot, else the low 32 bits of the
    /// string's hash (`hash`) above its id + 1. A probe compares strings only when those bits agree, without reading
    /// anything beside the slot; the bits also place the entry again when the table grows.
    private var slots: [UInt64] = []

    /// Interning a million records' words is one thread's work, about twenty lookups a record. A `[String: Int32]`
    /// spent most of it in `Hasher` (SipHash over the string's normalised form), in finding the bucket, and in
    /// retaining and releasing the keys.
    mutating func id(_ s: String) -> Int32 {
        let tag = UInt32(truncatingIfNeeded: Self.hash(s))
        if strings.count * 2 >= slots.count { grow() }
        let (slot, found) = probe(s, tag)
        if let found { return found }
        let new = Int32(strings.count)
        slots[slot] = UInt64(tag) << 32 | UInt64(new + 1)
        strings.append(s)
        return new
    }

    func lookup(_ s: String) -> Int32? { slots.isEmpty ? nil : probe(s, UInt32(truncatingIfNeeded: Self.hash(s))).id }

    /// The slot holding `s` and its id, or the empty slot where it would go.
    private func probe(_ s: String, _ tag: UInt32) -> (slot: Int, id: Int32?) {
        let mask = slots.count - 1
        var slot = Int(tag) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return (slot, nil) }
            if UInt32(truncatingIfNeeded: entry >> 32) == tag {
                let id = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if strings[Int(id)] == s { return (slot, id) }
            }
            slot = (slot + 1) & mask
        }
    }

    var count: Int { strings.count }

    private mutating func grow() {
        // Past 2³² slots the 32 bits kept could no longer place an entry; ids are 32 bits anyway.
        let capacity = max(1_024, slots.count * 2)
        precondition(capacity <= 1 << 32, "more than 2³¹ distinct strings to intern")
        let old = slots
        slots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        for entry in old where entry != 0 {
            var slot = Int(entry >> 32) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }

    /// A hash of the string's bytes, eight at a time, that agrees with `==`: Swift compares strings by canonical
    /// equivalence ("é" precomposed or not, the Kelvin sign and "K"), so a string with any non-ASCII byte is hashed
    /// in its precomposed form (NFC), which canonically equivalent strings share.
    static func hash(_ s: String) -> UInt64 {
        var s = s
        if let hash = s.withUTF8({ bytes in bytes.allSatisfy { $0 < 0x80 } ? hash(bytes) : nil }) { return hash }
        var composed = s.precomposedStringWithCanonicalMapping
        return composed.withUTF8 { hash($0) }
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        // The length first, then each eight bytes folded in with a multiply and a shift (as SplitMix64 mixes); Murmur3's
        // finish spreads the high bits into the low ones, which pick the slot.
        @inline(__always) func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
            var x = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
            x ^= x >> 31
            return x
        }
        var h = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        let raw = UnsafeRawBufferPointer(bytes)
        var i = 0
        while i + 8 <= raw.count {
            h = mix(h, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        if i < raw.count {
            var tail: UInt64 = 0
            for k in i..<raw.count { tail |= UInt64(raw[k]) << (8 * UInt64(k - i)) }
            h = mix(h, tail)
        }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }
}

/// One way a record names itself (its name, or an alternate name), ready to compare.
struct NameForm {
    /// The matching form's bytes, for character similarity.
    var bytes: [UInt8]
    /// The whole matching form, interned.
    var full: Int32
    /// Distinct tokens, interned, in order of appearance.
    var tokens: [Int32]
    /// Acronyms this name could be known by ("trafford carers centre" → "tcc"), interned in `acronyms`.
    var acronyms: [Int32]
    /// A one-word name short enough to be an acronym itself ("tcc"), interned in `acronyms`; -1 otherwise.
    var short: Int32
    /// What the name says the thing is (a church, a school), if it says.
    var types: NameTypes
    /// The numbers in the name ("1st" → 1, "no 2" → 2), digits only so that a slip in "1st" keeps its number.
    var numbers: [UInt64]
    /// `Similarity.byteClasses` of `bytes`.
    var classes: UInt64
}

/// A record reduced to what comparisons and blocking need.
struct Prepared {
    var kind: Int
    var dirty: Bool
    var names: [NameForm]
    /// The record's list, interned: a name found once in each of two lists may be one thing, a name found twice
    /// in one list is two.
    var source: Int32 = -1
    var unit: Int32 = -1
    var sector: Int32 = -1
    var district: Int32 = -1
    /// Where blocking pairs words and names: the postcode district, else the town the list gives (grants lists and
    /// lists from elsewhere often have a town and no postcode). Not a comparison: a town is no district.
    var locality: Int32 = -1
    /// A postcode that is no UK postcode, as written (`MatchInput.writtenPostcode`), compared only with another such
    /// (`Comparer.location`): the same, one slip apart, or apart.
    var writtenPostcode: Int32 = -1
    var hasPoint = false
    /// The point is a building or a full postcode, not a sector or district centroid.
    var precise = false
    var x = 0.0
    var y = 0.0
    /// What the record covers, in the same metres as `x`, `y`: its footprint's box, or just its point.
    var minX = 0.0
    var minY = 0.0
    var maxX = 0.0
    var maxY = 0.0
    /// The box is a building's footprint.
    var footprint = false
    var phone: Int32 = -1
    var email: Int32 = -1
    var url: Int32 = -1
    /// Organisation domains from the website and the email address, shared hosts and webmail left out.
    var domains: [Int32] = []
    var charity: Int32 = -1
    var company: Int32 = -1
    var uprn: Int32 = -1
    var addressFull: Int32 = -1
    var addressTokens: [Int32] = []
    var houseNumber: Int32 = -1
    /// Name words that are also words of the record's own address ("Partington" in "Partington Community Centre,
    /// Central Road, Partington"): they say where a thing is, which the location compares, not which thing it is.
    var placeWords: [Int32] = []

    /// Metres between what two records cover (footprint boxes, or points): 0 when the boxes touch or overlap.
    func gap(to other: Prepared) -> Double {
        withUnsafePointer(to: self) { a in withUnsafePointer(to: other) { b in Self.gap(a, b) } }
    }

    /// The same, read in place (comparisons read records through pointers, not copies).
    static func gap(_ a: UnsafePointer<Prepared>, _ b: UnsafePointer<Prepared>) -> Double {
        let dx = max(0, a.pointee.minX - b.pointee.maxX, b.pointee.minX - a.pointee.maxX)
        let dy = max(0, a.pointee.minY - b.pointee.maxY, b.pointee.minY - a.pointee.maxY)
        return (dx * dx + dy * dy).squareRoot()
    }
}

/// Domains that many unrelated organisations share, so sharing one says nothing about identity.
public enum SharedDomains {
    /// Webmail and social or site-builder hosts whose bare domain many groups use.
    public static let hosts: Set<String> = [
        "gmail.com", "googlemail.com", "hotmail.com", "hotmail.co.uk", "outlook.com", "outlook.co.uk", "live.com",
        "live.co.uk", "msn.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "btinternet.com", "btopenworld.com",
        "aol.com", "aol.co.uk", "icloud.com", "me.com", "mac.com", "sky.com", "talktalk.net", "virginmedia.com",
        "ntlworld.com", "blueyonder.co.uk", "tiscali.co.uk", "protonmail.com", "proton.me", "mail.com", "gmx.com",
        "gmx.co.uk", "zoho.com", "yandex.com", "fsmail.net", "orange.net", "wanadoo.co.uk", "o2.co.uk", "plus.com",
        "uwclub.net", "freeuk.com", "supanet.com", "lineone.net", "care4free.net",
        "facebook.com", "fb.com", "m.facebook.com", "twitter.com", "x.com", "instagram.com", "linkedin.com",
        "youtube.com", "google.com", "sites.google.com", "eventbrite.co.uk", "eventbrite.com", "justgiving.com",
        "wordpress.com", "blogspot.com", "wixsite.com", "weebly.com", "squarespace.com", "linktr.ee",
        "nhs.net", "nhs.uk", "gov.uk", "police.uk", "org.uk", "co.uk",
    ]

    /// True for webmail, social hosts, and the shared domains of councils, the NHS and the police
    /// (`trafford.gov.uk`, `nhs.net`, `gmp.police.uk`): one council's domain is on all its services.
    public static func isShared(_ host: String) -> Bool {
        if hosts.contains(host) { return true }
        for suffix in [".gov.uk", ".nhs.uk", ".nhs.net", ".police.uk", ".mod.uk"] where host.hasSuffix(suffix) { return true }
        return false
    }
}

/// Interned values and per-kind frequencies for one set of records.
struct FeatureSet {
    var records: [Prepared] = []
    var nameTokens = Interner()
    var fullNames = Interner()
    var acronyms = Interner()
    var postcodes = Interner()
    var contacts = Interner()
    var domains = Interner()
    var registry = Interner()
    var addressTokens = Interner()
    var sources = Interner()
    /// Records of each kind.
    var kindCount = [0, 0, 0]
    /// Each address's words run together ("4 folingsby street" → "4folingsbystreet"), by `addressFull` id: lists
    /// split and join address words at will ("folingsbystreet", "vill a 3"), which word overlap alone calls
    /// different. Empty for ids that are no record's whole address (the interner also holds single words).
    var addressLetters: [[UInt8]] = []
    /// Document frequency of each name token, per kind (indexed by token id).
    var tokenDF: [[Int32]] = [[], [], []]
    /// `tokenWeight` of each name token, per kind, worked out once (comparisons read it tens of times a pair).
    private(set) var tokenWeights: [[Double]] = [[], [], []]
    /// Each name token's length in bytes and `Similarity.byteClasses`, by id: what rules most word pairs out as slips
    /// of each other before their characters are compared.
    private(set) var tokenShapes: [(length: Int32, classes: UInt64)] = []
    /// How many records of each kind carry each full name, phone and email.
    var nameCount: [[Int32]] = [[], [], []]
    /// Per kind and name: the most records of that name in any one list. Lists seldom hold one thing twice, so at
    /// least this many different things bear the name, and a name no list holds twice may be one thing.
    var nameInOneList: [[Int32]] = [[], [], []]
    /// Per kind: other things per name, from the names lists hold more than once (Good–Turing in spirit): how
    /// likely a name no list holds twice is still borne by something else.
    var sharedNameRate: [Float] = [1, 1, 1]
    var contactCount: [[Int32]] = [[], [], []]
    /// The site of each record among the records of its main name (`countNamesBySite`), or -1 when no other record
    /// has that name.
    var site: [Int32] = []

    /// Side in metres beyond which a footprint counts as its point alone.
    static let largestFootprint = 400.0

    static let minorWords: Set<String> = ["of", "and", "the", "for", "in", "at", "on", "a", "to", "with"]
    static let legalTail: [[String]] = [
        ["community", "interest", "company"], ["public", "limited", "company"], ["limited"], ["cio"], ["incorporated"],
    ]

    static func kindIndex(_ kind: EntityKind) -> Int {
        switch kind {
        case .organisation: 0
        case .service: 1
        case .place: 2
        }
    }

    init(_ inputs: [MatchInput], allDirty: Bool) {
        prepare(inputs, allDirty: allDirty)
        for k in 0..<3 {
            tokenDF[k] = Array(repeating: 0, count: nameTokens.count)
            nameCount[k] = Array(repeating: 0, count: fullNames.count)
            contactCount[k] = Array(repeating: 0, count: contacts.count)
        }
        for r in records {
            kindCount[r.kind] += 1
            var seenTokens: Set<Int32> = []
            var seenNames: Set<Int32> = []
            for form in r.names {
                if seenNames.insert(form.full).inserted { nameCount[r.kind][Int(form.full)] += 1 }
                for t in form.tokens where seenTokens.insert(t).inserted { tokenDF[r.kind][Int(t)] += 1 }
            }
            if r.phone >= 0 { contactCount[r.kind][Int(r.phone)] += 1 }
            if r.email >= 0 { contactCount[r.kind][Int(r.email)] += 1 }
        }
        countNamesInOneList()
        countNamesBySite()
        noteTokenWeights()
        addressLetters = Array(repeating: [], count: addressTokens.count)
        for r in records { noteAddressLetters(r.addressFull) }
    }

    /// Runs an address's words together for `addressLetters`, once per address; ids interned since (a reconciliation
    /// query's address) grow the table first.
    mutating func noteAddressLetters(_ address: Int32) {
        guard address >= 0 else { return }
        if addressLetters.count < addressTokens.count {
            addressLetters += Array(repeating: [], count: addressTokens.count - addressLetters.count)
        }
        if addressLetters[Int(address)].isEmpty {
            addressLetters[Int(address)] = addressTokens.strings[Int(address)].utf8.filter { $0 != 0x20 }
        }
    }

    /// Records of one name within this many metres of each other stand at one site, where either is a building's
    /// footprint (a hospital's blocks); two bare points must be within `pointSiteGap` (twelve defibrillators of one
    /// shopping centre, 120 m apart, are twelve things).
    static let siteGap = 250.0
    static let pointSiteGap = 50.0

    /// `nameInOneList` and `sharedNameRate`, from the names two or more records share.
    private mutating func countNamesInOneList() {
        var shared: [UInt64] = []
        for r in records {
            var seen: [Int32] = []
            for form in r.names where nameCount[r.kind][Int(form.full)] >= 2 && !seen.contains(form.full) {
                seen.append(form.full)
                shared.append(UInt64(r.kind) << 62 | UInt64(UInt32(form.full)) << 32 | UInt64(UInt32(r.source)))
            }
        }
        shared.sort()
        for k in 0..<3 { nameInOneList[k] = Array(repeating: 1, count: fullNames.count) }
        var start = 0
        while start < shared.count {
            var end = start + 1
            while end < shared.count && shared[end] == shared[start] { end += 1 }
            let kind = Int(shared[start] >> 62), name = Int((shared[start] >> 32) & 0x3FFF_FFFF)
            nameInOneList[kind][name] = max(nameInOneList[kind][name], Int32(end - start))
            start = end
        }
        // The kind's names are those it counts records of; only they can have repeats within a list.
        for k in 0..<3 {
            let names = nameCount[k].count { $0 > 0 }
            let others = nameInOneList[k].reduce(0) { $0 + Int($1) - 1 }
            sharedNameRate[k] = names > 0 ? max(Float(others) / Float(names), 1e-3) : 1
        }
    }

    /// A name's frequency is how many different things bear it, not how many records: the 13 footprints of Trafford
    /// General Hospital, or one hall listed by three partners, are one site and one use of the name. Records of a
    /// name within a site's gap of each other (chained) count once; a record without a precise point counts on its own.
    private mutating func countNamesBySite() {
        // (kind, name, record) for every name two or more records share, sorted so each name's records are a run.
        var shared: [UInt64] = []
        for (i, r) in records.enumerated() {
            for (n, form) in r.names.enumerated() where nameCount[r.kind][Int(form.full)] >= 2 {
                if r.names[..<n].contains(where: { $0.full == form.full }) { continue }
                shared.append(UInt64(r.kind) << 62 | UInt64(UInt32(form.full)) << 32 | UInt64(UInt32(i)))
            }
        }
        shared.sort()
        site = Array(repeating: -1, count: records.count)
        var nextSite: Int32 = 0
        var start = 0
        while start < shared.count {
            let key = shared[start] >> 32
            var end = start + 1
            while end < shared.count && shared[end] >> 32 == key { end += 1 }
            let members = shared[start..<end].map { Int(UInt32(truncatingIfNeeded: $0)) }
            let name = Int32(key & 0x3FFF_FFFF)
            let (count, roots) = sites(members)
            nameCount[Int(key >> 30)][Int(name)] = Int32(count)
            for (n, i) in members.enumerated() where records[i].names[0].full == name { site[i] = nextSite + Int32(roots[n]) }
            nextSite += Int32(members.count)
            start = end
        }
    }

    /// Sites among records: precise records chained by gaps of at most `siteGap` (a footprint on either side) or
    /// `pointSiteGap` (two bare points), each other record alone. Returns how many, and for each member the index of
    /// a member of its site.
    func sites(_ members: [Int]) -> (count: Int, roots: [Int]) {
        var parent = Array(0..<members.count)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        var sites = members.count
        func join(_ i: Int, _ j: Int) {
            let a = records[members[i]], b = records[members[j]]
            guard a.gap(to: b) <= (a.footprint || b.footprint ? Self.siteGap : Self.pointSiteGap) else { return }
            let ri = root(i), rj = root(j)
            if ri != rj {
                parent[ri] = rj
                sites -= 1
            }
        }
        let located = members.indices.filter { records[members[$0]].hasPoint && records[members[$0]].precise }
        if located.count <= 64 {
            for (n, i) in located.enumerated() { for j in located[(n + 1)...] { join(i, j) } }
            return (sites, members.indices.map(root))
        }
        // Many records of one name ("Scout Hut" across a country): a grid whose cells are wider than a gap plus a
        // footprint, each cell against itself and its neighbours.
        let cell = Self.siteGap + Self.largestFootprint
        var grid: [Int64: [Int]] = [:]
        func cellKey(_ cx: Int64, _ cy: Int64) -> Int64 { cx << 32 ^ (cy & 0xFFFF_FFFF) }
        for i in located {
            let r = records[members[i]]
            grid[cellKey(Int64((r.x / cell).rounded(.down)), Int64((r.y / cell).rounded(.down))), default: []].append(i)
        }
        for i in located {
            let r = records[members[i]]
            let cx = Int64((r.x / cell).rounded(.down)), cy = Int64((r.y / cell).rounded(.down))
            for dx in -1...1 {
                for dy in -1...1 {
                    for j in grid[cellKey(cx + Int64(dx), cy + Int64(dy))] ?? [] where j > i { join(i, j) }
                }
            }
        }
        return (sites, members.indices.map(root))
    }

    /// Information carried by a token in this kind's names, in bits: "centre" little, "zebracorn" a lot.
    @inline(__always) func tokenWeight(_ kind: Int, _ token: Int32) -> Double { tokenWeights[kind][Int(token)] }

    /// Works out the weights and shapes of tokens counted since the last call (all of them the first time).
    mutating func noteTokenWeights() {
        for k in 0..<3 {
            let records = Double(max(kindCount[k], 2))
            for t in tokenWeights[k].count..<tokenDF[k].count {
                tokenWeights[k].append(max(0.05, log2(records / max(1, Double(tokenDF[k][t])))))
            }
        }
        for t in tokenShapes.count..<nameTokens.count {
            let word = nameTokens.strings[t].utf8
            tokenShapes.append((Int32(word.count), Similarity.byteClasses(word)))
        }
    }

    /// Prepares one record: its words found, then interned.
    mutating func prepare(_ input: MatchInput, dirty: Bool) -> Prepared {
        let (record, words) = Self.words(of: input, dirty: dirty)
        return intern(record, words)
    }

    /// Prepares many records on every core: finding the words (most of the work) needs nothing shared, and the words
    /// are then interned in record order, so every id is the one a single pass gives. In batches, so that the words
    /// of a million records are never all held at once.
    ///
    /// Interning is one thread's work: the next batch's words are found meanwhile (a 1M match's features took 19.6 s
    /// with the other core idle while each batch was interned).
    mutating func prepare(_ inputs: [MatchInput], allDirty: Bool) {
        records.reserveCapacity(records.count + inputs.count)
        let batch = 65_536
        var start = 0
        Pending.pipeline(
            next: { () -> Int? in
                guard start < inputs.count else { return nil }
                defer { start += batch }
                return start
            },
            prepare: { first in
                onEveryCore(count: min(first + batch, inputs.count) - first, atLeast: 1_000) { range in
                    range.map { k in
                        let input = inputs[first + k]
                        return Self.words(of: input, dirty: allDirty || input.isDirty)
                    }
                }
            },
            consume: { _, found in for part in found { for (record, words) in part { records.append(intern(record, words)) } } })
    }

    /// A record's words and values before interning.
    struct RecordWords: Sendable {
        struct Name: Sendable {
            var matching: String
            /// Words that say something, in order (a word twice stays twice; interning keeps the first).
            var tokens: [String]
            var acronyms: [String]
            var short: String?
            var types: NameTypes
            var numbers: [UInt64]
        }

        var source: String
        var names: [Name] = []
        var district: String?
        /// The town, folded, for a record without a postcode.
        var town: String?
        var writtenPostcode: String?
        var sector: String?
        var unit: String?
        var phone: String?
        var email: String?
        var emailDomain: String?
        var url: String?
        var websiteDomain: String?
        var charity: String?
        var company: String?
        var uprn: String?
        var address: String?
        var addressTokens: [String] = []
        var houseNumber: String?
        /// Name words that are also address words, in the order `Prepared.placeWords` keeps.
        var placeWords: [String] = []
    }

    /// Everything about a record that needs no interning: the words, and the point and footprint in metres.
    static func words(of input: MatchInput, dirty: Bool) -> (Prepared, RecordWords) {
        var p = Prepared(kind: Self.kindIndex(input.kind), dirty: dirty, names: [])
        var w = RecordWords(source: input.source)
        var matchNames = [input.nameMatch.isEmpty ? Normalise.matchingName(input.name) : input.nameMatch]
        if let alternates = input.alternateNames {
            for part in alternates.split(whereSeparator: { $0 == ";" || $0 == "|" }) {
                let m = Normalise.matchingName(String(part))
                if !m.isEmpty, !matchNames.contains(m) { matchNames.append(m) }
            }
        }
        for m in matchNames where !m.isEmpty { w.names.append(nameWords(m)) }

        if let postcode = input.postcode {
            let parts = postcode.split(separator: " ")
            if parts.count == 2 {
                let outward = String(parts[0]), inward = parts[1]
                w.district = outward
                if let digit = inward.first { w.sector = outward + " " + String(digit) }
                if inward.count == 3 { w.unit = postcode }
            } else if parts.count == 1 {
                w.district = String(parts[0])
            }
        } else {
            if let town = input.town {
                let folded = Normalise.matchingName(town)
                if !folded.isEmpty { w.town = folded }
            }
            // Only what could be a postcode somewhere: a placeholder ("TBC", "unknown", "0") shared by a list's
            // records would otherwise pair them and count as one sector.
            if let written = input.writtenPostcode {
                let folded = written.uppercased().filter { $0.isLetter || $0.isNumber }
                if (3...10).contains(folded.count), folded.contains(where: \.isNumber) { w.writtenPostcode = folded }
            }
        }
        if let lat = input.lat, let lon = input.lon, let precision = input.precision {
            p.hasPoint = true
            p.precise = precision == .exact || precision == .postcode
            let kx = 111_320 * cos(lat * .pi / 180), ky = 110_574.0
            p.x = lon * kx
            p.y = lat * ky
            (p.minX, p.minY, p.maxX, p.maxY) = (p.x, p.y, p.x, p.y)
            // A building's footprint, not a park's or an estate's: beyond a few hundred metres a box says little
            // about where the thing is.
            if let f = input.footprint, p.precise, (f.maxLon - f.minLon) * kx <= Self.largestFootprint,
                (f.maxLat - f.minLat) * ky <= Self.largestFootprint
            {
                (p.minX, p.minY, p.maxX, p.maxY) = (min(f.minLon * kx, p.x), min(f.minLat * ky, p.y), max(f.maxLon * kx, p.x), max(f.maxLat * ky, p.y))
                p.footprint = true
            }
        }
        if let phone = input.phone, !phone.isEmpty { w.phone = "t:" + phone }
        if let email = input.email?.lowercased(), !email.isEmpty {
            w.email = "e:" + email
            if let at = email.lastIndex(of: "@") {
                let domain = String(email[email.index(after: at)...])
                if !domain.isEmpty, !SharedDomains.isShared(domain) { w.emailDomain = domain }
            }
        }
        if let website = input.website, !website.isEmpty {
            var host = Substring(website)
            if let scheme = website.range(of: "://") { host = website[scheme.upperBound...] }
            host = host.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" }
            let domain = host.hasPrefix("www.") ? String(host.dropFirst(4)) : String(host)
            if !domain.isEmpty, !SharedDomains.isShared(domain) {
                w.url = "w:" + website.lowercased()
                w.websiteDomain = domain
            }
        }
        if let n = input.charityNumber, !n.isEmpty { w.charity = "c:" + n }
        if let n = input.companyNumber, !n.isEmpty { w.company = "k:" + n }
        if let n = input.uprn, !n.isEmpty { w.uprn = "u:" + n }
        if let address = input.address, !address.isEmpty {
            let (tokens, number) = Self.addressWords(address)
            if !tokens.isEmpty {
                w.address = tokens.joined(separator: " ")
                w.addressTokens = tokens
                w.houseNumber = number
                let words = Set(tokens)
                for name in w.names {
                    for t in name.tokens where !w.placeWords.contains(t) && words.contains(t) { w.placeWords.append(t) }
                }
            }
        }
        return (p, w)
    }

    /// Gives a record's words their ids.
    private mutating func intern(_ record: Prepared, _ w: RecordWords) -> Prepared {
        var p = record
        p.source = sources.id(w.source)
        for name in w.names {
            var tokens: [Int32] = []
            for t in name.tokens {
                let id = nameTokens.id(t)
                if !tokens.contains(id) { tokens.append(id) }
            }
            var acronymIDs: [Int32] = []
            for a in name.acronyms {
                let id = acronyms.id(a)
                if !acronymIDs.contains(id) { acronymIDs.append(id) }
            }
            let short = name.short.map { acronyms.id($0) } ?? -1
            p.names.append(NameForm(
                bytes: Array(name.matching.utf8), full: fullNames.id(name.matching), tokens: tokens, acronyms: acronymIDs,
                short: short, types: name.types, numbers: name.numbers, classes: Similarity.byteClasses(name.matching.utf8)))
        }
        if let district = w.district { p.district = postcodes.id(district) }
        // A town is interned beside the districts, marked so that no town is taken for a district.
        p.locality = p.district >= 0 ? p.district : w.town.map { postcodes.id("town " + $0) } ?? -1
        if let written = w.writtenPostcode { p.writtenPostcode = postcodes.id("written " + written) }
        if let sector = w.sector { p.sector = postcodes.id(sector) }
        if let unit = w.unit { p.unit = postcodes.id(unit) }
        if let phone = w.phone { p.phone = contacts.id(phone) }
        if let email = w.email { p.email = contacts.id(email) }
        if let domain = w.emailDomain { p.domains.append(domains.id(domain)) }
        if let url = w.url { p.url = contacts.id(url) }
        if let domain = w.websiteDomain {
            let id = domains.id(domain)
            if !p.domains.contains(id) { p.domains.append(id) }
        }
        if let n = w.charity { p.charity = registry.id(n) }
        if let n = w.company { p.company = registry.id(n) }
        if let n = w.uprn { p.uprn = registry.id(n) }
        if let address = w.address {
            p.addressFull = addressTokens.id(address)
            var ids: [Int32] = []
            for t in w.addressTokens {
                let id = addressTokens.id(t)
                if !ids.contains(id) { ids.append(id) }
            }
            p.addressTokens = ids.sorted()
            if let number = w.houseNumber { p.houseNumber = addressTokens.id(number) }
            for t in w.placeWords {
                let id = nameTokens.id(t)
                if !p.placeWords.contains(id) { p.placeWords.append(id) }
            }
        }
        return p
    }

    /// A name's words: those that say something, its acronyms, what it says the thing is, its numbers.
    static func nameWords(_ matching: String) -> RecordWords.Name {
        let words = matching.split(separator: " ").map(String.init)
        // "of", "and", "the" say nothing about identity ("Friends of X Park" is "X Park Friends").
        let meaningful = words.contains { !Self.minorWords.contains($0) } ? words.filter { !Self.minorWords.contains($0) } : words
        var acronyms: [String] = []
        let significant = words.filter { !Self.minorWords.contains($0) }
        var variants = [significant]
        for tail in Self.legalTail where significant.count > tail.count && Array(significant.suffix(tail.count)) == tail {
            variants.append(Array(significant.dropLast(tail.count)))
        }
        for v in variants where v.count >= 3 && v.allSatisfy({ Self.isAllLetters($0) }) {
            acronyms.append(String(v.compactMap(\.first)))
        }
        var short: String?
        if words.count == 1, (2...8).contains(words[0].count), Self.isAllLetters(words[0]) { short = words[0] }
        return RecordWords.Name(
            matching: matching, tokens: meaningful, acronyms: acronyms, short: short, types: NameTypes(words: words),
            numbers: Self.numbers(in: words))
    }

    /// The digit runs of a name's words as numbers, at most 18 digits each (longer runs are not numbers that tell two
    /// things apart).
    static func numbers(in words: [String]) -> [UInt64] {
        var numbers: [UInt64] = []
        var value: UInt64 = 0, digits = 0
        func endRun() {
            if digits > 0, digits <= 18, !numbers.contains(value) { numbers.append(value) }
            value = 0
            digits = 0
        }
        for word in words {
            for byte in word.utf8 {
                if ASCIIByte.isDigit(byte) {
                    if digits < 18 { value = value * 10 + UInt64(byte - 0x30) }
                    digits += 1
                } else {
                    endRun()
                }
            }
            endRun()
        }
        return numbers
    }

    /// Letters only: ASCII byte by byte, anything else by Character.
    static func isAllLetters<S: StringProtocol>(_ word: S) -> Bool {
        for byte in word.utf8 {
            if byte >= 0x80 { return word.allSatisfy(\.isLetter) }
            if !ASCIIByte.isLetter(byte) { return false }
        }
        return true
    }

    static let addressAbbreviations: [String: String] = [
        "rd": "road", "ave": "avenue", "av": "avenue", "ln": "lane", "dr": "drive", "cl": "close", "ct": "court",
        "cres": "crescent", "gdns": "gardens", "sq": "square", "pl": "place", "hse": "house", "bldg": "building",
        "ctr": "centre", "center": "centre", "gr": "grove", "pde": "parade", "tce": "terrace", "wy": "way",
    ]

    /// Lowercase address words with common abbreviations spelled out and postcode fragments dropped; the house number.
    static func addressWords(_ address: String) -> ([String], String?) {
        var words: [String] = []
        let lower = address.lowercased()
        if lower.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII, as nearly every address is, split byte by byte: Character properties were a tenth of preparing
            // a million records.
            var bytes = lower.utf8[...]
            while let start = bytes.firstIndex(where: ASCIIByte.isAlphanumeric) {
                let end = bytes[start...].firstIndex { !ASCIIByte.isAlphanumeric($0) } ?? bytes.endIndex
                words.append(String(Substring(bytes[start..<end])))
                bytes = bytes[end...]
            }
        } else {
            var current = ""
            for ch in lower {
                if ch.isLetter || ch.isNumber { current.append(ch) } else if !current.isEmpty { words.append(current); current = "" }
            }
            if !current.isEmpty { words.append(current) }
        }
        var out: [String] = []
        var number: String?
        for w in words {
            let ascii = w.utf8.allSatisfy { $0 < 0x80 }
            let hasDigit = ascii ? w.utf8.contains(where: ASCIIByte.isDigit) : w.contains(where: \.isNumber)
            let hasLetter = ascii ? w.utf8.contains(where: ASCIIByte.isLetter) : w.contains(where: \.isLetter)
            if hasDigit && hasLetter {
                // "m33", "wa14" (outward codes) and "7ab" (inward codes) are the postcode, compared elsewhere.
                if w.first!.isLetter { continue }
                if w.count == 3, w.first!.isNumber, w.dropFirst().allSatisfy(\.isLetter) { continue }
            }
            if number == nil, w.first!.isNumber { number = w }
            out.append(addressAbbreviations[w] ?? w)
        }
        return (out, number)
    }
}
