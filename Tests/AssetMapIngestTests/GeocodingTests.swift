import AssetMapCore
import AssetMapIngest
import AssetMapStore
import Foundation
import Testing

/// Geocoding, best first: own coordinates → full postcode → sector → district; and the judged mixed list.
@Suite("Geocoding")
struct GeocodingTests {
    static let cascadeProfile = #"{"source": "cascade", "kind": "organisation", "key": "id", "fields": {"name": "name", "postcode": "postcode"}}"#

    @Test func postcodeTableLoadsWithSectorAndDistrictCentroids() throws {
        let store = try AssetMapStore.testStore()
        let summary = try Fixture.loadPostcodes(into: store)
        #expect(summary.loaded == 5)
        #expect(summary.skipped.isEmpty)
        #expect(summary.layers == ["ward"])
        let points = try Fixture.postcodePoints()
        let sector = Fixture.centroid([points["M33 7AB"]!, points["M33 7AD"]!])
        let district = Fixture.centroid([points["M33 7AB"]!, points["M33 7AD"]!, points["M33 2AB"]!])
        #expect(Geo.distance(try #require(try store.centroid(ofPostcode: "M33 7")), sector) < 0.5)
        #expect(Geo.distance(try #require(try store.centroid(ofPostcode: "M33")), district) < 0.5)
        let lookup = try #require(try store.lookupPostcode("M32 9AF"))
        #expect(lookup.sector == "M32 9")
        #expect(lookup.district == "M32")
        #expect(lookup.areas["ward"]?.code == "T02")
        #expect(lookup.areas["ward"]?.basis == "directory")
    }

    @Test func cascadeFullPostcodeThenSectorThenDistrictElseUnlocated() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        let report = try Importer(store: store).run(path: Paths.fixture("cascade.csv"), profile: try Fixture.profile(json: Self.cascadeProfile))
        #expect(report.read == 8)
        #expect(report.added == 8)
        #expect(report.located == ["postcode": 2, "sector": 2, "district": 2])
        #expect(report.unlocated == 2)

        let records = try store.recordViews(source: "cascade")
        let points = try Fixture.postcodePoints()
        let sector = Fixture.centroid([points["M33 7AB"]!, points["M33 7AD"]!])
        let district = Fixture.centroid([points["M33 7AB"]!, points["M33 7AD"]!, points["M33 2AB"]!])
        let expected: [(String, LocationPrecision?, Coordinate?)] = [
            ("C1", .postcode, points["M33 7AB"]),  // full postcode in the table
            ("C2", .sector, sector),  // unit absent, its sector known
            ("C3", .district, district),  // district only, as registers give it
            ("C4", .district, district),  // unit and sector absent, district known
            ("C5", .sector, sector),  // sector given alone
            ("C6", nil, nil),  // valid postcode, nothing of it in the table
            ("C7", nil, nil),  // no postcode
            ("C8", .postcode, points["M32 9AF"]),  // "m329af"
        ]
        for (key, precision, point) in expected {
            let record = try #require(records[key], "\(key) missing")
            #expect(record.precision == precision, "\(key)")
            if let point {
                let got = try #require(record.point, "\(key) has no point")
                #expect(Geo.distance(got, point) < 0.5, "\(key): \(got) is not at \(point)")
            } else {
                #expect(record.point == nil, "\(key) should be unlocated")
            }
        }
        #expect(records["C8"]?.fields["postcode"] == "M32 9AF")
        #expect(records["C3"]?.fields["postcode"] == "M33")
        #expect(records["C5"]?.fields["postcode"] == "M33 7")
        #expect(records["C6"]?.fields["postcode"] == "SK6 1LB", "a valid postcode outside the table is kept")
        // Partial postcodes are not invalid ones.
        #expect(!report.warnings.contains { $0.field == "postcode" && [4, 5, 6, 9].contains($0.line) }, "\(report.warnings)")
        #expect(try store.source(named: "cascade").locationPrecision == ["postcode": 2, "sector": 2, "district": 2, "unlocated": 2])
    }

    @Test func approximatePointsAreNeverExportedAsExact() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        _ = try Importer(store: store).run(path: Paths.fixture("cascade.csv"), profile: try Fixture.profile(json: Self.cascadeProfile))
        let rows = CSVTestParser.parse(try store.exportText(.entities))
        let header = try #require(rows.first).fields
        let name = try #require(header.firstIndex(of: "name"))
        let precision = try #require(header.firstIndex(of: "location_precision"))
        let byName = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0.fields[name], $0.fields[precision]) })
        #expect(byName["District Only Group"] == "district")
        #expect(byName["Sector Given Group"] == "sector")
        #expect(byName["Full Unit Group"] == "postcode")
        #expect(byName["No Postcode Group"] == "")
        #expect(!byName.values.contains("exact"))
    }

    @Test func eastingNorthingIsTransformedToWGS84() throws {
        let store = try AssetMapStore.testStore()
        let profile = try Fixture.profile(json: """
            {"source": "grid", "kind": "place", "key": "id", "fields": {"name": "name", "easting": "easting", "northing": "northing"}}
            """)
        let report = try Importer(store: store).run(path: Paths.fixture("grid.csv"), profile: profile)
        #expect(report.read == 3)
        #expect(report.added == 3)
        let records = try store.recordViews(source: "grid")
        // Manchester Town Hall, E 383,920 N 398,080. Reference computed independently (OSGB36 inverse
        // Transverse Mercator + Helmert to WGS84): 53.47919 N, 2.24376 W.
        let townHall = try #require(records["E1"]?.point, "easting/northing gave no point")
        #expect(records["E1"]?.precision == .exact)
        #expect(Geo.distance(townHall, Coordinate(lat: 53.47919, lon: -2.24376)) < 50, "got \(townHall)")
        #expect(Geo.distance(townHall, Coordinate(lat: 53.4794, lon: -2.2451)) < 150, "got \(townHall)")
        // A non-number and an off-grid value are flagged and not used.
        #expect(report.warningPairs.contains(.init(line: 3, field: "easting")), "\(report.warnings)")
        #expect(report.warningPairs.contains(.init(line: 4, field: "easting")), "\(report.warnings)")
        #expect(records["E2"]?.point == nil)
        #expect(records["E3"]?.point == nil)
        #expect(report.unlocated == 2)
    }

    @Test func ownCoordinatesWinOverThePostcode() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write("own.csv", "id,name,postcode,lat,lon\n1,Own Point,M33 7AB,53.4401,-2.3502\n")
        let profile = try Fixture.profile(json: """
            {"source": "own", "kind": "place", "key": "id", "fields": {"name": "name", "postcode": "postcode", "lat": "lat", "lon": "lon"}}
            """)
        _ = try Importer(store: store).run(path: path, profile: profile)
        let record = try #require(try store.recordViews(source: "own")["1"])
        #expect(record.precision == .exact)
        #expect(Geo.distance(try #require(record.point), Coordinate(lat: 53.4401, lon: -2.3502)) < 0.5)
    }

    @Test func areasAreAssignedOnImportAndOnLayerLoad() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        let before = try Importer(store: store).run(path: Paths.fixture("cascade.csv"), profile: try Fixture.profile(json: Self.cascadeProfile))
        #expect(before.added == 8)
        // Loading the layer after the import assigns the records already there.
        let summary = try AreaFile(path: Paths.fixture("wards.geojson"), layer: "ward", codeField: "area_code", nameField: "area_name")
            .load(into: store)
        #expect(summary.areas == 2)
        #expect(summary.recordsAssigned == 6, "six located records")
        var records = try store.recordViews(source: "cascade")
        #expect(records["C1"]?.areas["ward"]?.code == "T01")  // lon -2.320
        #expect(records["C8"]?.areas["ward"]?.code == "T02")  // lon -2.310
        #expect(records["C7"]?.areas.isEmpty == true)
        // A later import assigns its new records as it stores them.
        _ = try Importer(store: store).run(path: Paths.fixture("mixed.csv"), profile: try Fixture.profile("mixed.profile.json"))
        records = try store.recordViews(source: "mixed-list")
        #expect(records["A1"]?.areas["ward"]?.code == "T01")
        #expect(records["A4"]?.areas["ward"]?.code == "T02")
        #expect(records["A5"]?.areas["ward"]?.code == "T02")  // lon -2.31
        #expect(records["A3"]?.areas.isEmpty == true)
    }

    /// DESIGN.md: "a list mixing good rows, a nameless row, an invalid postcode and impossible coordinates adds the
    /// four usable rows, rejects the nameless one, and warns on the two bad values, by line".
    @Test func judgedMixedList() throws {
        let store = try AssetMapStore.testStore()
        try Fixture.loadPostcodes(into: store)
        let report = try Importer(store: store).run(path: Paths.fixture("mixed.csv"), profile: try Fixture.profile("mixed.profile.json"))
        #expect(report.source == "mixed-list")
        #expect(report.read == 5)
        #expect(report.added == 4)
        #expect(report.updated == 0)
        #expect(report.unchanged == 0)
        #expect(report.withdrawn == 0)
        #expect(report.rejected.map(\.line) == [3], "line 3 has no name")
        #expect(report.rejected.first?.reason.contains("name") == true)
        #expect(report.warningPairs == [.init(line: 4, field: "postcode"), .init(line: 5, field: "lat")])
        #expect(report.warnings.first { $0.line == 4 }?.reason.contains("WA15 OHF") == true)

        let records = try store.recordViews(source: "mixed-list")
        #expect(Set(records.keys) == ["A1", "A3", "A4", "A5"])
        // The bad values are not used: A3 has no postcode to geocode, A4 falls back to its postcode.
        #expect(records["A3"]?.fields["postcode"] == nil)
        #expect(records["A3"]?.point == nil)
        #expect(records["A4"]?.precision == .postcode)
        #expect(records["A4"]?.fields["lat"] == nil)
        #expect(records["A5"]?.precision == .exact)
        #expect(records["A1"]?.precision == .postcode)
        #expect(report.unlocated == 1)
        #expect(try store.sources().first?.records == 4)
    }
}
