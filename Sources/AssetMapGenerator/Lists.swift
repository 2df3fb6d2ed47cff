/// The source lists a generated region ships with, in the shapes partners really send them.
enum SourceList: Int, CaseIterable, Sendable {
    case charities, cvsGroups, grants, services, councilAssets, nhsEstate, policeFireEstate

    /// The source slug: the profile's `source.name` and the `source` column of `gold.csv`.
    var slug: String {
        switch self {
        case .charities: "charities"
        case .cvsGroups: "cvs-groups"
        case .grants: "grants"
        case .services: "services"
        case .councilAssets: "council-assets"
        case .nhsEstate: "nhs-estate"
        case .policeFireEstate: "police-fire-estate"
        }
    }

    var fileName: String {
        switch self {
        case .charities: "charities.csv"
        case .cvsGroups: "cvs_groups.csv"
        case .grants: "grants.csv"
        case .services: "services.csv"
        case .councilAssets: "council_assets.csv"
        case .nhsEstate: "nhs_estate.geojson"
        case .policeFireEstate: "police_fire_estate.csv"
        }
    }

    var profileFileName: String {
        let base = fileName.split(separator: ".").first.map(String.init) ?? fileName
        return base + ".profile.json"
    }

    var kind: String {
        switch self {
        case .charities, .cvsGroups, .grants: "organisation"
        case .services: "service"
        case .councilAssets, .nhsEstate, .policeFireEstate: "place"
        }
    }

    var isGeoJSON: Bool { self == .nhsEstate }

    /// Columns (CSV header, or GeoJSON property names) in file order.
    var columns: [String] {
        switch self {
        case .charities:
            ["registered_charity_number", "charity_company_registration_number", "charity_name", "charity_type",
             "charity_activities", "date_of_registration", "charity_contact_address", "charity_contact_postcode",
             "charity_contact_phone", "charity_contact_email", "charity_contact_web"]
        case .cvsGroups:
            ["group_id", "group_name", "also_known_as", "address_1", "address_2", "town", "postcode", "telephone",
             "email", "website", "activities", "charity_no", "last_updated"]
        case .grants:
            ["grant_ref", "applicant", "postcode", "fund", "amount_gbp", "awarded"]
        case .services:
            ["service_id", "service_name", "organisation", "categories", "description", "address", "postcode",
             "telephone", "email", "website", "opening_hours", "lon", "lat", "last_updated"]
        case .councilAssets:
            ["OrganisationLabel", "EffectiveDate", "UPRN", "AssetCode", "PropertyName", "StreetNumber", "StreetName",
             "PostTown", "PostCode", "Easting", "Northing", "TenureType", "TenureDetail", "AssetType", "HoldingType",
             "BuildingSize", "AnnualRunningCost", "EnergyRating"]
        case .nhsEstate:
            ["site_code", "site_name", "trust", "property_type", "address", "town", "postcode", "uprn", "tenure",
             "occupancy", "floor_area_m2", "running_cost_gbp"]
        case .policeFireEstate:
            ["property_id", "site_name", "organisation", "property_type", "address", "postcode", "latitude",
             "longitude", "gross_internal_area_sqm", "status", "tenure"]
        }
    }

    /// The key column; its value is written when the row is, from a per-list counter, unless the
    /// record carries its own (charity numbers).
    var keyColumn: Int {
        switch self {
        case .councilAssets: 3
        default: 0
        }
    }

    var keyPrefix: String {
        switch self {
        case .charities: ""
        case .cvsGroups: "CVS"
        case .grants: "GR"
        case .services: "SRV-"
        case .councilAssets: "AST"
        case .nhsEstate: "NHS"
        case .policeFireEstate: "BLE-"
        }
    }

    /// How an empty value is written (the Charity Commission extract writes `NA`).
    var nullMarker: String { self == .charities ? "NA" : "" }

    /// GeoJSON properties written as JSON numbers.
    var numericColumns: Set<Int> { self == .nhsEstate ? [10, 11] : [] }

    /// The import profile, in the DESIGN.md format, naming only columns of `columns`.
    func profile(region: String, county: String) -> JSON {
        func s(_ x: String) -> JSON { .string(x) }
        func cols(_ xs: String...) -> JSON { .array(xs.map { .string($0) }) }
        func template(_ t: String) -> JSON { .object([("template", .string(t))]) }
        let source: [(String, JSON)]
        let key: JSON
        let fields: [(String, JSON)]
        var set: [(String, JSON)] = []
        var nulls: [String] = [""]
        switch self {
        case .charities:
            source = [("title", s("Registered charities operating in \(region)")),
                      ("publisher", s("Charity Commission for England and Wales")), ("licence", s("OGL-3.0")),
                      ("sharing", s("open")), ("trust", .double(0.9)), ("as_of", s("2024-04-04"))]
            key = s("registered_charity_number")
            fields = [("name", s("charity_name")), ("description", s("charity_activities")),
                      ("address", s("charity_contact_address")), ("postcode", s("charity_contact_postcode")),
                      ("phone", s("charity_contact_phone")), ("email", s("charity_contact_email")),
                      ("website", s("charity_contact_web")), ("charity_number", s("registered_charity_number")),
                      ("company_number", s("charity_company_registration_number"))]
            set = [("categories", s("charity"))]
            nulls = ["NA", "N/A", ""]
        case .cvsGroups:
            source = [("title", s("\(region) CVS voluntary and community groups")),
                      ("publisher", s("\(region) Council for Voluntary Service")),
                      ("licence", s("Partner data sharing agreement")), ("sharing", s("partners")),
                      ("trust", .double(0.7)), ("as_of", s("2024-02-29"))]
            key = s("group_id")
            fields = [("name", s("group_name")), ("alternate_names", s("also_known_as")),
                      ("address", cols("address_1", "address_2", "town")), ("town", s("town")),
                      ("postcode", s("postcode")), ("phone", s("telephone")), ("email", s("email")),
                      ("website", s("website")), ("categories", s("activities")),
                      ("charity_number", s("charity_no")), ("updated", s("last_updated"))]
            nulls = ["", "N/A", "n/a", "none", "-"]
        case .grants:
            source = [("title", s("Community grants awarded 2019-2024")),
                      ("publisher", s("\(region) Community Foundation")),
                      ("licence", s("Restricted: grants panel only")), ("sharing", s("restricted")),
                      ("trust", .double(0.5)), ("as_of", s("2024-03-31"))]
            key = s("grant_ref")
            fields = [("name", s("applicant")), ("postcode", s("postcode")), ("description", s("fund")),
                      ("updated", s("awarded"))]
        case .services:
            source = [("title", s("\(region) family and community services directory")),
                      ("publisher", s("\(region) Council Family Information Service")), ("licence", s("OGL-3.0")),
                      ("sharing", s("open")), ("trust", .double(0.8)), ("as_of", s("2024-03-15"))]
            key = s("service_id")
            fields = [("name", s("service_name")), ("organisation", s("organisation")),
                      ("categories", s("categories")), ("description", s("description")),
                      ("address", s("address")), ("postcode", s("postcode")), ("phone", s("telephone")),
                      ("email", s("email")), ("website", s("website")), ("opening_hours", s("opening_hours")),
                      ("lon", s("lon")), ("lat", s("lat")), ("updated", s("last_updated"))]
        case .councilAssets:
            source = [("title", s("Council land and building assets")),
                      ("publisher", s("\(region) Council")), ("licence", s("OGL-3.0")),
                      ("sharing", s("partners")), ("trust", .double(0.85)), ("as_of", s("2023-09-29"))]
            key = s("AssetCode")
            fields = [("name", s("PropertyName")), ("owner", s("OrganisationLabel")), ("uprn", s("UPRN")),
                      ("street", template("{StreetNumber} {StreetName}")),
                      ("address", template("{StreetNumber} {StreetName}, {PostTown}")), ("town", s("PostTown")),
                      ("postcode", s("PostCode")), ("easting", s("Easting")), ("northing", s("Northing")),
                      ("tenure", s("TenureType")), ("occupancy", s("TenureDetail")), ("categories", s("AssetType")),
                      ("floor_area_m2", s("BuildingSize")), ("running_cost_gbp", s("AnnualRunningCost")),
                      ("energy_rating", s("EnergyRating")), ("updated", s("EffectiveDate"))]
            set = [("categories", s("partner estate"))]
        case .nhsEstate:
            source = [("title", s("NHS estate in \(county)")),
                      ("publisher", s("\(county) Integrated Care Board")),
                      ("licence", s("Partner data sharing agreement")), ("sharing", s("partners")),
                      ("trust", .double(0.85)), ("as_of", s("2024-01-31"))]
            key = s("site_code")
            fields = [("name", s("site_name")), ("owner", s("trust")), ("categories", s("property_type")),
                      ("address", cols("address", "town")), ("town", s("town")), ("postcode", s("postcode")),
                      ("uprn", s("uprn")), ("tenure", s("tenure")), ("occupancy", s("occupancy")),
                      ("floor_area_m2", s("floor_area_m2")), ("running_cost_gbp", s("running_cost_gbp"))]
            set = [("categories", s("partner estate"))]
        case .policeFireEstate:
            source = [("title", s("Police, fire and ambulance estate in \(county)")),
                      ("publisher", s("\(county) Blue Light Estates Group")),
                      ("licence", s("Partner data sharing agreement")), ("sharing", s("partners")),
                      ("trust", .double(0.8)), ("as_of", s("2023-12-31"))]
            key = s("property_id")
            fields = [("name", s("site_name")), ("owner", s("organisation")), ("categories", s("property_type")),
                      ("address", s("address")), ("postcode", s("postcode")), ("lat", s("latitude")),
                      ("lon", s("longitude")), ("floor_area_m2", s("gross_internal_area_sqm")),
                      ("occupancy", s("status")), ("tenure", s("tenure"))]
            set = [("categories", s("partner estate"))]
        }
        var object: [(String, JSON)] = [
            ("source", .object([("name", s(slug))] + source)),
            ("kind", s(kind)),
            ("key", key),
            ("fields", .object(fields)),
        ]
        if !set.isEmpty { object.append(("set", .object(set))) }
        object.append(("null_values", .array(nulls.map { .string($0) })))
        return .object(object)
    }
}
