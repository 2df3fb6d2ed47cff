import Foundation

/// One source record as a member of an entity, for choosing the entity's golden values.
public struct MemberRecord: Sendable, Equatable {
    public var recordID: Int64
    public var source: String
    public var sourceKey: String
    public var trust: Double
    /// The record's own date, else its source's as-of date, else when it was stored: newer wins ties on trust.
    public var recency: String
    public var fields: [String: String]

    public init(recordID: Int64, source: String, sourceKey: String, trust: Double, recency: String, fields: [String: String]) {
        self.recordID = recordID
        self.source = source
        self.sourceKey = sourceKey
        self.trust = trust
        self.recency = recency
        self.fields = fields
    }
}

/// An entity's value for one field, where it came from, and the other values the lists give.
public struct FieldChoice: Codable, Sendable, Equatable {
    public var value: String
    public var source: String
    public var recordID: Int64
    public var alternatives: [Alternative]
    public struct Alternative: Codable, Sendable, Equatable {
        public var value: String
        public var source: String
    }

    public init(value: String, source: String, recordID: Int64, alternatives: [Alternative]) {
        self.value = value
        self.source = source
        self.recordID = recordID
        self.alternatives = alternatives
    }

    enum CodingKeys: String, CodingKey {
        case value, source, alternatives
        case recordID = "record_id"
    }
}

/// Picks each field from the most trusted source, then the most recent, then the most complete record.
public enum GoldenRecord {
    /// Fields that are bookkeeping, not facts about the thing.
    static let internalFields = ["name_match"]

    public static func choose(_ members: [MemberRecord]) -> [String: FieldChoice] {
        let ranked = members.count < 2 ? members : members.sorted { a, b in
            if a.trust != b.trust { return a.trust > b.trust }
            if a.recency != b.recency { return a.recency > b.recency }
            if a.fields.count != b.fields.count { return a.fields.count > b.fields.count }
            return a.recordID < b.recordID
        }
        // One pass over the members best first: a field's first value is chosen and each other value is an
        // alternative once, in rank order. (A set of seen values per field per entity was most of writing a 1M match's
        // directory rows.) Fields with many values keep a set of them.
        var result: [String: FieldChoice] = [:]
        var manyValues: [String: Set<String>] = [:]
        for member in ranked {
            for (field, value) in member.fields where !value.isEmpty && !internalFields.contains(field) {
                guard let index = result.index(forKey: field) else {
                    result[field] = FieldChoice(value: value, source: member.source, recordID: member.recordID, alternatives: [])
                    continue
                }
                let choice = result.values[index]
                if choice.alternatives.count < Self.valuesScanned {
                    if choice.value == value || choice.alternatives.contains(where: { $0.value == value }) { continue }
                } else {
                    if manyValues[field] == nil { manyValues[field] = Set([choice.value] + choice.alternatives.map(\.value)) }
                    guard manyValues[field]!.insert(value).inserted else { continue }
                }
                result.values[index].alternatives.append(.init(value: value, source: member.source))
            }
        }
        return result
    }

    /// Alternatives up to which a new value is compared with each, past which a set of them is kept.
    static let valuesScanned = 16
}
