import AssetMapCore
import Testing

@testable import AssetMapMatch

@Suite("Similarity")
struct SimilarityTests {
    @Test func jaroWinklerKnownValues() {
        #expect(Similarity.jaroWinkler("martha", "marhta") > 0.96)
        #expect(Similarity.jaroWinkler("dixon", "dicksonx") > 0.81)
        #expect(Similarity.jaroWinkler("same", "same") == 1)
        #expect(Similarity.jaroWinkler("abc", "") == 0)
        #expect(Similarity.jaroWinkler("oakley", "zebracorn") < 0.6)
        // Published values (Winkler 1990, as in the string-distance literature).
        #expect(abs(Similarity.jaroWinkler("martha", "marhta") - 0.9611) < 0.0001)
        #expect(abs(Similarity.jaroWinkler("dwayne", "duane") - 0.84) < 0.0001)
        #expect(abs(Similarity.jaroWinkler("dixon", "dicksonx") - 0.8133) < 0.0001)
    }

    /// The bit-mask search must find the same matches as the textbook loop, to the last bit of the result: the
    /// stored weights of every pair depend on it. Random strings over a small alphabet make many repeated letters,
    /// windows that clip at both ends, and lengths either side of 64; a fifth hold the bytes of "é". Beyond 64 bytes
    /// or ASCII the measure takes the loop itself.
    @Test func maskSearchEqualsTheTextbookLoop() {
        var random = Xoshiro256(42, 7, 11, 13)
        let ascii = Array("abcde fgh".utf8)
        for round in 0..<20_000 {
            let alphabet = round % 5 == 0 ? ascii + [0xC3, 0xA9] : ascii
            let longest = round % 10 == 0 ? 90 : 24
            let a = letters(Int(random.next() % UInt64(longest + 1)), alphabet, &random)
            // Mostly near misses, as compared names are: a few edits of the same string.
            var b = nearMiss(a, edits: Int(random.next() % 4), alphabet, &random)
            if round % 7 == 0 { b = letters(Int(random.next() % 70), alphabet, &random) }
            let expected = textbookJaroWinkler(a, b)
            #expect(Similarity.jaroWinkler(a, b) == expected, "\(String(decoding: a, as: UTF8.self)) / \(String(decoding: b, as: UTF8.self))")
            for threshold in [0.9, 0.93] {
                let reached = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in Similarity.jaroWinkler(x, y, atLeast: threshold) } }
                #expect(reached == (expected >= threshold))
            }
        }
    }

    /// The byte-class bound may rule a pair out only where Jaro–Winkler falls short: asked first, it must never change
    /// a comparison. Random near misses and unrelated strings over letters and digits (whose classes share bits with
    /// "p"–"y") and the bytes of "é", at the thresholds comparing uses and either side of them.
    @Test func byteClassBoundNeverRulesOutAReachedThreshold() {
        var random = Xoshiro256(17, 19, 23, 29)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789 ".utf8) + [0xC3, 0xA9]
        var ruledOut = 0
        for round in 0..<30_000 {
            let a = letters(Int(random.next() % 20), alphabet, &random)
            var b = nearMiss(a, edits: Int(random.next() % 5), alphabet, &random)
            if round % 3 == 0 { b = letters(Int(random.next() % 20), alphabet, &random) }
            let measure = Similarity.jaroWinkler(a, b)
            for threshold in [0.5, 0.8, 0.9, 0.93, 1.0] {
                let may = Similarity.mayReach(
                    threshold, lengths: a.count, b.count, classes: Similarity.byteClasses(a), Similarity.byteClasses(b))
                #expect(may || measure < threshold, "\(String(decoding: a, as: UTF8.self)) / \(String(decoding: b, as: UTF8.self)): \(measure)")
                let reached = a.withUnsafeBufferPointer { x in
                    b.withUnsafeBufferPointer { y in
                        Similarity.jaroWinkler(x, y, atLeast: threshold, classes: (Similarity.byteClasses(a), Similarity.byteClasses(b)))
                    }
                }
                #expect(reached == (measure >= threshold))
                if !may && threshold == 0.9 { ruledOut += 1 }
            }
        }
        // What it is for: most unrelated pairs never reach the character search.
        #expect(ruledOut > 10_000)
        let rules = { (x: String, y: String) in
            !Similarity.mayReach(0.9, lengths: x.utf8.count, y.utf8.count, classes: Similarity.byteClasses(x.utf8), Similarity.byteClasses(y.utf8))
        }
        #expect(rules("church", "school") && rules("centre", "trust"))
        #expect(!rules("centre", "center") && !rules("youthclub", "youthcluv") && !rules("same", "same"))
    }

    /// Comparing prefetches the second record's names by reading array storage as raw words; on this platform the
    /// layout it reads must hold, or the prefetching (half of comparing's speed at 1M) silently stops.
    @Test func arrayLayoutThePrefetchingReadsHolds() {
        #expect(Lookahead.layoutHolds)
    }

    /// The banded edit count must agree with the full table for every limit: random near misses over a small
    /// alphabet, some empty, some far apart in length.
    @Test func editsWithinALimitAgreeWithTheFullTable() {
        var random = Xoshiro256(3, 5, 8, 13)
        let alphabet = Array("abc d".utf8)
        for round in 0..<5_000 {
            let a = letters(Int(random.next() % 30), alphabet, &random)
            var b = nearMiss(a, edits: Int(random.next() % 6), alphabet, &random)
            if round % 9 == 0 { b = letters(Int(random.next() % 30), alphabet, &random) }
            let distance = levenshtein(a, b)
            for limit in 0...5 {
                #expect(Similarity.withinEdits(a, b, limit) == (distance <= limit),
                        "\(String(decoding: a, as: UTF8.self)) / \(String(decoding: b, as: UTF8.self)): \(distance), limit \(limit)")
            }
        }
        #expect(Similarity.withinEdits(Array("177pridhamtstreetmilton".utf8), Array("177pridhampstreetmiltoh".utf8), 2))
        #expect(!Similarity.withinEdits(Array("177pridhamtstreetmilton".utf8), Array("177pridhampstreetmiltoh".utf8), 1))
        let swapped = { (x: String, y: String) in Similarity.swappedNeighbours(Array(x.utf8), Array(y.utf8)) }
        #expect(swapped("3165", "3156") && swapped("ab", "ba") && swapped("m337ab", "m337ba"))
        #expect(!swapped("3165", "3165") && !swapped("3165", "3516") && !swapped("3165", "3167") && !swapped("abc", "ab"))
        #expect(!swapped("3165", "5163"), "two letters swapped, not neighbours")
    }

    /// `count` letters drawn from `alphabet`.
    private func letters(_ count: Int, _ alphabet: [UInt8], _ random: inout Xoshiro256) -> [UInt8] {
        (0..<count).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
    }

    /// `a` after `edits` random substitutions, deletions and insertions.
    private func nearMiss(_ a: [UInt8], edits: Int, _ alphabet: [UInt8], _ random: inout Xoshiro256) -> [UInt8] {
        var b = a
        for _ in 0..<edits where !b.isEmpty {
            let at = Int(random.next() % UInt64(b.count))
            switch random.next() % 3 {
            case 0: b[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            case 1: b.remove(at: at)
            default: b.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
            }
        }
        return b
    }

    private func levenshtein(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var next = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                next[j] = min(row[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), row[j] + 1, next[j - 1] + 1)
            }
            row = next
        }
        return row[b.count]
    }

    /// The measure as it is usually written, kept here as the reference.
    private func textbookJaroWinkler(_ a: [UInt8], _ b: [UInt8]) -> Double {
        if a == b { return a.isEmpty ? 0 : 1 }
        let n = a.count, m = b.count
        guard n > 0, m > 0 else { return 0 }
        let window = max(0, max(n, m) / 2 - 1)
        var flagsA = [Bool](repeating: false, count: n), flagsB = [Bool](repeating: false, count: m)
        var matches = 0
        for i in 0..<n {
            let lo = max(0, i - window), hi = min(m - 1, i + window)
            if lo > hi { continue }
            for j in lo...hi where !flagsB[j] && a[i] == b[j] {
                flagsA[i] = true
                flagsB[j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0, k = 0
        for i in 0..<n where flagsA[i] {
            while !flagsB[k] { k += 1 }
            if a[i] != b[k] { transpositions += 1 }
            k += 1
        }
        let mm = Double(matches)
        let jaro = (mm / Double(n) + mm / Double(m) + (mm - Double(transpositions / 2)) / mm) / 3
        var prefix = 0
        while prefix < min(4, min(n, m)), a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
