import AssetMapServer
import Foundation
import Testing

/// The query time limit: a read over it is answered 503 at once, even while every worker is busy with slow reads.
@Suite("Query time limit")
struct BlockingPoolTests {
    @Test func aReadOverItsLimitIsAnswered503() async throws {
        let pool = BlockingPool(readTimeout: .milliseconds(300))
        // Without the limit the read would simply return 1 after 3 s. (No wall-clock bound here: with the whole suite
        // on two cores the answer has waited over a minute for a thread to resume on, which says nothing of the limit.)
        await #expect(throws: (any Error).self) {
            try await pool.read { Thread.sleep(forTimeInterval: 3); return 1 }
        }
        do {
            _ = try await pool.read { Thread.sleep(forTimeInterval: 3); return 1 }
        } catch {
            #expect("\(error)".contains("503") || "\(error)".contains("serviceUnavailable") || "\(error)".contains("time limit"), "\(error)")
        }
    }

    @Test func theLimitHoldsWhileTheWorkersAreAllBusy() async throws {
        let pool = BlockingPool(readTimeout: .milliseconds(300))
        // More slow reads than the machine has workers: the later ones wait in the queue, and must still be answered.
        let failures = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { (try? await pool.read { Thread.sleep(forTimeInterval: 2); return 1 }) == nil }
            }
            var n = 0
            for await failed in group where failed { n += 1 }
            return n
        }
        // Every one is refused by the limit; had a timer queued behind the sleeping workers, they would all succeed.
        #expect(failures == 8)
    }

    @Test func aQuickReadReturnsItsValue() async throws {
        let pool = BlockingPool(readTimeout: .seconds(5))
        #expect(try await pool.read { 41 + 1 } == 42)
    }
}
