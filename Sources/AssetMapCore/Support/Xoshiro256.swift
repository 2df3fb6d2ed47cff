/// xoshiro256** (Blackman and Vigna): the one fast 64-bit generator the project uses, seeded by its callers.
/// The generator's borough (`SeededRandom`, seeded through SplitMix64) and new entity ids (`EntityUUIDs`, seeded from
/// the system's entropy) share it.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    /// The state must not be all zero (the generator would stay at zero).
    public init(_ s0: UInt64, _ s1: UInt64, _ s2: UInt64, _ s3: UInt64) {
        precondition(s0 | s1 | s2 | s3 != 0, "xoshiro256** needs a state that is not all zero")
        (self.s0, self.s1, self.s2, self.s3) = (s0, s1, s2, s3)
    }

    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }
}
