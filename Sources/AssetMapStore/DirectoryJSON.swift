import AssetMapCore

/// The JSON of a directory row's golden record and areas, written directly.
///
/// Every entity a match or an import touches gets these two documents; through `JSONEncoder` they were 7 % of a
/// 100k match's CPU time (a keyed container, a boxed value and a dictionary sort for each of some ten fields).
/// The shapes are fixed and every value is a string or an integer, so they are written here with `JSONText`, keys in
/// byte order as the import's SQL (`json_group_object … ORDER BY key`) writes them.
enum DirectoryJSON {
    /// `{"field": {"alternatives": [{"source", "value"}…], "value"}, …}`, the alternatives only where there are any.
    ///
    /// What readers of the directory row use: search's reconciliation (each field's values) and the Open Referral
    /// face (`$.town.value` and the registry numbers). Where each value came from is worked out again from the
    /// members when an entity is shown (`GoldenRecord.choose`), so the row does not repeat it. Every field's source,
    /// record id and empty alternatives were more than half of the document (1,066 → 501 bytes on average after a
    /// 1M match) and 40 % of the directory table (1.5 → 0.9 GB), written by every import and every match. Rows
    /// written before keep the wider shape, which reads the same.
    static func golden(_ golden: [String: FieldChoice]) -> String {
        // Into bytes: appending to a `String` piece by piece was most of this function's time.
        var out: [UInt8] = []
        out.reserveCapacity(48 * golden.count + 2)
        out.append(UInt8(ascii: "{"))
        for (n, field) in golden.keys.sorted(by: byteOrder).enumerated() {
            let choice = golden[field]!
            if n > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.append(field, to: &out)
            out.append(contentsOf: ":{".utf8)
            if !choice.alternatives.isEmpty {
                out.append(contentsOf: "\"alternatives\":[".utf8)
                for (k, alternative) in choice.alternatives.enumerated() {
                    out.append(contentsOf: (k == 0 ? "{\"source\":" : ",{\"source\":").utf8)
                    JSONText.append(alternative.source, to: &out)
                    out.append(contentsOf: ",\"value\":".utf8)
                    JSONText.append(alternative.value, to: &out)
                    out.append(UInt8(ascii: "}"))
                }
                out.append(contentsOf: "],".utf8)
            }
            out.append(contentsOf: "\"value\":".utf8)
            JSONText.append(choice.value, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `{"layer": {"code", "name"}, …}`, with an empty name where the layer has none.
    static func areas(_ areas: [String: AreaRef]) -> String {
        var out = "{"
        for (n, layer) in areas.keys.sorted(by: byteOrder).enumerated() {
            let area = areas[layer]!
            if n > 0 { out += "," }
            JSONText.append(layer, to: &out)
            out += ":{\"code\":"
            JSONText.append(area.code, to: &out)
            out += ",\"name\":"
            JSONText.append(area.name ?? "", to: &out)
            out += "}"
        }
        return out + "}"
    }

    static func byteOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

}

extension DirectoryJSON {
    /// Reads back what `areas` (or the import's `json_group_object`) wrote: layer → code and name, an empty name as
    /// nil. A search reads twenty of these per page; flattening them in SQL (`json_each` with two `->>` per layer)
    /// was a third of a category-in-an-area search at 1M, and `JSONSerialization` costs more. Nil for anything
    /// that is not that shape, so the caller can fall back to a general decoder.
    static func parseAreas(_ text: String) -> [String: (code: String, name: String?)]? {
        var text = text
        return text.withUTF8 { bytes -> [String: (code: String, name: String?)]? in
            var reader = Reader(bytes: bytes)
            var areas: [String: (code: String, name: String?)] = [:]
            guard reader.take(UInt8(ascii: "{")) else { return nil }
            if reader.take(UInt8(ascii: "}")) { return reader.atEnd ? areas : nil }
            repeat {
                guard let layer = reader.string(), reader.take(UInt8(ascii: ":")), reader.take(UInt8(ascii: "{")) else { return nil }
                var code = "", name: String?
                if !reader.take(UInt8(ascii: "}")) {
                    repeat {
                        guard let key = reader.string(), reader.take(UInt8(ascii: ":")) else { return nil }
                        let value: String?
                        if reader.takeNull() { value = nil } else if let string = reader.string() { value = string } else { return nil }
                        if key == "code" { code = value ?? "" } else if key == "name" { name = value.flatMap { $0.isEmpty ? nil : $0 } }
                    } while reader.take(UInt8(ascii: ","))
                    guard reader.take(UInt8(ascii: "}")) else { return nil }
                }
                areas[layer] = (code, name)
            } while reader.take(UInt8(ascii: ","))
            guard reader.take(UInt8(ascii: "}")), reader.atEnd else { return nil }
            return areas
        }
    }

    /// The golden record of an entity of one record: every non-empty field of the record's normalised `fields`
    /// (a flat object of strings, as the import writes it) but `name_match`. The same document `golden` writes for
    /// it; nil when `fields` is not that shape. Built in SQL with `json_each` and `json_group_object` it was 13 µs a
    /// record, half of writing a million-row import's directory rows.
    static func singleRecordGolden(fields: String) -> String? {
        var fields = fields
        return fields.withUTF8 { singleRecordGolden(fields: $0) }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// `singleRecordGolden` from and to UTF-8 bytes (`record_golden`): copied when the fields allow, else parsed.
    static func singleRecordGolden(fields: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        singleRecordGoldenByCopy(fields: fields) ?? singleRecordGoldenByParsing(fields: String(decoding: fields, as: UTF8.self)).map { Array($0.utf8) }
    }

    /// `singleRecordGolden` for any flat object of strings: each field read, then written by `golden`.
    static func singleRecordGoldenByParsing(fields: String) -> String? {
        guard let pairs = parseFlatStrings(fields) else { return nil }
        var golden: [String: FieldChoice] = [:]
        for (field, value) in pairs where field != "name_match" && !value.isEmpty {
            // Where the value came from is not written (`golden`).
            golden[field] = FieldChoice(value: value, source: "", recordID: 0, alternatives: [])
        }
        return Self.golden(golden)
    }

    /// `singleRecordGolden` for fields as the import writes them (keys in ascending byte order, no space, no escape in
    /// a key or value): each value is copied as it stands, since `JSONText` would write it back byte for byte. Nil for
    /// anything else, which the general path then reads. Parsing each field into a `String`, a dictionary and a sort
    /// were three quarters of writing a million-row import's directory rows.
    static func singleRecordGoldenByCopy(fields: String) -> String? {
        var fields = fields
        return fields.withUTF8 { bytes in singleRecordGoldenByCopy(fields: bytes).map { String(decoding: $0, as: UTF8.self) } }
    }

    /// `singleRecordGoldenByCopy` from and to UTF-8 bytes.
    static func singleRecordGoldenByCopy(fields bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        do {
            let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 256)
            out.append(UInt8(ascii: "{"))
            var at = 0
            /// The bytes of a string starting at `at` (a quote), which must hold no escape or control character.
            func string() -> Range<Int>? {
                guard at < bytes.count, bytes[at] == quote else { return nil }
                let start = at + 1
                var end = start
                while end < bytes.count, bytes[end] != quote {
                    if bytes[end] == backslash || bytes[end] < 0x20 { return nil }
                    end += 1
                }
                guard end < bytes.count else { return nil }
                at = end + 1
                return start..<end
            }
            func take(_ byte: UInt8) -> Bool {
                guard at < bytes.count, bytes[at] == byte else { return false }
                at += 1
                return true
            }
            guard take(UInt8(ascii: "{")) else { return nil }
            if take(UInt8(ascii: "}")) { return at == bytes.count ? Array("{}".utf8) : nil }
            var previousKey: Range<Int>?
            var written = 0
            repeat {
                guard let key = string(), take(UInt8(ascii: ":")), let value = string() else { return nil }
                // Strictly ascending keys: the order `golden` sorts into, and no key twice.
                if let previousKey {
                    guard UnsafeBufferPointer(rebasing: bytes[previousKey]).lexicographicallyPrecedes(
                        UnsafeBufferPointer(rebasing: bytes[key]))
                    else { return nil }
                }
                previousKey = key
                if value.isEmpty || bytes[key].elementsEqual("name_match".utf8) { continue }
                if written > 0 { out.append(UInt8(ascii: ",")) }
                written += 1
                out.append(quote)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[key]))
                out.append(contentsOf: "\":{\"value\":\"".utf8)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[value]))
                out.append(contentsOf: "\"}".utf8)
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")), at == bytes.count else { return nil }
            out.append(UInt8(ascii: "}"))
            return out
        }
    }

    /// `{"key": "value", …}`: string values only, keys unique; nil for any other shape.
    static func parseFlatStrings(_ text: String) -> [(String, String)]? {
        var text = text
        return text.withUTF8 { bytes -> [(String, String)]? in
            var reader = Reader(bytes: bytes)
            var pairs: [(String, String)] = []
            // Keys in ascending order (as the import writes them) are unique without a set of them.
            var ascending = true
            guard reader.take(UInt8(ascii: "{")) else { return nil }
            if reader.take(UInt8(ascii: "}")) { return reader.atEnd ? pairs : nil }
            repeat {
                guard let key = reader.string(), reader.take(UInt8(ascii: ":")), let value = reader.string() else { return nil }
                if ascending, let last = pairs.last?.0, !last.utf8.lexicographicallyPrecedes(key.utf8) { ascending = false }
                pairs.append((key, value))
            } while reader.take(UInt8(ascii: ","))
            if !ascending && Set(pairs.map(\.0)).count != pairs.count { return nil }
            guard reader.take(UInt8(ascii: "}")), reader.atEnd else { return nil }
            return pairs
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        var atEnd: Bool {
            mutating get {
                skipSpace()
                return at == bytes.count
            }
        }

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        mutating func takeNull() -> Bool {
            skipSpace()
            guard at + 4 <= bytes.count, bytes[at] == UInt8(ascii: "n"), bytes[at + 1] == UInt8(ascii: "u"),
                bytes[at + 2] == UInt8(ascii: "l"), bytes[at + 3] == UInt8(ascii: "l")
            else { return false }
            at += 4
            return true
        }

        /// A JSON string with its escapes, surrogate pairs included.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = at
            // No escape: the bytes as they are (the usual case).
            while at < bytes.count, bytes[at] != UInt8(ascii: "\""), bytes[at] != UInt8(ascii: "\\") { at += 1 }
            guard at < bytes.count else { return nil }
            if bytes[at] == UInt8(ascii: "\"") {
                at += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(at - 1)]), as: UTF8.self)
            }
            var out = Array(bytes[start..<at])
            while at < bytes.count {
                let byte = bytes[at]
                at += 1
                if byte == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
                guard byte == UInt8(ascii: "\\") else {
                    out.append(byte)
                    continue
                }
                guard at < bytes.count else { return nil }
                let escape = bytes[at]
                at += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A high surrogate must be followed by \u and a low one.
                        guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else { return nil }
                        at += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default: return nil
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[at]
                at += 1
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }
    }
}
