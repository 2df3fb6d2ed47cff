// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for AssetMap's parsers, kept out of the main build: Scripts/fuzz builds this package with
// `-sanitize=fuzzer` and runs each target for a while, growing Fuzz/corpus/ from Tests/Fuzz/Corpus/.
let fuzzSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "AssetMapFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "AssetMap", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzCSV", dependencies: [.product(name: "AssetMapIngest", package: "AssetMap")], swiftSettings: fuzzSettings),
        .executableTarget(
            name: "FuzzJSON", dependencies: [.product(name: "AssetMapIngest", package: "AssetMap")], swiftSettings: fuzzSettings),
        .executableTarget(
            name: "FuzzProfile", dependencies: [.product(name: "AssetMapIngest", package: "AssetMap")], swiftSettings: fuzzSettings),
        .executableTarget(
            name: "FuzzPostcode", dependencies: [.product(name: "AssetMapCore", package: "AssetMap")], swiftSettings: fuzzSettings),
    ]
)
