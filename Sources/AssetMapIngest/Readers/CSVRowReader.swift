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
        // CSV.swift reads the header before it installs its error handler: invalid UTF-8 there ends the header early
        // and the rest of the line silently becomes a data row. Check the header's bytes first.
        try Self.checkHeaderIsUTF8(path: path)
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

    /// Fails with line 1 when the header line (the first 1 MiB at most) is not UTF-8.
    static func checkHeaderIsUTF8(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw IngestError.unreadable(path: path, detail: "cannot open") }
        defer { try? handle.close() }
        let limit = 1 << 20
        let prefix = (try? handle.read(upToCount: limit)) ?? Data()
        var header = prefix
        if let end = prefix.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
            header = prefix[prefix.startIndex..<end]
        } else if prefix.count == limit {
            // No line end in the first MiB: drop a possibly cut multi-byte character at the end before checking.
            var cut = header.endIndex
            while cut > header.startIndex && header.endIndex - cut < 3 && header[cut - 1] & 0xC0 == 0x80 { cut -= 1 }
            if cut > header.startIndex && header[cut - 1] >= 0xC0 { cut -= 1 }
            header = header[header.startIndex..<cut]
        }
        if String(data: header, encoding: .utf8) == nil && !header.isEmpty {
            throw IngestError.malformed(path: path, line: 1, detail: "the header row is not UTF-8 text; save the file as CSV UTF-8")
        }
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
