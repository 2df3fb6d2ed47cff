extension Normalise {
    /// Canonical website URL: "HTTPS://WWW.Example.org/Path/" → "https://example.org/Path".
    ///
    /// The scheme is kept if http or https (and added as https when missing, tolerating typos such
    /// as "http//:"), the host is lowercased with "www." and any trailing dot dropped, default ports
    /// dropped, the path's case kept, a trailing slash and a final "index.html"-style page dropped,
    /// the query kept, and a fragment dropped, except a "#!" route, which addresses a page.
    /// A field holding several addresses yields the first. An email address or a non-web scheme is invalid.
    public static func website(_ raw: String) -> Normalised {
        if isNullMarker(raw) { return .empty }
        let tokens = WebsiteShape.tokens(raw)
        var firstProblem: String?
        for (index, token) in tokens.enumerated() {
            // Later words must look like a web address on their own, so free text ("see St.John") is not read as a host.
            if index > 0, !WebsiteShape.looksLikeAddress(token) { continue }
            switch WebsiteShape.canonical(token) {
            case .success(let url): return .value(url)
            case .failure(let problem): firstProblem = firstProblem ?? problem.text
            }
        }
        return .invalid(reason: "not a website: \(NormaliseText.quoted(raw)) (\(firstProblem ?? "no address"))")
    }

    /// The host of the canonical website, without "www." or port: "traffordsouth.foodbank.org.uk"; nil when there is none.
    ///
    /// Shared hosts such as facebook.com come back as they are; callers comparing domains should weigh them accordingly.
    public static func websiteDomain(_ raw: String) -> String? {
        guard let url = website(raw).value, let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != ":" }
        return host.isEmpty ? nil : String(host)
    }
}

/// URL parsing tuned to what people type into a "website" column.
enum WebsiteShape {
    struct Problem: Error {
        let text: String
    }

    /// Final path segments that name a site's default page and add nothing to the address.
    private static let defaultPages: Set<String> = [
        "index.html", "index.htm", "index.shtml", "index.php", "index.asp", "index.aspx",
        "default.htm", "default.html", "default.asp", "default.aspx",
    ]

    /// Whitespace-separated words; a word starting with "/" continues the previous one (a URL broken by a newline).
    static func tokens(_ raw: String) -> [String] {
        // One ASCII word, the usual cell, is its own token.
        if !raw.isEmpty, raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return [raw] }
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for s in raw.unicodeScalars {
            if NormaliseText.isSpaceLike(s) {
                if !current.isEmpty { words.append(String(current)) }
                current = String.UnicodeScalarView()
            } else {
                current.append(s)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        var tokens: [String] = []
        for word in words {
            if word.hasPrefix("/"), !word.hasPrefix("//"), let last = tokens.last, !last.hasSuffix("/") {
                tokens[tokens.count - 1] = last + word
            } else {
                tokens.append(word)
            }
        }
        return tokens
    }

    /// True when a word announces itself as a web address (a scheme or "www.").
    static func looksLikeAddress(_ token: String) -> Bool {
        let lower = token.lowercased()
        return lower.hasPrefix("http") || lower.hasPrefix("www.") || lower.hasPrefix("//")
    }

    /// Splits "http://", "https:/", "http//:" (and similar typos) off the front; nil scheme when none is written.
    private static func splitScheme(_ chars: [Character]) -> (scheme: String?, rest: ArraySlice<Character>)? {
        let lower = chars.prefix(6).map { $0.isASCII ? Character($0.lowercased()) : $0 }
        var schemeLength = 0
        if lower.starts(with: "https") { schemeLength = 5 } else if lower.starts(with: "http") { schemeLength = 4 }
        if schemeLength > 0 {
            var i = schemeLength
            var sawSlashOrColon = false
            while i < chars.count, ":/;\\".contains(chars[i]) {
                if chars[i] == ":" || chars[i] == "/" { sawSlashOrColon = true }
                i += 1
            }
            if sawSlashOrColon {
                return (schemeLength == 5 ? "https" : "http", chars[i...])
            }
        }
        if chars.starts(with: ["/", "/"]) { return (nil, chars.dropFirst(2)) }
        // Any other "scheme:" (mailto:, ftp://, javascript:) is not a website.
        if let colon = chars.firstIndex(of: ":"), colon > 0,
           chars[..<colon].allSatisfy({ NormaliseText.isASCIILetter($0) }),
           colon + 1 < chars.count, chars[colon + 1] == "/" || !chars[(colon + 1)...].allSatisfy(NormaliseText.isASCIIDigit)
        {
            return nil
        }
        return (nil, chars[...])
    }

    /// The canonical URL of one token, or why it is not one.
    static func canonical(_ token: String) -> Result<String, Problem> {
        canonicalOfPrintableASCII(token) ?? canonicalByCharacters(token)
    }

    /// `canonicalByCharacters` on bytes, for a token of printable ASCII (every byte 0x21–0x7E), where a byte is a
    /// character; nil for any other token. Splitting each cell into `Character`s was a seventh of a million-row
    /// import's parsing. `FastPathNormalisationTests` holds the two to each other.
    static func canonicalOfPrintableASCII(_ token: String) -> Result<String, Problem>? {
        var token = token
        return token.withUTF8 { bytes -> Result<String, Problem>? in
            guard !bytes.isEmpty, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
            func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
            func text(_ range: Range<Int>, lowercased: Bool = false) -> String {
                let slice = UnsafeBufferPointer(rebasing: bytes[range])
                return lowercased ? String(decoding: slice.map(lower), as: UTF8.self) : String(decoding: slice, as: UTF8.self)
            }
            func first(_ byte: UInt8, in range: Range<Int>) -> Int? { range.first { bytes[$0] == byte } }
            func last(_ byte: UInt8, in range: Range<Int>) -> Int? { range.reversed().first { bytes[$0] == byte } }
            var lo = 0, hi = bytes.count
            while lo < hi, Self.leadingASCII.contains(bytes[lo]) { lo += 1 }
            while hi > lo, Self.trailingASCII.contains(bytes[hi - 1]) { hi -= 1 }
            guard lo < hi else { return .failure(Problem(text: "no address")) }

            // The scheme, as `splitScheme` reads it.
            var written: String?
            var restStart: Int?
            let schemeLength = Self.schemeLength(bytes, lo, hi, lower)
            if schemeLength > 0 {
                var i = lo + schemeLength
                var sawSlashOrColon = false
                while i < hi, [0x3A, 0x2F, 0x3B, 0x5C].contains(bytes[i]) {
                    if bytes[i] == 0x3A || bytes[i] == 0x2F { sawSlashOrColon = true }
                    i += 1
                }
                if sawSlashOrColon {
                    written = schemeLength == 5 ? "https" : "http"
                    restStart = i
                }
            }
            if restStart == nil, hi - lo >= 2, bytes[lo] == 0x2F, bytes[lo + 1] == 0x2F { restStart = lo + 2 }
            if restStart == nil {
                if let colon = first(0x3A, in: lo..<hi), colon > lo, (lo..<colon).allSatisfy({ ASCIIByte.isLetter(bytes[$0]) }),
                    colon + 1 < hi, bytes[colon + 1] == 0x2F || !((colon + 1)..<hi).allSatisfy({ ASCIIByte.isDigit(bytes[$0]) })
                {
                    return .failure(Problem(text: "not a web address"))
                }
                restStart = lo
            }
            let rest = restStart!..<hi
            let scheme = written ?? "https"

            // Authority ends at the first "/", "?", "#" or backslash.
            let authorityEnd = rest.first { [0x2F, 0x3F, 0x23, 0x5C].contains(bytes[$0]) } ?? hi
            var authority = rest.lowerBound..<authorityEnd
            if let at = last(0x40, in: authority) {
                if written == nil { return .failure(Problem(text: "an email address, not a website")) }
                authority = (at + 1)..<authority.upperBound
            }
            var port: String?
            if let colon = last(0x3A, in: authority) {
                let digits = (colon + 1)..<authority.upperBound
                guard digits.allSatisfy({ ASCIIByte.isDigit(bytes[$0]) }) else { return .failure(Problem(text: "bad port")) }
                port = digits.isEmpty ? nil : text(digits)
                authority = authority.lowerBound..<colon
            }
            if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") { port = nil }

            var host = text(authority, lowercased: true)
            if host.hasPrefix("www,") { host = "www." + host.dropFirst(4) }
            while host.hasSuffix(".") { host.removeLast() }
            if host.hasPrefix("www."), host.utf8.dropFirst(4).contains(UInt8(ascii: ".")) { host = String(host.dropFirst(4)) }
            guard isHost(host) else {
                return .failure(Problem(text: host.isEmpty ? "no host" : "bad host '\(host.prefix(60))'"))
            }

            var remainder = authorityEnd..<hi
            var fragment = ""
            if let hash = first(0x23, in: remainder) {
                if hi - hash > 2, bytes[hash + 1] == 0x21 { fragment = text(hash..<hi) }
                remainder = remainder.lowerBound..<hash
            }
            var query = ""
            if let mark = first(0x3F, in: remainder) {
                query = text((mark + 1)..<remainder.upperBound)
                remainder = remainder.lowerBound..<mark
            }
            // Backslashes typed for slashes.
            var path = Array(UnsafeBufferPointer(rebasing: bytes[remainder])).map { $0 == 0x5C ? 0x2F : $0 }
            while path.last == 0x2F { path.removeLast() }
            if query.isEmpty, let slash = path.lastIndex(of: 0x2F),
                Self.defaultPages.contains(String(decoding: path[(slash + 1)...].map(lower), as: UTF8.self))
            {
                path.removeSubrange(slash...)
                while path.last == 0x2F { path.removeLast() }
            }
            if path.isEmpty, !(query.isEmpty && fragment.isEmpty) { path = [0x2F] }

            var url = scheme + "://" + host
            if let port { url += ":\(port)" }
            url += String(decoding: path, as: UTF8.self)
            if !query.isEmpty { url += "?\(query)" }
            url += fragment
            return .success(url)
        }
    }

    /// The wrapping punctuation `canonicalByCharacters` strips, as bytes (its ASCII members).
    private static let leadingASCII: Set<UInt8> = [0x3C, 0x22, 0x27, 0x28, 0x5B]
    private static let trailingASCII: Set<UInt8> = [0x3E, 0x22, 0x27, 0x29, 0x5D, 0x2C, 0x3B]

    /// 5 for "https", 4 for "http" at the start of `lo..<hi` in any case, else 0 (`splitScheme`'s test).
    private static func schemeLength(_ bytes: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int, _ lower: (UInt8) -> UInt8) -> Int {
        let http: [UInt8] = [0x68, 0x74, 0x74, 0x70]
        guard hi - lo >= 4, (0..<4).allSatisfy({ lower(bytes[lo + $0]) == http[$0] }) else { return 0 }
        return hi - lo >= 5 && lower(bytes[lo + 4]) == 0x73 ? 5 : 4
    }

    /// The canonical URL of one token by its characters: any text.
    static func canonicalByCharacters(_ token: String) -> Result<String, Problem> {
        var chars = Array(token)
        // Wrapping punctuation from prose or HTML: <http://x.org>, "x.org", (x.org), x.org.
        let leading: Set<Character> = ["<", "\"", "'", "(", "[", "\u{201C}", "\u{2018}"]
        let trailing: Set<Character> = [">", "\"", "'", ")", "]", ",", ";", "\u{201D}", "\u{2019}"]
        while let first = chars.first, leading.contains(first) { chars.removeFirst() }
        while let last = chars.last, trailing.contains(last) { chars.removeLast() }
        guard !chars.isEmpty else { return .failure(Problem(text: "no address")) }
        guard let (writtenScheme, rest) = splitScheme(chars) else {
            return .failure(Problem(text: "not a web address"))
        }
        let scheme = writtenScheme ?? "https"

        // Authority ends at the first "/", "?", "#" or backslash.
        let authorityEnd = rest.firstIndex(where: { "/?#\\".contains($0) }) ?? rest.endIndex
        var authority = String(rest[rest.startIndex..<authorityEnd])
        var remainder = rest[authorityEnd...]

        if let at = authority.lastIndex(of: "@") {
            if writtenScheme == nil { return .failure(Problem(text: "an email address, not a website")) }
            authority = String(authority[authority.index(after: at)...])
        }
        var port: String?
        if let colon = authority.lastIndex(of: ":") {
            let digits = authority[authority.index(after: colon)...]
            guard digits.allSatisfy(NormaliseText.isASCIIDigit) else { return .failure(Problem(text: "bad port")) }
            port = digits.isEmpty ? nil : String(digits)
            authority = String(authority[..<colon])
        }
        if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") { port = nil }

        var host = authority.lowercased()
        if host.hasPrefix("www,") { host = "www." + host.dropFirst(4) }  // "www,example.com": a comma typed for a dot
        while host.hasSuffix(".") { host.removeLast() }
        if host.hasPrefix("www."), host.utf8.dropFirst(4).contains(UInt8(ascii: ".")) { host = String(host.dropFirst(4)) }
        guard isHost(host) else {
            return .failure(Problem(text: host.isEmpty ? "no host" : "bad host '\(host.prefix(60))'"))
        }

        // Fragment: dropped, except a "#!" route.
        var fragment = ""
        if let hash = remainder.firstIndex(of: "#") {
            let text = String(remainder[hash...])
            if text.hasPrefix("#!"), text.count > 2 { fragment = text }
            remainder = remainder[..<hash]
        }
        var query = ""
        if let mark = remainder.firstIndex(of: "?") {
            query = String(remainder[remainder.index(after: mark)...])
            remainder = remainder[..<mark]
        }
        // Backslashes typed for slashes.
        var path = String(remainder.map { $0 == "\\" ? "/" : $0 })
        while path.hasSuffix("/") { path.removeLast() }
        if query.isEmpty, let slash = path.lastIndex(of: "/"),
           defaultPages.contains(path[path.index(after: slash)...].lowercased())
        {
            path = String(path[..<slash])
            while path.hasSuffix("/") { path.removeLast() }
        }
        if path.isEmpty, !(query.isEmpty && fragment.isEmpty) { path = "/" }

        var url = "\(scheme)://\(host)"
        if let port { url += ":\(port)" }
        url += path
        if !query.isEmpty { url += "?\(query)" }
        url += fragment
        return .success(url)
    }

    private static func isASCIIHostByte(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || ASCIIByte.isAlphanumeric(b)
    }

    /// A DNS host of at least two labels with an alphabetic (or IDN) top-level label, or an IPv4 address.
    private static func isHost(_ host: String) -> Bool {
        guard !host.isEmpty, host.count <= 253 else { return false }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        if labels.count == 4, labels.allSatisfy({ label in
            !label.isEmpty && label.count <= 3 && label.allSatisfy(NormaliseText.isASCIIDigit) && (Int(label) ?? 256) <= 255
        }) {
            return true
        }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else { return false }
            // ASCII by bytes: its letters and numbers are exactly A–Z, a–z and 0–9 (the Character properties were a
            // tenth of an import's parsing).
            if label.utf8.allSatisfy({ $0 < 0x80 }) {
                guard label.utf8.allSatisfy({ Self.isASCIIHostByte($0) }) else { return false }
            } else {
                guard label.allSatisfy({ $0 == "-" || $0 == "_" || (($0.isLetter || $0.isNumber) && !$0.isPunctuation) })
                else { return false }
            }
        }
        guard let tld = labels.last else { return false }
        if tld.hasPrefix("xn--") { return true }
        if tld.utf8.allSatisfy({ $0 < 0x80 }) {
            return tld.utf8.count >= 2 && tld.utf8.allSatisfy(ASCIIByte.isLetter)
        }
        return tld.count >= 2 && tld.allSatisfy(\.isLetter)
    }
}
