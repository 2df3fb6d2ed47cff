import AssetMapCore
import AssetMapIngest
import Foundation
import Testing

/// Where the corpus lives, found from this source file (no bundle resources).
enum FuzzPaths {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let corpus = directory.appendingPathComponent("Corpus")

    /// The files of one corpus folder, sorted, hidden files and READMEs left out.
    static func corpus(_ folder: String) throws -> [URL] {
        let dir = corpus.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { dir.appendingPathComponent($0) }
    }
}

/// A seeded source of hostile input: the same seed gives the same inputs on every machine, so a failure can be replayed
/// from the seed printed with it.
struct Hostile {
    var random: SplitMix64
    let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
        random = SplitMix64(seed: seed)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func chance(_ p: Double) -> Bool { random.nextUnit() < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    /// Characters that break naive parsers: delimiters, quotes, line ends, BOMs, NUL, bidi controls, emoji, combining marks.
    static let nastyScalars: [String] = [
        ",", ";", "\t", "\"", "\"\"", "'", "\n", "\r\n", "\r", " ", "\u{FEFF}", "\u{0}", "\u{1}", "\u{7F}", "\u{85}",
        "\u{2028}", "\u{2029}", "\u{202E}", "\u{200F}", "\u{200B}", "é", "e\u{301}", "ß", "ﬁ", "İ", "👩‍👩‍👧", "🇬🇧", "\u{FFFD}",
        "{", "}", "[", "]", ":", "\\", "\\u0000", "%", "_", "*", "NaN", "1e999", "-0", "null", "N/A", "M33 7AB",
        "'; DROP TABLE record; --", "<script>", "&amp;", "\u{1F}", "\u{1E}",
    ]

    static let plainWords = ["Sale", "Library", "Food", "Bank", "Church", "Hall", "Road", "Street", "Club", "Trust", "Centre", "7", "42"]

    /// A field value: usually ordinary words, often with nasty characters mixed in, sometimes long.
    mutating func fieldText(maxParts: Int = 6) -> String {
        var out = ""
        for _ in 0..<int(0...maxParts) {
            out += chance(0.5) ? pick(Self.nastyScalars) : pick(Self.plainWords)
            if chance(0.3) { out += " " }
        }
        if chance(0.02) { out += String(repeating: pick(["x", "\"", ",", "é"]), count: int(1_000...20_000)) }
        return out
    }

    /// Random bytes, biased towards the bytes that matter to CSV and JSON.
    mutating func bytes(count: Int) -> [UInt8] {
        let interesting: [UInt8] = [0x22, 0x2C, 0x0A, 0x0D, 0x00, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0xEF, 0xBB, 0xBF, 0xC0, 0xFF, 0xFE, 0x80]
        return (0..<count).map { _ in chance(0.4) ? pick(interesting) : UInt8.random(in: 0...255, using: &random) }
    }

    /// One mutation of a valid file: a flipped, inserted or deleted byte, a truncation, or a nasty splice.
    mutating func mutate(_ data: [UInt8]) -> [UInt8] {
        var d = data
        switch int(0...6) {
        case 0 where !d.isEmpty: d[int(0...(d.count - 1))] ^= UInt8(1 << int(0...7))
        case 1: d.insert(pick([0x22, 0x00, 0x0D, 0x0A, 0xFF, 0xC3, 0x2C, 0x7B, 0x5B]), at: int(0...d.count))
        case 2 where !d.isEmpty: d.remove(at: int(0...(d.count - 1)))
        case 3: d = Array(d.prefix(int(0...d.count)))
        case 4: d.insert(contentsOf: Array(pick(Self.nastyScalars).utf8), at: int(0...d.count))
        case 5: d.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: int(0...d.count))
        default:
            // Duplicate a slice: repeated brackets and quotes.
            if d.count > 2 {
                let a = int(0...(d.count - 2)), b = int(a...(d.count - 1))
                d.insert(contentsOf: d[a...b], at: int(0...d.count))
            }
        }
        return d
    }
}

/// A scratch directory for files the parsers read by path.
struct Scratch {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// What reading a whole source file came to: rows read, or the typed error it stopped with.
enum ReadOutcome {
    case rows(Int)
    case failed(IngestError)
}

/// Reads every row of a file through the importer's reader for its format; any error that is not an `IngestError`
/// is recorded as a test failure, with the input's name (and seed), since a caller could not say what went wrong.
func readAll(path: String, format: SourceFormat, label: String, sourceLocation: SourceLocation = #_sourceLocation) -> ReadOutcome {
    do {
        let reader = try SourceReaders.open(path: path, format: format)
        var count = 0
        while let row = try reader.next() {
            // Every row has one value per column (missing trailing cells are the mapper's business, not a crash).
            if format != .csv {
                #expect(row.fields.count == reader.columns.count, "\(label): row \(row.line) has \(row.fields.count) values for \(reader.columns.count) columns", sourceLocation: sourceLocation)
            }
            #expect(row.line >= 1, "\(label): row position \(row.line)", sourceLocation: sourceLocation)
            count += 1
        }
        return .rows(count)
    } catch let error as IngestError {
        checkSaysWhere(error, label: label, sourceLocation: sourceLocation)
        return .failed(error)
    } catch {
        Issue.record("\(label): untyped error \(String(reflecting: error))", sourceLocation: sourceLocation)
        return .failed(.unreadable(path: path, detail: "\(error)"))
    }
}

/// A failure must say where: a malformed CSV names its line; every message names the file and is not empty.
func checkSaysWhere(_ error: IngestError, label: String, csv: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
    let text = error.description
    #expect(!text.isEmpty && text.count < 4_000, "\(label): message of \(text.count) characters", sourceLocation: sourceLocation)
    switch error {
    case .malformed(let path, let line, _):
        #expect(!path.isEmpty, "\(label): \(text)", sourceLocation: sourceLocation)
        if csv { #expect(line != nil, "\(label): a malformed CSV must name its line: \(text)", sourceLocation: sourceLocation) }
        if let line { #expect(line >= 1, "\(label): \(text)", sourceLocation: sourceLocation) }
    case .unreadable(let path, _), .fileNotFound(let path):
        #expect(!path.isEmpty, "\(label): \(text)", sourceLocation: sourceLocation)
    default:
        break
    }
}
