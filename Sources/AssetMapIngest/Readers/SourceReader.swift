import AssetMapCore
import Foundation

/// One row of a source file: its values by column, where it was, and any geometry it carried.
public struct SourceRow: Sendable {
    /// Physical line (CSV, header is line 1) or 1-based feature/element number (GeoJSON, JSON).
    public var line: Int
    public var fields: [String]
    /// GeoJSON geometry of the feature, as JSON text.
    public var geometry: String?
    public var geometryType: String?
}

/// Streams the rows of a source file, whatever its format.
public protocol SourceReader: AnyObject {
    var path: String { get }
    var columns: [String] { get }
    /// What a row's position is called in messages: "line" or "feature".
    var positionName: String { get }
    func next() throws -> SourceRow?
}

extension SourceReader {
    /// Index of a column: exact, then ignoring case and surrounding space.
    public func columnIndex(_ name: String) -> Int? {
        if let index = columns.firstIndex(of: name) { return index }
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        return columns.firstIndex { $0.lowercased() == wanted }
    }
}

/// Opens the right reader for a file.
public enum SourceReaders {
    public static func open(path: String, format: SourceFormat?) throws -> any SourceReader {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw IngestError.fileNotFound(path: path)
        }
        guard let format = format ?? SourceFormat(path: path) else {
            throw IngestError.invalidOption(
                option: "format", detail: "cannot tell the format of \(path) from its name; add \"format\": \"csv\" (or geojson, json) to the profile")
        }
        switch format {
        case .csv: return try CSVSourceReader(path: path)
        case .geojson, .json: return try JSONSourceReader(path: path)
        case .oruk: return try OpenReferralFeedReader(path: path)
        }
    }
}

final class CSVSourceReader: SourceReader {
    let reader: CSVRowReader
    var path: String { reader.path }
    var columns: [String] { reader.header }
    var positionName: String { "line" }

    init(path: String) throws {
        let delimiter: UnicodeScalar = path.lowercased().hasSuffix(".tsv") ? "\t" : ","
        reader = try CSVRowReader(path: path, delimiter: delimiter)
    }

    func next() throws -> SourceRow? {
        guard let row = try reader.next() else { return nil }
        return SourceRow(line: row.line, fields: row.fields, geometry: nil, geometryType: nil)
    }
}

/// GeoJSON FeatureCollections and JSON arrays of objects (or `{"data"|"items"|"contents": [...]}`), read whole.
final class JSONSourceReader: SourceReader {
    let path: String
    let columns: [String]
    let positionName: String
    private var items: [[String: Any]]
    private var geometries: [[String: Any]?]
    private var index = 0

    init(path: String) throws {
        self.path = path
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw IngestError.unreadable(path: path, detail: error.localizedDescription)
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw IngestError.malformed(path: path, line: nil, detail: "not valid JSON (\(error.localizedDescription))")
        }
        if let root = object as? [String: Any], root["type"] as? String == "FeatureCollection" {
            guard let features = root["features"] as? [[String: Any]] else {
                throw IngestError.malformed(path: path, line: nil, detail: "FeatureCollection without a \"features\" array")
            }
            items = features.map { $0["properties"] as? [String: Any] ?? [:] }
            geometries = features.map { $0["geometry"] as? [String: Any] }
            positionName = "feature"
        } else if let array = object as? [Any] ?? ((object as? [String: Any]).flatMap { root in
            ["data", "items", "contents", "results", "records"].lazy.compactMap { root[$0] as? [Any] }.first
        }) {
            var objects: [[String: Any]] = []
            for (i, element) in array.enumerated() {
                guard let item = element as? [String: Any] else {
                    throw IngestError.malformed(path: path, line: i + 1, detail: "element \(i + 1) is not an object")
                }
                objects.append(Self.flatten(item))
            }
            items = objects
            geometries = Array(repeating: nil, count: objects.count)
            positionName = "element"
        } else {
            throw IngestError.malformed(path: path, line: nil, detail: "expected a GeoJSON FeatureCollection or a JSON array of objects")
        }
        // Columns: every key seen, in first-seen order.
        var seen: Set<String> = []
        var ordered: [String] = []
        for item in items {
            for key in item.keys.sorted() where seen.insert(key).inserted { ordered.append(key) }
        }
        columns = ordered
    }

    /// Nested objects become dotted columns ("address.postcode"), so profiles can map them.
    static func flatten(_ object: [String: Any], prefix: String = "") -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, value) in object {
            let name = prefix.isEmpty ? key : "\(prefix).\(key)"
            if let nested = value as? [String: Any] {
                result.merge(flatten(nested, prefix: name)) { a, _ in a }
            } else {
                result[name] = value
            }
        }
        return result
    }

    func next() throws -> SourceRow? {
        guard index < items.count else { return nil }
        defer { index += 1 }
        let item = items[index]
        let fields = columns.map { GeoJSONFile.text(item[$0]) ?? "" }
        var geometryText: String?
        var geometryType: String?
        if let geometry = geometries[index] {
            geometryType = geometry["type"] as? String
            if let data = try? JSONSerialization.data(withJSONObject: geometry) { geometryText = String(decoding: data, as: UTF8.self) }
        }
        return SourceRow(line: index + 1, fields: fields, geometry: geometryText, geometryType: geometryType)
    }
}
