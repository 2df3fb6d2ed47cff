import AssetMapCore
import Foundation

/// Reads an Open Referral feed saved as JSON (HSDS 3.0 / ORUK 3.0, and the older ORUK shapes where cheap): an ORUK
/// `Page` of services, a plain array of services, an array of pages (several pages saved into one file), one
/// service, or service_at_location list items (`{"service": …, "location": …}`).
///
/// Each service × each of its locations is one row, with columns named after the canonical fields (so the default
/// profile maps every field onto the column of the same name), plus `key` (the service id, with the location id
/// when the service has several locations), `id` and `location_id`. A service without locations is one row.
final class OpenReferralFeedReader: SourceReader {
    /// The columns every row has, in this order.
    static let columnNames = [
        "key", "id", "location_id", "name", "alternate_names", "description", "organisation", "address", "town", "postcode",
        "lat", "lon", "uprn", "phone", "email", "website", "categories", "opening_hours", "updated", "charity_number",
        "company_number",
    ]

    let path: String
    let columns = OpenReferralFeedReader.columnNames
    let positionName = "service"
    private var rows: [SourceRow] = []
    private var index = 0

    init(path: String) throws {
        self.path = path
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw IngestError.unreadable(path: path, detail: error.localizedDescription)
        }
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw IngestError.malformed(path: path, line: nil, detail: "not valid JSON (\(error.localizedDescription))")
        }
        let services = try Self.services(in: object, path: path)
        for (i, service) in services.enumerated() {
            for row in Self.rows(of: service) {
                rows.append(SourceRow(line: i + 1, fields: Self.columnNames.map { row[$0] ?? "" }, geometry: nil, geometryType: nil))
            }
        }
    }

    func next() throws -> SourceRow? {
        guard index < rows.count else { return nil }
        defer { index += 1 }
        return rows[index]
    }

    /// The service objects of a feed, in order.
    static func services(in object: Any, path: String) throws -> [[String: Any]] {
        func fromElement(_ element: Any, _ position: Int) throws -> [[String: Any]] {
            guard let item = element as? [String: Any] else {
                throw IngestError.malformed(path: path, line: position, detail: "element \(position) is not an object")
            }
            if let contents = item["contents"] as? [Any] { return try contents.enumerated().flatMap { try fromElement($0.element, $0.offset + 1) } }
            // A service_at_location: its service, at that one location.
            if var service = item["service"] as? [String: Any] {
                if let location = item["location"] as? [String: Any] { service["service_at_locations"] = [["location": location]] }
                return [service]
            }
            return [item]
        }
        switch object {
        case let array as [Any]:
            return try array.enumerated().flatMap { try fromElement($0.element, $0.offset + 1) }
        case let root as [String: Any]:
            if root["contents"] is [Any] || root["service"] is [String: Any] || root["name"] is String { return try fromElement(root, 1) }
            throw IngestError.malformed(
                path: path, line: nil, detail: "expected an Open Referral feed: a Page (with \"contents\"), or an array of services")
        default:
            throw IngestError.malformed(path: path, line: nil, detail: "expected an Open Referral feed: a Page or an array of services")
        }
    }

    /// One row per location of a service (one row when it has none), as canonical field → text.
    static func rows(of service: [String: Any]) -> [[String: String]] {
        var base: [String: String] = [:]
        let organization = service["organization"] as? [String: Any]
        base["id"] = text(service["id"])
        base["name"] = text(service["name"])
        base["alternate_names"] = text(service["alternate_name"])
        base["description"] = text(service["description"])
        base["organisation"] = text(organization?["name"])
        base["email"] = text(service["email"]) ?? text(organization?["email"])
        base["website"] = text(service["url"]) ?? text(organization?["website"]) ?? text(organization?["url"])
        base["updated"] = (text(service["last_modified"]) ?? text(service["assured_date"])).map { String($0.prefix(10)) }
        // Categories: HSDS 3 attributes' taxonomy terms, and the older ORUK service_taxonomys.
        var categories: [String] = []
        for attribute in objects(service["attributes"]) {
            let term = attribute["taxonomy_term"] as? [String: Any]
            if let name = text(term?["name"]) ?? text(term?["term"]) { categories.append(name) }
        }
        for link in objects(service["service_taxonomys"]) {
            if let name = text((link["taxonomy"] as? [String: Any])?["name"]) { categories.append(name) }
        }
        var seen: Set<String> = []
        categories = categories.filter { !$0.contains(";") && seen.insert($0.lowercased()).inserted }
        if !categories.isEmpty { base["categories"] = categories.joined(separator: ";") }
        // Phones may hang off the service, its contacts, or its organisation.
        var phones = objects(service["phones"])
        for contact in objects(service["contacts"]) { phones += objects(contact["phones"]) }
        phones += objects(organization?["phones"])
        base["phone"] = phones.lazy.compactMap { text($0["number"]) }.first
        base["opening_hours"] = objects(service["schedules"]).compactMap(hours).joined(separator: "; ").nonEmpty
        for identifier in objects(organization?["organization_identifiers"]) {
            let scheme = (text(identifier["identifier_scheme"]) ?? "").uppercased()
            let type = (text(identifier["identifier_type"]) ?? "").lowercased()
            guard let value = text(identifier["identifier"]) else { continue }
            if scheme == "GB-CHC" || scheme == "GB-SC" || scheme == "GB-NIC" || type.contains("charity") {
                base["charity_number"] = base["charity_number"] ?? value
            } else if scheme == "GB-COH" || type.contains("company") {
                base["company_number"] = base["company_number"] ?? value
            }
        }
        var locations = objects(service["service_at_locations"]).compactMap { $0["location"] as? [String: Any] }
        locations += objects(service["locations"])
        guard !locations.isEmpty else {
            base["key"] = base["id"]
            return [base]
        }
        return locations.enumerated().map { i, location in
            var row = base
            let locationID = text(location["id"])
            row["location_id"] = locationID
            // The service id alone while it has one location, so a service that gains its first location keeps its key.
            if let id = base["id"] {
                row["key"] = locations.count == 1 ? id : "\(id)@\(locationID ?? String(i + 1))"
            }
            row["lat"] = text(location["latitude"])
            row["lon"] = text(location["longitude"])
            if (text(location["external_identifier_type"]) ?? "").uppercased() == "UPRN" { row["uprn"] = text(location["external_identifier"]) }
            let addresses = objects(location["addresses"]) + objects(location["physical_addresses"])
            if let address = addresses.first(where: { text($0["address_type"]) != "postal" }) ?? addresses.first {
                let lines = [address["address_1"], address["address_2"]].compactMap(text)
                let town = text(address["city"])
                row["address"] = (lines + [town].compactMap { $0 }).joined(separator: ", ").nonEmpty
                row["town"] = town
                row["postcode"] = text(address["postal_code"])
            }
            if let phone = objects(location["phones"]).lazy.compactMap({ text($0["number"]) }).first { row["phone"] = row["phone"] ?? phone }
            return row
        }
    }

    /// A schedule as opening-hours text: its description, else its days and times ("MO,TU 09:00–17:00").
    static func hours(_ schedule: [String: Any]) -> String? {
        if let description = text(schedule["description"]) { return description }
        let days = text(schedule["byday"])
        let opens = text(schedule["opens_at"]).map { String($0.prefix(5)) }
        let closes = text(schedule["closes_at"]).map { String($0.prefix(5)) }
        let times = opens.map { o in closes.map { "\(o)–\($0)" } ?? o }
        return [days, times].compactMap { $0 }.joined(separator: " ").nonEmpty
    }

    static func objects(_ value: Any?) -> [[String: Any]] { value as? [[String: Any]] ?? [] }

    static func text(_ value: Any?) -> String? {
        guard let s = GeoJSONFile.text(value)?.trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty else { return nil }
        return s
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}

/// The default profile of an Open Referral feed: every canonical field from the column of its name, keyed by `key`.
public enum OpenReferralFeed {
    public static let defaultKind = EntityKind.service
    public static let keyColumn = "key"
    public static var defaultFields: [String: Any] {
        var fields: [String: Any] = [:]
        for column in OpenReferralFeedReader.columnNames where CanonicalField(rawValue: column) != nil { fields[column] = column }
        return fields
    }
}
