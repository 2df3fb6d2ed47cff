#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AssetMapServer
import AssetMapStore
import AssetMapTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Cached reads answered on the event loop (`CachedReadHandler`) must be the answers the router gives, over a real
/// socket: same bytes and headers, the same freshness, roles, rate limits and counts, and in request order.
@Suite("Cached reads on the event loop")
struct CachedReadHandlerTests {
    /// A server on a free loopback port, as `.live` tests need.
    static func live() -> ServerConfiguration {
        ServerConfiguration(host: "127.0.0.1", port: 0)
    }

    /// Header names and values, without the ones that legitimately differ between two answers (the clock).
    static func comparable(_ headers: HTTPFields) -> [String: String] {
        var out: [String: String] = [:]
        for field in headers where field.name != .date { out[field.name.canonicalName] = field.value }
        return out
    }

    @Test func aHitIsTheRoutersAnswerByteForByte() async throws {
        let db = try ResponseCacheTests.fileDatabase(rows: "g1,Zebracorn Club,youth club\n")
        defer { try? FileManager.default.removeItem(at: db.dir) }
        let app = buildApplication(configuration: Self.live(), store: db.store, logger: Fixture.quiet)
        try await app.test(.live) { client in
            let miss = try await client.call("/v1/search?q=zebracorn")
            let hit = try await client.call("/v1/search?q=zebracorn")
            #expect(miss.status == .ok)
            #expect(hit.status == .ok)
            #expect(hit.text == miss.text)
            #expect(Self.comparable(hit.headers) == Self.comparable(miss.headers))
            #expect(hit.headers[.date] != nil)
            #expect(hit.headers[.accessControlAllowOrigin] == "*")
            #expect(try await ResponseCacheTests.cacheCount(client, "hit") == 1)
            // The hit is counted under its route, as the router counts it.
            let metrics = try await client.call("/metrics").text
            #expect(metrics.contains("assetmap_http_requests_total{method=\"GET\",route=\"/v1/search\",status=\"200\"} 2"), "\(metrics)")

            let conditional = try await client.call("/v1/search?q=zebracorn", headers: [.ifNoneMatch: miss.headers[.eTag] ?? ""])
            #expect(conditional.status == .notModified)
            #expect(conditional.text.isEmpty)
            #expect(conditional.headers[.eTag] == miss.headers[.eTag])
            #expect(try await ResponseCacheTests.cacheCount(client, "hit") == 2)
            let stale = try await client.call("/v1/search?q=zebracorn", headers: [.ifNoneMatch: "\"something-else\""])
            #expect(stale.status == .ok)
            #expect(stale.text == miss.text)

            // A commit from another connection retires the answer at once.
            let other = try AssetMapStore.open(path: db.path)
            try ResponseCacheTests.importGroups("g1,Zebracorn Club,youth club\ng2,Zebracorn Allotments,allotment\n", into: other, dir: db.dir)
            let after = try await client.call("/v1/search?q=zebracorn")
            #expect(after.array("results").count == 2, "answered from before the commit: \(after.text)")
        }
    }

    @Test func aKeyIsNeverAnsweredWithTheAnonymousPage() async throws {
        let (db, partner) = try ResponseCacheTests.fileDatabaseWithPartnersOnlyDepot()
        defer { try? FileManager.default.removeItem(at: db.dir) }
        let app = buildApplication(configuration: Self.live(), store: db.store, logger: Fixture.quiet)
        try await app.test(.live) { client in
            for _ in 0..<2 {
                let anonymous = try await client.call("/v1/search?q=zebracorn")
                #expect(anonymous.array("results").count == 1)
                let seen = try await client.call("/v1/search?q=zebracorn", key: partner)
                #expect(seen.array("results").count == 2)
                let wrong = try await client.call("/v1/search?q=zebracorn", key: "not-a-key")
                #expect(wrong.status == .unauthorized)
            }
        }
    }

    @Test func theRateLimitHoldsForCachedAnswers() async throws {
        let db = try ResponseCacheTests.fileDatabase(rows: "g1,Zebracorn Club,youth club\n")
        defer { try? FileManager.default.removeItem(at: db.dir) }
        var configuration = Self.live()
        // A bucket of three that refills one a minute: a loaded test machine cannot refill it between the requests.
        configuration.rateLimit = RateLimitConfiguration(anonymousPerMinute: 1, burstSeconds: 180)
        let app = buildApplication(configuration: configuration, store: db.store, logger: Fixture.quiet)
        try await app.test(.live) { client in
            var statuses: [Int] = []
            for _ in 0..<5 { statuses.append(try await client.call("/v1/entities/1").status.code) }
            // One miss and two hits spend the three; the rest are refused with the router's 429.
            #expect(statuses == [200, 200, 200, 429, 429])
            let refused = try await client.call("/v1/entities/1")
            #expect(refused.headers[.retryAfter] != nil)
            #expect(refused.headers[.contentType] == "application/problem+json")
        }
    }

    /// Two requests written at once: the first goes to the router (not cached), the second is cached. The cached one
    /// must not overtake: HTTP/1.1 answers pipelined requests in order.
    @Test func pipelinedAnswersKeepTheirOrder() async throws {
        let db = try ResponseCacheTests.fileDatabase(rows: "g1,Zebracorn Club,youth club\n")
        defer { try? FileManager.default.removeItem(at: db.dir) }
        let app = buildApplication(configuration: Self.live(), store: db.store, logger: Fixture.quiet)
        try await app.test(.live) { client in
            let cached = try await client.call("/v1/entities/1")
            #expect(cached.status == .ok)
            let port = try #require(client.port)
            for round in 0..<3 {
                let request = "GET /v1/search?q=zebracorn&per_page=\(round + 2) HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/entities/1 HTTP/1.1\r\nHost: x\r\n\r\n"
                // The socket blocks, so it runs on a thread of its own: blocking one of Swift's cooperative threads
                // (two on this machine) starved the server it waits for, and every other test of the suite.
                let text = try await onOwnThread { try Self.exchange(port: port, request, answers: 2) }
                let search = try #require(text.range(of: "\"results\""), "no search answer in: \(text)")
                let entity = try #require(text.range(of: "\"requested_id\""), "no entity answer in: \(text)")
                #expect(search.lowerBound < entity.lowerBound, "the cached answer overtook the first request")
            }
        }
    }

    /// Writes `request` on a new connection and reads until `answers` complete responses (by Content-Length) arrive.
    static func exchange(port: Int, _ request: String, answers: Int) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketFailure(step: "socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw SocketFailure(step: "connect") }
        let bytes = Array(request.utf8)
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw SocketFailure(step: "send") }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Self.completeAnswers(in: received) < answers {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            received.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Plain errors: `exchange` runs on a thread of its own, outside the test's task.
    struct SocketFailure: Error { let step: String }

    static func completeAnswers(in bytes: [UInt8]) -> Int {
        let text = String(decoding: bytes, as: UTF8.self)
        var count = 0
        var rest = Substring(text)
        while let end = rest.range(of: "\r\n\r\n") {
            let head = rest[..<end.lowerBound].lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            let body = rest[end.upperBound...]
            guard body.utf8.count >= length else { break }
            count += 1
            rest = body.dropFirst(length)
        }
        return count
    }
}
