import AssetMapCore
import AssetMapStore
import Foundation

/// `area profile` (DESIGN.md): what an area holds, per 1,000 residents, and which sources contribute.
public struct AreaProfile: Codable, Sendable {
    public struct Area: Codable, Sendable { public var layer, code: String; public var name: String? }
    public struct Counts: Codable, Sendable {
        public var byKind: [String: Int]
        public var byCategory: [String: Int]
        enum CodingKeys: String, CodingKey {
            case byKind = "by_kind"
            case byCategory = "by_category"
        }
    }
    public struct Entry: Codable, Sendable {
        public var id: Int64
        public var name: String
        public var kind: String
        public var categories: [String]
    }
    public var area: Area
    public var population: Int?
    public var counts: Counts
    public var per1000: [String: Double]
    public var sources: [String: Int]
    public var entities: [Entry]

    enum CodingKeys: String, CodingKey {
        case area, population, counts, sources, entities
        case per1000 = "per_1000"
    }
}

/// `gaps` (DESIGN.md): areas whose residents are farthest from a kind of provision.
public struct GapsReport: Codable, Sendable {
    public struct Nearest: Codable, Sendable {
        public var id: Int64
        public var name: String
        public var locationPrecision: String?
        enum CodingKeys: String, CodingKey {
            case id, name
            case locationPrecision = "location_precision"
        }
    }
    public struct AreaGap: Codable, Sendable {
        public var code: String
        public var name: String?
        public var population: Int?
        public var nearestDistanceM: Double?
        public var nearest: Nearest?
        /// `postcodes` when the centre is the mean of the area's postcode points, `polygon` when none are loaded.
        public var centreBasis: String
        enum CodingKeys: String, CodingKey {
            case code, name, population, nearest
            case nearestDistanceM = "nearest_distance_m"
            case centreBasis = "centre_basis"
        }
    }
    public var category: String
    public var layer: String
    public var providers: Int
    public var areas: [AreaGap]
}

/// `coverage` (DESIGN.md): which lists know whom, duplicates inside lists, and where lists disagree.
public struct CoverageReport: Codable, Sendable {
    public struct SingleSource: Codable, Sendable { public var entity: Int64; public var name: String; public var source: String }
    public struct Duplicate: Codable, Sendable { public var entity: Int64; public var name: String; public var source: String; public var keys: [String] }
    public struct Conflict: Codable, Sendable {
        public struct Value: Codable, Sendable { public var value: String; public var source: String }
        public var entity: Int64
        public var name: String
        public var field: String
        public var values: [Value]
    }
    public var sources: [String]
    public var entities: Int
    public var overlap: [String: [String: Int]]
    public var singleSource: [SingleSource]
    public var withinSourceDuplicates: [Duplicate]
    public var conflicts: [Conflict]

    enum CodingKeys: String, CodingKey {
        case sources, entities, overlap, conflicts
        case singleSource = "single_source"
        case withinSourceDuplicates = "within_source_duplicates"
    }
}

/// `colocate` (DESIGN.md): partner buildings close enough to share, and buildings that could go to community groups.
public struct ColocationReport: Codable, Sendable {
    public struct Member: Codable, Sendable {
        public var id: Int64
        public var name: String
        public var owner: String?
        public var occupancy: String?
        public var floorAreaM2: Double?
        public var runningCostGBP: Double?
        public var locationPrecision: String?
        enum CodingKeys: String, CodingKey {
            case id, name, owner, occupancy
            case floorAreaM2 = "floor_area_m2"
            case runningCostGBP = "running_cost_gbp"
            case locationPrecision = "location_precision"
        }
    }
    public struct Host: Codable, Sendable { public var id: Int64; public var name: String }
    public struct Centre: Codable, Sendable { public var lat, lon: Double }
    public struct Cluster: Codable, Sendable {
        public var members: [Member]
        public var owners: [String]
        public var host: Host
        public var vacantOrLeasedOut: [Int64]
        public var estimatedAnnualSavingGBP: Double
        public var basis: String
        public var centre: Centre
        enum CodingKeys: String, CodingKey {
            case members, owners, host, basis, centre
            case vacantOrLeasedOut = "vacant_or_leased_out"
            case estimatedAnnualSavingGBP = "estimated_annual_saving_gbp"
        }
    }
    public struct TransferCandidate: Codable, Sendable {
        public struct Group: Codable, Sendable { public var id: Int64; public var name: String; public var distanceM: Double
            enum CodingKeys: String, CodingKey { case id, name; case distanceM = "distance_m" }
        }
        public var building: Member
        public var groupsNearby: [Group]
        enum CodingKeys: String, CodingKey {
            case building
            case groupsNearby = "groups_nearby"
        }
    }
    public var withinM: Double
    public var costPerM2GBP: Double
    public var clusters: [Cluster]
    public var transferCandidates: [TransferCandidate]
    /// Partner buildings placed only at a postcode sector or district centroid: never clustered, listed so officers can fix them.
    public var excludedApproximate: [Member]

    enum CodingKeys: String, CodingKey {
        case clusters
        case withinM = "within_m"
        case costPerM2GBP = "cost_per_m2_gbp"
        case transferCandidates = "transfer_candidates"
        case excludedApproximate = "excluded_approximate"
    }
}

extension Directory {
    /// What an area holds, by kind and category, per 1,000 residents where population is loaded.
    public func areaProfile(_ code: String, layer: String? = nil, visibility: Visibility) throws -> AreaProfile {
        let area = try store.area(code, layer: layer)
        let entities = try store.entities(inArea: area.id, visibility: visibility)
        var byKind: [String: Int] = [:], byCategory: [String: Int] = [:], sources: [String: Int] = [:]
        for e in entities {
            byKind[e.kind, default: 0] += 1
            for c in Set(e.categories) { byCategory[c, default: 0] += 1 }
            for s in Set(e.sources) { sources[s, default: 0] += 1 }
        }
        var per1000: [String: Double] = [:]
        if let population = area.population, population > 0 {
            for (c, n) in byCategory { per1000[c] = (Double(n) * 1000 / Double(population) * 1000).rounded() / 1000 }
        }
        return AreaProfile(
            area: .init(layer: area.layer, code: area.code, name: area.name), population: area.population,
            counts: .init(byKind: byKind, byCategory: byCategory), per1000: per1000, sources: sources,
            entities: entities.map { .init(id: $0.id, name: $0.name, kind: $0.kind, categories: $0.categories) })
    }

    /// For every area of a layer, the distance from its residents' centre to the nearest provision; farthest first.
    public func gaps(category: String, layer: String, beyond: Double? = nil, visibility: Visibility) throws -> GapsReport {
        let providers = try store.entities(inCategory: category, visibility: visibility).filter { $0.point != nil }
        let centres = try store.areaCentres(layer: layer)
        var areas: [GapsReport.AreaGap] = []
        for centre in centres {
            // Planar nearest (scaled longitude) picks the candidate; the ellipsoid gives the distance reported.
            let scale = cos(centre.centre.lat * .pi / 180)
            let nearest = providers.min { a, b in
                planar(a.point!, centre.centre, scale) < planar(b.point!, centre.centre, scale)
            }
            let distance = try nearest.map { try store.distance(centre.centre, $0.point!) }
            areas.append(.init(
                code: centre.area.code, name: centre.area.name, population: centre.area.population,
                nearestDistanceM: distance.map { $0.rounded() },
                nearest: nearest.map { .init(id: $0.id, name: $0.name, locationPrecision: $0.precision?.rawValue) },
                centreBasis: centre.basis))
        }
        areas.sort { ($0.nearestDistanceM ?? .infinity, $1.code) > ($1.nearestDistanceM ?? .infinity, $0.code) }
        if let beyond { areas = areas.filter { ($0.nearestDistanceM ?? .infinity) > beyond } }
        return GapsReport(category: category, layer: layer, providers: providers.count, areas: areas)
    }

    /// Which sources list which entities, single-source entities, duplicates inside one list, and conflicting values.
    public func coverage(visibility: Visibility, listLimit: Int = 1000) throws -> CoverageReport {
        let records = try store.coverageRecords(visibility: visibility)
        let sources = try store.sourceNames(visibility: visibility)
        var overlap: [String: [String: Int]] = [:]
        var single: [CoverageReport.SingleSource] = []
        var duplicates: [CoverageReport.Duplicate] = []
        var conflicts: [CoverageReport.Conflict] = []
        var entities = 0
        var start = 0
        while start < records.count {
            var end = start
            while end < records.count && records[end].entityID == records[start].entityID { end += 1 }
            let members = records[start..<end]
            entities += 1
            let name = members.first!.fields["name"] ?? members.first!.entityName
            let listed = Array(Set(members.map(\.source))).sorted()
            for a in listed { for b in listed { overlap[a, default: [:]][b, default: 0] += 1 } }
            if listed.count == 1, single.count < listLimit {
                single.append(.init(entity: members.first!.entityID, name: name, source: listed[0]))
            }
            for source in listed {
                let keys = members.filter { $0.source == source }.map(\.sourceKey)
                if keys.count > 1, duplicates.count < listLimit {
                    duplicates.append(.init(entity: members.first!.entityID, name: name, source: source, keys: keys))
                }
            }
            if members.count > 1 {
                for field in ["phone", "email", "website", "address", "postcode"] {
                    var values: [CoverageReport.Conflict.Value] = []
                    var distinct: Set<String> = []
                    for m in members {
                        guard let v = m.fields[field] else { continue }
                        let key = field == "address" ? v.lowercased().filter { $0.isLetter || $0.isNumber } : v
                        distinct.insert(key)
                        values.append(.init(value: v, source: m.source))
                    }
                    if distinct.count > 1, conflicts.count < listLimit {
                        conflicts.append(.init(entity: members.first!.entityID, name: name, field: field, values: values))
                    }
                }
            }
            start = end
        }
        return CoverageReport(
            sources: sources, entities: entities, overlap: overlap, singleSource: single, withinSourceDuplicates: duplicates,
            conflicts: conflicts)
    }

    /// Partner buildings of different owners within walking distance, with a host and an estimated saving; and
    /// vacant buildings near community groups (asset transfer candidates).
    public func colocate(area code: String?, within: Double = 400, costPerM2: Double = 150, visibility: Visibility) throws -> ColocationReport {
        guard within > 0, within <= 10_000 else { throw QueryError.badParameter(name: "within", detail: "must be 1–10,000 metres") }
        let areaID = try code.map { try store.area($0).id }
        let estate = try store.partnerEstate(inArea: areaID, visibility: visibility)
        func member(_ e: DirectoryEntity) -> ColocationReport.Member {
            .init(id: e.id, name: e.name, owner: e.owner, occupancy: e.occupancy, floorAreaM2: e.floorAreaM2,
                  runningCostGBP: e.runningCostGBP, locationPrecision: e.precision?.rawValue)
        }
        let precise = estate.filter { $0.point != nil && !($0.precision?.isApproximate ?? true) }
        let approximate = estate.filter { $0.point != nil && ($0.precision?.isApproximate ?? false) }
        // Clusters around hosts: the largest buildings in use, each gathering the not-yet-clustered buildings within
        // walking distance of it (not chains of neighbours, which would sprawl across a town centre).
        let metresPerDegree = 111_320.0
        func cell(_ c: Coordinate) -> (Int, Int) {
            (Int((c.lon * metresPerDegree * cos(c.lat * .pi / 180) / within).rounded(.down)), Int((c.lat * metresPerDegree / within).rounded(.down)))
        }
        func key(_ x: Int, _ y: Int) -> Int { x &* 1_000_003 &+ y }
        var grid: [Int: [Int]] = [:]
        for (i, e) in precise.enumerated() { let (x, y) = cell(e.point!); grid[key(x, y), default: []].append(i) }
        let released: Set<String> = ["vacant", "leased out"]
        let hostOrder = precise.indices.sorted { a, b in
            let ea = precise[a], eb = precise[b]
            let ua = released.contains(ea.occupancy ?? "") ? 1 : 0, ub = released.contains(eb.occupancy ?? "") ? 1 : 0
            return (ua, -(ea.floorAreaM2 ?? 0), ea.id) < (ub, -(eb.floorAreaM2 ?? 0), eb.id)
        }
        var clustered = Set<Int>()
        var groups: [[DirectoryEntity]] = []
        for hub in hostOrder where !clustered.contains(hub) {
            let (x, y) = cell(precise[hub].point!)
            var members = [hub]
            for dx in -1...1 { for dy in -1...1 {
                for j in grid[key(x + dx, y + dy)] ?? [] where j != hub && !clustered.contains(j) {
                    if precise[hub].point!.approximateDistance(to: precise[j].point!) <= within { members.append(j) }
                }
            } }
            let owners = Set(members.compactMap { precise[$0].owner })
            guard owners.count > 1 else { continue }
            clustered.formUnion(members)
            groups.append(members.map { precise[$0] })
        }
        var clusters: [ColocationReport.Cluster] = []
        for members in groups {
            let owners = Array(Set(members.compactMap(\.owner))).sorted()
            guard members.count > 1, owners.count > 1 else { continue }
            // The host is the largest building in use; vacant and leased-out buildings are the ones to release.
            let host = members[0]
            var saving = 0.0
            var fromCosts = 0, fromArea = 0, unknown = 0
            for m in members where m.id != host.id {
                if let cost = m.runningCostGBP { saving += cost; fromCosts += 1 }
                else if let area = m.floorAreaM2 { saving += area * costPerM2; fromArea += 1 }
                else { unknown += 1 }
            }
            var basis = "if the other \(members.count - 1) building(s) moved into \(host.name): "
            var parts: [String] = []
            if fromCosts > 0 { parts.append("\(fromCosts) from their annual running costs") }
            if fromArea > 0 { parts.append("\(fromArea) from floor area × £\(Int(costPerM2))/m²") }
            if unknown > 0 { parts.append("\(unknown) with neither cost nor floor area (counted as £0)") }
            basis += parts.joined(separator: "; ")
            let centre = ColocationReport.Centre(
                lat: members.map { $0.point!.lat }.reduce(0, +) / Double(members.count),
                lon: members.map { $0.point!.lon }.reduce(0, +) / Double(members.count))
            clusters.append(.init(
                members: members.sorted { $0.id < $1.id }.map(member), owners: owners, host: .init(id: host.id, name: host.name),
                vacantOrLeasedOut: members.filter { ["vacant", "leased out"].contains($0.occupancy ?? "") }.map(\.id).sorted(),
                estimatedAnnualSavingGBP: saving.rounded(), basis: basis, centre: centre))
        }
        clusters.sort { ($0.estimatedAnnualSavingGBP, $1.members.first?.id ?? 0) > ($1.estimatedAnnualSavingGBP, $0.members.first?.id ?? 0) }
        // Vacant partner buildings near community groups: groups located at a street-level point within walking distance.
        let vacant = precise.filter { $0.occupancy == "vacant" }
        var transfers: [ColocationReport.TransferCandidate] = []
        if !vacant.isEmpty {
            let owners = Set(estate.compactMap(\.owner))
            let nearEach = try store.organisations(near: vacant.map { $0.point! }, within: within, visibility: visibility)
            for (building, candidates) in zip(vacant, nearEach) {
                let nearby = candidates.filter { !owners.contains($0.name) }.map {
                    ColocationReport.TransferCandidate.Group(id: $0.id, name: $0.name, distanceM: $0.distanceM.rounded())
                }
                if !nearby.isEmpty { transfers.append(.init(building: member(building), groupsNearby: Array(nearby.prefix(10)))) }
            }
            transfers.sort { $0.groupsNearby.count > $1.groupsNearby.count }
        }
        return ColocationReport(
            withinM: within, costPerM2GBP: costPerM2, clusters: clusters, transferCandidates: transfers,
            excludedApproximate: approximate.map(member))
    }
}

private func planar(_ a: Coordinate, _ b: Coordinate, _ scale: Double) -> Double {
    let dx = (a.lon - b.lon) * scale, dy = a.lat - b.lat
    return dx * dx + dy * dy
}
