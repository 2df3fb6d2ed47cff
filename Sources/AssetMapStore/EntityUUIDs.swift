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
        return String(unsafeUninitializedCapacity: 36) { out in
            var at = 0
            for nibble in 0..<32 {
                // 8-4-4-4-12 hex digits.
                if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 {
                    out[at] = UInt8(ascii: "-")
                    at += 1
                }
                let word = nibble < 16 ? high : low
                out[at] = Self.hex[Int(word >> UInt64(60 - 4 * (nibble % 16)) & 0xF)]
                at += 1
            }
            return at
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)
}
