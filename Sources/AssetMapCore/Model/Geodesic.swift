import Foundation

extension Coordinate {
    /// Equirectangular metres: within 0.1% of the ellipsoid over walking distances, and cheap enough for every pair
    /// co-location considers.
    public func approximateDistance(to other: Coordinate) -> Double {
        let scale = cos((lat + other.lat) / 2 * .pi / 180)
        let dx = (lon - other.lon) * scale * 111_320, dy = (lat - other.lat) * 110_574
        return (dx * dx + dy * dy).squareRoot()
    }

    /// Metres to `other` on the WGS 84 ellipsoid (Vincenty's inverse formula), as SpatiaLite's `ST_Distance(a, b, 1)`
    /// computes it.
    ///
    /// Search computes the distances of the rows it returns here rather than in SQL: SpatiaLite looks the ellipsoid up
    /// in `spatial_ref_sys` with a fresh SQL statement on every call, which cost more than the search itself.
    public func ellipsoidalDistance(to other: Coordinate) -> Double {
        let a = 6_378_137.0, f = 1 / 298.257223563, b = a * (1 - f)
        let l = (other.lon - lon) * .pi / 180
        let u1 = atan((1 - f) * tan(lat * .pi / 180)), u2 = atan((1 - f) * tan(other.lat * .pi / 180))
        let sinU1 = sin(u1), cosU1 = cos(u1), sinU2 = sin(u2), cosU2 = cos(u2)
        var lambda = l
        for _ in 0..<200 {
            let sinLambda = sin(lambda), cosLambda = cos(lambda)
            let sinSigma = ((cosU2 * sinLambda) * (cosU2 * sinLambda)
                + (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) * (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda)).squareRoot()
            if sinSigma == 0 { return 0 }  // the same point
            let cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
            let sigma = atan2(sinSigma, cosSigma)
            let sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
            let cosSqAlpha = 1 - sinAlpha * sinAlpha
            let cos2SigmaM = cosSqAlpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha : 0  // on the equator
            let c = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha))
            let previous = lambda
            lambda = l + (1 - c) * f * sinAlpha * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
            if abs(lambda - previous) <= 1e-12 {
                let uSq = cosSqAlpha * (a * a - b * b) / (b * b)
                let bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)))
                let bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)))
                let deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                    - bigB / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
                return b * bigA * (sigma - deltaSigma)
            }
        }
        // Nearly antipodal points, where the series does not converge: the mean-radius sphere is as good as it gets.
        let dLat = (other.lat - lat) * .pi / 180
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat * .pi / 180) * cos(other.lat * .pi / 180) * sin(l / 2) * sin(l / 2)
        return 2 * 6_371_008.8 * asin(min(1, h.squareRoot()))
    }
}
