import AssetMapCore
import Foundation
import GRDB

extension AssetMapStore {
    /// One member as the public may see it: its fields masked (PersonalData), and for a private home the centre of its
    /// postcode sector (else district) in place of its own point, so no house can be found on the map.
    static func publicView(
        _ db: Database, fields: [String: String], point: (Coordinate, LocationPrecision)?
    ) throws -> (fields: [String: String], point: (Coordinate, LocationPrecision)?) {
        guard PersonalData.needsMasking(fields) else { return (fields, point) }
        let masked = PersonalData.masked(fields)
        guard PersonalData.isPrivateHome(fields), let point else { return (masked, point) }
        // Already no finer than a sector: keep it.
        if point.1 >= .sector { return (masked, point) }
        guard let shown = masked["postcode"] else { return (masked, nil) }
        var prefixes = [shown]
        if let district = shown.split(separator: " ").first, shown.contains(" ") { prefixes.append(String(district)) }
        for prefix in prefixes {
            if let row = try Row.fetchOne(
                db, sql: "SELECT lat, lon, level FROM postcode_centroid WHERE prefix = ?", arguments: [prefix])
            {
                let level: String = row[2]
                return (masked, (Coordinate(lat: row[0], lon: row[1]), level == "sector" ? .sector : .district))
            }
        }
        // No centre known for its sector or district: the public gets no point at all rather than the house.
        return (masked, nil)
    }

    /// Whether any member the public sees holds personal data, so that the public needs a row of its own.
    static func holdsPersonalData(_ fields: [String: String]) -> Bool { PersonalData.needsMasking(fields) }
}
