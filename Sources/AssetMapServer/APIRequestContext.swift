import Foundation
import Hummingbird
import Logging
import NIOCore

/// What the middleware learns about a request for those outside it (the access log sees the caller set inside).
public final class RequestNotes: @unchecked Sendable {
    private let lock = NSLock()
    private var _caller = Caller.anonymous
    private var _cacheSlot: CacheSlot?

    public var caller: Caller {
        get { lock.withLock { _caller } }
        set { lock.withLock { _caller = newValue } }
    }

    /// Set by the response cache on a miss: the response to a cacheable read is kept here.
    var cacheSlot: CacheSlot? {
        get { lock.withLock { _cacheSlot } }
        set { lock.withLock { _cacheSlot = newValue } }
    }
}

/// The request context of the API: Hummingbird's core storage plus the caller.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let notes = RequestNotes()
    /// The peer's socket address (nil in router tests).
    let remoteSocketAddress: SocketAddress?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteSocketAddress = source.channel.remoteAddress
    }

    /// The peer's IP address as the socket reports it, for per-address rate limits; formatted only when asked
    /// (`inet_ntop` is a `sprintf` per request otherwise).
    public var remoteAddress: String? { remoteSocketAddress?.ipAddress }

    /// Who is calling, as the auth middleware established it.
    public var caller: Caller { notes.caller }
}
