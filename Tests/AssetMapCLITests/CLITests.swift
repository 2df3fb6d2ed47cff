import AssetMapCore
import AssetMapStore
import Foundation
import Testing

/// The real `assetmap` binary, run as scripts and officers run it.
@Suite("assetmap CLI")
struct CLITests {
    // MARK: init and the database path

    @Test func initCreatesTheDatabaseAndIsRepeatable() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let db = dir.path("new.sqlite")
        let first = try CLI.succeed(["init", "--db", db, "--json"])
        #expect(FileManager.default.fileExists(atPath: db))
        let report = try first.jsonObject()
        #expect(report["database"] as? String == db)
        let migrations = try #require(report["migrations"] as? [String])
        #expect(migrations.contains("v1-sources-records"))
        let engine = try #require(report["engine"] as? [String: String])
        #expect(engine["fts5"] == "yes")
        #expect(engine["spatialite"]?.isEmpty == false)
        // A second init migrates nothing and keeps the file usable.
        let again = try CLI.succeed(["init", "--db", db, "--json"])
        #expect(try again.jsonObject()["migrations"] as? [String] == migrations)
        #expect(try AssetMapStore.open(path: db).integrityProblems().isEmpty)
    }

    @Test func databasePathComesFromTheEnvironmentThenTheWorkingDirectory() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let fromEnv = dir.path("env.sqlite")
        try CLI.succeed(["init"], cwd: dir.url, env: ["ASSETMAP_DB": fromEnv])
        #expect(FileManager.default.fileExists(atPath: fromEnv))
        #expect(!FileManager.default.fileExists(atPath: dir.path("assetmap.sqlite")))
        try CLI.succeed(["init"], cwd: dir.url)
        #expect(FileManager.default.fileExists(atPath: dir.path("assetmap.sqlite")))
    }

    // MARK: postcodes

    @Test func postcodesLoadAndLookUpWA141AH() async throws {
        let built = try await BaseDatabase.built()
        let load = try #require(try JSONSerialization.jsonObject(with: Data(built.loadOutput.utf8)) as? [String: Any], "\(built.loadOutput)")
        #expect(load["loaded"] as? Int == 11_264)
        #expect((load["layers"] as? [String])?.contains("ward") == true)

        let dir = try Scratch()
        defer { dir.remove() }
        let db = try await BaseDatabase.copy(into: dir)
        let lookup = try CLI.succeed(["postcode", "wa141ah", "--json", "--db", db])
        #expect(lookup.stdout.contains(#""postcode" : "WA14 1AH""#), "\(lookup.stdout)")
        let object = try lookup.jsonObject()
        #expect(object["postcode"] as? String == "WA14 1AH")
        #expect(object["sector"] as? String == "WA14 1")
        #expect(object["district"] as? String == "WA14")
        let areas = try #require(object["areas"] as? [String: [String: Any]])
        #expect(areas["ward"]?["code"] as? String == "E05015239")
        #expect(areas["ward"]?["basis"] as? String == "directory", "no ward polygons loaded yet: the postcode file's code")

        // With ward polygons loaded, the ward comes from point in polygon and agrees.
        let wards = try CLIPaths.requireFile(CLIPaths.trafford.appendingPathComponent("geography/boundaries/wards_2023.geojson").path)
        try CLI.succeed(["areas", "load", wards, "--layer", "ward", "--code-field", "area_code", "--name-field", "area_name", "--db", db])
        let polygon = try CLI.succeed(["postcode", "WA14 1AH", "--json", "--db", db]).jsonObject()
        let polygonWard = try #require((polygon["areas"] as? [String: [String: Any]])?["ward"])
        #expect(polygonWard["code"] as? String == "E05015239")
        #expect(polygonWard["basis"] as? String == "polygon")
        #expect(polygonWard["name"] as? String == "Altrincham")
    }

    @Test func unknownAndInvalidPostcodesFailClearly() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let db = dir.path("p.sqlite")
        try CLI.succeed(["postcodes", "load", CLIPaths.fixture("postcodes.csv"), "--db", db])
        let missing = try CLI.run(["postcode", "SK6 1LB", "--json", "--db", db])
        #expect(missing.status != 0)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr.contains("SK6 1LB"), "\(missing.stderr)")
        let invalid = try CLI.run(["postcode", "not-a-postcode", "--db", db])
        #expect(invalid.status != 0)
        #expect(invalid.stdout.isEmpty)
        #expect(invalid.stderr.contains("not-a-postcode"), "\(invalid.stderr)")
    }

    // MARK: import --json

    /// A fresh database with the fixture postcode table.
    static func fixtureDatabase(_ dir: Scratch) throws -> String {
        let db = dir.path("assetmap.sqlite")
        try CLI.succeed(["postcodes", "load", CLIPaths.fixture("postcodes.csv"), "--db", db])
        return db
    }

    @Test func importJSONPrintsTheSummaryAndNothingElse() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let db = try Self.fixtureDatabase(dir)
        // Logging at info must still keep stdout pure JSON.
        let result = try CLI.succeed(
            ["import", CLIPaths.fixture("mixed.csv"), "--profile", CLIPaths.fixture("mixed.profile.json"), "--json", "--db", db],
            env: ["ASSETMAP_LOG_LEVEL": "info"])
        let trimmed = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(trimmed.hasPrefix("{") && trimmed.hasSuffix("}"), "stdout must be only the JSON document: \(result.stdout)")
        let summary = try result.jsonObject()
        let designKeys: Set<String> = ["source", "read", "added", "updated", "unchanged", "withdrawn", "unlocated", "rejected", "warnings"]
        #expect(designKeys.isSubset(of: Set(summary.keys)), "missing \(designKeys.subtracting(summary.keys))")
        #expect(summary["source"] as? String == "mixed-list")
        #expect(summary["read"] as? Int == 5)
        #expect(summary["added"] as? Int == 4)
        #expect(summary["updated"] as? Int == 0)
        #expect(summary["unchanged"] as? Int == 0)
        #expect(summary["withdrawn"] as? Int == 0)
        #expect(summary["unlocated"] as? Int == 1)
        let rejected = try #require(summary["rejected"] as? [[String: Any]])
        #expect(rejected.map { Set($0.keys) } == [["line", "reason"]])
        #expect(rejected.first?["line"] as? Int == 3)
        #expect((rejected.first?["reason"] as? String)?.isEmpty == false)
        let warnings = try #require(summary["warnings"] as? [[String: Any]])
        #expect(warnings.allSatisfy { Set($0.keys) == ["line", "field", "reason"] }, "\(warnings)")
        let pairs = Set(warnings.compactMap { w -> String? in
            guard let line = w["line"] as? Int, let field = w["field"] as? String else { return nil }
            return "\(line):\(field)"
        })
        #expect(pairs == ["4:postcode", "5:lat"])
        // The import is really stored.
        let sources = try AssetMapStore.open(path: db).sources()
        #expect(sources.map(\.name) == ["mixed-list"])
        #expect(sources.first?.records == 4)
    }

    @Test func importWithFlagsInsteadOfAProfile() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let db = try Self.fixtureDatabase(dir)
        let result = try CLI.succeed([
            "import", CLIPaths.fixture("address_template.csv"), "--source", "halls-by-flags", "--kind", "place", "--key", "Ref",
            "--map", "name=Name", "--map", "address=StreetName", "--map", "address=PostTown", "--map", "postcode=PostCode",
            "--set", "categories=hall", "--json", "--db", db,
        ])
        let summary = try result.jsonObject()
        #expect(summary["source"] as? String == "halls-by-flags")
        #expect(summary["added"] as? Int == 4)
        let detail = try CLI.succeed(["sources", "show", "halls-by-flags", "--json", "--db", db]).jsonObject()
        #expect((detail["source"] as? [String: Any])?["records"] as? Int == 4)
        #expect((detail["source"] as? [String: Any])?["kind"] as? String == "place")
    }

    @Test func dryRunChangesNothing() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let db = try Self.fixtureDatabase(dir)
        try CLI.succeed(["import", CLIPaths.fixture("reimport_v1.csv"), "--profile", CLIPaths.fixture("reimport.profile.json"), "--db", db])
        let before = try DatabaseState.read(db)
        let dry = try CLI.succeed([
            "import", CLIPaths.fixture("reimport_v2.csv"), "--profile", CLIPaths.fixture("reimport.profile.json"), "--dry-run", "--json", "--db", db,
        ]).jsonObject()
        #expect(dry["updated"] as? Int == 1)
        #expect(dry["withdrawn"] as? Int == 1)
        #expect(dry["unchanged"] as? Int == 2)
        #expect(try DatabaseState.read(db) == before)
    }

    // MARK: errors

    /// Runs a command that must fail: non-zero exit, nothing on stdout, the message names `mentions`, the database unchanged.
    static func expectFailure(
        _ arguments: [String], db: String, mentions: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try DatabaseState.read(db)
        let result = try CLI.run(arguments, env: ["ASSETMAP_LOG_LEVEL": "info"])
        #expect(result.status != 0, "should fail: \(result)", sourceLocation: sourceLocation)
        #expect(!result.uncaughtSignal, "crashed: \(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "nothing may be printed on stdout: \(result.stdout)", sourceLocation: sourceLocation)
        for word in mentions {
            #expect(result.stderr.contains(word), "stderr should name '\(word)': \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(try DatabaseState.read(db) == before, "the database changed", sourceLocation: sourceLocation)
    }

    @Test func importErrorsNameTheProblemAndChangeNothing() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let db = try Self.fixtureDatabase(dir)
        try CLI.succeed(["import", CLIPaths.fixture("reimport_v1.csv"), "--profile", CLIPaths.fixture("reimport.profile.json"), "--db", db])

        // Missing source file.
        let missingFile = dir.path("no-such-list.csv")
        try Self.expectFailure(
            ["import", missingFile, "--profile", CLIPaths.fixture("reimport.profile.json"), "--json", "--db", db],
            db: db, mentions: ["no-such-list.csv"])

        // A profile naming a column the file does not have.
        let missingColumn = try dir.write("missing-column.profile.json", """
            {"source": "clubs", "kind": "organisation", "key": "key", "fields": {"name": "name", "phone": "Telephone Number"}}
            """)
        try Self.expectFailure(
            ["import", CLIPaths.fixture("reimport_v2.csv"), "--profile", missingColumn, "--json", "--db", db],
            db: db, mentions: ["Telephone Number"])

        // A profile with an unknown field.
        let unknownField = try dir.write("unknown-field.profile.json", """
            {"source": "clubs", "kind": "organisation", "key": "key", "fields": {"name": "name", "telephone": "phone"}}
            """)
        try Self.expectFailure(
            ["import", CLIPaths.fixture("reimport_v2.csv"), "--profile", unknownField, "--json", "--db", db],
            db: db, mentions: ["telephone"])

        // A profile that is not JSON.
        let broken = try dir.write("broken.profile.json", #"{"source": "clubs", "kind": "#)
        try Self.expectFailure(
            ["import", CLIPaths.fixture("reimport_v2.csv"), "--profile", broken, "--json", "--db", db],
            db: db, mentions: ["broken.profile.json"])

        // A missing profile file.
        try Self.expectFailure(
            ["import", CLIPaths.fixture("reimport_v2.csv"), "--profile", dir.path("nowhere.profile.json"), "--db", db],
            db: db, mentions: ["nowhere.profile.json"])

        // A file that fails half-way (row 3 is not UTF-8).
        try Self.expectFailure(
            ["import", CLIPaths.fixture("bad_utf8_row3.csv"), "--profile", CLIPaths.fixture("reimport.profile.json"), "--json", "--db", db],
            db: db, mentions: ["bad_utf8_row3.csv", "line 4"])
    }

    @Test func commandsOnAMissingDatabaseFailWithoutCreatingIt() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let db = dir.path("missing.sqlite")
        for arguments in [
            ["sources", "list", "--json"], ["postcode", "WA14 1AH", "--json"], ["export", "--format", "links"],
            ["sources", "show", "clubs"], ["area", "list"],
        ] {
            let result = try CLI.run(arguments + ["--db", db])
            #expect(result.status != 0, "\(arguments): \(result)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result.stdout)")
            #expect(result.stderr.contains(db), "\(arguments): stderr should name the database: \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db), "\(arguments) created the database")
        }
    }

    @Test func removingAnUnknownSourceFails() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let db = try Self.fixtureDatabase(dir)
        try CLI.succeed(["import", CLIPaths.fixture("reimport_v1.csv"), "--profile", CLIPaths.fixture("reimport.profile.json"), "--db", db])
        try Self.expectFailure(["sources", "remove", "no-such-source", "--db", db], db: db, mentions: ["no-such-source"])
        let removed = try CLI.succeed(["sources", "remove", "clubs", "--json", "--db", db]).jsonObject()
        #expect(removed["records"] as? Int == 4)
        #expect(try AssetMapStore.open(path: db).sources().isEmpty)
    }

    // MARK: export

    @Test func exportLinksHasOneRowPerActiveRecord() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let db = try Self.fixtureDatabase(dir)
        let profile = CLIPaths.fixture("reimport.profile.json")
        try CLI.succeed(["import", CLIPaths.fixture("reimport_v1.csv"), "--profile", profile, "--db", db])
        try CLI.succeed(["import", CLIPaths.fixture("mixed.csv"), "--profile", CLIPaths.fixture("mixed.profile.json"), "--db", db])
        try CLI.succeed(["import", CLIPaths.fixture("reimport_v2.csv"), "--profile", profile, "--db", db])  // K4 withdrawn

        let result = try CLI.succeed(["export", "--format", "links", "--db", db])
        let firstLine = try #require(result.stdout.split(separator: "\n", omittingEmptySubsequences: false).first)
        #expect(firstLine.trimmingCharacters(in: ["\r"]) == "entity_id,kind,source,source_key")
        let rows = parseCSV(result.stdout)
        #expect(rows.first == ["entity_id", "kind", "source", "source_key"])
        let data = rows.dropFirst().filter { $0 != [""] }
        #expect(data.count == 7, "3 active clubs + 4 mixed-list records: \(data)")
        #expect(data.allSatisfy { $0.count == 4 && Int64($0[0]) != nil })
        #expect(Set(data.filter { $0[2] == "clubs" }.map { $0[3] }) == ["K1", "K2", "K3"])
        #expect(Set(data.filter { $0[2] == "mixed-list" }.map { $0[3] }) == ["A1", "A3", "A4", "A5"])
        #expect(Set(data.map { $0[1] }) == ["organisation"])
        #expect(Set(data.map { $0[0] }).count == 7, "every record is its own entity before match")

        // --out writes the same to a file and nothing to stdout.
        let out = dir.path("links.csv")
        let toFile = try CLI.succeed(["export", "--format", "links", "--out", out, "--db", db])
        #expect(toFile.stdout.isEmpty)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == result.stdout)
    }

    @Test func exportEntitiesHeaderFollowsTheContract() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let db = try Self.fixtureDatabase(dir)
        let wards = CLIPaths.fixture("wards.geojson")
        try CLI.succeed(["areas", "load", wards, "--layer", "ward", "--code-field", "area_code", "--name-field", "area_name", "--db", db])
        try CLI.succeed(["areas", "load", wards, "--layer", "zone", "--code-field", "area_code", "--name-field", "area_name", "--db", db])
        try CLI.succeed(["import", CLIPaths.fixture("mixed.csv"), "--profile", CLIPaths.fixture("mixed.profile.json"), "--db", db])

        let result = try CLI.succeed(["export", "--format", "entities", "--db", db])
        let rows = parseCSV(result.stdout).filter { $0 != [""] }
        let header = try #require(rows.first)
        let design = [
            "id", "kind", "name", "categories", "address", "postcode", "lat", "lon", "phone", "email", "website",
            "charity_number", "owner", "occupancy", "floor_area_m2", "location_precision",
        ]
        #expect(Array(header.prefix(design.count)) == design)
        #expect(Array(header.suffix(2)) == ["source_count", "sources"])
        #expect(Set(header.dropFirst(design.count).dropLast(2)) == ["ward_code", "zone_code"])
        #expect(header.count == design.count + 4)

        let records = rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
        #expect(records.count == 4, "one row per entity")
        let a1 = try #require(records.first { $0["name"] == "Good Group One" })
        #expect(a1["postcode"] == "M33 7AB")
        #expect(a1["location_precision"] == "postcode")
        #expect(a1["ward_code"] == "T01")
        #expect(a1["zone_code"] == "T01")
        #expect(a1["source_count"] == "1")
        #expect(a1["sources"] == "mixed-list")
        #expect(a1["categories"] == "test group")
        let a5 = try #require(records.first { $0["name"] == "Good Group Two" })
        #expect(a5["location_precision"] == "exact")
        #expect(a5["ward_code"] == "T02")
        #expect(Double(a5["lat"] ?? "") == 53.43)
        let unlocated = try #require(records.first { $0["name"] == "Bad Postcode Club" })
        #expect(unlocated["lat"] == "" && unlocated["ward_code"] == "")
    }

    @Test func exportRespectsSharing() throws {
        let dir = try Scratch()
        defer { dir.remove() }
        let db = try Self.fixtureDatabase(dir)
        try CLI.succeed(["import", CLIPaths.fixture("mixed.csv"), "--profile", CLIPaths.fixture("mixed.profile.json"), "--db", db])
        try CLI.succeed([
            "import", CLIPaths.fixture("address_template.csv"), "--profile", CLIPaths.fixture("address_template.profile.json"), "--db", db,
        ])  // shared with partners
        let open = parseCSV(try CLI.succeed(["export", "--format", "links", "--sharing", "open", "--db", db]).stdout).dropFirst().filter { $0 != [""] }
        let partners = parseCSV(try CLI.succeed(["export", "--format", "links", "--sharing", "partners", "--db", db]).stdout).dropFirst().filter { $0 != [""] }
        #expect(Set(open.map { $0[2] }) == ["mixed-list"])
        #expect(open.count == 4)
        #expect(partners.count == 8)
    }
}
