/// Version 4 UUIDs for new entities, lowercase as the directory stores them.
///
/// 122 random bits each, from xoshiro256** seeded once from the system's entropy. Foundation's `UUID()` opens and
/// reads `/dev/urandom` for every one, which was a tenth of an import's writing thread at a million rows. Entity ids
/// need to be unique, not secret: access is decided by sharing level, never by knowing an id.
struct EntityUUIDs {
    private var s0, s1, s2, s3: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        repeat {
            (s0, s1, s2, s3) = (system.next(), system.next(), system.next(), system.next())
        } while s0 | s1 | s2 | s3 == 0
    }

    private mutating func nextWord() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", y one of 8, 9, a, b.
    mutating func next() -> String {
        let high = nextWord() & 0xFFFF_FFFF_FFFF_0FFF | 0x4000  // version 4
        let low = nextWord() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000  // RFC 4122 variant
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
        var at = 0
        for (word, dashesBefore) in [(high, [8, 12]), (low, [0, 4])] {
            for nibble in 0..<16 {
                if dashesBefore.contains(nibble) { at += 1 }
                out[at] = hex[Int(word >> UInt64(60 - 4 * nibble) & 0xF)]
                at += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
