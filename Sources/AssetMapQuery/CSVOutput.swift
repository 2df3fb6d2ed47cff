import CSV
import Foundation

/// CSV as the exports write it (RFC 4180, "\n" line ends), quoted and escaped scalar by scalar.
///
/// CSV.swift's writer works on whole characters: a comma or quote followed by a combining mark ("," + U+0301) is one
/// character that is not ",", so the value went out unquoted and split in two on the way back in; and its quote
/// escaping (`replacingOccurrences`) dropped the combining mark after a quote. Here nothing is decided per character.
public enum CSVOutput {
    /// True when the value holds a delimiter, quote or line break anywhere, even inside a larger character.
    public static func needsQuotes(_ value: String) -> Bool {
        value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
    }

    /// One field: as it is, or quoted with its quotes doubled.
    public static func field(_ value: String) -> String {
        guard needsQuotes(value) else { return value }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in value.unicodeScalars {
            if scalar == "\"" { out.append("\"") }
            out.append(scalar)
        }
        out.append("\"")
        return String(out)
    }

    /// One row, without its line end.
    public static func line(_ row: [String]) -> String {
        var out = String.UnicodeScalarView()
        for (i, value) in row.enumerated() {
            if i > 0 { out.append(",") }
            out.append(contentsOf: field(value).unicodeScalars)
        }
        return String(out)
    }

    /// A whole file's text: header, rows, each ending "\n".
    public static func text(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { line($0) + "\n" }.joined()
    }

    /// Writes rows to an open stream, one line each.
    public struct Writer {
        public let stream: OutputStream
        public init(stream: OutputStream) { self.stream = stream }

        public func write(_ row: [String]) throws {
            let bytes = Array((CSVOutput.line(row) + "\n").utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBufferPointer { stream.write($0.baseAddress!, maxLength: $0.count) }
                guard written > 0 else { throw CSVError.cannotWriteStream }
                offset += written
            }
        }
    }
}
