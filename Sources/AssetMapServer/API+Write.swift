import AssetMapCore
import AssetMapIngest
import AssetMapMatch
import AssetMapStore
import Foundation
import Hummingbird

extension API {
    // MARK: imports

    /// The JSON form of an import: the file's text (or base64) with its name, and the profile.
    struct ImportBody: Decodable {
        var profile: AnyDecodedJSON
        var filename: String?
        var content: String?
        var contentBase64: String?
        var dryRun: Bool?

        enum CodingKeys: String, CodingKey {
            case profile, filename, content
            case contentBase64 = "content_base64"
            case dryRun = "dry_run"
        }
    }

    /// Officers: imports (or re-imports) one source file with its profile, atomically; 422 with the reason when the
    /// file or profile cannot be used.
    func importSource(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        try require(.officer, context, for: "importing")
        var request = request
        let body = try await request.collectBody(upTo: configuration.maxBodyBytes)
        let data = Data(buffer: body)
        let contentType = request.headers[.contentType] ?? ""
        var profileData: Data
        var fileData: Data
        var filename: String?
        var dryRun = try QueryParameters(request).bool("dry_run")
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = MultipartForm.boundary(contentType: contentType) else {
                throw Problem(.badRequest, type: "bad-body", detail: "multipart/form-data needs a boundary parameter")
            }
            let form: MultipartForm
            do {
                form = try MultipartForm.parse(data, boundary: boundary)
            } catch MultipartForm.ParseError.malformed(let why) {
                throw Problem(.badRequest, type: "bad-body", detail: "the multipart body is malformed: \(why)")
            }
            guard let profile = form.part("profile") else { throw Problem.badParameter("profile", "the form has no `profile` part") }
            guard let file = form.part("file") else { throw Problem.badParameter("file", "the form has no `file` part") }
            profileData = profile.data
            fileData = file.data
            filename = file.filename
            if let flag = form.part("dry_run") { dryRun = dryRun || String(decoding: flag.data, as: UTF8.self) == "true" }
        } else if contentType.lowercased().hasPrefix("application/json") {
            let decoded: ImportBody
            do {
                decoded = try JSONDecoder().decode(ImportBody.self, from: data)
            } catch {
                throw Problem(
                    .badRequest, type: "bad-body",
                    detail: "expected {\"profile\": {…}, \"filename\": \"list.csv\", \"content\": \"…\"} (or \"content_base64\")")
            }
            if let text = decoded.profile.value as? String {
                profileData = Data(text.utf8)
            } else if let object = decoded.profile.value as? [String: Any], JSONSerialization.isValidJSONObject(object) {
                profileData = try JSONSerialization.data(withJSONObject: object)
            } else {
                // JSONSerialization traps (it does not throw) on a bare number, boolean or null: refuse those first.
                throw Problem.badParameter("profile", "must be an import profile: a JSON object, or that object as a string")
            }
            if let text = decoded.content {
                fileData = Data(text.utf8)
            } else if let encoded = decoded.contentBase64 {
                guard let bytes = Data(base64Encoded: encoded) else { throw Problem.badParameter("content_base64", "is not base64") }
                fileData = bytes
            } else {
                throw Problem.badParameter("content", "the body has neither `content` nor `content_base64`")
            }
            filename = decoded.filename
            dryRun = dryRun || decoded.dryRun == true
        } else {
            throw Problem(
                .unsupportedMediaType, type: "unsupported-media-type",
                detail: "send multipart/form-data (parts `file` and `profile`) or application/json")
        }
        let profile: ImportProfile
        do {
            profile = try ImportProfile.parse(profileData)
        } catch {
            throw Problem(.unprocessableContent, type: "bad-profile", title: "Bad import profile", detail: "\(error)", parameter: "profile")
        }
        // The importer reads files: the upload goes to a private temporary directory under a safe name, then is removed.
        let name = Self.safeFileName(filename, format: profile.format)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-import-\(UUID().uuidString)")
        let store = self.store
        let logger = context.logger
        let caller = context.caller
        let upload = fileData
        let isDryRun = dryRun
        let report = try await pool.write { () throws -> ImportReport in
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent(name).path
            try upload.write(to: URL(fileURLWithPath: path))
            do {
                return try Importer(store: store, logger: logger).run(path: path, profile: profile, dryRun: isDryRun, actor: Self.auditActor(caller))
            } catch let error as IngestError {
                throw Problem(.unprocessableContent, type: "import-failed", title: "Import failed", detail: error.description)
            } catch let error as StoreError {
                if case .invalid(let message) = error {
                    throw Problem(.unprocessableContent, type: "import-failed", title: "Import failed", detail: message)
                }
                throw error
            }
        }
        context.logger.notice("import", metadata: [
            "source": "\(report.source)", "added": "\(report.added)", "updated": "\(report.updated)",
            "withdrawn": "\(report.withdrawn)", "key_id": "\(caller.keyID ?? "-")", "dry_run": "\(dryRun)",
        ])
        return try Responses.json(report, request: request, context: context)
    }

    /// A file name the importer can read the format from, with nothing that could leave the temporary directory.
    static func safeFileName(_ given: String?, format: SourceFormat?) -> String {
        let last = (given ?? "").split(separator: "/").last.map(String.init) ?? ""
        var cleaned = String(last.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) }.prefix(100).map(Character.init))
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        if cleaned.isEmpty { cleaned = "upload" }
        if let format, SourceFormat(path: cleaned) != format { cleaned += ".\(format.rawValue)" }
        if SourceFormat(path: cleaned) == nil { cleaned += ".csv" }
        return cleaned
    }

    // MARK: review

    func thresholds() throws -> (link: Double, review: Double) {
        let last = try store.lastMatchRun()
        return (last?.linkThreshold ?? MatchOptions.defaultLinkThreshold, last?.reviewThreshold ?? MatchOptions.defaultReviewThreshold)
    }

    struct ReviewQueueDocument: Encodable {
        var items: [PairDetail]
        var link_threshold: Double
        var review_threshold: Double
    }

    /// Officers: the review queue, most likely match first.
    func reviewQueue(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        try require(.officer, context, for: "the review queue")
        let limit = try QueryParameters(request).int("limit", default: 50, range: 1...configuration.maxPerPage)
        let store = self.store
        let api = self
        let document = try await pool.read { () throws -> ReviewQueueDocument in
            let t = try api.thresholds()
            return ReviewQueueDocument(
                items: try store.reviewQueue(linkThreshold: t.link, reviewThreshold: t.review, limit: limit),
                link_threshold: t.link, review_threshold: t.review)
        }
        return try Responses.json(document, request: request, context: context)
    }

    struct ReviewItemDocument: Encodable {
        var pair: PairDetail
        var explanation: Explanation
    }

    /// Officers: one pair, explained comparison by comparison.
    func reviewItem(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        try require(.officer, context, for: "the review queue")
        let id = try Self.reviewID(context)
        let store = self.store
        let document = try await pool.read { () throws -> ReviewItemDocument in
            let pair = try Self.pair(store, id)
            let model = try Matcher(store: store).model() ?? .prior
            return ReviewItemDocument(pair: pair, explanation: Explanation.of(pair, model: model))
        }
        return try Responses.json(document, request: request, context: context)
    }

    struct DecisionBody: Decodable {
        var decision: String
    }

    struct DecisionDocument: Encodable {
        var id: Int64
        var decision: String
        var decided_by: String
        var entity_a: Int64?
        var entity_b: Int64?
        var queued_for_review: Int
    }

    /// Officers: decides a pair `same` or `different`; the decision wins over the model and survives re-imports.
    func decide(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        try require(.officer, context, for: "deciding review items")
        let id = try Self.reviewID(context)
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024)
        guard let decision = try? JSONDecoder().decode(DecisionBody.self, from: Data(buffer: body)) else {
            throw Problem.badParameter("decision", "send {\"decision\": \"same\"} or {\"decision\": \"different\"}")
        }
        guard decision.decision == "same" || decision.decision == "different" else {
            throw Problem.badParameter("decision", "must be same or different, not '\(decision.decision.prefix(40))'")
        }
        let store = self.store
        let who = context.caller.name
        let actor = Self.auditActor(context.caller)
        let document = try await pool.write { () throws -> DecisionDocument in
            let pair = try Self.pair(store, id)
            // The decision, its re-clustering and its audit entry commit together or not at all.
            let summary = try store.atomically {
                try store.recordDecision(
                    a: (pair.a.source, pair.a.sourceKey), b: (pair.b.source, pair.b.sourceKey), same: decision.decision == "same",
                    by: who, via: "api", pairID: id)
                let summary = try Matcher(store: store).recluster()
                try store.recordAudit(
                    AuditEvent(action: "decide", subjectType: "review_item", subjectIDs: [String(id)], detail: DecisionAuditDetail(
                        decision: decision.decision, a: "\(pair.a.source):\(pair.a.sourceKey)", b: "\(pair.b.source):\(pair.b.sourceKey)")),
                    by: actor)
                return summary
            }
            let after = try store.pairDetail(id: id)
            return DecisionDocument(
                id: id, decision: decision.decision, decided_by: who, entity_a: after.a.entityID, entity_b: after.b.entityID,
                queued_for_review: summary.queuedForReview)
        }
        return try Responses.json(document, request: request, context: context)
    }

    static func reviewID(_ context: APIRequestContext) throws -> Int64 {
        let raw = try context.parameters.require("id")
        guard let id = Int64(raw), id > 0 else { throw Problem.badParameter("id", "must be a review item number, not '\(raw.prefix(40))'") }
        return id
    }

    static func pair(_ store: AssetMapStore, _ id: Int64) throws -> PairDetail {
        do {
            return try store.pairDetail(id: id)
        } catch StoreError.notFound {
            throw Problem.notFound("no review item \(id)")
        }
    }
}

/// Any JSON value decoded, to hand on to `JSONSerialization` (the profile inside an import body).
struct AnyDecodedJSON: Decodable {
    let value: Any

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            value = NSNull()
        } else if let b = try? c.decode(Bool.self) {
            value = b
        } else if let n = try? c.decode(Double.self) {
            value = n
        } else if let s = try? c.decode(String.self) {
            value = s
        } else if let a = try? c.decode([AnyDecodedJSON].self) {
            value = a.map(\.value)
        } else {
            value = try c.decode([String: AnyDecodedJSON].self).mapValues(\.value)
        }
    }
}
