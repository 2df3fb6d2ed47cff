import AssetMapCore
import AssetMapStore
import Foundation

/// Reads an ONS Postcode Directory–style CSV into the postcode table.
///
/// Recognised without options: `pcds|postcode|pcd`, `lat|latitude`, `lon|long|longitude`,
/// `<layer>_code` with `<layer>_…name`, and plain layer columns such as `locality`.
public struct PostcodeFile {
    public struct Summary: Codable, Sendable {
        public var file: String
        public var loaded: Int
        public var skipped: [Skipped]
        public var layers: [String]
        public struct Skipped: Codable, Sendable {
            public var line: Int
            public var reason: String
        }
    }

    /// Columns that are never layers, in ONSPD files and the like.
    static let knownLayerWords: Set<String> = [
        "ward", "lsoa", "msoa", "locality", "parish", "la", "lad", "county", "region", "neighbourhood",
        "constituency", "pcon", "icb", "sicbl", "oa", "ctry",
    ]

    let path: String
    let mapping: [String: String]

    /// `mapping` is `field → column`, with fields `postcode`, `lat`, `lon`, `<layer>_code`, `<layer>_name`.
    public init(path: String, mapping: [String: String] = [:]) {
        self.path = path
        self.mapping = mapping
    }

    /// Loads the file in one transaction; rows that cannot be used are skipped and listed, never guessed.
    public func load(into store: AssetMapStore) throws -> Summary {
        let reader = try CSVRowReader(path: path)
        let header = reader.header
        func column(_ field: String, candidates: [String]) throws -> Int {
            if let mapped = mapping[field] {
                guard let index = reader.columnIndex(mapped) else {
                    throw IngestError.missingColumn(path: path, column: mapped, field: field, available: header)
                }
                return index
            }
            for candidate in candidates { if let index = reader.columnIndex(candidate) { return index } }
            throw IngestError.invalidOption(
                option: "--map \(field)=COLUMN",
                detail: "\(path) has no \(candidates.joined(separator: "/")) column; name the \(field) column (columns: \(header.joined(separator: ", ")))")
        }
        let postcodeColumn = try column("postcode", candidates: ["pcds", "postcode", "pcd", "pcd7", "pcd8", "post_code"])
        let latColumn = try column("lat", candidates: ["lat", "latitude"])
        let lonColumn = try column("lon", candidates: ["lon", "long", "longitude", "lng"])
        let layers = try layerColumns(reader)

        var skipped: [Summary.Skipped] = []
        let loaded = try store.loadPostcodes { add in
            while let row = try reader.next() {
                func value(_ index: Int?) -> String? {
                    guard let index, index < row.fields.count else { return nil }
                    let v = row.fields[index].trimmingCharacters(in: .whitespaces)
                    return v.isEmpty ? nil : v
                }
                guard let raw = value(postcodeColumn), let postcode = Postcode(raw) else {
                    skipped.append(.init(line: row.line, reason: "'\(value(postcodeColumn) ?? "")' is not a full UK postcode"))
                    continue
                }
                guard let lat = value(latColumn).flatMap(Double.init), let lon = value(lonColumn).flatMap(Double.init),
                    Coordinate(lat: lat, lon: lon).isValid, !(lat == 0 && lon == 0)
                else {
                    // ONSPD gives terminated or unlocatable postcodes no point (99.999999, 0): skip, do not invent one.
                    skipped.append(.init(line: row.line, reason: "\(postcode.formatted) has no usable lat/lon"))
                    continue
                }
                if lat > 90 || lat == 99.999999 { continue }
                var areas: [AreaRef] = []
                for layer in layers {
                    let code = value(layer.code)
                    let name = value(layer.name)
                    guard let key = code ?? name else { continue }
                    areas.append(AreaRef(layer: layer.layer, code: key, name: name))
                }
                try add(PostcodeEntry(
                    postcode: postcode.formatted, sector: postcode.sector, district: postcode.district,
                    coordinate: Coordinate(lat: lat, lon: lon), areas: areas))
            }
        }
        return Summary(file: path, loaded: loaded, skipped: skipped, layers: layers.map(\.layer))
    }

    struct LayerColumns {
        var layer: String
        var code: Int?
        var name: Int?
    }

    /// Finds `<layer>_code` / `<layer>_name` pairs, mapped ones first, then plain layer-word columns.
    func layerColumns(_ reader: CSVRowReader) throws -> [LayerColumns] {
        var result: [String: LayerColumns] = [:]
        for (field, column) in mapping where field.hasSuffix("_code") || field.hasSuffix("_name") {
            guard let index = reader.columnIndex(column) else {
                throw IngestError.missingColumn(path: path, column: column, field: field, available: reader.header)
            }
            let layer = String(field.dropLast(5))
            var entry = result[layer] ?? LayerColumns(layer: layer)
            if field.hasSuffix("_code") { entry.code = index } else { entry.name = index }
            result[layer] = entry
        }
        let lowered = reader.header.map { $0.lowercased() }
        for (index, column) in lowered.enumerated() where column.hasSuffix("_code") {
            let layer = String(column.dropLast(5))
            guard result[layer] == nil, !layer.isEmpty else { continue }
            let nameIndex = lowered.firstIndex(of: "\(layer)_name")
                ?? lowered.firstIndex { $0.hasPrefix("\(layer)_") && $0.hasSuffix("name") }
            result[layer] = LayerColumns(layer: layer, code: index, name: nameIndex)
        }
        for (index, column) in lowered.enumerated() where Self.knownLayerWords.contains(column) && result[column] == nil {
            result[column] = LayerColumns(layer: column, code: nil, name: index)
        }
        return result.values.sorted { $0.layer < $1.layer }
    }
}
