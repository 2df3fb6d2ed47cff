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
