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

/// The project's generated demo borough (Seeds/), imported through the CLI once per test process: before and after
/// `match`. Tests copy these files and work on the copies.
enum SeedBorough {
    static let seeds = CLIPaths.packageRoot.appendingPathComponent("Seeds")
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-seed-\(UUID().uuidString)")

    struct Built: Sendable {
        /// Postcodes, wards and every list imported; never matched.
        var imported: String
        /// The same, matched.
        var matched: String
        /// Seconds the first match took.
        var matchSeconds: Double
    }

    static let shared = BuiltOnce<Built> {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: SeedBorough.directory) }
        let db = directory.appendingPathComponent("imported.sqlite").path
        try CLI.succeed(["init", "--db", db])
        try CLI.succeed(["postcodes", "load", seeds.appendingPathComponent("postcodes.csv").path, "--db", db])
        try CLI.succeed(["areas", "load", wards, "--layer", "ward", "--code-field", "area_code", "--name-field", "area_name", "--db", db])
        for list in lists {
            try CLI.succeed(["import", list.file, "--profile", list.profile, "--db", db, "--as", "seed-loader"])
        }
        let matched = directory.appendingPathComponent("matched.sqlite").path
        try copyDatabase(db, to: matched)
        let started = Date()
        try CLI.succeed(["match", "--db", matched])
        return Built(imported: db, matched: matched, matchSeconds: Date().timeIntervalSince(started))
    }

    static var wards: String { seeds.appendingPathComponent("wards.geojson").path }

    /// The seed lists with their profiles.
    static var lists: [(file: String, profile: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: seeds.path)) ?? []
        return names.filter { $0.hasSuffix(".profile.json") }.sorted().compactMap { profile in
            let stem = String(profile.dropLast(".profile.json".count))
            guard let data = ["csv", "geojson", "json"].first(where: { names.contains("\(stem).\($0)") }) else { return nil }
            return (seeds.appendingPathComponent("\(stem).\(data)").path, seeds.appendingPathComponent(profile).path)
        }
    }

    static func built() async throws -> Built {
        do {
            return try await shared.value
        } catch {
            Issue.record("building the seed borough database failed: \(error)")
            throw error
        }
    }

    /// Copies a database file and any -wal/-shm beside it.
    static func copyDatabase(_ source: String, to target: String) throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: source + suffix) {
            try? FileManager.default.removeItem(atPath: target + suffix)
            try FileManager.default.copyItem(atPath: source + suffix, toPath: target + suffix)
        }
    }

    static func copy(_ which: KeyPath<Built, String>, into dir: Scratch, name: String = "assetmap.sqlite") async throws -> String {
        let target = dir.path(name)
        try copyDatabase(try await built()[keyPath: which], to: target)
        return target
    }
}

/// What must hold after any fault: SQLite's integrity check, foreign keys and SpatiaLite's spatial indexes.
enum Soundness {
    static func problems(_ path: String) throws -> [String] {
        let store = try AssetMapStore.open(path: path)
        defer { try? store.close() }
        return try store.integrityProblems() + store.spatialIndexProblems().map { "spatial index \($0) inconsistent" }
    }
}

/// A comparable picture of the directory: which entity every record is in, and the main tables' counts.
struct DirectorySnapshot: Equatable, CustomStringConvertible {
    var links: [String]
    var counts: [String: Int]

    static func read(_ path: String) throws -> DirectorySnapshot {
        let store = try AssetMapStore.open(path: path)
        defer { try? store.close() }
        return DirectorySnapshot(
            links: try store.links(maxSharing: .restricted).map { "\($0.entityID),\($0.kind),\($0.source),\($0.sourceKey)" }.sorted(),
            counts: try store.tableCounts())
    }

    var description: String { "\(links.count) links; " + counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }

    /// Tables whose counts differ, for messages.
    func difference(_ other: DirectorySnapshot) -> String {
        let keys = Set(counts.keys).union(other.counts.keys).sorted()
        let counted = keys.filter { counts[$0] != other.counts[$0] }.map { "\($0): \(counts[$0] ?? -1) vs \(other.counts[$0] ?? -1)" }
        let linkDiff = Set(links).symmetricDifference(other.links).count
        return (counted + (linkDiff > 0 ? ["\(linkDiff) links differ"] : [])).joined(separator: "; ")
    }
}

/// Runs a command and kills it with SIGKILL after `delay` seconds if it is still running.
enum Killer {
    struct Outcome {
        /// False when the command finished before the kill was due.
        var killed: Bool
        var seconds: Double
        var result: CLIResult
    }

    static func run(_ arguments: [String], killAfter delay: Double, env: [String: String] = [:], outputs: URL) throws -> Outcome {
        let (process, out, err) = try CLI.start(arguments, env: env, outputs: outputs)
        let started = Date()
        while process.isRunning && Date().timeIntervalSince(started) < delay { usleep(5_000) }
        let killed = process.isRunning
        if killed { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let result = CLIResult(
            status: process.terminationStatus, uncaughtSignal: process.terminationReason == .uncaughtSignal,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "", stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
        return Outcome(killed: killed && result.uncaughtSignal, seconds: Date().timeIntervalSince(started), result: result)
    }

    /// Times the command to completion on a copy of `db` (as `--db` is the last argument pair).
    static func calibrate(_ arguments: (String) -> [String], db: String, dir: Scratch) throws -> (seconds: Double, after: DirectorySnapshot) {
        let copy = dir.path("calibration-\(UUID().uuidString).sqlite")
        try SeedBorough.copyDatabase(db, to: copy)
        let started = Date()
        try CLI.succeed(arguments(copy))
        let seconds = Date().timeIntervalSince(started)
        return (seconds, try DirectorySnapshot.read(copy))
    }
}

/// Bytes of a file, hashed (FNV-1a 64), to show a failure left it untouched.
func fileFingerprint(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in data {
        hash ^= UInt64(byte)
        hash &*= 0x100_0000_01b3
    }
    return "\(data.count):\(String(hash, radix: 16))"
}

/// Kill figures gathered across the fault suites, printed for RELIABILITY.md.
enum FaultTally {
    static func report(_ what: String, kills: Int, killedMidway: Int, survived: Int) {
        print("fault tally: \(what): \(kills) runs killed with SIGKILL (\(killedMidway) while running), \(survived) left the database sound and whole")
    }
}

extension CLI {
    /// Runs another program to completion (setpriv, mount), with this process's environment.
    static func runExecutable(_ path: String, _ arguments: [String]) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment([:])
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus, uncaughtSignal: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }
}
