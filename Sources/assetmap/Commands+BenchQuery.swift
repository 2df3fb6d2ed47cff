import ArgumentParser
import AssetMapCore
import AssetMapQuery
import AssetMapStore
import Foundation

extension Benchmark {
    /// Times the query layer in-process on a list of inputs (one query a line), for Scripts/bench-query.
    ///
    /// Each line is tab-separated: `text WORD` · `near LAT LON RADIUS` · `textnear WORD LAT LON` ·
    /// `catarea CATEGORY AREA` · `profile AREA` · `colocate AREA|- WITHIN`. Prints one line per kind:
    /// `kind n p50_ms p99_ms mean_ms`, and with `--samples FILE` every latency (`kind ms`).
    struct Queries: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "queries", abstract: "Time search, area profile and co-location queries in-process.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The query list (TSV).") var inputs: String
        @Option(help: "Untimed passes over the first queries of each kind before timing.") var warmup = 20
        @Option(help: "Write every latency here.") var samples: String?

        func run() async throws {
            let directory = Directory(store: try global.openStore())
            let lines = try String(contentsOfFile: inputs, encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            func perform(_ f: [String]) throws -> Int {
                switch f[0] {
                case "text":
                    return try directory.search(SearchQuery(text: f[1], perPage: 20, visibility: .open)).results.count
                case "near":
                    return try directory.search(SearchQuery(
                        near: Coordinate(lat: Double(f[1])!, lon: Double(f[2])!), radius: Double(f[3])!, perPage: 20, visibility: .open)).results.count
                case "textnear":
                    return try directory.search(SearchQuery(
                        text: f[1], near: Coordinate(lat: Double(f[2])!, lon: Double(f[3])!), perPage: 20, visibility: .open)).results.count
                case "catarea":
                    return try directory.search(SearchQuery(category: f[1], area: f[2], perPage: 20, visibility: .open)).results.count
                case "profile":
                    return try directory.areaProfile(f[1], visibility: .open).entities.count
                case "colocate", "colocate_all":
                    return try directory.colocate(area: f[1] == "-" ? nil : f[1], within: Double(f[2])!, visibility: .restricted).clusters.count
                default:
                    throw ValidationError("unknown query kind \(f[0])")
                }
            }
            var seen: [String: Int] = [:]
            for f in lines where (seen[f[0], default: 0]) < warmup {
                seen[f[0], default: 0] += 1
                _ = try perform(f)
            }
            var times: [String: [Double]] = [:]
            var order: [String] = []
            var out = ""
            let clock = ContinuousClock()
            for f in lines {
                var n = 0
                let elapsed = try clock.measure { n = try perform(f) }
                let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                if times[f[0]] == nil { order.append(f[0]) }
                times[f[0], default: []].append(ms)
                out += "\(f[0])\t\(String(format: "%.4f", ms))\t\(n)\n"
            }
            if let samples { try Data(out.utf8).write(to: URL(fileURLWithPath: samples)) }
            for kind in order {
                let t = times[kind]!.sorted()
                func q(_ p: Double) -> Double { t[min(t.count - 1, Int((p * Double(t.count - 1)).rounded()))] }
                print(String(format: "%@ %d %.3f %.3f %.3f", kind, t.count, q(0.5), q(0.99), t.reduce(0, +) / Double(t.count)))
            }
        }
    }
}
