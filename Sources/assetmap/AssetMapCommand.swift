import ArgumentParser
import AssetMapStore
import Foundation
import Logging

@main
struct AssetMapCommand: AsyncParsableCommand {
    /// Logs go to standard error, so `--json` output on standard output stays clean for scripts.
    static func main() async {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["ASSETMAP_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: StoreFailure.explain(error))
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "assetmap",
        abstract: "One deduplicated, geospatial directory of a council's and its partners' lists.",
        discussion: """
            Typical first steps:
              assetmap init
              assetmap postcodes load postcodes.csv
              assetmap areas load wards.geojson --layer ward --code-field area_code --name-field area_name
              assetmap import charities.csv --profile charities.profile.json
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, PostcodeCommand.self, Postcodes.self, Areas.self, Area.self,
            Import.self, Sources.self, Export.self, Search.self, Gaps.self, Coverage.self, Colocate.self, Generate.self, Benchmark.self,
            MatchCommand.self, Review.self, EntityCommand.self, Serve.self, Keys.self,
            Backup.self, Restore.self, Audit.self,
        ])
}

/// Options every command that touches the database takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file (default: $ASSETMAP_DB, else ./assetmap.sqlite).", valueName: "path"))
    var db: String?

    var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["ASSETMAP_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "assetmap.sqlite"
    }

    /// Opens the database; creates it only for commands that load data.
    func openStore(create: Bool = false) throws -> AssetMapStore {
        try AssetMapStore.open(path: databasePath, create: create)
    }
}

/// `--json` for every command that prints data.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false
}
