import ArgumentParser
import AssetMapCore
import AssetMapQuery
import AssetMapStore
import Foundation

extension Area {
    struct Profile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What an area holds, by kind and category, per 1,000 residents.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var visibility: VisibilityOption
        @Argument(help: "An area code (any layer), or a name.") var code: String
        @Option(help: "The layer, when a name is ambiguous.") var layer: String?

        func run() async throws {
            let profile = try Directory(store: try global.openStore()).areaProfile(code, layer: layer, visibility: try visibility.visibility)
            if output.json { return try Output.json(profile) }
            Output.fields([
                ("area", "\(profile.area.name ?? profile.area.code) (\(profile.area.layer) \(profile.area.code))"),
                ("population", profile.population.map { String($0) } ?? "not loaded"),
                ("entities", profile.counts.byKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)s" }.joined(separator: ", ")),
                ("sources", profile.sources.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
            ])
            print("")
            Output.table(
                ["category", "count", "per 1,000"],
                profile.counts.byCategory.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
                    [$0.key, "\($0.value)", profile.per1000[$0.key].map { String(format: "%.2f", $0) } ?? "-"]
                })
        }
    }
}

struct Gaps: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Areas whose residents are farthest from a kind of provision (from the mean of each area's postcodes).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var visibility: VisibilityOption
    @Option(help: "The category of provision (e.g. library, 'food bank').") var category: String
    @Option(help: "The area layer (e.g. lsoa, ward).") var layer: String
    @Option(help: "Only areas farther than this many metres.") var beyond: Double?

    func run() async throws {
        let report = try Directory(store: try global.openStore()).gaps(category: category, layer: layer, beyond: beyond, visibility: try visibility.visibility)
        if output.json { return try Output.json(report) }
        print("\(report.providers) \(category) locations; \(report.areas.count) \(layer) areas, farthest first")
        Output.table(
            ["code", "name", "population", "nearest", "distance"],
            report.areas.map {
                [$0.code, $0.name ?? "-", $0.population.map(String.init) ?? "-", $0.nearest?.name ?? "none",
                 $0.nearestDistanceM.map { Search.distance($0) } ?? "-"]
            })
    }
}

struct Coverage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Which lists know whom: overlap, single-source entities, duplicates inside a list, conflicting values.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var visibility: VisibilityOption
    @Option(help: "At most this many entries in each list.") var limit = 1000

    func run() async throws {
        let report = try Directory(store: try global.openStore()).coverage(visibility: try visibility.visibility, listLimit: limit)
        if output.json { return try Output.json(report) }
        print("\(report.entities) entities from \(report.sources.count) sources")
        Output.table(["source"] + report.sources, report.sources.map { a in [a] + report.sources.map { b in "\(report.overlap[a]?[b] ?? 0)" } })
        print("\nsingle-source entities: \(report.singleSource.count); duplicates inside a list: \(report.withinSourceDuplicates.count); conflicting values: \(report.conflicts.count)")
        for c in report.conflicts.prefix(20) {
            print("  \(c.name) [\(c.entity)] \(c.field): " + c.values.map { "\($0.value) (\($0.source))" }.joined(separator: " / "))
        }
    }
}

struct Colocate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Partner buildings of different owners within walking distance, with a host and an estimated saving.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var visibility: VisibilityOption
    @Option(help: "Only buildings inside this area (code or name).") var area: String?
    @Option(help: "Walking distance in metres.") var within: Double = 400
    @Option(name: .customLong("cost-per-m2"), help: "Annual running cost per m² where a building's cost is unknown (£).") var costPerM2: Double = 150

    func run() async throws {
        let report = try Directory(store: try global.openStore()).colocate(
            area: area, within: within, costPerM2: costPerM2, visibility: try visibility.visibility)
        if output.json { return try Output.json(report) }
        print("\(report.clusters.count) clusters of partner buildings within \(Int(within)) m, largest saving first")
        for (i, c) in report.clusters.prefix(20).enumerated() {
            print("\n\(i + 1). £\(Int(c.estimatedAnnualSavingGBP)) a year — host \(c.host.name); owners: \(c.owners.joined(separator: ", "))")
            print("   \(c.basis)")
            for m in c.members {
                print("   - \(m.name) (\(m.owner ?? "?"), \(m.occupancy ?? "occupancy unknown"), \(m.floorAreaM2.map { "\(Int($0)) m²" } ?? "area unknown"))")
            }
        }
        if !report.transferCandidates.isEmpty {
            print("\nvacant partner buildings near community groups: \(report.transferCandidates.count)")
            for t in report.transferCandidates.prefix(10) {
                print("  \(t.building.name) (\(t.building.owner ?? "?")): \(t.groupsNearby.count) groups within \(Int(within)) m")
            }
        }
        if !report.excludedApproximate.isEmpty {
            print("\n\(report.excludedApproximate.count) partner buildings are located only by postcode sector/district and were not clustered")
        }
    }
}
