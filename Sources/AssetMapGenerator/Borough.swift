import Foundation

/// One unit postcode of a generated borough.
struct PostcodeUnit {
    var code = ""
    var district = 0
    var sector = 0
    var cell = 0
    var lon = 0.0
    var lat = 0.0
    var street = ""
    var residents = 0
    /// The ward the ONS-style file names: the true one except for a few deliberate boundary slips.
    var labelledWard = 0
}

struct Sector {
    var code = ""               // "KB3 1"
    var district = 0
    var neighbourhood = ""
    var streets: [String] = []
    var postcodes: [Int] = []
    var cells: [Int] = []
}

struct District {
    var outward = ""
    var town = ""
    var sectors: [Int] = []
}

/// An area of one layer: its code, its name and the lattice cells it covers.
struct Area {
    var code = ""
    var name = ""
    var cells: [Int] = []
}

/// Hands out identifiers that must be unique across all boroughs (area codes, postcode districts),
/// in generation order, so they stay deterministic.
struct NationalCounters {
    var ward = 0
    var lsoa = 0
    var msoa = 0
    /// Runs of districts a borough takes from, in order.
    private let districtBlocks: [[String]]
    private var block = 0
    private var used = 0

    /// Real postcode areas (validators check the area letters) whose geographic districts stop well
    /// below 70 and which have no non-geographic districts in 70–89, so districts such as KT84 pass
    /// validation yet collide with no real postcode.
    static let quietAreas = [
        "AB", "AL", "BA", "BH", "BR", "CA", "CM", "CO", "CR", "CT", "DA", "DD", "DG", "DT", "DY", "EH", "EX",
        "FK", "GL", "GU", "HA", "HD", "HP", "HR", "HS", "IG", "IP", "KA", "KT", "KY", "LD", "LN", "LU", "ME",
        "NN", "NR", "OX", "PL", "PO", "RG", "RM", "SG", "SL", "SM", "SN", "SO", "SP", "SS", "TA", "TD", "TF",
        "TQ", "TR", "TW", "UB", "WD", "WF", "WS", "ZE",
    ]

    init(random: inout SeededRandom) {
        var areas = NationalCounters.quietAreas
        random.shuffle(&areas)
        var blocks: [[String]] = []
        // First the ordinary-looking AA99 districts 80–89, then 70–79; beyond that (several million
        // records) AA9A shapes such as KT8B, which exist only in central London, never in these areas.
        for decade in [80, 70] {
            for area in areas { blocks.append((decade..<(decade + 10)).map { area + String($0) }) }
        }
        for digit in 1...9 {
            for area in areas { blocks.append(PostcodeRules.fourthLetters.map { area + String(digit) + String($0) }) }
        }
        districtBlocks = blocks
    }

    /// Boroughs that can be given districts of their own, at the most (6) districts each.
    var boroughCapacity: Int { districtBlocks.reduce(0) { $0 + $1.count / 6 } }

    /// `count` consecutive districts of one postcode area, e.g. KT84…KT88.
    mutating func districts(_ count: Int) -> [String] {
        if used + count > districtBlocks[block % districtBlocks.count].count {
            block += 1
            used = 0
        }
        defer { used += count }
        return Array(districtBlocks[block % districtBlocks.count][used..<(used + count)])
    }
}

/// UK postcode shape rules the generator must respect (BS 7666).
enum PostcodeRules {
    /// Letters allowed in the inward code: never C, I, K, M, O or V.
    static let inwardLetters = Array("ABDEFGHJLNPQRSTUWXYZ")
    /// Letters allowed in the fourth position of an AA9A outward code.
    static let fourthLetters = Array("ABEHMNPRVWXY")
}

/// A generated borough: lattice cells assigned to wards, LSOAs, MSOAs and localities, and the
/// postcodes placed inside them.
struct Borough {
    static let n = Lattice.cellsPerSide

    let index: Int
    let gx: Int
    let gy: Int
    let seed: UInt64
    var name = ""
    var laCode = ""
    var county = ""
    var wards: [Area] = []
    var lsoas: [Area] = []
    var msoas: [Area] = []
    var localities: [Area] = []
    var cellWard: [Int] = []
    var cellLSOA: [Int] = []
    var lsoaMSOA: [Int] = []
    var wardLocality: [Int] = []
    var msoaHCLName: [String] = []
    var districts: [District] = []
    var sectors: [Sector] = []
    var postcodes: [PostcodeUnit] = []
    var neighbourhoods: [String] = []
    var boundaryMismatches = 0

    func vertex(_ v: Int) -> (lon: Double, lat: Double) {
        let stride = Borough.n + 1
        return Lattice.vertex(seed: seed, gi: gx * Borough.n + v % stride, gj: gy * Borough.n + v / stride)
    }

    /// A point inside cell `c` at fractional position (u, v): bilinear in the cell's convex quad.
    func point(cell c: Int, u: Double, v: Double) -> (lon: Double, lat: Double) {
        let stride = Borough.n + 1
        let i = c % Borough.n, j = c / Borough.n
        let v00 = vertex(j * stride + i), v10 = vertex(j * stride + i + 1)
        let v01 = vertex((j + 1) * stride + i), v11 = vertex((j + 1) * stride + i + 1)
        let lon = (1 - u) * (1 - v) * v00.lon + u * (1 - v) * v10.lon + (1 - u) * v * v01.lon + u * v * v11.lon
        let lat = (1 - u) * (1 - v) * v00.lat + u * (1 - v) * v10.lat + (1 - u) * v * v01.lat + u * v * v11.lat
        return (lon, lat)
    }

    /// Metres per degree near this borough, for footprints and small offsets.
    var metresPerDegree: (lon: Double, lat: Double) {
        let lat = Lattice.originLat + (Double(gy) + 0.5) * Double(Borough.n) * Lattice.stepLat
        return (111_320 * cos(lat * .pi / 180), 110_574)
    }

    init(index: Int, name: String, county: String, seed: UInt64, counters: inout NationalCounters) {
        self.index = index
        (gx, gy) = Lattice.spiral(index)
        self.seed = seed
        self.name = name
        self.county = county
        laCode = "E08" + padded(500_000 + index, 6)
        var random = SeededRandom(seed: seed, 0xB0B0, UInt64(index))
        build(random: &random, counters: &counters)
    }

    // MARK: building

    private static func jitteredSeeds(nx: Int, ny: Int, jitter: Double, random: inout SeededRandom) -> [(Double, Double)] {
        let sx = Double(n) / Double(nx), sy = Double(n) / Double(ny)
        var seeds: [(Double, Double)] = []
        for b in 0..<ny {
            for a in 0..<nx {
                seeds.append(((Double(a) + 0.5 + random.double(in: -jitter...jitter)) * sx,
                              (Double(b) + 0.5 + random.double(in: -jitter...jitter)) * sy))
            }
        }
        return seeds
    }

    private static func nearest(_ x: Double, _ y: Double, _ seeds: [(Double, Double)]) -> Int {
        var best = 0, bestD = Double.infinity
        for (k, s) in seeds.enumerated() {
            let d = (s.0 - x) * (s.0 - x) + (s.1 - y) * (s.1 - y)
            if d < bestD { bestD = d; best = k }
        }
        return best
    }

    /// Every cell to its nearest seed, then empty regions dropped and ids compacted.
    private static func voronoi(_ seeds: [(Double, Double)]) -> (cells: [Int], seeds: [(Double, Double)]) {
        var raw = [Int](repeating: 0, count: n * n)
        var used = [Int](repeating: 0, count: seeds.count)
        for c in 0..<(n * n) {
            let k = nearest(Double(c % n) + 0.5, Double(c / n) + 0.5, seeds)
            raw[c] = k
            used[k] += 1
        }
        var remap = [Int](repeating: -1, count: seeds.count)
        var kept: [(Double, Double)] = []
        for k in 0..<seeds.count where used[k] > 0 { remap[k] = kept.count; kept.append(seeds[k]) }
        return (raw.map { remap[$0] }, kept)
    }

    private static func uniqueName(_ make: (inout SeededRandom) -> String, avoiding used: inout Set<String>,
                                     random: inout SeededRandom) -> String {
        for _ in 0..<40 {
            let candidate = make(&random)
            if !used.contains(candidate) { used.insert(candidate); return candidate }
        }
        var k = 2
        let base = make(&random)
        while used.contains("\(base) \(k)") { k += 1 }
        used.insert("\(base) \(k)")
        return "\(base) \(k)"
    }

    static func placeName(_ random: inout SeededRandom) -> String {
        let base = random.pick(Pools.placePrefixes) + random.pick(Pools.placeSuffixes)
        let r = random.unit()
        if r < 0.12 { return random.pick(Pools.placeQualifiers) + base }
        if r < 0.26 { return base + random.pick(Pools.placeEndings) }
        return base
    }

    private mutating func build(random: inout SeededRandom, counters: inout NationalCounters) {
        let n = Borough.n
        let cellCount = n * n
        var usedNames: Set<String> = [name]

        // Postcode districts (towns) and their sectors (neighbourhoods).
        let districtCount = random.int(in: 4...6)
        var districtSeeds: [(Double, Double)] = []
        while districtSeeds.count < districtCount {
            let candidate = (random.double(in: 6...54), random.double(in: 6...54))
            var minGap = Double.infinity
            for s in districtSeeds {
                let dx = s.0 - candidate.0, dy = s.1 - candidate.1
                minGap = min(minGap, dx * dx + dy * dy)
            }
            if minGap > 14 * 14 || random.chance(0.02) { districtSeeds.append(candidate) }
        }
        let (cellDistrict, keptDistrictSeeds) = Borough.voronoi(districtSeeds)
        let outwards = counters.districts(keptDistrictSeeds.count)
        districts = outwards.map { District(outward: $0) }
        for d in districts.indices {
            districts[d].town = Borough.uniqueName({ Borough.placeName(&$0) }, avoiding: &usedNames, random: &random)
        }
        // Residential density: town centres dense, the edges rural.
        var density = [Double](repeating: 0, count: cellCount)
        for c in 0..<cellCount {
            let x = Double(c % n) + 0.5, y = Double(c / n) + 0.5
            var w = 0.12
            for s in keptDistrictSeeds {
                let d2 = (s.0 - x) * (s.0 - x) + (s.1 - y) * (s.1 - y)
                w += exp(-d2 / (2 * 9 * 9))
            }
            density[c] = w
        }
        var districtCells = [[Int]](repeating: [], count: districts.count)
        for c in 0..<cellCount { districtCells[cellDistrict[c]].append(c) }
        var cellSector = [Int](repeating: 0, count: cellCount)
        for d in districts.indices {
            let cells = districtCells[d]
            let k = min(9, max(4, cells.count / 110))
            var sectorSeeds: [(Double, Double)] = []
            for _ in 0..<k {
                let c = cells[random.int(cells.count)]
                sectorSeeds.append((Double(c % n) + random.unit(), Double(c / n) + random.unit()))
            }
            var members = [[Int]](repeating: [], count: k)
            for c in cells {
                members[Borough.nearest(Double(c % n) + 0.5, Double(c / n) + 0.5, sectorSeeds)].append(c)
            }
            let nonEmpty = members.filter { !$0.isEmpty }
            let firstDigit = random.int(in: 0...(10 - nonEmpty.count))
            for (s, cellsOfSector) in nonEmpty.enumerated() {
                let id = sectors.count
                var sector = Sector(code: districts[d].outward + " " + String(firstDigit + s), district: d)
                sector.cells = cellsOfSector
                sector.neighbourhood = s == 0 ? districts[d].town
                    : Borough.uniqueName({ Borough.placeName(&$0) }, avoiding: &usedNames, random: &random)
                for c in cellsOfSector { cellSector[c] = id }
                sectors.append(sector)
                districts[d].sectors.append(id)
            }
        }
        neighbourhoods = sectors.map(\.neighbourhood)

        // Statistical and electoral geography.
        let lsoaSeeds = Borough.jitteredSeeds(nx: random.int(in: 11...13), ny: random.int(in: 11...13), jitter: 0.33, random: &random)
        let (lsoaOfCell, keptLSOASeeds) = Borough.voronoi(lsoaSeeds)
        cellLSOA = lsoaOfCell
        let msoaTall = random.chance(0.5)
        let msoaSeeds = Borough.jitteredSeeds(nx: msoaTall ? 5 : 6, ny: msoaTall ? 6 : 5, jitter: 0.3, random: &random)
        var lsoaToMSOARaw = keptLSOASeeds.map { Borough.nearest($0.0, $0.1, msoaSeeds) }
        var msoaRemap = [Int](repeating: -1, count: msoaSeeds.count)
        var msoaCount = 0
        for m in lsoaToMSOARaw where msoaRemap[m] < 0 { msoaRemap[m] = -2 }
        for m in 0..<msoaSeeds.count where msoaRemap[m] == -2 { msoaRemap[m] = msoaCount; msoaCount += 1 }
        lsoaToMSOARaw = lsoaToMSOARaw.map { msoaRemap[$0] }

        let wardTall = random.chance(0.5)
        let wardSeeds = Borough.jitteredSeeds(nx: wardTall ? 4 : 5, ny: wardTall ? 5 : 4, jitter: 0.35, random: &random)
        var (wardOfCell, keptWardSeeds) = Borough.voronoi(wardSeeds)
        // One enclave per borough, so that ward (and sometimes locality) layers carry MultiPolygons.
        carveEnclave(&wardOfCell, random: &random)

        // Postcodes, sector by sector, so unit codes run in order across each sector.
        let target = random.int(in: 2_000...4_000)
        let sectorWeights = sectors.map { $0.cells.reduce(0.0) { $0 + density[$1] } }
        let totalWeight = sectorWeights.reduce(0, +)
        for s in sectors.indices {
            let want = min(380, max(8, Int((Double(target) * sectorWeights[s] / totalWeight).rounded())))
            let cells = sectors[s].cells
            let weights = cells.map { density[$0] }
            var units: [PostcodeUnit] = []
            for _ in 0..<want {
                let c = cells[random.weighted(weights)]
                let p = point(cell: c, u: random.double(in: 0.08...0.92), v: random.double(in: 0.08...0.92))
                var unit = PostcodeUnit()
                unit.cell = c
                unit.lon = p.lon
                unit.lat = p.lat
                unit.sector = s
                unit.district = sectors[s].district
                unit.residents = random.chance(0.08) ? 0 : random.int(in: 15...140)
                unit.labelledWard = wardOfCell[c]
                units.append(unit)
            }
            units.sort { $0.lat != $1.lat ? $0.lat > $1.lat : $0.lon < $1.lon }
            // Distinct unit codes in ascending order (selection sampling over the 400 possible).
            var unitIndexes: [Int] = []
            var needed = units.count
            for candidate in 0..<400 where needed > 0 {
                if random.int(400 - candidate) < needed {
                    unitIndexes.append(candidate)
                    needed -= 1
                }
            }
            let streetCount = max(3, units.count / random.int(in: 4...8))
            var streetNames: Set<String> = []
            var streets: [String] = []
            while streets.count < streetCount {
                let street = random.chance(0.15)
                    ? sectors[s].neighbourhood + " " + random.pick(Pools.streetTypes)
                    : random.pick(Pools.streetBases) + " " + random.pick(Pools.streetTypes)
                if streetNames.insert(street).inserted || streetNames.count > 150 { streets.append(street) }
            }
            sectors[s].streets = streets
            for k in units.indices {
                let unitIndex = unitIndexes[k]
                let letters = PostcodeRules.inwardLetters
                units[k].code = sectors[s].code + String(letters[unitIndex / 20]) + String(letters[unitIndex % 20])
                units[k].street = streets[min(streets.count - 1, k * streets.count / units.count)]
                sectors[s].postcodes.append(postcodes.count)
                postcodes.append(units[k])
            }
        }

        // Areas: codes and names.
        let wardCells = Borough.group(wardOfCell, count: keptWardSeeds.count)
        var wardNames: [String] = []
        var usedWardNames: Set<String> = []
        for (w, cells) in wardCells.enumerated() {
            var counts: [Int: Int] = [:]
            for c in cells { counts[cellSector[c], default: 0] += 1 }
            let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { sectors[$0.key].neighbourhood }
            var chosen = ranked.first { !usedWardNames.contains($0) }
            if let first = chosen, ranked.count > 1, random.chance(0.2), ranked[1] != first {
                chosen = first + " & " + ranked[1]
            }
            if chosen == nil || usedWardNames.contains(chosen!) {
                let seed = keptWardSeeds[w]
                let compass = seed.1 > 30 ? (seed.0 > 30 ? "North East" : "North West") : (seed.0 > 30 ? "South East" : "South West")
                chosen = ranked[0] + " " + compass
                var k = 2
                while usedWardNames.contains(chosen!) { chosen = ranked[0] + " " + compass + " " + String(k); k += 1 }
            }
            usedWardNames.insert(chosen!)
            wardNames.append(chosen!)
        }
        // Ward codes run alphabetically by name within the borough, as ONS assigns them.
        let wardOrder = wardNames.indices.sorted { wardNames[$0] < wardNames[$1] }
        var wardRank = [Int](repeating: 0, count: wardNames.count)
        for (rank, w) in wardOrder.enumerated() { wardRank[w] = rank }
        wards = wardOrder.map { w in
            defer { counters.ward += 1 }
            return Area(code: "E05" + padded(500_000 + counters.ward, 6), name: wardNames[w], cells: wardCells[w])
        }
        cellWard = wardOfCell.map { wardRank[$0] }
        for p in postcodes.indices { postcodes[p].labelledWard = wardRank[postcodes[p].labelledWard] }

        // Localities: the compass quarter of each ward's seed, named like "Ashford North".
        let centre = Double(n) / 2
        var quarterOfWard = [Int](repeating: 0, count: wards.count)
        for (w, seedIndex) in wardOrder.enumerated() {
            let s = keptWardSeeds[seedIndex]
            let angle = atan2(s.1 - centre, s.0 - centre) * 180 / .pi
            quarterOfWard[w] = angle >= 45 && angle < 135 ? 0 : (angle >= -45 && angle < 45 ? 1 : (angle >= -135 && angle < -45 ? 2 : 3))
        }
        let quarterNames = ["North", "East", "South", "West"]
        var localityOfQuarter = [Int](repeating: -1, count: 4)
        for q in 0..<4 where quarterOfWard.contains(q) {
            localityOfQuarter[q] = localities.count
            localities.append(Area(code: "", name: name + " " + quarterNames[q]))
        }
        wardLocality = quarterOfWard.map { localityOfQuarter[$0] }
        for c in 0..<cellCount { localities[wardLocality[cellWard[c]]].cells.append(c) }

        // MSOAs numbered north to south, LSOAs lettered within them, as ONS names them.
        let msoaCellsRaw = Borough.group(cellLSOA.map { lsoaToMSOARaw[$0] }, count: msoaCount)
        func centroid(_ cells: [Int]) -> (Double, Double) {
            var x = 0.0, y = 0.0
            for c in cells { x += Double(c % n); y += Double(c / n) }
            return (x / Double(cells.count), y / Double(cells.count))
        }
        let msoaCentroids = msoaCellsRaw.map(centroid)
        let msoaOrder = msoaCellsRaw.indices.sorted {
            let a = msoaCentroids[$0], b = msoaCentroids[$1]
            return a.1 != b.1 ? a.1 > b.1 : a.0 < b.0
        }
        var msoaRank = [Int](repeating: 0, count: msoaCount)
        for (rank, m) in msoaOrder.enumerated() { msoaRank[m] = rank }
        var usedHCL: Set<String> = []
        for (rank, m) in msoaOrder.enumerated() {
            msoas.append(Area(code: "E02" + padded(500_000 + counters.msoa, 6), name: name + " " + padded(rank + 1, 3), cells: msoaCellsRaw[m]))
            counters.msoa += 1
            var counts: [Int: Int] = [:]
            for c in msoaCellsRaw[m] { counts[cellSector[c], default: 0] += 1 }
            let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { sectors[$0.key].neighbourhood }
            var hcl = ranked.first { !usedHCL.contains($0) } ?? ranked[0]
            if usedHCL.contains(hcl) {
                for suffix in [" North", " South", " East", " West", " Central", " Village", " Park"] where !usedHCL.contains(ranked[0] + suffix) {
                    hcl = ranked[0] + suffix
                    break
                }
            }
            usedHCL.insert(hcl)
            msoaHCLName.append(hcl)
        }
        let lsoaCellsRaw = Borough.group(cellLSOA, count: keptLSOASeeds.count)
        let lsoaOrder = lsoaCellsRaw.indices.sorted {
            let a = msoaRank[lsoaToMSOARaw[$0]], b = msoaRank[lsoaToMSOARaw[$1]]
            return a != b ? a < b : $0 < $1
        }
        var lsoaRank = [Int](repeating: 0, count: lsoaCellsRaw.count)
        var letterInMSOA: [Int: Int] = [:]
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for (rank, l) in lsoaOrder.enumerated() {
            lsoaRank[l] = rank
            let m = msoaRank[lsoaToMSOARaw[l]]
            let letter = letterInMSOA[m, default: 0]
            letterInMSOA[m] = letter + 1
            lsoas.append(Area(code: "E01" + padded(500_000 + counters.lsoa, 6),
                              name: msoas[m].name + String(letters[letter % 26]) + (letter >= 26 ? String(letter / 26) : ""),
                              cells: lsoaCellsRaw[l]))
            counters.lsoa += 1
            lsoaMSOA.append(m)
        }
        cellLSOA = cellLSOA.map { lsoaRank[$0] }

        // A few postcodes deliberately name a neighbouring ward, as ~0.05% do in the real ONSPD.
        let slips = Int((Double(postcodes.count) * 0.0005).rounded())
        var order = Array(postcodes.indices)
        random.shuffle(&order)
        for p in order where boundaryMismatches < slips {
            let c = postcodes[p].cell
            let i = c % n, j = c / n
            for (di, dj) in [(1, 0), (-1, 0), (0, 1), (0, -1)] {
                let x = i + di, y = j + dj
                guard x >= 0, y >= 0, x < n, y < n else { continue }
                let other = cellWard[y * n + x]
                if other != cellWard[c] {
                    postcodes[p].labelledWard = other
                    boundaryMismatches += 1
                    break
                }
            }
        }
    }

    private static func group(_ assignment: [Int], count: Int) -> [[Int]] {
        var groups = [[Int]](repeating: [], count: count)
        for (c, a) in assignment.enumerated() { groups[a].append(c) }
        return groups
    }

    /// Moves a 2×2 block deep inside one ward to a neighbouring ward, making it a two-part area
    /// (and its host a polygon with a hole), as real wards with detached parts are.
    private func carveEnclave(_ wardOfCell: inout [Int], random: inout SeededRandom) {
        let n = Borough.n
        let start = random.int(n * n)
        for step in 0..<(n * n) {
            let c = (start + step) % (n * n)
            let i = c % n, j = c / n
            guard i >= 3, j >= 3, i <= n - 5, j <= n - 5 else { continue }
            let host = wardOfCell[c]
            var inside = true
            check: for y in (j - 1)...(j + 2) {
                for x in (i - 1)...(i + 2) where wardOfCell[y * n + x] != host { inside = false; break check }
            }
            guard inside else { continue }
            // The ward next door: the first different ward found walking east from the block.
            var x = i + 3
            while x < n, wardOfCell[j * n + x] == host { x += 1 }
            guard x < n else { continue }
            let guest = wardOfCell[j * n + x]
            for y in j...(j + 1) { for x in i...(i + 1) { wardOfCell[y * n + x] = guest } }
            return
        }
    }

    /// The cells of the area, traced to polygons (outer ring then holes) of lon/lat pairs.
    func polygons(of area: Area, assignment: (Int) -> Int, id: Int) -> [[[(lon: Double, lat: Double)]]] {
        CellOutline.polygons(cells: area.cells, n: Borough.n) { assignment($0) == id }
            .map { polygon in polygon.map { ring in ring.map(vertex) } }
    }
}
