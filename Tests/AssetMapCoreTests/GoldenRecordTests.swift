import Testing

@testable import AssetMapCore

@Suite struct GoldenRecordTests {
    /// The rule as first written, a set of seen values per field: what the one-pass `choose` must give.
    static func chooseBySets(_ members: [MemberRecord]) -> [String: FieldChoice] {
        let ranked = members.sorted { a, b in
            if a.trust != b.trust { return a.trust > b.trust }
            if a.recency != b.recency { return a.recency > b.recency }
            if a.fields.count != b.fields.count { return a.fields.count > b.fields.count }
            return a.recordID < b.recordID
        }
        var result: [String: FieldChoice] = [:]
        for field in Set(members.flatMap(\.fields.keys)).subtracting(GoldenRecord.internalFields) {
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

    /// SplitMix64, so a failure can be run again.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func theMostTrustedThenTheNewestValueIsChosenAndTheOthersKeptOnceInThatOrder() {
        let members = [
            MemberRecord(recordID: 1, source: "grants", sourceKey: "g1", trust: 0.5, recency: "2024-01-01",
                         fields: ["name": "Zebracorn Trust", "phone": "0161 000 0001", "name_match": "x"]),
            MemberRecord(recordID: 2, source: "charities", sourceKey: "c1", trust: 0.9, recency: "2023-01-01",
                         fields: ["name": "The Zebracorn Trust", "phone": ""]),
            MemberRecord(recordID: 3, source: "cvs", sourceKey: "v1", trust: 0.5, recency: "2025-01-01",
                         fields: ["name": "Zebracorn Trust", "email": "hello@zebracorn.org"]),
        ]
        let golden = GoldenRecord.choose(members)
        #expect(golden["name"]?.value == "The Zebracorn Trust")
        #expect(golden["name"]?.alternatives == [.init(value: "Zebracorn Trust", source: "cvs")])
        #expect(golden["phone"]?.value == "0161 000 0001")
        #expect(golden["phone"]?.recordID == 1)
        #expect(golden["email"]?.source == "cvs")
        #expect(golden["name_match"] == nil)
        #expect(golden.count == 3)
    }

    @Test func onePassGivesWhatSetsOfSeenValuesGive() {
        var random = Seeded(state: 2026_11_24)
        let fields = ["name", "address", "phone", "email", "categories", "name_match", "description"]
        for round in 0..<3_000 {
            // Up to 40 members, values from a small pool (repeats) or, for descriptions, a wide one (past the
            // alternatives scanned one by one), some empty.
            let count = Int.random(in: 1...(round % 10 == 0 ? 40 : 6), using: &random)
            let members = (0..<count).map { i in
                var values: [String: String] = [:]
                for field in fields where Bool.random(using: &random) {
                    let pool = field == "description" ? 60 : 4
                    let pick = Int.random(in: 0...pool, using: &random)
                    values[field] = pick == 0 ? "" : "\(field) \(pick)"
                }
                return MemberRecord(
                    recordID: Int64(i * 7 % 11 + i), source: "source \(Int.random(in: 1...3, using: &random))", sourceKey: "k\(i)",
                    trust: [0.5, 0.7, 0.9].randomElement(using: &random)!,
                    recency: ["2023-05-01", "2024-05-01", "2025-05-01"].randomElement(using: &random)!, fields: values)
            }
            #expect(GoldenRecord.choose(members) == Self.chooseBySets(members), "round \(round)")
        }
    }
}
