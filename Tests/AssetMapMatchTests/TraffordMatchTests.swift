import AssetMapCore
import AssetMapIngest
import AssetMapStore
import AssetMapTestSupport
import Foundation
import Testing

@testable import AssetMapMatch

/// The real borough: all twenty Trafford lists, matched with the default thresholds. Each case below was
/// checked by hand against the files in ../shared/data/trafford/lists.
@Suite("Trafford matching", .serialized)
struct TraffordMatchTests {
    struct Matched: Sendable {
        var store: AssetMapStore
        var records: [MatchInput]
        var summary: MatchRunSummary
        func with(source: String, name: String) -> [MatchInput] {
            records.filter { $0.source == source && $0.name == name }
        }
        func entity(source: String, key: String) -> Int64? {
            records.first { $0.source == source && $0.sourceKey == key }?.entityID
        }
    }

    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-match-trafford-\(UUID().uuidString)")
    static let shared = BuiltOnce<Matched> { try build() }

    static func matched() async throws -> Matched {
        do {
            return try await shared.value
        } catch {
            Issue.record("building the Trafford database failed: \(error)")
            throw error
        }
    }

    static func build() throws -> Matched {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TraffordMatchTests.directory) }
        let store = try AssetMapStore.open(path: directory.appendingPathComponent("trafford.sqlite").path, create: true)
        let geography = Paths.trafford.appendingPathComponent("geography")
        _ = try PostcodeFile(path: try Paths.requireFile(geography.appendingPathComponent("postcodes.csv").path)).load(into: store)
        let lists = Paths.trafford.appendingPathComponent("lists")
        let files = try FileManager.default.contentsOfDirectory(atPath: lists.path)
        let profiles = try FileManager.default.contentsOfDirectory(atPath: Paths.traffordProfiles.path).filter { $0.hasSuffix(".profile.json") }.sorted()
        try #require(profiles.count == 20, "profiles: \(profiles.count)")
        for profile in profiles {
            let stem = String(profile.dropLast(".profile.json".count))
            let file = try #require(files.first { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent == stem })
            _ = try Importer(store: store).run(
                path: lists.appendingPathComponent(file).path,
                profile: try ImportProfile.load(path: Paths.traffordProfiles.appendingPathComponent(profile).path))
        }
        let summary = try Matcher(store: store).run()
        return Matched(store: store, records: try store.matchInputs(), summary: summary)
    }

    @Test func traffordGeneralHospitalsBuildingsAreOnePlace() async throws {
        let m = try await Self.matched()
        let buildings = m.with(source: "hospitals", name: "Trafford General Hospital")
        #expect(buildings.count == 13)
        #expect(Set(buildings.map(\.entityID)).count == 1)
        let priory = m.with(source: "hospitals", name: "Priory Hospital Altrincham")
        #expect(priory.count == 6 && Set(priory.map(\.entityID)).count == 1)
        // "Altrincham Hospital" is inside the Priory's name, but 2.5 km away: another hospital.
        let altrincham = try #require(m.with(source: "hospitals", name: "Altrincham Hospital").first)
        #expect(altrincham.entityID != priory[0].entityID)
    }

    @Test func fireStationsWithTheSameNameFarApartStayApart() async throws {
        let m = try await Self.matched()
        // Six footprints, all named "Fire Station": Sale (1), Stretford (2) and Altrincham (3), kilometres apart.
        let stations = m.records.filter { $0.source == "fire-stations" }.sorted { $0.recordID < $1.recordID }
        #expect(stations.count == 6)
        let ids = stations.map(\.entityID)
        #expect(Set(ids).count == 3)
        #expect(ids[1] == ids[2] && ids[3] == ids[4] && ids[4] == ids[5])
        #expect(ids[0] != ids[1] && ids[0] != ids[3] && ids[1] != ids[3])
    }

    @Test func postOfficesAllNamedTheSameStayApart() async throws {
        let m = try await Self.matched()
        let offices = m.records.filter { $0.source == "post-offices" }
        #expect(offices.count == 27)
        // Some offices have several footprints; most of the 27 are different offices.
        #expect(Set(offices.map(\.entityID)).count >= 20)
    }

    @Test func twoCharitiesWithOneNameStayTwo() async throws {
        let m = try await Self.matched()
        let theatres = m.with(source: "charity-commission-charities", name: "URMSTON MUSICAL THEATRE")
        #expect(theatres.count == 2)
        #expect(theatres[0].charityNumber != theatres[1].charityNumber)
        #expect(theatres[0].entityID != theatres[1].entityID)
    }

    @Test func foodBanksInBothListsMerge() async throws {
        let m = try await Self.matched()
        // All seven rows of the Trafford list appear, identically, in the Greater Manchester list.
        let local = m.records.filter { $0.source == "food-banks" }
        #expect(local.count == 7)
        for record in local {
            let twins = m.records.filter { $0.source == "food-banks-greater-manchester" && $0.sourceKey == record.sourceKey }
            #expect(twins.count == 1 && twins[0].entityID == record.entityID, "\(record.name) \(record.sourceKey)")
        }
        // "Trussell Trust" runs six of them at different venues: six food banks, not one.
        #expect(Set(local.filter { $0.name.contains("Trussell") }.map(\.entityID)).count == local.filter { $0.name.contains("Trussell") }.count)
    }

    /// Names that share only where they are: the town ("Partington") or the street ("Delamere Road") is in both
    /// names and both addresses, and the location already compares it.
    @Test func servicesThatShareOnlyTheirTownOrStreetStayApart() async throws {
        let m = try await Self.matched()
        let childrens = try #require(m.with(source: "childrens-centres", name: "Partington Children's Centre").first)
        let library = try #require(m.with(source: "libraries", name: "Partington Library and Wellbeing Centre").first)
        #expect(childrens.entityID != library.entityID)
        let practice = try #require(m.with(source: "gp-practices", name: "Delamere Medical Practice").first)
        let pharmacy = try #require(m.with(source: "pharmacies", name: "Delamere Pharmacy").first)
        #expect(practice.entityID != pharmacy.entityID)
    }

    /// One provider, several services: branches in different towns with the provider's website, two practices in one
    /// medical centre, two pantries of one housing association.
    @Test func servicesOfOneProviderStayApart() async throws {
        let m = try await Self.matched()
        let pairs = [("dentists", "DCO Dental Group - Sale", "dentists", "DCO Dental Group - Timperley"),
                     ("gp-practices", "Shay Lane Medical Centre (Kelman)", "gp-practices", "Shay Lane Medical Centre (Patel)"),
                     ("food-banks-greater-manchester", "Penny Lane Pantry", "food-banks-greater-manchester", "Brinnington Pantry")]
        for (sourceA, nameA, sourceB, nameB) in pairs {
            let a = try #require(m.with(source: sourceA, name: nameA).first)
            let b = try #require(m.with(source: sourceB, name: nameB).first)
            #expect(a.entityID != b.entityID, "\(nameA) / \(nameB)")
        }
    }

    /// The Greater Manchester list names each food bank venue: one provider's venues in other towns, with the
    /// provider's email and website, are venues of their own. So are two numbered assets of one road.
    @Test func oneListsVenuesOfOneNameStayApart() async throws {
        let m = try await Self.matched()
        for name in ["Mustard Tree", "Rainbow Haven", "4CT Limited"] {
            let venues = m.with(source: "food-banks-greater-manchester", name: name)
            #expect(venues.count >= 2, "\(name)")
            #expect(Set(venues.map(\.entityID)).count == venues.count, "\(name)")
        }
        let first = try #require(m.with(source: "council-land-and-building-assets", name: "Central Road (no 1)").first)
        let second = try #require(m.with(source: "council-land-and-building-assets", name: "Central Road (no 2)").first)
        #expect(first.entityID != second.entityID)
    }

    /// Twelve defibrillators in one shopping centre, up to 120 m apart, share a name and a postcode: twelve devices.
    @Test func defibrillatorsOfOneShoppingCentreStayApart() async throws {
        let m = try await Self.matched()
        let devices = m.with(source: "defibrillators", name: "Defibrillator at Trafford Centre")
        #expect(devices.count == 12)
        #expect(Set(devices.map(\.entityID)).count == 12)
    }

    /// Side by side, sharing every rare word, but one is a school and the other a church (or a pharmacy in the
    /// medical centre it names, a library in a college, a school's chapel, the fields beside a school).
    @Test func differentKindsOfThingOfOneNameStayApart() async throws {
        let m = try await Self.matched()
        let pairs = [("schools-and-colleges", "St Hugh of Lincoln RC Primary School", "places-of-worship", "St. Hugh Of Lincoln Roman Catholic Church"),
                     ("schools-and-colleges", "Our Lady of the Rosary RC Primary School", "places-of-worship", "Our Lady Of The Rosary Roman Catholic Church"),
                     ("schools-and-colleges", "All Saints' Catholic Primary School", "places-of-worship", "All Saints Roman Catholic Church"),
                     ("council-land-and-building-assets", "St Joseph's RC Primary School", "places-of-worship", "St. Joseph's Roman Catholic Church"),
                     ("schools-and-colleges", "Loreto Grammar School", "places-of-worship", "Loreto Grammar School Chapel"),
                     ("gp-practices", "Davyhulme Medical Centre", "pharmacies", "Allied Pharmacy Davyhulme Medical Centre"),
                     ("council-land-and-building-assets", "Lostock College", "council-land-and-building-assets", "Lostock Library (In College)"),
                     ("schools-and-colleges", "Barton Clough Primary School", "council-land-and-building-assets", "Fields adj Barton Clough Primary School")]
        for (sourceA, nameA, sourceB, nameB) in pairs {
            let a = try #require(m.with(source: sourceA, name: nameA).first, "\(nameA)")
            let b = try #require(m.with(source: sourceB, name: nameB).first, "\(nameB)")
            #expect(a.entityID != b.entityID, "\(nameA) / \(nameB)")
        }
        // The school's own records still meet: the asset register's row and the schools list's.
        let school = try #require(m.with(source: "schools-and-colleges", name: "St Hugh of Lincoln RC Primary School").first)
        let asset = try #require(m.with(source: "council-land-and-building-assets", name: "St Hugh of Lincoln RC Primary School").first)
        #expect(school.entityID == asset.entityID)
    }

    @Test func leisureCentreInTheAssetRegisterIsOnePlace() async throws {
        let m = try await Self.matched()
        let centre = try #require(m.with(source: "leisure-centres", name: "Sale Leisure Centre").first)
        let asset = try #require(m.with(source: "council-land-and-building-assets", name: "Sale Leisure Centre").first)
        #expect(centre.entityID == asset.entityID)
    }

    @Test func organisationsServicesAndPlacesNeverMerge() async throws {
        let m = try await Self.matched()
        // Age UK Trafford runs a community hub, and churches in the charity register are also places of
        // worship: related, but an organisation, a service and a building are different entities.
        var kindsByEntity: [Int64: Set<EntityKind>] = [:]
        for r in m.records { kindsByEntity[r.entityID!, default: []].insert(r.kind) }
        #expect(kindsByEntity.values.allSatisfy { $0.count == 1 })
        let ageUK = m.records.filter { $0.source == "charity-commission-charities" && $0.name.uppercased().hasPrefix("AGE UK TRAFFORD") }
        #expect(!ageUK.isEmpty)
    }

    @Test func rerunIsANoOpAndModelIsSensible() async throws {
        let m = try await Self.matched()
        let again = try Matcher(store: m.store).run()
        #expect(again.mode == "unchanged")
        let model = try #require(try Matcher(store: m.store).model())
        for kind in 0..<3 {
            #expect(model.weight(kind: kind, comparison: .name, level: 0) > model.weight(kind: kind, comparison: .name, level: 5))
            #expect(model.weight(kind: kind, comparison: .charityNumber, level: 1) < -4)
        }
        print("trafford: \(m.summary.records) records, \(m.summary.pairsCompared) pairs compared, \(m.summary.autoLinked) linked, \(m.summary.queuedForReview) for review, \(m.summary.entities) entities")
    }
}
