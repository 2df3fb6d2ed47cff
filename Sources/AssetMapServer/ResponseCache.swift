#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Hummingbird

/// Answers repeated reads from memory while the database is unchanged.
///
/// A council site asks for the same entities, postcodes and searches again and again; the answers change only when
/// something is committed. Every commit, from this process or any other (a CLI import), changes the database's
/// write-ahead log, so a stamp of the files taken before a response is computed tells whether it is still current:
/// a cached answer is served only while the stamp is the same. Off for in-memory stores (no files to stamp).
final class ResponseCache: @unchecked Sendable {
    struct Entry {
        var stamp: DatabaseStamp
        var body: ByteBuffer
        var headers: HTTPFields
        /// The route that answered (`/v1/entities/{id}`), for the metrics of a hit answered before routing.
        var route: String
    }

    /// What an answer depends on besides the database: the caller's role, what they accept, and the URL as sent.
    /// One function, because the middleware and the event-loop fast path (`CachedReadHandler`) must agree byte for byte.
    static func key(role: Role, accept: String?, target: String) -> String {
        "\(role.rawValue) \(accept ?? "") \(target)"
    }

    private let databasePath: String?
    private let maxBytes: Int
    private let maxBodyBytes: Int
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var bytes = 0

    /// `maxBytes` 0 turns the cache off.
    init(databasePath: String?, maxBytes: Int, maxBodyBytes: Int = 512 * 1024) {
        self.databasePath = maxBytes > 0 ? databasePath : nil
        self.maxBytes = maxBytes
        self.maxBodyBytes = maxBodyBytes
    }

    var isEnabled: Bool { databasePath != nil }

    private let walHeader = WALHeaderReader()

    /// The database files as they are now; nil when they cannot be read (then nothing is cached).
    func stamp() -> DatabaseStamp? {
        guard let databasePath else { return nil }
        return DatabaseStamp(path: databasePath, walHeader: walHeader)
    }

    func lookup(_ key: String, stamp: DatabaseStamp) -> Entry? {
        lock.withLock {
            guard let entry = entries[key] else { return nil }
            return entry.stamp == stamp ? entry : nil
        }
    }

    func store(_ key: String, _ entry: Entry) {
        let size = entry.body.readableBytes + key.utf8.count
        guard size <= maxBodyBytes else { return }
        lock.withLock {
            if let old = entries[key] { bytes -= old.body.readableBytes + key.utf8.count }
            if bytes + size > maxBytes {
                // Simple and bounded: start again rather than track recency on every hit.
                entries.removeAll(keepingCapacity: true)
                bytes = 0
            }
            entries[key] = entry
            bytes += size
        }
    }
}

extension ResponseCache.Entry {
    /// The cached answer to a request: 304 without a body when `If-None-Match` names this version, else 200.
    func answer(ifNoneMatch: String?) -> (status: HTTPResponse.Status, headers: HTTPFields, body: ByteBuffer?) {
        if let ifNoneMatch, let tag = headers[.eTag], Responses.matches(ifNoneMatch, tag) {
            var headers = headers
            headers[.contentType] = nil
            return (.notModified, headers, nil)
        }
        return (.ok, headers, body)
    }
}

/// The state of a database's files: changes with every commit (the WAL grows, or restarts with new salts) and
/// every checkpoint.
struct DatabaseStamp: Equatable, Sendable {
    var database: FileState
    var wal: FileState
    /// The WAL header's checkpoint sequence and salts: they change when the log restarts from its beginning.
    var walHeader: UInt64

    struct FileState: Equatable, Sendable {
        var size: Int64 = -1
        var seconds: Int = 0
        var nanoseconds: Int = 0
        /// The file itself: a WAL deleted and created again is another file, even at the same size and time.
        var inode: UInt64 = 0
    }

    init?(path: String, walHeader reader: WALHeaderReader) {
        guard let database = Self.state(path) else { return nil }
        self.database = database
        let walPath = path + "-wal"
        wal = Self.state(walPath) ?? FileState()
        walHeader = wal.size >= 32 ? reader.header(walPath, inode: wal.inode) : 0
    }

    private static func state(_ path: String) -> FileState? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return FileState(
            size: Int64(info.st_size), seconds: Int(time.tv_sec), nanoseconds: Int(time.tv_nsec), inode: UInt64(info.st_ino))
    }
}

/// Reads the WAL header through one open descriptor, reopened only when the WAL is another file (another inode):
/// an open and a close per request were a fifth of a cached answer's system calls.
final class WALHeaderReader: @unchecked Sendable {
    private let lock = NSLock()
    private var file: (fd: Int32, inode: UInt64)?

    deinit {
        if let file { close(file.fd) }
    }

    /// A hash of bytes 12–23 (checkpoint sequence number, salt-1, salt-2); 0 when they cannot be read.
    func header(_ path: String, inode: UInt64) -> UInt64 {
        lock.withLock {
            if let current = file, current.inode != inode {
                close(current.fd)
                file = nil
            }
            if file == nil {
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { return 0 }
                // The descriptor must be the file that was stamped; if it was replaced in between, read nothing.
                var info = stat()
                guard fstat(fd, &info) == 0, UInt64(info.st_ino) == inode else {
                    close(fd)
                    return 0
                }
                file = (fd, inode)
            }
            guard let fd = file?.fd else { return 0 }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { bytes in
                guard pread(fd, bytes.baseAddress, 24, 0) == 24 else { return 0 }
                var value: UInt64 = 0xcbf2_9ce4_8422_2325
                for byte in bytes[12..<24] { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
                return value
            }
        }
    }
}

/// Serves GET reads of the directory from the response cache, and marks misses so `Responses.body` fills it.
struct ResponseCacheMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let cache: ResponseCache
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard cache.isEnabled, request.method == .get, Self.isCacheable(request.uri.path), let stamp = cache.stamp() else {
            return try await next(request, context)
        }
        // What a caller may see depends on their role; the format on what they accept.
        let key = ResponseCache.key(role: context.caller.role, accept: request.headers[.accept], target: request.uri.description)
        let entry = cache.lookup(key, stamp: stamp)
        metrics.recordCache(hit: entry != nil)
        if let entry {
            let answer = entry.answer(ifNoneMatch: request.headers[.ifNoneMatch])
            return Response(status: answer.status, headers: answer.headers, body: answer.body.map { .init(byteBuffer: $0) } ?? .init())
        }
        context.notes.cacheSlot = .init(cache: cache, key: key, stamp: stamp)
        return try await next(request, context)
    }

    /// Reads whose answer depends only on the database and the caller's role. Not the officer's queue (decisions
    /// change it from this process too, but it is small and wants no surprises), exports (large) or the server's own state.
    static func isCacheable(_ path: String) -> Bool {
        (path.hasPrefix("/v1/") || path.hasPrefix("/oruk")) && !path.hasPrefix("/v1/export") && !path.hasPrefix("/v1/review")
            && !path.hasPrefix("/v1/imports") && !path.hasPrefix("/v1/audit")
    }
}

/// Where a response computed on a cache miss is to be kept.
struct CacheSlot: Sendable {
    let cache: ResponseCache
    let key: String
    let stamp: DatabaseStamp

    func keep(_ body: ByteBuffer, headers: HTTPFields, route: String) {
        cache.store(key, .init(stamp: stamp, body: body, headers: headers, route: route))
    }
}
