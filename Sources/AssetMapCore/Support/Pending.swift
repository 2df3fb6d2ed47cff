import Foundation

/// Work handed to another core while the database connection goes on with its own: started at once, its value
/// collected with `wait`. The store's bulk writes use it to prepare the next batch while the current one is written;
/// matching finds the next batch's words while the current one is interned.
///
/// Unchecked: `value` is written once, by the thread that runs the work, before it signals, and read only after `wait`.
public final class Pending<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private let ready = DispatchSemaphore(value: 0)

    public init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async {
            self.value = work()
            self.ready.signal()
        }
    }

    /// The work's value, once it is done. Call once.
    public func wait() -> Value {
        ready.wait()
        return value!
    }
}

extension Pending {
    /// Works through batches one ahead: while `consume` takes a batch and its value on the calling thread, the next
    /// batch's value is worked out by `prepare` on another core. Batches come from `next` (nil: none left) and are
    /// consumed in order.
    public static func pipeline<Batch: Sendable>(
        next: () throws -> Batch?, prepare: @escaping @Sendable (Batch) -> Value, consume: (Batch, Value) throws -> Void
    ) rethrows {
        func start(_ batch: Batch?) -> (batch: Batch, value: Pending)? {
            batch.map { batch in (batch, Pending { prepare(batch) }) }
        }
        var inFlight = start(try next())
        while let current = inFlight {
            inFlight = start(try next())
            try consume(current.batch, current.value.wait())
        }
    }
}
