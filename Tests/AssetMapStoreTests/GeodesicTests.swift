import AssetMapCore
import Foundation
import GRDB
import Testing

@testable import AssetMapStore

/// Search computes the distances it returns in Swift; they must be SpatiaLite's ellipsoidal distances.
@Suite struct GeodesicTests {
    @Test func ellipsoidalDistanceAgreesWithSpatiaLite() throws {
        let store = try AssetMapStore.inMemory()
        var random = SplitMix64(seed: 11)
        func uniform(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound + Double(random.next() >> 11) / Double(1 << 53) * (range.upperBound - range.lowerBound)
        }
        var pairs: [(Coordinate, Coordinate)] = [
            (Coordinate(lat: 53.3853, lon: -2.3497), Coordinate(lat: 53.3853, lon: -2.3497)),  // the same point: 0
            (Coordinate(lat: 0, lon: 0), Coordinate(lat: 0, lon: 1)),  // along the equator
            (Coordinate(lat: 49.9, lon: -6.3), Coordinate(lat: 60.8, lon: -0.8)),  // Scilly to Shetland
        ]
        for _ in 0..<500 {
            let a = Coordinate(lat: uniform(49.9...60.8), lon: uniform(-8...1.8))
            // Mostly neighbourhood distances, as search returns, and some across the country.
            let spread = pairs.count % 5 == 0 ? 5.0 : 0.05
            pairs.append((a, Coordinate(lat: a.lat + uniform(-spread...spread), lon: a.lon + uniform(-spread...spread))))
        }
        try store.writer.read { db in
            for (a, b) in pairs {
                let expected = try Double.fetchOne(
                    db, sql: "SELECT ST_Distance(MakePoint(?, ?, 4326), MakePoint(?, ?, 4326), 1)", arguments: [a.lon, a.lat, b.lon, b.lat])!
                let ours = a.ellipsoidalDistance(to: b)
                #expect(abs(ours - expected) < 0.001, "\(a) → \(b): \(ours) m, SpatiaLite \(expected) m")
            }
        }
    }
}
