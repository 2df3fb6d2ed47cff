import Foundation

extension Normalise {
    /// The form of a name used for matching, never for display: "ST. JOHN'S CENTRE" → "saint johns centre".
    ///
    /// Lowercased with diacritics folded; apostrophes join ("John's" → "johns"); hyphens, slashes,
    /// brackets and other punctuation separate; dotted initials join ("C.I.C." → "cic"); "&" and "+"
    /// become "and"; common abbreviations are spelled out (see `nameAbbreviations`); a leading "the" is dropped.
    public static func matchingName(_ display: String) -> String {
        nameTokens(display).joined(separator: " ")
    }

    /// The words of `matchingName(display)`, in order.
    public static func nameTokens(_ display: String) -> [String] {
        var tokens: [String] = []
        for word in NameScanner.words(display) {
            if let expansion = nameAbbreviations[word] {
                tokens.append(contentsOf: expansion.split(separator: " ").map(String.init))
            } else {
                tokens.append(word)
            }
        }
        tokens = NameScanner.expandPhrases(tokens)
        // "The Hub" and "Hub" are the same name; a name that is only "The" keeps it.
        if tokens.count > 1, tokens[0] == "the" { tokens.removeFirst() }
        return tokens
    }

    /// Single-word abbreviations spelled out for matching, so that "St Johns Center" meets "ST. JOHN'S CENTRE".
    ///
    /// "St" is "saint" (in names, not addresses). "Comm" and "Co" are left alone: they stand for
    /// community, committee, commission or company, co-op, and guessing would make false matches.
    /// "RC" and "CofE", common in school and church names, are spelled out too.
    static let nameAbbreviations: [String: String] = [
        "st": "saint", "sts": "saints",
        "ltd": "limited",
        "cic": "community interest company",
        "plc": "public limited company",
        "assoc": "association", "assn": "association", "assocn": "association",
        "ctr": "centre", "cntr": "centre", "ctre": "centre", "center": "centre", "centers": "centres",
        "org": "organisation", "organization": "organisation", "organizations": "organisations",
        "grp": "group",
        "theater": "theatre",
        "intl": "international",
        "cofe": "church of england",
        "rc": "roman catholic",
    ]
}

/// Splits a display name into folded, lowercase words.
enum NameScanner {
    /// Apostrophes and look-alikes, deleted so that possessives join their word.
    private static let apostrophes: Set<Character> = ["'", "\u{2019}", "\u{2018}", "`", "\u{00B4}", "\u{02BC}", "\u{2032}"]

    /// Letters that diacritic folding leaves alone but English spelling writes as plain letters.
    private static let letterFolds: [Character: String] = [
        "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "ı": "i",
    ]

    /// Words of the name, before abbreviations are expanded.
    static func words(_ display: String) -> [String] {
        // Most names are ASCII: a byte scan needs no Unicode folding and is several times faster.
        if display.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(display) }
        let folded = display.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
        var collector = WordCollector()
        var chunk = ""
        for character in folded {
            if apostrophes.contains(character) {
                continue
            } else if let replacement = letterFolds[character] {
                chunk += replacement
            } else if character.isLetter || character.isNumber {
                // Keep only the letters and digits of a cluster (drops stray combining marks and emoji modifiers).
                for scalar in character.unicodeScalars
                where scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    chunk.unicodeScalars.append(scalar)
                }
            } else if character == "." {
                if !chunk.isEmpty { chunk.append(".") }
            } else {
                collector.add(chunk)
                chunk = ""
                if character == "&" || character == "+" || character == "\u{FF06}" { collector.addAnd() }
            }
        }
        collector.add(chunk)
        return collector.words
    }

    /// `words` for an ASCII name, with the same rules.
    private static func asciiWords(_ display: String) -> [String] {
        var collector = WordCollector()
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            collector.add(String(decoding: chunk, as: UTF8.self))
            chunk.removeAll(keepingCapacity: true)
        }
        for byte in display.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                chunk.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                chunk.append(byte + 32)
            case UInt8(ascii: "'"), UInt8(ascii: "`"):
                continue
            case UInt8(ascii: "."):
                if !chunk.isEmpty { chunk.append(byte) }
            case UInt8(ascii: "&"), UInt8(ascii: "+"):
                flush()
                collector.addAnd()
            default:
                flush()
            }
        }
        flush()
        return collector.words
    }

    /// Gathers words; "&" and "+" become "and" only between two words ("Over 50s+" has no trailing "and").
    private struct WordCollector {
        var words: [String] = []
        var pendingAnd = false

        mutating func add(_ chunk: String) {
            // By bytes: `contains(".")` on a String goes through Foundation's string search.
            let parts = chunk.utf8.contains(UInt8(ascii: ".")) ? splitDots(chunk) : (chunk.isEmpty ? [] : [chunk])
            guard !parts.isEmpty else { return }
            if pendingAnd, !words.isEmpty { words.append("and") }
            pendingAnd = false
            words.append(contentsOf: parts)
        }

        mutating func addAnd() { pendingAnd = true }
    }

    /// "c.i.c." → ["cic"] (dotted letters join); "st.john" → ["st", "john"]; "ltd." → ["ltd"]; "2.5" → ["2", "5"].
    private static func splitDots(_ chunk: String) -> [String] {
        let parts = chunk.split(separator: ".")
        if parts.count >= 2, parts.allSatisfy({ $0.count == 1 && $0.first?.isLetter == true }) { return [parts.joined()] }
        return parts.map(String.init)
    }

    /// Multi-word abbreviations: "c of e" → "church of england", "r c" → "roman catholic".
    static func expandPhrases(_ tokens: [String]) -> [String] {
        guard tokens.count >= 2 else { return tokens }
        var out: [String] = []
        out.reserveCapacity(tokens.count)
        var i = 0
        while i < tokens.count {
            if i + 2 < tokens.count, tokens[i] == "c", tokens[i + 1] == "of", tokens[i + 2] == "e" {
                out.append(contentsOf: ["church", "of", "england"])
                i += 3
            } else if i + 1 < tokens.count, tokens[i] == "r", tokens[i + 1] == "c" {
                out.append(contentsOf: ["roman", "catholic"])
                i += 2
            } else {
                out.append(tokens[i])
                i += 1
            }
        }
        return out
    }
}
