import Foundation
import Hummingbird
import Logging

/// The web pages (issue 7): resident search at `/`, the officers' page at `/officer`, a board's view of an area at
/// `/areas/{code}`. They are plain files in `Sources/AssetMapServer/Web` (a SwiftPM `.copy` resource), so they can be
/// edited without touching Swift; they talk to the public `/v1` API only. Leaflet is Debian's `libjs-leaflet`,
/// served from where the system installs it; without it the pages work as lists.
struct WebPages: Sendable {
    struct File: Sendable {
        let data: Data
        let contentType: String
    }

    /// The page and asset files, by name (`index.html`, `app.css`, …).
    let files: [String: File]
    /// Leaflet's files by path under its directory (`leaflet.js`, `images/marker-icon.png`, …); empty when not installed.
    let leaflet: [String: File]
    /// `/assets/config.js`: what the pages must know of the server's settings (tiles, whether Leaflet is there).
    let configScript: Data
    /// The background tiles' URL template, or nil for none (offline: the map draws areas and points only).
    let tiles: String?

    /// Names of files under `/assets/`: no directories, nothing hidden, nothing that could climb out.
    static func isSafeName(_ name: Substring) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.count <= 100
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) }
    }

    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "json": "application/json", "svg": "image/svg+xml", "png": "image/png",
    ]

    static func contentType(_ name: String) -> String? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        return contentTypes[name[name.index(after: dot)...].lowercased()]
    }

    /// Reads every file of `directory` (recursively, to `maxFiles`) whose type the pages use. Small enough to hold in
    /// memory (the pages ~60 kB, Debian's Leaflet directory ~1.2 MB), which keeps file I/O off the event loop and paths out of requests.
    static func load(_ directory: URL, maxFiles: Int = 200) -> [String: File] {
        let root = directory.resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [:] }
        var files: [String: File] = [:]
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for case let url as URL in walker {
            guard files.count < maxFiles else { break }
            let resolved = url.resolvingSymlinksInPath()
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let type = contentType(url.lastPathComponent), let data = try? Data(contentsOf: resolved)
            else { continue }
            let path = url.path.hasPrefix(prefix) ? String(url.path.dropFirst(prefix.count)) : url.lastPathComponent
            files[path] = File(data: data, contentType: type)
        }
        return files
    }

    init(configuration: ServerConfiguration, logger: Logger = Logger(label: "assetmap.server")) {
        if let web = Bundle.module.url(forResource: "Web", withExtension: nil) {
            files = Self.load(web)
        } else {
            logger.error("the web page files are missing from the installation (AssetMap_AssetMapServer.resources/Web)")
            files = [:]
        }
        var leaflet = Self.load(URL(fileURLWithPath: configuration.leafletDirectory))
        // The pages ask for leaflet.js; Debian ships the same version minified beside it, a third of the size.
        if let minified = leaflet["leaflet.min.js"] { leaflet["leaflet.js"] = minified }
        self.leaflet = leaflet
        let leafletReady = leaflet["leaflet.js"] != nil && leaflet["leaflet.css"] != nil
        let tiles = configuration.tiles.flatMap { $0.isEmpty || $0 == "none" ? nil : $0 }
        self.tiles = tiles
        struct Config: Encodable {
            var tiles: String?
            var attribution: String?
            var leaflet: Bool
        }
        let config = Config(tiles: tiles, attribution: tiles.map(Self.attribution), leaflet: leafletReady)
        let json = (try? Responses.encoder.encode(config)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        // `<` escaped so that no setting can close a script element.
        configScript = Data("window.ASSETMAP_CONFIG = \(json.replacingOccurrences(of: "<", with: "\\u003c"));\n".utf8)
    }

    /// The credit a tile server asks for: OpenStreetMap's licence for its tiles, otherwise the tile server's host.
    static func attribution(_ template: String) -> String {
        if template.contains("openstreetmap.org") { return "© OpenStreetMap contributors" }
        let host = URL(string: template.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: ""))?.host
        return "Map tiles: \(host ?? "tile server")"
    }

    /// The images a page may show: its own, `data:` (Leaflet's icons) and the tile server's origin.
    static func contentSecurityPolicy(tiles: String?) -> String {
        var images = "'self' data:"
        if let tiles, let scheme = URL(string: tiles.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: ""))?.scheme {
            images += " \(scheme):"
        }
        return "default-src 'self'; img-src \(images); style-src 'self'; script-src 'self'; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    }

    func respond(_ file: File?, what: String, request: Request, context: APIRequestContext) throws -> Response {
        guard let file else { throw Problem.notFound("no \(what)") }
        var headers: HTTPFields = [.init("X-Content-Type-Options")!: "nosniff", .init("Referrer-Policy")!: "same-origin"]
        if file.contentType.hasPrefix("text/html") {
            headers[.init("Content-Security-Policy")!] = Self.contentSecurityPolicy(tiles: tiles)
        }
        return Responses.body(file.data, contentType: file.contentType, request: request, context: context, extraHeaders: headers)
    }
}

extension API {
    /// Registers the web pages and their assets on the router.
    func addWebPages(to router: Router<APIRequestContext>) {
        let web = WebPages(configuration: configuration)
        let page = { (name: String) in
            { @Sendable (request: Request, context: APIRequestContext) throws -> Response in
                try web.respond(web.files[name], what: "page \(name)", request: request, context: context)
            }
        }
        router.get("/", use: page("index.html"))
        router.get("/officer", use: page("officer.html"))
        router.get("/areas/{code}", use: page("area.html"))
        router.get("/assets/config.js") { request, context in
            try web.respond(
                .init(data: web.configScript, contentType: "text/javascript; charset=utf-8"), what: "config", request: request, context: context)
        }
        router.get("/assets/{name}") { request, context in
            let name = try context.parameters.require("name")
            guard WebPages.isSafeName(name[...]), !name.hasSuffix(".html") else { throw Problem.notFound("no asset '\(name.prefix(60))'") }
            return try web.respond(web.files[name], what: "asset '\(name)'", request: request, context: context)
        }
        router.get("/assets/leaflet/**") { request, context in
            let parts = context.parameters.getCatchAll()
            guard !parts.isEmpty, parts.count <= 3, parts.allSatisfy(WebPages.isSafeName) else {
                throw Problem.notFound("no Leaflet file '\(parts.joined(separator: "/").prefix(60))'")
            }
            let path = parts.joined(separator: "/")
            let missing = web.leaflet.isEmpty
                ? "Leaflet (the map library is not installed: apt-get install libjs-leaflet)" : "Leaflet file '\(path)'"
            return try web.respond(web.leaflet[path], what: missing, request: request, context: context)
        }
    }
}
