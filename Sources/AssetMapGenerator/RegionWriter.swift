import Foundation

/// Streams one generated region to disk: borough by borough, batch by batch, never holding more
/// than one borough's geography and one batch's rows in memory.
struct RegionWriter {
    let configuration: GeneratorConfiguration
    let directory: URL
    private let boroughCount: Int
    private let boroughNames: [String]
    private var counters: NationalCounters
    private var registry = NationalRegistry()
    private var random: SeededRandom

    private let postcodeWriter: BufferedWriter
    private let layerWriters: [BufferedWriter]
    private var layerFirst = [true, true, true, true]
    private let populationWriters: [BufferedWriter]
    private let listWriters: [BufferedWriter]
    private var listFirst = [Bool](repeating: true, count: SourceList.allCases.count)
    private let goldWriter: BufferedWriter

    private var keyCounters = [Int](repeating: 0, count: SourceList.allCases.count)
    private var listCounts = [Int](repeating: 0, count: SourceList.allCases.count)
    private var postcodeCount = 0
    private var mismatches = 0
    private var areaCounts = [0, 0, 0, 0]
    private var entityCount = 0
    private var entitiesByKind: [String: Int] = [:]
    private var pairs = 0
    private var withinPairs = 0
    private var firstBoroughName = ""
    private var firstCounty = ""

    init(configuration: GeneratorConfiguration, directory: URL) throws {
        self.configuration = configuration
        self.directory = directory
        switch configuration.spread {
        case .borough:
            boroughCount = max(1, Int((Double(configuration.records) / Double(GeneratorConfiguration.recordsPerBorough)).rounded()))
        case .dense:
            boroughCount = 1
        }
        boroughNames = RegionNames.boroughNames(count: boroughCount, seed: configuration.seed)
        random = SeededRandom(seed: configuration.seed, 0x5EED)
        counters = NationalCounters(random: &random)
        guard boroughCount <= counters.boroughCapacity else {
            throw GeneratorError.invalidConfiguration(
                "\(configuration.records) records need \(boroughCount) boroughs; postcode districts run out after "
                    + "\(counters.boroughCapacity) (about \(counters.boroughCapacity * GeneratorConfiguration.recordsPerBorough) records)")
        }

        func open(_ name: String) throws -> BufferedWriter { try BufferedWriter(url: directory.appendingPathComponent(name)) }
        postcodeWriter = try open("postcodes.csv")
        postcodeWriter.write("postcode,ward_code,ward_name,msoa_code,msoa_hcl_name,lsoa_code,lsoa_name,locality,la_code,la_name,lon,lat\n")
        layerWriters = try Generator.layers.map { try open($0.file) }
        for (k, layer) in Generator.layers.enumerated() {
            layerWriters[k].write("{\"type\":\"FeatureCollection\",\"name\":\"\(layer.name)\",\"features\":[\n")
        }
        populationWriters = try Generator.layers.prefix(3).map { try open("population_\($0.name).csv") }
        for w in populationWriters {
            w.write("period,area_code,area_name,geography,sex,all_ages,aged_0_to_15,aged_16_to_64,aged_65_and_over\n")
        }
        listWriters = try SourceList.allCases.map { try open($0.fileName) }
        for list in SourceList.allCases {
            if list.isGeoJSON {
                listWriters[list.rawValue].write("{\"type\":\"FeatureCollection\",\"name\":\"\(list.slug)\",\"features\":[\n")
            } else {
                listWriters[list.rawValue].write(csvLine(list.columns))
            }
        }
        goldWriter = try open("gold.csv")
        goldWriter.write("source,source_key,entity_id\n")
    }

    /// Record targets that add up to exactly `configuration.records`, a few thousand each, varying
    /// ±30% so boroughs differ in size.
    private mutating func batchTargets() -> [(borough: Int, target: Int)] {
        let total = configuration.records
        switch configuration.spread {
        case .borough:
            let weights = (0..<boroughCount).map { _ in random.double(in: 0.7...1.3) }
            let sum = weights.reduce(0, +)
            var targets = weights.map { Int(Double(total) * $0 / sum) }
            var short = total - targets.reduce(0, +)
            var b = 0
            while short > 0 { targets[b % boroughCount] += 1; short -= 1; b += 1 }
            return targets.enumerated().map { ($0.offset, $0.element) }
        case .dense:
            let size = GeneratorConfiguration.recordsPerBorough
            return stride(from: 0, to: total, by: size).map { (0, min(size, total - $0)) }
        }
    }

    mutating func run() throws {
        let targets = batchTargets()
        var nextBatch = 0
        for b in 0..<boroughCount {
            let (gx, gy) = Lattice.spiral(b)
            let county = RegionNames.county(gx: gx, gy: gy, seed: configuration.seed)
            let borough = Borough(index: b, name: boroughNames[b], county: county, seed: configuration.seed, counters: &counters)
            if b == 0 { firstBoroughName = borough.name; firstCounty = county }
            writeGeography(borough)
            while nextBatch < targets.count, targets[nextBatch].borough == b {
                let batchRandom = SeededRandom(seed: configuration.seed, 0xBA7C, UInt64(nextBatch))
                var batch = Batch(borough: borough, random: batchRandom)
                batch.build(target: targets[nextBatch].target, registry: &registry)
                writeBatch(&batch)
                nextBatch += 1
            }
        }
    }

    // MARK: geography

    private mutating func writeGeography(_ borough: Borough) {
        for p in borough.postcodes {
            let ward = borough.wards[p.labelledWard]
            let lsoaIndex = borough.cellLSOA[p.cell]
            let lsoa = borough.lsoas[lsoaIndex]
            let msoaIndex = borough.lsoaMSOA[lsoaIndex]
            let locality = borough.localities[borough.wardLocality[p.labelledWard]]
            var line = csvField(p.code) + "," + ward.code + "," + csvField(ward.name) + ","
            line += borough.msoas[msoaIndex].code + "," + csvField(borough.msoaHCLName[msoaIndex]) + ","
            line += lsoa.code + "," + csvField(lsoa.name) + "," + csvField(locality.name) + ","
            line += borough.laCode + "," + csvField(borough.name) + "," + fixed(p.lon, 6) + "," + fixed(p.lat, 6) + "\n"
            postcodeWriter.write(line)
        }
        postcodeCount += borough.postcodes.count
        mismatches += borough.boundaryMismatches

        writeLayer(0, borough, borough.wards, multi: false) { borough.cellWard[$0] }
        writeLayer(1, borough, borough.lsoas, multi: true) { borough.cellLSOA[$0] }
        writeLayer(2, borough, borough.msoas, multi: true) { borough.lsoaMSOA[borough.cellLSOA[$0]] }
        writeLayer(3, borough, borough.localities, multi: false) { borough.wardLocality[borough.cellWard[$0]] }

        // Residents live at postcodes, so every layer's totals agree with each other.
        var wardPop = [Int](repeating: 0, count: borough.wards.count)
        var lsoaPop = [Int](repeating: 0, count: borough.lsoas.count)
        var msoaPop = [Int](repeating: 0, count: borough.msoas.count)
        for p in borough.postcodes {
            let l = borough.cellLSOA[p.cell]
            wardPop[borough.cellWard[p.cell]] += p.residents
            lsoaPop[l] += p.residents
            msoaPop[borough.lsoaMSOA[l]] += p.residents
        }
        var popRandom = SeededRandom(seed: configuration.seed, 0x909, UInt64(borough.index))
        for (k, (areas, pops)) in [(borough.wards, wardPop), (borough.lsoas, lsoaPop), (borough.msoas, msoaPop)].enumerated() {
            let geography = Generator.layers[k].geography
            for (a, area) in areas.enumerated() {
                let persons = pops[a]
                let females = Int((Double(persons) * popRandom.double(in: 0.48...0.53)).rounded())
                for (sex, count) in [("Persons", persons), ("Females", females), ("Males", persons - females)] {
                    let young = Int((Double(count) * popRandom.double(in: 0.15...0.23)).rounded())
                    let old = Int((Double(count) * popRandom.double(in: 0.12...0.24)).rounded())
                    populationWriters[k].write("2024-06-30," + area.code + "," + csvField(area.name) + "," + geography + ","
                        + sex + "," + String(count) + "," + String(young) + "," + String(count - young - old) + "," + String(old) + "\n")
                }
            }
        }
    }

    private mutating func writeLayer(_ k: Int, _ borough: Borough, _ areas: [Area], multi: Bool, assignment: (Int) -> Int) {
        let w = layerWriters[k]
        for (id, area) in areas.enumerated() {
            let polygons = CellOutline.polygons(cells: area.cells, n: Borough.n) { assignment($0) == id }
            if layerFirst[k] { layerFirst[k] = false } else { w.write(",\n") }
            let properties = k == 3 ? "{\"area_name\":" + JSON.quote(area.name) + "}"
                : "{\"area_code\":\"" + area.code + "\",\"area_name\":" + JSON.quote(area.name) + "}"
            let asMulti = multi || polygons.count > 1
            w.write("{\"type\":\"Feature\",\"properties\":" + properties + ",\"geometry\":{\"type\":\""
                + (asMulti ? "MultiPolygon" : "Polygon") + "\",\"coordinates\":")
            if asMulti { w.write(byte: UInt8(ascii: "[")) }
            for (pi, polygon) in polygons.enumerated() {
                if pi > 0 { w.write(byte: UInt8(ascii: ",")) }
                w.write(byte: UInt8(ascii: "["))
                for (ri, ring) in polygon.enumerated() {
                    if ri > 0 { w.write(byte: UInt8(ascii: ",")) }
                    w.write(byte: UInt8(ascii: "["))
                    for (vi, v) in (ring + [ring[0]]).enumerated() {
                        let point = borough.vertex(v)
                        if vi > 0 { w.write(byte: UInt8(ascii: ",")) }
                        w.write(byte: UInt8(ascii: "["))
                        w.write(fixed: point.lon, decimals: 6)
                        w.write(byte: UInt8(ascii: ","))
                        w.write(fixed: point.lat, decimals: 6)
                        w.write(byte: UInt8(ascii: "]"))
                    }
                    w.write(byte: UInt8(ascii: "]"))
                }
                w.write(byte: UInt8(ascii: "]"))
            }
            if asMulti { w.write(byte: UInt8(ascii: "]")) }
            w.write("}}")
        }
        areaCounts[k] += areas.count
    }

    // MARK: records

    private mutating func writeBatch(_ batch: inout Batch) {
        var rows = batch.rows
        // Lists are not grouped by entity: a duplicate is anywhere in the file, as in real lists.
        batch.random.shuffle(&rows)
        var perEntity: [Int: [Int]] = [:]
        for row in rows {
            let list = row.list
            let key: String
            if let own = row.ownKey {
                key = own
            } else {
                keyCounters[list.rawValue] += 1
                key = list.keyPrefix + padded(keyCounters[list.rawValue], 6)
            }
            var values = row.values
            values[list.keyColumn] = key
            let w = listWriters[list.rawValue]
            if list.isGeoJSON {
                if listFirst[list.rawValue] { listFirst[list.rawValue] = false } else { w.write(",\n") }
                var properties: [(String, JSON)] = []
                for (c, column) in list.columns.enumerated() {
                    guard let value = values[c] else { properties.append((column, .null)); continue }
                    properties.append((column, list.numericColumns.contains(c) ? .number(value) : .string(value)))
                }
                w.write("{\"type\":\"Feature\",\"properties\":" + JSON.object(properties).compact()
                    + ",\"geometry\":" + (row.geometry ?? "null") + "}")
            } else {
                w.write(csvLine(values.map { $0 ?? list.nullMarker }))
            }
            listCounts[list.rawValue] += 1
            let entityID = batch.entityIDs[row.entity]
            goldWriter.write(list.slug + "," + csvField(key) + "," + entityID + "\n")
            perEntity[row.entity, default: [Int](repeating: 0, count: SourceList.allCases.count)][list.rawValue] += 1
        }
        for (entity, counts) in perEntity {
            entityCount += 1
            entitiesByKind[batch.entityKinds[entity], default: 0] += 1
            let n = counts.reduce(0, +)
            pairs += n * (n - 1) / 2
            for c in counts { withinPairs += c * (c - 1) / 2 }
        }
    }

    // MARK: finishing

    mutating func finish() throws -> GeneratedBorough {
        for w in layerWriters { w.write("\n]}\n") }
        for list in SourceList.allCases where list.isGeoJSON { listWriters[list.rawValue].write("\n]}\n") }
        try postcodeWriter.close()
        for w in layerWriters + populationWriters + listWriters { try w.close() }
        try goldWriter.close()

        let region = boroughCount == 1 ? firstBoroughName : firstBoroughName + " and neighbouring boroughs"
        var lists: [GeneratedBorough.List] = []
        for list in SourceList.allCases {
            let profileURL = directory.appendingPathComponent(list.profileFileName)
            try Data((list.profile(region: region, county: firstCounty).rendered() + "\n").utf8).write(to: profileURL)
            lists.append(.init(source: list.slug, kind: list.kind, file: directory.appendingPathComponent(list.fileName),
                               profile: profileURL, records: listCounts[list.rawValue]))
        }

        let layerNames = Generator.layers.map(\.name)
        var layerFiles: [String: URL] = [:]
        var areas: [String: Int] = [:]
        for (k, layer) in Generator.layers.enumerated() {
            layerFiles[layer.name] = directory.appendingPathComponent(layer.file)
            areas[layer.name] = areaCounts[k]
        }
        var populationFiles: [String: URL] = [:]
        for layer in layerNames.prefix(3) { populationFiles[layer] = directory.appendingPathComponent("population_\(layer).csv") }
        var records: [String: Int] = [:]
        for list in lists { records[list.source] = list.records }

        let fileNames = ["postcodes.csv"] + Generator.layers.map(\.file) + layerNames.prefix(3).map { "population_\($0).csv" }
            + SourceList.allCases.flatMap { [$0.fileName, $0.profileFileName] } + ["gold.csv", "manifest.json"]
        var result = GeneratedBorough(
            directory: directory, files: fileNames.map { directory.appendingPathComponent($0) },
            postcodesFile: directory.appendingPathComponent("postcodes.csv"), layerFiles: layerFiles,
            populationFiles: populationFiles, goldFile: directory.appendingPathComponent("gold.csv"),
            manifestFile: directory.appendingPathComponent("manifest.json"), boroughs: boroughCount,
            postcodes: postcodeCount, boundaryMismatches: mismatches, areas: areas, lists: lists, records: records,
            totalRecords: listCounts.reduce(0, +), entities: entityCount, entitiesByKind: entitiesByKind,
            duplicatePairs: pairs, withinSourceDuplicatePairs: withinPairs, crossSourceDuplicatePairs: pairs - withinPairs)
        try Data((manifest(result, fileNames: fileNames, region: region).rendered() + "\n").utf8).write(to: result.manifestFile)
        result.files = fileNames.map { directory.appendingPathComponent($0) }
        return result
    }

    private func manifest(_ r: GeneratedBorough, fileNames: [String], region: String) -> JSON {
        func counts(_ d: [String: Int], order: [String]) -> JSON { .object(order.map { ($0, .int(d[$0] ?? 0)) }) }
        var commands = ["assetmap init", "assetmap postcodes load postcodes.csv --map locality_name=locality"]
        for layer in Generator.layers {
            // Localities have names only (as the real file): the name doubles as the code.
            let codeField = layer.name == "locality" ? "area_name" : "area_code"
            commands.append("assetmap areas load \(layer.file) --layer \(layer.name) --code-field \(codeField) --name-field area_name")
        }
        for layer in Generator.layers.prefix(3) {
            commands.append("assetmap areas population population_\(layer.name).csv --code-field area_code --value-field all_ages --where sex=Persons")
        }
        for list in SourceList.allCases {
            commands.append("assetmap import \(list.fileName) --profile \(list.profileFileName)")
        }
        let roles: [String: String] = [
            "postcodes.csv": "postcodes", "gold.csv": "gold", "manifest.json": "manifest",
        ]
        let files: [JSON] = fileNames.map { name in
            var role = roles[name] ?? ""
            if let layer = Generator.layers.first(where: { $0.file == name }) { role = "areas:" + layer.name }
            if name.hasPrefix("population_") { role = "population:" + name.dropFirst("population_".count).dropLast(4) }
            if let list = SourceList.allCases.first(where: { $0.fileName == name }) { role = "list:" + list.slug }
            if let list = SourceList.allCases.first(where: { $0.profileFileName == name }) { role = "profile:" + list.slug }
            return .object([("path", .string(name)), ("role", .string(role))])
        }
        let layerOrder = Generator.layers.map(\.name)
        let sourceOrder = SourceList.allCases.map(\.slug)
        return .object([
            ("generator", .string("AssetMapGenerator")),
            ("format", .int(1)),
            ("configuration", .object([
                ("records", .int(configuration.records)), ("seed", .number(String(configuration.seed))),
                ("spread", .string(configuration.spread.rawValue)),
            ])),
            ("region", .object([("name", .string(region)), ("county", .string(firstCounty))])),
            ("counts", .object([
                ("boroughs", .int(r.boroughs)), ("postcodes", .int(r.postcodes)),
                ("boundary_mismatches", .int(r.boundaryMismatches)),
                ("areas", counts(r.areas, order: layerOrder)),
                ("records", counts(r.records, order: sourceOrder)),
                ("total_records", .int(r.totalRecords)), ("entities", .int(r.entities)),
                ("entities_by_kind", counts(r.entitiesByKind, order: ["organisation", "service", "place"])),
                ("duplicate_pairs", .int(r.duplicatePairs)),
                ("within_source_duplicate_pairs", .int(r.withinSourceDuplicatePairs)),
                ("cross_source_duplicate_pairs", .int(r.crossSourceDuplicatePairs)),
            ])),
            ("files", .array(files)),
            ("commands", .array(commands.map { .string($0) })),
            ("commands_run_in", .string("this directory")),
        ])
    }
}
