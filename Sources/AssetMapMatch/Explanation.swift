import AssetMapCore
import AssetMapStore
import Foundation

/// Why a pair scored what it did: every comparison, its level and its weight, from the prior to the probability.
public struct Explanation: Codable, Sendable, Equatable {
    /// One step of the waterfall.
    public struct Step: Codable, Sendable, Equatable {
        public var comparison: String
        /// The level in words; "missing" when either record lacks the value, "not counted" when both have it and the
        /// comparison leaves it out for this pair (see `Explanation.notCounted`).
        public var level: String
        public var levelIndex: Int?
        /// The two values compared, as the records give them.
        public var values: [String?]
        /// log2 Bayes factor: positive for the pair, negative against.
        public var weight: Double

        enum CodingKeys: String, CodingKey {
            case comparison, level, values, weight
            case levelIndex = "level_index"
        }
    }

    public var priorWeight: Double
    public var steps: [Step]
    /// Term-frequency adjustment: a common exact value counts for less, a rare one for more.
    public var termFrequencyAdjustment: Double
    public var totalWeight: Double
    public var probability: Double

    enum CodingKeys: String, CodingKey {
        case steps, probability
        case priorWeight = "prior_weight"
        case termFrequencyAdjustment = "term_frequency_adjustment"
        case totalWeight = "total_weight"
    }

    /// Explains a stored pair with the stored model.
    public static func of(_ pair: PairDetail, model: MatchModel) -> Explanation {
        let kind = MatchModel.kindIndex(EntityKind(rawValue: pair.a.kind) ?? .organisation)
        let vector = PairVector(text: pair.levels) ?? PairVector()
        var steps: [Step] = []
        for c in Comparison.allCases {
            let level = Int(vector[c.rawValue])
            let values = [value(c, pair.a), value(c, pair.b)]
            if level < 0 {
                let level = values.allSatisfy { $0 != nil } ? "not counted" : "missing"
                steps.append(Step(comparison: c.label, level: level, levelIndex: nil, values: values, weight: 0))
            } else {
                steps.append(Step(
                    comparison: c.label, level: c.levels[level], levelIndex: level, values: values,
                    weight: model.weight(kind: kind, comparison: c, level: level)))
            }
        }
        return Explanation(
            priorWeight: model.priorWeight(kind: kind), steps: steps, termFrequencyAdjustment: pair.tfAdjustment,
            totalWeight: pair.weight, probability: pair.probability)
    }

    static func value(_ c: Comparison, _ side: PairSide) -> String? {
        let f = side.fields
        switch c {
        case .name:
            if let alternates = f["alternate_names"] { return "\(side.name) (also \(alternates))" }
            return side.name
        case .location:
            let point = f["lat"].flatMap { lat in f["lon"].map { "\(lat), \($0)" } }
            return [side.postcode, point].compactMap { $0 }.joined(separator: " · ").nilIfEmpty
        case .address: return side.address
        case .phone: return f["phone"]
        case .email: return f["email"]
        case .website: return f["website"]
        case .charityNumber: return f["charity_number"]
        case .companyNumber: return f["company_number"]
        case .uprn: return f["uprn"]
        }
    }

    /// Why a step gave no evidence: a value missing, or both given and deliberately left out (Comparer.compare).
    static func notCounted(_ step: Step) -> String {
        guard step.level == "not counted" else { return "missing on one side, no evidence" }
        switch step.comparison {
        case Comparison.address.label: return "not counted: the two points already say where they are"
        case Comparison.phone.label, Comparison.email.label, Comparison.website.label:
            return "not counted: services or places apart from each other, so shared contact details speak for the provider, not the place"
        default: return "not compared, no evidence"
        }
    }

    /// The waterfall in words, one line per step.
    public var lines: [String] {
        func signed(_ w: Double) -> String { String(format: "%+.2f", w) }
        var out = ["start: prior odds that two random records of this kind match    \(signed(priorWeight)) bits"]
        var running = priorWeight
        for step in steps {
            if step.levelIndex == nil {
                out.append("\(step.comparison): \(Self.notCounted(step))    +0.00")
                continue
            }
            running += step.weight
            let values = step.values.map { $0 ?? "—" }.joined(separator: "  vs  ")
            let direction = step.weight > 0.05 ? "for" : (step.weight < -0.05 ? "against" : "neutral")
            out.append("\(step.comparison): \(step.level) (\(values))    \(signed(step.weight)) bits \(direction), running \(signed(running))")
        }
        if termFrequencyAdjustment != 0 {
            running += termFrequencyAdjustment
            out.append("term frequency: \(termFrequencyAdjustment < 0 ? "a common value, worth less" : "a rare value, worth more")    \(signed(termFrequencyAdjustment)) bits, running \(signed(running))")
        }
        out.append("total \(signed(totalWeight)) bits → match probability \(String(format: "%.4f", probability))")
        return out
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
