import ArgumentParser
import AssetMapServer
import AssetMapStore
import Foundation
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the HTTP JSON API over the database until SIGTERM or SIGINT (then finish requests in flight and stop).",
        discussion: """
            Anonymous callers see sources shared `open`; partner keys also `partners`; officer and admin keys everything,
            and may import and decide reviews. Make keys with `assetmap keys create --role partner|officer|admin`.
            The API is described at /openapi.json. Access logs go to standard error at level info (ASSETMAP_LOG_LEVEL).
              assetmap serve --port 8080
              curl 'http://127.0.0.1:8080/v1/search?q=library&near=WA15%209NT'
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to listen on (0.0.0.0 for every interface).") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(name: .customLong("max-body-mb"), help: "Largest request body (an import) in MiB.") var maxBodyMB = 32
    @Option(name: .customLong("query-timeout"), help: "Seconds a read may take before the client gets 503.") var queryTimeout = 10
    @Option(name: .customLong("cache-mb"), help: "Memory for answers to repeated reads, kept while the database is unchanged (0: off).")
    var cacheMB = 64
    @Option(help: "Background map tiles of the web pages: a URL template with {z}/{x}/{y}, or none (the map then draws areas and points only, offline).")
    var tiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    @Option(
        name: .customLong("rate-limit"),
        help: "Requests per anonymous address: N/s, N/min or N/h; `off` turns every limit off (benchmarks on loopback).")
    var rateLimit = "600/min"
    @Option(name: .customLong("key-rate-limit"), help: "Requests per API key: N/s, N/min or N/h.") var keyRateLimit = "6000/min"
    @Flag(
        name: .customLong("trust-forwarded-for"),
        help: "Limit by the last X-Forwarded-For address (only behind a reverse proxy that sets it).")
    var trustForwardedFor = false

    /// The limits from the options; nil when `--rate-limit off`.
    func rateLimits() throws -> RateLimitConfiguration? {
        do {
            guard let anonymous = try RateLimitConfiguration.perMinute(parsing: rateLimit) else { return nil }
            let keys = try RateLimitConfiguration.perMinute(parsing: keyRateLimit) ?? Int.max / 2
            return RateLimitConfiguration(anonymousPerMinute: anonymous, keyPerMinute: keys, trustForwardedFor: trustForwardedFor)
        } catch let error as RateLimitError {
            throw ValidationError("--rate-limit/--key-rate-limit: \(error)")
        }
    }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535") }
        guard (1...4096).contains(maxBodyMB) else { throw ValidationError("--max-body-mb must be 1–4096") }
        guard (1...3600).contains(queryTimeout) else { throw ValidationError("--query-timeout must be 1–3600 seconds") }
        guard (0...16384).contains(cacheMB) else { throw ValidationError("--cache-mb must be 0–16384") }
        guard tiles == "none" || (tiles.hasPrefix("http") && tiles.contains("{z}")) else {
            throw ValidationError("--tiles must be a tile URL template with {z}/{x}/{y} (http or https), or none")
        }
        _ = try rateLimits()
    }

    func run() async throws {
        let store = try global.openStore()
        var logger = Logger(label: "assetmap.server")
        // Access logs are the point of a server's log: info unless the environment asks otherwise.
        logger.logLevel = ProcessInfo.processInfo.environment["ASSETMAP_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        var configuration = ServerConfiguration(
            host: host, port: port, maxBodyBytes: maxBodyMB * 1024 * 1024, readTimeout: .seconds(queryTimeout),
            responseCacheBytes: cacheMB * 1024 * 1024)
        configuration.tiles = tiles == "none" ? nil : tiles
        configuration.rateLimit = try rateLimits()
        let app = buildApplication(configuration: configuration, store: store, logger: logger)
        try await app.runService()
    }
}
