import AssetMapCore
import AssetMapStore
import Foundation
import GRDB
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Database files that cannot be used as they are — garbage, truncated, read-only, from a newer version, on a full
/// disk — give a clear error naming the file and what to do, a non-zero exit, and no further damage.
@Suite("Damaged, read-only, newer and full databases")
struct BadFileTests {
    /// A readable copy of the seed borough with its log folded in (so the main file is the whole database).
    static func settledCopy(_ dir: Scratch, name: String = "assetmap.sqlite") async throws -> String {
        let db = try await SeedBorough.copy(\.imported, into: dir, name: name)
        try fold(db)
        return db
    }

    static func fold(_ db: String) throws {
        // Fold the log into the file (it stays in WAL mode, as AssetMap keeps it): later checkpoints have nothing to add.
        let queue = try DatabaseQueue(path: db)
        let busy = try queue.writeWithoutTransaction { db in try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")?[0] as Int? }
        try queue.close()
        #expect(busy == 0, "the checkpoint did not complete")
    }

    /// Commands that read, and one that writes.
    static func commands(_ db: String) -> [[String]] {
        [["sources", "list", "--db", db], ["search", "library", "--db", db],
         ["import", SeedBorough.lists[0].file, "--profile", SeedBorough.lists[0].profile, "--db", db]]
    }

    static func expectRefused(_ r: CLIResult, naming file: String, saying words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status != 0 && !r.uncaughtSignal, "expected a clean non-zero exit: \(r)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(file), "the error does not name \(file): \(r.stderr)", sourceLocation: sourceLocation)
        for w in words { #expect(r.stderr.localizedCaseInsensitiveContains(w), "the error does not say '\(w)': \(r.stderr)", sourceLocation: sourceLocation) }
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("SQLite error"), "raw failure: \(r.stderr)", sourceLocation: sourceLocation)
    }

    @Test func garbageBytesAreRefusedAndLeftAlone() throws {
        let dir = try Scratch("assetmap-garbage")
        defer { dir.remove() }
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<65_536).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let db = dir.path("garbage.sqlite")
        try bytes.write(to: URL(fileURLWithPath: db))
        let before = fileFingerprint(db)
        for command in Self.commands(db) {
            Self.expectRefused(try CLI.run(command), naming: db, saying: ["not a readable AssetMap database", "restore"])
            #expect(fileFingerprint(db) == before, "\(command[0]) changed the damaged file")
        }
    }

    @Test func aTruncatedDatabaseIsRefusedAndLeftAlone() async throws {
        let dir = try Scratch("assetmap-truncated")
        defer { dir.remove() }
        let db = try await Self.settledCopy(dir)
        let size = try #require((try FileManager.default.attributesOfItem(atPath: db))[.size] as? NSNumber).intValue
        #expect(truncate(db, off_t(size * 6 / 10)) == 0)
        let before = fileFingerprint(db)
        var refused = 0
        for command in Self.commands(db) {
            let r = try CLI.run(command)
            if r.status != 0 {
                refused += 1
                Self.expectRefused(r, naming: db, saying: ["not a readable AssetMap database"])
            }
            #expect(fileFingerprint(db) == before, "\(command[0]) changed the truncated file")
        }
        #expect(refused >= 2, "a database missing 40% of its pages should be refused by the reading commands")
    }

    /// Runs as an unprivileged user when the tests run as root (root writes through file modes).
    static func unprivileged(_ arguments: [String]) throws -> CLIResult {
        guard geteuid() == 0 else { return try CLI.run(arguments) }
        let binary = try CLI.requireBinary()
        return try CLI.runExecutable("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments)
    }

    @Test func aReadOnlyFileOrDirectoryIsAClearErrorAndUntouched() async throws {
        let dir = try Scratch("assetmap-readonly")
        defer {
            chmod(dir.url.path, 0o755)
            dir.remove()
        }
        chmod(dir.url.path, 0o777)
        let db = try await Self.settledCopy(dir)
        let before = fileFingerprint(db)
        // The file read-only (its directory writable).
        chmod(db, 0o444)
        let write = try Self.unprivileged(Self.commands(db)[2])
        Self.expectRefused(write, naming: db, saying: ["read-only"])
        #expect(fileFingerprint(db) == before)
        // The directory read-only too (the file owned by the user): SQLite cannot make its -wal and -shm beside it.
        for suffix in ["-wal", "-shm"] { unlink(db + suffix) }
        chown(db, 65534, 65534)
        chmod(db, 0o644)
        chmod(dir.url.path, 0o555)
        for (index, command) in Self.commands(db).enumerated() {
            let r = try Self.unprivileged(command)
            // Reading may be possible; writing never is. Either way, no raw failure and no damage.
            if index == 2 || r.status != 0 { Self.expectRefused(r, naming: db, saying: ["writable"]) }
            #expect(fileFingerprint(db) == before, "\(command[0]) changed the file")
        }
    }

    @Test func aDatabaseFromANewerVersionIsRefusedAndUntouched() async throws {
        let dir = try Scratch("assetmap-newer")
        defer { dir.remove() }
        let db = try await Self.settledCopy(dir)
        let store = try AssetMapStore.open(path: db)
        try await store.writer.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try store.close()
        try Self.fold(db)
        let before = fileFingerprint(db)
        for command in Self.commands(db) {
            Self.expectRefused(try CLI.run(command), naming: db, saying: ["newer version", "upgrade"])
            #expect(fileFingerprint(db) == before)
        }
    }

    @Test func aFullDiskRollsBackWithAClearErrorAndTheNextRunCompletes() async throws {
        let dir = try Scratch("assetmap-full")
        defer { dir.remove() }
        let db = try await Self.settledCopy(dir)
        let snapshot = try DirectorySnapshot.read(db)
        let before = fileFingerprint(db)
        let bulk = try BulkList.write(rows: 5_000, into: dir)
        // No room to grow: the database may not gain a page (PRAGMA max_page_count, as a full disk would refuse).
        let full = try CLI.run(BulkList.importArguments(bulk, db: db), env: ["ASSETMAP_FAULT_MAX_PAGES": "1"])
        Self.expectRefused(full, naming: db, saying: ["full", "rolled back"])
        #expect(full.stdout.isEmpty)
        // The file was readable and opened, so GRDB seeded its -wal (a table created and dropped, folded back in on
        // close): the schema cookie moves, nothing else. The content is compared instead of the bytes.
        _ = before
        #expect(try DirectorySnapshot.read(db) == snapshot)
        #expect(try Soundness.problems(db) == [])
        // With room again, the same import completes.
        let again = try CLI.succeed(BulkList.importArguments(bulk, db: db)).jsonObject()
        #expect(again["added"] as? Int == 5_000)
    }

    /// A real full filesystem: a small tmpfs, where mounting is allowed (root on Linux).
    @Test func aFullFilesystemRollsBackWithAClearError() async throws {
        let dir = try Scratch("assetmap-tmpfs")
        defer { dir.remove() }
        let source = try await Self.settledCopy(dir, name: "source.sqlite")
        let size = try #require((try FileManager.default.attributesOfItem(atPath: source))[.size] as? NSNumber).intValue
        let mount = dir.url.appendingPathComponent("small")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        let mounted = try CLI.runExecutable("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size + 512 * 1024)", "tmpfs", mount.path])
        guard mounted.status == 0 else {
            print("full filesystem test: tmpfs cannot be mounted here (\(mounted.stderr.trimmingCharacters(in: .whitespacesAndNewlines))); the max_page_count test covers a full disk")
            return
        }
        defer { _ = try? CLI.runExecutable("/bin/umount", [mount.path]) }
        let db = mount.appendingPathComponent("assetmap.sqlite").path
        try FileManager.default.copyItem(atPath: source, toPath: db)
        let before = fileFingerprint(db)
        let bulk = try BulkList.write(rows: 20_000, into: dir)
        let full = try CLI.run(BulkList.importArguments(bulk, db: db))
        Self.expectRefused(full, naming: db, saying: ["full"])
        _ = before  // opened, so the bytes move (see above); the content must not
        #expect(try Soundness.problems(db) == [])
        #expect(try AssetMapStore.open(path: db).sources().contains { $0.name == "bulk" } == false)
        print("full filesystem test: import into a \(size / 1024 + 512) KB tmpfs refused: \(full.stderr.prefix(200))")
    }
}
