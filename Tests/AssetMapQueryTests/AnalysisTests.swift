import AssetMapCore
import AssetMapIngest
import AssetMapQuery
import AssetMapStore
import Foundation
import Testing

/// Locality boards' and officers' questions on the real borough: area profile, gaps, coverage, co-location.
@Suite("Analyses on the real borough")
struct AnalysisTests {
    // MARK: area profile

    @Test func altrinchamWardProfile() async throws {
        let b = try await Borough.get()
        let profile = try b.directory.areaProfile("E05015239", visibility: .open)
        #expect(profile.area.layer == "ward")
        #expect(profile.area.name == "Altrincham")
        #expect(profile.population == 11_278)
        #expect(profile.entities.contains { $0.name == "Altrincham Library" }, "no Altrincham Library in \(profile.entities.map(\.name))")
        let libraries = try #require(profile.counts.byCategory["library"])
        #expect(libraries == profile.entities.filter { $0.categories.contains("library") }.count)
        let per1000 = try #require(profile.per1000["library"])
        #expect(abs(per1000 - Double(libraries) * 1000 / 11_278) < 0.001)
        #expect(profile.counts.byKind.values.reduce(0, +) == profile.entities.count)
        #expect(profile.sources["libraries"] == libraries)
        // The open profile never counts the partners-only register; partners see it.
        #expect(profile.sources[Borough.council] == nil)
        let partners = try b.directory.areaProfile("E05015239", visibility: .partners)
        #expect((partners.sources[Borough.council] ?? 0) > 0)
        #expect(partners.entities.count > profile.entities.count)
        // JSON document as DESIGN.md names it.
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(profile)) as? [String: Any])
        #expect(Set(json.keys).isSuperset(of: ["area", "population", "counts", "per_1000", "sources"]))
        #expect((json["counts"] as? [String: Any]).map { Set($0.keys) } == ["by_kind", "by_category"])
    }

    @Test func profilesByLsoaCodeAndLocalityName() async throws {
        let b = try await Borough.get()
        let rows = try TestCSV.rows(file: QPaths.trafford.appendingPathComponent("population/lsoa_mid_2024.csv").path)
        let row = try #require(rows.first { $0["sex"] == "Persons" })
        let lsoa = try b.directory.areaProfile(row["area_code"]!, visibility: .open)
        #expect(lsoa.area.layer == "lsoa")
        #expect(lsoa.population == Int(row["all_ages"]!))
        let south = try b.directory.areaProfile("South", visibility: .open)
        #expect(south.area.layer == "locality")
        #expect(south.population == nil)
        #expect(south.per1000.isEmpty)
        #expect(south.entities.contains { $0.name == "Hale Library" })
    }

    // MARK: gaps

    @Test func farthestLsoaFromALibrary() async throws {
        let b = try await Borough.get()
        let report = try b.directory.gaps(category: "library", layer: "lsoa", visibility: .open)
        #expect(report.areas.count == 139)
        #expect(report.providers == 13)
        let distances = report.areas.map { $0.nearestDistanceM ?? .infinity }
        #expect(distances == distances.sorted(by: >), "not farthest first")
        // Independently: each LSOA's residents' centre is the mean of its postcodes in postcodes.csv.
        let libraries = try ResidentSearchTests.libraries()
        var independent: [(code: String, distance: Double, library: String)] = []
        for (code, rows) in Dictionary(grouping: PostcodeTable.rows, by: \.lsoa) {
            let centre = PostcodeTable.mean(rows.map(\.point))
            let nearest = libraries.min { Geodesy.vincenty(centre, $0.point) < Geodesy.vincenty(centre, $1.point) }!
            independent.append((code, Geodesy.vincenty(centre, nearest.point), nearest.name))
        }
        independent.sort { $0.distance > $1.distance }
        let farthest = try #require(report.areas.first)
        #expect(farthest.code == independent[0].code, "farthest \(farthest.code), independently \(independent[0].code)")
        #expect(close(farthest.nearestDistanceM, independent[0].distance),
                "\(farthest.code): \(farthest.nearestDistanceM ?? -1) m, independently \(independent[0].distance) m")
        #expect((2_500...3_500).contains(farthest.nearestDistanceM ?? 0), "about 3 km")
        #expect(farthest.nearest?.name == independent[0].library)
        #expect(farthest.population != nil && farthest.centreBasis == "postcodes")
        // Every LSOA: the same nearest library and distance within 1% (centres from polygons vs the file's codes may
        // differ by a postcode on a boundary; report how many).
        let byCode = Dictionary(uniqueKeysWithValues: independent.map { ($0.code, $0) })
        var off: [String] = []
        for area in report.areas {
            guard let mine = byCode[area.code] else { off.append("\(area.code) not in postcodes.csv"); continue }
            if !close(area.nearestDistanceM, mine.distance) || area.nearest?.name != mine.library {
                off.append("\(area.code): \(area.nearest?.name ?? "-") \(area.nearestDistanceM ?? -1) vs \(mine.library) \(Int(mine.distance))")
            }
        }
        #expect(off.count <= 3, "\(off.count) LSOAs differ: \(off.prefix(10))")
        let beyond = try b.directory.gaps(category: "library", layer: "lsoa", beyond: 2_000, visibility: .open)
        #expect(beyond.areas.allSatisfy { ($0.nearestDistanceM ?? .infinity) > 2_000 })
        #expect(beyond.areas.count == report.areas.filter { ($0.nearestDistanceM ?? .infinity) > 2_000 }.count)
    }

    @Test func gapsOnAnUnknownLayerIsAnError() async throws {
        let b = try await Borough.get()
        #expect(throws: (any Error).self) { try b.directory.gaps(category: "library", layer: "parish", visibility: .open) }
    }

    // MARK: coverage

    @Test func coverageMatrixIsSymmetricWithEntitiesPerSourceOnTheDiagonal() async throws {
        let b = try await Borough.get()
        let report = try b.directory.coverage(visibility: .restricted, listLimit: 100_000)
        #expect(report.sources.count == 20)
        #expect(Set(report.sources) == Set(b.sources.values))
        for a in report.sources {
            for c in report.sources {
                #expect((report.overlap[a]?[c] ?? 0) == (report.overlap[c]?[a] ?? 0), "overlap[\(a)][\(c)] is not symmetric")
            }
        }
        // Independently: entities with a member from each source.
        var perSource: [String: Set<Int64>] = [:]
        var pairs: [String: Int] = [:]
        var entities = 0
        try b.store.forEachEntity(maxSharing: .restricted) { e in
            entities += 1
            let sources = Set(e.members.map(\.source))
            for s in sources { perSource[s, default: []].insert(e.id) }
            for s in sources { for t in sources where s < t { pairs["\(s)|\(t)", default: 0] += 1 } }
        }
        for s in report.sources {
            #expect(report.overlap[s]?[s] == perSource[s]?.count, "diagonal \(s): \(report.overlap[s]?[s] ?? -1) vs \(perSource[s]?.count ?? -1)")
        }
        #expect(report.overlap["dentists"]?["dentists"] == 52, "53 dentist rows, two of them one practice")
        #expect(report.overlap["food-banks"]?["food-banks-greater-manchester"] == 7)
        #expect(report.overlap["leisure-centres"]?[Borough.council] == 1)
        for (pair, n) in pairs {
            let parts = pair.split(separator: "|").map(String.init)
            #expect(report.overlap[parts[0]]?[parts[1]] == n, "\(pair)")
        }
        #expect(report.entities == entities)
        // Within-source duplicates: Crescent Dental Care, twice in the dentists list.
        let crescent = report.withinSourceDuplicates.filter { $0.source == "dentists" }
        #expect(crescent.count == 1 && crescent.first?.keys.count == 2, "\(crescent)")
        #expect(crescent.first?.name.hasPrefix("Crescent Dental Care") == true)
        // Single-source entities: every entity with one source, none with two.
        let multi = Set(perSource.values.flatMap { $0 }).filter { id in perSource.values.filter { $0.contains(id) }.count > 1 }
        #expect(report.singleSource.allSatisfy { !multi.contains($0.entity) })
        #expect(report.singleSource.count == entities - multi.count)
        // Open readers do not see the register at all.
        let open = try b.directory.coverage(visibility: .open)
        #expect(!open.sources.contains(Borough.council))
        #expect(open.overlap[Borough.council] == nil && !open.overlap.values.contains { $0[Borough.council] != nil })
    }

    @Test func coverageConflictsAreRealDifferences() async throws {
        let b = try await Borough.get()
        let report = try b.directory.coverage(visibility: .restricted, listLimit: 100_000)
        var fields: [Int64: [(source: String, fields: [String: String])]] = [:]
        try b.store.forEachEntity(maxSharing: .restricted) { e in fields[e.id] = e.members.map { ($0.source, $0.fields) } }
        for conflict in report.conflicts {
            let members = try #require(fields[conflict.entity], "conflict on unknown entity \(conflict.entity)")
            #expect(members.count > 1)
            #expect(Set(conflict.values.map(\.value)).count > 1, "\(conflict.name) \(conflict.field): no difference \(conflict.values)")
            for v in conflict.values {
                #expect(members.contains { $0.source == v.source && $0.fields[conflict.field] == v.value },
                        "\(conflict.name) \(conflict.field) = \(v.value) is not what \(v.source) says")
            }
        }
        // Every real difference among merged entities' contact fields is listed.
        var expected = 0
        for (_, members) in fields where members.count > 1 {
            for field in ["phone", "email", "website", "postcode"] where Set(members.compactMap { $0.fields[field] }).count > 1 { expected += 1 }
        }
        #expect(report.conflicts.filter { $0.field != "address" }.count == expected)
    }

    // MARK: colocate

    @Test(arguments: [400.0, 150.0, 1000.0])
    func colocationClusters(_ within: Double) async throws {
        let b = try await Borough.get()
        let report = try b.directory.colocate(area: nil, within: within, visibility: .restricted)
        let estate = try b.store.partnerEstate(inArea: nil, visibility: .restricted)
        let byID = Dictionary(uniqueKeysWithValues: estate.map { ($0.id, $0) })
        #expect(!report.clusters.isEmpty)
        var seen: Set<Int64> = []
        for cluster in report.clusters {
            #expect(cluster.members.count >= 2)
            let owners = Set(cluster.members.compactMap(\.owner))
            #expect(owners.count >= 2, "one owner only: \(cluster.members.map(\.name))")
            #expect(Set(cluster.owners) == owners)
            let host = try #require(byID[cluster.host.id])
            #expect(cluster.members.contains { $0.id == cluster.host.id })
            for m in cluster.members {
                #expect(seen.insert(m.id).inserted, "\(m.name) is in two clusters")
                let e = try #require(byID[m.id])
                #expect(!(e.precision?.isApproximate ?? true), "\(m.name) is placed only at \(e.precision?.rawValue ?? "nil") but clustered")
                #expect(m.locationPrecision == "exact" || m.locationPrecision == "postcode")
                let d = Geodesy.vincenty(try #require(host.point), try #require(e.point))
                #expect(d <= within * 1.005, "\(m.name) is \(Int(d)) m from host \(host.name), beyond \(Int(within)) m")
            }
            // The saving adds up from the other members' costs or floor areas.
            let saving = cluster.members.filter { $0.id != cluster.host.id }
                .map { $0.runningCostGBP ?? ($0.floorAreaM2.map { $0 * report.costPerM2GBP } ?? 0) }.reduce(0, +)
            #expect(abs(saving - cluster.estimatedAnnualSavingGBP) <= 1, "\(cluster.host.name): \(cluster.estimatedAnnualSavingGBP) vs \(saving)")
            #expect(!cluster.basis.isEmpty)
        }
        let savings = report.clusters.map(\.estimatedAnnualSavingGBP)
        #expect(savings == savings.sorted(by: >), "not ordered by saving")
        // Approximate buildings: every one listed, none clustered.
        let approximate = Set(estate.filter { $0.point != nil && ($0.precision?.isApproximate ?? false) }.map(\.id))
        #expect(approximate.count > 150, "the register has ~200 district-placed rows: \(approximate.count)")
        #expect(Set(report.excludedApproximate.map(\.id)) == approximate)
        #expect(approximate.isDisjoint(with: seen))
        #expect(report.excludedApproximate.allSatisfy { $0.locationPrecision == "sector" || $0.locationPrecision == "district" })
    }

    /// Groups near vacant buildings come from the spatial index around each building; a scan of every organisation
    /// in the borough must find the same ones.
    @Test func transferCandidatesAreEveryGroupWithinWalkingDistance() async throws {
        let b = try await Borough.get()
        let within = 400.0
        let report = try b.directory.colocate(area: nil, within: within, visibility: .restricted)
        let estate = try b.store.partnerEstate(inArea: nil, visibility: .restricted)
        let owners = Set(estate.compactMap(\.owner))
        // Every organisation, listed by kind (no place in the query, so no spatial index).
        let groups = try Borough.all(b.directory, SearchQuery(kind: .organisation, visibility: .restricted)).filter {
            $0.lat != nil && $0.locationPrecision != nil && !$0.approximateLocation && !owners.contains($0.name)
        }
        #expect(groups.count > 300, "the borough's groups: \(groups.count)")
        let vacant = estate.filter { $0.occupancy == "vacant" && $0.point != nil && !($0.precision?.isApproximate ?? true) }
        #expect(!vacant.isEmpty, "the register has vacant buildings")
        var expected: [Int64: Set<Int64>] = [:]
        for building in vacant {
            // Independent ellipsoidal distance; the report's is equirectangular, so skip the few within a metre of the edge.
            let near = groups.filter { Geodesy.vincenty(building.point!, Coordinate(lat: $0.lat!, lon: $0.lon!)) <= within - 1 }
            if !near.isEmpty { expected[building.id] = Set(near.map(\.id)) }
        }
        let found = Dictionary(uniqueKeysWithValues: report.transferCandidates.map { ($0.building.id, Set($0.groupsNearby.map(\.id))) })
        #expect(!expected.isEmpty, "some vacant building has a group within \(Int(within)) m")
        for (building, ids) in expected {
            let listed = try #require(found[building], "vacant building \(building) has groups nearby but is not listed")
            // The report lists the ten nearest; every one listed must be near, and all of them when there are ten or fewer.
            #expect(ids.count > 10 ? listed.count == 10 : ids.isSubset(of: listed), "building \(building): \(listed) vs \(ids)")
        }
        for candidate in report.transferCandidates {
            for group in candidate.groupsNearby {
                #expect(group.distanceM <= within, "\(group.name) at \(group.distanceM) m")
            }
        }
    }

    @Test func colocationRespectsVisibilityAndArea() async throws {
        let b = try await Borough.get()
        let open = try b.directory.colocate(area: nil, visibility: .open)
        let members = open.clusters.flatMap(\.members) + open.excludedApproximate + open.transferCandidates.map(\.building)
        #expect(!members.contains { $0.owner == "Trafford Council" }, "open co-location shows council buildings")
        let ward = try b.directory.colocate(area: "E05015239", visibility: .restricted)
        let inWard = Set(try b.store.entities(inArea: try b.store.area("E05015239").id, visibility: .restricted).map(\.id))
        #expect(ward.clusters.flatMap(\.members).allSatisfy { inWard.contains($0.id) })
        #expect(throws: (any Error).self) { try b.directory.colocate(area: nil, within: 0, visibility: .restricted) }
    }
}
