import AssetMapStore
import Foundation
import Hummingbird

extension API {
    struct HealthDocument: Encodable {
        var status: String
        var database: String
        var schema: String?
        var detail: String?
    }

    /// Liveness and whether the database answers; 503 when it does not.
    func health(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let store = self.store
        do {
            let migrations = try await pool.read { try store.appliedMigrations() }
            let document = HealthDocument(status: "ok", database: "ok", schema: migrations.last, detail: nil)
            var response = try Responses.json(document, request: request, context: context)
            response.headers[.cacheControl] = "no-store"
            return response
        } catch {
            context.logger.error("health check failed", metadata: ["error": "\(error)"])
            let data = try Responses.encoder.encode(
                HealthDocument(status: "unavailable", database: "error", schema: nil, detail: "the database does not answer"))
            return Response(
                status: .serviceUnavailable, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    func openAPI(_ request: Request, _ context: APIRequestContext) throws -> Response {
        Responses.body(Data(OpenAPIDocument.json.utf8), contentType: "application/json", request: request, context: context)
    }

    /// Prometheus text exposition: request counts and latency by route and status, and the directory's size.
    func metricsText(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let store = self.store
        let metrics = self.metrics
        let totals = try? await pool.read { try metrics.directoryTotals(store) }
        let text = metrics.render(totals: totals)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
