import AssetMapCore
import AssetMapStore
import Foundation

/// Reads a GeoJSON FeatureCollection of Polygon/MultiPolygon features into one area layer.
public struct AreaFile {
    let path: String
    let layer: String
    let codeField: String?
    let nameField: String?

    /// Without a code field the layer is keyed by name (e.g. council localities).
    public init(path: String, layer: String, codeField: String?, nameField: String?) throws {
        guard codeField != nil || nameField != nil else {
            throw IngestError.invalidOption(option: "--code-field/--name-field", detail: "give at least one of them")
        }
        self.path = path
        self.layer = layer
        self.codeField = codeField
        self.nameField = nameField
    }

    /// Replaces the layer in one transaction and re-assigns every located record.
    public func load(into store: AssetMapStore) throws -> AreaLoadSummary {
        let features = try GeoJSONFile.features(path: path)
        return try store.replaceAreaLayer(layer, codeField: codeField, nameField: nameField, file: path) { add in
            for (index, feature) in features.enumerated() {
                let origin = "\(path), feature \(index + 1)"
                let properties = feature["properties"] as? [String: Any] ?? [:]
                func property(_ field: String?) throws -> String? {
                    guard let field else { return nil }
                    guard let value = GeoJSONFile.property(properties, field) else {
                        throw IngestError.malformed(
                            path: path, line: nil,
                            detail: "feature \(index + 1) has no property '\(field)' (properties: \(properties.keys.sorted().joined(separator: ", ")))")
                    }
                    return value
                }
                let code = try property(codeField)
                let name = try property(nameField)
                guard let geometry = feature["geometry"] as? [String: Any],
                    let type = geometry["type"] as? String, type == "Polygon" || type == "MultiPolygon"
                else {
                    throw IngestError.malformed(path: path, line: nil, detail: "feature \(index + 1): geometry is not a Polygon or MultiPolygon")
                }
                let json = try JSONSerialization.data(withJSONObject: geometry)
                try add(AreaFeature(code: code ?? name!, name: name, geometryJSON: String(decoding: json, as: UTF8.self), origin: origin))
            }
        }
    }
}

/// Small helpers for GeoJSON files read whole (boundary files and GIS exports fit in memory).
public enum GeoJSONFile {
    /// The features of a FeatureCollection (or a single Feature).
    public static func features(path: String) throws -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: path) else { throw IngestError.fileNotFound(path: path) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw IngestError.unreadable(path: path, detail: error.localizedDescription)
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw IngestError.malformed(path: path, line: nil, detail: "not valid JSON (\(error.localizedDescription))")
        }
        guard let root = object as? [String: Any], let type = root["type"] as? String else {
            throw IngestError.malformed(path: path, line: nil, detail: "not GeoJSON: expected an object with a \"type\"")
        }
        switch type {
        case "FeatureCollection":
            guard let features = root["features"] as? [[String: Any]] else {
                throw IngestError.malformed(path: path, line: nil, detail: "FeatureCollection without a \"features\" array")
            }
            return features
        case "Feature":
            return [root]
        default:
            throw IngestError.malformed(path: path, line: nil, detail: "GeoJSON of type \(type); expected a FeatureCollection")
        }
    }

    /// A property as text: strings as they are, numbers without a trailing ".0", null/absent as nil.
    public static func property(_ properties: [String: Any], _ key: String) -> String? {
        let value = properties[key] ?? properties.first { $0.key.lowercased() == key.lowercased() }?.value
        return text(value)
    }

    static func text(_ value: Any?) -> String? {
        switch value {
        case nil, is NSNull: return nil
        case let s as String: return s
        case let n as NSNumber:
            let d = n.doubleValue
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return n.stringValue
        case let other?:
            if let data = try? JSONSerialization.data(withJSONObject: other, options: [.sortedKeys]) {
                return String(decoding: data, as: UTF8.self)
            }
            return "\(other)"
        }
    }
}
