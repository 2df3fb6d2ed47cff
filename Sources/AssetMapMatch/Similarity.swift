import Foundation

/// String similarity measures on UTF-8 bytes (names are already folded to lowercase ASCII-ish forms).
public enum Similarity {
    /// Jaro–Winkler similarity in 0...1: 1 for equal strings, ≥ 0.9 for one or two typing slips in a name.
    public static func jaroWinkler(_ a: [UInt8], _ b: [UInt8]) -> Double {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in jaroWinkler(a, b) } }
    }

    /// Jaro–Winkler of two Swift strings.
    public static func jaroWinkler(_ a: String, _ b: String) -> Double {
        var a = a, b = b
        return a.withUTF8 { a in b.withUTF8 { b in jaroWinkler(a, b) } }
    }

    /// Whether Jaro–Winkler reaches `threshold`, without computing it when the lengths and bytes rule that out
    /// (`mayReach`): a pair of names half as long as each other cannot be 0.93 alike. `classes` are the two strings'
    /// `byteClasses` where the caller keeps them; without them the lengths alone bound the measure. Same answer as
    /// comparing `jaroWinkler` itself.
    static func jaroWinkler(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, atLeast threshold: Double, classes: (UInt64, UInt64) = (0, 0)
    ) -> Bool {
        mayReach(threshold, lengths: a.count, b.count, classes: classes.0, classes.1) && jaroWinkler(a, b) >= threshold
    }

    /// A string's bytes as a set of 64 classes (a byte's low six bits), for `mayReach`.
    static func byteClasses<C: Sequence>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        bytes.reduce(0) { $0 | 1 << UInt64($1 & 63) }
    }

    /// Whether Jaro–Winkler of two strings with these lengths and byte classes (`byteClasses`) can reach `threshold`.
    /// False only when it cannot, so asking this first never changes an answer; most name words compared for a slip
    /// ("church", "school") are ruled out without the character search.
    ///
    /// Each class one string has and the other lacks holds at least one byte that matches nothing, so at most
    /// `matchable` bytes match (with equal classes, the shorter length); with no transposition and the longest common
    /// prefix (4) that bounds the measure.
    static func mayReach(_ threshold: Double, lengths n: Int, _ m: Int, classes a: UInt64, _ b: UInt64) -> Bool {
        let matchable = min(n - (a & ~b).nonzeroBitCount, m - (b & ~a).nonzeroBitCount)
        guard matchable > 0 else { return threshold <= 0 }
        let jaro = (Double(matchable) / Double(n) + Double(matchable) / Double(m) + 1) / 3
        // The margin keeps rounding from deciding: the bound is exact arithmetic's.
        return jaro + 0.4 * (1 - jaro) >= threshold - 1e-9
    }

    /// The measure on raw bytes. ASCII strings of up to 64 bytes (nearly every name) find each character's match
    /// through bit masks of where each byte stands in `b`, the first unmatched one in the window, as the textbook
    /// loop does.
    static func jaroWinkler(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Double {
        let n = a.count, m = b.count
        if n == m && (n == 0 || memcmp(a.baseAddress!, b.baseAddress!, n) == 0) { return n == 0 ? 0 : 1 }
        guard n > 0, m > 0 else { return 0 }
        let window = max(0, max(n, m) / 2 - 1)
        let (matches, transpositions) = n <= 64 && m <= 64 && isASCII(a) && isASCII(b)
            ? matchesByMask(a, b, window: window) : matchesByScan(a, b, window: window)
        guard matches > 0 else { return 0 }
        let mm = Double(matches)
        let jaro = (mm / Double(n) + mm / Double(m) + (mm - Double(transpositions / 2)) / mm) / 3
        var prefix = 0
        while prefix < min(4, min(n, m)), a[prefix] == b[prefix] { prefix += 1 }
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }

    /// Whether `a` becomes `b` in at most `limit` insertions, deletions or substitutions (Levenshtein), looking only
    /// at the band of cells within `limit` of the diagonal. Jaro–Winkler forgives the start of a long string but
    /// not two slips in it: "177pridhamtstreetmilton" and "177pridhampstreetmiltoh" are 0.927 alike, two edits apart.
    static func withinEdits(_ a: [UInt8], _ b: [UInt8], _ limit: Int) -> Bool {
        let n = a.count, m = b.count
        if abs(n - m) > limit { return false }
        if n == 0 || m == 0 { return max(n, m) <= limit }
        let big = limit + 1
        // Two rows on the stack: this runs inside the comparison of millions of pairs, on every core.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (m + 1)) { rows in
            var previous = rows.baseAddress!, current = previous + (m + 1)
            for j in 0...m { previous[j] = min(j, big) }
            for i in 1...n {
                let from = max(1, i - limit), to = min(m, i + limit)
                current[0] = min(i, big)
                if from > 1 { current[from - 1] = big }
                var rowBest = i <= limit ? current[0] : big
                for j in from...to {
                    let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                    let value = min(substitution, previous[j] + 1, current[j - 1] + 1, big)
                    current[j] = value
                    rowBest = min(rowBest, value)
                }
                if to < m { current[to + 1] = big }
                if rowBest > limit { return false }
                swap(&previous, &current)
            }
            return previous[m] <= limit
        }
    }

    /// Whether `a` is `b` with two neighbouring letters swapped ("3156" for "3165"): one slip to a typist, two edits
    /// to Levenshtein.
    static func swappedNeighbours(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var first = -1
        for k in a.indices where a[k] != b[k] {
            if first >= 0 { return k == first + 1 && a[first] == b[k] && a[k] == b[first] && a[(k + 1)...] == b[(k + 1)...] }
            first = k
        }
        return false
    }

    @inline(__always) private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var any: UInt8 = 0
        for byte in bytes { any |= byte }
        return any < 0x80
    }

    /// Matching characters and half-transpositions for ASCII strings of at most 64 bytes. The table of where each
    /// byte stands is 1 KiB: larger, and every call asks the runtime whether the stack can take it.
    private static func matchesByMask(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, window: Int
    ) -> (matches: Int, transpositions: Int) {
        let n = a.count, m = b.count
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 128) { positions in
            // Only the entries of bytes in either string are read, so only they are cleared.
            for c in a { positions[Int(c)] = 0 }
            for c in b { positions[Int(c)] = 0 }
            for j in 0..<m { positions[Int(b[j])] |= 1 << UInt64(j) }
            var matchedA: UInt64 = 0, matchedB: UInt64 = 0
            var matches = 0
            for i in 0..<n {
                let lo = max(0, i - window), hi = min(m - 1, i + window)
                if lo > hi { continue }
                let width = hi - lo + 1
                let inWindow = (width == 64 ? UInt64.max : (1 << UInt64(width)) - 1) << UInt64(lo)
                let open = positions[Int(a[i])] & ~matchedB & inWindow
                guard open != 0 else { continue }
                matchedB |= open & (0 &- open)
                matchedA |= 1 << UInt64(i)
                matches += 1
            }
            var transpositions = 0
            while matchedA != 0 {
                if a[matchedA.trailingZeroBitCount] != b[matchedB.trailingZeroBitCount] { transpositions += 1 }
                matchedA &= matchedA - 1
                matchedB &= matchedB - 1
            }
            return (matches, transpositions)
        }
    }

    /// The textbook loop, for longer strings.
    private static func matchesByScan(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, window: Int
    ) -> (matches: Int, transpositions: Int) {
        let n = a.count, m = b.count
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: n + m) { flags in
            flags.initialize(repeating: false)
            var matches = 0
            for i in 0..<n {
                let lo = max(0, i - window), hi = min(m - 1, i + window)
                if lo > hi { continue }
                for j in lo...hi where !flags[n + j] && a[i] == b[j] {
                    flags[i] = true
                    flags[n + j] = true
                    matches += 1
                    break
                }
            }
            var transpositions = 0
            var k = 0
            for i in 0..<n where flags[i] {
                while !flags[n + k] { k += 1 }
                if a[i] != b[k] { transpositions += 1 }
                k += 1
            }
            return (matches, transpositions)
        }
    }
}
