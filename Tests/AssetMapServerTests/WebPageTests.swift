import AssetMapServer
import AssetMapStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The web pages and their assets are served")
struct WebPageTests {
    /// A stand-in Leaflet installation, so serving it is tested whether or not libjs-leaflet is on this machine.
    static func fakeLeaflet() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-leaflet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("images"), withIntermediateDirectories: true)
        try Data("/* leaflet */ window.L = {};".utf8).write(to: dir.appendingPathComponent("leaflet.js"))
        try Data(".leaflet-container{}".utf8).write(to: dir.appendingPathComponent("leaflet.css"))
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: dir.appendingPathComponent("images/marker-icon.png"))
        try Data("secret".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        return dir
    }

    static func header(_ fields: HTTPFields, _ name: String) -> String? {
        fields.first { $0.name.canonicalName == name.lowercased() }?.value
    }

    static func configuration(leaflet: String, tiles: String? = nil) -> ServerConfiguration {
        var c = ServerConfiguration(maxBodyBytes: 64 * 1024)
        c.leafletDirectory = leaflet
        c.tiles = tiles
        return c
    }

    @Test func pagesAreHTMLWithTheirLandmarks() async throws {
        let f = try Fixture()
        try await f.app(Self.configuration(leaflet: "/nonexistent")).test(.router) { client in
            for (path, title, script) in [("/", "Find local services", "search.js"), ("/officer", "Officers", "officer.js"),
                                          ("/areas/E05000001", "Area", "area.js")] {
                let r = try await client.call(path)
                #expect(r.status == .ok, "\(path): \(r.status)")
                #expect(r.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                #expect(r.text.hasPrefix("<!DOCTYPE html>"), "\(path)")
                #expect(r.text.contains("<title>\(title)"), "\(path) title")
                #expect(r.text.contains("<html lang=\"en-GB\">"), "\(path) language")
                #expect(r.text.contains("class=\"skip-link\" href=\"#main\""), "\(path) skip link")
                #expect(r.text.contains("<main id=\"main\""), "\(path) main landmark")
                #expect(r.text.contains("/assets/\(script)"), "\(path) script")
                #expect(Self.header(r.headers, "Content-Security-Policy")?.contains("default-src 'self'") == true, "\(path) CSP")
                #expect(Self.header(r.headers, "X-Content-Type-Options") == "nosniff")
                #expect(r.headers[.eTag] != nil)
            }
            // The search form names its fields as the URL does, so /?q=…&near=… fills it.
            let index = try await client.call("/")
            for name in ["q", "near", "radius", "category"] { #expect(index.text.contains("name=\"\(name)\""), "search form lacks \(name)") }
            #expect(index.text.contains("aria-live=\"polite\""), "results are not announced")
        }
    }

    @Test func assetsHaveTheirContentTypes() async throws {
        let f = try Fixture()
        try await f.app(Self.configuration(leaflet: "/nonexistent")).test(.router) { client in
            let expected = [
                "app.css": "text/css; charset=utf-8", "common.js": "text/javascript; charset=utf-8",
                "search.js": "text/javascript; charset=utf-8", "officer.js": "text/javascript; charset=utf-8",
                "area.js": "text/javascript; charset=utf-8", "favicon.svg": "image/svg+xml",
            ]
            for (name, type) in expected {
                let r = try await client.call("/assets/\(name)")
                #expect(r.status == .ok, "\(name): \(r.status)")
                #expect(r.headers[.contentType] == type, "\(name): \(r.headers[.contentType] ?? "none")")
                #expect(r.text.count > 100, "\(name) is nearly empty")
            }
            // A second request with the ETag is 304, so phones do not download the pages again.
            let first = try await client.call("/assets/app.css")
            let again = try await client.call("/assets/app.css", headers: [.ifNoneMatch: try #require(first.headers[.eTag])])
            #expect(again.status == .notModified)
        }
    }

    @Test func unknownAssetsAndClimbingOutAre404() async throws {
        let f = try Fixture()
        let leaflet = try Self.fakeLeaflet()
        defer { try? FileManager.default.removeItem(at: leaflet) }
        try await f.app(Self.configuration(leaflet: leaflet.path)).test(.router) { client in
            for path in ["/assets/nope.js", "/assets/index.html", "/assets/.hidden", "/assets/..%2FPackage.swift",
                         "/assets/leaflet/nope.js", "/assets/leaflet/notes.txt", "/assets/leaflet/../../etc/passwd",
                         "/assets/leaflet/images/../../leaflet.js", "/areas"] {
                let r = try await client.call(path)
                #expect(r.status == .notFound, "\(path): \(r.status) \(r.text.prefix(80))")
            }
        }
    }

    @Test func configTellsThePagesAboutTilesAndLeaflet() async throws {
        let f = try Fixture()
        let leaflet = try Self.fakeLeaflet()
        defer { try? FileManager.default.removeItem(at: leaflet) }
        try await f.app(Self.configuration(leaflet: leaflet.path, tiles: nil)).test(.router) { client in
            let r = try await client.call("/assets/config.js")
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(r.text.contains("\"leaflet\":true"), "\(r.text)")
            #expect(!r.text.contains("\"tiles\":\""), "no tiles were configured: \(r.text)")
        }
        let osm = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
        try await f.app(Self.configuration(leaflet: "/nonexistent", tiles: osm)).test(.router) { client in
            let r = try await client.call("/assets/config.js")
            #expect(r.text.contains("\"tiles\":\"\(osm)\""), "\(r.text)")
            #expect(r.text.contains("OpenStreetMap contributors"))
            #expect(r.text.contains("\"leaflet\":false"), "\(r.text)")
            // The pages may then load tiles over https, and nothing else from elsewhere.
            let page = try await client.call("/")
            #expect(Self.header(page.headers, "Content-Security-Policy")?.contains("img-src 'self' data: https:") == true)
        }
    }

    @Test func leafletIsServedFromItsInstallation() async throws {
        let f = try Fixture()
        let leaflet = try Self.fakeLeaflet()
        defer { try? FileManager.default.removeItem(at: leaflet) }
        try await f.app(Self.configuration(leaflet: leaflet.path)).test(.router) { client in
            let js = try await client.call("/assets/leaflet/leaflet.js")
            #expect(js.status == .ok)
            #expect(js.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(js.text == "/* leaflet */ window.L = {};")
            let css = try await client.call("/assets/leaflet/leaflet.css")
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            let png = try await client.call("/assets/leaflet/images/marker-icon.png")
            #expect(png.status == .ok)
            #expect(png.headers[.contentType] == "image/png")
        }
        // Without Leaflet the pages still load; its files are 404 with the package to install.
        try await f.app(Self.configuration(leaflet: "/nonexistent")).test(.router) { client in
            let r = try await client.call("/assets/leaflet/leaflet.js")
            expectProblem(r, .notFound)
            #expect(r.text.contains("libjs-leaflet"), "\(r.text)")
            #expect(try await client.call("/").status == .ok)
        }
    }

    /// The real Debian package, where it is installed (Scripts/setup installs it): its minified build is served.
    @Test func debianLeafletIsServedWhenInstalled() async throws {
        let system = ServerConfiguration().leafletDirectory
        guard FileManager.default.fileExists(atPath: "\(system)/leaflet.js") else {
            Issue.record("libjs-leaflet is not installed at \(system): run Scripts/setup")
            return
        }
        let f = try Fixture()
        try await f.app(Self.configuration(leaflet: system)).test(.router) { client in
            let js = try await client.call("/assets/leaflet/leaflet.js")
            #expect(js.status == .ok)
            #expect(js.text.contains("L={}") || js.text.contains("Leaflet"), "not Leaflet: \(js.text.prefix(120))")
            let css = try await client.call("/assets/leaflet/leaflet.css")
            #expect(css.status == .ok && css.text.contains(".leaflet-container"))
            let icon = try await client.call("/assets/leaflet/images/marker-icon.png")
            #expect(icon.status == .ok && icon.headers[.contentType] == "image/png")
            let config = try await client.call("/assets/config.js")
            #expect(config.text.contains("\"leaflet\":true"))
        }
    }
}
