import AssetMapCore
import AssetMapStore
import Foundation

/// A property a reconciliation query may give besides the name (OpenRefine's "also use relevant details").
public enum ReconciliationProperty: String, CaseIterable, Sendable {
    case postcode, website, phone, email, address
    case charityNumber = "charity_number"
    case companyNumber = "company_number"

    public var name: String {
        switch self {
        case .postcode: "Postcode"
        case .website: "Website"
        case .phone: "Phone"
        case .email: "Email"
        case .address: "Address"
        case .charityNumber: "Charity number"
        case .companyNumber: "Company number"
        }
    }

    public var description: String {
        switch self {
        case .postcode: "UK postcode, e.g. M33 7AA (a sector or district counts for less)"
        case .website: "web address; the organisation's own domain counts"
        case .phone: "UK phone number in any usual form"
        case .email: "email address; its organisation domain counts too"
        case .address: "street address"
        case .charityNumber: "Charity Commission registration number; a different number is strong evidence against"
        case .companyNumber: "Companies House number"
        }
    }

    /// The property an id names; OpenRefine users also type the display names ("Charity number").
    public init?(id: String) {
        let key = id.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "_")
            .replacingOccurrences(of: "-", with: "_")
        switch key {
        case "postcode", "post_code", "postal_code", "zip": self = .postcode
        case "website", "url", "web", "homepage": self = .website
        case "phone", "telephone", "tel": self = .phone
        case "email", "e_mail": self = .email
        case "address", "street_address": self = .address
        case "charity_number", "charity", "registered_charity_number", "charity_no": self = .charityNumber
        case "company_number", "company", "company_no", "companies_house_number": self = .companyNumber
        default: return nil
        }
    }
}

/// One reconciliation query: a name as an officer's list gives it, optionally a kind and other values.
public struct ReconciliationQuery: Sendable, Equatable {
    public var text: String
    public var kind: EntityKind?
    public var limit: Int
    public var properties: [ReconciliationProperty: String]

    public static let defaultLimit = 5
    public static let maxLimit = 100

    public init(text: String, kind: EntityKind? = nil, limit: Int = ReconciliationQuery.defaultLimit, properties: [ReconciliationProperty: String] = [:]) {
        self.text = text
        self.kind = kind
        self.limit = limit
        self.properties = properties
    }
}

/// A candidate entity for a query, scored by the matcher's comparisons.
public struct ReconciliationCandidate: Sendable, Equatable {
    /// What one comparison contributed, in bits of evidence (positive for, negative against).
    public struct Feature: Sendable, Equatable {
        public var id: String
        public var value: Double
    }
    public var entityID: Int64
    public var name: String
    public var kind: EntityKind
    /// 0–100: the probability that this entity is the one the query means.
    public var score: Double
    /// The summed evidence in bits, reconciliation prior included.
    public var weight: Double
    public var match: Bool
    public var description: String?
    public var features: [Feature]
}

/// Why a batch of queries cannot be answered; `parameter` is where the fault is.
public enum ReconciliationError: Error, Equatable, Sendable, CustomStringConvertible {
    case badQueries(String)

    public var description: String {
        switch self {
        case .badQueries(let detail): detail
        }
    }
}

/// Reconciles names (and details) from an officer's list against the directory: candidates by blocking on the name's
/// words, postcode, web domain, phone, email and registry numbers; each scored with the matcher's Fellegi–Sunter
/// comparisons and learned weights, against the golden record the caller may see.
public final class Reconciler: @unchecked Sendable {
    public let store: AssetMapStore
    /// Cached word frequencies of the directory's records, and the model, until the data changes.
    private let lock = NSLock()
    private var cached: (stamp: String, features: FeatureSet, model: MatchModel)?

    /// The prior odds, in bits, that a candidate the blocking found is the thing the query means. The matcher's own
    /// prior is for two records drawn at random from the whole directory (about 1 in 10,000); a reconciliation
    /// query names something an officer expects to be there, and the candidate already shares its words or details,
    /// so the prior is far higher: 1 in 8. An exact, uncommon name alone is then a confident answer; a shared
    /// common word is not.
    public static let priorWeight = -3.0
    /// A candidate is a match when it is at least this likely…
    public static let matchProbability = 0.9
    /// …and at least this many bits (2^3 = 8 times) more likely than the runner-up.
    public static let matchMargin = 3.0
    /// …and its name at least "similar" (`Comparison.name.levels`), unless a charity or company number agrees.
    public static let matchNameLevel: Int8 = 3

    public init(store: AssetMapStore) {
        self.store = store
    }

    /// Answers each query with its candidates, best first.
    public func reconcile(_ queries: [ReconciliationQuery], visibility: Visibility) throws -> [[ReconciliationCandidate]] {
        guard !queries.isEmpty else { return [] }
        let (base, model) = try state()
        var features = base
        var answers: [[ReconciliationCandidate]] = []
        for query in queries {
            answers.append(try reconcile(query, visibility: visibility, features: &features, model: model))
        }
        return answers
    }

    private func reconcile(
        _ query: ReconciliationQuery, visibility: Visibility, features: inout FeatureSet, model: MatchModel
    ) throws -> [ReconciliationCandidate] {
        let p = query.properties
        let postcode = p[.postcode].map(PostcodeValue.parse)
        let website = p[.website].flatMap { Normalise.website($0).value }
        let email = p[.email].flatMap { Normalise.email($0).value }
        var domain = website.flatMap(Normalise.websiteDomain)
        if domain == nil, let email, let at = email.lastIndex(of: "@") { domain = String(email[email.index(after: at)...]) }
        if let d = domain, d.hasPrefix("www.") { domain = String(d.dropFirst(4)) }
        if let d = domain, SharedDomains.isShared(d) { domain = nil }
        var unit: String?
        if case .unit(let u)? = postcode { unit = u.formatted }
        let block = ReconcileBlock(
            name: query.text, kind: query.kind, postcode: unit,
            domain: domain, phone: p[.phone].flatMap { Normalise.phone($0).value }, email: email,
            charityNumber: p[.charityNumber].flatMap { Normalise.charityNumber($0).value },
            companyNumber: p[.companyNumber].flatMap { Normalise.companyNumber($0).value })
        guard !query.text.isEmpty || block != ReconcileBlock(name: "", kind: query.kind) else { return [] }
        let ids = try store.reconcileCandidates(block, visibility: visibility)
        let entities = try store.reconcileEntities(ids, visibility: visibility)
        guard !entities.isEmpty else { return [] }

        // The query as a record, geocoded from the postcode table where its postcode is a full one.
        var point: Coordinate?
        if let postcode = block.postcode, let found = try store.lookupPostcode(postcode) { point = Coordinate(lat: found.lat, lon: found.lon) }
        func queryInput(_ kind: EntityKind) -> MatchInput {
            MatchInput(
                recordID: -1, entityID: nil, kind: kind, source: "query", sourceKey: "", contentHash: "", matchedHash: nil,
                name: query.text, nameMatch: Normalise.matchingName(query.text), address: p[.address], postcode: postcode?.formatted,
                phone: block.phone, email: email, website: website, charityNumber: block.charityNumber,
                companyNumber: block.companyNumber, lat: point?.lat, lon: point?.lon, precision: point == nil ? nil : .postcode)
        }
        var queryIndex: [EntityKind: Int] = [:]
        var scored: [ReconciliationCandidate] = []
        var candidateIndexes: [Int] = []
        var namesAgree: [Int64: Bool] = [:]
        for e in entities {
            if queryIndex[e.kind] == nil { queryIndex[e.kind] = features.appendOutsider(queryInput(e.kind)) }
            candidateIndexes.append(features.appendOutsider(Self.input(e)))
        }
        let compare = Comparer(features: features)
        for (e, c) in zip(entities, candidateIndexes) {
            let kind = MatchModel.kindIndex(e.kind)
            let vector = compare.compare(queryIndex[e.kind]!, c)
            let (total, _) = model.score(vector, kind: kind)
            let weight = total - model.priorWeight(kind: kind) + Self.priorWeight
            var featureList: [ReconciliationCandidate.Feature] = []
            for comparison in Comparison.allCases where vector[comparison.rawValue] >= 0 {
                let w = model.weight(kind: kind, comparison: comparison, level: Int(vector[comparison.rawValue]))
                featureList.append(.init(id: Self.featureID(comparison), value: (w * 100).rounded() / 100))
            }
            // The query is a name first: another name at the same address (the football club beside the care home)
            // can score high on place alone, but is never *the* answer unless a registry number says so.
            let nameLevel = vector[Comparison.name.rawValue]
            namesAgree[e.entityID] = (nameLevel >= 0 && nameLevel <= Self.matchNameLevel)
                || vector[Comparison.charityNumber.rawValue] == 0 || vector[Comparison.companyNumber.rawValue] == 0
            let probability = MatchModel.probability(weight)
            scored.append(ReconciliationCandidate(
                entityID: e.entityID, name: e.name, kind: e.kind, score: (probability * 1000).rounded() / 10, weight: weight,
                match: false, description: Self.describe(e), features: featureList))
        }
        // Drop the outsiders again so the next query starts from the directory alone.
        features.removeOutsiders(keeping: features.records.count - candidateIndexes.count - queryIndex.count)
        scored.sort { ($0.weight, -$0.entityID) > ($1.weight, -$1.entityID) }
        if let best = scored.first {
            let clear = scored.count < 2 || best.weight - scored[1].weight >= Self.matchMargin
            scored[0].match = MatchModel.probability(best.weight) >= Self.matchProbability && clear && namesAgree[best.entityID] == true
        }
        return Array(scored.prefix(max(1, min(query.limit, ReconciliationQuery.maxLimit))))
    }

    /// The comparison's id in `features`.
    static func featureID(_ c: Comparison) -> String {
        switch c {
        case .name: "name"
        case .location: "location"
        case .address: "address"
        case .phone: "phone"
        case .email: "email"
        case .website: "website"
        case .charityNumber: "charity_number"
        case .companyNumber: "company_number"
        case .uprn: "uprn"
        }
    }

    static func describe(_ e: ReconcileEntity) -> String? {
        let parts = [e.address, e.postcode].compactMap { $0 }.filter { !$0.isEmpty }
        var text = parts.joined(separator: ", ")
        if let postcode = e.postcode, let address = e.address, address.contains(postcode) { text = address }
        return text.isEmpty ? nil : text
    }

    /// A golden record as the matcher reads a record.
    static func input(_ e: ReconcileEntity) -> MatchInput {
        MatchInput(
            recordID: -e.entityID, entityID: e.entityID, kind: e.kind, source: "directory", sourceKey: "", contentHash: "",
            matchedHash: nil, name: e.name, nameMatch: Normalise.matchingName(e.name),
            alternateNames: e.otherNames.isEmpty ? nil : e.otherNames.joined(separator: ";"), address: e.address,
            postcode: e.postcode, phone: e.phone.flatMap { Normalise.phone($0).value } ?? e.phone,
            email: e.email.flatMap { Normalise.email($0).value } ?? e.email,
            website: e.website.flatMap { Normalise.website($0).value } ?? e.website, charityNumber: e.charityNumber,
            companyNumber: e.companyNumber, uprn: e.uprn, lat: e.lat, lon: e.lon, precision: e.precision)
    }

    /// The directory's word frequencies and the learned model (the priors before the first `match`), rebuilt when
    /// the records, the matching or the model change.
    private func state() throws -> (FeatureSet, MatchModel) {
        let stamp = try store.reconcileStamp()
        if let cached = lock.withLock({ cached }), cached.stamp == stamp { return (cached.features, cached.model) }
        let features = FeatureSet(try store.matchInputs(), allDirty: false)
        let model = try Matcher(store: store).model() ?? .prior
        lock.withLock { cached = (stamp, features, model) }
        return (features, model)
    }
}

extension FeatureSet {
    /// Adds a record from outside the directory (a query, a golden record) without changing the directory's
    /// frequencies, so it is compared as the matcher would compare a record of the directory; its index.
    mutating func appendOutsider(_ input: MatchInput) -> Int {
        records.append(prepare(input, dirty: false))
        // At no site of the directory's: its name's records were counted without it.
        site.append(-1)
        // New words and values have no frequency: their rows are zero (a word no record has weighs the most).
        for k in 0..<3 {
            if tokenDF[k].count < nameTokens.count { tokenDF[k] += Array(repeating: 0, count: nameTokens.count - tokenDF[k].count) }
            if nameCount[k].count < fullNames.count { nameCount[k] += Array(repeating: 0, count: fullNames.count - nameCount[k].count) }
            if contactCount[k].count < contacts.count { contactCount[k] += Array(repeating: 0, count: contacts.count - contactCount[k].count) }
            if nameInOneList[k].count < fullNames.count { nameInOneList[k] += Array(repeating: 1, count: fullNames.count - nameInOneList[k].count) }
        }
        noteTokenWeights()
        // Comparisons read an address's letters by its id, and a new address has a new id.
        noteAddressLetters(records[records.count - 1].addressFull)
        return records.count - 1
    }

    /// Forgets the outsiders' records (their interned words stay, harmlessly, with zero frequency).
    mutating func removeOutsiders(keeping count: Int) {
        if records.count > count { records.removeLast(records.count - count) }
        if site.count > count { site.removeLast(site.count - count) }
    }
}
