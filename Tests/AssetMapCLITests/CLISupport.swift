import AssetMapCore
import AssetMapStore
import AssetMapTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Paths of the package, its fixtures and the Trafford pack, from this source file.
enum CLIPaths {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    /// The ingest tests' small fixtures (written for these tests, no real data).
    static let fixtures = packageRoot.appendingPathComponent("Tests/AssetMapIngestTests/Fixtures")
    static let trafford = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/trafford").standardizedFileURL

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static func requireFile(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(
            FileManager.default.fileExists(atPath: path),
            "required test data is missing: \(path) (the Trafford pack lives at ../shared/data/trafford from the package root)",
            sourceLocation: sourceLocation)
        return path
    }

    static var traffordPostcodes: String {
        get throws { try requireFile(trafford.appendingPathComponent("geography/postcodes.csv").path) }
    }
}

/// One finished run of the `assetmap` binary.
struct CLIResult: CustomStringConvertible {
    var status: Int32
    var uncaughtSignal: Bool
    var stdout: String
    var stderr: String

    var description: String { "exit \(status)\(uncaughtSignal ? " (signal)" : "")\nstdout: \(stdout)\nstderr: \(stderr)" }

    /// Standard output parsed as one JSON value.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
    }

    func jsonObject(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try #require(try json() as? [String: Any], "stdout is not a JSON object: \(stdout)", sourceLocation: sourceLocation)
    }
}

enum CLI {
    /// The built `assetmap` next to the running test binary, else under the package's build folders.
    static let binary: String? = {
        var candidates: [URL] = []
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        var dir = argv0.standardizedFileURL.deletingLastPathComponent()
        // On macOS the test binary sits inside an .xctest bundle: walk out of it.
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("assetmap"))
            dir = dir.deletingLastPathComponent()
        }
        for build in [".build-tests", ".build"] {
            candidates.append(CLIPaths.packageRoot.appendingPathComponent("\(build)/debug/assetmap"))
        }
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static func requireBinary(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(
            binary,
            "the assetmap binary was not found next to the test binary (\(CommandLine.arguments[0])) nor in .build-tests/debug or .build/debug; build it with `swift build --build-tests`",
            sourceLocation: sourceLocation)
    }

    /// The environment for a child: this process's, without ASSETMAP_* so that nothing leaks in, plus `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ASSETMAP_") }
        env.merge(extra) { _, new in new }
        return env
    }

    /// Starts the binary with stdout and stderr going to files in `outputs`.
    static func start(_ arguments: [String], cwd: URL? = nil, env: [String: String] = [:], outputs: URL) throws -> (Process, URL, URL) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try requireBinary())
        process.arguments = arguments
        process.environment = environment(env)
        if let cwd { process.currentDirectoryURL = cwd }
        let id = UUID().uuidString
        let out = outputs.appendingPathComponent("stdout-\(id)")
        let err = outputs.appendingPathComponent("stderr-\(id)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    /// Runs the binary to completion.
    static func run(_ arguments: [String], cwd: URL? = nil, env: [String: String] = [:]) throws -> CLIResult {
        let outputs = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-cli-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outputs) }
        let (process, out, err) = try start(arguments, cwd: cwd, env: env, outputs: outputs)
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus, uncaughtSignal: process.terminationReason == .uncaughtSignal,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "", stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// Runs and requires success.
    @discardableResult
    static func succeed(_ arguments: [String], cwd: URL? = nil, env: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let result = try run(arguments, cwd: cwd, env: env)
        try #require(result.status == 0 && !result.uncaughtSignal, "assetmap \(arguments.joined(separator: " ")) failed: \(result)", sourceLocation: sourceLocation)
        return result
    }
}

/// A fresh temporary directory.
struct Scratch {
    let url: URL
    init(url: URL) { self.url = url }
    init(_ label: String = "assetmap-cli-tests") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func write(_ name: String, _ text: String) throws -> String {
        let p = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A database with the Trafford postcode table loaded once through the CLI, copied for each test that needs it.
enum BaseDatabase {
    struct Built: Sendable {
        var path: String
        var initOutput: String
        var loadOutput: String
    }

    /// Removed when the test process exits.
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-cli-base-\(UUID().uuidString)")

    static let shared = BuiltOnce<Built> {
        let dir = Scratch(url: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: BaseDatabase.directory) }
        let db = dir.path("base.sqlite")
        let initResult = try CLI.succeed(["init", "--db", db, "--json"])
        let load = try CLI.succeed(["postcodes", "load", try CLIPaths.traffordPostcodes, "--db", db, "--json"])
        return Built(path: db, initOutput: initResult.stdout, loadOutput: load.stdout)
    }

    static func built() async throws -> Built {
        do {
            return try await shared.value
        } catch {
            Issue.record("building the base database with the Trafford postcodes failed: \(error)")
            throw error
        }
    }

    /// A copy of the base database in `dir`; returns its path.
    static func copy(into dir: Scratch, name: String = "assetmap.sqlite") async throws -> String {
        let base = try await built().path
        let target = dir.path(name)
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: base + suffix) {
            try FileManager.default.copyItem(atPath: base + suffix, toPath: target + suffix)
        }
        return target
    }
}

/// What an error must leave exactly as it was.
struct DatabaseState: Equatable {
    var sources: [SourceSummary]
    var links: [String]
    var imports: [[ImportRunSummary]]

    static func read(_ path: String) throws -> DatabaseState {
        let store = try AssetMapStore.open(path: path)
        return DatabaseState(
            sources: try store.sources(),
            links: try store.links(maxSharing: .restricted).map { "\($0.entityID),\($0.kind),\($0.source),\($0.sourceKey)" },
            imports: try store.sources().map { try store.source(named: $0.name).imports })
    }
}

/// Splits CSV text into rows of fields (RFC 4180 quoting; enough for exports).
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(text)
    if chars.first == "\u{FEFF}" { chars.removeFirst() }
    var i = 0
    while i < chars.count {
        let c = chars[i]
        if quoted {
            if c == "\"" {
                if i + 1 < chars.count && chars[i + 1] == "\"" {
                    field.append("\"")
                    i += 1
                } else {
                    quoted = false
                }
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            row.append(field)
            field = ""
        } else if c == "\n" || c == "\r\n" {
            row.append(field)
            rows.append(row)
            row = []
            field = ""
        } else if c != "\r" {
            field.append(c)
        }
        i += 1
    }
    if !field.isEmpty || !row.isEmpty {
        row.append(field)
        rows.append(row)
    }
    return rows
}
