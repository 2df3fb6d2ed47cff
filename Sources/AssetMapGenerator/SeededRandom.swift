import AssetMapCore

/// A deterministic generator (xoshiro256** seeded through SplitMix64), so that the same seed gives
/// the same borough on every run; the system generator is never used.
struct SeededRandom {
    private var core: Xoshiro256

    init(seed: UInt64) {
        var state = seed
        let s0 = SeededRandom.splitMix(&state), s1 = SeededRandom.splitMix(&state)
        let s2 = SeededRandom.splitMix(&state), s3 = SeededRandom.splitMix(&state)
        core = Xoshiro256(s0, s1, s2, s3)
    }

    /// An independent stream for one sub-task, derived from a seed and labels (no shared state).
    init(seed: UInt64, _ labels: UInt64...) {
        var h = seed
        for label in labels { h = SeededRandom.mix(h ^ SeededRandom.mix(label &+ 0x632B_E59B_D9B4_E019)) }
        self.init(seed: h)
    }

    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A stateless 64-bit mix, for values that must not depend on generation order (lattice jitter).
    static func mix(_ value: UInt64) -> UInt64 {
        var state = value
        return splitMix(&state)
    }

    mutating func next() -> UInt64 { core.next() }

    /// Uniform in `0..<n` (Lemire's method, written out so it cannot change with the standard library).
    mutating func int(_ n: Int) -> Int {
        precondition(n > 0, "empty range")
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(range.upperBound - range.lowerBound + 1)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    mutating func double(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }

    /// An index drawn in proportion to `weights`.
    mutating func weighted(_ weights: [Double]) -> Int {
        var total = 0.0
        for w in weights { total += w }
        var x = unit() * total
        for (i, w) in weights.enumerated() {
            if x < w { return i }
            x -= w
        }
        return weights.count - 1
    }

    mutating func shuffle<T>(_ items: inout [T]) {
        var i = items.count
        while i > 1 {
            let j = int(i)
            i -= 1
            items.swapAt(i, j)
        }
    }
}
