import Foundation

/// Something the tests of one process share and build once — a real-borough database — built on a thread of its own.
///
/// Swift runs every test's tasks on as many cooperative threads as there are cores: two on the CI machine. A build
/// made in a `static let` initialiser held one of them for a minute or more, and every test that wanted the same
/// build blocked the other one waiting for it, so the whole suite stood still: a server test's request waited 196 s
/// for a thread. Built here, the build takes a core from the operating system's scheduler, and waiting for it is a
/// suspension, not a blocked thread.
public final class BuiltOnce<Value: Sendable>: Sendable {
    private let task: Task<Value, any Error>

    public init(_ build: @escaping @Sendable () throws -> Value) {
        task = Task { try await onOwnThread(build) }
    }

    /// The built value, or the error the build threw; every caller gets the same one.
    public var value: Value {
        get async throws { try await task.value }
    }
}

/// Runs blocking work — a build, a child process, a socket read — on a new thread, so that it never holds one of
/// Swift's cooperative threads while it waits.
public func onOwnThread<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
