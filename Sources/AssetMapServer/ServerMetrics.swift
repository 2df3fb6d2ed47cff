import AssetMapStore
import Foundation

/// Request counters and latency histograms by route and status, rendered as Prometheus text.
public final class ServerMetrics: @unchecked Sendable {
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Key: Hashable { var method: String; var route: String; var status: Int }
    struct Histogram {
        var counts = [Int](repeating: 0, count: ServerMetrics.buckets.count)
        var sum = 0.0
        var count = 0
    }

    private let lock = NSLock()
    private var requests: [Key: Int] = [:]
    private var latency: [String: Histogram] = [:]
    private var totals: (at: ContinuousClock.Instant, value: DirectoryTotals)?
    private var cacheHits = 0
    private var cacheMisses = 0
    let started = Date()

    public init() {}

    func record(method: String, route: String, status: Int, seconds: Double) {
        lock.withLock {
            requests[Key(method: method, route: route, status: status), default: 0] += 1
            var h = latency[route] ?? Histogram()
            for (i, bound) in Self.buckets.enumerated() where seconds <= bound { h.counts[i] += 1 }
            h.sum += seconds
            h.count += 1
            latency[route] = h
        }
    }

    func recordCache(hit: Bool) {
        lock.withLock {
            if hit { cacheHits += 1 } else { cacheMisses += 1 }
        }
    }

    /// Directory totals, counted at most every 15 s (they scan the directory).
    func directoryTotals(_ store: AssetMapStore) throws -> DirectoryTotals {
        if let cached = lock.withLock({ totals }), ContinuousClock.now - cached.at < .seconds(15) { return cached.value }
        let value = try store.directoryTotals()
        lock.withLock { totals = (ContinuousClock.now, value) }
        return value
    }

    static func label(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    func render(totals: DirectoryTotals?) -> String {
        let (requests, latency, hits, misses) = lock.withLock { (self.requests, self.latency, cacheHits, cacheMisses) }
        var out = ""
        out += "# HELP assetmap_http_requests_total HTTP requests answered, by method, route and status.\n"
        out += "# TYPE assetmap_http_requests_total counter\n"
        for (key, n) in requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "assetmap_http_requests_total{method=\"\(Self.label(key.method))\",route=\"\(Self.label(key.route))\",status=\"\(key.status)\"} \(n)\n"
        }
        out += "# HELP assetmap_http_request_duration_seconds Time to answer, by route.\n"
        out += "# TYPE assetmap_http_request_duration_seconds histogram\n"
        for (route, h) in latency.sorted(by: { $0.key < $1.key }) {
            let r = Self.label(route)
            for (i, bound) in Self.buckets.enumerated() {
                out += "assetmap_http_request_duration_seconds_bucket{route=\"\(r)\",le=\"\(bound)\"} \(h.counts[i])\n"
            }
            out += "assetmap_http_request_duration_seconds_bucket{route=\"\(r)\",le=\"+Inf\"} \(h.count)\n"
            out += "assetmap_http_request_duration_seconds_sum{route=\"\(r)\"} \(h.sum)\n"
            out += "assetmap_http_request_duration_seconds_count{route=\"\(r)\"} \(h.count)\n"
        }
        if let totals {
            for (name, help, value) in [
                ("assetmap_entities", "Entities with at least one active record.", totals.entities),
                ("assetmap_records", "Active source records.", totals.records),
                ("assetmap_sources", "Sources loaded.", totals.sources),
                ("assetmap_postcodes", "Postcodes in the postcode table.", totals.postcodes),
                ("assetmap_areas", "Areas in all layers.", totals.areas),
            ] {
                out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name) \(value)\n"
            }
        }
        out += "# HELP assetmap_response_cache_requests_total Cacheable reads, answered from the response cache (hit) or not (miss).\n"
        out += "# TYPE assetmap_response_cache_requests_total counter\n"
        out += "assetmap_response_cache_requests_total{result=\"hit\"} \(hits)\n"
        out += "assetmap_response_cache_requests_total{result=\"miss\"} \(misses)\n"
        out += "# HELP assetmap_uptime_seconds Seconds since the server started.\n# TYPE assetmap_uptime_seconds gauge\n"
        out += "assetmap_uptime_seconds \(Int(Date().timeIntervalSince(started)))\n"
        return out
    }
}
