import ArgumentParser
import AssetMapCore
import AssetMapIngest
import AssetMapStore
import Foundation

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create the database, or migrate it to this version's schema.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let store = try global.openStore(create: true)
        let versions = try store.engineVersions()
        let migrations = try store.appliedMigrations()
        if output.json {
            struct Report: Encodable { var database: String; var migrations: [String]; var engine: [String: String] }
            try Output.json(Report(database: global.databasePath, migrations: migrations, engine: versions))
        } else {
            print("database \(global.databasePath) is ready (schema: \(migrations.last ?? "-"))")
            print(versions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
    }
}

struct PostcodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postcode", abstract: "A postcode's point and its area in every layer.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "A UK postcode, any spacing or case (e.g. wa141ah).") var postcode: String

    func run() async throws {
        let store = try global.openStore()
        guard let parsed = Postcode(postcode) else {
            throw ValidationError("'\(postcode)' is not a full UK postcode (e.g. WA14 1AH)")
        }
        guard let found = try store.lookupPostcode(parsed.formatted) else {
            throw StoreError.notFound(what: "postcode in the postcode table", key: parsed.formatted)
        }
        if output.json { return try Output.json(found) }
        Output.fields([("postcode", found.postcode), ("point", String(format: "%.6f, %.6f", found.lat, found.lon))])
        Output.table(
            ["layer", "code", "name", "from"],
            found.areas.sorted { $0.key < $1.key }.map { layer, area in
                [layer, area.code, area.name.orDash, area.basis + (area.directoryCode.map { " (file says \($0))" } ?? "")]
            })
    }
}

struct Postcodes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The postcode table.", subcommands: [Load.self, Check.self])

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load an ONS Postcode Directory–style CSV (adds to or updates the table).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The CSV file.") var file: String
        @Option(name: .customLong("map"), help: ArgumentHelp("field=column, for postcode, lat, lon, <layer>_code, <layer>_name.", valueName: "field=column"))
        var maps: [String] = []

        func run() async throws {
            let mapping = try parsePairs(maps, option: "--map")
            let store = try global.openStore(create: true)
            let summary = try PostcodeFile(path: file, mapping: mapping).load(into: store)
            if output.json { return try Output.json(summary) }
            print("loaded \(summary.loaded) postcodes from \(file); area codes for layers: \(summary.layers.joined(separator: ", "))")
            if !summary.skipped.isEmpty {
                print("skipped \(summary.skipped.count) rows:")
                for s in summary.skipped.prefix(20) { print("  line \(s.line): \(s.reason)") }
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare point-in-polygon areas of every postcode with the codes the postcode file gives.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "The polygon layer to check.") var layer: String
        @Option(help: "The postcode file's layer to compare with (default: the same name).") var against: String?

        func run() async throws {
            let store = try global.openStore()
            let result = try store.checkPostcodeAreas(layer: layer, directoryLayer: against)
            if output.json { return try Output.json(result) }
            print(String(
                format: "%d postcodes: %d agree (%.3f%%), %d disagree, %d outside every %@ polygon; %.2f s (%.0f postcodes/s)",
                result.postcodes, result.agree, result.agreementRate * 100, result.disagree, result.outside, layer,
                result.seconds, Double(result.postcodes) / max(result.seconds, 1e-9)))
            if !result.disagreements.isEmpty {
                Output.table(["postcode", "file", "polygon"], result.disagreements.map { [$0.postcode, $0.directory, $0.polygon.orDash] })
            }
        }
    }
}

struct Areas: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Area layers: wards, LSOAs, localities, a board's own neighbourhoods.",
        subcommands: [Load.self, Population.self])

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the polygons of a layer from GeoJSON; re-loading a layer replaces it and re-assigns records.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "A GeoJSON FeatureCollection of Polygon/MultiPolygon features.") var file: String
        @Option(help: "The layer's name (e.g. ward, lsoa, locality).") var layer: String
        @Option(help: "The feature property holding the area code.") var codeField: String?
        @Option(help: "The feature property holding the area name.") var nameField: String?

        func run() async throws {
            let store = try global.openStore(create: true)
            let summary = try AreaFile(path: file, layer: layer, codeField: codeField, nameField: nameField).load(into: store)
            if output.json { return try Output.json(summary) }
            print("layer \(layer): \(summary.areas) areas loaded (\(summary.replaced) replaced); \(summary.recordsAssigned) records assigned")
        }
    }

    struct Population: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Attach resident population to areas, by area code.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "A CSV with one row per area (or use --where to pick one).") var file: String
        @Option(help: "The column holding area codes.") var codeField: String
        @Option(help: "The column holding the population.") var valueField: String
        @Option(name: .customLong("where"), help: ArgumentHelp("Keep only rows where column=value (e.g. sex=Persons).", valueName: "column=value"))
        var filters: [String] = []
        @Option(help: "Only update areas of this layer.") var layer: String?

        func run() async throws {
            let store = try global.openStore()
            let summary = try PopulationFile(
                path: file, codeField: codeField, valueField: valueField, filter: parsePairs(filters, option: "--where"),
                layer: layer
            ).load(into: store)
            if output.json { return try Output.json(summary) }
            print("population set for \(summary.matched) areas from \(summary.rows) rows")
            if !summary.unmatched.isEmpty {
                print("\(summary.unmatched.count) codes match no loaded area: \(summary.unmatched.prefix(10).joined(separator: ", "))\(summary.unmatched.count > 10 ? ", …" : "")")
            }
        }
    }
}

struct Area: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Areas and what they hold.", subcommands: [List.self, Profile.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The areas of a layer, or the layers when none is given.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "The layer to list.") var layer: String?

        func run() async throws {
            let store = try global.openStore()
            guard let layer else {
                let layers = try store.areaLayers()
                if output.json { return try Output.json(layers) }
                return Output.table(
                    ["layer", "areas", "with population", "codes", "file"],
                    layers.map { [$0.name, "\($0.areas)", "\($0.withPopulation)", $0.hasCodes ? "yes" : "names only", $0.file.orDash] })
            }
            let areas = try store.areas(inLayer: layer)
            if output.json { return try Output.json(areas) }
            Output.table(
                ["code", "name", "population", "records"],
                areas.map { [$0.code, $0.name.orDash, $0.population.map(String.init) ?? "-", "\($0.records)"] })
        }
    }
}

/// Parses repeated `key=value` options.
func parsePairs(_ pairs: [String], option: String) throws -> [String: String] {
    var result: [String: String] = [:]
    for pair in pairs {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            throw ValidationError("\(option) takes key=value, got '\(pair)'")
        }
        result[String(pair[..<equals]).trimmingCharacters(in: .whitespaces)] = String(pair[pair.index(after: equals)...])
    }
    return result
}
