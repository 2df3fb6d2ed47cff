import AssetMapCore
import AssetMapIngest
import AssetMapStore
import Foundation
import Testing

/// CSV, GeoJSON and JSON sources as real lists write them.
@Suite("File formats")
struct FileFormatTests {
    // MARK: CSV

    @Test func csvReaderHandlesBOMCRLFQuotedNewlinesAndReportsStartingLines() throws {
        let reader = try CSVRowReader(path: Paths.fixture("bom_crlf_multiline.csv"))
        #expect(reader.header == ["id", "name", "notes", "postcode"], "the BOM must not stick to the first column name")
        var rows: [CSVRow] = []
        while let row = try reader.next() { rows.append(row) }
        // Line 3's record runs to line 5 (CRLF and a bare LF inside quotes); line 7 is blank; line 8 has no final newline.
        #expect(rows.map(\.line) == [2, 3, 6, 8])
        #expect(rows.map { $0.fields[0] } == ["1", "2", "3", "4"])
        let note = try #require(rows.dropFirst().first).fields[2]
        #expect(note.contains("multi") && note.contains("line") && note.contains("note"))
        #expect(note.filter { $0 == "\n" || $0 == "\r\n" }.count == 2, "both newlines inside the quoted field are kept: \(note.debugDescription)")
        #expect(rows[3].fields == ["4", "Fourth, with comma", "say \"hi\"", "ZZ99 9ZZ"])
    }

    @Test func importReportsPhysicalLinesAfterAMultiLineField() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        let profile = try Fixture.profile(json: """
            {"source": "bom-list", "kind": "organisation", "key": "id",
             "fields": {"name": "name", "description": "notes", "postcode": "postcode"}}
            """)
        let report = try Importer(store: store).run(path: Paths.fixture("bom_crlf_multiline.csv"), profile: profile)
        #expect(report.read == 4)
        #expect(report.added == 4)
        #expect(report.rejected.isEmpty)
        // Row 3 starts on physical line 6 and row 4 on line 8: both have postcodes that are not postcodes.
        #expect(report.warningPairs == [.init(line: 6, field: "postcode"), .init(line: 8, field: "postcode")])
        let records = try store.recordViews(source: "bom-list")
        #expect(Set(records.keys) == ["1", "2", "3", "4"], "keys come from the BOM-prefixed first column")
        #expect(records["1"]?.fields["postcode"] == "M33 7AB")
        #expect(records["1"]?.precision == .postcode)
        #expect(records["4"]?.fields["name"] == "Fourth, with comma")
        #expect(records["2"]?.fields["description"]?.contains("line") == true)
    }

    @Test func rowWithInvalidUTF8FailsTheImportWithItsLineAndChangesNothing() throws {
        let store = try AssetMapStore.testStore()
        let profile = try Fixture.profile("reimport.profile.json")
        _ = try Importer(store: store).run(path: Paths.fixture("reimport_v1.csv"), profile: profile)
        let before = try store.snapshot(sources: ["clubs"])
        // Rows 1 and 2 are fine (and K2 has a new phone); row 3 (line 4) is not UTF-8.
        let error = try #require(throws: IngestError.self) {
            try Importer(store: store).run(path: Paths.fixture("bad_utf8_row3.csv"), profile: profile)
        }
        guard case .malformed(let path, let line, _) = error else {
            Issue.record("expected IngestError.malformed, got \(error)")
            return
        }
        #expect(path.hasSuffix("bad_utf8_row3.csv"))
        #expect(line == 4)
        #expect(try store.snapshot(sources: ["clubs"]) == before, "a failed import must leave the database exactly as it was")
        #expect(try store.source(named: "clubs").imports.count == 1)
    }

    // MARK: GeoJSON

    struct FeatureFixture {
        var id: String
        var type: String
        var polygons: [[[[Double]]]]
    }

    /// The fixture's geometries read independently of the code under test.
    static func fixtureFeatures() throws -> [String: FeatureFixture] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Paths.fixture("features.geojson")))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var result: [String: FeatureFixture] = [:]
        for feature in try #require(root["features"] as? [[String: Any]]) {
            let id = try #require((feature["properties"] as? [String: Any])?["ID"] as? String)
            guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String else {
                result[id] = FeatureFixture(id: id, type: "none", polygons: [])
                continue
            }
            var polygons: [[[[Double]]]] = []
            if type == "Polygon" { polygons = [try #require(geometry["coordinates"] as? [[[Double]]])] }
            if type == "MultiPolygon" { polygons = try #require(geometry["coordinates"] as? [[[[Double]]]]) }
            result[id] = FeatureFixture(id: id, type: type, polygons: polygons)
        }
        return result
    }

    @Test func geoJSONPointsAndPolygonsAreExactWithRepresentativePointsInside() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        let report = try Importer(store: store).run(path: Paths.fixture("features.geojson"), profile: try Fixture.profile("features.profile.json"))
        #expect(report.read == 5)
        #expect(report.added == 5)
        #expect(report.located == ["exact": 4, "postcode": 1])
        #expect(report.unlocated == 0)
        let records = try store.recordViews(source: "footprints")
        let fixtures = try Self.fixtureFeatures()

        // A point is used as it is, even when the feature also has a postcode.
        let point = try #require(records["G1"]?.point)
        #expect(records["G1"]?.precision == .exact)
        #expect(Geo.distance(point, Coordinate(lat: 53.4321, lon: -2.3012)) < 0.5)

        for id in ["G2", "G3", "G4"] {
            let record = try #require(records[id], "feature \(id) was not imported")
            #expect(record.precision == .exact, "\(id): a footprint's point is the source's own location")
            let p = try #require(record.point, "\(id) has no point")
            let polygons = try #require(fixtures[id]).polygons
            #expect(polygons.contains { Geo.contains(rings: $0, p) }, "\(id): representative point \(p) is not inside the polygon")
        }
        // The courtyard's and the C's centroids fall outside them, so a centroid would fail the check above.
        let courtyard = try #require(fixtures["G2"]).polygons[0]
        #expect(!Geo.contains(rings: courtyard, Geo.centroid(ring: courtyard[0])))
        let cShape = try #require(fixtures["G3"]).polygons[0]
        #expect(!Geo.contains(rings: cShape, Geo.centroid(ring: cShape[0])))

        // A feature without geometry falls back to its postcode.
        let postcodes = try Fixture.postcodePoints()
        #expect(records["G5"]?.precision == .postcode)
        let g5 = try #require(records["G5"]?.point)
        #expect(Geo.distance(g5, try #require(postcodes["M32 9AF"])) < 0.5)
    }

    @Test func geoJSONPolygonsKeepTheirFootprint() throws {
        let store = try AssetMapStore.testStore()
        _ = try Importer(store: store).run(path: Paths.fixture("features.geojson"), profile: try Fixture.profile("features.profile.json"))
        // The footprint is not in any public read model yet; read the stored geometry directly.
        let footprints = try store.footprintSummaries(source: "footprints")
        #expect(footprints["G1"]?.polygons == nil, "a point has no footprint")
        #expect(footprints["G5"]?.polygons == nil)
        #expect(footprints["G2"]?.polygons == 1)
        #expect(footprints["G2"]?.holes == 1, "the courtyard hole is kept")
        #expect(footprints["G3"]?.polygons == 1)
        #expect(footprints["G4"]?.polygons == 2, "both parts of a multipolygon are kept")
        // Areas computed independently from the fixture coordinates (degrees², hole subtracted).
        let g2 = try #require(footprints["G2"]?.area)
        #expect(abs(g2 - (0.02 * 0.02 - 0.016 * 0.016)) < 1e-9)
        let g3 = try #require(footprints["G3"]?.area)
        #expect(abs(g3 - 7 * 0.001 * 0.001) < 1e-10)
    }

    @Test func brokenPolygonIsEitherRefusedWholeOrKeptWithAWarning() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        let profile = try Fixture.profile(json: #"{"source": "broken", "kind": "place", "key": "ID", "fields": {"name": "NAME"}}"#)
        let before = try store.snapshot(sources: ["broken"])
        do {
            let report = try Importer(store: store).run(path: Paths.fixture("broken_polygon.geojson"), profile: profile)
            // Kept: the row survives, but its bad geometry must be flagged (DESIGN: bad values are flagged, not silently dropped).
            #expect(report.read == 4)
            #expect(
                report.warnings.contains { $0.line == 3 },
                "feature 3's polygon is broken (2 positions, not closed) but the import gave no warning for it: \(report.warnings)")
            let records = try store.recordViews(source: "broken")
            #expect(records["B3"]?.precision != .exact)
            #expect(records["B1"]?.precision == .exact)
        } catch {
            // Refused: then nothing at all may have changed.
            #expect(try store.snapshot(sources: ["broken"]) == before)
            #expect(String(describing: error).contains("broken_polygon.geojson"))
        }
    }

    @Test func truncatedGeoJSONChangesNothing() throws {
        let store = try AssetMapStore.testStore()
        let profile = try Fixture.profile("features.profile.json")
        _ = try Importer(store: store).run(path: Paths.fixture("features.geojson"), profile: profile)
        let before = try store.snapshot(sources: ["footprints"])
        let dir = try TempDir()
        defer { dir.remove() }
        let text = try String(contentsOfFile: Paths.fixture("features.geojson"), encoding: .utf8)
        let truncated = try dir.write("features.geojson", String(text.prefix(text.count / 2)))
        let error = try #require(throws: IngestError.self) { try Importer(store: store).run(path: truncated, profile: profile) }
        guard case .malformed(let path, _, _) = error else {
            Issue.record("expected IngestError.malformed, got \(error)")
            return
        }
        #expect(path == truncated)
        #expect(try store.snapshot(sources: ["footprints"]) == before)
    }

    // MARK: JSON

    @Test func jsonArrayOfObjectsWithNestedFields() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        let report = try Importer(store: store).run(path: Paths.fixture("items.json"), profile: try Fixture.profile("items.profile.json"))
        #expect(report.read == 3)
        #expect(report.added == 2)
        #expect(report.rejected.map(\.line) == [3], "the third element has no title")
        let records = try store.recordViews(source: "json-items")
        #expect(Set(records.keys) == ["J1", "J2"])
        #expect(records["J1"]?.fields["name"] == "Json Youth Club")
        #expect(records["J1"]?.fields["postcode"] == "M33 7AB")
        #expect(records["J1"]?.fields["phone"]?.filter(\.isNumber).hasSuffix("1614960001") == true)
        #expect(records["J1"]?.precision == .postcode)
        #expect(records["J2"]?.fields["phone"] == nil, "a JSON null is empty")
        #expect(records["J2"]?.categorySet == ["older people", "lunch"])
        #expect(records["J2"]?.fields["kind"] == "service")
    }

    @Test func jsonWrappedInADataMember() throws {
        let store = try AssetMapStore.testStore()
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("wrapped.json", #"{"meta": {"count": 2}, "data": [{"id": 1, "name": "One"}, {"id": 2, "name": "Two"}]}"#)
        let profile = try Fixture.profile(json: #"{"source": "wrapped", "kind": "service", "key": "id", "fields": {"name": "name"}}"#)
        let report = try Importer(store: store).run(path: path, profile: profile)
        #expect(report.added == 2)
        #expect(Set(try store.recordViews(source: "wrapped").keys) == ["1", "2"])
    }
}
