import ArgumentParser
import AssetMapCore
import AssetMapIngest
import AssetMapQuery
import AssetMapStore
import Foundation

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import or re-import a source list (CSV, GeoJSON, JSON), atomically.",
        discussion: """
            With a profile:  assetmap import charities.csv --profile charities.profile.json
            With flags:      assetmap import groups.csv --source cvs-groups --kind organisation --key id \\
                               --map name=Group --map postcode=Postcode --set categories="community group"
            An Open Referral feed (an ORUK Page or an array of services, saved as JSON):
                             assetmap import feed.json --format oruk --source other-directory --sharing open
            Re-importing a newer version updates changed records, keeps the old versions in the history,
            and withdraws records the new file no longer has. Nothing is changed when the import fails.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The source file.") var file: String
    @Option(help: "An import profile (JSON).") var profile: String?
    @Option(help: "The source's name (a slug), without a profile.") var source: String?
    @Option(help: "organisation, service or place, without a profile.") var kind: String?
    @Option(name: .customLong("key"), help: "The key column (repeat for a composite key).") var keys: [String] = []
    @Option(name: .customLong("map"), help: ArgumentHelp("field=column (repeat a field to join several columns).", valueName: "field=column"))
    var maps: [String] = []
    @Option(name: .customLong("set"), help: ArgumentHelp("field=value, a constant for every record.", valueName: "field=value"))
    var sets: [String] = []
    @Option(name: .customLong("null"), help: "A value that means empty (repeatable; default NA, N/A, NULL).") var nulls: [String] = []
    @Option(help: "open, partners or restricted (overrides the profile).") var sharing: String?
    @Option(help: "Trust weight 0–1 (overrides the profile).") var trust: Double?
    @Option(help: "The source's title.") var title: String?
    @Option(help: "Who publishes the source.") var publisher: String?
    @Option(help: "The source's licence.") var licence: String?
    @Option(name: .customLong("as-of"), help: "The date the list is correct at (YYYY-MM-DD).") var asOf: String?
    @Option(help: "csv, geojson or json, when the file name does not say; oruk for an Open Referral feed (JSON).") var format: String?
    @Flag(name: .customLong("dry-run"), help: "Show what would change; change nothing.") var dryRun = false
    @OptionGroup var actor: ActorOptions

    func makeProfile() throws -> ImportProfile {
        var result: ImportProfile
        if let format, SourceFormat(rawValue: format.lowercased()) == nil {
            throw ValidationError("--format must be csv, geojson, json or oruk")
        }
        if let profile {
            if source != nil || kind != nil || !maps.isEmpty || !keys.isEmpty {
                throw ValidationError("give either --profile or --source/--kind/--map, not both")
            }
            result = try ImportProfile.load(path: profile)
        } else {
            guard let source else { throw ValidationError("give --profile FILE, or --source NAME --kind KIND --map name=COLUMN …") }
            guard let kindText = kind ?? (format?.lowercased() == "oruk" ? "service" : nil), let entityKind = EntityKind(lenient: kindText) else {
                throw ValidationError("--kind must be organisation, service or place")
            }
            var fields: [String: Any] = [:]
            for pair in maps {
                let (field, column) = try splitPair(pair, option: "--map")
                switch fields[field] {
                case nil: fields[field] = column
                case let existing as String: fields[field] = [existing, column]
                case let existing as [String]: fields[field] = existing + [column]
                default: break
                }
            }
            var object: [String: Any] = ["source": ["name": source], "kind": entityKind.rawValue, "fields": fields]
            if !keys.isEmpty { object["key"] = keys }
            if let format { object["format"] = format.lowercased() }
            if !sets.isEmpty { object["set"] = try parsePairs(sets, option: "--set") }
            if !nulls.isEmpty { object["null_values"] = nulls }
            result = try ImportProfile.parse(JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
        }
        if let sharing {
            guard let level = SharingLevel(rawValue: sharing) else { throw ValidationError("--sharing must be open, partners or restricted") }
            result.source.sharing = level
        }
        if let trust {
            guard (0...1).contains(trust) else { throw ValidationError("--trust must be from 0 to 1") }
            result.source.trust = trust
        }
        if let title { result.source.title = title }
        if let publisher { result.source.publisher = publisher }
        if let licence { result.source.licence = licence }
        if let asOf {
            guard DateValue.isoDate(asOf) != nil else { throw ValidationError("--as-of must be a date (YYYY-MM-DD)") }
            result.source.asOf = asOf
        }
        if let format {
            guard let value = SourceFormat(rawValue: format.lowercased()) else { throw ValidationError("--format must be csv, geojson, json or oruk") }
            result.format = value
        }
        return result
    }

    func run() async throws {
        let profile = try makeProfile()
        let store = try global.openStore(create: true)
        let report = try Importer(store: store).run(path: file, profile: profile, dryRun: dryRun, actor: actor.actor())
        if output.json { return try Output.json(report) }
        let verb = dryRun ? "would import" : "imported"
        print("\(verb) \(report.source) from \(report.file): read \(report.read), added \(report.added), updated \(report.updated), unchanged \(report.unchanged), withdrawn \(report.withdrawn), unlocated \(report.unlocated), rejected \(report.rejected.count), warnings \(report.warnings.count + report.warningsNotListed)")
        if !report.located.isEmpty {
            print("located by: " + report.located.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        for r in report.rejected.prefix(20) { print("  rejected line \(r.line): \(r.reason)") }
        if report.rejected.count > 20 { print("  … \(report.rejected.count - 20) more rejected (see --json)") }
        for w in report.warnings.prefix(20) { print("  warning line \(w.line), \(w.field): \(w.reason)") }
        if report.warnings.count > 20 { print("  … \(report.warnings.count - 20) more warnings (see --json)") }
        if dryRun { print("dry run: nothing was changed") }
    }
}

func splitPair(_ pair: String, option: String) throws -> (String, String) {
    guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
        throw ValidationError("\(option) takes key=value, got '\(pair)'")
    }
    return (String(pair[..<equals]).trimmingCharacters(in: .whitespaces), String(pair[pair.index(after: equals)...]))
}

struct Sources: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The contributed lists.", subcommands: [List.self, Show.self, Remove.self, History.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every source with its record counts.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let sources = try global.openStore().sources()
            if output.json { return try Output.json(sources) }
            Output.table(
                ["source", "kind", "sharing", "trust", "records", "withdrawn", "unlocated", "as of", "title"],
                sources.map {
                    [$0.name, $0.kind.orDash, $0.sharing, String(format: "%.2f", $0.trust), "\($0.records)", "\($0.withdrawn)",
                     "\($0.unlocated)", $0.asOf.orDash, $0.title.orDash]
                })
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One source: metadata, imports, how its records were located.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The source's name.") var name: String

        func run() async throws {
            let detail = try global.openStore().source(named: name)
            if output.json { return try Output.json(detail) }
            let s = detail.source
            Output.fields([
                ("source", s.name), ("title", s.title.orDash), ("publisher", s.publisher.orDash), ("licence", s.licence.orDash),
                ("sharing", s.sharing), ("trust", String(format: "%.2f", s.trust)), ("as of", s.asOf.orDash),
                ("kind", s.kind.orDash), ("records", "\(s.records) active, \(s.withdrawn) withdrawn, \(s.unlocated) unlocated"),
                ("located by", detail.locationPrecision.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
            ])
            print("")
            Output.table(
                ["import", "when", "file", "read", "added", "updated", "unchanged", "withdrawn", "rejected", "warnings"],
                detail.imports.map {
                    ["\($0.id)", $0.importedAt, $0.file, "\($0.read)", "\($0.added)", "\($0.updated)", "\($0.unchanged)",
                     "\($0.withdrawn)", "\($0.rejected)", "\($0.warnings)"]
                })
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a source with its records and their history.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The source's name.") var name: String

        func run() async throws {
            let removed = try global.openStore().removeSource(named: name)
            if output.json {
                struct Removed: Encodable { var source: String; var records: Int }
                return try Output.json(Removed(source: name, records: removed))
            }
            print("removed source \(name) and its \(removed) records")
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Changes to a source's records: added, updated, withdrawn.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The source's name.") var name: String
        @Option(help: "Only changes after this time (ISO 8601).") var since: String?
        @Option(help: "At most this many changes.") var limit = 1000

        func run() async throws {
            let changes = try global.openStore().history(source: name, since: since, limit: limit)
            if output.json { return try Output.json(changes) }
            Output.table(["when", "change", "key", "import"], changes.map { [$0.recordedAt, $0.change, $0.sourceKey, $0.importID.map(String.init) ?? "-"] })
        }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export the merged directory: entities (CSV), links (CSV), geojson.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "entities, links or geojson.") var format: String
    @Option(help: "Write to this file instead of standard output.") var out: String?
    @Option(help: "Include sources shared up to this level: open, partners or restricted (default).") var sharing = "restricted"

    func run() async throws {
        guard let exportFormat = ExportFormat(rawValue: format) else {
            throw ValidationError("--format must be one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let level = SharingLevel(rawValue: sharing) else { throw ValidationError("--sharing must be open, partners or restricted") }
        let store = try global.openStore()
        // Write to a temporary file and move it into place, so a failed export never leaves half a file.
        let destination = out
        let temporary = destination.map { $0 + ".partial" }
        guard let stream = temporary.map({ OutputStream(toFileAtPath: $0, append: false) }) ?? OutputStream(toFileAtPath: "/dev/stdout", append: true)
        else { throw ValidationError("cannot write to \(out ?? "standard output")") }
        stream.open()
        let count: Int
        do {
            count = try Exporter(store: store, maxSharing: level).write(exportFormat, to: stream)
            stream.close()
        } catch {
            stream.close()
            if let temporary { try? FileManager.default.removeItem(atPath: temporary) }
            throw error
        }
        if let destination, let temporary {
            _ = try? FileManager.default.removeItem(atPath: destination)
            try FileManager.default.moveItem(atPath: temporary, toPath: destination)
            Output.warn("wrote \(count) \(exportFormat == .links ? "links" : "entities") to \(destination)")
        }
    }
}
