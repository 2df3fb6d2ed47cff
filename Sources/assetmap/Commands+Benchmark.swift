import ArgumentParser
import AssetMapStore
import Foundation

struct Benchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measurements for BENCHMARKS.md.", shouldDisplay: false, subcommands: [AssignPoints.self, Queries.self])

    struct AssignPoints: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign-points", abstract: "Assign N pseudo-random points in a layer's extent to its areas.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The layer.") var layer: String
        @Option(help: "How many points.") var points = 1_000_000

        func run() async throws {
            let store = try global.openStore()
            let result = try store.benchmarkPointAssignment(layer: layer, count: points)
            print(String(
                format: "points %d, assigned %d, seconds %.3f, points/s %.0f", result.points, result.assigned, result.seconds,
                Double(result.points) / result.seconds))
        }
    }
}
