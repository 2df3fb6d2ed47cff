import AssetMapCore
import AssetMapMatch
import AssetMapStore
import Foundation
import Hummingbird

/// The OpenRefine reconciliation service (W3C Reconciliation Service API 0.1/0.2, as OpenRefine 3.x speaks it):
/// the manifest, batches of queries scored by the matcher, entity / property / type suggestions and previews.
extension API {
    func addReconcileRoutes(to router: Router<APIRequestContext>) {
        let reconciler = Reconciler(store: store)
        router.get("/reconcile") { request, context in try await reconcile(request, context, reconciler: reconciler) }
        router.post("/reconcile") { request, context in try await reconcile(request, context, reconciler: reconciler) }
        router.get("/reconcile/suggest/entity") { request, context in try await suggestEntity(request, context) }
        router.get("/reconcile/suggest/property") { request, context in try suggestProperty(request, context) }
        router.get("/reconcile/suggest/type") { request, context in try suggestType(request, context) }
        router.get("/reconcile/preview") { request, context in try await preview(request, context) }
    }

    /// Most queries in one batch (OpenRefine sends 10 at a time).
    static let maxReconcileBatch = 100

    // MARK: manifest and queries

    func reconcile(_ request: Request, _ context: APIRequestContext, reconciler: Reconciler) async throws -> Response {
        // The raw query string, decoded as a form (`+` is a space): OpenRefine's GET batches come form-encoded.
        var form: [String: String] = [:]
        for (key, value) in QueryParameters.formFields(request.uri.query ?? "") { form[key] = value }
        var jsonBatch: Data?
        if request.method == .post {
            var request = request
            let body = try await request.collectBody(upTo: configuration.maxBodyBytes)
            let data = Data(buffer: body)
            let contentType = (request.headers[.contentType] ?? "").lowercased()
            if contentType.hasPrefix("application/json") {
                jsonBatch = data
            } else if !data.isEmpty {
                for (key, value) in QueryParameters.formFields(String(decoding: data, as: UTF8.self)) { form[key] = value }
            }
        }
        // An empty field is an absent one.
        form = form.filter { !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        let callback = try Self.callback(form["callback"])
        let batch: [(key: String, query: ReconciliationQuery)]
        var single = false
        if let jsonBatch {
            batch = try Self.batch(json: jsonBatch, parameter: "queries", wrapped: true)
        } else if let queries = form["queries"] {
            batch = try Self.batch(json: Data(queries.utf8), parameter: "queries", wrapped: false)
        } else if let query = form["query"] {
            // The single-query form of 0.1: a JSON query object, or the bare name.
            single = true
            let trimmed = query.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("{") {
                batch = [("q", try Self.query(try Self.jsonObject(Data(trimmed.utf8), parameter: "query"), parameter: "query"))]
            } else {
                guard trimmed.count <= 500 else { throw Problem.badParameter("query", "longer than 500 characters") }
                guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                    throw Problem.badParameter("query", "contains control characters")
                }
                batch = [("q", ReconciliationQuery(text: trimmed))]
            }
        } else {
            return try Self.jsonOrJSONP(manifest(request), callback: callback, request: request, context: context)
        }
        let visibility = context.caller.role.visibility
        let queries = batch.map { $0.query }
        let answers = try await pool.read { try reconciler.reconcile(queries, visibility: visibility) }
        var document: [String: ReconcileResult] = [:]
        for (item, candidates) in zip(batch, answers) { document[item.key] = ReconcileResult(result: candidates.map(ReconcileCandidateDocument.init)) }
        if single, let only = document["q"] { return try Self.jsonOrJSONP(only, callback: callback, request: request, context: context) }
        return try Self.jsonOrJSONP(document, callback: callback, request: request, context: context)
    }

    struct ReconcileResult: Encodable {
        var result: [ReconcileCandidateDocument]
    }

    struct TypeRef: Encodable {
        var id: String
        var name: String
    }

    struct ReconcileCandidateDocument: Encodable {
        struct Feature: Encodable {
            var id: String
            var value: Double
        }
        var id: String
        var name: String
        var description: String?
        var type: [TypeRef]
        var score: Double
        var match: Bool
        var features: [Feature]

        init(_ c: ReconciliationCandidate) {
            id = String(c.entityID)
            name = c.name
            description = c.description
            type = [API.typeRef(c.kind)]
            score = c.score
            match = c.match
            features = c.features.map { Feature(id: $0.id, value: $0.value) }
        }
    }

    static func typeRef(_ kind: EntityKind) -> TypeRef {
        TypeRef(id: kind.rawValue, name: kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst())
    }

    struct Manifest: Encodable {
        struct View: Encodable { var url: String }
        struct Preview: Encodable {
            var url: String
            var width: Int
            var height: Int
        }
        struct Service: Encodable {
            var service_url: String
            var service_path: String
        }
        struct Suggest: Encodable {
            var entity: Service
            var property: Service
            var type: Service
        }
        struct Property: Encodable {
            var id: String
            var name: String
            var description: String
        }
        var versions = ["0.1", "0.2"]
        var name: String
        var identifierSpace: String
        var schemaSpace: String
        var defaultTypes: [TypeRef]
        var view: View
        var preview: Preview
        var suggest: Suggest
        var batchSize: Int
        /// The properties a query may give (also offered by `suggest/property`).
        var properties: [Property]
    }

    /// The service manifest; URLs are absolute, on the host the client called.
    func manifest(_ request: Request) -> Manifest {
        let base = Self.baseURL(request)
        let service = base + "/reconcile"
        return Manifest(
            name: "\(configuration.serverName) directory reconciliation", identifierSpace: base + "/v1/entities/",
            schemaSpace: base + "/reconcile/types/", defaultTypes: EntityKind.allCases.map(Self.typeRef),
            view: .init(url: base + "/v1/entities/{{id}}"),
            preview: .init(url: service + "/preview?id={{id}}", width: 400, height: 120),
            suggest: .init(
                entity: .init(service_url: service, service_path: "/suggest/entity"),
                property: .init(service_url: service, service_path: "/suggest/property"),
                type: .init(service_url: service, service_path: "/suggest/type")),
            batchSize: Self.maxReconcileBatch,
            properties: ReconciliationProperty.allCases.map { .init(id: $0.rawValue, name: $0.name, description: $0.description) })
    }

    /// `scheme://host[:port]` as the client addressed this server; only host characters are kept.
    static func baseURL(_ request: Request) -> String {
        // HTTP/1.1's Host header arrives as the authority; a router without a channel (tests) may leave it in the fields.
        let raw = request.head.authority ?? request.headers[.init("Host")!] ?? "localhost"
        let host = String(raw.filter { $0.isLetter || $0.isNumber || "-.:[]".contains($0) }.prefix(255))
        let forwarded = request.headers[.init("X-Forwarded-Proto")!]?.lowercased()
        let scheme = forwarded == "https" || request.head.scheme == "https" ? "https" : "http"
        return "\(scheme)://\(host.isEmpty ? "localhost" : host)"
    }

    // MARK: parsing queries

    /// A batch `{"q0": {...}, ...}`; a JSON body may also wrap it as `{"queries": {...}}` (or a string of it).
    static func batch(json data: Data, parameter: String, wrapped: Bool) throws -> [(key: String, query: ReconciliationQuery)] {
        var object = try jsonObject(data, parameter: parameter)
        if wrapped, let inner = object["queries"] {
            if let text = inner as? String {
                object = try jsonObject(Data(text.utf8), parameter: parameter)
            } else if let inner = inner as? [String: Any] {
                object = inner
            } else {
                throw Problem.badParameter(parameter, "must be a JSON object of queries keyed by id, e.g. {\"q0\": {\"query\": \"Sale Library\"}}")
            }
        }
        guard object.count <= maxReconcileBatch else {
            throw Problem.badParameter(parameter, "at most \(maxReconcileBatch) queries in one batch, not \(object.count)")
        }
        return try object.keys.sorted().map { key in
            guard key.count <= 100 else { throw Problem.badParameter(parameter, "query ids are at most 100 characters") }
            guard let q = object[key] as? [String: Any] else {
                throw Problem.badParameter(parameter, "query '\(key.prefix(40))' must be an object such as {\"query\": \"Sale Library\"}")
            }
            return (key, try query(q, parameter: parameter, id: key))
        }
    }

    static func jsonObject(_ data: Data, parameter: String) throws -> [String: Any] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw Problem.badParameter(parameter, "is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw Problem.badParameter(parameter, "must be a JSON object, e.g. {\"q0\": {\"query\": \"Sale Library\"}}")
        }
        return object
    }

    /// One query object: `query` (the name), optional `type`, `limit`, `properties` [{pid, v}], `type_strict` (ignored).
    static func query(_ q: [String: Any], parameter: String, id: String = "q") throws -> ReconciliationQuery {
        let at = "query '\(id.prefix(40))'"
        func bad(_ detail: String) -> Problem { Problem.badParameter(parameter, "\(at): \(detail)") }
        var text = ""
        if let value = q["query"] {
            guard let s = value as? String else { throw bad("`query` must be a string (the name)") }
            text = s.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard text.count <= 500 else { throw bad("`query` is longer than 500 characters") }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw bad("`query` contains control characters")
        }
        var kind: EntityKind?
        if let type = q["type"], !(type is NSNull) {
            var ids: [String] = []
            if let s = type as? String {
                ids = [s]
            } else if let list = type as? [Any] {
                for item in list {
                    if let s = item as? String { ids.append(s) } else if let o = item as? [String: Any], let s = o["id"] as? String { ids.append(s) }
                    else { throw bad("`type` must be a type id or a list of them") }
                }
            } else {
                throw bad("`type` must be organisation, service or place")
            }
            // The manifest's type ids exactly, as OpenRefine sends them back.
            let kinds = ids.map { EntityKind(rawValue: $0) }
            if let unknown = zip(ids, kinds).first(where: { $0.1 == nil }) {
                throw bad("`type` must be organisation, service or place, not '\(unknown.0.prefix(40))'")
            }
            // One type restricts the candidates; several are all our kinds there are, or a choice: no restriction.
            let distinct = Set(kinds.compactMap { $0 })
            kind = distinct.count == 1 ? distinct.first : nil
        }
        var limit = ReconciliationQuery.defaultLimit
        if let value = q["limit"], !(value is NSNull) {
            // Numbers only (JSON true is not a limit), whole, in range.
            guard !(value is String), let n = Double("\(value)"), n == n.rounded(), (1...Double(ReconciliationQuery.maxLimit)).contains(n)
            else { throw bad("`limit` must be a whole number from 1 to \(ReconciliationQuery.maxLimit)") }
            limit = Int(n)
        }
        var properties: [ReconciliationProperty: String] = [:]
        if let value = q["properties"], !(value is NSNull) {
            guard let list = value as? [Any] else { throw bad("`properties` must be a list of {\"pid\": …, \"v\": …}") }
            guard list.count <= 20 else { throw bad("at most 20 properties") }
            for item in list {
                guard let p = item as? [String: Any], let pid = (p["pid"] ?? p["p"]) as? String else {
                    throw bad("each property must be {\"pid\": \"postcode\", \"v\": \"M33 7AA\"}")
                }
                guard let property = ReconciliationProperty(id: pid) else {
                    throw bad("unknown property '\(pid.prefix(40))'; the properties are \(ReconciliationProperty.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard let v = propertyValue(p["v"]) else {
                    throw bad("property '\(pid.prefix(40))' needs a value `v`: a string, a number or a reconciled {\"id\": …}")
                }
                guard v.count <= 500 else { throw bad("property '\(pid.prefix(40))' is longer than 500 characters") }
                if !v.isEmpty { properties[property] = v }
            }
        }
        return ReconciliationQuery(text: text, kind: kind, limit: limit, properties: properties)
    }

    /// A property value as OpenRefine sends it: a string, a number, a reconciled `{"id": …}`, or a list of those (the first).
    static func propertyValue(_ value: Any?) -> String? {
        switch value {
        case let s as String: return s.trimmingCharacters(in: .whitespacesAndNewlines)
        case let n as NSNumber:
            // Charity and company numbers come as JSON numbers from numeric columns: no ".0".
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(n)"
        case let o as [String: Any]: return o["id"] as? String
        default: return nil
        }
    }

    /// A JSONP callback name: a JavaScript identifier path, nothing that could run as code.
    static func callback(_ raw: String?) throws -> String? {
        guard let raw, !raw.isEmpty else { return nil }
        guard raw.count <= 100, raw.first.map({ !$0.isNumber }) == true,
              raw.unicodeScalars.allSatisfy({ ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || "_$.".unicodeScalars.contains($0) })
        else { throw Problem.badParameter("callback", "must be a JavaScript function name (letters, digits, _, $ and .)") }
        return raw
    }

    /// JSON, or with a callback `callback(JSON);` as `text/javascript`.
    static func jsonOrJSONP<T: Encodable>(_ value: T, callback: String?, request: Request, context: APIRequestContext) throws -> Response {
        guard let callback else { return try Responses.json(value, request: request, context: context) }
        var data = Data("/**/\(callback)(".utf8)
        data.append(try Responses.encoder.encode(value))
        data.append(contentsOf: Array(");".utf8))
        return Responses.body(data, contentType: "text/javascript", request: request, context: context)
    }

    // MARK: suggest and preview

    struct SuggestItem: Encodable {
        var id: String
        var name: String
        var description: String?
        var notable: [TypeRef]?
    }

    struct SuggestResult: Encodable {
        var result: [SuggestItem]
    }

    func suggestEntity(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let p = QueryParameters(request)
        let callback = try Self.callback(try p.string("callback", maxLength: 100))
        let prefix = try p.string("prefix", maxLength: 200) ?? ""
        let cursor = try p.int("cursor", default: 0, range: 0...10_000)
        let limit = try p.int("limit", default: 10, range: 1...50)
        var kind: EntityKind?
        if let type = try p.string("type", maxLength: 40) {
            guard let k = EntityKind(rawValue: type) else {
                throw Problem.badParameter("type", "must be organisation, service or place, not '\(type)'")
            }
            kind = k
        }
        let visibility = context.caller.role.visibility
        let store = self.store
        let kindFilter = kind
        let entities = try await pool.read { () throws -> [ReconcileEntity] in
            let ids = try store.reconcileSuggest(prefix: prefix, kind: kindFilter, visibility: visibility, limit: limit, offset: cursor)
            return try store.reconcileEntities(ids, visibility: visibility)
        }
        let items = entities.map {
            SuggestItem(id: String($0.entityID), name: $0.name, description: [$0.address, $0.postcode].compactMap { $0 }.joined(separator: ", "),
                        notable: [Self.typeRef($0.kind)])
        }
        return try Self.jsonOrJSONP(SuggestResult(result: items), callback: callback, request: request, context: context)
    }

    func suggestProperty(_ request: Request, _ context: APIRequestContext) throws -> Response {
        let p = QueryParameters(request)
        let callback = try Self.callback(try p.string("callback", maxLength: 100))
        let prefix = (try p.string("prefix", maxLength: 200) ?? "").lowercased()
        let items = ReconciliationProperty.allCases.filter {
            prefix.isEmpty || $0.rawValue.hasPrefix(prefix) || $0.name.lowercased().hasPrefix(prefix)
                || $0.name.lowercased().split(separator: " ").contains { $0.hasPrefix(prefix) }
        }.map { SuggestItem(id: $0.rawValue, name: $0.name, description: $0.description, notable: nil) }
        return try Self.jsonOrJSONP(SuggestResult(result: items), callback: callback, request: request, context: context)
    }

    func suggestType(_ request: Request, _ context: APIRequestContext) throws -> Response {
        let p = QueryParameters(request)
        let callback = try Self.callback(try p.string("callback", maxLength: 100))
        let prefix = (try p.string("prefix", maxLength: 200) ?? "").lowercased()
        let items = EntityKind.allCases.filter { prefix.isEmpty || $0.rawValue.hasPrefix(prefix) }.map {
            SuggestItem(id: $0.rawValue, name: Self.typeRef($0).name, description: nil, notable: nil)
        }
        return try Self.jsonOrJSONP(SuggestResult(result: items), callback: callback, request: request, context: context)
    }

    /// A small HTML card of an entity, for OpenRefine's preview pop-up.
    func preview(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let raw = try QueryParameters(request).require("id", maxLength: 40)
        guard let id = Int64(raw), id > 0 else { throw Problem.badParameter("id", "must be an entity number, not '\(raw)'") }
        let visibility = context.caller.role.visibility
        let store = self.store
        guard let e = try await pool.read({ try store.reconcileEntities([id], visibility: visibility).first }) else {
            throw Problem.notFound("no entity '\(id)'")
        }
        func h(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var lines = ["<strong>\(h(e.name))</strong> <small>\(h(e.kind.rawValue)) \(e.entityID)</small>"]
        if let address = Reconciler.describeForPreview(e) { lines.append(h(address)) }
        if !e.categories.isEmpty { lines.append(h(e.categories.joined(separator: ", "))) }
        if let n = e.charityNumber { lines.append("Charity \(h(n))") }
        lines.append("<small>Lists: \(h(e.sources.joined(separator: ", ")))</small>")
        let html = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(h(e.name))</title></head>\
            <body style="font: 13px sans-serif; margin: 6px">\(lines.joined(separator: "<br>"))</body></html>
            """
        return Responses.body(Data(html.utf8), contentType: "text/html; charset=utf-8", request: request, context: context)
    }
}

extension Reconciler {
    /// The address line a preview shows.
    static func describeForPreview(_ e: ReconcileEntity) -> String? {
        let parts = [e.address, e.postcode].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}
