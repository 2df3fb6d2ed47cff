import Foundation

/// WGS84 longitude/latitude to British National Grid (EPSG:27700) easting/northing: a Helmert shift
/// to OSGB36 then the Ordnance Survey transverse Mercator, accurate to a few metres, which is what
/// council asset registers carry.
enum OSGrid {
    static func eastingNorthing(lon: Double, lat: Double) -> (easting: Double, northing: Double) {
        let (osLat, osLon) = wgs84ToOSGB36(lat: lat * .pi / 180, lon: lon * .pi / 180)
        return project(lat: osLat, lon: osLon)
    }

    private static func wgs84ToOSGB36(lat: Double, lon: Double) -> (Double, Double) {
        // Cartesian on the WGS84 ellipsoid (height 0).
        let a1 = 6_378_137.0, b1 = 6_356_752.314245
        let e2a = 1 - (b1 * b1) / (a1 * a1)
        let nu1 = a1 / (1 - e2a * sin(lat) * sin(lat)).squareRoot()
        let x1 = nu1 * cos(lat) * cos(lon)
        let y1 = nu1 * cos(lat) * sin(lon)
        let z1 = (1 - e2a) * nu1 * sin(lat)

        // Helmert parameters WGS84 → OSGB36 (Ordnance Survey).
        let tx = -446.448, ty = 125.157, tz = -542.060
        let s = 20.4894e-6
        let arcsec = Double.pi / (180 * 3600)
        let rx = -0.1502 * arcsec, ry = -0.2470 * arcsec, rz = -0.8421 * arcsec
        let x2 = tx + (1 + s) * x1 - rz * y1 + ry * z1
        let y2 = ty + rz * x1 + (1 + s) * y1 - rx * z1
        let z2 = tz - ry * x1 + rx * y1 + (1 + s) * z1

        // Back to latitude/longitude on the Airy 1830 ellipsoid.
        let a2 = 6_377_563.396, b2 = 6_356_256.909
        let e2b = 1 - (b2 * b2) / (a2 * a2)
        let p = (x2 * x2 + y2 * y2).squareRoot()
        var phi = atan2(z2, p * (1 - e2b))
        for _ in 0..<6 {
            let nu = a2 / (1 - e2b * sin(phi) * sin(phi)).squareRoot()
            phi = atan2(z2 + e2b * nu * sin(phi), p)
        }
        return (phi, atan2(y2, x2))
    }

    /// OS "A guide to coordinate systems in Great Britain", transverse Mercator forward formulae.
    static func project(lat phi: Double, lon lambda: Double) -> (easting: Double, northing: Double) {
        let a = 6_377_563.396, b = 6_356_256.909
        let f0 = 0.9996012717
        let phi0 = 49.0 * .pi / 180, lambda0 = -2.0 * .pi / 180
        let n0 = -100_000.0, e0 = 400_000.0
        let e2 = 1 - (b * b) / (a * a)
        let n = (a - b) / (a + b)
        let n2 = n * n, n3 = n * n * n

        let sinPhi = sin(phi), cosPhi = cos(phi), tanPhi = tan(phi)
        let nu = a * f0 / (1 - e2 * sinPhi * sinPhi).squareRoot()
        let rho = a * f0 * (1 - e2) / pow(1 - e2 * sinPhi * sinPhi, 1.5)
        let eta2 = nu / rho - 1

        let dPhi = phi - phi0, sPhi = phi + phi0
        let ma = (1 + n + 1.25 * n2 + 1.25 * n3) * dPhi
        let mb = (3 * n + 3 * n2 + 21.0 / 8 * n3) * sin(dPhi) * cos(sPhi)
        let mc = (15.0 / 8 * n2 + 15.0 / 8 * n3) * sin(2 * dPhi) * cos(2 * sPhi)
        let md = 35.0 / 24 * n3 * sin(3 * dPhi) * cos(3 * sPhi)
        let m = b * f0 * (ma - mb + mc - md)

        let cos3 = cosPhi * cosPhi * cosPhi
        let cos5 = cos3 * cosPhi * cosPhi
        let tan2 = tanPhi * tanPhi, tan4 = tan2 * tan2
        let i = m + n0
        let ii = nu / 2 * sinPhi * cosPhi
        let iii = nu / 24 * sinPhi * cos3 * (5 - tan2 + 9 * eta2)
        let iiia = nu / 720 * sinPhi * cos5 * (61 - 58 * tan2 + tan4)
        let iv = nu * cosPhi
        let v = nu / 6 * cos3 * (nu / rho - tan2)
        let vi = nu / 120 * cos5 * (5 - 18 * tan2 + tan4 + 14 * eta2 - 58 * tan2 * eta2)

        let dl = lambda - lambda0
        let dl2 = dl * dl, dl3 = dl2 * dl, dl4 = dl2 * dl2, dl5 = dl4 * dl, dl6 = dl3 * dl3
        let northing = i + ii * dl2 + iii * dl4 + iiia * dl6
        let easting = e0 + iv * dl + v * dl3 + vi * dl5
        return (easting, northing)
    }
}
