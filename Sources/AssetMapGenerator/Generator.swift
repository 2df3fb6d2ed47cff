import Foundation

/// What to generate: how many source records, from which seed, spread how.
public struct GeneratorConfiguration: Sendable {
    /// Total source records across all lists (1,000 to 1,000,000 and beyond).
    public var records: Int
    /// The same seed and configuration always give byte-identical output.
    public var seed: UInt64
    /// How the records are spread over space.
    public var spread: Spread

    /// How records are spread over boroughs.
    public enum Spread: String, Sendable, CaseIterable {
        /// A few thousand records per borough-sized area, boroughs tiling outward on a grid.
        case borough
        /// Everything packed into one borough: the worst case for blocking and spatial queries.
        case dense
    }

    /// A configuration; `seed` defaults to 42 and `spread` to `.borough`.
    public init(records: Int, seed: UInt64 = 42, spread: Spread = .borough) {
        self.records = records
        self.seed = seed
        self.spread = spread
    }

    /// Records per borough under `.borough` spread: about the size of a real borough's lists.
    public static let recordsPerBorough = 3_000
}

/// What `Generator.write` produced: the files and the counts a test or benchmark checks against.
public struct GeneratedBorough: Sendable {
    /// One source list written with its import profile.
    public struct List: Sendable {
        /// The source slug (the profile's `source.name`, and the `source` column of gold.csv).
        public var source: String
        /// `organisation`, `service` or `place`.
        public var kind: String
        /// The list file.
        public var file: URL
        /// Its import profile.
        public var profile: URL
        /// Rows written.
        public var records: Int
    }

    /// The output directory.
    public var directory: URL
    /// Every file written, in manifest order.
    public var files: [URL]
    /// The ONS-style postcode table.
    public var postcodesFile: URL
    /// Area layer files by layer name (`ward`, `lsoa`, `msoa`, `locality`).
    public var layerFiles: [String: URL]
    /// Population files by layer name (`ward`, `lsoa`, `msoa`).
    public var populationFiles: [String: URL]
    /// The true identity of every record: `source,source_key,entity_id`.
    public var goldFile: URL
    /// Counts, files and the CLI commands that load them.
    public var manifestFile: URL
    /// Borough-sized areas generated.
    public var boroughs: Int
    /// Rows in postcodes.csv.
    public var postcodes: Int
    /// Postcodes whose ward code deliberately disagrees with the polygons (~0.05%, as in the ONSPD).
    public var boundaryMismatches: Int
    /// Areas per layer name.
    public var areas: [String: Int]
    /// The source lists, in manifest order.
    public var lists: [List]
    /// Records per source slug.
    public var records: [String: Int]
    /// Rows across all lists.
    public var totalRecords: Int
    /// Distinct real-world things behind the records.
    public var entities: Int
    /// Entities per kind.
    public var entitiesByKind: [String: Int]
    /// Pairs of records that describe the same entity.
    public var duplicatePairs: Int
    /// Of those, pairs within one list.
    public var withinSourceDuplicatePairs: Int
    /// Of those, pairs across two lists.
    public var crossSourceDuplicatePairs: Int
}

/// Writes synthetic boroughs shaped like a real one (ONS postcodes and boundaries, population, and
/// partners' overlapping lists with known duplicates), deterministically from a seed.
public enum Generator {
    static let layers: [(name: String, file: String, geography: String)] = [
        ("ward", "wards.geojson", "Ward"), ("lsoa", "lsoa.geojson", "LSOA"),
        ("msoa", "msoa.geojson", "MSOA"), ("locality", "localities.geojson", ""),
    ]

    /// Writes a generated region into `directory` (created if missing; existing files replaced).
    public static func write(_ configuration: GeneratorConfiguration, to directory: URL) throws -> GeneratedBorough {
        guard configuration.records >= 1 else {
            throw GeneratorError.invalidConfiguration("records must be at least 1, got \(configuration.records)")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var writer = try RegionWriter(configuration: configuration, directory: directory)
        try writer.run()
        return try writer.finish()
    }

    /// Writes one CSV of `rows` organisation rows (id, name, address, postcode, phone, email, website,
    /// charity_number, categories) for ingest benchmarks, with `<name>.profile.json` beside it.
    /// Postcodes come from the `postcode` column of `postcodes` (a generated or ONS file), else from
    /// a generated borough.
    public static func writeBenchmarkCSV(rows: Int, seed: UInt64, postcodes: URL?, to file: URL) throws {
        try Benchmark.write(rows: rows, seed: seed, postcodes: postcodes, to: file)
    }
}

/// Region-wide names that depend only on the seed and a borough's position.
enum RegionNames {
    /// Unique borough names: every prefix×suffix pair once, in a seeded order.
    static func boroughNames(count: Int, seed: UInt64) -> [String] {
        var combos: [String] = []
        for p in Pools.placePrefixes { for s in Pools.placeSuffixes { combos.append(p + s) } }
        var random = SeededRandom(seed: seed, 0xB0_0000)
        random.shuffle(&combos)
        let qualifiers = ["", "New ", "Great ", "Little ", "Upper ", "Lower ", "Old ", "North ", "South ", "East ", "West "]
        return (0..<count).map { k in
            let round = k / combos.count
            let base = combos[k % combos.count]
            return round < qualifiers.count ? qualifiers[round] + base : qualifiers[round % qualifiers.count] + base + " " + String(round)
        }
    }

    /// The county (police, fire and NHS footprint) a borough belongs to: blocks of 3×3 boroughs.
    static func county(gx: Int, gy: Int, seed: UInt64) -> String {
        let cx = Int((Double(gx + 1) / 3).rounded(.down)), cy = Int((Double(gy + 1) / 3).rounded(.down))
        var random = SeededRandom(seed: seed, 0xC0_0000, UInt64(bitPattern: Int64(cx)), UInt64(bitPattern: Int64(cy)))
        let base = random.pick(Pools.placePrefixes) + random.pick(Pools.placeSuffixes)
        return random.chance(0.3) ? "Greater " + base : base + random.pick(Pools.countyEndings)
    }
}
