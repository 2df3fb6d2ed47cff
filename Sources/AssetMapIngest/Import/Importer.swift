import AssetMapCore
import AssetMapStore
import Foundation
import Logging

/// The summary `import --json` prints (DESIGN.md, `import`).
public struct ImportReport: Codable, Sendable {
    public struct Rejected: Codable, Sendable, Equatable {
        public var line: Int
        public var reason: String
    }
    public struct Warning: Codable, Sendable, Equatable {
        public var line: Int
        public var field: String
        public var reason: String
    }
    public var source: String
    public var file: String
    public var dryRun: Bool
    public var read: Int
    public var added: Int
    public var updated: Int
    public var unchanged: Int
    public var withdrawn: Int
    public var unlocated: Int
    public var located: [String: Int]
    public var rejected: [Rejected]
    public var warnings: [Warning]
    /// Warnings beyond the first 100,000 are counted, not listed.
    public var warningsNotListed: Int
    /// Valid postcodes the postcode table does not have (outside the loaded area): located by sector or district if possible.
    public var postcodesNotInTable = 0

    enum CodingKeys: String, CodingKey {
        case source, file, read, added, updated, unchanged, withdrawn, unlocated, located, rejected, warnings
        case dryRun = "dry_run"
        case warningsNotListed = "warnings_not_listed"
        case postcodesNotInTable = "postcodes_not_in_table"
    }
}

/// Imports one source file with its profile: read → map → normalise → geocode → store, in one transaction.
public struct Importer {
    public let store: AssetMapStore
    public let logger: Logger
    /// Cap on listed warnings, so a million bad values cannot exhaust memory.
    public var warningLimit = 100_000

    public init(store: AssetMapStore, logger: Logger = Logger(label: "assetmap.ingest")) {
        self.store = store
        self.logger = logger
    }

    /// Imports `path`; on any error nothing is changed. With `dryRun`, reports what would change and changes nothing.
    public func run(path: String, profile: ImportProfile, dryRun: Bool = false, actor: AuditActor? = nil) throws -> ImportReport {
        let reader = try SourceReaders.open(path: path, format: profile.format)
        let mapper = try RowMapper(profile: profile, reader: reader)
        let positionName = reader.positionName
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        logger.info("importing", metadata: ["source": "\(profile.source.name)", "file": "\(path)"])
        return try store.importSource(
            profile.source, kind: profile.kind, profile: profile.json, file: fileName, dryRun: dryRun
        ) { session in
            var counts = ImportCounts()
            var report = ImportReport(
                source: profile.source.name, file: fileName, dryRun: dryRun, read: 0, added: 0, updated: 0, unchanged: 0,
                withdrawn: 0, unlocated: 0, located: [:], rejected: [], warnings: [], warningsNotListed: 0)
            func warn(_ line: Int, _ field: String, _ reason: String) {
                if report.warnings.count < warningLimit {
                    report.warnings.append(.init(line: line, field: field, reason: reason))
                } else {
                    report.warningsNotListed += 1
                }
            }
            var seenKeys: [String: Int] = [:]
            let pipeline = RowPipeline(reader: reader, mapper: mapper)
            defer { pipeline.cancel() }
            while let batch = try pipeline.next() {
              for row in batch {
                counts.read += 1
                var draft: RecordDraft
                switch row.result {
                case .rejected(let reason):
                    report.rejected.append(.init(line: row.line, reason: reason))
                    continue
                case .draft(let made, let warnings):
                    draft = made
                    for w in warnings { warn(row.line, w.field, w.reason) }
                }
                // A key seen twice in one file: keep both rows, the later under a suffixed key.
                if let first = seenKeys[draft.key] {
                    var n = 2
                    while seenKeys["\(draft.key)#\(n)"] != nil { n += 1 }
                    warn(row.line, "key", "key '\(draft.key)' repeats \(positionName) \(first); kept as '\(draft.key)#\(n)'")
                    draft.key = "\(draft.key)#\(n)"
                }
                seenKeys[draft.key] = row.line
                let result = try session.upsert(draft)
                switch result.outcome {
                case .added: counts.added += 1
                case .updated: counts.updated += 1
                case .unchanged: counts.unchanged += 1
                }
                if let precision = result.precision { report.located[precision.rawValue, default: 0] += 1 }
                if result.warning != nil { report.postcodesNotInTable += 1 }
                if let problem = session.geometryProblem { warn(row.line, "geometry", problem) }
              }
            }
            try session.writeNewEntities()
            counts.withdrawn = try session.withdrawMissing()
            try session.refreshEntities()
            counts.unlocated = try session.unlocatedCount()
            report.read = counts.read
            report.added = counts.added
            report.updated = counts.updated
            report.unchanged = counts.unchanged
            report.withdrawn = counts.withdrawn
            report.unlocated = counts.unlocated
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let text = String(decoding: try encoder.encode(report), as: UTF8.self)
            // Logged in the import's transaction: a killed or failed import leaves no entry; a dry run rolls it back.
            try session.audit(
                AuditEvent(action: "import", subjectType: "source", subjectIDs: [profile.source.name], detail: AuditedImport(report)),
                by: actor)
            try session.finish(
                file: fileName, fileHash: FileHash.fnv1a(path: path), counts: counts, rejected: report.rejected.count,
                warnings: report.warnings.count + report.warningsNotListed, report: text)
            return report
        }
    }
}

/// FNV-1a hashes: change detection, not security.
enum FileHash {
    static func fnv1a(_ text: String) -> String {
        // Two differently seeded 64-bit FNV-1a in one pass: accidental collisions across a million rows are negligible.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var hash2: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            hash2 = (hash2 ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16) + String(hash2, radix: 16)
    }

    /// `fnv1a` of the parts joined by U+0001, without joining them.
    static func fnv1a(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var hash2: UInt64 = 0x8422_2325_cbf2_9ce4
        for (i, part) in parts.enumerated() {
            if i > 0 {
                hash = (hash ^ 1) &* 0x100_0000_01b3
                hash2 = (hash2 ^ 1) &* 0x100_0000_01b3
            }
            for byte in part.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
                hash2 = (hash2 ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16) + String(hash2, radix: 16)
    }

    static func fnv1a(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            // Through the buffer: `Data`'s own iterator cost a second a million-row file.
            chunk.withUnsafeBytes { bytes in
                for byte in bytes {
                    hash ^= UInt64(byte)
                    hash &*= 0x100_0000_01b3
                }
            }
        }
        return String(hash, radix: 16)
    }
}


/// What the audit log keeps of an import: the file and its counts, not every warning.
struct AuditedImport: Encodable {
    var file: String
    var read, added, updated, unchanged, withdrawn, unlocated, rejected, warnings: Int

    init(_ r: ImportReport) {
        file = r.file
        read = r.read
        added = r.added
        updated = r.updated
        unchanged = r.unchanged
        withdrawn = r.withdrawn
        unlocated = r.unlocated
        rejected = r.rejected.count
        warnings = r.warnings.count + r.warningsNotListed
    }
}
