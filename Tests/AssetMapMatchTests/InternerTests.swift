import AssetMapCore
import Testing

@testable import AssetMapMatch

/// The interner gives ids in the order strings first appear, as the dictionary it replaced did: blocking breaks ties
/// between equally rare words by id, so other ids would block other pairs.
@Suite("Interner")
struct InternerTests {
    /// Random words over a small alphabet (many repeats, lengths either side of the 8-byte step), a tenth with "é"
    /// written precomposed or decomposed, interned beside a `[String: Int32]` that numbers them in first-seen order.
    @Test func idsAreThoseADictionaryGivesInFirstSeenOrder() {
        var random = Xoshiro256(3, 5, 7, 11)
        let letters = Array("abcdefgh ".utf8)
        var interner = Interner()
        var reference: [String: Int32] = [:]
        var order: [String] = []
        for round in 0..<60_000 {
            var bytes = (0..<Int(random.next() % 19)).map { _ in letters[Int(random.next() % UInt64(letters.count))] }
            if round % 10 == 0 { bytes += random.next() % 2 == 0 ? [0xC3, 0xA9] : [0x65, 0xCC, 0x81] }
            let word = String(decoding: bytes, as: UTF8.self)
            let expected: Int32
            if let known = reference[word] {
                expected = known
            } else {
                expected = Int32(order.count)
                reference[word] = expected
                order.append(word)
            }
            #expect(interner.id(word) == expected, "\(word)")
        }
        #expect(interner.count == order.count)
        #expect(interner.strings == order)
        for (word, id) in reference { #expect(interner.lookup(word) == id) }
        #expect(interner.lookup("not among them: zzz") == nil)
    }

    /// Strings Swift calls equal are one id however their bytes differ: canonically equivalent forms ("é" as one
    /// code point or as "e" and a combining accent; the Kelvin sign and "K"). The first spelling seen is kept.
    @Test func canonicallyEquivalentSpellingsShareAnID() {
        var interner = Interner()
        let precomposed = "caf\u{E9}", decomposed = "cafe\u{301}"
        #expect(precomposed == decomposed)
        let cafe = interner.id(precomposed)
        #expect(interner.id(decomposed) == cafe)
        #expect(interner.lookup(decomposed) == cafe)
        #expect(interner.strings[Int(cafe)].unicodeScalars.count == 4)
        let kelvin = interner.id("\u{212A}")
        #expect(interner.id("K") == kelvin)
        #expect(interner.id("k") != kelvin)
        #expect(Interner().lookup("K") == nil)
        #expect(interner.count == 3)
    }
}
