import AssetMapStore
import Foundation

/// Reads and maps rows on a thread of its own while the caller writes the previous batch to the database:
/// parsing and normalising (pure Swift) overlap with SQLite's work, on the two cores a council server has.
final class RowPipeline: @unchecked Sendable {
    struct Mapped {
        var line: Int
        var result: RowMapper.Result
    }

    private let condition = NSCondition()
    private var batches: [[Mapped]] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private let capacity = 8
    private let batchSize = 512

    /// Starts reading at once; `reader` and `mapper` are used only by the pipeline's thread from here on.
    init(reader: any SourceReader, mapper: RowMapper) {
        let box = UncheckedBox((reader, mapper))
        let thread = Thread { [self] in
            let (reader, mapper) = box.value
            var batch: [Mapped] = []
            batch.reserveCapacity(batchSize)
            do {
                while let row = try reader.next() {
                    batch.append(Mapped(line: row.line, result: mapper.draft(from: row)))
                    if batch.count == batchSize {
                        guard put(batch) else { return }
                        batch = []
                        batch.reserveCapacity(batchSize)
                    }
                }
                if !batch.isEmpty { _ = put(batch) }
                close(nil)
            } catch {
                close(error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func put(_ batch: [Mapped]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    private func close(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch in file order, nil at the end; rethrows the reader's error where it happened.
    func next() throws -> [Mapped]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if !batches.isEmpty {
            let batch = batches.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the reading thread early (the import failed).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Hands non-Sendable values to the one thread that will use them from then on.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
