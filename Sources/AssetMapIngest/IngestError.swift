import Foundation

/// Why a file or profile could not be read: says what and where (file, line, field).
public enum IngestError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileNotFound(path: String)
    case unreadable(path: String, detail: String)
    /// The file's contents are not the format expected.
    case malformed(path: String, line: Int?, detail: String)
    /// A profile or option names a column the file does not have.
    case missingColumn(path: String, column: String, field: String, available: [String])
    /// A profile names a field that is not a canonical field.
    case unknownField(field: String, known: [String])
    /// The profile is not valid JSON or breaks a rule of the profile format.
    case invalidProfile(path: String?, detail: String)
    /// A command-line option is not usable.
    case invalidOption(option: String, detail: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such file"
        case .unreadable(let path, let detail):
            return "\(path): cannot be read: \(detail)"
        case .malformed(let path, let line, let detail):
            return line.map { "\(path), line \($0): \(detail)" } ?? "\(path): \(detail)"
        case .missingColumn(let path, let column, let field, let available):
            let shown = available.prefix(40).joined(separator: ", ")
            return "\(path): field '\(field)' maps to column '\(Self.excerpt(column))', which the file does not have (columns: \(shown))"
        case .unknownField(let field, let known):
            return "unknown field '\(Self.excerpt(field))'; the fields are: \(known.joined(separator: ", "))"
        case .invalidProfile(let path, let detail):
            return path.map { "profile \($0): \(detail)" } ?? "profile: \(detail)"
        case .invalidOption(let option, let detail):
            return "\(option): \(detail)"
        }
    }
}

extension IngestError {
    /// A value as messages quote it: a hostile file's 1 MB "column name" must not become a 1 MB error message.
    public static func excerpt(_ value: String, limit: Int = 80) -> String {
        value.count <= limit ? value : String(value.prefix(limit)) + "… (\(value.count) characters)"
    }
}

extension IngestError: LocalizedError {
    public var errorDescription: String? { description }
}
