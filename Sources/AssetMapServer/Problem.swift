import Foundation
import Hummingbird

/// An error as the API reports it: RFC 9457 `application/problem+json`, with the HTTP status it carries.
public struct Problem: Error, HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    /// A stable identifier of the kind of problem (`urn:assetmap:problem:<slug>`), or `about:blank`.
    public var type: String
    public var title: String
    public var detail: String
    /// The query, path or body parameter at fault, for 400s.
    public var parameter: String?
    public var headers: HTTPFields = [:]

    public init(
        _ status: HTTPResponse.Status, type: String? = nil, title: String? = nil, detail: String, parameter: String? = nil,
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.type = type.map { "urn:assetmap:problem:\($0)" } ?? "about:blank"
        self.title = title ?? status.reasonPhrase
        self.detail = detail
        self.parameter = parameter
        self.headers = headers
    }

    /// 400: a parameter's value cannot be used; names the parameter.
    public static func badParameter(_ name: String, _ detail: String) -> Problem {
        Problem(.badRequest, type: "bad-parameter", title: "Bad parameter", detail: "\(name): \(detail)", parameter: name)
    }

    public static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, type: "not-found", title: "Not found", detail: detail)
    }

    public static func unauthorized(_ detail: String) -> Problem {
        Problem(
            .unauthorized, type: "unauthorized", title: "Unauthorized", detail: detail,
            headers: [.wwwAuthenticate: "Bearer realm=\"assetmap\""])
    }

    public static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, type: "forbidden", title: "Forbidden", detail: detail)
    }

    struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var parameter: String?
        var instance: String?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Body(type: type, title: title, status: status.code, detail: detail, parameter: parameter, instance: request.uri.path)
        let data = try encoder.encode(body)
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
