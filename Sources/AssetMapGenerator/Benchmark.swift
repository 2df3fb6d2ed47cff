import Foundation

/// One big organisation list for ingest benchmarks.
enum Benchmark {
    static let columns = ["id", "name", "address", "postcode", "phone", "email", "website", "charity_number", "categories"]

    static func write(rows: Int, seed: UInt64, postcodes: URL?, to file: URL) throws {
        guard rows >= 0 else { throw GeneratorError.invalidConfiguration("rows must not be negative, got \(rows)") }
        let codes = try postcodes.map(readPostcodes) ?? generatedPostcodes(seed: seed)
        guard !codes.isEmpty else { throw GeneratorError.unreadablePostcodes("no postcodes in \(postcodes?.path ?? "generated borough")") }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)

        var random = SeededRandom(seed: seed, 0xBE_0C4)
        var registry = NationalRegistry()
        let places = (0..<400).map { _ in Borough.placeName(&random) }
        let writer = try BufferedWriter(url: file)
        writer.write(csvLine(columns))
        for row in 0..<rows {
            let template = OrgTemplates.all[random.weighted(OrgTemplates.weights)]
            let place = random.pick(places)
            var name = renderTemplate(template.pattern) { token in
                switch token {
                case "place": return place
                case "park": return place + " Park"
                case "saint": return random.pick(Pools.saints)
                case "ordinal": return random.pick(Pools.ordinals)
                case "adj": return random.pick(Pools.adjectives)
                case "noun": return random.pick(Pools.nouns)
                case "tree": return random.pick(Pools.trees)
                default: return random.pick(places)
                }
            }
            if random.chance(0.1) { name += " Limited" }
            let id = "B" + padded(row + 1, 8)
            let slug = name.lowercased().filter(\.isLetter).prefix(24) + String(row + 1)
            let street = random.pick(Pools.streetBases) + " " + random.pick(Pools.streetTypes)
            let address = String(random.int(in: 1...260)) + " " + street + ", " + random.pick(places)
            let values: [String] = [
                id, name, address, random.pick(codes),
                random.chance(0.75) ? Vary.phone(registry.phone(), &random) : "",
                random.chance(0.65) ? "info@" + slug + ".org.uk" : "",
                random.chance(0.5) ? "www." + slug + ".org.uk" : "",
                random.chance(0.4) ? registry.charityNumber(&random) : "",
                template.categories.joined(separator: ";"),
            ]
            writer.write(csvLine(values))
        }
        try writer.close()

        let base = file.deletingPathExtension().lastPathComponent
        let profile = JSON.object([
            ("source", .object([
                ("name", .string("benchmark")), ("title", .string("Synthetic organisations for ingest benchmarks")),
                ("publisher", .string("AssetMap generator")), ("licence", .string("CC0-1.0")),
                ("sharing", .string("open")), ("trust", .double(0.5)), ("as_of", .string("2024-01-01")),
            ])),
            ("kind", .string("organisation")),
            ("key", .string("id")),
            ("fields", .object(columns.dropFirst().map { column in
                (column == "categories" ? "categories" : column, JSON.string(column))
            })),
            ("null_values", .array([.string("")])),
        ])
        let profileURL = file.deletingLastPathComponent().appendingPathComponent(base + ".profile.json")
        try Data((profile.rendered() + "\n").utf8).write(to: profileURL)
    }

    /// The `postcode` column of a CSV (quotes handled; the ONS file quotes some names).
    static func readPostcodes(_ url: URL) throws -> [String] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw GeneratorError.unreadablePostcodes("\(url.path): \(error.localizedDescription)")
        }
        var lines = text.split(whereSeparator: \.isNewline).makeIterator()
        guard let header = lines.next() else { return [] }
        let names = splitCSV(header).map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        guard let column = names.firstIndex(of: "postcode") ?? names.firstIndex(of: "pcds") else {
            throw GeneratorError.unreadablePostcodes("\(url.path) has no postcode column")
        }
        var codes: [String] = []
        while let line = lines.next() {
            let fields = splitCSV(line)
            if column < fields.count, !fields[column].isEmpty { codes.append(fields[column]) }
        }
        return codes
    }

    static func splitCSV(_ line: Substring) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        fields.append(field)
        return fields
    }

    private static func generatedPostcodes(seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed, 0x5EED)
        var counters = NationalCounters(random: &random)
        let name = RegionNames.boroughNames(count: 1, seed: seed)[0]
        let borough = Borough(index: 0, name: name, county: RegionNames.county(gx: 0, gy: 0, seed: seed), seed: seed, counters: &counters)
        return borough.postcodes.map(\.code)
    }
}
