import Foundation

/// Appends text to a file through a 1 MiB buffer, so a million rows never sit in memory at once.
/// The first I/O error is kept and thrown by `close()`, which keeps call sites free of `try`.
final class BufferedWriter {
    let url: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var failure: (any Error)?
    private(set) var bytesWritten = 0

    init(url: URL) throws {
        self.url = url
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw GeneratorError.cannotCreate(url.path)
        }
        handle = try FileHandle(forWritingTo: url)
        buffer.reserveCapacity(1 << 20 + 4096)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    func write(byte: UInt8) { buffer.append(byte) }

    /// Writes `value` rounded to `decimals` places, without going through `String(format:)` (hot path).
    func write(fixed value: Double, decimals: Int) {
        appendFixed(value, decimals: decimals, into: &buffer)
        if buffer.count >= 1 << 20 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty, failure == nil else { buffer.removeAll(keepingCapacity: true); return }
        do { try handle.write(contentsOf: buffer) } catch { failure = error }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try handle.close()
        if let failure { throw failure }
    }
}

/// Errors the generator reports to its caller.
public enum GeneratorError: Error, CustomStringConvertible, Sendable {
    /// A file could not be created at this path.
    case cannotCreate(String)
    /// The configuration cannot be generated, and why.
    case invalidConfiguration(String)
    /// The postcode file for a benchmark list could not be read, and why.
    case unreadablePostcodes(String)

    /// A sentence a person can act on.

    public var description: String {
        switch self {
        case .cannotCreate(let path): "cannot create \(path)"
        case .invalidConfiguration(let why): "invalid generator configuration: \(why)"
        case .unreadablePostcodes(let why): "cannot read postcodes: \(why)"
        }
    }
}

private let powersOfTen: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000]

func appendFixed(_ value: Double, decimals: Int, into bytes: inout [UInt8]) {
    let scale = powersOfTen[decimals]
    var scaled = Int64((value * scale).rounded())
    if scaled < 0 {
        bytes.append(UInt8(ascii: "-"))
        scaled = -scaled
    }
    let divisor = Int64(scale)
    appendInteger(scaled / divisor, into: &bytes)
    guard decimals > 0 else { return }
    bytes.append(UInt8(ascii: "."))
    var fraction = scaled % divisor
    var digits = [UInt8](repeating: UInt8(ascii: "0"), count: decimals)
    var i = decimals - 1
    while i >= 0 {
        digits[i] = UInt8(ascii: "0") + UInt8(fraction % 10)
        fraction /= 10
        i -= 1
    }
    bytes.append(contentsOf: digits)
}

private func appendInteger(_ value: Int64, into bytes: inout [UInt8]) {
    if value == 0 { bytes.append(UInt8(ascii: "0")); return }
    var v = value
    var digits: [UInt8] = []
    while v > 0 {
        digits.append(UInt8(ascii: "0") + UInt8(v % 10))
        v /= 10
    }
    bytes.append(contentsOf: digits.reversed())
}

/// `value` with exactly `decimals` places, e.g. `fixed(-2.3, 6)` is `-2.300000`.
func fixed(_ value: Double, _ decimals: Int) -> String {
    var bytes: [UInt8] = []
    appendFixed(value, decimals: decimals, into: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// Zero-padded decimal, e.g. `padded(7, 3)` is `007`.
func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// One CSV field, quoted only when it must be (RFC 4180).
func csvField(_ text: String) -> String {
    var needsQuotes = false
    for byte in text.utf8 where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"")
        || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
        needsQuotes = true
        break
    }
    guard needsQuotes else { return text }
    var out = "\""
    for ch in text {
        if ch == "\"" { out += "\"\"" } else { out.append(ch) }
    }
    return out + "\""
}

func csvLine(_ fields: [String]) -> String {
    var line = ""
    for (i, field) in fields.enumerated() {
        if i > 0 { line += "," }
        line += csvField(field)
    }
    line += "\n"
    return line
}

/// A JSON value with ordered object keys, so that profiles and the manifest read in a stable,
/// documented order and come out byte-identical for the same input.
indirect enum JSON {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSON])
    case object([(String, JSON)])

    static func int(_ value: Int) -> JSON { .number(String(value)) }
    static func double(_ value: Double) -> JSON { .number(value.description) }

    /// Pretty-printed with two-space indents; short scalar arrays stay on one line.
    func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent)
        let inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case .string(let s): return JSON.quote(s)
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy(\.isScalar) {
                return "[" + items.map { $0.rendered() }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { inner + $0.rendered(indent: indent + 1) }.joined(separator: ",\n") + "\n" + pad + "]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n" + pairs.map { inner + JSON.quote($0.0) + ": " + $0.1.rendered(indent: indent + 1) }
                .joined(separator: ",\n") + "\n" + pad + "}"
        }
    }

    /// On one line, for GeoJSON feature properties.
    func compact() -> String {
        switch self {
        case .string(let s): return JSON.quote(s)
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map { $0.compact() }.joined(separator: ",") + "]"
        case .object(let pairs):
            return "{" + pairs.map { JSON.quote($0.0) + ":" + $0.1.compact() }.joined(separator: ",") + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
