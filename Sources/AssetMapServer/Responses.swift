import Crypto
import Foundation
import Hummingbird

/// Read responses: a body with its ETag, answered 304 when the client already holds that version.
enum Responses {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func json<T: Encodable>(
        _ value: T, request: Request, context: APIRequestContext, status: HTTPResponse.Status = .ok,
        contentType: String = "application/json"
    ) throws -> Response {
        let data = try encoder.encode(value)
        return body(data, contentType: contentType, request: request, context: context, status: status)
    }

    /// A body; for a 200 to a GET, with a strong ETag of its bytes and `If-None-Match` honoured.
    static func body(
        _ data: Data, contentType: String, request: Request, context: APIRequestContext, status: HTTPResponse.Status = .ok,
        extraHeaders: HTTPFields = [:]
    ) -> Response {
        var headers = extraHeaders
        headers[.contentType] = contentType
        // What a reader may see depends on their key: shared caches must key on it, private ones revalidate.
        headers[.vary] = "Authorization"
        headers[.cacheControl] = context.caller.role == .anonymous ? "no-cache" : "private, no-cache"
        guard status == .ok, request.method == .get || request.method == .head else {
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        let tag = etag(data)
        headers[.eTag] = tag
        let buffer = ByteBuffer(bytes: data)
        context.notes.cacheSlot?.keep(buffer, headers: headers, route: context.endpointPath ?? "unmatched")
        if let ifNoneMatch = request.headers[.ifNoneMatch], matches(ifNoneMatch, tag) {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }

    static func etag(_ data: Data) -> String {
        // Hex by table: `String(format:)` per byte costs more than the hash on Linux.
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "\"")]
        text.reserveCapacity(34)
        for byte in SHA256.hash(data: data).prefix(16) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        text.append(UInt8(ascii: "\""))
        return String(decoding: text, as: UTF8.self)
    }

    /// `If-None-Match` uses the weak comparison: `W/"x"` matches `"x"`; `*` matches anything.
    static func matches(_ header: String, _ tag: String) -> Bool {
        for candidate in header.split(separator: ",") {
            var t = candidate.trimmingCharacters(in: .whitespaces)
            if t == "*" { return true }
            if t.hasPrefix("W/") { t.removeFirst(2) }
            if t == tag { return true }
        }
        return false
    }
}

/// Query parameters, checked: a bad value is a 400 that names the parameter.
struct QueryParameters {
    /// Each name's first value.
    private let values: [String: String]

    init(_ request: Request) {
        // The query string is read as a form, as browsers write it: `+` is a space and `%2B` a plus ("food+bank",
        // "WA15+9NT"). Read literally, a resident's GET form asked for "WA15+9NT" and got a 400.
        var values: [String: String] = [:]
        for (name, value) in Self.formFields(request.uri.query ?? "") where values[name] == nil { values[name] = value }
        self.values = values
    }

    /// `application/x-www-form-urlencoded` fields in order: `+` is a space, `%xx` a byte.
    static func formFields(_ body: String) -> [(String, String)] {
        body.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            guard let key = parts.first else { return nil }
            return (decode(key), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// A parameter's value, trimmed; empty counts as absent. Over-long values are refused.
    func string(_ name: String, maxLength: Int = 200) throws -> String? {
        guard let raw = values[name] else { return nil }
        // The limit is on what was sent, spaces included, as the OpenAPI document's maxLength states it.
        guard raw.count <= maxLength else { throw Problem.badParameter(name, "longer than \(maxLength) characters") }
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty { return nil }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw Problem.badParameter(name, "contains control characters")
        }
        return value
    }

    func require(_ name: String, maxLength: Int = 200) throws -> String {
        guard let value = try string(name, maxLength: maxLength) else { throw Problem.badParameter(name, "is required") }
        return value
    }

    func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = try string(name, maxLength: 20) else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw Problem.badParameter(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return n
    }

    func double(_ name: String, range: ClosedRange<Double>, unit: String = "metres") throws -> Double? {
        guard let text = try string(name, maxLength: 30) else { return nil }
        guard let n = Double(text), n.isFinite, range.contains(n) else {
            throw Problem.badParameter(
                name, "must be a number of \(unit) from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound)), not '\(text)'")
        }
        return n
    }

    func bool(_ name: String) throws -> Bool {
        guard let text = try string(name, maxLength: 10) else { return false }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw Problem.badParameter(name, "must be true or false, not '\(text)'")
        }
    }

    func choice(_ name: String, _ allowed: [String], default value: String) throws -> String {
        guard let text = try string(name, maxLength: 40) else { return value }
        guard allowed.contains(text) else { throw Problem.badParameter(name, "must be one of \(allowed.joined(separator: ", ")), not '\(text)'") }
        return text
    }

    static func format(_ d: Double) -> String {
        d == d.rounded() ? String(Int(d)) : String(d)
    }
}
