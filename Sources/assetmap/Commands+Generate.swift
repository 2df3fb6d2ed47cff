import ArgumentParser
import AssetMapGenerator
import AssetMapStore
import Foundation

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic borough: postcodes, areas, population, overlapping source lists with known duplicates, and a gold file.")
    @Option(help: "Total source records across all lists.") var records = 2_000
    @Option(help: "Random seed: the same seed gives the same files.") var seed: UInt64 = 42
    @Option(help: "borough (a few thousand records per borough, spread like a country) or dense (all in one borough).")
    var spread = "borough"
    @Option(help: "The directory to write into.") var out: String
    @Option(help: "Also write one big benchmark CSV of this many rows (bench.csv with bench.profile.json).") var benchmarkRows: Int?

    func run() async throws {
        guard let spreadValue = GeneratorConfiguration.Spread(rawValue: spread) else {
            throw ValidationError("--spread must be borough or dense")
        }
        guard records > 0 else { throw ValidationError("--records must be positive") }
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let result = try Generator.write(GeneratorConfiguration(records: records, seed: seed, spread: spreadValue), to: directory)
        print("wrote \(result.boroughs) synthetic borough(s) to \(out): \(result.postcodes) postcodes, \(result.totalRecords) records in \(result.lists.count) lists (\(result.lists.map { "\($0.source) \($0.records)" }.joined(separator: ", "))), \(result.entities) true entities; gold file \(result.goldFile.lastPathComponent)")
        if let benchmarkRows {
            try Generator.writeBenchmarkCSV(
                rows: benchmarkRows, seed: seed, postcodes: directory.appendingPathComponent("postcodes.csv"),
                to: directory.appendingPathComponent("bench.csv"))
            print("wrote \(benchmarkRows) rows to \(out)/bench.csv")
        }
    }
}

