import Foundation

/// Runs the store's synchronous (blocking) calls off Swift's cooperative threads, with a time limit.
///
/// Reads go to the global concurrent queue; writes (imports, decisions) to one serial queue of their own, so a long
/// import never holds up searches. A call over its limit answers 503 at once; the query itself runs to its end.
public struct BlockingPool: Sendable {
    public var readTimeout: Duration
    public var writeTimeout: Duration
    let writes = DispatchQueue(label: "assetmap.server.writes")

    public init(readTimeout: Duration = .seconds(10), writeTimeout: Duration = .seconds(300)) {
        self.readTimeout = readTimeout
        self.writeTimeout = writeTimeout
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await run(on: DispatchQueue.global(qos: .userInitiated), timeout: readTimeout, work)
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await run(on: writes, timeout: writeTimeout, work)
    }

    private func run<T: Sendable>(on queue: DispatchQueue, timeout: Duration, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let once = ResumeOnce(continuation)
            queue.async { once.resume(with: Result { try work() }) }
            let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                once.resume(with: .failure(Problem(
                    .serviceUnavailable, type: "timeout", title: "Query time limit",
                    detail: "the query took longer than \(Int(seconds)) s; narrow it (a radius, a category, a smaller page)",
                    headers: [.retryAfter: "5"])))
            }
        }
    }
}

/// Resumes a continuation the first time only (work finished, or time ran out).
final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, any Error>?

    init(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation = continuation
    }

    func resume(with result: Result<T, any Error>) {
        let c: CheckedContinuation<T, any Error>? = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        c?.resume(with: result)
    }
}
