extension Normalise {
    /// Canonical charity number: England & Wales "210843" or "1234567-1" (subsidiary kept), Scotland
    /// "SC012345", Northern Ireland "NIC100012", HMRC references "XN12345"/"XR12345".
    ///
    /// Strips wording such as "Registered charity no." and spaces, repairs spreadsheet damage
    /// ("1,102,345", "1102345.0", "SC12345" → "SC012345"), and drops zeros padded onto an England &
    /// Wales number (those numbers never start with 0). The first valid number of several is taken.
    /// "0", "none", "exempt", "excepted" and "not registered" are empty: no number to record.
    public static func charityNumber(_ raw: String) -> Normalised {
        if isNullMarker(raw) { return .empty }
        // First with digit groups joined across spaces ("1 102 345"), then apart ("1102345 1102346").
        var firstProblem: String?
        for joined in [true, false] {
            for candidate in RegistryScanner.candidates(raw, joiningSpacedDigits: joined) {
                switch RegistryScanner.charity(candidate) {
                case .success(let number): return .value(number)
                case .failure(let problem): firstProblem = firstProblem ?? problem.text
                }
            }
        }
        if RegistryScanner.meansNoNumber(raw) { return .empty }
        return .invalid(reason: "not a charity number: \(NormaliseText.quoted(raw)) (\(firstProblem ?? "no digits"))")
    }

    /// Canonical Companies House number, always 8 characters: "1234567" → "01234567", "sc12345" → "SC012345".
    ///
    /// Digits alone are left-padded with zeros (spreadsheets drop them); a known two-character
    /// prefix (SC, NI, OC, SO, NC, R0, IP, FC, CE, CS, RS, LP, …) is followed by six digits.
    /// Wording such as "Company no." is stripped; "0", "none" and all-zero numbers are empty.
    public static func companyNumber(_ raw: String) -> Normalised {
        if isNullMarker(raw) { return .empty }
        // First with digit groups joined across spaces ("1 102 345"), then apart ("1102345 1102346").
        var firstProblem: String?
        for joined in [true, false] {
            for candidate in RegistryScanner.candidates(raw, joiningSpacedDigits: joined) {
                switch RegistryScanner.company(candidate) {
                case .success(let number): return .value(number)
                case .failure(let problem): firstProblem = firstProblem ?? problem.text
                }
            }
        }
        if RegistryScanner.meansNoNumber(raw) { return .empty }
        return .invalid(reason: "not a company number: \(NormaliseText.quoted(raw)) (\(firstProblem ?? "no digits"))")
    }
}

/// Finds registry numbers (charity, company) in a field and checks their shapes.
enum RegistryScanner {
    /// One run of digits, with the word written directly before it and any "-N" suffix after it.
    struct Candidate: Equatable {
        /// Uppercase letters immediately before the digits ("SC" of "SC012345"), or "".
        var prefix: String
        /// True when a space or hyphen sat between the prefix and the digits ("SC 012345").
        var separated: Bool
        var digits: String
        /// Digits after "-" or "/" following the number ("1234567-1").
        var suffix: String?
    }

    struct Problem: Error {
        let text: String
    }

    /// Companies House prefixes: Scottish, Northern Irish, LLP, overseas, mutual, CIO and other registers.
    static let companyPrefixes: Set<String> = [
        "AC", "BR", "CE", "CS", "ES", "FC", "FE", "GE", "GN", "GS", "IC", "IP", "LP", "NA", "NC", "NF", "NI",
        "NL", "NO", "NP", "NR", "NV", "NZ", "OC", "OE", "PC", "R0", "RC", "RS", "SA", "SC", "SE", "SF", "SG",
        "SI", "SL", "SO", "SP", "SR", "SZ", "ZC",
    ]
    /// Prefixes that are also everyday words ("No 123", "NA"), so they only count when touching six digits or fewer.
    private static let ambiguousCompanyPrefixes: Set<String> = ["NO", "NA"]

    /// Words meaning the organisation has no number to record.
    private static let noNumberWords = ["EXEMPT", "EXCEPTED", "NOT REGISTERED", "UNREGISTERED", "PENDING", "APPLIED"]

    /// The digit runs of `raw`, in order, each with the letters touching it.
    static func candidates(_ raw: String, joiningSpacedDigits: Bool) -> [Candidate] {
        let c = Array(raw.uppercased().unicodeScalars)
        func isDigit(_ i: Int) -> Bool { i < c.count && NormaliseText.isASCIIDigit(c[i]) }
        func isLetter(_ i: Int) -> Bool { i < c.count && NormaliseText.isASCIILetter(c[i]) }

        /// Reads digits from `start`, joining "1,102,345" thousands groups and skipping a spreadsheet ".0".
        func readDigits(_ start: Int) -> (String, Int) {
            var digits = ""
            var i = start
            var groupLength = 0
            while true {
                while isDigit(i) {
                    digits.unicodeScalars.append(c[i])
                    groupLength += 1
                    i += 1
                    if joiningSpacedDigits, i + 1 < c.count, c[i] == " ", isDigit(i + 1) { i += 1 }
                }
                // A comma then exactly three digits, after a group of at most three, is a thousands separator.
                if groupLength <= 3, i < c.count, c[i] == ",",
                   isDigit(i + 1), isDigit(i + 2), isDigit(i + 3), !isDigit(i + 4)
                {
                    i += 1
                    groupLength = 0
                    continue
                }
                break
            }
            if i < c.count, c[i] == ".", isDigit(i + 1) {
                var j = i + 1
                while j < c.count, c[j] == "0" { j += 1 }
                if !isDigit(j), j > i + 1 { i = j }
            }
            return (digits, i)
        }

        /// Reads a "-1", " / 2" subsidiary suffix of one to three digits.
        func readSuffix(_ start: Int) -> (String?, Int) {
            var i = start
            while i < c.count, c[i] == " " { i += 1 }
            guard i < c.count, c[i] == "-" || c[i] == "/" || c[i] == "\u{2013}" else { return (nil, start) }
            i += 1
            while i < c.count, c[i] == " " { i += 1 }
            let begin = i
            while isDigit(i) { i += 1 }
            guard (1...3).contains(i - begin), !isLetter(i) else { return (nil, start) }
            return (String(String.UnicodeScalarView(c[begin..<i])), i)
        }

        var found: [Candidate] = []
        var i = 0
        while i < c.count {
            if isLetter(i) {
                let begin = i
                while isLetter(i) { i += 1 }
                let word = String(String.UnicodeScalarView(c[begin..<i]))
                var j = i
                var separated = false
                if j < c.count, c[j] == " " || c[j] == "-", isDigit(j + 1) {
                    separated = true
                    j += 1
                }
                if isDigit(j) {
                    let (digits, afterDigits) = readDigits(j)
                    let (suffix, next) = readSuffix(afterDigits)
                    found.append(Candidate(prefix: word, separated: separated, digits: digits, suffix: suffix))
                    i = next
                }
            } else if isDigit(i) {
                let (digits, afterDigits) = readDigits(i)
                let (suffix, next) = readSuffix(afterDigits)
                found.append(Candidate(prefix: "", separated: false, digits: digits, suffix: suffix))
                i = next
            } else {
                i += 1
            }
        }
        return found
    }

    /// True when the field says there is no number: only zeros ("0", "00000000"), or words like "exempt".
    static func meansNoNumber(_ raw: String) -> Bool {
        let found = candidates(raw, joiningSpacedDigits: false)
        if !found.isEmpty {
            return found.allSatisfy { candidate in
                candidate.digits.allSatisfy { $0 == "0" } && !knownPrefixes.contains(candidate.prefix)
            }
        }
        let upper = raw.uppercased()
        return noNumberWords.contains { upper.contains($0) }
    }

    /// Every prefix that makes a number of its own (so "SC000000" is a bad number, not an empty one).
    private static let knownPrefixes: Set<String> = companyPrefixes.union(["NIC", "XN", "XR", "R"])

    private static func stripZeros(_ digits: String) -> String {
        String(digits.drop { $0 == "0" })
    }

    private static func pad(_ digits: String, to width: Int) -> String {
        String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// A charity number of England & Wales, Scotland or Northern Ireland.
    static func charity(_ candidate: Candidate) -> Result<String, Problem> {
        let digits = candidate.digits
        switch candidate.prefix {
        case "SC", "NIC":
            let significant = digits.count > 6 ? stripZeros(digits) : digits
            guard significant.count <= 6, !significant.allSatisfy({ $0 == "0" }) else {
                return .failure(Problem(text: "\(candidate.prefix) needs six digits"))
            }
            return .success(candidate.prefix + pad(significant, to: 6))
        case "XN", "XR":
            guard (4...6).contains(digits.count) else { return .failure(Problem(text: "bad HMRC reference")) }
            return .success(candidate.prefix + digits)
        default:
            // Letters touching the digits that are not a charity prefix ("AB123456") make it something else;
            // "No1102345" and longer words ("Charity1102345") are only wording.
            if !candidate.separated, (1...2).contains(candidate.prefix.count), candidate.prefix != "NO" {
                return .failure(Problem(text: "unknown prefix '\(candidate.prefix)'"))
            }
            if digits.count >= 8 { return .failure(Problem(text: "\(digits.count) digits: a company number?")) }
            // England & Wales numbers never start with 0: zeros in front are padding.
            let number = stripZeros(digits)
            guard !number.isEmpty else { return .failure(Problem(text: "zero")) }
            guard (6...7).contains(number.count) else {
                return .failure(Problem(text: "\(number.count) digits; England and Wales numbers have 6 or 7"))
            }
            if let suffix = candidate.suffix, let n = Int(suffix), n > 0 { return .success("\(number)-\(n)") }
            return .success(number)
        }
    }

    /// A Companies House number: 8 digits, or a 2-character prefix and 6 digits.
    static func company(_ candidate: Candidate) -> Result<String, Problem> {
        if candidate.prefix == "NIC" { return .failure(Problem(text: "a Northern Ireland charity number")) }
        var prefix = candidate.prefix.count <= 2 ? candidate.prefix : ""
        var digits = candidate.digits
        // "R0" (Northern Ireland, before 1922) is a letter and a zero.
        if prefix == "R", !candidate.separated, digits.hasPrefix("0") {
            prefix = "R0"
            digits.removeFirst()
        }
        // "No 1234567", "No1234567": the word, not a prefix (prefixed numbers have at most six digits).
        if ambiguousCompanyPrefixes.contains(prefix), candidate.separated || digits.count > 6 { prefix = "" }
        if prefix.isEmpty || (candidate.separated && !companyPrefixes.contains(prefix)) {
            guard digits.count <= 8 else { return .failure(Problem(text: "more than 8 digits")) }
            guard !digits.allSatisfy({ $0 == "0" }) else { return .failure(Problem(text: "zero")) }
            return .success(pad(digits, to: 8))
        }
        guard companyPrefixes.contains(prefix) else {
            return .failure(Problem(text: "unknown prefix '\(prefix)'"))
        }
        let significant = digits.count > 6 ? stripZeros(digits) : digits
        guard significant.count <= 6, !significant.allSatisfy({ $0 == "0" }) else {
            return .failure(Problem(text: "\(prefix) needs six digits"))
        }
        return .success(prefix + pad(significant, to: 6))
    }
}
