import AssetMapCore
import AssetMapQuery
import AssetMapStore
import Foundation
import Hummingbird

extension API {
    func gaps(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let p = QueryParameters(request)
        let category = try p.require("category", maxLength: 100)
        let layer = try p.require("layer", maxLength: 60)
        let beyond = try p.double("beyond", range: 0...1_000_000)
        let directory = self.directory
        let visibility = context.caller.role.visibility
        let report = try await pool.read { () throws -> GapsReport in
            do {
                return try directory.gaps(category: category, layer: layer, beyond: beyond, visibility: visibility)
            } catch StoreError.notFound(let what, _) where what == "area layer" {
                throw Problem.badParameter("layer", "no area layer '\(layer)'; GET /v1/areas lists them")
            }
        }
        return try Responses.json(report, request: request, context: context)
    }

    /// Officers only: coverage lists every source's records, restricted ones included.
    func coverage(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        try require(.officer, context, for: "coverage")
        let limit = try QueryParameters(request).int("limit", default: 1000, range: 1...10_000)
        let directory = self.directory
        let visibility = context.caller.role.visibility
        let report = try await pool.read { try directory.coverage(visibility: visibility, listLimit: limit) }
        return try Responses.json(report, request: request, context: context)
    }

    /// Open to all, as each caller may see the estate: anonymous callers get buildings from `open` sources only,
    /// partners also the partners-only registers, officers everything.
    func colocation(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let p = QueryParameters(request)
        let area = try p.string("area", maxLength: 100)
        let within = try p.double("within", range: 1...10_000) ?? 400
        let cost = try p.double("cost_per_m2", range: 0...100_000, unit: "pounds") ?? 150
        let directory = self.directory
        let visibility = context.caller.role.visibility
        let report = try await pool.read { () throws -> ColocationReport in
            do {
                return try directory.colocate(area: area, within: within, costPerM2: cost, visibility: visibility)
            } catch StoreError.notFound(let what, let key) where what == "area" {
                throw Problem.badParameter("area", "no area has the code or name '\(key)'")
            }
        }
        return try Responses.json(report, request: request, context: context)
    }

    func export(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let formatName = try QueryParameters(request).choice("format", ExportFormat.allCases.map(\.rawValue), default: "entities")
        let format = ExportFormat(rawValue: formatName)!
        let store = self.store
        let maxSharing = context.caller.role.maxSharing
        let data = try await pool.read { () throws -> Data in
            let exporter = Exporter(store: store, maxSharing: maxSharing)
            let stream = OutputStream.toMemory()
            stream.open()
            defer { stream.close() }
            try exporter.write(format, to: stream)
            return stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        }
        let (type, ext) = format == .geojson ? ("application/geo+json", "geojson") : ("text/csv; charset=utf-8", "csv")
        return Responses.body(
            data, contentType: type, request: request, context: context,
            extraHeaders: [.contentDisposition: "attachment; filename=\"assetmap-\(format.rawValue).\(ext)\""])
    }
}
