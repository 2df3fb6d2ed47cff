#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Hummingbird
import Logging
import NIOCore
import NIOHTTPTypes

/// What the event-loop fast path shares with the router's middleware, so both count, limit and cache as one.
struct CachedReads: Sendable {
    let cache: ResponseCache
    let metrics: ServerMetrics
    let limiter: RateLimiter?
    let logger: Logger
    let serverName: String?

    /// The cached answer to `head`, when `ResponseCacheMiddleware` would serve one from the cache: an anonymous GET
    /// (no `Authorization`), a key the cache holds at the database's current stamp, and the caller within its rate.
    /// Nil sends the request on to the router, which decides it as it always has.
    func entry(for head: HTTPRequest, peer: SocketAddress?) -> ResponseCache.Entry? {
        // Hummingbird closes the connection after a `Connection: close` request; leave those to it.
        guard head.method == .get, head.headerFields[.authorization] == nil, head.headerFields[.connection] == nil,
            let target = head.path, let stamp = cache.stamp()
        else { return nil }
        let key = ResponseCache.key(role: .anonymous, accept: head.headerFields[.accept], target: target)
        guard let entry = cache.lookup(key, stamp: stamp) else { return nil }
        if let limiter {
            // Charged only for a hit: a miss is charged once, by `RateLimitMiddleware`. Over the limit, the router
            // answers the 429 with its Retry-After.
            let configuration = limiter.configuration
            let address = RateLimitMiddleware.address(
                headers: head.headerFields, peer: peer?.ipAddress, trustForwardedFor: configuration.trustForwardedFor)
            guard limiter.take(RateLimitMiddleware.anonymousKey(address), perMinute: configuration.anonymousPerMinute) == nil
            else { return nil }
        }
        return entry
    }
}

/// Answers reads the response cache already holds on the connection's event loop, before Hummingbird's router.
///
/// Hummingbird hands each request from NIO's event loop to a Swift task and the response back again. For an answer
/// that is already bytes in memory, those two hops are most of its cost (a cached entity: 19,000 requests/s through
/// the router on two cores). This handler sits in every connection's pipeline after the HTTP codec and answers there
/// exactly the requests `ResponseCacheMiddleware` would answer from the cache (`CachedReads.entry`). The answer
/// carries what the rest of the chain adds (CORS, `Date`, `Server`, 304 for `If-None-Match`), is counted in
/// `/metrics` and logged like any other, and pays the rate limit. Everything else goes on unchanged, and so does
/// every request that arrives while an earlier one on the same connection is still being answered, so pipelined
/// answers keep their order.
final class CachedReadHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let reads: CachedReads
    /// Requests passed to the router whose response has not yet ended.
    private var unanswered = 0
    /// A request to answer from the cache, held until its end arrives (a GET may still carry a body).
    private var held: (head: HTTPRequest, entry: ResponseCache.Entry, start: ContinuousClock.Instant)?
    private var date = HTTPDate()

    init(reads: CachedReads) {
        self.reads = reads
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let start = ContinuousClock.now
            if unanswered == 0, held == nil, let entry = reads.entry(for: head, peer: context.remoteAddress) {
                held = (head, entry, start)
                return
            }
            unanswered += 1
            context.fireChannelRead(data)
        case .body:
            if let held {
                // Not a plain read after all: the router gets the whole request.
                self.held = nil
                unanswered += 1
                context.fireChannelRead(wrapInboundOut(.head(held.head)))
            }
            context.fireChannelRead(data)
        case .end:
            if let held {
                self.held = nil
                answer(held.head, held.entry, start: held.start, context: context)
                return
            }
            context.fireChannelRead(data)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // A response's end (the router's, or its 400 for an unparseable request) frees the connection.
        if case .end = unwrapOutboundIn(data) { unanswered = max(0, unanswered - 1) }
        context.write(data, promise: promise)
    }

    private func answer(_ head: HTTPRequest, _ entry: ResponseCache.Entry, start: ContinuousClock.Instant, context: ChannelHandlerContext) {
        let answer = entry.answer(ifNoneMatch: head.headerFields[.ifNoneMatch])
        var headers = answer.headers
        CORSMiddleware.addResponseHeaders(&headers)
        headers[.date] = date.now()
        if let serverName = reads.serverName { headers[.server] = serverName }
        headers[.contentLength] = String(answer.body?.readableBytes ?? 0)
        context.write(wrapOutboundOut(.head(HTTPResponse(status: answer.status, headerFields: headers))), promise: nil)
        if let body = answer.body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        reads.metrics.recordCache(hit: true)
        AccessLogMiddleware.record(
            metrics: reads.metrics, logger: reads.logger, method: head.method, path: Self.path(of: head.path ?? "/"),
            route: entry.route, status: answer.status.code, start: start, role: .anonymous, keyID: nil)
    }

    /// The path of a request target, without its query (as the router's access log shows it).
    static func path(of target: String) -> String {
        target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
    }
}

/// The `Date` header's text (RFC 9110 IMF-fixdate), formatted once a second per connection.
struct HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private var second: time_t = -1
    private var text = ""

    mutating func now() -> String {
        let t = time(nil)
        if t != second {
            second = t
            text = Self.format(t)
        }
        return text
    }

    static func format(_ t: time_t) -> String {
        var t = t
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(1900 + parts.tm_year) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
