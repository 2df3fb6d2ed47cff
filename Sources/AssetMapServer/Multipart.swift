import Foundation

/// A minimal `multipart/form-data` reader (RFC 7578): enough for an import's file and profile.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var data: Data
    }
    var parts: [Part]

    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    /// The boundary a `Content-Type: multipart/form-data; boundary=…` header names.
    static func boundary(contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }

    enum ParseError: Error { case malformed(String) }

    static func parse(_ body: Data, boundary: String) throws -> MultipartForm {
        let delimiter = Data("--\(boundary)".utf8)
        let crlf = Data("\r\n".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        guard let first = body.range(of: delimiter) else { throw ParseError.malformed("no part starts with the boundary") }
        var parts: [Part] = []
        var cursor = first.upperBound
        while true {
            // After a delimiter: "--" ends the body, else CRLF then the part's headers.
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard body[cursor...].starts(with: crlf) else { throw ParseError.malformed("a boundary is not followed by a line break") }
            let headersStart = cursor + 2
            guard let headersEnd = body.range(of: headerEnd, in: headersStart..<body.endIndex) else {
                throw ParseError.malformed("a part's headers do not end")
            }
            guard let next = body.range(of: crlf + delimiter, in: headersEnd.upperBound..<body.endIndex) else {
                throw ParseError.malformed("the last part is not closed by the boundary")
            }
            let headerText = String(decoding: body[headersStart..<headersEnd.lowerBound], as: UTF8.self)
            var name: String?
            var filename: String?
            var contentType: String?
            for line in headerText.components(separatedBy: "\r\n") {
                let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                switch pair[0].lowercased() {
                case "content-disposition":
                    for parameter in pair[1].split(separator: ";").dropFirst() {
                        let kv = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                        guard kv.count == 2 else { continue }
                        let value = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                        if kv[0].lowercased() == "name" { name = value }
                        if kv[0].lowercased() == "filename" { filename = value }
                    }
                case "content-type": contentType = pair[1]
                default: break
                }
            }
            if let name {
                parts.append(Part(name: name, filename: filename, contentType: contentType, data: Data(body[headersEnd.upperBound..<next.lowerBound])))
            }
            cursor = next.upperBound
        }
        return MultipartForm(parts: parts)
    }
}
