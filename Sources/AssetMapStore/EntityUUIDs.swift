import AssetMapCore

/// Version 4 UUIDs for new entities, lowercase as the directory stores them.
///
/// 122 random bits each, from xoshiro256** seeded once from the system's entropy. Foundation's `UUID()` opens and
/// reads `/dev/urandom` for every one, which was a tenth of an import's writing thread at a million rows. Entity ids
/// need to be unique, not secret: access is decided by sharing level, never by knowing an id.
struct EntityUUIDs {
    private var random: Xoshiro256

    init() {
        var system = SystemRandomNumberGenerator()
        var state: (UInt64, UInt64, UInt64, UInt64)
        repeat {
            state = (system.next(), system.next(), system.next(), system.next())
        } while state.0 | state.1 | state.2 | state.3 == 0
        random = Xoshiro256(state.0, state.1, state.2, state.3)
    }

    /// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", y one of 8, 9, a, b.
    mutating func next() -> String {
        let high = random.next() & 0xFFFF_FFFF_FFFF_0FFF | 0x4000  // version 4
        let low = random.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000  // RFC 4122 variant
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
