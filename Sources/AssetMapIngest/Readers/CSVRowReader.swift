import CSV
import Foundation

/// One data row of a CSV file, with the physical line it starts on (the header is line 1).
public struct CSVRow: Sendable {
    public var line: Int
    public var fields: [String]
}

/// Streams a CSV file row by row (UTF-8 with or without BOM, quoted fields with newlines), keeping line numbers.
public final class CSVRowReader {
    public let path: String
    public let header: [String]
    private let reader: CSVReader
    private var nextLine: Int

    /// Opens the file and reads its header row.
    public init(path: String, delimiter: UnicodeScalar = ",") throws {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw IngestError.fileNotFound(path: path)
        }
        guard let stream = InputStream(fileAtPath: path) else { throw IngestError.unreadable(path: path, detail: "cannot open") }
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true, delimiter: delimiter)
        } catch {
            throw IngestError.malformed(path: path, line: 1, detail: "no header row (is the file empty?)")
        }
        if let error = reader.error {
            throw IngestError.malformed(path: path, line: 1, detail: "not UTF-8 text (\(error)); save the file as CSV UTF-8")
        }
        let raw = reader.headerRow ?? []
        header = raw.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if header.allSatisfy(\.isEmpty) { throw IngestError.malformed(path: path, line: 1, detail: "the header row is empty") }
        nextLine = 2 + raw.reduce(0) { $0 + $1.newlineCount }
    }

    /// The next non-blank row, or nil at the end of the file.
    public func next() throws -> CSVRow? {
        while let fields = reader.next() {
            let line = nextLine
            nextLine += 1 + fields.reduce(0) { $0 + $1.newlineCount }
            if let error = reader.error as? CSVError, case .unicodeDecoding = error {
                throw IngestError.malformed(path: path, line: line, detail: "not UTF-8 text; save the file as CSV UTF-8")
            }
            if fields.count == 1 && fields[0].isEmpty { continue }
            return CSVRow(line: line, fields: fields)
        }
        // Foundation's InputStream on Linux reports a read error at end of file; only decoding errors are real here.
        if let error = reader.error as? CSVError, case .unicodeDecoding = error {
            throw IngestError.malformed(path: path, line: nextLine, detail: "not UTF-8 text; save the file as CSV UTF-8")
        }
        return nil
    }

    /// Index of a column, matched exactly, then ignoring case and surrounding space.
    public func columnIndex(_ name: String) -> Int? {
        if let index = header.firstIndex(of: name) { return index }
        let wanted = name.lowercased()
        return header.firstIndex { $0.lowercased() == wanted }
    }
}

extension String {
    var newlineCount: Int {
        var count = 0
        for scalar in unicodeScalars where scalar == "\n" { count += 1 }
        return count
    }
}
