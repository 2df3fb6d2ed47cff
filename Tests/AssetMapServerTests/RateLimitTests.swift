import AssetMapServer
import AssetMapStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Rate limits per key and per address")
struct RateLimitTests {
    /// Anonymous: a burst of 4, then one request a minute; keys: a burst of 8, then one every 30 s. Slow refills keep
    /// the bursts exact on a loaded machine (the whole suite runs at once on two cores, and a debug build's request can
    /// take seconds). Trusts X-Forwarded-For so tests can play several addresses.
    static func configuration(anonymous: Int = 1, key: Int = 2) -> ServerConfiguration {
        var c = ServerConfiguration(maxBodyBytes: 64 * 1024)
        c.rateLimit = RateLimitConfiguration(anonymousPerMinute: anonymous, keyPerMinute: key, burstSeconds: 240, trustForwardedFor: true)
        return c
    }

    static func from(_ address: String) -> HTTPFields { [.init("X-Forwarded-For")!: "203.0.113.9, \(address)"] }

    @Test func aBurstPastTheLimitGets429ThenRecovers() async throws {
        let f = try Fixture()
        try await f.app(Self.configuration()).test(.router) { client in
            for i in 0..<4 {
                let r = try await client.call("/v1/search?q=library", headers: Self.from("198.51.100.1"))
                #expect(r.status == .ok, "request \(i + 1) of the burst: \(r.status)")
            }
            let limited = try await client.call("/v1/search?q=library", headers: Self.from("198.51.100.1"))
            expectProblem(limited, .tooManyRequests)
            #expect(limited.object["type"] as? String == "urn:assetmap:problem:rate-limited")
            let retry = try #require(limited.headers[.retryAfter].flatMap(Int.init), "a 429 says when to retry")
            #expect((1...60).contains(retry), "Retry-After \(retry)")
            // Liveness checks are never limited, even for an address over its budget.
            #expect(try await client.call("/health", headers: Self.from("198.51.100.1")).status == .ok)
            try await Task.sleep(for: .seconds(Double(retry) + 0.2))
            #expect(try await client.call("/v1/search?q=library", headers: Self.from("198.51.100.1")).status == .ok)
        }
    }

    @Test func twoAddressesHaveTheirOwnBudgets() async throws {
        let f = try Fixture()
        try await f.app(Self.configuration()).test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<6 { statuses.append(try await client.call("/v1/areas", headers: Self.from("198.51.100.1")).status) }
            #expect(statuses.filter { $0 == .ok }.count == 4 && statuses.last == .tooManyRequests, "\(statuses)")
            // Another address is untouched by the first one's burst.
            for _ in 0..<4 { #expect(try await client.call("/v1/areas", headers: Self.from("198.51.100.2")).status == .ok) }
            #expect(try await client.call("/v1/areas", headers: Self.from("198.51.100.2")).status == .tooManyRequests)
        }
    }

    @Test func aKeyHasItsOwnBudgetWhereverItCallsFrom() async throws {
        let f = try Fixture()
        try await f.app(Self.configuration()).test(.router) { client in
            for _ in 0..<4 { _ = try await client.call("/v1/areas", headers: Self.from("198.51.100.7")) }
            #expect(try await client.call("/v1/areas", headers: Self.from("198.51.100.7")).status == .tooManyRequests)
            // The partner calls from the exhausted address (and others) and still has a key's budget: 8, then 1 every 30 s.
            let start = ContinuousClock.now
            var allowed = 0
            for i in 0..<40 {
                let status = try await client.call("/v1/areas", key: f.partnerKey, headers: Self.from("198.51.100.\(i)")).status
                if status == .tooManyRequests { break }
                #expect(status == .ok)
                allowed += 1
            }
            let seconds = Double((ContinuousClock.now - start).components.seconds) + 1
            #expect(allowed >= 8 && Double(allowed) <= 8 + seconds / 30, "\(allowed) allowed in about \(seconds) s")
            let limited = try await client.call("/v1/areas", key: f.partnerKey)
            expectProblem(limited, .tooManyRequests)
            #expect((limited.object["detail"] as? String)?.contains("API key") == true, "\(limited.text)")
            // Another key is not charged for the partner's calls.
            #expect(try await client.call("/v1/areas", key: f.officerKey).status == .ok)
        }
    }

    @Test func offMeansNoLimit() async throws {
        let f = try Fixture()
        var c = Self.configuration()
        c.rateLimit = nil
        try await f.app(c).test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<50 { statuses.append(try await client.call("/v1/areas", headers: Self.from("198.51.100.1")).status) }
            #expect(statuses.allSatisfy { $0 == .ok }, "\(statuses)")
        }
    }

    @Test func bucketsAreEvictedNotGrownWithoutBound() {
        final class Clock: @unchecked Sendable {
            var t = 0.0
        }
        let clock = Clock()
        let limiter = RateLimiter(RateLimitConfiguration(anonymousPerMinute: 60, burstSeconds: 5, maxBuckets: 100), now: { clock.t })
        for i in 0..<10_000 {
            clock.t += 0.001
            _ = limiter.take("addr:\(i)", perMinute: 60)
            #expect(limiter.count <= 100)
        }
        // An idle bucket that was evicted comes back full: eviction never takes a caller's remaining budget away wrongly.
        clock.t += 60
        for _ in 0..<5 { #expect(limiter.take("addr:1", perMinute: 60) == nil) }
        #expect(limiter.take("addr:1", perMinute: 60) != nil)
    }

    @Test func limitsAsTheCLIWritesThem() throws {
        #expect(try RateLimitConfiguration.perMinute(parsing: "600/min") == 600)
        #expect(try RateLimitConfiguration.perMinute(parsing: "10/s") == 600)
        #expect(try RateLimitConfiguration.perMinute(parsing: "3600/h") == 60)
        #expect(try RateLimitConfiguration.perMinute(parsing: "250") == 250)
        #expect(try RateLimitConfiguration.perMinute(parsing: "off") == nil)
        for bad in ["fast", "-5/min", "10/fortnight", "", "1e9/s"] {
            #expect(throws: RateLimitError.self, "\(bad)") { try RateLimitConfiguration.perMinute(parsing: bad) }
        }
        // The defaults a council website needs: anonymous 600/min per address, keys 6000/min.
        #expect(ServerConfiguration().rateLimit == RateLimitConfiguration(anonymousPerMinute: 600, keyPerMinute: 6_000))
    }
}
