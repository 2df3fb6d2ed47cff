import Foundation
import Hummingbird

/// 405 with `Allow` when a documented path is asked with a method it does not have (TRACE /health, DELETE /v1/search);
/// the router alone would answer 404, as if the path did not exist.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    /// Each documented path as segments (`{…}` matches any one segment) and the methods it has, from the OpenAPI document.
    static let paths: [(segments: [String], allow: String)] = {
        guard let document = try? JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any],
              let paths = document["paths"] as? [String: [String: Any]]
        else { return [] }
        return paths.map { path, operations in
            var methods = operations.keys.map { $0.uppercased() }.filter { ["GET", "POST", "PUT", "PATCH", "DELETE"].contains($0) }
            if methods.contains("GET") { methods.append("HEAD") }  // HeadAsGet answers HEAD wherever GET is
            methods.append("OPTIONS")
            return (path.split(separator: "/").map(String.init), methods.sorted().joined(separator: ", "))
        }
    }()

    static func allowed(_ path: String) -> String? {
        let asked = path.split(separator: "/")
        return paths.first { entry in
            entry.segments.count == asked.count
                && zip(entry.segments, asked).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }?.allow
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allow = Self.allowed(request.uri.path) else { throw error }
            throw Problem(
                .methodNotAllowed, type: "method-not-allowed", title: "Method not allowed",
                detail: "\(request.method.rawValue) is not allowed on \(request.uri.path.prefix(200)); it allows \(allow)",
                headers: [.init("Allow")!: allow])
        }
    }
}
