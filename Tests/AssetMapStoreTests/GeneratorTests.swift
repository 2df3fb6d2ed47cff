import AssetMapCore
import Foundation
import Testing

import AssetMapGenerator

/// A generated region read back into memory (its directory is removed straight away), shared by
/// the tests so each size is generated once per run.
private struct GenOutput: Sendable {
    let result: GeneratedBorough
    let files: [String: String]

    func text(_ name: String) -> String { files[name] ?? "" }

    /// Rows of a CSV file as dictionaries keyed by header (fields never contain newlines).
    func csv(_ name: String) -> (header: [String], rows: [[String: String]]) {
        let lines = text(name).split(separator: "\n", omittingEmptySubsequences: true)
        guard let first = lines.first else { return ([], []) }
        let header = genSplitCSV(first)
        let rows = lines.dropFirst().map { line -> [String: String] in
            let fields = genSplitCSV(line)
            var row: [String: String] = [:]
            for (i, column) in header.enumerated() where i < fields.count { row[column] = fields[i] }
            return row
        }
        return (header, rows)
    }

    func json(_ name: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text(name).utf8))
    }

    static func make(records: Int, seed: UInt64, spread: GeneratorConfiguration.Spread = .borough) -> Result<GenOutput, any Error> {
        Result {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("assetmap-generator-tests-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let result = try Generator.write(GeneratorConfiguration(records: records, seed: seed, spread: spread), to: directory)
            var files: [String: String] = [:]
            for url in result.files {
                files[url.lastPathComponent] = try String(contentsOf: url, encoding: .utf8)
            }
            return GenOutput(result: result, files: files)
        }
    }
}

private enum GenFixtures {
    static let small = GenOutput.make(records: 1_000, seed: 7)
    static let medium = GenOutput.make(records: 20_000, seed: 11)

    static func get(_ records: Int) throws -> GenOutput {
        try (records == 1_000 ? small : medium).get()
    }
}

/// RFC 4180 fields of one line.
private func genSplitCSV(_ line: Substring) -> [String] {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var previousWasQuote = false
    for c in line {
        if quoted {
            if c == "\"" { quoted = false; previousWasQuote = true; continue }
            field.append(c)
        } else if c == "\"" {
            if previousWasQuote { field.append("\"") }
            quoted = true
        } else if c == "," {
            fields.append(field)
            field = ""
        } else {
            field.append(c)
        }
        previousWasQuote = false
    }
    fields.append(field)
    return fields
}

/// Strict UK unit postcode shape (BS 7666), independent of the library under test.
private func genIsValidPostcode(_ code: String) -> Bool {
    let parts = code.split(separator: " ")
    guard parts.count == 2 else { return false }
    let outward = Array(parts[0]), inward = Array(parts[1])
    let inwardLetters = Set("ABDEFGHJLNPQRSTUWXYZ")
    guard inward.count == 3, inward[0].isASCII, inward[0].isNumber,
          inwardLetters.contains(inward[1]), inwardLetters.contains(inward[2]) else { return false }
    func letter(_ c: Character) -> Bool { c.isASCII && c.isUppercase }
    func digit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
    guard let first = outward.first, letter(first), !"QVX".contains(first) else { return false }
    switch outward.count {
    case 2: return digit(outward[1])                                                   // A9
    case 3:
        if digit(outward[1]) { return digit(outward[2]) || "ABCDEFGHJKPSTUW".contains(outward[2]) }  // A99, A9A
        return !"IJZ".contains(outward[1]) && letter(outward[1]) && digit(outward[2])                // AA9
    case 4:
        guard letter(outward[1]), !"IJZ".contains(outward[1]), digit(outward[2]) else { return false }
        return digit(outward[3]) || "ABEHMNPRVWXY".contains(outward[3])                 // AA99, AA9A
    default: return false
    }
}

private typealias GenRing = [(Double, Double)]
/// A feature's polygons: each polygon is its outer ring and holes.
private typealias GenPolygons = [[GenRing]]

private func genPolygons(_ geometry: [String: Any]) -> GenPolygons {
    func ring(_ value: Any) -> GenRing {
        (value as? [[Double]] ?? []).map { ($0[0], $0[1]) }
    }
    let coordinates = geometry["coordinates"]
    if geometry["type"] as? String == "Polygon" {
        return [(coordinates as? [Any] ?? []).map(ring)]
    }
    return (coordinates as? [[Any]] ?? []).map { $0.map(ring) }
}

/// Ray casting with the even–odd rule over every ring, so holes count as outside.
private func genContains(_ polygons: GenPolygons, _ x: Double, _ y: Double) -> Bool {
    var inside = false
    for polygon in polygons {
        for ring in polygon where ring.count > 1 {
            for i in 0..<(ring.count - 1) {
                let (x1, y1) = ring[i], (x2, y2) = ring[i + 1]
                if (y1 > y) != (y2 > y), x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) { inside.toggle() }
            }
        }
    }
    return inside
}

private func genSignedArea(_ ring: GenRing) -> Double {
    var sum = 0.0
    for i in 0..<max(0, ring.count - 1) { sum += ring[i].0 * ring[i + 1].1 - ring[i + 1].0 * ring[i].1 }
    return sum / 2
}

/// Layer features keyed by code (or by name where the layer has no codes).
private func genLayer(_ output: GenOutput, _ file: String) -> [String: GenPolygons] {
    let collection = output.json(file) as? [String: Any] ?? [:]
    var result: [String: GenPolygons] = [:]
    for feature in collection["features"] as? [[String: Any]] ?? [] {
        let properties = feature["properties"] as? [String: Any] ?? [:]
        let key = properties["area_code"] as? String ?? properties["area_name"] as? String ?? ""
        result[key] = genPolygons(feature["geometry"] as? [String: Any] ?? [:])
    }
    return result
}

/// Keys of a list file, whatever its format.
private func genKeys(_ output: GenOutput, _ list: GeneratedBorough.List, keyColumn: String) -> [String] {
    let name = list.file.lastPathComponent
    if name.hasSuffix(".geojson") {
        let features = (output.json(name) as? [String: Any])?["features"] as? [[String: Any]] ?? []
        return features.map { ($0["properties"] as? [String: Any])?[keyColumn] as? String ?? "" }
    }
    return output.csv(name).rows.map { $0[keyColumn] ?? "" }
}

@Suite struct GeneratorTests {
    @Test func sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-generator-det-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let a = try Generator.write(GeneratorConfiguration(records: 1_500, seed: 99), to: base.appendingPathComponent("a"))
        let b = try Generator.write(GeneratorConfiguration(records: 1_500, seed: 99), to: base.appendingPathComponent("b"))
        let c = try Generator.write(GeneratorConfiguration(records: 1_500, seed: 100), to: base.appendingPathComponent("c"))
        #expect(a.files.count == b.files.count)
        #expect(a.files.count == 24)
        for (x, y) in zip(a.files, b.files) {
            #expect(try Data(contentsOf: x) == Data(contentsOf: y), "\(x.lastPathComponent) differs between runs")
        }
        for name in ["postcodes.csv", "wards.geojson", "charities.csv", "cvs_groups.csv", "gold.csv"] {
            let x = try Data(contentsOf: a.directory.appendingPathComponent(name))
            let z = try Data(contentsOf: c.directory.appendingPathComponent(name))
            #expect(x != z, "\(name) should change with the seed")
        }
    }

    @Test(arguments: [1_000, 20_000])
    func countsMatchTheFilesAndTheRequest(records: Int) throws {
        let output = try GenFixtures.get(records)
        let r = output.result
        #expect(abs(r.totalRecords - records) <= records / 100)
        #expect(r.lists.map(\.records).reduce(0, +) == r.totalRecords)
        #expect(r.boroughs == max(1, Int((Double(records) / 3_000).rounded())))

        for list in r.lists {
            let name = list.file.lastPathComponent
            let rows = name.hasSuffix(".geojson")
                ? ((output.json(name) as? [String: Any])?["features"] as? [Any] ?? []).count
                : output.csv(name).rows.count
            #expect(rows == list.records, "\(name)")
            #expect(list.records > 0, "\(name) is empty")
        }
        // Charities and CVS groups are the big lists, as in real boroughs.
        let bySize = r.lists.sorted { $0.records > $1.records }.map(\.source)
        #expect(Set(bySize.prefix(2)) == ["charities", "cvs-groups"])

        let postcodes = output.csv("postcodes.csv").rows
        #expect(postcodes.count == r.postcodes)
        #expect(r.postcodes >= 1_500 * r.boroughs && r.postcodes <= 4_500 * r.boroughs)
        let perLayer = ["ward": "wards.geojson", "lsoa": "lsoa.geojson", "msoa": "msoa.geojson", "locality": "localities.geojson"]
        for (layer, file) in perLayer {
            let features = ((output.json(file) as? [String: Any])?["features"] as? [Any] ?? []).count
            #expect(features == r.areas[layer], "\(layer)")
        }
        #expect(r.areas["ward"]! >= 16 * r.boroughs && r.areas["ward"]! <= 25 * r.boroughs)
        #expect(r.areas["lsoa"]! >= 110 * r.boroughs && r.areas["lsoa"]! <= 170 * r.boroughs)
        #expect(r.areas["locality"]! == 4 * r.boroughs)
        #expect(r.entities < r.totalRecords)
        #expect(r.duplicatePairs == r.withinSourceDuplicatePairs + r.crossSourceDuplicatePairs)

        let manifest = output.json("manifest.json") as? [String: Any]
        let counts = manifest?["counts"] as? [String: Any]
        #expect(counts?["total_records"] as? Int == r.totalRecords)
        #expect(counts?["postcodes"] as? Int == r.postcodes)
    }

    @Test func denseSpreadPacksEverythingIntoOneBorough() throws {
        let output = try GenOutput.make(records: 7_000, seed: 5, spread: .dense).get()
        #expect(output.result.boroughs == 1)
        #expect(output.result.totalRecords == 7_000)
        #expect(output.result.areas["ward"]! <= 25)
    }

    @Test(arguments: [1_000, 20_000])
    func everyPostcodeIsAValidUniqueUKPostcode(records: Int) throws {
        let output = try GenFixtures.get(records)
        var seen: Set<String> = []
        for row in output.csv("postcodes.csv").rows {
            let code = row["postcode"] ?? ""
            #expect(genIsValidPostcode(code), "\(code) is not a valid postcode shape")
            #expect(Postcode(code)?.formatted == code, "\(code) rejected by AssetMapCore")
            #expect(seen.insert(code).inserted, "\(code) appears twice")
        }
    }

    @Test(arguments: [1_000, 20_000])
    func postcodesSitInsideTheAreasTheyName(records: Int) throws {
        let output = try GenFixtures.get(records)
        let wards = genLayer(output, "wards.geojson")
        let lsoas = genLayer(output, "lsoa.geojson")
        let msoas = genLayer(output, "msoa.geojson")
        let rows = output.csv("postcodes.csv").rows
        var wardMisses = 0
        var overlapsOrGaps = 0
        let sampleEvery = max(1, rows.count / 400)
        for (i, row) in rows.enumerated() {
            guard let lon = Double(row["lon"] ?? ""), let lat = Double(row["lat"] ?? "") else {
                Issue.record("unparseable point for \(row["postcode"] ?? "?")")
                continue
            }
            if !genContains(wards[row["ward_code"] ?? ""] ?? [], lon, lat) { wardMisses += 1 }
            #expect(genContains(lsoas[row["lsoa_code"] ?? ""] ?? [], lon, lat), "\(row["postcode"] ?? "") outside its LSOA")
            #expect(genContains(msoas[row["msoa_code"] ?? ""] ?? [], lon, lat), "\(row["postcode"] ?? "") outside its MSOA")
            // Wards tile the region: each point is in exactly one (sampled, it is quadratic).
            if i % sampleEvery == 0, wards.values.filter({ genContains($0, lon, lat) }).count != 1 { overlapsOrGaps += 1 }
        }
        // The only disagreements are the deliberate ~0.05% boundary slips the result reports.
        #expect(wardMisses == output.result.boundaryMismatches)
        #expect(Double(wardMisses) <= Double(rows.count) * 0.001 + 1)
        #expect(output.result.boundaryMismatches >= 1)
        #expect(overlapsOrGaps == 0)
    }

    @Test func layersTileTheSameGroundWithValidRings() throws {
        let output = try GenFixtures.get(20_000)
        var totals: [String: Double] = [:]
        var multiParts = 0
        var holes = 0
        for file in ["wards.geojson", "lsoa.geojson", "msoa.geojson", "localities.geojson"] {
            var total = 0.0
            for (key, polygons) in genLayer(output, file) {
                if polygons.count > 1 { multiParts += 1 }
                for polygon in polygons {
                    for (r, ring) in polygon.enumerated() {
                        #expect(ring.count >= 4 && ring.first! == ring.last!, "\(key) ring not closed")
                        let area = genSignedArea(ring)
                        // RFC 7946: exterior rings counter-clockwise, holes clockwise.
                        #expect(r == 0 ? area > 0 : area < 0, "\(key) ring \(r) wound the wrong way")
                        if r > 0 { holes += 1 }
                        total += area
                        let distinct = Set(ring.dropLast().map { "\($0.0),\($0.1)" })
                        #expect(distinct.count == ring.count - 1, "\(key) ring touches itself")
                    }
                }
            }
            totals[file] = total
        }
        let wardTotal = totals["wards.geojson"]!
        for (file, total) in totals { #expect(abs(total - wardTotal) < 1e-9, "\(file) covers different ground") }
        #expect(multiParts > 0)
        #expect(holes > 0)
    }

    @Test func populationFilesNeedTheSexFilter() throws {
        let output = try GenFixtures.get(1_000)
        for (layer, file) in [("ward", "wards.geojson"), ("lsoa", "lsoa.geojson"), ("msoa", "msoa.geojson")] {
            let (header, rows) = output.csv("population_\(layer).csv")
            #expect(Array(header.prefix(6)) == ["period", "area_code", "area_name", "geography", "sex", "all_ages"])
            let codes = Set(genLayer(output, file).keys)
            var bySex: [String: [String: Int]] = [:]
            for row in rows { bySex[row["area_code"]!, default: [:]][row["sex"]!] = Int(row["all_ages"]!) }
            #expect(Set(bySex.keys) == codes)
            for (code, sexes) in bySex {
                #expect(Set(sexes.keys) == ["Persons", "Females", "Males"], "\(code)")
                #expect(sexes["Persons"] == (sexes["Females"] ?? 0) + (sexes["Males"] ?? 0), "\(code)")
            }
        }
    }

    @Test(arguments: [1_000, 20_000])
    func goldCoversEveryRecordAndHoldsDuplicates(records: Int) throws {
        let output = try GenFixtures.get(records)
        let gold = output.csv("gold.csv")
        #expect(gold.header == ["source", "source_key", "entity_id"])
        var entityOf: [String: String] = [:]
        for row in gold.rows {
            let key = row["source"]! + "|" + row["source_key"]!
            #expect(entityOf[key] == nil, "\(key) twice in gold")
            entityOf[key] = row["entity_id"]!
        }
        #expect(gold.rows.count == output.result.totalRecords)

        var kindOf: [String: String] = [:]
        var sourcesOf: [String: [String: Int]] = [:]
        for list in output.result.lists {
            let profile = output.json(list.profile.lastPathComponent) as? [String: Any] ?? [:]
            let keyColumn = profile["key"] as? String ?? ""
            let keys = genKeys(output, list, keyColumn: keyColumn)
            #expect(Set(keys).count == keys.count, "\(list.source) has repeated keys")
            for key in keys {
                guard let entity = entityOf[list.source + "|" + key] else {
                    Issue.record("\(list.source) \(key) missing from gold")
                    continue
                }
                if let kind = kindOf[entity] { #expect(kind == list.kind, "\(entity) mixes kinds") }
                kindOf[entity] = list.kind
                sourcesOf[entity, default: [:]][list.source, default: 0] += 1
            }
        }
        #expect(kindOf.count == output.result.entities)
        let across = sourcesOf.values.filter { $0.count > 1 }.count
        let within = sourcesOf.values.filter { $0.values.contains { $0 > 1 } }.count
        #expect(across > records / 50)
        #expect(within > records / 500)
        var pairs = 0
        for counts in sourcesOf.values {
            let n = counts.values.reduce(0, +)
            pairs += n * (n - 1) / 2
        }
        #expect(pairs == output.result.duplicatePairs)
        // Partner estate appears in more than one estate list (shared buildings).
        #expect(sourcesOf.values.contains { $0["council-assets"] != nil && $0["nhs-estate"] != nil })
    }

    @Test func sameNameDifferentThingTrapsExist() throws {
        let output = try GenFixtures.get(20_000)
        var entityOf: [String: String] = [:]
        for row in output.csv("gold.csv").rows { entityOf[row["source"]! + "|" + row["source_key"]!] = row["entity_id"]! }
        var charityEntitiesByName: [String: Set<String>] = [:]
        for row in output.csv("charities.csv").rows {
            let name = row["charity_name"]!.replacingOccurrences(of: "THE ", with: "")
            charityEntitiesByName[name, default: []].insert(entityOf["charities|" + row["registered_charity_number"]!]!)
        }
        #expect(charityEntitiesByName.values.contains { $0.count > 1 }, "no two charities share a name")

        // A library service in the library building: same name, different kinds, so two entities.
        let placeNames = Set(output.csv("council_assets.csv").rows.map { $0["PropertyName"]! })
        let sharedNames = output.csv("services.csv").rows.filter { placeNames.contains($0["service_name"]!) }
        #expect(sharedNames.count > 10)
        for row in sharedNames.prefix(20) {
            #expect(entityOf["services|" + row["service_id"]!]!.hasPrefix("svc-"))
        }
    }

    @Test func refusesAnEmptyRegion() {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-generator-none-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: GeneratorError.self) { try Generator.write(GeneratorConfiguration(records: 0), to: directory) }
    }

    @Test(arguments: [1_000, 20_000])
    func profilesUseTheDesignFormatAndOnlyExistingColumns(records: Int) throws {
        let output = try GenFixtures.get(records)
        for list in output.result.lists {
            let name = list.file.lastPathComponent
            let profile = try #require(output.json(list.profile.lastPathComponent) as? [String: Any], "\(name) profile")
            let source = try #require(profile["source"] as? [String: Any])
            for field in ["name", "title", "publisher", "licence", "sharing", "trust", "as_of"] {
                #expect(source[field] != nil, "\(name) source.\(field)")
            }
            #expect(source["name"] as? String == list.source)
            #expect(["open", "partners", "restricted"].contains(source["sharing"] as? String ?? ""))
            #expect((0...1).contains(source["trust"] as? Double ?? -1))
            #expect(profile["kind"] as? String == list.kind)
            #expect(profile["null_values"] as? [String] != nil)

            let columns: Set<String>
            if name.hasSuffix(".geojson") {
                let features = (output.json(name) as? [String: Any])?["features"] as? [[String: Any]] ?? []
                columns = Set(features.flatMap { ($0["properties"] as? [String: Any] ?? [:]).keys })
            } else {
                columns = Set(output.csv(name).header)
            }
            #expect(columns.contains(profile["key"] as? String ?? ""), "\(name) key")
            let canonical: Set<String> = [
                "name", "alternate_names", "description", "kind", "categories", "address", "street", "town", "postcode",
                "lat", "lon", "easting", "northing", "uprn", "phone", "email", "website", "charity_number",
                "company_number", "organisation", "owner", "tenure", "occupancy", "floor_area_m2", "running_cost_gbp",
                "capacity", "energy_rating", "opening_hours", "updated",
            ]
            let fields = try #require(profile["fields"] as? [String: Any])
            #expect(fields["name"] != nil)
            for (field, mapping) in fields {
                #expect(canonical.contains(field), "\(name): \(field) is not a canonical field")
                var named: [String] = []
                if let column = mapping as? String {
                    named = [column]
                } else if let list = mapping as? [String] {
                    named = list
                } else if let template = (mapping as? [String: Any])?["template"] as? String {
                    var rest = template[...]
                    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                        named.append(String(rest[rest.index(after: open)..<close]))
                        rest = rest[rest.index(after: close)...]
                    }
                    #expect(!named.isEmpty, "\(name): empty template for \(field)")
                } else {
                    Issue.record("\(name): \(field) maps to neither a column, a list nor a template")
                }
                for column in named { #expect(columns.contains(column), "\(name): \(field) names missing column \(column)") }
            }
            for (field, _) in profile["set"] as? [String: Any] ?? [:] { #expect(canonical.contains(field)) }
        }
    }

    @Test func listsCarryTheVariationRealListsHave() throws {
        let output = try GenFixtures.get(20_000)
        let cvs = output.csv("cvs_groups.csv").rows
        let postcodes = cvs.compactMap { $0["postcode"] }.filter { !$0.isEmpty }
        // Full postcodes, district-only ones, and unspaced lower-case ones all occur.
        #expect(postcodes.contains { Postcode($0) != nil && $0.contains(" ") })
        #expect(postcodes.contains { !$0.contains(" ") && $0.count <= 4 })
        #expect(postcodes.contains { $0 == $0.lowercased() && Postcode($0) != nil })
        let phones = cvs.compactMap { $0["telephone"] }
        #expect(phones.contains { $0.hasPrefix("+44") })
        #expect(phones.contains { $0.hasPrefix("01632 ") })
        #expect(phones.contains { $0.count == 11 && !$0.contains(" ") })
        let charities = output.csv("charities.csv").rows
        #expect(charities.contains { $0["charity_contact_email"] == "NA" })
        #expect(charities.allSatisfy { $0["charity_name"] == $0["charity_name"]?.uppercased() })
        let assets = output.csv("council_assets.csv").rows
        let unlocated = assets.filter { $0["Easting"]!.isEmpty }
        #expect(!unlocated.isEmpty && unlocated.count < assets.count / 2)
        #expect(unlocated.contains { !$0["PostCode"]!.contains(" ") })
        for row in assets where !row["Easting"]!.isEmpty {
            let e = Double(row["Easting"]!)!, n = Double(row["Northing"]!)!
            #expect(e > 200_000 && e < 600_000 && n > 250_000 && n < 550_000, "easting/northing \(e),\(n) off the map")
        }
        #expect(Set(assets.map { $0["TenureDetail"]! }) == ["Owner Occupied", "Leased Out", "Vacant", "Community Use"])
        let services = output.csv("services.csv").rows
        #expect(services.contains { $0["categories"]!.contains(";") })
    }

    @Test func benchmarkCSVUsesGivenPostcodesAndHasAProfile() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-generator-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        let postcodes = base.appendingPathComponent("pc.csv")
        try "postcode,lat,lon\n\"KT80 1AB\",51.4,-0.3\nKT80 1AD,51.4,-0.3\n".write(to: postcodes, atomically: true, encoding: .utf8)
        let file = base.appendingPathComponent("big.csv")
        try Generator.writeBenchmarkCSV(rows: 500, seed: 3, postcodes: postcodes, to: file)
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 501)
        let header = genSplitCSV(lines[0])
        #expect(header == ["id", "name", "address", "postcode", "phone", "email", "website", "charity_number", "categories"])
        let codes = Set(lines.dropFirst().map { genSplitCSV($0)[3] })
        #expect(codes == ["KT80 1AB", "KT80 1AD"])
        let profileURL = base.appendingPathComponent("big.profile.json")
        let profile = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: profileURL)) as? [String: Any])
        #expect(profile["key"] as? String == "id")
        for case let column as String in (profile["fields"] as? [String: Any] ?? [:]).values {
            #expect(header.contains(column))
        }

        // Without a postcode file it draws on a generated borough's postcodes.
        let own = base.appendingPathComponent("own.csv")
        try Generator.writeBenchmarkCSV(rows: 50, seed: 3, postcodes: nil, to: own)
        let ownLines = try String(contentsOf: own, encoding: .utf8).split(separator: "\n")
        #expect(ownLines.count == 51)
        #expect(ownLines.dropFirst().allSatisfy { Postcode(genSplitCSV($0)[3]) != nil })
    }

    @Test func manifestCommandsNameFilesThatExist() throws {
        let output = try GenFixtures.get(1_000)
        let manifest = try #require(output.json("manifest.json") as? [String: Any])
        let commands = try #require(manifest["commands"] as? [String])
        #expect(commands.first == "assetmap init")
        #expect(commands.contains { $0.hasPrefix("assetmap postcodes load postcodes.csv") })
        #expect(commands.filter { $0.hasPrefix("assetmap areas load ") }.count == 4)
        #expect(commands.filter { $0.contains("--where sex=Persons") }.count == 3)
        #expect(commands.filter { $0.hasPrefix("assetmap import ") }.count == output.result.lists.count)
        for command in commands {
            for word in command.split(separator: " ") where word.hasSuffix(".csv") || word.hasSuffix(".geojson") || word.hasSuffix(".json") {
                #expect(output.files[String(word)] != nil, "\(command) names a missing file")
            }
        }
    }
}
