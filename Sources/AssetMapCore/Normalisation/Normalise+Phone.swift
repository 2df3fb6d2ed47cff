extension Normalise {
    /// Canonical E.164 form of the first usable phone number in `raw`: "0161 941 2018" → "+441619412018".
    ///
    /// Reads national ("0161-912-2122", "(0161) 912 2122"), international ("+44 (0)161 912 2122",
    /// "0044 161 …") and spreadsheet-damaged forms: 10 digits starting 1–9 lost their leading zero
    /// ("1619699907" → "+441619699907"), and a letter O typed for a zero next to digits ("O1706 369777")
    /// is read as 0, since phone numbers hold no letters. Extensions ("ext 123", "x123") are dropped.
    /// A field holding several numbers, or a number and an email, yields its first valid number.
    /// Numbers written with another country code ("+353 1 234 5678") are kept in E.164 as given.
    public static func phone(_ raw: String) -> Normalised {
        if isNullMarker(raw) { return .empty }
        var firstProblem: String?
        for run in PhoneScanner.runs(in: raw) {
            // If the run read from its start holds no number, stray digits may lead it ("Room 5 0161 …"):
            // try again from each of the next few groups.
            for start in 0..<min(run.groups.count, 6) {
                let tail = PhoneScanner.Run(plus: start == 0 && run.plus, groups: Array(run.groups[start...]))
                for candidate in PhoneScanner.split(tail) {
                    switch PhoneScanner.classify(candidate) {
                    case .success(let e164): return .value(e164)
                    case .failure(let problem): firstProblem = firstProblem ?? problem.text
                    }
                }
            }
        }
        return .invalid(reason: "not a UK phone number: \(NormaliseText.quoted(raw)) (\(firstProblem ?? "no digits"))")
    }

    /// UK national display grouping of an E.164 number: "+441619412018" → "0161 941 2018".
    ///
    /// Best effort: a national number is normalised first; anything that is not a UK number comes back trimmed, unchanged.
    public static func phoneDisplay(_ e164: String) -> String {
        let trimmed = NormaliseText.trim(e164)
        guard let canonical = phone(trimmed).value, canonical.hasPrefix("+44") else { return trimmed }
        let national = Array("0" + canonical.dropFirst(3))
        return PhoneScanner.group(national) ?? trimmed
    }
}

/// Finds, splits and checks phone-number candidates in free text.
enum PhoneScanner {
    /// Digit groups read together (separated only by spaces, dashes, dots or brackets), with whether a "+" led them.
    struct Run {
        var plus = false
        var groups: [String] = []
    }

    struct Problem: Error {
        let text: String
    }

    /// Words that introduce an extension, whose digits are not part of the number.
    private static let extensionWords: Set<String> = ["ext", "extn", "exten", "extension", "x", "ex"]

    /// Characters that may sit between the digit groups of one number.
    private static func isSoftSeparator(_ s: Unicode.Scalar) -> Bool {
        if NormaliseText.isSpaceLike(s) { return true }
        switch s {
        case "-", ".", "(", ")", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}": return true
        default: return false
        }
    }

    /// Splits free text into runs of digit groups; words and other punctuation end a run.
    static func runs(in raw: String) -> [Run] {
        let scalars = Array(raw.unicodeScalars)
        var runs: [Run] = []
        var current = Run()
        var digits = ""
        var skippingExtension = false

        func closeGroup() {
            if !digits.isEmpty {
                if !skippingExtension { current.groups.append(digits) }
                digits = ""
            }
        }
        func closeRun() {
            closeGroup()
            if !current.groups.isEmpty { runs.append(current) }
            current = Run()
        }

        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if NormaliseText.isASCIIDigit(s) {
                digits.unicodeScalars.append(s)
                i += 1
            } else if (s == "O" || s == "o"), i + 1 < scalars.count, NormaliseText.isASCIIDigit(scalars[i + 1]),
                i == 0 || !(NormaliseText.isASCIILetter(scalars[i - 1]) || scalars[i - 1] == "@")
            {
                // "O1706 369777": a letter O starting a digit group is a mistyped zero.
                digits.unicodeScalars.append("0")
                i += 1
            } else if s == "+" {
                closeRun()
                skippingExtension = false
                current.plus = true
                i += 1
            } else if isSoftSeparator(s) {
                closeGroup()
                i += 1
            } else if NormaliseText.isASCIILetter(s) {
                var word = ""
                while i < scalars.count, NormaliseText.isASCIILetter(scalars[i]) {
                    word.unicodeScalars.append(scalars[i])
                    i += 1
                }
                closeRun()
                // The digits after "ext" belong to the extension; after any other word they may be a new number.
                skippingExtension = extensionWords.contains(word.lowercased())
            } else {
                closeRun()
                skippingExtension = false
                i += 1
            }
        }
        closeRun()
        return runs
    }

    /// The most digits a number starting like `digits` can have, so that two numbers written
    /// one after the other ("0161 123 4567 07700 900123") are split apart.
    private static func maxLength(plus: Bool, digits: String) -> Int {
        if plus { return digits.hasPrefix("44") ? 13 : 15 }
        if digits.hasPrefix("0044") { return 14 }
        if digits.hasPrefix("00") { return 17 }
        if digits.hasPrefix("0") { return 11 }
        return 12
    }

    /// Splits one run into candidate numbers, greedily joining groups up to the longest valid length.
    static func split(_ run: Run) -> [Run] {
        var candidates: [Run] = []
        var current = Run(plus: run.plus, groups: [])
        var length = 0
        var limit = 0
        for group in run.groups {
            if !current.groups.isEmpty, length + group.count > limit {
                candidates.append(current)
                current = Run(plus: false, groups: [])
                length = 0
            }
            current.groups.append(group)
            length += group.count
            if current.groups.count <= 4 {
                // The limit depends only on the first few digits ("0044", "00", "0", "+44").
                limit = maxLength(plus: current.plus, digits: String(current.groups.joined().prefix(4)))
            }
        }
        if !current.groups.isEmpty { candidates.append(current) }
        return candidates
    }

    /// The E.164 form of one candidate, or why it is not a number.
    static func classify(_ candidate: Run) -> Result<String, Problem> {
        let digits = candidate.groups.joined()
        if candidate.plus {
            return digits.hasPrefix("44") ? uk(nationalSignificant: digits.dropFirst(2)) : foreign(digits)
        }
        if digits.hasPrefix("0044") { return uk(nationalSignificant: digits.dropFirst(4)) }
        if digits.hasPrefix("00") { return foreign(String(digits.dropFirst(2))) }
        if digits.hasPrefix("0") { return national(digits) }
        if digits.count == 12, digits.hasPrefix("44") { return uk(nationalSignificant: digits.dropFirst(2)) }
        // A spreadsheet stored the number as a number and lost its leading zero.
        if digits.count == 10 { return national("0" + digits) }
        return .failure(Problem(text: digits.count < 10 ? "too few digits" : "too many digits"))
    }

    /// After +44: the trunk "0" written as "+44 (0)161" or "+44 0161" is dropped.
    private static func uk(nationalSignificant: Substring) -> Result<String, Problem> {
        let nsn = nationalSignificant.hasPrefix("0") ? nationalSignificant.dropFirst() : nationalSignificant
        return national("0" + nsn)
    }

    /// Another country's number, kept when its length is plausible for E.164.
    private static func foreign(_ digits: String) -> Result<String, Problem> {
        guard let first = digits.first, first != "0" else { return .failure(Problem(text: "no country code")) }
        guard (8...15).contains(digits.count) else {
            return .failure(Problem(text: digits.count < 8 ? "too few digits" : "too many digits"))
        }
        return .success("+" + digits)
    }

    /// A UK national number with its leading 0: 11 digits, or 10 for some 01 areas and 0800 numbers.
    private static func national(_ digits: String) -> Result<String, Problem> {
        let d = Array(digits)
        guard d.count >= 10 else { return .failure(Problem(text: "too few digits")) }
        guard d.count <= 11 else { return .failure(Problem(text: "too many digits")) }
        guard d[0] == "0", "1235789".contains(d[1]) else {
            return .failure(Problem(text: "no UK numbers start \(String(d.prefix(2)))"))
        }
        if d.count == 10, !(digits.hasPrefix("01") || digits.hasPrefix("0800") || digits.hasPrefix("0500")) {
            return .failure(Problem(text: "too few digits"))
        }
        return .success("+44" + digits.dropFirst())
    }

    /// Area codes of six digits (with the 0), whose local numbers have four or five digits.
    private static let sixDigitAreaCodes: Set<String> = [
        "013873", "015242", "015394", "015395", "015396", "016973", "016974", "016977",
        "017683", "017684", "017687", "019467", "013397", "013398",
    ]

    /// Groups a national number the way Ofcom and BT print it; nil when the length is not a UK one.
    static func group(_ d: [Character]) -> String? {
        func cut(_ sizes: Int...) -> String {
            var parts: [String] = []
            var start = 0
            for size in sizes {
                parts.append(String(d[min(start, d.count)..<min(start + size, d.count)]))
                start += size
            }
            return parts.joined(separator: " ")
        }
        let text = String(d)
        switch d.count {
        case 11:
            if text.hasPrefix("02") || text.hasPrefix("055") || text.hasPrefix("056") { return cut(3, 4, 4) }
            if text.hasPrefix("011") || (text.hasPrefix("01") && d[3] == "1") { return cut(4, 3, 4) }
            if sixDigitAreaCodes.contains(String(d.prefix(6))) { return cut(6, 5) }
            if text.hasPrefix("01") || text.hasPrefix("07") || text.hasPrefix("05") { return cut(5, 6) }
            return cut(4, 3, 4)  // 03, 08, 09
        case 10:
            if sixDigitAreaCodes.contains(String(d.prefix(6))) { return cut(6, 4) }
            if text.hasPrefix("01") { return cut(5, 5) }
            return cut(4, 6)  // 0800 123456
        default:
            return nil
        }
    }
}
