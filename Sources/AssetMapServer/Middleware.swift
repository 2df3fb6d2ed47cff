import AssetMapIngest
import AssetMapQuery
import AssetMapStore
import Foundation
import Hummingbird
import Logging

/// Turns every error into `application/problem+json` with a status a client can act on; nothing escapes as a bare 500.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error, context: context)
            return try problem.response(from: request, context: context)
        }
    }

    static func problem(for error: any Error, context: Context) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as HTTPError:
            return Problem(
                error.status, type: error.status == .notFound ? "not-found" : nil,
                detail: error.body ?? (error.status == .notFound ? "no such resource" : error.status.reasonPhrase),
                headers: error.headers)
        case let error as any HTTPResponseError:
            if error.status == .contentTooLarge {
                return Problem(.contentTooLarge, type: "too-large", detail: "the request body is larger than this server accepts")
            }
            return Problem(error.status, detail: error.status.reasonPhrase)
        case let error as QueryError:
            switch error {
            case .badParameter(let name, let detail): return .badParameter(name, detail)
            case .unknownPostcode: return .notFound(error.description)
            }
        case let error as StoreError:
            switch error {
            case .notFound: return .notFound(error.description)
            case .invalid(let message): return Problem(.badRequest, type: "invalid", detail: message)
            case .databaseNotFound, .databaseUnreadable, .spatialiteMissing, .databaseFromNewerVersion, .spatialAdminFailed,
                .diskFull, .readOnly, .cannotOpen, .ioFailed:
                context.logger.error("database unavailable", metadata: ["error": "\(error)"])
                return Problem(.serviceUnavailable, type: "database-unavailable", detail: "the database is unavailable")
            }
        case let error as IngestError:
            return Problem(.unprocessableContent, type: "import-failed", title: "Import failed", detail: error.description)
        case is DecodingError:
            return Problem(.badRequest, type: "bad-body", detail: "the request body is not the JSON this endpoint expects")
        default:
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(.internalServerError, type: "internal", detail: "the server could not answer; the error is logged")
        }
    }
}

/// Reads `Authorization: Bearer KEY`: no header is anonymous; a malformed, unknown or revoked key is 401.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let keys: APIKeys
    let pool: BlockingPool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem.unauthorized("the Authorization header must be `Bearer <key>`")
        }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        let keys = self.keys
        guard let caller = try await pool.read({ try keys.verify(token) }) else {
            throw Problem.unauthorized("the API key is not valid (unknown, mistyped or revoked)")
        }
        context.notes.caller = caller
        return try await next(request, context)
    }
}

/// `Access-Control-Allow-Origin: *` on every response, and answers to CORS preflight requests.
struct CORSMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .options {
            return Response(status: .noContent, headers: [
                .accessControlAllowOrigin: "*",
                .accessControlAllowMethods: "GET, HEAD, POST, OPTIONS",
                .accessControlAllowHeaders: "Authorization, Content-Type, If-None-Match",
                .accessControlMaxAge: "86400",
            ])
        }
        var response = try await next(request, context)
        Self.addResponseHeaders(&response.headers)
        return response
    }

    /// The headers every response carries (also added by `CachedReadHandler`, which answers before this middleware).
    static func addResponseHeaders(_ headers: inout HTTPFields) {
        headers[.accessControlAllowOrigin] = "*"
        headers[.accessControlExposeHeaders] = "ETag, Link"
    }
}

/// HEAD is GET without the body: the same status and headers (`Content-Length` and `ETag` included), so a client or a
/// link checker can ask whether something exists, or has changed, without fetching it. It wraps the router rather than
/// sitting in it, because the router picks a route by method before any middleware runs.
struct HeadAsGet<Responder: HTTPResponder>: HTTPResponder where Responder.Context == APIRequestContext {
    typealias Context = APIRequestContext
    let responder: Responder

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .head else { return try await responder.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        let response = try await responder.respond(to: Request(head: head, body: request.body), context: context)
        // The GET's headers already carry its Content-Length; an empty body leaves them as they are.
        return Response(status: response.status, headers: response.headers, body: .init())
    }
}

/// One structured log line per request, and the request counters and latency histograms of `/metrics`.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            record(request, context: context, status: 500, start: start)
            throw error
        }
        record(request, context: context, status: response.status.code, start: start)
        return response
    }

    func record(_ request: Request, context: Context, status: Int, start: ContinuousClock.Instant) {
        let caller = context.caller
        Self.record(
            metrics: metrics, logger: context.logger, method: request.method, path: request.uri.path,
            route: context.endpointPath ?? "unmatched", status: status, start: start, role: caller.role, keyID: caller.keyID)
    }

    /// Counts the request and, when access logs are on, writes its line (also for `CachedReadHandler`'s answers).
    static func record(
        metrics: ServerMetrics, logger: Logger, method: HTTPRequest.Method, path: String, route: String, status: Int,
        start: ContinuousClock.Instant, role: Role, keyID: String?
    ) {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        metrics.record(method: method.rawValue, route: route, status: status, seconds: seconds)
        // Build the line only when it will be written: a loaded server runs with access logs off.
        guard logger.logLevel <= .info else { return }
        var metadata: Logger.Metadata = [
            "method": "\(method.rawValue)", "path": "\(path)", "route": "\(route)", "status": "\(status)",
            "duration_ms": "\(String(format: "%.2f", seconds * 1000))", "role": "\(role.rawValue)",
        ]
        if let keyID { metadata["key_id"] = "\(keyID)" }
        logger.info("request", metadata: metadata)
    }
}
