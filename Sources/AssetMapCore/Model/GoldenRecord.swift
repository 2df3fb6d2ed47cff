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
    static let internalFields: Set<String> = ["name_match"]

    public static func choose(_ members: [MemberRecord]) -> [String: FieldChoice] {
        let ranked = members.sorted { a, b in
            if a.trust != b.trust { return a.trust > b.trust }
            if a.recency != b.recency { return a.recency > b.recency }
            if a.fields.count != b.fields.count { return a.fields.count > b.fields.count }
            return a.recordID < b.recordID
        }
        var result: [String: FieldChoice] = [:]
        let names = Set(members.flatMap(\.fields.keys)).subtracting(internalFields)
        for field in names {
            var choice: FieldChoice?
            var seen: Set<String> = []
            for member in ranked {
                guard let value = member.fields[field], !value.isEmpty else { continue }
                if choice == nil {
                    choice = FieldChoice(value: value, source: member.source, recordID: member.recordID, alternatives: [])
                    seen.insert(value)
                } else if seen.insert(value).inserted {
                    choice!.alternatives.append(.init(value: value, source: member.source))
                }
            }
            if let choice { result[field] = choice }
        }
        return result
    }
}
