extension Normalise {
    /// Lowercased, trimmed email with any "mailto:" stripped: "Info@Example.ORG " → "info@example.org".
    ///
    /// A field holding several addresses (separated by ";", ",", "/", spaces or newlines), or an
    /// address next to a phone number, yields its first valid address. Only plain ASCII
    /// `local@domain.tld` addresses are accepted; anything else is invalid with the reason.
    public static func email(_ raw: String) -> Normalised {
        if isNullMarker(raw) { return .empty }
        for token in EmailShape.tokens(raw) {
            if let address = EmailShape.canonical(token) { return .value(address) }
        }
        return .invalid(reason: "not an email address: \(NormaliseText.quoted(raw))")
    }
}

/// The shape of a plain email address, and how to find one in a messy field.
enum EmailShape {
    /// Characters that separate addresses, or wrap one ("Name <a@b.org>", "mailto:a@b.org").
    private static let separators: Set<Unicode.Scalar> = [
        ",", ";", "/", "|", "<", ">", "(", ")", "[", "]", "{", "}", "\"", ":", "\u{201C}", "\u{201D}",
    ]

    /// The ASCII ones among them, as bytes.
    private static let asciiSeparators: Set<UInt8> = Set(separators.filter(\.isASCII).map { UInt8($0.value) })

    /// Characters allowed in the local part besides ASCII letters and digits (RFC 5322 atext, and dots).
    private static let localSymbols: Set<Unicode.Scalar> = [
        ".", "!", "#", "$", "%", "&", "'", "*", "+", "=", "?", "^", "_", "`", "{", "|", "}", "~", "-",
    ]

    /// Whitespace- and separator-delimited pieces of `raw` that contain an "@".
    static func tokens(_ raw: String) -> [String] {
        // One ASCII word with no separator, the usual cell, is its own token (if it holds an "@").
        if raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !asciiSeparators.contains($0) }) {
            return raw.utf8.contains(UInt8(ascii: "@")) ? [raw] : []
        }
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if current.contains("@") { tokens.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        for s in raw.unicodeScalars {
            if NormaliseText.isSpaceLike(s) || separators.contains(s) { flush() } else { current.append(s) }
        }
        flush()
        return tokens
    }

    /// The lowercased address if `token` is one, after trimming wrapping punctuation and a "?subject=" query.
    static func canonical(_ token: String) -> String? {
        canonicalOfPrintableASCII(token) ?? canonicalByCharacters(token)
    }

    /// `canonicalByCharacters` on bytes, for a token of printable ASCII (every byte 0x21–0x7E); `.some(nil)` when such
    /// a token is not an address, nil for any other token. `FastPathNormalisationTests` holds the two to each other.
    static func canonicalOfPrintableASCII(_ token: String) -> String?? {
        var token = token
        return token.withUTF8 { bytes -> String?? in
            guard !bytes.isEmpty, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
            var text = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            if let at = text.firstIndex(of: 0x40), let query = text[at...].firstIndex(of: 0x3F) { text.removeSubrange(query...) }
            while let first = text.first, Self.edgeASCII.contains(first) { text.removeFirst() }
            while let last = text.last, Self.edgeASCII.contains(last) { text.removeLast() }
            guard let at = text.firstIndex(of: 0x40), text[(at + 1)...].firstIndex(of: 0x40) == nil, text.count <= 254 else {
                return .some(nil)
            }
            let local = text[..<at], domain = text[(at + 1)...]
            guard !local.isEmpty, local.count <= 64, local.first != 0x2E, local.last != 0x2E,
                !zip(local, local.dropFirst()).contains(where: { $0 == 0x2E && $1 == 0x2E }),
                local.allSatisfy({ ASCIIByte.isAlphanumeric($0) || Self.localSymbolBytes.contains($0) })
            else { return .some(nil) }
            let labels = domain.split(separator: 0x2E, omittingEmptySubsequences: false)
            guard labels.count >= 2, domain.count <= 253 else { return .some(nil) }
            for label in labels {
                guard !label.isEmpty, label.count <= 63, label.first != 0x2D, label.last != 0x2D,
                    label.allSatisfy({ ASCIIByte.isAlphanumeric($0) || $0 == 0x2D })
                else { return .some(nil) }
            }
            let tld = labels.last!
            guard tld.starts(with: [0x78, 0x6E, 0x2D, 0x2D]) || (tld.count >= 2 && tld.allSatisfy(ASCIIByte.isLetter)) else {
                return .some(nil)
            }
            return .some(String(decoding: text, as: UTF8.self))
        }
    }

    /// The ASCII members of `canonicalByCharacters`' edge punctuation and of `localSymbols`, as bytes.
    private static let edgeASCII: Set<UInt8> = Set(".'`!?*".utf8)
    private static let localSymbolBytes: Set<UInt8> = Set(localSymbols.filter(\.isASCII).map { UInt8($0.value) })

    /// The address by characters: any text.
    static func canonicalByCharacters(_ token: String) -> String? {
        var text = token.lowercased()
        // "mailto:" is split off by the ":" separator; a query after the domain ("?subject=Hi") is not part of the address.
        if let at = text.firstIndex(of: "@"), let query = text[at...].firstIndex(of: "?") {
            text = String(text[..<query])
        }
        let edgePunctuation: Set<Character> = [".", "'", "`", "\u{2018}", "\u{2019}", "!", "?", "*"]
        while let first = text.first, edgePunctuation.contains(first) { text.removeFirst() }
        while let last = text.last, edgePunctuation.contains(last) { text.removeLast() }

        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, text.unicodeScalars.count <= 254 else { return nil }
        let local = parts[0], domain = parts[1]
        guard isLocalPart(local), isDomain(domain) else { return nil }
        return text
    }

    private static func isLocalPart(_ local: Substring) -> Bool {
        guard !local.isEmpty, local.unicodeScalars.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."),
              !hasDoubleDot(local)
        else { return false }
        return local.unicodeScalars.allSatisfy {
            NormaliseText.isASCIILetter($0) || NormaliseText.isASCIIDigit($0) || localSymbols.contains($0)
        }
    }

    /// Two dots in a row; by bytes (`contains("..")` went through Foundation's string search).
    private static func hasDoubleDot(_ text: Substring) -> Bool {
        var previousDot = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                if previousDot { return true }
                previousDot = true
            } else {
                previousDot = false
            }
        }
        return false
    }

    /// An ASCII DNS name of at least two labels whose last label (the TLD) is letters or an "xn--" IDN label.
    static func isDomain(_ domain: Substring) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, domain.unicodeScalars.count <= 253 else { return false }
        for label in labels {
            guard !label.isEmpty, label.unicodeScalars.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-"),
                  label.unicodeScalars.allSatisfy({
                      NormaliseText.isASCIILetter($0) || NormaliseText.isASCIIDigit($0) || $0 == "-"
                  })
            else { return false }
        }
        guard let tld = labels.last else { return false }
        return tld.hasPrefix("xn--") || (tld.count >= 2 && tld.unicodeScalars.allSatisfy(NormaliseText.isASCIILetter))
    }
}
