import Foundation
import Hummingbird

/// How many requests a caller may make: per API key, and per address for anonymous callers. `nil` in
/// `ServerConfiguration.rateLimit` turns limiting off (benchmarks on loopback).
public struct RateLimitConfiguration: Sendable, Equatable {
    /// Anonymous requests per minute from one address. A resident page makes a handful per view; 600 leaves room for
    /// many people behind one council or library NAT address.
    public var anonymousPerMinute: Int
    /// Requests per minute for one API key (a partner's system, an officer's scripts).
    public var keyPerMinute: Int
    /// The largest burst, as seconds' worth of the rate: a bucket holds `rate × burstSeconds` tokens (at least 1); by
    /// default a whole minute's budget may come at once.
    public var burstSeconds: Double
    /// Use the last `X-Forwarded-For` address instead of the socket's: only behind a reverse proxy that sets it.
    public var trustForwardedFor: Bool
    /// Most buckets kept; beyond it idle (full) buckets are dropped first, then the least recently used.
    public var maxBuckets: Int

    public init(
        anonymousPerMinute: Int = 600, keyPerMinute: Int = 6_000, burstSeconds: Double = 60, trustForwardedFor: Bool = false,
        maxBuckets: Int = 100_000
    ) {
        self.anonymousPerMinute = anonymousPerMinute
        self.keyPerMinute = keyPerMinute
        self.burstSeconds = burstSeconds
        self.trustForwardedFor = trustForwardedFor
        self.maxBuckets = maxBuckets
    }

    /// Reads a limit as the CLI takes it: `N/s`, `N/min` or `N/h` (a bare N is per minute); nil for `off`.
    public static func perMinute(parsing text: String) throws -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if ["off", "none", "0", "unlimited"].contains(t) { return nil }
        let parts = t.split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let n = Int(first), n > 0 else { throw RateLimitError.unreadable(text) }
        let unit = parts.count == 2 ? parts[1] : "min"
        let perMinute: Int
        switch unit {
        case "s", "sec", "second": perMinute = n.multipliedReportingOverflow(by: 60).overflow ? Int.max : n * 60
        case "m", "min", "minute": perMinute = n
        case "h", "hour": perMinute = max(1, n / 60)
        default: throw RateLimitError.unreadable(text)
        }
        return perMinute
    }
}

/// A rate limit written in a way the CLI cannot read.
public enum RateLimitError: Error, CustomStringConvertible, Equatable {
    case unreadable(String)
    public var description: String {
        switch self {
        case .unreadable(let text): "rate limit '\(text)' is not N/s, N/min, N/h or off"
        }
    }
}

/// Token buckets by caller; thread-safe, bounded in size.
public final class RateLimiter: @unchecked Sendable {
    struct Bucket {
        var tokens: Double
        var last: Double
    }

    public let configuration: RateLimitConfiguration
    private let lock = NSLock()
    private var buckets: [String: Bucket] = [:]
    private let now: @Sendable () -> Double

    /// `now` gives seconds on a monotonic clock; tests pass their own.
    public init(_ configuration: RateLimitConfiguration, now: (@Sendable () -> Double)? = nil) {
        self.configuration = configuration
        let start = ContinuousClock.now
        self.now = now ?? {
            let d = ContinuousClock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
    }

    /// How many buckets are kept now.
    public var count: Int { lock.withLock { buckets.count } }

    /// Takes one token from the caller's bucket: nil when allowed, else the seconds until a token is back.
    public func take(_ key: String, perMinute: Int) -> Double? {
        let rate = Double(perMinute) / 60
        let capacity = max(1, rate * configuration.burstSeconds)
        let t = now()
        return lock.withLock { () -> Double? in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, last: t)
            bucket.tokens = min(capacity, bucket.tokens + max(0, t - bucket.last) * rate)
            bucket.last = t
            let wait: Double?
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                wait = nil
            } else {
                wait = (1 - bucket.tokens) / rate
            }
            if buckets[key] == nil && buckets.count >= configuration.maxBuckets { evict(at: t) }
            buckets[key] = bucket
            return wait
        }
    }

    /// Drops buckets that have refilled (a new one would be the same), then, if still too many, the least recently used.
    private func evict(at t: Double) {
        let fullAfter = configuration.burstSeconds + 1
        buckets = buckets.filter { t - $0.value.last < fullAfter }
        if buckets.count >= configuration.maxBuckets {
            let keep = configuration.maxBuckets / 2
            let recent = buckets.sorted { $0.value.last > $1.value.last }.prefix(keep)
            buckets = Dictionary(uniqueKeysWithValues: recent.map { ($0.key, $0.value) })
        }
    }
}

/// Answers 429 (problem+json, `Retry-After`) when a key or an anonymous address is over its rate. Runs after the auth
/// middleware, so a key is charged to its own budget wherever it calls from. `/health` is never limited.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == "/health" { return try await next(request, context) }
        let configuration = limiter.configuration
        let key: String
        let perMinute: Int
        if let id = context.caller.keyID {
            key = "key:\(id)"
            perMinute = configuration.keyPerMinute
        } else {
            key = Self.anonymousKey(Self.address(request, context, trustForwardedFor: configuration.trustForwardedFor))
            perMinute = configuration.anonymousPerMinute
        }
        if let wait = limiter.take(key, perMinute: perMinute) {
            let seconds = max(1, Int(wait.rounded(.up)))
            let who = context.caller.keyID == nil ? "this address" : "this API key"
            throw Problem(
                .tooManyRequests, type: "rate-limited", title: "Too many requests",
                detail: "\(who) may make \(perMinute) requests a minute; try again in \(seconds) s",
                headers: [.retryAfter: String(seconds)])
        }
        return try await next(request, context)
    }

    /// The caller's address: the socket's peer, or the last `X-Forwarded-For` hop when a trusted proxy sets it.
    static func address(_ request: Request, _ context: Context, trustForwardedFor: Bool) -> String {
        address(headers: request.headers, peer: context.remoteAddress, trustForwardedFor: trustForwardedFor)
    }

    static func address(headers: HTTPFields, peer: @autoclosure () -> String?, trustForwardedFor: Bool) -> String {
        if trustForwardedFor, let forwarded = headers[.init("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return String(last.prefix(64))
        }
        return peer() ?? "unknown"
    }

    /// The bucket of an anonymous caller at `address` (shared with `CachedReadHandler`).
    static func anonymousKey(_ address: String) -> String { "addr:\(address)" }
}
