import AssetMapCore
import AssetMapStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An import killed mid-way (SIGKILL, as a power cut or the OOM killer would) leaves no trace and no damage.
@Suite("Import killed mid-way")
struct KillTests {
    /// Rows in the generated list: enough that the import is still running seconds after it starts in a debug
    /// build, small enough that re-running it to completion stays within the suite's time budget.
    static let rows = 30_000

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    @Test func sigkillMidImportLeavesTheDatabaseSoundAndUnchanged() async throws {
        let dir = try Scratch("assetmap-kill")
        defer { dir.remove() }
        let db = try await BaseDatabase.copy(into: dir)

        // An earlier, committed source.
        try CLI.succeed(["import", CLIPaths.fixture("reimport_v1.csv"), "--profile", CLIPaths.fixture("reimport.profile.json"), "--db", db])
        let committedBefore = try DatabaseState.read(db)
        #expect(committedBefore.sources.map(\.name) == ["clubs"])

        // A large list of name, postcode using real Trafford postcodes.
        let table = try String(contentsOfFile: try CLIPaths.traffordPostcodes, encoding: .utf8)
        let postcodes = table.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
        try #require(postcodes.count == 11_264, "unexpected postcode table")
        var csv = "id,name,postcode\n"
        csv.reserveCapacity(Self.rows * 40)
        for i in 0..<Self.rows { csv += "B\(i),Bulk Group \(i),\(postcodes[i % postcodes.count])\n" }
        let big = try dir.write("bulk.csv", csv)
        let importArguments = [
            "import", big, "--source", "bulk", "--kind", "organisation", "--key", "id", "--map", "name=name",
            "--map", "postcode=postcode", "--json", "--db", db,
        ]

        // Calibrate: time the same import to completion on a copy, then kill the real one half-way through.
        // (The import holds its pages in memory until the commit, so the write-ahead log cannot show progress.)
        let calibrationDB = dir.url.appendingPathComponent("calibration.sqlite").path
        try FileManager.default.copyItem(atPath: db, toPath: calibrationDB)
        let calibrationStart = Date()
        try CLI.succeed(importArguments.dropLast(2) + ["--db", calibrationDB])
        let fullDuration = Date().timeIntervalSince(calibrationStart)
        let (process, out, _) = try CLI.start(importArguments, outputs: dir.url)
        let wal = db + "-wal"
        let started = Date()
        let growing = false
        while process.isRunning && Date().timeIntervalSince(started) < fullDuration / 2 { usleep(20_000) }
        let lastSize = Self.fileSize(wal)
        let runningWhenKilled = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        try #require(runningWhenKilled, "the import finished before it could be killed (after \(seconds) s); make the file larger")
        print("kill test: SIGKILL after \(String(format: "%.1f", seconds)) s, -wal at \(lastSize) bytes\(growing ? " and growing" : " (did not pass 256 KB)")")
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGKILL)
        #expect((try? String(contentsOf: out, encoding: .utf8)) == "", "a killed import printed a summary")

        // Nothing of the killed import remains; the earlier source is intact; the file is sound.
        do {
            let store = try AssetMapStore.open(path: db)
            #expect(try store.integrityProblems().isEmpty)
            #expect(try store.sources().map(\.name) == ["clubs"], "the killed import's source must not exist")
            #expect(throws: StoreError.notFound(what: "source", key: "bulk")) { try store.source(named: "bulk") }
            #expect(try store.links(maxSharing: .restricted).allSatisfy { $0.source == "clubs" })
            #expect(try store.history(source: "clubs").count == 4)
        }
        #expect(try DatabaseState.read(db) == committedBefore)
        let listed = try CLI.succeed(["sources", "list", "--json", "--db", db])
        #expect((try listed.json() as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["clubs"])

        // Run it again, to completion.
        let rerun = try CLI.succeed(importArguments).jsonObject()
        #expect(rerun["read"] as? Int == Self.rows)
        #expect(rerun["added"] as? Int == Self.rows)
        #expect(rerun["updated"] as? Int == 0)
        #expect(rerun["unchanged"] as? Int == 0)
        #expect(rerun["unlocated"] as? Int == 0, "every row has a Trafford postcode")
        #expect((rerun["located"] as? [String: Int])?["postcode"] == Self.rows)
        #expect((rerun["rejected"] as? [Any])?.isEmpty == true)
        let store = try AssetMapStore.open(path: db)
        let sources = try store.sources()
        #expect(sources.map(\.name) == ["bulk", "clubs"])
        #expect(sources.first { $0.name == "bulk" }?.records == Self.rows)
        #expect(sources.first { $0.name == "clubs" }?.records == 4)
        #expect(try store.source(named: "bulk").imports.count == 1, "the killed run left no import record")
        #expect(try store.integrityProblems().isEmpty)
    }
}
