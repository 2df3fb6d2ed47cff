import AssetMapCore
import AssetMapIngest
import AssetMapStore
import AssetMapTestSupport
import Foundation
import Testing

/// The real borough: the Trafford pack's postcodes, wards, LSOAs and all 20 lists, with the profiles in Profiles/trafford.
///
/// One database is built once (in a temporary file) and shared by the read-only tests below.
@Suite("Trafford import")
struct TraffordImportTests {
    struct Imported: Sendable {
        var store: AssetMapStore
        var directory: URL
        var postcodes: PostcodeFile.Summary
        /// Reports by list file name ("food_banks.csv").
        var reports: [String: ImportReport]
        /// Source names by list file name.
        var sources: [String: String]
        var seconds: Double
    }

    static let shared = BuiltOnce<Imported> { try build() }
    /// Where the shared database lives; removed when the test process exits.
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-trafford-\(UUID().uuidString)")

    static func imported() async throws -> Imported {
        do {
            return try await shared.value
        } catch {
            Issue.record("building the Trafford database failed: \(error)")
            throw error
        }
    }

    static var lists: URL { Paths.trafford.appendingPathComponent("lists") }

    /// Profile file → list file, by stem.
    static func pairs() throws -> [(profile: String, list: String)] {
        let profiles = try FileManager.default.contentsOfDirectory(atPath: Paths.traffordProfiles.path)
            .filter { $0.hasSuffix(".profile.json") }.sorted()
        let files = try FileManager.default.contentsOfDirectory(atPath: lists.path)
        return try profiles.map { profile in
            let stem = String(profile.dropLast(".profile.json".count))
            let list = try #require(
                files.first { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent == stem },
                "no list file for profile \(profile) in \(lists.path)")
            return (Paths.traffordProfiles.appendingPathComponent(profile).path, lists.appendingPathComponent(list).path)
        }
    }

    static func build() throws -> Imported {
        let started = Date()
        let geography = Paths.trafford.appendingPathComponent("geography")
        let postcodeFile = try Paths.requireFile(geography.appendingPathComponent("postcodes.csv").path)
        let wards = try Paths.requireFile(geography.appendingPathComponent("boundaries/wards_2023.geojson").path)
        let lsoas = try Paths.requireFile(geography.appendingPathComponent("boundaries/lsoa_2021_generalised.geojson").path)
        let directory = Self.directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TraffordImportTests.directory) }
        let store = try AssetMapStore.open(path: directory.appendingPathComponent("trafford.sqlite").path, create: true)
        let postcodes = try PostcodeFile(path: postcodeFile).load(into: store)
        _ = try AreaFile(path: wards, layer: "ward", codeField: "area_code", nameField: "area_name").load(into: store)
        _ = try AreaFile(path: lsoas, layer: "lsoa", codeField: "area_code", nameField: "area_name").load(into: store)
        var reports: [String: ImportReport] = [:]
        var sources: [String: String] = [:]
        for (profilePath, listPath) in try pairs() {
            let profile = try ImportProfile.load(path: profilePath)
            let report = try Importer(store: store).run(path: listPath, profile: profile)
            let file = URL(fileURLWithPath: listPath).lastPathComponent
            reports[file] = report
            sources[file] = profile.source.name
        }
        return Imported(
            store: store, directory: directory, postcodes: postcodes, reports: reports, sources: sources,
            seconds: Date().timeIntervalSince(started))
    }

    /// `Profiles/trafford/expectations.json`.
    struct Expectation: Decodable {
        var rows: Int
        var without_name: [Int]
        var invalid_postcodes: [Int]
        var without_coordinates: Int
        var district_only_postcodes: [Int]
        var implausible_coordinates: [Int]
        var duplicate_keys: [DuplicateKey]
        struct DuplicateKey: Decodable {
            var key: [String]
            var lines: [Int]
        }
    }

    static func expectations() throws -> [String: Expectation] {
        let path = try Paths.requireFile(Paths.traffordProfiles.appendingPathComponent("expectations.json").path)
        return try JSONDecoder().decode([String: Expectation].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    // MARK: Every list

    @Test func allTwentyProfilesPairWithAList() throws {
        let pairs = try Self.pairs()
        #expect(pairs.count == 20)
        #expect(Set(pairs.map { URL(fileURLWithPath: $0.list).lastPathComponent }) == Set(try Self.expectations().keys))
    }

    @Test func everyListImportsItsRowsAndAccountsForEachOne() async throws {
        let imported = try await Self.imported()
        let expectations = try Self.expectations()
        #expect(imported.reports.count == 20)
        #expect(imported.postcodes.loaded == 11_264)
        for (file, expected) in expectations.sorted(by: { $0.key < $1.key }) {
            let report = try #require(imported.reports[file], "\(file) was not imported")
            #expect(report.read == expected.rows, "\(file): read")
            #expect(
                report.added + report.updated + report.unchanged + report.rejected.count == report.read,
                "\(file): added \(report.added) + updated \(report.updated) + unchanged \(report.unchanged) + rejected \(report.rejected.count) != read \(report.read)")
            #expect(report.rejected.map(\.line) == expected.without_name, "\(file): rejected")
            #expect(report.updated == 0 && report.unchanged == 0 && report.withdrawn == 0, "\(file): first import into a fresh database")
            let located = report.located.values.reduce(0, +)
            #expect(located + report.unlocated == report.read - report.rejected.count, "\(file): located \(report.located) + unlocated \(report.unlocated)")
        }
        let sources = try imported.store.sources()
        #expect(sources.count == 20)
        #expect(sources.allSatisfy { $0.withdrawn == 0 })
        #expect(try imported.store.integrityProblems().isEmpty)
    }

    @Test func badValuesAreWarnedByLine() async throws {
        let imported = try await Self.imported()
        let expectations = try Self.expectations()
        for (file, expected) in expectations {
            let report = try #require(imported.reports[file])
            for line in expected.invalid_postcodes where !(file == "council_land_and_building_assets.csv" && line == 398) {
                #expect(report.warningPairs.contains(.init(line: line, field: "postcode")), "\(file) line \(line): invalid postcode not warned")
            }
            for line in expected.implausible_coordinates {
                #expect(
                    report.warnings.contains { $0.line == line && ["lat", "lon"].contains($0.field) },
                    "\(file) line \(line): implausible coordinates not warned")
            }
            for duplicate in expected.duplicate_keys {
                for line in duplicate.lines.dropFirst() {
                    #expect(report.warningPairs.contains(.init(line: line, field: "key")), "\(file) line \(line): duplicate key not warned")
                }
            }
        }
        // Line 398 of the council register is a bare sector (`WA14 1`): located at sector precision, not flagged.
        let council = try Self.councilRows()
        let sectorKey = try #require(council.first { $0.line == 398 }?.key)
        let records = try imported.store.recordViews(source: try #require(imported.sources["council_land_and_building_assets.csv"]))
        #expect(records[sectorKey]?.precision == .sector)
        #expect(!(imported.reports["council_land_and_building_assets.csv"]?.warningPairs.contains(.init(line: 398, field: "postcode")) ?? true))
    }

    @Test func foodBanksAreAllLocatedByPostcode() async throws {
        let imported = try await Self.imported()
        let report = try #require(imported.reports["food_banks.csv"])
        #expect(report.read == 7)
        #expect(report.unlocated == 0)
        #expect(report.located == ["postcode": 7])
        let name = try #require(imported.sources["food_banks.csv"])
        #expect(try imported.store.source(named: name).locationPrecision == ["postcode": 7])
        let records = try imported.store.recordViews(source: name)
        #expect(records.count == 7)
        for record in records.values {
            #expect(record.precision == .postcode, "\(record.key)")
            #expect(record.areas["ward"]?.code.hasPrefix("E05") == true, "\(record.key) has no ward")
            #expect(record.areas["lsoa"]?.code.hasPrefix("E01") == true, "\(record.key) has no LSOA")
        }
    }

    /// README: "Duplicate key within a file: dentists lines 5 and 50 are identical. Keep one record and warn; do not fail the import."
    /// No row is lost: the identical second row is kept under a suffixed key, with a warning, for coverage to report.
    @Test func identicalDuplicateDentistRowsAreKeptAndWarned() async throws {
        let imported = try await Self.imported()
        let file = "dentists.csv"
        let report = try #require(imported.reports[file])
        #expect(report.read == 53)
        #expect(report.warningPairs.contains(.init(line: 50, field: "key")), "\(report.warnings.filter { $0.field == "key" })")
        let records = try imported.store.recordViews(source: try #require(imported.sources[file]))
        let crescent = records.values.filter { $0.fields["name"] == "Crescent Dental Care" && $0.fields["postcode"] == "WA15 9NA" }
        #expect(crescent.map(\.key).sorted() == ["Crescent Dental Care|WA15 9NA", "Crescent Dental Care|WA15 9NA#2"])
        #expect(records.count == 53)
    }

    // MARK: Council register, computed independently

    struct CouncilRow {
        var line: Int
        var key: String
        var postcode: String
        var lat: Double?
        var lon: Double?
    }

    static func councilRows() throws -> [CouncilRow] {
        let path = try Paths.requireFile(lists.appendingPathComponent("council_land_and_building_assets.csv").path)
        let rows = try CSVTestParser.parse(file: path)
        let header = try #require(rows.first).fields
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "no column \(name)") }
        let (key, postcode, geoX, geoY) = (try column("AssetCode"), try column("PostCode"), try column("GeoX"), try column("GeoY"))
        func value(_ fields: [String], _ i: Int) -> String {
            let v = fields[i].trimmingCharacters(in: .whitespaces)
            return ["NA", "N/A"].contains(v) ? "" : v
        }
        return rows.dropFirst().map { row in
            CouncilRow(
                line: row.line, key: value(row.fields, key), postcode: value(row.fields, postcode),
                lat: Double(value(row.fields, geoY)), lon: Double(value(row.fields, geoX)))
        }
    }

    /// The geocoding cascade reimplemented from DESIGN.md on the raw files, without the code under test.
    static func expectedPrecision(_ row: CouncilRow, units: Set<String>, sectors: Set<String>, districts: Set<String>) -> LocationPrecision? {
        if let lat = row.lat, let lon = row.lon, (49.0...61.5).contains(lat), (-9.0...2.5).contains(lon) { return .exact }
        let text = row.postcode.uppercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        func matches(_ pattern: String) -> Bool { text.range(of: pattern, options: .regularExpression) != nil }
        let outward = "[A-Z]{1,2}[0-9][A-Z0-9]?"
        if matches("^\(outward) ?[0-9][A-Z]{2}$") {
            let compact = text.replacingOccurrences(of: " ", with: "")
            let unit = String(compact.dropLast(3)) + " " + String(compact.suffix(3))
            if units.contains(unit) { return .postcode }
            if sectors.contains(String(unit.dropLast(2))) { return .sector }
            return districts.contains(String(compact.dropLast(3))) ? .district : nil
        }
        if matches("^\(outward) [0-9]$") {
            if sectors.contains(text) { return .sector }
            return districts.contains(String(text.dropLast(2))) ? .district : nil
        }
        if matches("^\(outward)$") { return districts.contains(text) ? .district : nil }
        return nil
    }

    @Test func councilDistrictOnlyAssetsAreLocatedAtTheirDistrict() async throws {
        let imported = try await Self.imported()
        let expectations = try Self.expectations()
        let file = "council_land_and_building_assets.csv"
        let expected = try #require(expectations[file])
        let council = try Self.councilRows()
        #expect(council.count == expected.rows)

        let table = try CSVTestParser.parse(file: Paths.trafford.appendingPathComponent("geography/postcodes.csv").path)
        let units = Set(table.dropFirst().map { $0.fields[0] })
        let sectors = Set(units.map { String($0.dropLast(2)) })
        let districts = Set(units.map { String($0.split(separator: " ")[0]) })

        let source = try #require(imported.sources[file])
        let records = try imported.store.recordViews(source: source)
        #expect(records.count == expected.rows)

        // Every district-only row without coordinates is placed at its district.
        let byLine = Dictionary(uniqueKeysWithValues: council.map { ($0.line, $0) })
        var districtOnlyWithoutCoordinates = 0
        for line in expected.district_only_postcodes {
            let row = try #require(byLine[line], "no council row starts on line \(line)")
            guard row.lat == nil || row.lon == nil else { continue }
            districtOnlyWithoutCoordinates += 1
            let record = try #require(records[row.key], "line \(line) (\(row.key)) not imported")
            #expect(record.precision == .district, "line \(line) (\(row.postcode)): \(String(describing: record.precision))")
            #expect(record.fields["postcode"] == row.postcode.uppercased(), "line \(line)")
        }
        #expect(districtOnlyWithoutCoordinates == 206, "README: 206 of the 229 district-only rows have no coordinates")

        // Every record's precision equals the independent computation, and so do the totals.
        // Swapped coordinates (line 387) may be repaired (exact) or not used (postcode): README allows both.
        var counts: [String: Int] = [:]
        var repairedSwaps: [String] = []
        for row in council {
            let want = Self.expectedPrecision(row, units: units, sectors: sectors, districts: districts)
            counts[want?.rawValue ?? "unlocated", default: 0] += 1
            let got = records[row.key]?.precision
            if let lat = row.lat, let lon = row.lon, want != .exact, Coordinate(lat: lon, lon: lat).isWithinBritishIsles, got == .exact {
                repairedSwaps.append(want?.rawValue ?? "unlocated")
                continue
            }
            #expect(got == want, "line \(row.line) (\(row.key), '\(row.postcode)')")
        }
        let district = records.values.filter { $0.precision == .district }.count
        #expect(district == counts["district"])
        #expect(district == 209, "README forecast: 209 council records at district precision")
        #expect(imported.reports[file]?.located["district"] == counts["district"])
        var stored = try imported.store.source(named: source).locationPrecision
        for instead in repairedSwaps {
            stored["exact", default: 0] -= 1
            stored[instead, default: 0] += 1
        }
        #expect(stored == counts)
        // The README's forecast for this pack (372 exact, or 373 when the swap on line 387 is repaired).
        #expect(counts == ["exact": 372, "postcode": 23, "sector": 1, "district": 209, "unlocated": 3])
    }

    // MARK: Postcodes and wards

    @Test func wardPolygonsAgreeWithThePostcodeDirectory() async throws {
        let imported = try await Self.imported()
        let agreement = try imported.store.checkPostcodeAreas(layer: "ward")
        #expect(agreement.postcodes == 11_264)
        #expect(agreement.agreementRate >= 0.999, "agree \(agreement.agree), disagree \(agreement.disagree), outside \(agreement.outside)")
        #expect(agreement.agree + agreement.disagree + agreement.outside == agreement.postcodes)
    }

    @Test func lookupOfWA141AH() async throws {
        let imported = try await Self.imported()
        let lookup = try #require(try imported.store.lookupPostcode("WA14 1AH"))
        #expect(lookup.postcode == "WA14 1AH")
        #expect(lookup.areas["ward"]?.code == "E05015239")
        #expect(lookup.areas["ward"]?.basis == "polygon")
        #expect(lookup.areas["lsoa"]?.code.hasPrefix("E01") == true)
        let row = try #require(try CSVTestParser.parse(file: Paths.trafford.appendingPathComponent("geography/postcodes.csv").path)
            .first { $0.fields.first == "WA14 1AH" })
        #expect(Geo.distance(Coordinate(lat: lookup.lat, lon: lookup.lon), Coordinate(lat: Double(row.fields[11])!, lon: Double(row.fields[10])!)) < 0.5)
    }

    // MARK: The judged re-import case

    @Test func charityReimportIdenticalThenModified() throws {
        let original = try Paths.requireFile(Self.lists.appendingPathComponent("charity_commission_charities.csv").path)
        let profile = try ImportProfile.load(path: Paths.traffordProfiles.appendingPathComponent("charity_commission_charities.profile.json").path)
        let store = try AssetMapStore.testStore()
        let first = try Importer(store: store).run(path: original, profile: profile)
        #expect(first.added == 736)

        let identical = try Importer(store: store).run(path: original, profile: profile)
        #expect(identical.read == 736)
        #expect(identical.unchanged == 736)
        #expect(identical.added == 0 && identical.updated == 0 && identical.withdrawn == 0)

        // A modified copy: one charity row removed, one phone number changed. Each record is one physical line here.
        let text = try String(contentsOfFile: original, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        #expect(CSVTestParser.parse(text).count == 737, "header + 736 records")
        let removedIndex = try #require(lines.firstIndex { $0.hasPrefix("214927,") }, "charity 214927 not found")
        lines.remove(at: removedIndex)
        let changedIndex = try #require(lines.firstIndex { $0.hasPrefix("210843,") }, "charity 210843 not found")
        #expect(lines[changedIndex].components(separatedBy: "01614941704").count == 2, "the phone occurs once on its line")
        lines[changedIndex] = lines[changedIndex].replacingOccurrences(of: "01614941704", with: "01619998877")
        let dir = try TempDir()
        defer { dir.remove() }
        let modified = try dir.write("charity_commission_charities.csv", lines.joined(separator: "\n"))

        let report = try Importer(store: store).run(path: modified, profile: profile)
        #expect(report.read == 735)
        #expect(report.withdrawn == 1)
        #expect(report.updated == 1)
        #expect(report.unchanged == 734)
        #expect(report.added == 0)
        let history = try store.history(source: profile.source.name)
        #expect(history.filter { $0.change == "withdrawn" }.map(\.sourceKey) == ["214927"])
        let update = try #require(history.first { $0.change == "updated" })
        #expect(update.sourceKey == "210843")
        #expect(update.previous?.contains("01614941704") == true)
        let records = try store.recordViews(source: profile.source.name)
        #expect(records["210843"]?.fields["phone"]?.filter(\.isNumber).hasSuffix("1619998877") == true)
        #expect(records["214927"] == nil)
    }
}
