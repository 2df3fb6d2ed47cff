import CSV
import Foundation

/// CSV rows as the exports write them, quoted wherever a reader could misread a value.
///
/// CSV.swift decides quoting with `String.contains`, which compares whole characters: a comma or quote followed by a
/// combining mark ("," + U+0301) is one character that is not ",", so the value went out unquoted and split in two on
/// the way back in. Here the decision is made scalar by scalar.
public enum CSVOutput {
    /// True when the value holds a delimiter, quote or line break anywhere, even inside a larger character.
    public static func needsQuotes(_ value: String, delimiter: Unicode.Scalar = ",") -> Bool {
        value.unicodeScalars.contains { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" }
    }

    /// Writes one row, quoting the values that need it.
    public static func write(_ row: [String], to csv: CSVWriter) throws {
        try csv.write(row: row, quotedAtIndex: { needsQuotes(row[$0]) })
    }

    /// A whole file's text: header, rows, and a final newline.
    public static func text(header: [String], rows: [[String]]) -> String {
        let stream = OutputStream.toMemory()
        stream.open()
        defer { stream.close() }
        do {
            let csv = try CSVWriter(stream: stream)
            try write(header, to: csv)
            for row in rows { try write(row, to: csv) }
        } catch {
            // Writing to memory does not fail; an empty text would show in any test that reads it back.
            return ""
        }
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
