import AssetMapStore
import Foundation

/// Reads resident population by area code from a CSV (one row per area, or filtered with `where`).
public struct PopulationFile {
    public struct Summary: Codable, Sendable {
        public var file: String
        public var rows: Int
        public var matched: Int
        public var unmatched: [String]
    }

    let path: String
    let codeField: String
    let valueField: String
    let filter: [String: String]
    let layer: String?

    /// `filter` keeps only rows whose columns equal the given values (e.g. `sex=Persons`).
    public init(path: String, codeField: String, valueField: String, filter: [String: String] = [:], layer: String? = nil) {
        self.path = path
        self.codeField = codeField
        self.valueField = valueField
        self.filter = filter
        self.layer = layer
    }

    public func load(into store: AssetMapStore) throws -> Summary {
        let reader = try CSVRowReader(path: path)
        guard let codeIndex = reader.columnIndex(codeField) else {
            throw IngestError.missingColumn(path: path, column: codeField, field: "--code-field", available: reader.header)
        }
        guard let valueIndex = reader.columnIndex(valueField) else {
            throw IngestError.missingColumn(path: path, column: valueField, field: "--value-field", available: reader.header)
        }
        let filters = try filter.map { column, value -> (Int, String) in
            guard let index = reader.columnIndex(column) else {
                throw IngestError.missingColumn(path: path, column: column, field: "--where", available: reader.header)
            }
            return (index, value)
        }
        var values: [String: Int] = [:]
        var firstLine: [String: Int] = [:]
        var rows = 0
        while let row = try reader.next() {
            func field(_ i: Int) -> String { i < row.fields.count ? row.fields[i].trimmingCharacters(in: .whitespaces) : "" }
            guard filters.allSatisfy({ field($0.0) == $0.1 }) else { continue }
            rows += 1
            let code = field(codeIndex)
            let raw = field(valueIndex).replacingOccurrences(of: ",", with: "")
            guard !code.isEmpty else { throw IngestError.malformed(path: path, line: row.line, detail: "\(codeField) is empty") }
            guard let value = Int(raw) ?? Double(raw).map({ Int($0.rounded()) }), value >= 0 else {
                throw IngestError.malformed(path: path, line: row.line, detail: "\(valueField) '\(raw)' is not a population count")
            }
            if let first = firstLine[code] {
                let hint = reader.header.first { ["sex", "gender"].contains($0.lowercased()) }
                    .map { " (e.g. --where \($0)=Persons)" } ?? ""
                throw IngestError.malformed(
                    path: path, line: row.line,
                    detail: "area \(code) appears again (first on line \(first)); choose one row per area with --where COLUMN=VALUE\(hint)")
            }
            firstLine[code] = row.line
            values[code] = value
        }
        let result = try store.setPopulation(values, layer: layer)
        return Summary(file: path, rows: rows, matched: result.matched, unmatched: result.unmatched)
    }
}
