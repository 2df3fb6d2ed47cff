import AssetMapCore
import AssetMapStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process, polled from reader threads.
final class Running: @unchecked Sendable {
    let process: Process
    init(_ process: Process) { self.process = process }
    var isRunning: Bool { process.isRunning }
}

/// Collects what readers saw, from several threads.
final class ReadLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var cliTotals: [Int] = []
    private(set) var httpTotals: [Int] = []
    private(set) var failures: [String] = []

    func cli(_ total: Int) { lock.withLock { cliTotals.append(total) } }
    func http(_ total: Int) { lock.withLock { httpTotals.append(total) } }
    func fail(_ what: String) { lock.withLock { failures.append(String(what.prefix(400))) } }
}

@Suite("Operations: readers during writes, backup, restore, audit, graceful stop", .serialized)
struct OperationsTests {
    static func cliTotal(_ db: String) throws -> (Int?, CLIResult) {
        let r = try CLI.run(["search", "--kind", "organisation", "--limit", "1", "--json", "--db", db])
        return ((try? r.jsonObject())?["total"] as? Int, r)
    }

    static func httpTotal(_ server: ServerProcess) -> (Int?, HTTPReply) {
        let r = HTTP.get(server.base + "/v1/search?kind=organisation&per_page=1")
        return (r.json?["total"] as? Int, r)
    }

    /// Runs a writer to completion while a CLI reader and an HTTP reader loop; returns what they saw.
    static func readWhileWriting(_ writer: [String], db: String, server: ServerProcess, dir: Scratch) throws -> (ReadLog, CLIResult) {
        let log = ReadLog()
        let (process, out, err) = try CLI.start(writer, outputs: dir.url)
        let running = Running(process)
        let group = DispatchGroup()
        for reader in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                // Keep reading while the writer runs, and once more after.
                var last = false
                while true {
                    if !running.isRunning { if last { break }; last = true }
                    if reader == 0 {
                        do {
                            let (total, r) = try Self.cliTotal(db)
                            if r.status != 0 || r.stderr.localizedCaseInsensitiveContains("locked") || total == nil {
                                log.fail("CLI search: \(r)")
                            } else {
                                log.cli(total!)
                            }
                        } catch { log.fail("CLI search could not run: \(error)") }
                    } else {
                        let (total, r) = Self.httpTotal(server)
                        if r.status != 200 || total == nil {
                            log.fail("HTTP search: \(r.status) \(r.error ?? "") \(String(decoding: r.body.prefix(300), as: UTF8.self))")
                        } else {
                            log.http(total!)
                        }
                    }
                }
            }
        }
        process.waitUntilExit()
        group.wait()
        let result = CLIResult(
            status: process.terminationStatus, uncaughtSignal: process.terminationReason == .uncaughtSignal,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "", stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
        return (log, result)
    }

    @Test func readersKeepAnsweringDuringAnImportAndAMatch() async throws {
        let dir = try Scratch("assetmap-readers")
        defer { dir.remove() }
        let db = try await SeedBorough.copy(\.imported, into: dir)
        let server = try ServerProcess.start(db: db, outputs: dir.url)
        defer { server.terminate() }
        let bulk = try BulkList.write(rows: 15_000, into: dir)

        for (label, writer) in [("import", BulkList.importArguments(bulk, db: db)), ("match", ["match", "--json", "--db", db])] {
            let cliBefore = try #require(try Self.cliTotal(db).0)
            let httpBefore = try #require(Self.httpTotal(server).0)
            let (log, result) = try Self.readWhileWriting(writer, db: db, server: server, dir: dir)
            #expect(result.status == 0, "\(label): \(result)")
            let cliAfter = try #require(try Self.cliTotal(db).0)
            let httpAfter = try #require(Self.httpTotal(server).0)
            #expect(cliBefore != cliAfter, "\(label) should change the organisation count")
            #expect(log.failures.isEmpty, "\(label): \(log.failures.count) failed reads, first: \(log.failures.first ?? "")")
            #expect(log.cliTotals.count >= 2 && log.httpTotals.count >= 2, "\(label): readers answered \(log.cliTotals.count) (CLI) and \(log.httpTotals.count) (HTTP) times")
            let cliOdd = log.cliTotals.filter { $0 != cliBefore && $0 != cliAfter }
            let httpOdd = log.httpTotals.filter { $0 != httpBefore && $0 != httpAfter }
            #expect(cliOdd.isEmpty, "\(label): CLI saw \(Set(cliOdd)) besides \(cliBefore) and \(cliAfter)")
            #expect(httpOdd.isEmpty, "\(label): HTTP saw \(Set(httpOdd)) besides \(httpBefore) and \(httpAfter)")
            print("readers during \(label): \(log.cliTotals.count) CLI searches, \(log.httpTotals.count) HTTP searches, 0 errors; totals \(cliBefore) → \(cliAfter) (CLI), \(httpBefore) → \(httpAfter) (HTTP)")
        }
        #expect(server.terminate() == 0)
    }

    @Test func backupIsConsistentWhileServingAndImporting() async throws {
        let dir = try Scratch("assetmap-backup")
        defer { dir.remove() }
        let db = try await SeedBorough.copy(\.imported, into: dir)
        let before = try DirectorySnapshot.read(db)
        let server = try ServerProcess.start(db: db, outputs: dir.url)
        defer { server.terminate() }
        let bulk = try BulkList.write(rows: 20_000, into: dir)
        let (importer, _, _) = try CLI.start(BulkList.importArguments(bulk, db: db), outputs: dir.url)
        usleep(300_000)
        let backup = dir.path("backup.sqlite")
        let made = try CLI.succeed(["backup", backup, "--json", "--db", db])
        let importing = importer.isRunning
        #expect(HTTP.get(server.base + "/health").status == 200)
        importer.waitUntilExit()
        #expect(importer.terminationStatus == 0)
        let report = try made.jsonObject()
        #expect(report["path"] as? String == URL(fileURLWithPath: backup).standardizedFileURL.path)
        #expect((report["bytes"] as? Int ?? 0) > 100_000)
        #expect(!FileManager.default.fileExists(atPath: backup + "-wal"), "the backup is one file")
        // The copy is sound, opens with SpatiaLite, and is one snapshot: before the import, or after it.
        #expect(try Soundness.problems(backup) == [])
        let copied = try DirectorySnapshot.read(backup)
        let after = try DirectorySnapshot.read(db)
        #expect(copied == before || copied == after, "the backup is neither before nor after the import: \(copied.difference(before))")
        print("backup during import: import still running when the backup finished: \(importing); backup \(copied == before ? "before" : "after") the import")
        // An existing file is not replaced without --force.
        let again = try CLI.run(["backup", backup, "--db", db])
        #expect(again.status != 0)
        #expect(again.stderr.contains(URL(fileURLWithPath: backup).standardizedFileURL.path) && again.stderr.contains("--force"), "\(again.stderr)")
        try CLI.succeed(["backup", backup, "--force", "--db", db])
        #expect(try DirectorySnapshot.read(backup) == after)
        #expect(server.terminate() == 0)
    }

    @Test func restoreChecksTheBackupThenReplacesTheDatabase() async throws {
        let dir = try Scratch("assetmap-restore")
        defer { dir.remove() }
        let db = try await SeedBorough.copy(\.imported, into: dir)
        let backup = dir.path("state-a.sqlite")
        try CLI.succeed(["backup", backup, "--db", db])
        let stateA = try DirectorySnapshot.read(db)
        // Change the live database (state B), leaving committed pages in its -wal.
        let small = try BulkList.write(rows: 500, into: dir, name: "small.csv")
        try CLI.succeed(BulkList.importArguments(small, db: db))
        let stateB = try DirectorySnapshot.read(db)
        #expect(stateA != stateB)

        // Unusable backups are refused and the live file is left as it is.
        let garbage = try dir.write("garbage.sqlite", String(repeating: "not a database ", count: 5000))
        let newer = dir.path("newer.sqlite")
        try FileManager.default.copyItem(atPath: backup, toPath: newer)
        do {
            let store = try AssetMapStore.open(path: newer)
            try await store.writer.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
            try store.close()
        }
        for (bad, why) in [(garbage, "not a readable SQLite database"), (newer, "newer AssetMap"), (dir.path("missing.sqlite"), "does not exist")] {
            let r = try CLI.run(["restore", bad, "--db", db])
            #expect(r.status != 0)
            #expect(r.stderr.contains(bad) && r.stderr.contains(why), "\(r.stderr)")
            #expect(try DirectorySnapshot.read(db) == stateB, "a refused restore changed the database")
        }

        // A restore while another process writes is refused.
        let bulk = try BulkList.write(rows: 30_000, into: dir, name: "bulk.csv", prefix: "Other Group")
        let (importer, _, _) = try CLI.start(BulkList.importArguments(bulk, db: db, source: "other"), outputs: dir.url)
        usleep(500_000)
        let busy = try CLI.run(["restore", backup, "--db", db])
        let wasImporting = importer.isRunning
        importer.waitUntilExit()
        if wasImporting {
            #expect(busy.status != 0, "restore went ahead while an import was writing: \(busy)")
            #expect(busy.stderr.contains("another process is writing"), "\(busy.stderr)")
        }
        let stateC = try DirectorySnapshot.read(db)
        #expect(stateC.counts["source"] == (stateB.counts["source"] ?? 0) + 1, "the import finished untouched by the refused restore")

        // A good backup replaces the database whole; the old -wal does not leak into it.
        let restored = try CLI.succeed(["restore", backup, "--json", "--db", db]).jsonObject()
        #expect((restored["migrations"] as? [String])?.last == AssetMapStore.migrationIdentifiers.last)
        #expect(try DirectorySnapshot.read(db) == stateA)
        #expect(try Soundness.problems(db) == [])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains("restoring") || $0.contains("partial") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // And it works: the next import completes.
        try CLI.succeed(BulkList.importArguments(small, db: db))
        #expect(try DirectorySnapshot.read(db).counts["record"] == stateB.counts["record"])
    }

    @Test func auditListsWhoImportedDecidedMergedAndSplit() async throws {
        let dir = try Scratch("assetmap-audit")
        defer { dir.remove() }
        let db = try await SeedBorough.copy(\.matched, into: dir)
        let seeded = try #require(try CLI.succeed(["audit", "--json", "--db", db]).json() as? [[String: Any]])
        let imports = seeded.filter { $0["action"] as? String == "import" }
        #expect(imports.count == SeedBorough.lists.count)
        #expect(imports.allSatisfy { $0["actor"] as? String == "seed-loader" && $0["via"] as? String == "cli" })
        #expect(Set(imports.compactMap { ($0["subject_ids"] as? [String])?.first }).count == SeedBorough.lists.count)
        #expect(imports.allSatisfy { (($0["detail"] as? [String: Any])?["added"] as? Int ?? 0) > 0 })

        // The actor comes from --as, else $ASSETMAP_ACTOR.
        let items = try FaultKillTests.reviewItems(db)
        try #require(items.count >= 2)
        try CLI.succeed(["review", "decide", String(items[0]), "same", "--db", db], env: ["ASSETMAP_ACTOR": "env-officer"])
        try CLI.succeed(["review", "decide", String(items[1]), "different", "--db", db, "--as", "named-officer"])
        let (a, b) = try FaultKillTests.twoEntities(db)
        let merged = try CLI.succeed(["entity", "merge", String(a), String(b), "--json", "--db", db, "--as", "merger"]).jsonObject()
        let entity = try #require(merged["entity"] as? Int)
        let store = try AssetMapStore.open(path: db)
        let member = try #require(try store.entityMembers(id: Int64(entity)).members.last)
        try store.close()
        try CLI.succeed(["entity", "split", String(entity), "--record", "\(member.source):\(member.key)", "--db", db, "--as", "splitter"])
        // A dry run and a failed import log nothing.
        try CLI.succeed(["import", SeedBorough.lists[0].file, "--profile", SeedBorough.lists[0].profile, "--dry-run", "--db", db])
        #expect(try CLI.run(["import", dir.path("nothing.csv"), "--source", "x", "--kind", "place", "--map", "name=n", "--db", db]).status != 0)

        let log = try #require(try CLI.succeed(["audit", "--json", "--db", db]).json() as? [[String: Any]])
        let added = Array(log.dropFirst(seeded.count))
        #expect(added.map { $0["action"] as? String ?? "" } == ["decide", "decide", "merge", "split"])
        #expect(added.map { $0["actor"] as? String ?? "" } == ["env-officer", "named-officer", "merger", "splitter"])
        #expect(added[0]["subject_ids"] as? [String] == [String(items[0])])
        #expect((added[1]["detail"] as? [String: Any])?["decision"] as? String == "different")
        #expect(added[2]["subject_ids"] as? [String] == [String(a), String(b)])
        #expect((added[3]["detail"] as? [String: Any])?["records"] as? [String] == ["\(member.source):\(member.key)"])
        // --since: today includes everything, a later date nothing; a bad date is refused.
        let today = String(Timestamp.now().prefix(10))
        #expect((try CLI.succeed(["audit", "--since", today, "--json", "--db", db]).json() as? [Any])?.count == log.count)
        #expect((try CLI.succeed(["audit", "--since", "2999-01-01", "--json", "--db", db]).json() as? [Any])?.count == 0)
        #expect(try CLI.run(["audit", "--since", "last week", "--db", db]).status != 0)
        let table = try CLI.succeed(["audit", "--action", "merge", "--db", db]).stdout
        #expect(table.contains("merger") && table.contains("merge") && !table.contains("splitter"), "\(table)")
    }

    @Test func serveFinishesRequestsInFlightOnSIGTERMAndExitsZero() async throws {
        let dir = try Scratch("assetmap-sigterm")
        defer { dir.remove() }
        let db = try await SeedBorough.copy(\.matched, into: dir)
        let server = try ServerProcess.start(db: db, outputs: dir.url)
        defer { server.terminate() }
        // A slow-ish request: the whole directory as GeoJSON.
        let url = server.base + "/v1/export?format=geojson"
        let timed = Date()
        let probe = HTTP.get(url)
        let single = Date().timeIntervalSince(timed)
        try #require(probe.status == 200, "export: \(probe.status) \(String(decoding: probe.body.prefix(300), as: UTF8.self))")
        let fullSize = probe.body.count

        final class Replies: @unchecked Sendable {
            let lock = NSLock()
            var list: [HTTPReply] = []
        }
        let replies = Replies()
        let group = DispatchGroup()
        let inFlight = 6
        for _ in 0..<inFlight {
            group.enter()
            Thread.detachNewThread {
                let r = HTTP.get(url)
                replies.lock.withLock { replies.list.append(r) }
                group.leave()
            }
        }
        // Let them reach the server, then ask it to stop while they are being answered.
        usleep(UInt32(min(max(single * 0.3, 0.05), 1.0) * 1_000_000))
        let answeredBeforeTerm = replies.lock.withLock { replies.list.count }
        kill(server.process.processIdentifier, SIGTERM)
        group.wait()
        let status = server.terminate(timeout: 60)
        #expect(status == 0, "serve exited with \(String(describing: status)) after SIGTERM: \(server.stderr)")
        #expect(replies.list.count == inFlight)
        #expect(answeredBeforeTerm < inFlight, "every request was answered before SIGTERM: nothing was in flight")
        for r in replies.list {
            #expect(r.status == 200, "an in-flight request got \(r.status) \(r.error ?? "")")
            #expect(r.body.count == fullSize, "an in-flight answer was cut short: \(r.body.count) of \(fullSize) bytes")
        }
        print("SIGTERM: \(inFlight) exports of \(fullSize) bytes in flight (\(answeredBeforeTerm) answered before the signal; one takes \(String(format: "%.2f", single)) s): all 200 and whole; exit \(String(describing: status))")
        #expect(HTTP.get(server.base + "/health").status == 0, "the server still answers after it exited")
    }
}
