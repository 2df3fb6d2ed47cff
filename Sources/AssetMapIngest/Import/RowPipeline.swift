import AssetMapStore
import Foundation

/// Reads rows on one thread and maps them on another while the caller writes earlier batches to the database:
/// parsing (CSV.swift) and normalising (pure Swift) overlap with each other and with SQLite's work. With one thread
/// for both, the reading side held a million-row import's rows phase at 80 s while the writer idled half of it.
final class RowPipeline: @unchecked Sendable {
    struct Mapped {
        var line: Int
        var result: RowMapper.Result
    }

    private let read = BatchQueue<SourceRow>(capacity: 8)
    private let mapped = BatchQueue<Mapped>(capacity: 8)
    private let batchSize = 512

    /// Starts reading at once; `reader` and `mapper` are used only by the pipeline's threads from here on.
    init(reader: any SourceReader, mapper: RowMapper) {
        let readerBox = UncheckedBox(reader)
        let mapperBox = UncheckedBox(mapper)
        let (read, mapped, batchSize) = (read, mapped, batchSize)
        Self.start {
            let reader = readerBox.value
            var batch: [SourceRow] = []
            batch.reserveCapacity(batchSize)
            do {
                while let row = try reader.next() {
                    batch.append(row)
                    if batch.count == batchSize {
                        guard read.put(batch) else { return }
                        batch = []
                        batch.reserveCapacity(batchSize)
                    }
                }
                if !batch.isEmpty { _ = read.put(batch) }
                read.close(nil)
            } catch {
                read.close(error)
            }
        }
        Self.start {
            let mapper = mapperBox.value
            do {
                while let rows = try read.next() {
                    guard mapped.put(rows.map { Mapped(line: $0.line, result: mapper.draft(from: $0)) }) else { return }
                }
                mapped.close(nil)
            } catch {
                // The reader's error, passed on in its place: after every row read before it.
                mapped.close(error)
            }
        }
    }

    private static func start(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The next batch in file order, nil at the end; rethrows the reader's error where it happened.
    func next() throws -> [Mapped]? { try mapped.next() }

    /// Stops both threads early (the import failed).
    func cancel() {
        read.cancel()
        mapped.cancel()
    }
}

/// Batches handed from one thread to the next, in order, at most `capacity` waiting; closed with an error or none.
final class BatchQueue<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[Element]] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room; false when the queue was cancelled (the producer should stop).
    func put(_ batch: [Element]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    func close(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, nil at the end (or once cancelled); the producer's error after every batch before it.
    func next() throws -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished && !cancelled { condition.wait() }
        if !batches.isEmpty {
            let batch = batches.removeFirst()
            condition.broadcast()
            return batch
        }
        if let failure { throw failure }
        return nil
    }

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
