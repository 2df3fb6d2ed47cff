import Foundation

/// A small JSON Schema (2020-12 subset) validator: enough to hold real responses to the OpenAPI document —
/// `$ref` (local), `type` (one or a list), `required`, `properties`, `additionalProperties`, `items`, `enum`, `const`,
/// `oneOf`/`anyOf`, `minimum`/`maximum`, `minItems`/`maxItems`.
/// For the Open Referral UK schemas also: `$ref` to other files (the UK profile's GitHub URLs and bare file names,
/// read from `schemaDirectory`), `allOf`, `format` (uuid, date, date-time, uri, email), `pattern`, `minLength`/`maxLength`.
struct SchemaValidator {
    let root: [String: Any]
    /// Where `$ref`s to other files are read from (the UK profile's `schema/` folder), if anywhere.
    var schemaDirectory: URL? = nil
    /// The prefix of the UK profile's own `$ref`s, which stand for `schemaDirectory`.
    static let ukSchemaPrefix = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"

    /// Problems found, each with the JSON path where it is; empty when the value conforms.
    func validate(_ value: Any, against schema: [String: Any], path: String = "$") -> [String] {
        if let ref = schema["$ref"] as? String {
            guard let target = resolve(ref) else { return ["\(path): unresolvable $ref \(ref)"] }
            return validate(value, against: target, path: path)
        }
        var problems: [String] = []
        for part in schema["allOf"] as? [[String: Any]] ?? [] {
            problems += validate(value, against: part, path: path)
        }
        if let text = value as? String {
            if let format = schema["format"] as? String, !Self.conforms(text, format: format) {
                problems.append("\(path): \"\(text.prefix(80))\" is not a valid \(format)")
            }
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                problems.append("\(path): \"\(text.prefix(80))\" does not match \(pattern)")
            }
            if let min = schema["minLength"] as? Int, text.count < min { problems.append("\(path): shorter than \(min)") }
            if let max = schema["maxLength"] as? Int, text.count > max { problems.append("\(path): longer than \(max)") }
        }
        if let types = schema["type"] {
            let allowed = (types as? [String]) ?? [(types as? String) ?? ""]
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                return problems + ["\(path): expected \(allowed.joined(separator: "|")), got \(Self.describe(value))"]
            }
        }
        if let constant = schema["const"], !Self.equal(value, constant) { problems.append("\(path): expected const \(constant)") }
        if let options = schema["enum"] as? [Any], !options.contains(where: { Self.equal(value, $0) }) {
            problems.append("\(path): \(Self.describe(value)) not in enum")
        }
        for key in ["oneOf", "anyOf"] {
            if let options = schema[key] as? [[String: Any]] {
                let passing = options.filter { validate(value, against: $0, path: path).isEmpty }.count
                if key == "oneOf" ? passing != 1 : passing == 0 { problems.append("\(path): matches \(passing) of \(key)") }
            }
        }
        if let number = value as? NSNumber, !Self.isBool(value) {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum { problems.append("\(path): below minimum") }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum { problems.append("\(path): above maximum") }
        }
        if let object = value as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): missing required '\(key)'")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (key, member) in object {
                if let propertySchema = properties[key] as? [String: Any] {
                    problems += validate(member, against: propertySchema, path: "\(path).\(key)")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    problems += validate(member, against: additional, path: "\(path).\(key)")
                } else if let allowed = schema["additionalProperties"] as? Bool, !allowed {
                    problems.append("\(path): unexpected property '\(key)'")
                }
            }
        }
        if let array = value as? [Any] {
            if let items = schema["items"] as? [String: Any] {
                for (i, element) in array.enumerated() { problems += validate(element, against: items, path: "\(path)[\(i)]") }
            }
            if let min = schema["minItems"] as? Int, array.count < min { problems.append("\(path): fewer than \(min) items") }
            if let max = schema["maxItems"] as? Int, array.count > max { problems.append("\(path): more than \(max) items") }
        }
        return problems
    }

    func resolve(_ ref: String) -> [String: Any]? {
        if !ref.hasPrefix("#"), let directory = schemaDirectory {
            // Another file: the UK profile's URL of it, or its name beside the others.
            let file = ref.hasPrefix(Self.ukSchemaPrefix) ? String(ref.dropFirst(Self.ukSchemaPrefix.count)) : ref
            guard !file.contains("://"), let data = try? Data(contentsOf: directory.appendingPathComponent(file)) else { return nil }
            return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        }
        guard ref.hasPrefix("#/") else { return nil }
        var node: Any = root
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let object = node as? [String: Any], let next = object[String(part)] else { return nil }
            node = next
        }
        return node as? [String: Any]
    }

    /// The string formats the UK schemas use; formats this validator does not know pass.
    static func conforms(_ text: String, format: String) -> Bool {
        func matches(_ pattern: String) -> Bool { text.range(of: pattern, options: .regularExpression) != nil }
        switch format {
        case "uuid":
            return matches("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
        case "date":
            return matches("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
        case "date-time":
            return matches("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$")
        case "uri":
            return matches("^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$") && URL(string: text) != nil
        case "email":
            return matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")
        default:
            return true
        }
    }

    /// JSONSerialization gives booleans as NSNumbers of ObjC type `c` (char), on Darwin and Linux alike.
    static func isBool(_ value: Any) -> Bool {
        guard let n = value as? NSNumber else { return false }
        return String(cString: n.objCType) == "c"
    }

    static func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "boolean": return isBool(value)
        case "integer":
            guard let n = value as? NSNumber, !isBool(value) else { return false }
            return n.doubleValue == n.doubleValue.rounded() && !(value is String)
        case "number": return value is NSNumber && !isBool(value)
        case "string": return value is String
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        default: return false
        }
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        if a is NSNull && b is NSNull { return true }
        if let x = a as? String, let y = b as? String { return x == y }
        if let x = a as? NSNumber, let y = b as? NSNumber { return x == y }
        return false
    }

    static func describe(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if isBool(value) { return "boolean" }
        if value is String { return "string \"\(value)\"" }
        if value is NSNumber { return "number \(value)" }
        if value is [Any] { return "array" }
        return "object"
    }
}
