import AssetMapCore
import AssetMapStore
import Foundation

/// Why a question cannot be answered as asked.
public enum QueryError: Error, Equatable, Sendable, CustomStringConvertible {
    case badParameter(name: String, detail: String)
    case unknownPostcode(String)

    public var description: String {
        switch self {
        case .badParameter(let name, let detail): "\(name): \(detail)"
        case .unknownPostcode(let p): "postcode \(p) is not in the postcode table (load one with `assetmap postcodes load`)"
        }
    }
}

extension QueryError: LocalizedError {
    public var errorDescription: String? { description }
}

/// Answers residents', boards' and officers' questions on the merged directory.
public struct Directory: Sendable {
    public let store: AssetMapStore

    public init(store: AssetMapStore) {
        self.store = store
    }

    /// A place to search near: "lat,lon", a full postcode (any spacing/case), or a sector or district.
    public func resolveNear(_ text: String) throws -> Coordinate {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2, let lat = Double(parts[0]), let lon = Double(parts[1]) {
            let c = Coordinate(lat: lat, lon: lon)
            guard c.isValid else { throw QueryError.badParameter(name: "near", detail: "'\(text)' is not a latitude,longitude") }
            return c
        }
        let parsed = PostcodeValue.parse(text)
        guard let key = parsed.formatted else {
            throw QueryError.badParameter(name: "near", detail: "'\(text)' is neither a UK postcode nor lat,lon")
        }
        if let point = try store.centroid(ofPostcode: key) { return point }
        // A unit the table lacks: fall back to its sector, then district.
        if case .unit(let postcode) = parsed {
            if let point = try store.centroid(ofPostcode: postcode.sector) ?? store.centroid(ofPostcode: postcode.district) {
                return point
            }
        }
        throw QueryError.unknownPostcode(key)
    }

    /// Search, with `near` given as text (postcode or lat,lon).
    public func search(_ query: SearchQuery) throws -> SearchPage {
        try store.search(query)
    }
}
