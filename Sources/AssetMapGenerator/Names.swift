/// Word pools for plausible British (invented or generic) names. Fixed arrays: changing them
/// changes every seed's output, so append rather than reorder.
enum Pools {
    static let placePrefixes = [
        "Ash", "Bex", "Brad", "Bram", "Carr", "Claver", "Dun", "Elm", "Fern", "Gorse", "Hal", "Hart",
        "Holm", "Ket", "Lang", "Lin", "Mar", "Mel", "Nether", "Ock", "Orm", "Pen", "Pres", "Red",
        "Rish", "Sal", "Stan", "Thorn", "Tim", "Ulver", "Wal", "Whit", "Wood", "Yar", "Brin", "Cal",
        "Dal", "Eg", "Gar", "Hep", "Kirk", "Lud", "Mos", "Nor", "Ol", "Ped", "Quen", "Rud", "Shep",
        "Tad", "Up", "Wes", "Wilm", "Brom", "Chad", "Dent", "Farn", "Hind", "Ire", "Ald",
    ]
    static let placeSuffixes = [
        "ford", "ley", "ton", "ham", "by", "field", "wick", "bury", "worth", "combe", "stead", "dale",
        "bridge", "well", "thorpe", "holme", "shaw", "den", "hurst", "moor", "cote", "wood", "stow",
        "minster", "church", "gate", "lowe", "over",
    ]
    static let placeQualifiers = ["Upper ", "Lower ", "Great ", "Little ", "Old ", "New ", "North ", "South ", "East ", "West "]
    static let placeEndings = [" Green", " Heath", " Moor", " Park", " Vale", " Cross", " End", " Village", " Bridge", " Hill"]
    static let countyEndings = ["shire", " and Dale", " Vale", " Valley", " Forest", " Downs"]

    static let streetBases = [
        "Church", "Station", "Mill", "Park", "Oak", "Elm", "Victoria", "Albert", "Queens", "Kings",
        "Chapel", "School", "Moss", "Moor", "Green", "Manor", "Grange", "Bridge", "Brook", "Meadow",
        "Orchard", "Cedar", "Beech", "Ash", "Birch", "Willow", "Holly", "Hawthorn", "Rowan", "Larch",
        "Derby", "Chester", "Lancaster", "York", "Warwick", "Grosvenor", "Stamford", "Cromwell",
        "Nelson", "Wellington", "Clarendon", "Devonshire", "Marlborough", "Heath", "Hill", "Vale",
        "Lodge", "Priory", "Abbey", "Canal", "Market", "Cross", "Well", "Farm", "Sandy", "Bank",
        "Poplar", "Chestnut", "Sycamore", "Laurel", "Primrose", "Bluebell", "Foxglove", "Kingsway",
        "Richmond", "Cambridge", "Oxford", "Windsor", "Stanley", "Gladstone", "Peel", "Byron",
    ]
    static let streetTypes = [
        "Road", "Street", "Lane", "Avenue", "Drive", "Close", "Grove", "Way", "Crescent", "Place",
        "Gardens", "Terrace", "Walk", "Court", "Rise", "Road", "Street", "Lane", "Avenue", "Road",
    ]
    static let buildingNames = [
        "The Old School House", "Unit 4", "Suite 2", "The Annexe", "Ground Floor", "Room 12",
        "The Coach House", "Unit 7", "First Floor", "The Stables", "Enterprise House", "The Hub",
    ]
    static let saints = [
        "John", "Mary", "Peter", "Paul", "Andrew", "George", "Michael", "Luke", "Mark", "Matthew",
        "James", "Anne", "Margaret", "Catherine", "Barnabas", "Alban", "Chad", "Hilda", "Aidan",
        "Stephen", "Thomas", "Philip", "Bartholomew", "Werburgh", "Oswald", "Cuthbert", "Bride",
        "Patrick", "David", "Helen", "Lawrence", "Martin", "Nicholas", "Clement", "Augustine", "Bede",
    ]
    static let trees = ["Oak", "Ash", "Beech", "Birch", "Willow", "Chestnut", "Elm", "Holly", "Hazel", "Rowan"]
    static let parkKinds = ["Park", "Park", "Fields", "Woods", "Recreation Ground", "Meadows", "Nature Reserve", "Gardens"]
    static let adjectives = ["Bright", "Open", "Green", "Kind", "Bold", "Together", "Safe", "Healthy", "Happy", "Young"]
    static let nouns = ["Minds", "Futures", "Steps", "Horizons", "Hearts", "Roots", "Voices", "Spaces", "Links", "Paths"]
    static let ordinals = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "11th", "12th", "14th", "17th", "21st"]
    static let funds = [
        "Community Chest", "Neighbourhood Fund", "Warm Spaces Fund", "Household Support Fund",
        "Youth Fund", "Healthy Communities Grant", "Small Grants Programme", "Arts Fund",
        "Food Security Fund", "Active Communities Grant",
    ]
    static let openingHours = [
        "Mon-Fri 9am-5pm", "Monday to Friday, 9.30am-4pm", "Tuesdays 10am-12pm", "Thursday 10:30am - 12:30pm",
        "Sat 10am-1pm", "Tues 11am - 2pm, Fri 11.30am - 1.30pm", "Wednesdays in term time, 6pm-8pm",
        "Mon, Wed, Fri 9:00-17:00", "Monday 6-8pm", "Fridays 1pm-3pm", "Daily 8am-8pm",
        "Mon-Thu 9am-7pm, Fri 9am-5pm, Sat 9am-1pm", "By appointment",
    ]
    static let activityVerbs = ["Supports", "Provides activities for", "Brings together", "Offers help to", "Runs sessions for", "Works with"]
    static let beneficiaries = [
        "local residents", "older people", "children and young people", "families", "carers",
        "people with disabilities", "people on low incomes", "refugees and asylum seekers",
        "people living with dementia", "the wider community",
    ]
}

/// A kind of organisation: the name pattern and the categories it works in.
struct OrgTemplate {
    let pattern: String      // {place} {park} {saint} {borough} {ordinal} {adj} {noun} {tree}
    let categories: [String]
    let weight: Double
    /// Same-name twins are normal for this pattern (several "St John's Church"); others get a fresh place.
    var repeatable = false
}

enum OrgTemplates {
    static let all: [OrgTemplate] = [
        .init(pattern: "Friends of {park}", categories: ["environment", "parks"], weight: 5),
        .init(pattern: "{place} Community Association", categories: ["community"], weight: 6),
        .init(pattern: "{place} Tenants and Residents Association", categories: ["community", "housing"], weight: 3),
        .init(pattern: "St {saint}'s Church", categories: ["faith"], weight: 4, repeatable: true),
        .init(pattern: "St {saint}'s Church, {place}", categories: ["faith"], weight: 3),
        .init(pattern: "{place} Methodist Church", categories: ["faith"], weight: 2),
        .init(pattern: "{place} Baptist Church", categories: ["faith"], weight: 1.5),
        .init(pattern: "{place} United Reformed Church", categories: ["faith"], weight: 1),
        .init(pattern: "{place} Islamic Centre", categories: ["faith", "community"], weight: 1),
        .init(pattern: "{place} Food Bank", categories: ["food bank", "food"], weight: 2),
        .init(pattern: "{place} Youth Club", categories: ["youth"], weight: 3),
        .init(pattern: "{ordinal} {place} Scout Group", categories: ["youth", "scouts"], weight: 3),
        .init(pattern: "{ordinal} {place} Brownies", categories: ["youth", "guiding"], weight: 1.5),
        .init(pattern: "{place} Bowling Club", categories: ["sport", "bowls"], weight: 3),
        .init(pattern: "{place} Cricket Club", categories: ["sport", "cricket"], weight: 2.5),
        .init(pattern: "{place} Juniors Football Club", categories: ["sport", "football", "youth"], weight: 3),
        .init(pattern: "{place} Rugby Union Football Club", categories: ["sport", "rugby"], weight: 1),
        .init(pattern: "{place} Tennis Club", categories: ["sport", "tennis"], weight: 1.5),
        .init(pattern: "{place} Harriers and Athletic Club", categories: ["sport", "running"], weight: 1),
        .init(pattern: "{place} Amateur Swimming Club", categories: ["sport", "swimming"], weight: 1),
        .init(pattern: "{borough} Carers Centre", categories: ["carers", "advice"], weight: 0.3),
        .init(pattern: "{borough} Older People's Forum", categories: ["older people"], weight: 0.3),
        .init(pattern: "{borough} Disability Forum", categories: ["disability"], weight: 0.3),
        .init(pattern: "{borough} Refugee Support Network", categories: ["refugees", "advice"], weight: 0.3),
        .init(pattern: "{borough} Domestic Abuse Service", categories: ["domestic abuse", "advice"], weight: 0.3),
        .init(pattern: "{borough} Youth Theatre", categories: ["arts", "youth"], weight: 0.3),
        .init(pattern: "{place} Credit Union", categories: ["money advice"], weight: 1),
        .init(pattern: "{place} Advice Centre", categories: ["advice"], weight: 1),
        .init(pattern: "{place} Men's Shed", categories: ["older people", "wellbeing"], weight: 2),
        .init(pattern: "{place} Allotment Society", categories: ["gardening"], weight: 2),
        .init(pattern: "{place} Amateur Dramatic Society", categories: ["arts"], weight: 2),
        .init(pattern: "{place} Choral Society", categories: ["arts", "music"], weight: 1.5),
        .init(pattern: "{place} Art Group", categories: ["arts"], weight: 1.5),
        .init(pattern: "{place} Pre-School", categories: ["early years"], weight: 2),
        .init(pattern: "{place} Playgroup", categories: ["early years"], weight: 1.5),
        .init(pattern: "{place} Civic Society", categories: ["heritage"], weight: 1),
        .init(pattern: "{place} Local History Society", categories: ["heritage"], weight: 1),
        .init(pattern: "{place} Luncheon Club", categories: ["older people", "food"], weight: 2),
        .init(pattern: "{place} Dementia Cafe", categories: ["dementia", "older people"], weight: 1),
        .init(pattern: "{place} Women's Group", categories: ["women", "community"], weight: 1.5),
        .init(pattern: "{place} Over 50s Club", categories: ["older people"], weight: 1.5),
        .init(pattern: "{place} Village Hall Trust", categories: ["community", "venue"], weight: 1.5),
        .init(pattern: "{place} Community Garden", categories: ["gardening", "environment"], weight: 1.5),
        .init(pattern: "{place} Community Cafe", categories: ["food", "community"], weight: 1),
        .init(pattern: "{adj} {noun}", categories: ["wellbeing"], weight: 2),
        .init(pattern: "{place} Arts", categories: ["arts"], weight: 1),
        .init(pattern: "{place} Sports Trust", categories: ["sport"], weight: 1),
        .init(pattern: "{tree} Tree Nursery", categories: ["environment"], weight: 0.5),
    ]
    static let weights = all.map(\.weight)
}

/// Partner buildings: name patterns, the categories of what happens there, and sizes.
struct PlaceTemplate {
    let pattern: String
    let assetType: String
    let floorArea: ClosedRange<Double>
    let weight: Double
    /// What a service hosted here is called and its categories (a library building hosts a library service).
    var service: (pattern: String, categories: [String])? = nil
}

enum PlaceTemplates {
    static let council: [PlaceTemplate] = [
        .init(pattern: "{place} Library", assetType: "Library", floorArea: 250...1_400, weight: 3,
              service: ("{place} Library", ["library", "books", "digital inclusion"])),
        .init(pattern: "{place} Community Centre", assetType: "Community Centre", floorArea: 150...900, weight: 5,
              service: ("{place} Community Hub", ["community hub", "warm space"])),
        .init(pattern: "{place} Children's Centre", assetType: "Children's Centre", floorArea: 200...700, weight: 2,
              service: ("{place} Children's Centre", ["children's centre", "early years", "family support"])),
        .init(pattern: "{place} Youth Centre", assetType: "Youth Centre", floorArea: 150...600, weight: 2,
              service: ("{place} Youth Club", ["youth", "youth club"])),
        .init(pattern: "{place} Leisure Centre", assetType: "Leisure Centre", floorArea: 1_500...6_000, weight: 1,
              service: ("{place} Leisure Centre", ["leisure", "sport", "swimming"])),
        .init(pattern: "{place} Day Centre", assetType: "Day Centre", floorArea: 200...800, weight: 1.5,
              service: ("{place} Day Service", ["adult social care", "older people"])),
        .init(pattern: "{place} Town Hall", assetType: "Office", floorArea: 1_500...5_000, weight: 0.4),
        .init(pattern: "{street} Depot", assetType: "Depot", floorArea: 500...3_000, weight: 1),
        .init(pattern: "{place} Park Pavilion", assetType: "Pavilion", floorArea: 40...250, weight: 2),
        .init(pattern: "{place} Park Lodge", assetType: "Lodge", floorArea: 60...180, weight: 1),
        .init(pattern: "{number} {street}", assetType: "Shop", floorArea: 60...300, weight: 2),
        .init(pattern: "Former {place} Primary School", assetType: "Surplus Building", floorArea: 600...2_500, weight: 0.7),
        .init(pattern: "{place} Public Conveniences", assetType: "Public Toilets", floorArea: 15...60, weight: 0.8),
        .init(pattern: "{place} Cemetery Lodge", assetType: "Lodge", floorArea: 60...150, weight: 0.5),
        .init(pattern: "{place} Health Centre", assetType: "Health Centre", floorArea: 400...2_000, weight: 1),
    ]
    static let nhs: [PlaceTemplate] = [
        .init(pattern: "{place} Health Centre", assetType: "Health Centre", floorArea: 400...2_000, weight: 4),
        .init(pattern: "{place} Medical Practice", assetType: "GP Surgery", floorArea: 250...1_200, weight: 4),
        .init(pattern: "{place} Clinic", assetType: "Clinic", floorArea: 150...800, weight: 2),
        .init(pattern: "{place} Community Mental Health Team Base", assetType: "Office", floorArea: 300...1_000, weight: 1),
        .init(pattern: "{borough} General Hospital", assetType: "Hospital", floorArea: 15_000...60_000, weight: 0.25),
        .init(pattern: "{place} Dental Practice", assetType: "Dental Practice", floorArea: 100...400, weight: 1.5),
    ]
    static let policeFire: [PlaceTemplate] = [
        .init(pattern: "{place} Police Station", assetType: "Police Station", floorArea: 400...3_000, weight: 3),
        .init(pattern: "{place} Fire Station", assetType: "Fire Station", floorArea: 500...2_000, weight: 3),
        .init(pattern: "{place} Community Fire Station", assetType: "Fire Station", floorArea: 500...2_000, weight: 1),
        .init(pattern: "{place} Neighbourhood Police Office", assetType: "Police Office", floorArea: 80...400, weight: 2),
        .init(pattern: "{place} Ambulance Station", assetType: "Ambulance Station", floorArea: 300...1_200, weight: 1),
    ]
    static let councilWeights = council.map(\.weight)
    static let nhsWeights = nhs.map(\.weight)
    static let policeFireWeights = policeFire.map(\.weight)
}

/// Services that are not tied to a council building: name pattern and categories.
enum ServiceTemplates {
    static let all: [(pattern: String, categories: [String], weight: Double)] = [
        ("{place} Food Bank", ["food bank", "food"], 4),
        ("{place} Community Pantry", ["food", "food pantry"], 2),
        ("{place} Warm Space", ["warm space", "community"], 2),
        ("{place} Luncheon Club", ["older people", "food"], 2),
        ("{place} Youth Club", ["youth", "youth club"], 3),
        ("{place} Stay and Play", ["early years", "family support"], 2),
        ("{place} Baby Bank", ["family support", "baby bank"], 1),
        ("{borough} Debt Advice Drop-in, {place}", ["advice", "debt"], 1.5),
        ("Health Walk: {park}", ["health", "walking"], 1.5),
        ("{place} Parkrun", ["sport", "running"], 0.5),
        ("{place} Repair Cafe", ["community", "environment"], 1),
        ("{place} Men's Mental Health Group", ["mental health", "wellbeing"], 1),
        ("{place} Homework Club", ["youth", "education"], 1),
        ("{place} Carers Support Group", ["carers"], 1),
        ("{place} Holiday Activities and Food", ["children", "food", "holiday activities"], 1),
    ]
    static let weights = all.map(\.weight)
}
