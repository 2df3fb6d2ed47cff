import AssetMapCore
import AssetMapIngest
import AssetMapStore
import Foundation
import Logging
import Testing

/// Every file of `Corpus/` through its parsers. A file's name says what must happen: `ok-` reads without error,
/// `err-` fails with a typed error (naming its line, for CSV), `any-` may do either; none may crash or hang.
@Suite("Fuzz: the hostile-input corpus")
struct CorpusTests {
    enum Expectation { case ok, error, either }

    static func expectation(_ url: URL) -> Expectation {
        let name = url.lastPathComponent
        if name.hasPrefix("ok-") { return .ok }
        if name.hasPrefix("err-") { return .error }
        return .either
    }

    static func check(_ outcome: ReadOutcome, _ url: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        switch (expectation(url), outcome) {
        case (.ok, .failed(let error)):
            Issue.record("\(url.lastPathComponent) must read, but: \(error)", sourceLocation: sourceLocation)
        case (.error, .rows(let n)):
            Issue.record("\(url.lastPathComponent) must fail with a typed error, but read \(n) rows", sourceLocation: sourceLocation)
        default:
            break
        }
    }

    static let quiet = Logger(label: "assetmap.fuzz", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func csvFiles() throws {
        let files = try FuzzPaths.corpus("csv")
        #expect(files.count >= 30, "the CSV corpus has \(files.count) files")
        let store = try AssetMapStore.inMemory()
        for url in files {
            let outcome = readAllCSV(path: url.path, label: url.lastPathComponent)
            Self.check(outcome, url)
            // The importer's own path over the same file: reader, mapper, normalisers, geocoder and store.
            let source = readAll(path: url.path, format: .csv, label: "\(url.lastPathComponent) (source reader)")
            if case .rows = outcome, case .failed(let error) = source {
                Issue.record("\(url.lastPathComponent): the row reader read it but the source reader failed: \(error)")
            }
            guard case .rows = outcome, let header = try? CSVRowReader(path: url.path).header, let first = header.first(where: { !$0.isEmpty })
            else { continue }
            var fields: [CanonicalField: FieldMapping] = [.name: .column(first)]
            for field in [CanonicalField.postcode, .lat, .lon, .address, .description] where header.contains(field.rawValue) {
                fields[field] = .column(field.rawValue)
            }
            let profile = ImportProfile(source: SourceMetadata(name: "corpus"), kind: .organisation, fields: fields)
            do {
                let report = try Importer(store: store, logger: Self.quiet).run(path: url.path, profile: profile)
                #expect(report.read >= report.rejected.count, "\(url.lastPathComponent)")
                for rejected in report.rejected { #expect(rejected.line >= 2, "\(url.lastPathComponent): \(rejected)") }
            } catch let error as IngestError {
                checkSaysWhere(error, label: "\(url.lastPathComponent) (import)", csv: true)
            } catch {
                Issue.record("\(url.lastPathComponent): import threw an untyped error \(String(reflecting: error))")
            }
        }
        // Whatever was imported is searchable without error, hostile names included.
        for text in ["DROP TABLE", "NEAR(", "\"", "*", "name:x", "Café", "%_%"] {
            _ = try store.search(SearchQuery(text: text, perPage: 5, visibility: .restricted))
        }
    }

    @Test func geojsonAndJSONFiles() throws {
        let files = try FuzzPaths.corpus("geojson")
        #expect(files.count >= 30, "the GeoJSON corpus has \(files.count) files")
        for url in files {
            let format: SourceFormat = url.pathExtension == "json" ? .json : .geojson
            Self.check(readAll(path: url.path, format: format, label: url.lastPathComponent), url)
            // The boundary-file reader takes the same files; it may refuse more (it wants a FeatureCollection).
            do { _ = try GeoJSONFile.features(path: url.path) } catch let error as IngestError {
                checkSaysWhere(error, label: "\(url.lastPathComponent) (boundary reader)")
            } catch {
                Issue.record("\(url.lastPathComponent): the boundary reader threw an untyped \(String(reflecting: error))")
            }
        }
    }

    @Test func profileFiles() throws {
        let files = try FuzzPaths.corpus("profile")
        #expect(files.count >= 30, "the profile corpus has \(files.count) files")
        for url in files {
            do {
                let profile = try ImportProfile.load(path: url.path)
                if Self.expectation(url) == .error { Issue.record("\(url.lastPathComponent) must be refused, but parsed as \(profile.source.name)") }
            } catch let error as IngestError {
                if Self.expectation(url) == .ok { Issue.record("\(url.lastPathComponent) must parse, but: \(error)") }
                switch error {
                case .invalidProfile(let path, let detail):
                    #expect(path == url.path && !detail.isEmpty && detail.count < 2_000, "\(url.lastPathComponent): \(error)")
                case .unknownField: break
                default: Issue.record("\(url.lastPathComponent): unexpected kind of error \(error)")
                }
            } catch {
                Issue.record("\(url.lastPathComponent): untyped error \(String(reflecting: error))")
            }
        }
    }

    /// Lines of a corpus text file as bytes decoded leniently (invalid UTF-8 becomes U+FFFD, as a reader would see it).
    static func lines(_ name: String) throws -> [String] {
        let data = try Data(contentsOf: FuzzPaths.corpus.appendingPathComponent("postcode").appendingPathComponent(name))
        return data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func postcodeFiles() throws {
        let valid = try Self.lines("valid.txt").filter { !$0.isEmpty }
        #expect(valid.count >= 15)
        for line in valid {
            let parts = line.components(separatedBy: "\t=>\t")
            try #require(parts.count == 2, "valid.txt: '\(line)' is not `typed<TAB>=><TAB>expected`")
            #expect(Postcode(parts[0])?.formatted == parts[1], "'\(parts[0].debugDescription)' should read as \(parts[1])")
            #expect(Postcode(parts[1])?.formatted == parts[1])
        }
        let invalid = try Self.lines("invalid.txt").dropLast()
        #expect(invalid.count >= 25)
        for line in invalid {
            #expect(Postcode(line) == nil, "'\(line.debugDescription.prefix(80))' is not a full UK postcode")
            if case .unit(let p) = PostcodeValue.parse(line) { Issue.record("'\(line.prefix(80))' parsed as the unit \(p)") }
        }
        for line in try Self.lines("nasty.bin") {
            // Anything at all: a value, and a formatted form that reads back as the same value.
            let value = PostcodeValue.parse(line)
            if let formatted = value.formatted { #expect(PostcodeValue.parse(formatted) == value, "\(line.debugDescription.prefix(80))") }
        }
    }

    /// Bigger than is worth checking in: made at run time.
    @Test func hugeInputsMadeAtRunTime() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let field = String(repeating: "x\"\",", count: 2_000_000)
        let csv = try scratch.write("huge.csv", Array("id,name\n1,\"\(field)\"\n2,after\n".utf8))
        if case .rows(let n) = readAllCSV(path: csv, label: "8 MB field") { #expect(n == 2) } else { Issue.record("an 8 MB field must read") }
        let deep = "[{\"name\":\"x\",\"v\":" + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000) + "}]"
        let json = try scratch.write("deep.json", Array(deep.utf8))
        _ = readAll(path: json, format: .json, label: "200,000 nested arrays")
    }
}
