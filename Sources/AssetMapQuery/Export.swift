import AssetMapCore
import AssetMapStore
import CSV
import Foundation

/// The export formats of DESIGN.md: `entities` and `links` (CSV), `geojson`.
public enum ExportFormat: String, Sendable, CaseIterable {
    case entities, links, geojson
}

/// Writes the merged directory out, seen at one sharing level.
public struct Exporter {
    public let store: AssetMapStore
    public let maxSharing: SharingLevel

    public init(store: AssetMapStore, maxSharing: SharingLevel = .restricted) {
        self.store = store
        self.maxSharing = maxSharing
    }

    /// The fixed columns of the `entities` export, before the layer codes.
    public static let entityColumns = [
        "id", "kind", "name", "categories", "address", "postcode", "lat", "lon", "phone", "email", "website",
        "charity_number", "owner", "occupancy", "floor_area_m2", "location_precision",
    ]

    /// Writes `format` to the stream (opened and closed by the caller); returns rows or features written.
    @discardableResult
    public func write(_ format: ExportFormat, to stream: OutputStream) throws -> Int {
        switch format {
        case .entities: return try writeEntities(to: stream)
        case .links: return try writeLinks(to: stream)
        case .geojson: return try writeGeoJSON(to: stream)
        }
    }

    func writeEntities(to stream: OutputStream) throws -> Int {
        let layers = try store.areaLayers().map(\.name)
        let csv = CSVOutput.Writer(stream: stream)
        try csv.write(Self.entityColumns + layers.map { "\($0)_code" } + ["source_count", "sources"])
        var count = 0
        try store.forEachEntity(maxSharing: maxSharing) { entity in
            let golden = GoldenRecord.choose(entity.members)
            var row: [String] = []
            for column in Self.entityColumns {
                switch column {
                case "id": row.append(String(entity.id))
                case "kind": row.append(entity.kind.rawValue)
                case "lat": row.append(entity.point.map { String(format: "%.6f", $0.lat) } ?? "")
                case "lon": row.append(entity.point.map { String(format: "%.6f", $0.lon) } ?? "")
                case "location_precision": row.append(entity.precision?.rawValue ?? "")
                default: row.append(golden[column]?.value ?? "")
                }
            }
            row += layers.map { entity.areas[$0]?.code ?? "" }
            row += [String(entity.sources.count), entity.sources.joined(separator: ";")]
            try csv.write(row)
            count += 1
        }
        return count
    }

    func writeLinks(to stream: OutputStream) throws -> Int {
        let csv = CSVOutput.Writer(stream: stream)
        try csv.write(["entity_id", "kind", "source", "source_key"])
        let links = try store.links(maxSharing: maxSharing)
        for link in links {
            try csv.write([String(link.entityID), link.kind, link.source, link.sourceKey])
        }
        return links.count
    }

    func writeGeoJSON(to stream: OutputStream) throws -> Int {
        func put(_ text: String) {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = stream.write(buffer.baseAddress! + offset, maxLength: buffer.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        put("{\"type\":\"FeatureCollection\",\"features\":[\n")
        var count = 0
        try store.forEachEntity(maxSharing: maxSharing) { entity in
            let golden = GoldenRecord.choose(entity.members)
            var properties: [String: String] = golden.mapValues(\.value)
            properties["id"] = String(entity.id)
            properties["kind"] = entity.kind.rawValue
            properties["location_precision"] = entity.precision?.rawValue
            properties["sources"] = entity.sources.joined(separator: ";")
            for (layer, area) in entity.areas { properties["\(layer)_code"] = area.code }
            let props = String(decoding: try encoder.encode(properties), as: UTF8.self)
            let geometry = entity.point.map { String(format: "{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}", $0.lon, $0.lat) } ?? "null"
            put((count == 0 ? "" : ",\n") + "{\"type\":\"Feature\",\"id\":\(entity.id),\"geometry\":\(geometry),\"properties\":\(props)}")
            count += 1
        }
        put("\n]}\n")
        return count
    }
}
