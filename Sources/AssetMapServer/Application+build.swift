import AssetMapQuery
import AssetMapStore
import Foundation
import Hummingbird
import Logging

/// How the server runs: address and limits. Built by the caller; the server reads no environment.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Largest request body accepted (an import's file and profile); larger is 413.
    public var maxBodyBytes: Int
    /// Largest `per_page`.
    public var maxPerPage: Int
    /// Deepest result reachable by paging (`page × per_page`), so no request scans the whole directory to skip it.
    public var maxResultWindow: Int
    /// Longest a read may take before the client is answered 503.
    public var readTimeout: Duration
    public var serverName: String
    /// Memory for answers to repeated reads, kept while the database is unchanged; 0 turns the cache off.
    public var responseCacheBytes: Int
    /// Background map tiles of the web pages (a `{z}/{x}/{y}` URL template), or nil or "none" for none (offline).
    public var tiles: String? = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    /// Where Leaflet is installed (Debian's libjs-leaflet); without it the web pages work as lists.
    public var leafletDirectory = "/usr/share/javascript/leaflet"
    /// Requests per minute per API key and per anonymous address; nil turns limiting off.
    public var rateLimit: RateLimitConfiguration? = RateLimitConfiguration()

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 32 * 1024 * 1024, maxPerPage: Int = 100,
        maxResultWindow: Int = 10_000, readTimeout: Duration = .seconds(10), serverName: String = "AssetMap",
        responseCacheBytes: Int = 64 * 1024 * 1024
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxPerPage = maxPerPage
        self.maxResultWindow = maxResultWindow
        self.readTimeout = readTimeout
        self.serverName = serverName
        self.responseCacheBytes = responseCacheBytes
    }
}

/// The HTTP API over one store. `runService()` on the result serves until SIGTERM or SIGINT, then drains and stops.
public func buildApplication(
    configuration: ServerConfiguration, store: AssetMapStore, logger: Logger = Logger(label: "assetmap.server")
) -> some ApplicationProtocol {
    let shared = SharedState(configuration: configuration, store: store)
    let router = buildRouter(configuration: configuration, store: store, shared: shared)
    // Cached answers are sent from each connection's event loop, before the router (see `CachedReadHandler`).
    let reads = CachedReads(
        cache: shared.cache, metrics: shared.metrics, limiter: shared.limiter, logger: logger, serverName: configuration.serverName)
    return Application(
        responder: HeadAsGet(responder: router.buildResponder()),
        server: .http1(configuration: .init(additionalChannelHandlers: [CachedReadHandler(reads: reads)])),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: configuration.serverName),
        logger: logger)
}

/// The routes and middleware of the API (exposed for tests and for embedding).
public func buildRouter(configuration: ServerConfiguration, store: AssetMapStore) -> Router<APIRequestContext> {
    buildRouter(configuration: configuration, store: store, shared: SharedState(configuration: configuration, store: store))
}

/// What the middleware, the handlers and the event-loop fast path share for the life of the server.
struct SharedState: Sendable {
    let pool: BlockingPool
    let metrics: ServerMetrics
    let cache: ResponseCache
    let limiter: RateLimiter?

    init(configuration: ServerConfiguration, store: AssetMapStore) {
        pool = BlockingPool(readTimeout: configuration.readTimeout)
        metrics = ServerMetrics()
        cache = ResponseCache(databasePath: store.path, maxBytes: configuration.responseCacheBytes)
        limiter = configuration.rateLimit.map { RateLimiter($0) }
    }
}

func buildRouter(configuration: ServerConfiguration, store: AssetMapStore, shared: SharedState) -> Router<APIRequestContext> {
    let api = API(store: store, configuration: configuration, pool: shared.pool, metrics: shared.metrics)
    let router = Router(context: APIRequestContext.self)
    // Outermost first: the access log sees the final status of everything, errors included.
    router.add(middleware: AccessLogMiddleware(metrics: shared.metrics))
    router.add(middleware: CORSMiddleware())
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: MethodNotAllowedMiddleware())
    router.add(middleware: AuthMiddleware(keys: APIKeys(store: store), pool: shared.pool))
    if let limiter = shared.limiter { router.add(middleware: RateLimitMiddleware(limiter: limiter)) }
    router.add(middleware: ResponseCacheMiddleware(cache: shared.cache, metrics: shared.metrics))
    api.addRoutes(to: router)
    return router
}

/// The endpoint handlers; each turns parameters into a library call and its answer into JSON.
struct API: Sendable {
    let store: AssetMapStore
    let directory: Directory
    let configuration: ServerConfiguration
    let pool: BlockingPool
    let metrics: ServerMetrics

    init(store: AssetMapStore, configuration: ServerConfiguration, pool: BlockingPool, metrics: ServerMetrics) {
        self.store = store
        self.directory = Directory(store: store)
        self.configuration = configuration
        self.pool = pool
        self.metrics = metrics
    }

    func addRoutes(to router: Router<APIRequestContext>) {
        router.get("/health") { request, context in try await health(request, context) }
        router.get("/openapi.json") { request, context in try openAPI(request, context) }
        router.get("/metrics") { request, context in try await metricsText(request, context) }
        router.get("/v1/search") { request, context in try await search(request, context) }
        router.get("/v1/entities/{id}") { request, context in try await entity(request, context) }
        router.get("/v1/postcodes/{postcode}") { request, context in try await postcode(request, context) }
        router.get("/v1/areas") { request, context in try await areas(request, context) }
        router.get("/v1/areas/{code}") { request, context in try await area(request, context) }
        router.get("/v1/areas/{code}/profile") { request, context in try await areaProfile(request, context) }
        router.get("/v1/gaps") { request, context in try await gaps(request, context) }
        router.get("/v1/coverage") { request, context in try await coverage(request, context) }
        router.get("/v1/colocation") { request, context in try await colocation(request, context) }
        router.get("/v1/export") { request, context in try await export(request, context) }
        router.post("/v1/imports") { request, context in try await importSource(request, context) }
        router.get("/v1/review") { request, context in try await reviewQueue(request, context) }
        router.get("/v1/review/{id}") { request, context in try await reviewItem(request, context) }
        router.post("/v1/review/{id}") { request, context in try await decide(request, context) }
        router.get("/v1/audit") { request, context in try await auditLog(request, context) }
        addWebPages(to: router)
        addOpenReferralRoutes(to: router)
        addReconcileRoutes(to: router)
    }

    /// Refuses callers below `role`: no key is 401 (send one), a key without the role is 403.
    func require(_ role: Role, _ context: APIRequestContext, for what: String) throws {
        let caller = context.caller
        guard caller.role < role else { return }
        if caller.role == .anonymous {
            throw Problem.unauthorized("\(what) needs an API key with the \(role.rawValue) role (Authorization: Bearer KEY)")
        }
        throw Problem.forbidden("\(what) needs the \(role.rawValue) role; this key is \(caller.role.rawValue)")
    }
}
