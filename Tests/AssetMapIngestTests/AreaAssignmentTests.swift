import AssetMapCore
import AssetMapIngest
import AssetMapStore
import Foundation
import GRDB
import Testing

/// Records take their areas per distinct point (`assignRecords`): every record must get exactly what a lookup of its
/// own point gives, whether it shares the point with others, sits on a shared edge or corner, or lies outside.
@Suite("Area assignment")
struct AreaAssignmentTests {
    /// Square areas (corners exact in binary, so edges are where the test says they are) as a GeoJSON layer.
    static func squares(_ cells: [(code: String, lon: Double, lat: Double, size: Double)]) -> String {
        let features = cells.map { c in
            let ring = [[c.lon, c.lat], [c.lon + c.size, c.lat], [c.lon + c.size, c.lat + c.size], [c.lon, c.lat + c.size], [c.lon, c.lat]]
            return #"{"type": "Feature", "properties": {"area_code": "\#(c.code)", "area_name": "Area \#(c.code)"}, "#
                + #""geometry": {"type": "Polygon", "coordinates": [[\#(ring.map { "[\($0[0]), \($0[1])]" }.joined(separator: ", "))]]}}"#
        }
        return #"{"type": "FeatureCollection", "features": [\#(features.joined(separator: ", "))]}"#
    }

    static let profile = #"""
        {"source": {"name": "points", "sharing": "open"}, "kind": "place", "key": "id",
         "fields": {"name": "name", "lat": "lat", "lon": "lon"}}
        """#

    /// Each record's areas by layer, as stored, and as the directory row shows them.
    static func assigned(_ store: AssetMapStore) throws -> (records: [String: [String: String]], views: [String: String?]) {
        try store.writer.read { db in
            var records: [String: [String: String]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT r.source_key, ra.layer, a.code FROM record r JOIN record_area ra ON ra.record_id = r.id
                JOIN area a ON a.id = ra.area_id
                """) {
                records[row[0], default: [:]][row[1]] = row[2]
            }
            var views: [String: String?] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT r.source_key, v.areas FROM record r JOIN record_entity re ON re.record_id = r.id
                JOIN entity_view v ON v.entity_id = re.entity_id
                """) {
                views[row[0]] = row[1]
            }
            return (records, views)
        }
    }

    @Test func everyRecordGetsWhatALookupOfItsPointGives() throws {
        let store = try AssetMapStore.testStore()
        let dir = try TempDir()
        defer { dir.remove() }
        let wards = try dir.write("wards.geojson", Self.squares([("W1", -2.5, 53.375, 0.125), ("W2", -2.375, 53.375, 0.125)]))
        let lsoas = try dir.write("lsoa.geojson", Self.squares([
            ("L1", -2.5, 53.375, 0.0625), ("L2", -2.4375, 53.375, 0.0625), ("L3", -2.5, 53.4375, 0.0625),
            ("L4", -2.4375, 53.4375, 0.0625),
        ]))
        _ = try AreaFile(path: wards, layer: "ward", codeField: "area_code", nameField: "area_name").load(into: store)
        _ = try AreaFile(path: lsoas, layer: "lsoa", codeField: "area_code", nameField: "area_name").load(into: store)
        let csv = """
            id,name,lat,lon
            a1,Shared point one,53.39,-2.48
            a2,Shared point two,53.39,-2.48
            a3,Shared point three,53.39,-2.48
            b1,East ward,53.43,-2.3
            e1,On the ward edge,53.45,-2.375
            c1,On the LSOA corner,53.4375,-2.4375
            o1,Outside every area,52.0,-1.0
            u1,No point,,
            """
        let report = try Importer(store: store).run(path: try dir.write("points.csv", csv), profile: try Fixture.profile(json: Self.profile))
        #expect(report.added == 8)
        var (records, views) = try Self.assigned(store)
        #expect(records["a1"] == ["ward": "W1", "lsoa": "L1"])
        #expect(records["a2"] == records["a1"] && records["a3"] == records["a1"])
        #expect(records["b1"] == ["ward": "W2"])
        // On an edge or corner no area contains the point: the first by code that touches it is taken.
        #expect(records["e1"] == ["ward": "W1", "lsoa": "L4"])
        #expect(records["c1"] == ["ward": "W1", "lsoa": "L1"])
        #expect(records["o1"] == nil && records["u1"] == nil)
        // The same as a lookup of each point on its own, through the area index.
        let points: [String: Coordinate] = [
            "a1": Coordinate(lat: 53.39, lon: -2.48), "b1": Coordinate(lat: 53.43, lon: -2.3),
            "e1": Coordinate(lat: 53.45, lon: -2.375), "c1": Coordinate(lat: 53.4375, lon: -2.4375), "o1": Coordinate(lat: 52.0, lon: -1.0),
        ]
        for (key, point) in points {
            let looked = Dictionary(uniqueKeysWithValues: try store.areas(containing: point).map { ($0.layer, $0.code) })
            #expect((records[key] ?? [:]) == looked, "\(key)")
        }
        // The directory row carries the record's areas; none for a point outside every area or no point.
        #expect(views["a2"]??.contains(#""ward":{"code":"W1""#) == true)
        #expect(views["a2"]??.contains(#""lsoa":{"code":"L1""#) == true)
        #expect(views["o1"] == .some(nil) && views["u1"] == .some(nil))

        // A re-import that moves one of the shared points east reassigns it alone.
        let moved = csv.replacingOccurrences(of: "a2,Shared point two,53.39,-2.48", with: "a2,Shared point two,53.39,-2.3")
        let again = try Importer(store: store).run(path: try dir.write("points2.csv", moved), profile: try Fixture.profile(json: Self.profile))
        #expect(again.updated == 1)
        (records, views) = try Self.assigned(store)
        #expect(records["a2"] == ["ward": "W2"])
        #expect(records["a1"] == ["ward": "W1", "lsoa": "L1"] && records["a3"] == records["a1"])
        #expect(views["a2"]??.contains(#""ward":{"code":"W2""#) == true)
        #expect(views["a2"]??.contains("lsoa") == false)

        // Reloading a layer reassigns every record in it.
        let swapped = try dir.write("wards2.geojson", Self.squares([("W9", -2.5, 53.375, 0.125), ("W8", -2.375, 53.375, 0.125)]))
        _ = try AreaFile(path: swapped, layer: "ward", codeField: "area_code", nameField: "area_name").load(into: store)
        (records, _) = try Self.assigned(store)
        #expect(records["a1"]?["ward"] == "W9" && records["a2"]?["ward"] == "W8")
        #expect(records["e1"]?["ward"] == "W8", "on the edge, W8 now comes first by code")
    }
}
