import Foundation

/// Runs the store's synchronous (blocking) calls off Swift's cooperative threads, with a time limit.
///
/// Reads go to the global concurrent queue; writes (imports, decisions) to one serial queue of their own, so a long
/// import never holds up searches. A call over its limit answers 503; the query itself runs to its end.
public struct BlockingPool: Sendable {
    public var readTimeout: Duration
    public var writeTimeout: Duration
    let writes = DispatchQueue(label: "assetmap.server.writes")
    let watchdog = Watchdog()

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
        let watchdog = self.watchdog
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let once = ResumeOnce(continuation)
            let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
            let ticket = watchdog.watch(seconds: seconds) {
                once.resume(with: .failure(Problem(
                    .serviceUnavailable, type: "timeout", title: "Query time limit",
                    detail: "the query took longer than \(Int(seconds)) s; narrow it (a radius, a category, a smaller page)",
                    headers: [.retryAfter: "5"])))
            }
            queue.async {
                let result = Result { try work() }
                watchdog.finished(ticket)
                once.resume(with: result)
            }
        }
    }
}

/// One clock for every call in flight, rather than a timer per call: at thousands of requests a second, a
/// Dispatch timer each (mostly cancelled unfired) costs more than the queries they guard.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var deadlines: [UInt64: (deadline: UInt64, expire: @Sendable () -> Void)] = [:]
    private var nextTicket: UInt64 = 0
    private var timerStarted = false
    /// How often overdue calls are looked for: time limits are honoured to within this.
    static let resolution = 0.1

    func watch(seconds: Double, expire: @escaping @Sendable () -> Void) -> UInt64 {
        let deadline = DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, seconds) * 1e9)
        return lock.withLock {
            nextTicket &+= 1
            deadlines[nextTicket] = (deadline, expire)
            if !timerStarted { startTimer() }
            return nextTicket
        }
    }

    func finished(_ ticket: UInt64) {
        lock.withLock { _ = deadlines.removeValue(forKey: ticket) }
    }

    /// Called with the lock held. A thread of its own, not a Dispatch timer: when every worker of the global queues is
    /// busy with slow reads (the very case the limit is for), a timer queued behind them would never fire.
    private func startTimer() {
        let thread = Thread { [weak self] in
            while true {
                Thread.sleep(forTimeInterval: Watchdog.resolution)
                guard let self else { return }
                self.expireOverdue()
            }
        }
        thread.name = "assetmap.watchdog"
        thread.start()
        timerStarted = true
    }

    private func expireOverdue() {
        let now = DispatchTime.now().uptimeNanoseconds
        let overdue: [@Sendable () -> Void] = lock.withLock {
            let keys = deadlines.compactMap { $0.value.deadline <= now ? $0.key : nil }
            return keys.compactMap { deadlines.removeValue(forKey: $0)?.expire }
        }
        for expire in overdue { expire() }
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
