import AssetMapCore
import AssetMapIngest
import AssetMapQuery
import AssetMapStore
import Foundation
import Hummingbird

// The Open Referral UK 3.0 face of the directory (`/oruk`), for other directories and apps that read ORUK feeds.
//
// Mapping (the choices ORUK leaves to us):
// - Entities of kind `service` and `organisation` are ORUK services; `place`s (buildings, partner estate) are not.
//   An organisation's directory row describes what it offers, so it is a service whose `organization` is the
//   organisation itself (with its charity and company numbers as organization_identifiers). A service's
//   `organization` is its provider (the `organisation` field), identified by its normalised name.
// - The entity's location (point, address, postcode) is one ORUK location and one service_at_location. Points that
//   are only a postcode sector or district centre are not given as latitude/longitude (they would read as exact);
//   the location's description says how approximate it is, and proximity searches leave them out.
// - Categories are the terms of one taxonomy, "AssetMap categories"; each service links its terms as attributes.
// - Contacts: email → service.email, website → service.url, phone → a contact with one phone (ORUK's phone
//   object hangs off a contact), opening hours → a schedule whose description is the text as listed.
// - Ids are name-based UUIDs of the entity id (see OpenReferralID), so they survive restarts, re-imports and
//   re-matching; an id of an entity merged into another answers with the surviving entity.
// - Only what anonymous callers may see: the directory's open view (sources shared `open`), whatever key is sent.

extension API {
    /// Registers every `/oruk` route.
    func addOpenReferralRoutes(to router: Router<APIRequestContext>) {
        let oruk = OpenReferralAPI(store: store, directory: directory, pool: pool, maxPerPage: configuration.maxPerPage)
        router.get("/oruk") { request, context in try oruk.details(request, context) }
        router.get("/oruk/services") { request, context in try await oruk.services(request, context) }
        router.get("/oruk/services/{id}") { request, context in try await oruk.service(request, context) }
        router.get("/oruk/service_at_locations") { request, context in try await oruk.serviceAtLocations(request, context) }
        router.get("/oruk/service_at_locations/{id}") { request, context in try await oruk.serviceAtLocation(request, context) }
        router.get("/oruk/taxonomies") { request, context in try await oruk.taxonomies(request, context) }
        router.get("/oruk/taxonomies/{id}") { request, context in try await oruk.taxonomy(request, context) }
        router.get("/oruk/taxonomy_terms") { request, context in try await oruk.taxonomyTerms(request, context) }
        router.get("/oruk/taxonomy_terms/{id}") { request, context in try await oruk.taxonomyTerm(request, context) }
    }
}

/// The `/oruk` handlers, with the id index they share.
struct OpenReferralAPI: Sendable {
    let store: AssetMapStore
    let directory: Directory
    let pool: BlockingPool
    let maxPerPage: Int
    let index = OpenReferralIndex()

    static let taxonomyName = "AssetMap categories"
    static let defaultPerPage = 50

    // MARK: GET /oruk/

    struct Details: Encodable {
        var version = "3.0"
        var profile = "https://github.com/openreferral/uk-profile"
        var openapi_url = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json"
    }

    func details(_ request: Request, _ context: APIRequestContext) throws -> Response {
        try Responses.json(Details(), request: request, context: context)
    }

    // MARK: services

    func services(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let p = QueryParameters(request)
        let (page, perPage) = try paging(p)
        let full = try p.bool("full")
        let query = try await filters(p, page: page, perPage: perPage, located: false)
        let store = self.store
        let result = try await pool.read { try store.openReferralServices(query) }
        // `full=true` (an ORUK parameter the UK profile lists but does not require here) nests everything, for exports.
        let contents = result.listings.map { Self.service($0, full: full) }
        return try Responses.json(Page(result, page: page, perPage: perPage, contents: contents), request: request, context: context)
    }

    func service(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let listing = try await entity(context, expecting: .service, what: "service")
        return try Responses.json(Self.service(listing, full: true), request: request, context: context)
    }

    // MARK: service_at_locations

    func serviceAtLocations(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let p = QueryParameters(request)
        let (page, perPage) = try paging(p)
        let query = try await filters(p, page: page, perPage: perPage, located: true)
        let store = self.store
        let result = try await pool.read { try store.openReferralServices(query) }
        let contents = result.listings.map { Self.serviceAtLocation($0, full: false) }
        return try Responses.json(Page(result, page: page, perPage: perPage, contents: contents), request: request, context: context)
    }

    func serviceAtLocation(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let listing = try await entity(context, expecting: .serviceAtLocation, what: "service_at_location")
        guard listing.hasLocation else {
            throw Problem.notFound("'\(listing.name)' has no location, so no service_at_location")
        }
        return try Responses.json(Self.serviceAtLocation(listing, full: true), request: request, context: context)
    }

    // MARK: taxonomies

    func taxonomies(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (page, perPage) = try paging(QueryParameters(request))
        let all = [Self.taxonomy(terms: nil)]
        return try Responses.json(Page(slice: all, page: page, perPage: perPage), request: request, context: context)
    }

    func taxonomy(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let id = try Self.uuidParameter(context, what: "taxonomy")
        guard id == OpenReferralID.taxonomy else { throw Problem.notFound("no taxonomy '\(id)'") }
        let store = self.store
        let categories = try await pool.read { try store.openReferralCategories() }
        return try Responses.json(Self.taxonomy(terms: categories.map { Self.term($0.category) }), request: request, context: context)
    }

    func taxonomyTerms(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let (page, perPage) = try paging(QueryParameters(request))
        let store = self.store
        let categories = try await pool.read { try store.openReferralCategories() }
        return try Responses.json(Page(slice: categories.map { Self.term($0.category) }, page: page, perPage: perPage), request: request, context: context)
    }

    func taxonomyTerm(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let id = try Self.uuidParameter(context, what: "taxonomy_term")
        let store = self.store
        let categories = try await pool.read { try store.openReferralCategories() }
        guard let category = categories.first(where: { OpenReferralID.taxonomyTerm($0.category) == id })?.category else {
            throw Problem.notFound("no taxonomy_term '\(id)'")
        }
        return try Responses.json(Self.term(category), request: request, context: context)
    }

    // MARK: parameters

    func paging(_ p: QueryParameters) throws -> (page: Int, perPage: Int) {
        let perPage = try p.int("per_page", default: Self.defaultPerPage, range: 1...maxPerPage)
        let page = try p.int("page", default: 1, range: 1...1_000_000)
        return (page, perPage)
    }

    /// The list filters ORUK names (`search`, also read as `text` or `q`), plus postcode and proximity for locations.
    func filters(_ p: QueryParameters, page: Int, perPage: Int, located: Bool) async throws -> OpenReferralQuery {
        var query = OpenReferralQuery(locatedOnly: located, page: page, perPage: perPage)
        query.text = try p.string("search") ?? p.string("text") ?? p.string("q")
        if let termID = try p.string("taxonomy_term_id", maxLength: 60) {
            guard let uuid = UUID(uuidString: termID) else { throw Problem.badParameter("taxonomy_term_id", "must be a UUID, not '\(termID)'") }
            let store = self.store
            let categories = try await pool.read { try store.openReferralCategories() }
            let wanted = uuid.uuidString.lowercased()
            // A term no service carries matches nothing: an empty page, not an error.
            query.category = categories.first { OpenReferralID.taxonomyTerm($0.category) == wanted }?.category ?? "\u{0}none"
        }
        if let taxonomyID = try p.string("taxonomy_id", maxLength: 60) {
            guard let uuid = UUID(uuidString: taxonomyID) else { throw Problem.badParameter("taxonomy_id", "must be a UUID, not '\(taxonomyID)'") }
            // Every service's terms are of the one taxonomy: any other taxonomy has none.
            if uuid.uuidString.lowercased() != OpenReferralID.taxonomy { query.category = "\u{0}none" }
        }
        if let after = try p.string("modified_after", maxLength: 40) {
            guard let date = DateValue.isoDate(after), date.count == 10 else {
                throw Problem.badParameter("modified_after", "must be an ISO 8601 date or date-time (2024-01-31 or 2024-01-31T09:00:00Z), not '\(after)'")
            }
            // Dates compare as text: a date-time keeps its time, a date starts at midnight.
            query.modifiedAfter = after.count > 10 ? after : date
        }
        guard located else { return query }
        let proximity = try p.double("proximity", range: 1...100_000)
        let postcodeText = try p.string("postcode", maxLength: 16)
        if proximity != nil && postcodeText == nil { throw Problem.badParameter("proximity", "needs postcode (metres from the postcode's centre)") }
        if let postcodeText {
            let directory = self.directory
            do {
                query.near = try await pool.read { try directory.resolveNear(postcodeText) }
            } catch QueryError.badParameter(_, _) {
                throw Problem.badParameter("postcode", "'\(postcodeText)' is not a UK postcode")
            } catch QueryError.unknownPostcode(let postcode) {
                throw Problem.badParameter("postcode", "postcode \(postcode) is not in the postcode table")
            }
            query.radius = proximity
        }
        return query
    }

    static func uuidParameter(_ context: APIRequestContext, what: String) throws -> String {
        let raw = try context.parameters.require("id")
        // Not a UUID cannot be any ORUK id: the same 404 as an unknown one.
        guard let uuid = UUID(uuidString: raw) else { throw Problem.notFound("no \(what) '\(raw.prefix(60))' (ids are UUIDs)") }
        return uuid.uuidString.lowercased()
    }

    /// The open entity an id names, or 404.
    func entity(_ context: APIRequestContext, expecting object: OpenReferralIndex.Object, what: String) async throws -> OpenReferralListing {
        let id = try Self.uuidParameter(context, what: what)
        let store = self.store
        let index = self.index
        let listing = try await pool.read { () throws -> OpenReferralListing? in
            guard let hit = try index.lookup(id, highest: { try store.highestEntityID() }), hit.0 == object else { return nil }
            return try store.openReferralService(entityID: hit.1)
        }
        guard let listing else { throw Problem.notFound("no \(what) '\(id)'") }
        return listing
    }

    // MARK: documents

    /// The UK `Page` wrapper.
    struct Page<Item: Encodable>: Encodable {
        var total_items: Int
        var total_pages: Int
        var page_number: Int
        var size: Int
        var first_page: Bool
        var last_page: Bool
        var empty: Bool
        var contents: [Item]

        init(total: Int, page: Int, perPage: Int, contents: [Item]) {
            total_items = total
            total_pages = (total + perPage - 1) / perPage
            page_number = page
            size = contents.count
            first_page = page == 1
            last_page = page >= total_pages
            empty = contents.isEmpty
            self.contents = contents
        }

        init(_ result: OpenReferralPage, page: Int, perPage: Int, contents: [Item]) {
            self.init(total: result.total, page: page, perPage: perPage, contents: contents)
        }

        /// A page of a list held whole.
        init(slice all: [Item], page: Int, perPage: Int) {
            let start = min(all.count, (page - 1) * perPage)
            self.init(total: all.count, page: page, perPage: perPage, contents: Array(all[start..<min(all.count, start + perPage)]))
        }
    }

    struct OrganizationIdentifier: Encodable {
        var id: String
        var organization_id: String
        var identifier_scheme: String
        var identifier_type: String
        var identifier: String
    }

    struct Organization: Encodable {
        var id: String
        var name: String
        var description: String
        var email: String?
        var website: String?
        var organization_identifiers: [OrganizationIdentifier]?
    }

    struct Address: Encodable {
        var id: String
        var location_id: String
        var address_1: String
        var city: String
        var state_province: String
        var postal_code: String
        var country: String
        var address_type: String
    }

    struct Location: Encodable {
        var id: String
        var location_type: String
        var name: String
        var description: String?
        var latitude: Double?
        var longitude: Double?
        var external_identifier: String?
        var external_identifier_type: String?
        var addresses: [Address]?
    }

    struct Phone: Encodable {
        var id: String
        var contact_id: String
        var number: String
    }

    struct Contact: Encodable {
        var id: String
        var service_id: String
        var name: String?
        var phones: [Phone]
    }

    struct Schedule: Encodable {
        var id: String
        var service_id: String
        var description: String
    }

    struct TaxonomyTerm: Encodable {
        var id: String
        var name: String
        var description: String
        var taxonomy: String
        var taxonomy_id: String
        var term: String
    }

    struct Taxonomy: Encodable {
        var id: String
        var name: String
        var description: String
        var taxonomy_terms: [TaxonomyTerm]?
    }

    struct Attribute: Encodable {
        var id: String
        var link_id: String
        var link_type: String
        var taxonomy_term_id: String
        var taxonomy_term: TaxonomyTerm
    }

    struct Service: Encodable {
        var id: String
        var organization_id: String?
        var name: String
        var description: String?
        var url: String?
        var email: String?
        var status: String
        var last_modified: String?
        var organization: Organization?
        // The fully nested service only.
        var service_at_locations: [ServiceAtLocation]?
        var contacts: [Contact]?
        var schedules: [Schedule]?
        var attributes: [Attribute]?
    }

    struct ServiceAtLocation: Encodable {
        var id: String
        var service_id: String
        var location_id: String
        var location: Location
        var service: Service?
        // `GET /service_at_locations/{id}` is documented by the UK OpenAPI file as a compiled *service*, by its example
        // and compiled schema as a service_at_location: the service's name and status make the answer both.
        var name: String?
        var status: String?
    }

    static func taxonomy(terms: [TaxonomyTerm]?) -> Taxonomy {
        Taxonomy(
            id: OpenReferralID.taxonomy, name: taxonomyName,
            description: "The categories of the AssetMap directory, as the contributing lists give them (food bank, library, charity…).",
            taxonomy_terms: terms)
    }

    static func term(_ category: String) -> TaxonomyTerm {
        TaxonomyTerm(
            id: OpenReferralID.taxonomyTerm(category), name: category,
            description: "Services the AssetMap directory lists under the category '\(category)'.", taxonomy: taxonomyName,
            taxonomy_id: OpenReferralID.taxonomy, term: category)
    }

    static func organization(_ l: OpenReferralListing) -> Organization? {
        if l.kind == .organisation {
            let id = OpenReferralID.organization(l.entityID)
            var identifiers: [OrganizationIdentifier] = []
            if let n = l.charityNumber {
                identifiers.append(.init(
                    id: OpenReferralID.organizationIdentifier(l.entityID, "GB-CHC"), organization_id: id, identifier_scheme: "GB-CHC",
                    identifier_type: "Charity number", identifier: n))
            }
            if let n = l.companyNumber {
                identifiers.append(.init(
                    id: OpenReferralID.organizationIdentifier(l.entityID, "GB-COH"), organization_id: id, identifier_scheme: "GB-COH",
                    identifier_type: "Company number", identifier: n))
            }
            return Organization(
                id: id, name: l.name, description: l.description ?? "", email: Self.email(l.email), website: Self.uri(l.website),
                organization_identifiers: identifiers.isEmpty ? nil : identifiers)
        }
        guard let provider = l.organisation else { return nil }
        return Organization(id: OpenReferralID.organization(named: provider), name: provider, description: "")
    }

    static func service(_ l: OpenReferralListing, full: Bool) -> Service {
        let id = OpenReferralID.service(l.entityID)
        let provider = Self.organization(l)
        var service = Service(
            id: id, organization_id: provider?.id, name: l.name, description: l.description, url: Self.uri(l.website),
            email: Self.email(l.email), status: "active", last_modified: l.updated.flatMap(Self.dateTime), organization: provider)
        guard full else { return service }
        if l.hasLocation { service.service_at_locations = [serviceAtLocation(l, full: false, nested: true)] }
        if let phone = l.phone {
            let contact = OpenReferralID.contact(l.entityID)
            service.contacts = [Contact(id: contact, service_id: id, phones: [Phone(id: OpenReferralID.phone(l.entityID), contact_id: contact, number: Normalise.phoneDisplay(phone))])]
        }
        if let hours = l.openingHours {
            service.schedules = [Schedule(id: OpenReferralID.schedule(l.entityID), service_id: id, description: hours)]
        }
        if !l.categories.isEmpty {
            service.attributes = l.categories.map { category in
                let t = Self.term(category)
                return Attribute(id: OpenReferralID.attribute(l.entityID, category), link_id: id, link_type: "service", taxonomy_term_id: t.id, taxonomy_term: t)
            }
        }
        return service
    }

    /// A service_at_location: in lists with the one-to-one service; by id with the full service; inside a service bare.
    static func serviceAtLocation(_ l: OpenReferralListing, full: Bool, nested: Bool = false) -> ServiceAtLocation {
        let locationID = OpenReferralID.location(l.entityID)
        var location = Location(id: locationID, location_type: "physical", name: l.name)
        if l.hasPreciseLocation {
            location.latitude = l.lat
            location.longitude = l.lon
        } else if let precision = l.precision, l.lat != nil {
            location.description = "Approximate location: only the postcode \(precision.rawValue) is known."
        }
        if let uprn = l.uprn {
            location.external_identifier = uprn
            location.external_identifier_type = "UPRN"
        }
        if l.address != nil || l.postcode != nil {
            let (line, city) = addressParts(l)
            location.addresses = [Address(
                id: OpenReferralID.address(l.entityID), location_id: locationID, address_1: line, city: city,
                state_province: "", postal_code: l.postcode ?? "", country: "GB", address_type: "physical")]
        }
        let service: Service? = nested ? nil : Self.service(l, full: full)
        return ServiceAtLocation(
            id: OpenReferralID.serviceAtLocation(l.entityID), service_id: OpenReferralID.service(l.entityID), location_id: locationID,
            location: location, service: service, name: full ? l.name : nil, status: full ? "active" : nil)
    }

    /// Splits a one-line address into its first lines and its town (the golden town when there is one, else the
    /// last part that is not the postcode).
    static func addressParts(_ l: OpenReferralListing) -> (line: String, city: String) {
        var parts = (l.address ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let postcode = l.postcode?.uppercased().replacingOccurrences(of: " ", with: "")
        parts.removeAll { $0.uppercased().replacingOccurrences(of: " ", with: "") == postcode }
        if let town = l.town {
            if parts.count > 1, parts.last?.lowercased() == town.lowercased() { parts.removeLast() }
            return (parts.joined(separator: ", "), town)
        }
        guard parts.count > 1, let last = parts.last, !last.contains(where: \.isNumber) else { return (parts.joined(separator: ", "), "") }
        return (parts.dropLast().joined(separator: ", "), last)
    }

    /// A website as an absolute http(s) URI, or nothing (the directory keeps websites canonical, scheme included).
    static func uri(_ website: String?) -> String? {
        guard let website, let url = URL(string: website), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            url.host != nil
        else { return nil }
        return website
    }

    /// An email address a schema's `format: email` accepts (one @, a dotted domain), or nothing.
    static func email(_ email: String?) -> String? {
        guard let email, email.range(of: #"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$"#, options: .regularExpression) != nil else { return nil }
        return email
    }

    /// An RFC 3339 date-time from the directory's dates: a date is its midnight UTC, a month its first day.
    static func dateTime(_ value: String) -> String? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if text.count > 10, text.dropFirst(10).first == "T" {
            let parsed = (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text))
            if let parsed { return parsed.formatted(.iso8601) }
        }
        guard let date = DateValue.isoDate(text) else { return nil }
        return (date.count == 7 ? date + "-01" : date) + "T00:00:00Z"
    }
}
