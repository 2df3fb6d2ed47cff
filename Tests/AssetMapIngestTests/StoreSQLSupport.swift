import AssetMapStore
import Foundation
import GRDB

/// A stored footprint, summarised by SpatiaLite.
struct FootprintSummary {
    /// Number of polygons (nil when the record has no footprint).
    var polygons: Int?
    /// Interior rings of the first polygon.
    var holes: Int?
    /// Planar area in degrees².
    var area: Double?
}

extension AssetMapStore {
    /// Footprints of one source's records by key. No public read model exposes footprints yet, so this reads SQL directly.
    func footprintSummaries(source: String) throws -> [String: FootprintSummary] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.source_key AS key, NumGeometries(r.footprint) AS n,
                       NumInteriorRings(GeometryN(r.footprint, 1)) AS holes, ST_Area(r.footprint) AS area
                FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = ?
                """, arguments: [source])
            var result: [String: FootprintSummary] = [:]
            for row in rows {
                result[row["key"]] = FootprintSummary(polygons: row["n"], holes: row["holes"], area: row["area"])
            }
            return result
        }
    }
}
