import Foundation

/// Generates the entities of one batch (a borough, or a slice of the dense borough) and every row
/// each appears as, in every list, with the variation real lists show.
struct Batch {
    let borough: Borough
    var random: SeededRandom
    var entityIDs: [String] = []
    var entityKinds: [String] = []
    var rows: [Row] = []
    private var organisations: [Organisation] = []
    private var places: [Place] = []
    private var usedNames: Set<String> = []
    private var serviceNames: Set<String> = []
    /// Organisations by category, built once the batch's organisations exist (services come last).
    private var providersByCategory: [String: [Int]]?
    /// Council buildings that host a service of their own.
    private var hostIndexes: [Int]?

    init(borough: Borough, random: SeededRandom) {
        self.borough = borough
        self.random = random
    }

    /// Exactly `target` rows: about 18% partner estate, 12% services, the rest organisations.
    mutating func build(target: Int, registry: inout NationalRegistry) {
        let placeTarget = Int(Double(target) * 0.18)
        let serviceTarget = Int(Double(target) * 0.12)
        while rows.count < min(placeTarget, target) { makePlace(registry: &registry) }
        while rows.count < target - serviceTarget { makeOrganisation(registry: &registry) }
        while rows.count < target { makeService(registry: &registry) }
        if rows.count > target { rows.removeLast(rows.count - target) }
    }

    private mutating func newEntity(kind: String, registry: inout NationalRegistry) -> Int {
        entityIDs.append(registry.entityID(kind: kind))
        entityKinds.append(kind)
        return entityIDs.count - 1
    }

    // MARK: shared helpers

    private mutating func randomPostcode(inSector sector: Int? = nil) -> Int {
        if let sector {
            let list = borough.sectors[sector].postcodes
            if !list.isEmpty { return random.pick(list) }
        }
        return random.int(borough.postcodes.count)
    }

    private mutating func address(at postcode: Int, building: String? = nil, numbered: Bool = true) -> Address {
        let unit = borough.postcodes[postcode]
        let sector = borough.sectors[unit.sector]
        let number: String? = numbered && random.chance(0.75)
            ? (random.chance(0.08) ? String(random.int(in: 1...40)) + random.pick(["A", "B", "a"]) : String(random.int(in: 1...260)))
            : nil
        // A few metres from the postcode's point: a building is not at the postcode centroid.
        let mpd = borough.metresPerDegree
        let lon = unit.lon + random.double(in: -25...25) / mpd.lon
        let lat = unit.lat + random.double(in: -25...25) / mpd.lat
        return Address(building: building, number: number, street: unit.street, locality: sector.neighbourhood,
                       town: borough.districts[unit.district].town, postcode: unit.code,
                       district: borough.districts[unit.district].outward, lon: lon, lat: lat)
    }

    /// A neighbourhood (the one of `sector`, most of the time) to name things after.
    private mutating func placeName(near sector: Int) -> String {
        if random.chance(0.8) { return borough.sectors[sector].neighbourhood }
        return random.chance(0.5) ? random.pick(borough.neighbourhoods) : borough.districts[borough.sectors[sector].district].town
    }

    private mutating func render(_ pattern: String, place: String, street: String = "") -> String {
        var random = self.random
        defer { self.random = random }
        let boroughName = borough.name
        return renderTemplate(pattern) { token in
            switch token {
            case "place": return place
            case "borough": return boroughName
            case "street": return street
            case "park":
                switch random.int(3) {
                case 0: return place + " Park"
                case 1: return random.pick(Pools.trees) + " " + random.pick(Pools.parkKinds)
                default: return place + " " + random.pick(Pools.parkKinds)
                }
            case "saint": return random.pick(Pools.saints)
            case "ordinal": return random.pick(Pools.ordinals)
            case "adj": return random.pick(Pools.adjectives)
            case "noun": return random.pick(Pools.nouns)
            case "tree": return random.pick(Pools.trees)
            case "number": return String(random.int(in: 1...200))
            default: return String(token)
            }
        }
    }

    private static func domainWords(_ name: String) -> [String] {
        var words: [String] = []
        for part in name.lowercased().split(separator: " ") {
            let word = String(part.filter { $0.isLetter })
            if word.isEmpty || Vary.minorWords.contains(word) || word == "limited" || word == "ltd" || word == "cic" { continue }
            words.append(word)
        }
        // Long names become initials plus the last word, as groups shorten their domains.
        if words.count > 3, let last = words.last {
            let initials = String(words.dropLast().compactMap { $0.first })
            return [initials, last]
        }
        return words
    }

    private mutating func date(from: Int, to: Int, uk: Bool = false) -> String {
        let year = random.int(in: from...to), month = random.int(in: 1...12), day = random.int(in: 1...28)
        return uk ? padded(day, 2) + "/" + padded(month, 2) + "/" + String(year)
            : String(year) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    private mutating func add(_ list: SourceList, _ entity: Int, _ values: [String?], ownKey: String? = nil, geometry: String? = nil) {
        rows.append(Row(list: list, entity: entity, values: values, ownKey: ownKey, geometry: geometry))
    }

    // MARK: organisations

    private mutating func makeOrganisation(registry: inout NationalRegistry) {
        let entity = newEntity(kind: "organisation", registry: &registry)
        var org: Organisation
        // ~3% are a different group with the same or a confusingly similar name: the classic trap.
        if !organisations.isEmpty, random.chance(0.03) {
            let base = organisations[random.int(organisations.count)]
            let suffix = random.pick(["", "", " Trust", " Fund", " Supporters Club", " (Juniors)", " Social Club"])
            org = Organisation(entity: entity, name: base.name + suffix, place: base.place, categories: base.categories)
        } else {
            var template = OrgTemplates.all[random.weighted(OrgTemplates.weights)]
            var sector = borough.postcodes[randomPostcode()].sector
            var place = placeName(near: sector)
            var name = render(template.pattern, place: place)
            var attempts = 0
            while usedNames.contains(name), !template.repeatable, attempts < 6 {
                template = OrgTemplates.all[random.weighted(OrgTemplates.weights)]
                sector = borough.postcodes[randomPostcode()].sector
                place = placeName(near: sector)
                name = render(template.pattern, place: place)
                attempts += 1
            }
            org = Organisation(entity: entity, name: name, place: place, categories: template.categories)
            let form = random.unit()
            if form < 0.09, !name.hasSuffix("Church") {
                org.isCompany = true
                org.name += " Limited"
            } else if form < 0.13, !name.hasSuffix("Church") {
                org.isCIC = true
                org.name += random.chance(0.8) ? " CIC" : " Community Interest Company"
            }
        }
        usedNames.insert(org.name)

        let faith = org.categories.contains("faith")
        let isCharity = !org.isCIC && (org.isCompany || random.chance(faith ? 0.8 : 0.45))
        if isCharity {
            org.charityNumber = registry.charityNumber(&random)
            org.charityType = org.isCompany ? "Charitable company" : (random.chance(0.25) ? "CIO" : "Other")
        }
        if org.isCompany || org.isCIC { org.companyNumber = registry.companyNumber(&random) }
        if random.chance(0.9) {
            let p = org.place.isEmpty ? randomPostcode() : postcodeNamed(org.place)
            let building = faith ? nil : (random.chance(0.25) ? random.pick(Pools.buildingNames) : nil)
            org.address = address(at: p, building: building)
            if random.chance(0.08) { org.formerAddress = address(at: randomPostcode()) }
        }
        if random.chance(0.75) { org.phone = registry.phone() }
        if random.chance(0.15) { org.altPhone = registry.phone() }
        let hasEmail = random.chance(0.7)
        org.hasWebsite = random.chance(0.55)
        if hasEmail || org.hasWebsite {
            org.tld = random.pick([".org.uk", ".org.uk", ".org.uk", ".org", ".co.uk", ".uk"])
            org.domainWords = registry.domain(words: Batch.domainWords(org.name), place: org.place, tld: org.tld)
        }
        if hasEmail { org.emailLocal = random.pick(["info", "info", "hello", "contact", "admin", "enquiries", "office"]) }
        org.acronym = Vary.acronym(org.name)
        org.description = random.pick(Pools.activityVerbs) + " " + random.pick(Pools.beneficiaries) + " in "
            + (org.place.isEmpty ? borough.name : org.place) + " through " + org.categories.joined(separator: " and ") + " activities."
        // Six-digit numbers are the older registrations.
        org.registered = (org.charityNumber?.count ?? 7) == 6 ? date(from: 1962, to: 1995) : date(from: 1996, to: 2023)
        organisations.append(org)

        // Which lists know it, and how many times.
        var inCVS = random.chance(0.5)
        let inGrants = random.chance(0.22)
        if !isCharity && !inCVS && !inGrants { inCVS = true }
        if isCharity { charityRow(org) }
        if inCVS {
            cvsRow(org, copy: 0)
            if random.chance(0.06) { cvsRow(org, copy: 1) }
        }
        if inGrants {
            grantRow(org, copy: 0)
            let extra = random.unit()
            if extra < 0.16 { grantRow(org, copy: 1) }
            if extra < 0.04 { grantRow(org, copy: 2) }
        }
    }

    /// A postcode in the neighbourhood a group is named after, when there is one.
    private mutating func postcodeNamed(_ place: String) -> Int {
        if let s = borough.sectors.firstIndex(where: { $0.neighbourhood == place }), random.chance(0.85) {
            return randomPostcode(inSector: s)
        }
        return randomPostcode()
    }

    private mutating func charityRow(_ org: Organisation) {
        var name = Vary.name(org.name, place: org.place, intensity: 0.3, &random)
        if random.chance(0.3), !name.hasPrefix("The ") { name = "The " + name }
        // The Charity Commission register is upper case and spells out LIMITED.
        name = (Vary.replaceWord(name, "Ltd", "Limited") ?? name).uppercased()
        var contact = org.address
        if random.chance(0.1) { contact = address(at: randomPostcode()) }     // a trustee's home address
        let values: [String?] = [
            org.charityNumber, org.companyNumber, name, org.charityType,
            random.chance(0.85) ? org.description : nil, org.registered,
            contact?.oneLine, contact?.postcode,
            org.phone.map { Vary.phone($0, &random, style: 1) },
            org.emailLocal.map { Vary.email(local: $0, domainWords: org.domainWords, tld: org.tld, &random, varyCase: false) },
            org.hasWebsite ? Vary.website(domainWords: org.domainWords, tld: org.tld, &random, style: 0) : nil,
        ]
        add(.charities, org.entity, values, ownKey: org.charityNumber)
    }

    private mutating func cvsRow(_ org: Organisation, copy: Int) {
        let name = Vary.name(org.name, place: org.place, intensity: copy == 0 ? 0.7 : 1.6, &random)
        let aka = org.acronym.flatMap { random.chance(0.25) ? $0 : nil }
        // A group that moved is still at its old address in the CVS list.
        var addr = org.formerAddress ?? org.address
        if random.chance(copy == 0 ? 0.1 : 0.3) { addr = nil }
        var postcode = ""
        if let addr {
            let form = [Vary.PostcodeForm.full, .compact, .lower, .district, .missing][random.weighted([76, 5, 4, 10, 5])]
            postcode = Vary.postcode(addr.postcode, district: addr.district, form: form)
        } else if let a = org.address, random.chance(0.4) {
            postcode = a.district
        }
        var phone: String? = org.phone
        if random.chance(0.08), let alt = org.altPhone { phone = alt }
        var email: String? = nil
        if let local = org.emailLocal {
            let other = random.chance(copy == 0 ? 0.1 : 0.35)
            email = Vary.email(local: other ? random.pick(["secretary", "chair", "treasurer", "bookings"]) : local,
                               domainWords: org.domainWords, tld: org.tld, &random, varyCase: random.chance(0.15))
        }
        let activities = org.categories.joined(separator: random.chance(0.7) ? "; " : ";")
        var charityNo: String? = nil
        if let number = org.charityNumber, random.chance(0.55) {
            // Six-digit numbers are sometimes zero-padded to seven, as spreadsheets keep them.
            charityNo = number.count == 6 && random.chance(0.15) ? "0" + number : number
        }
        let values: [String?] = [
            nil, name, aka,
            addr?.line1, addr.flatMap { $0.locality == $0.town ? nil : (random.chance(0.6) ? $0.locality : nil) }, addr?.town,
            postcode,
            phone.map { Vary.phone($0, &random) } ?? (random.chance(0.05) ? "n/a" : nil),
            email,
            org.hasWebsite && random.chance(0.8) ? Vary.website(domainWords: org.domainWords, tld: org.tld, &random) : nil,
            activities, charityNo, date(from: 2018, to: 2024, uk: true),
        ]
        add(.cvsGroups, org.entity, values)
    }

    private mutating func grantRow(_ org: Organisation, copy: Int) {
        var name: String
        if let acronym = org.acronym, random.chance(0.1) {
            name = acronym
        } else {
            name = Vary.name(org.name, place: org.place, intensity: 1.0 + 0.5 * Double(copy), &random)
            if random.chance(0.05) { name = name.lowercased() }
        }
        var postcode: String? = nil
        if let a = org.formerAddress ?? org.address, random.chance(0.55) {
            let form = [Vary.PostcodeForm.full, .district, .lower][random.weighted([70, 20, 10])]
            postcode = Vary.postcode(a.postcode, district: a.district, form: form)
        }
        let values: [String?] = [
            nil, name, postcode, random.pick(Pools.funds), String(random.int(in: 5...200) * 50),
            date(from: 2019, to: 2024),
        ]
        add(.grants, org.entity, values)
    }

    // MARK: partner estate

    private mutating func makePlace(registry: inout NationalRegistry) {
        let entity = newEntity(kind: "place", registry: &registry)
        let estateRoll = random.weighted([62, 23, 15])
        let estate: SourceList = [.councilAssets, .nhsEstate, .policeFireEstate][estateRoll]
        let templates = [PlaceTemplates.council, PlaceTemplates.nhs, PlaceTemplates.policeFire][estateRoll]
        let weights = [PlaceTemplates.councilWeights, PlaceTemplates.nhsWeights, PlaceTemplates.policeFireWeights][estateRoll]
        var template = templates[random.weighted(weights)]
        var postcode = randomPostcode()
        var place = placeName(near: borough.postcodes[postcode].sector)
        var name = render(template.pattern, place: place, street: borough.postcodes[postcode].street)
        var attempts = 0
        while usedNames.contains(name), attempts < 8 {
            template = templates[random.weighted(weights)]
            postcode = randomPostcode()
            place = placeName(near: borough.postcodes[postcode].sector)
            name = render(template.pattern, place: place, street: borough.postcodes[postcode].street)
            attempts += 1
        }
        var addr = address(at: postcode, numbered: template.assetType == "Shop" || random.chance(0.5))
        if template.assetType == "Shop" {
            // A shop unit is known by its street address.
            if addr.number == nil { addr.number = String(random.int(in: 1...200)) }
            name = (addr.number ?? "") + " " + addr.street
        }
        usedNames.insert(name)
        let floorArea = (random.double(in: template.floorArea) * 100).rounded() / 100
        let owner: String
        let occupancy: String
        switch estate {
        case .councilAssets:
            owner = borough.name + " Council"
            occupancy = ["Owner Occupied", "Leased Out", "Vacant", "Community Use"][random.weighted([55, 20, 9, 16])]
        case .nhsEstate:
            owner = [borough.county + " Community Health NHS Trust", "NHS Property Services Ltd",
                     borough.name + " and " + borough.county + " NHS Foundation Trust",
                     place + " Medical Partnership"][random.weighted([4, 3, 2, template.assetType == "GP Surgery" ? 4 : 0])]
            occupancy = ["Occupied", "Partially Occupied", "Vacant", "Under-used"][random.weighted([70, 15, 6, 9])]
        default:
            owner = template.assetType.hasPrefix("Fire") ? borough.county + " Fire and Rescue Service"
                : template.assetType.hasPrefix("Ambulance") ? borough.county + " Ambulance Service NHS Trust"
                : borough.county + " Police"
            occupancy = ["Operational", "Partially Vacant", "Vacant", "Shared with partners"][random.weighted([70, 12, 6, 12])]
        }
        var p = Place(entity: entity, name: name, place: place, template: template, estate: estate, address: addr,
                      lon: addr.lon, lat: addr.lat, uprn: registry.uprn(&random), floorArea: floorArea,
                      runningCost: random.chance(0.85) ? Int(floorArea * random.double(in: 35...140)) : nil,
                      owner: owner, occupancy: occupancy, tenure: random.chance(0.85) ? "Freehold" : "Leasehold",
                      energy: random.chance(0.8) ? random.pick(["A", "B", "C", "C", "D", "D", "D", "E", "E", "F", "G"]) : nil)
        // Shared buildings: a health centre on council land, a police office in a council building.
        if estate == .councilAssets && template.assetType == "Health Centre" { p.alsoNHS = true }
        if estate == .nhsEstate && template.assetType == "GP Surgery" && random.chance(0.1) { p.alsoCouncil = true }
        if estate == .policeFireEstate && template.assetType == "Police Office" && random.chance(0.5) { p.alsoCouncil = true }
        places.append(p)

        switch estate {
        case .councilAssets:
            councilRow(p, copy: 0)
            if random.chance(0.02) { councilRow(p, copy: 1) }
            if p.alsoNHS { nhsRow(p, copy: 1) }
        case .nhsEstate:
            nhsRow(p, copy: 0)
            if random.chance(0.01) { nhsRow(p, copy: 1) }
            if p.alsoCouncil { councilRow(p, copy: 1) }
        default:
            policeFireRow(p, copy: 0)
            if random.chance(0.01) { policeFireRow(p, copy: 1) }
            if p.alsoCouncil { councilRow(p, copy: 1) }
        }
    }

    private mutating func councilRow(_ p: Place, copy: Int) {
        let foreign = p.estate != .councilAssets
        let name = copy == 0 ? p.name : Vary.name(p.name, place: p.place, intensity: 1.0, &random)
        let hasCoordinates = random.chance(0.8)
        let postcode = !hasCoordinates && random.chance(0.5) ? p.address.district : p.address.postcode
        let en = OSGrid.eastingNorthing(lon: p.lon, lat: p.lat)
        let area = foreign || copy > 0 ? p.floorArea * random.double(in: 0.9...1.1) : p.floorArea
        let values: [String?] = [
            borough.name + " Council", "2023-09-29", p.uprn, nil, name, p.address.number, p.address.street,
            p.address.town, postcode,
            hasCoordinates ? String(Int(en.easting.rounded())) : nil,
            hasCoordinates ? String(Int(en.northing.rounded())) : nil,
            foreign ? "Freehold" : p.tenure,
            foreign ? "Leased Out" : p.occupancy,
            p.template.assetType,
            random.chance(0.85) ? "Buildings" : "Land and Buildings",
            fixed(area, 2),
            (foreign ? nil : p.runningCost).map(String.init),
            p.energy,
        ]
        add(.councilAssets, p.entity, values)
    }

    private mutating func nhsRow(_ p: Place, copy: Int) {
        let foreign = p.estate != .nhsEstate
        let name = copy == 0 ? p.name : Vary.name(p.name, place: p.place, intensity: 1.0, &random)
        let area = foreign || copy > 0 ? p.floorArea * random.double(in: 0.9...1.1) : p.floorArea
        let owner = foreign ? borough.county + " Community Health NHS Trust" : p.owner
        let values: [String?] = [
            nil, name, owner, p.template.assetType, p.address.line1, p.address.town, p.address.postcode,
            foreign && random.chance(0.5) ? p.uprn : nil,
            foreign ? "Leasehold" : p.tenure,
            foreign ? "Occupied" : p.occupancy,
            fixed(area, 1),
            (foreign ? nil : p.runningCost).map(String.init),
        ]
        add(.nhsEstate, p.entity, values, geometry: footprint(p, area: area))
    }

    private mutating func policeFireRow(_ p: Place, copy: Int) {
        let name = copy == 0 ? p.name : Vary.name(p.name, place: p.place, intensity: 1.0, &random)
        let located = random.chance(0.9)
        let values: [String?] = [
            nil, name, p.owner, p.template.assetType, p.address.line1 + ", " + p.address.town, p.address.postcode,
            located ? fixed(p.lat, 6) : nil, located ? fixed(p.lon, 6) : nil,
            fixed(p.floorArea, 0), p.occupancy, p.tenure,
        ]
        add(.policeFireEstate, p.entity, values)
    }

    /// A building footprint around the place's point: a rotated rectangle of the ground-floor area,
    /// sometimes two blocks (a MultiPolygon).
    private mutating func footprint(_ p: Place, area: Double) -> String {
        let mpd = borough.metresPerDegree
        let storeys = area > 5_000 ? Double(random.int(in: 3...6)) : Double(random.int(in: 1...2))
        let ground = max(40, area / storeys)
        func rectangle(cx: Double, cy: Double, area: Double, angle: Double, aspect: Double) -> String {
            let w = (area * aspect).squareRoot(), h = area / w
            let c = cos(angle), s = sin(angle)
            var ring: [UInt8] = Array("[".utf8)
            for (k, corner) in [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2), (-w / 2, -h / 2)].enumerated() {
                let x = corner.0 * c - corner.1 * s, y = corner.0 * s + corner.1 * c
                if k > 0 { ring.append(UInt8(ascii: ",")) }
                ring.append(UInt8(ascii: "["))
                appendFixed(p.lon + (cx + x) / mpd.lon, decimals: 7, into: &ring)
                ring.append(UInt8(ascii: ","))
                appendFixed(p.lat + (cy + y) / mpd.lat, decimals: 7, into: &ring)
                ring.append(UInt8(ascii: "]"))
            }
            ring.append(UInt8(ascii: "]"))
            return String(decoding: ring, as: UTF8.self)
        }
        let angle = random.double(in: 0...(Double.pi / 2))
        let aspect = random.double(in: 1...2.5)
        if random.chance(0.12) {
            let first = rectangle(cx: 0, cy: 0, area: ground * 0.65, angle: angle, aspect: aspect)
            let gap = (ground * 0.65 * aspect).squareRoot() / 2 + (ground * 0.35).squareRoot() / 2 + 6
            let second = rectangle(cx: gap * cos(angle), cy: gap * sin(angle), area: ground * 0.35, angle: angle, aspect: 1.2)
            return "{\"type\":\"MultiPolygon\",\"coordinates\":[[" + first + "],[" + second + "]]}"
        }
        return "{\"type\":\"Polygon\",\"coordinates\":[" + rectangle(cx: 0, cy: 0, area: ground, angle: angle, aspect: aspect) + "]}"
    }

    // MARK: services

    private mutating func makeService(registry: inout NationalRegistry) {
        let entity = newEntity(kind: "service", registry: &registry)
        var service: Service
        // Often a council building's own service: "Oakley Library" (service) in "Oakley Library" (place),
        // a same-name pair that must stay two entities because their kinds differ.
        if hostIndexes == nil {
            hostIndexes = places.indices.filter { places[$0].estate == .councilAssets && places[$0].template.service != nil }
        }
        if let hosts = hostIndexes, !hosts.isEmpty, random.chance(0.4) {
            let host = places[random.pick(hosts)]
            let spec = host.template.service!
            // Deliberately the building's own name; only a second service there needs another.
            var name = render(spec.pattern, place: host.place)
            if serviceNames.contains(name) { name += random.chance(0.5) ? " Drop-in" : " Sessions" }
            service = Service(entity: entity, name: name, place: host.place, categories: spec.categories,
                              provider: borough.name + " Council", address: host.address,
                              lon: host.lon + random.double(in: -0.00005...0.00005),
                              lat: host.lat + random.double(in: -0.00003...0.00003),
                              hours: random.pick(Pools.openingHours), phone: registry.phone(),
                              description: "Run by \(borough.name) Council at \(host.name).")
            service.emailLocal = host.place.lowercased().filter(\.isLetter) + "." + spec.categories[0].lowercased().filter(\.isLetter)
            service.domainWords = [borough.name.lowercased().filter(\.isLetter)]
            service.tld = ".gov.uk"
            service.hasWebsite = random.chance(0.6)
        } else {
            let spec = ServiceTemplates.all[random.weighted(ServiceTemplates.weights)]
            let postcode = randomPostcode()
            let place = placeName(near: borough.postcodes[postcode].sector)
            // Food banks and similar are often run by a group in this batch, at its address.
            if providersByCategory == nil {
                var map: [String: [Int]] = [:]
                for (i, org) in organisations.enumerated() where org.address != nil {
                    for category in org.categories { map[category, default: []].append(i) }
                }
                providersByCategory = map
            }
            let providers = providersByCategory?[spec.categories[0]] ?? []
            let provider = !providers.isEmpty && random.chance(0.6) ? organisations[random.pick(providers)] : nil
            var name = provider.flatMap { $0.categories.contains("food bank") && spec.categories.contains("food bank") ? $0.name : nil }
                ?? render(spec.pattern, place: provider?.place ?? place)
            if serviceNames.contains(name), provider == nil { name += " (" + borough.districts[borough.postcodes[postcode].district].town + ")" }
            let addr = provider?.address ?? address(at: postcode, building: random.chance(0.4)
                ? random.pick(["St \(random.pick(Pools.saints))'s Church Hall", "\(place) Community Centre", "The Scout Hut", "\(place) Methodist Church"]) : nil)
            service = Service(entity: entity, name: name, place: provider?.place ?? place, categories: spec.categories,
                              provider: provider?.name, address: addr, lon: addr.lon, lat: addr.lat,
                              hours: random.pick(Pools.openingHours),
                              phone: provider?.phone ?? (random.chance(0.6) ? registry.phone() : nil),
                              description: random.pick(Pools.activityVerbs) + " " + random.pick(Pools.beneficiaries) + ".")
            if let provider, provider.emailLocal != nil || provider.hasWebsite {
                service.emailLocal = provider.emailLocal
                service.domainWords = provider.domainWords
                service.tld = provider.tld
                service.hasWebsite = provider.hasWebsite
            } else if random.chance(0.5) {
                service.tld = ".org.uk"
                service.domainWords = registry.domain(words: Batch.domainWords(name), place: service.place, tld: service.tld)
                service.emailLocal = "info"
                service.hasWebsite = random.chance(0.6)
            }
        }
        serviceNames.insert(service.name)
        serviceRow(service, copy: 0)
        // The same session listed twice, from two directories merged into one.
        if random.chance(0.05) { serviceRow(service, copy: 1) }
    }

    private mutating func serviceRow(_ s: Service, copy: Int) {
        let name = Vary.name(s.name, place: s.place, intensity: copy == 0 ? 0.3 : 1.3, &random)
        let located = random.chance(copy == 0 ? 0.85 : 0.4)
        let values: [String?] = [
            nil, name, s.provider, s.categories.joined(separator: ";"), s.description, s.address.oneLine,
            random.chance(0.92) ? s.address.postcode : s.address.district,
            s.phone.map { Vary.phone($0, &random, style: copy == 0 ? 0 : nil) },
            s.emailLocal.map { Vary.email(local: $0, domainWords: s.domainWords, tld: s.tld, &random, varyCase: copy > 0) },
            s.hasWebsite ? Vary.website(domainWords: s.domainWords, tld: s.tld, &random, style: copy == 0 ? 1 : nil) : nil,
            copy == 0 ? s.hours : random.pick(Pools.openingHours),
            located ? fixed(s.lon, 6) : nil, located ? fixed(s.lat, 6) : nil,
            date(from: 2022, to: 2024),
        ]
        add(.services, s.entity, values)
    }
}
