/// String similarity measures on UTF-8 bytes (names are already folded to lowercase ASCII-ish forms).
public enum Similarity {
    /// Jaro–Winkler similarity in 0...1: 1 for equal strings, ≥ 0.9 for one or two typing slips in a name.
    public static func jaroWinkler(_ a: [UInt8], _ b: [UInt8]) -> Double {
        if a == b { return a.isEmpty ? 0 : 1 }
        let n = a.count, m = b.count
        guard n > 0, m > 0 else { return 0 }
        let window = max(0, max(n, m) / 2 - 1)
        // Stack-friendly flags: names are short, so fixed-size buffers avoid allocation in the hot loop.
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
            guard matches > 0 else { return 0 }
            var transpositions = 0
            var k = 0
            for i in 0..<n where flags[i] {
                while !flags[n + k] { k += 1 }
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

    /// Jaro–Winkler of two Swift strings.
    public static func jaroWinkler(_ a: String, _ b: String) -> Double { jaroWinkler(Array(a.utf8), Array(b.utf8)) }
}
