// swift-tools-version:6.1
import PackageDescription

// Shared by every target: Swift 6 language mode is the package default; these add the
// upcoming checks Hummingbird and GRDB build with.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "AssetMap",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "assetmap", targets: ["assetmap"]),
        .library(name: "AssetMapCore", targets: ["AssetMapCore"]),
        .library(name: "AssetMapStore", targets: ["AssetMapStore"]),
        .library(name: "AssetMapIngest", targets: ["AssetMapIngest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Hummingbird's own transport, named for the event-loop handler that answers cached reads.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.24.0"),
    ],
    targets: [
        // 1. Model and normalisation: pure Swift, no I/O.
        .target(name: "AssetMapCore", swiftSettings: swiftSettings),
        // 2. Storage: every SQL statement lives here (SQLite + SpatiaLite + FTS5 through GRDB).
        .target(
            name: "AssetMapStore",
            dependencies: [
                "AssetMapCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // 3. Ingest: source files (CSV, GeoJSON, JSON) and profiles into records.
        .target(
            name: "AssetMapIngest",
            dependencies: [
                "AssetMapCore", "AssetMapStore",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // 5. Queries and exports over the merged directory.
        .target(
            name: "AssetMapQuery",
            dependencies: ["AssetMapCore", "AssetMapStore", .product(name: "CSV", package: "CSV.swift")],
            swiftSettings: swiftSettings),
        // 4. Entity resolution: blocking, comparisons, Fellegi–Sunter weights (u from random pairs, m by EM), clustering.
        .target(
            name: "AssetMapMatch",
            dependencies: ["AssetMapCore", "AssetMapStore", "CPrefetch", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings),
        // The processor's prefetch hint, which Swift cannot spell: comparing pairs waits on memory more than it computes.
        .target(name: "CPrefetch"),
        // 6. The HTTP API (Hummingbird): routes, roles, problem+json; no SQL.
        .target(
            name: "AssetMapServer",
            dependencies: [
                "AssetMapCore", "AssetMapStore", "AssetMapQuery", "AssetMapIngest", "AssetMapMatch",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            resources: [.copy("Web")],
            swiftSettings: swiftSettings),
        // Synthetic boroughs with known duplicates, for Seeds/, tests and benchmarks.
        .target(name: "AssetMapGenerator", dependencies: ["AssetMapCore"], swiftSettings: swiftSettings),
        // The thin CLI: parses arguments, calls the libraries, prints.
        .executableTarget(
            name: "assetmap",
            dependencies: [
                "AssetMapCore", "AssetMapStore", "AssetMapIngest", "AssetMapQuery", "AssetMapGenerator", "AssetMapMatch",
                "AssetMapServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        // What the test targets share: builds made once per test process, off Swift's cooperative threads.
        .target(name: "AssetMapTestSupport", path: "Tests/AssetMapTestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "AssetMapCoreTests", dependencies: ["AssetMapCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AssetMapStoreTests", dependencies: ["AssetMapStore", "AssetMapCore", "AssetMapGenerator"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "AssetMapIngestTests", dependencies: ["AssetMapIngest", "AssetMapStore", "AssetMapCore", "AssetMapQuery", "AssetMapTestSupport"],
            exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(
            name: "AssetMapMatchTests",
            dependencies: ["AssetMapMatch", "AssetMapStore", "AssetMapCore", "AssetMapIngest", "AssetMapGenerator", "AssetMapTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "AssetMapServerTests",
            dependencies: [
                "AssetMapServer", "AssetMapStore", "AssetMapCore", "AssetMapIngest", "AssetMapQuery",
                "AssetMapMatch", "AssetMapTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "AssetMapQueryTests",
            dependencies: ["AssetMapQuery", "AssetMapStore", "AssetMapCore", "AssetMapIngest", "AssetMapGenerator", "AssetMapTestSupport"],
            swiftSettings: swiftSettings),
        // Hostile input: seeded property tests and a checked-in corpus of nasty files through every parser.
        .testTarget(
            name: "AssetMapFuzzTests",
            dependencies: [
                "AssetMapIngest", "AssetMapCore", "AssetMapStore", "AssetMapQuery", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Fuzz", exclude: ["Corpus"], swiftSettings: swiftSettings),
        // End-to-end: runs the real `assetmap` binary, as scripts and officers do.
        .testTarget(
            name: "AssetMapCLITests", dependencies: ["assetmap", "AssetMapStore", "AssetMapCore", "AssetMapTestSupport"],
            swiftSettings: swiftSettings),
    ]
)
