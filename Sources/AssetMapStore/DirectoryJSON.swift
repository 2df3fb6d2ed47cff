import AssetMapCore

/// The JSON of a directory row's golden record and areas, written directly.
///
/// Every entity a match or an import touches gets these two documents; through `JSONEncoder` they were 7 % of a
/// 100k match's CPU time (a keyed container, a boxed value and a dictionary sort for each of some ten fields).
/// The shapes are fixed and every value is a string or an integer, so they are written here with `JSONText`, keys in
/// byte order as the import's SQL (`json_group_object … ORDER BY key`) writes them.
enum DirectoryJSON {
    /// `{"field": {"alternatives": [{"source", "value"}…], "record_id", "source", "value"}, …}`.
    static func golden(_ golden: [String: FieldChoice]) -> String {
        var out = "{"
        out.reserveCapacity(64 * golden.count + 2)
        for (n, field) in golden.keys.sorted(by: byteOrder).enumerated() {
            let choice = golden[field]!
            if n > 0 { out += "," }
            JSONText.append(field, to: &out)
            out += ":{\"alternatives\":["
            for (k, alternative) in choice.alternatives.enumerated() {
                out += k == 0 ? "{\"source\":" : ",{\"source\":"
                JSONText.append(alternative.source, to: &out)
                out += ",\"value\":"
                JSONText.append(alternative.value, to: &out)
                out += "}"
            }
            out += "],\"record_id\":"
            out += String(choice.recordID)
            out += ",\"source\":"
            JSONText.append(choice.source, to: &out)
            out += ",\"value\":"
            JSONText.append(choice.value, to: &out)
            out += "}"
        }
        return out + "}"
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
