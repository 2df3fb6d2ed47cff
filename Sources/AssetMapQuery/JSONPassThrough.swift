import Foundation

/// Any value `JSONSerialization` reads, encodable again with Codable: stored JSON (geometry, audit details)
/// passed through inside a Codable document.
public struct AnyJSON: Encodable {
    public let value: Any
    public init(_ value: Any) { self.value = value }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch value {
        case let s as String: try c.encode(s)
        case let n as NSNumber: try c.encode(n.doubleValue)
        case let a as [Any]: try c.encode(a.map(AnyJSON.init))
        case let d as [String: Any]: try c.encode(d.mapValues(AnyJSON.init))
        default: try c.encodeNil()
        }
    }
}

/// JSON text encoded as the value it holds. `strict` refuses text that is not JSON; otherwise it becomes `{}`.
public struct StoredJSON: Encodable {
    public let text: String
    public let strict: Bool
    public init(_ text: String, strict: Bool = true) {
        self.text = text
        self.strict = strict
    }

    public func encode(to encoder: any Encoder) throws {
        let data = Data(text.utf8)
        let value = strict
            ? try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            : (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) ?? [String: Any]()
        var container = encoder.singleValueContainer()
        try container.encode(AnyJSON(value))
    }
}
