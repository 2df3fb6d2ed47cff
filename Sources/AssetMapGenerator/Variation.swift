import Foundation

/// The ways one real-world name, phone, email, website or postcode is written differently from one
/// list to the next. Each function is pure given the generator, so variation is reproducible.
enum Vary {
    /// Pairs that lists swap freely, long form first.
    static let swaps: [(String, String)] = [
        ("Limited", "Ltd"), ("Saint", "St"), ("and", "&"), ("Community Interest Company", "CIC"),
        ("Association", "Assoc."), ("Football Club", "FC"), ("Centre", "Center"), ("Society", "Soc."),
    ]

    static let minorWords: Set<String> = ["of", "and", "the", "&", "for", "in", "at", "on"]

    /// Replaces the first whole-word `target` (bounded by start/end, space, comma, brackets) with
    /// `replacement`; byte-wise, because Foundation's search dominated generation time.
    static func replaceWord(_ text: String, _ target: String, _ replacement: String) -> String? {
        let t = Array(text.utf8), w = Array(target.utf8)
        guard !w.isEmpty, t.count >= w.count else { return nil }
        let before: Set<UInt8> = [32, 44, 40], after: Set<UInt8> = [32, 44, 41, 39]
        var i = 0
        while i + w.count <= t.count {
            if t[i] == w[0], Array(t[i..<(i + w.count)]) == w,
               i == 0 || before.contains(t[i - 1]),
               i + w.count == t.count || after.contains(t[i + w.count]) {
                let out = Array(t[..<i]) + Array(replacement.utf8) + Array(t[(i + w.count)...])
                return String(decoding: out, as: UTF8.self)
            }
            i += 1
        }
        return nil
    }

    /// Ltd/Limited, St/Saint, &/and, CIC, FC…: one swap in whichever direction applies.
    static func abbreviation(_ name: String, _ random: inout SeededRandom) -> String {
        var options: [String] = []
        for (long, short) in swaps {
            if let v = replaceWord(name, long, short) { options.append(v) }
            if let v = replaceWord(name, short, long) { options.append(v) }
        }
        return options.isEmpty ? name : random.pick(options)
    }

    private static let keyboard: [Character: String] = [
        "a": "qsz", "b": "vgn", "c": "xdv", "d": "sfe", "e": "wrd", "f": "dgr", "g": "fht", "h": "gjy",
        "i": "uok", "j": "hku", "k": "jli", "l": "kop", "m": "nj", "n": "bmh", "o": "ipl", "p": "ol",
        "q": "wa", "r": "etf", "s": "adw", "t": "ryg", "u": "yij", "v": "cbf", "w": "qes", "x": "zcs",
        "y": "tuh", "z": "xa",
    ]

    /// One or two keyboard slips: a neighbouring key, a dropped, doubled or swapped letter.
    static func typo(_ name: String, _ random: inout SeededRandom) -> String {
        var chars = Array(name)
        let edits = random.chance(0.75) ? 1 : 2
        for _ in 0..<edits {
            let letters = chars.indices.filter { $0 > 0 && chars[$0].isLetter }
            guard !letters.isEmpty else { break }
            let i = random.pick(letters)
            switch random.int(4) {
            case 0:
                let lower = Character(chars[i].lowercased())
                if let near = keyboard[lower] {
                    let replacement = random.pick(Array(near))
                    chars[i] = chars[i].isUppercase ? Character(replacement.uppercased()) : replacement
                }
            case 1 where chars.count > 4:
                chars.remove(at: i)
            case 2 where i + 1 < chars.count && chars[i + 1].isLetter:
                chars.swapAt(i, i + 1)
            default:
                chars.insert(chars[i], at: i)
            }
        }
        return String(chars)
    }

    /// "Friends of Oakley Park" ↔ "Oakley Park Friends", "Oakley Bowling Club" → "Bowling Club, Oakley".
    static func wordOrder(_ name: String, place: String) -> String {
        if let comma = name.range(of: ", ") {
            return String(name[comma.upperBound...]) + " " + String(name[..<comma.lowerBound])
        }
        if name.hasPrefix("Friends of ") { return String(name.dropFirst("Friends of ".count)) + " Friends" }
        let words = name.split(separator: " ").map(String.init)
        if words.count >= 3, Pools.ordinals.contains(words[0]) {
            return ([words[1], words[0]] + words.dropFirst(2)).joined(separator: " ")
        }
        if !place.isEmpty, name.hasPrefix(place + " "), name.count > place.count + 1 {
            return String(name.dropFirst(place.count + 1)) + ", " + place
        }
        return name
    }

    /// UPPER CASE, lower case or Title Case, as different systems store names.
    static func recase(_ name: String, _ random: inout SeededRandom) -> String {
        switch random.int(10) {
        case 0..<4: return name.uppercased()
        case 4..<7: return name.lowercased()
        default:
            return name.split(separator: " ").map { word -> String in
                let w = String(word)
                return minorWords.contains(w.lowercased()) ? w.lowercased() : w.prefix(1).uppercased() + w.dropFirst().lowercased()
            }.joined(separator: " ")
        }
    }

    static func toggleThe(_ name: String) -> String {
        if name.hasPrefix("The ") { return String(name.dropFirst(4)) }
        if name.hasPrefix("THE ") { return String(name.dropFirst(4)) }
        return "The " + name
    }

    /// St John's ↔ St Johns ↔ St. John's; hyphens and brackets dropped.
    static func punctuation(_ name: String, _ random: inout SeededRandom) -> String {
        if name.contains("'"), random.chance(0.6) { return name.filter { $0 != "'" } }
        if let v = replaceWord(name, "St", "St.") { return v }
        if name.contains("-") { return String(name.map { $0 == "-" ? " " : $0 }) }
        return name + "."
    }

    /// "Oakley Tenants and Residents Association" → "OTRA"; nil for names too short to be known so.
    static func acronym(_ name: String) -> String? {
        let words = name.filter { $0 != "," }.split(separator: " ")
            .filter { !minorWords.contains($0.lowercased()) && ($0.first?.isUppercase ?? false) }
        guard words.count >= 3 else { return nil }
        return String(words.compactMap(\.first))
    }

    /// A name as one more list writes it: each kind of variation at its own rate, scaled by `intensity`.
    static func name(_ name: String, place: String, intensity: Double, _ random: inout SeededRandom) -> String {
        var v = name
        if random.chance(0.30 * intensity) { v = abbreviation(v, &random) }
        if random.chance(0.10 * intensity) { v = punctuation(v, &random) }
        if random.chance(0.05 * intensity) { v = wordOrder(v, place: place) }
        if random.chance(0.07 * intensity) { v = toggleThe(v) }
        if random.chance(0.08 * intensity) { v = typo(v, &random) }
        if random.chance(0.08 * intensity) { v = recase(v, &random) }
        return v
    }

    // MARK: contact details

    /// The national number `01632xxxxxx` (01632 is not allocated to any real exchange) in one of the
    /// ways people type it.
    static func phone(_ national: String, _ random: inout SeededRandom, style: Int? = nil) -> String {
        let code = String(national.prefix(5)), rest = String(national.dropFirst(5))
        let shortCode = String(code.dropFirst())
        switch style ?? random.weighted([5, 3, 2, 1, 1, 1, 1, 1]) {
        case 0: return code + " " + rest
        case 1: return national
        case 2: return "+44 " + shortCode + " " + rest
        case 3: return shortCode + rest
        case 4: return "(" + code + ") " + rest
        case 5: return code + "-" + rest.prefix(3) + "-" + rest.dropFirst(3)
        case 6: return "+44 (0)" + shortCode + " " + rest
        default:
            let all = Array(national)
            return String(all[0..<4]) + " " + String(all[4..<7]) + " " + String(all[7...])
        }
    }

    static func email(local: String, domainWords: [String], tld: String, _ random: inout SeededRandom, varyCase: Bool) -> String {
        let plain = local + "@" + domainWords.joined() + tld
        guard varyCase else { return plain }
        switch random.int(3) {
        case 0: return plain.uppercased()
        case 1: return local.prefix(1).uppercased() + local.dropFirst() + "@" + domainWords.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + tld
        default: return local.prefix(1).uppercased() + local.dropFirst() + "@" + domainWords.joined() + tld
        }
    }

    static func website(domainWords: [String], tld: String, _ random: inout SeededRandom, style: Int? = nil) -> String {
        let domain = domainWords.joined() + tld
        switch style ?? random.int(8) {
        case 0: return "www." + domain
        case 1: return "https://www." + domain + "/"
        case 2: return "http://" + domain
        case 3: return "https://" + domain
        case 4: return domain
        case 5: return "www." + domain + "/"
        case 6: return "http://www." + domain + "/"
        default: return "https://www." + domainWords.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + tld
        }
    }

    enum PostcodeForm { case full, compact, lower, district, missing }

    static func postcode(_ full: String, district: String, form: PostcodeForm) -> String {
        switch form {
        case .full: return full
        case .compact: return full.filter { $0 != " " }
        case .lower: return full.lowercased().filter { $0 != " " }
        case .district: return district
        case .missing: return ""
        }
    }
}

/// Fills `{token}` placeholders from `value`, in pattern order.
func renderTemplate(_ pattern: String, _ value: (Substring) -> String) -> String {
    var out = ""
    var rest = pattern[...]
    while let open = rest.firstIndex(of: "{") {
        out += rest[..<open]
        guard let close = rest[open...].firstIndex(of: "}") else { break }
        out += value(rest[rest.index(after: open)..<close])
        rest = rest[rest.index(after: close)...]
    }
    out += rest
    return out
}
