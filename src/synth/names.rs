//! Word pools for synthetic registers: place names, saints, streets, head teachers'
//! names and local authorities. Every string is representable in Windows-1252, the
//! encoding GIAS publishes in; some use characters outside ASCII on purpose.

/// A local authority: (code, name).
pub type La = (u32, &'static str);

/// A GIAS region: its `GOR (name)` spelling, its share of English state schools in per
/// mille, and two of its local authorities.
pub type GiasRegion = (&'static str, u32, [La; 2]);

/// GIAS `GOR (name)` spellings (note "the" in Yorkshire).
pub const GIAS_REGIONS: [GiasRegion; 9] = [
    (
        "North East",
        50,
        [(391, "Newcastle upon Tyne"), (840, "County Durham")],
    ),
    (
        "North West",
        140,
        [(352, "Manchester"), (888, "Lancashire")],
    ),
    (
        "Yorkshire and the Humber",
        100,
        [(383, "Leeds"), (373, "Sheffield")],
    ),
    (
        "East Midlands",
        90,
        [(892, "Nottingham"), (855, "Leicestershire")],
    ),
    (
        "West Midlands",
        110,
        [(330, "Birmingham"), (860, "Staffordshire")],
    ),
    (
        "East of England",
        120,
        [(873, "Cambridgeshire"), (926, "Norfolk")],
    ),
    ("London", 120, [(202, "Camden"), (209, "Lewisham")]),
    ("South East", 160, [(886, "Kent"), (936, "Surrey")]),
    (
        "South West",
        110,
        [(878, "Devon"), (801, "Bristol, City of")],
    ),
];

pub const WELSH_LAS: [(u32, &str); 3] = [(681, "Cardiff"), (673, "Swansea"), (660, "Gwynedd")];

pub const PLACES: [&str; 40] = [
    "Ashford",
    "Barnsley",
    "Bramley",
    "Castleford",
    "Chorley",
    "Dalton",
    "Eastwood",
    "Fairfield",
    "Greenhill",
    "Hartley",
    "Hillside",
    "Kingsway",
    "Langley",
    "Longmead",
    "Marston",
    "Meadowbank",
    "Netherton",
    "Northfield",
    "Oakwood",
    "Parkside",
    "Queensbury",
    "Ravenscroft",
    "Redbrook",
    "Riverside",
    "Rosehill",
    "Sandford",
    "Southgate",
    "Springfield",
    "Stoneleigh",
    "Thornbury",
    "Upton",
    "Westfield",
    "Whitby Road",
    "Willowbrook",
    "Woodlands",
    "Yardley",
    "Lovers' Lane",
    "Brynmawr",
    "Penrhyn",
    "Llanfair",
];

pub const SAINTS: [&str; 10] = [
    "St Mary\u{2019}s",
    "St John\u{2019}s",
    "St Peter\u{2019}s",
    "Holy Trinity",
    "St Joseph\u{2019}s",
    "Christ Church",
    "St Anne\u{2019}s",
    "Our Lady\u{2019}s",
    "St Thérèse\u{2019}s",
    "All Saints",
];

pub const STREETS: [&str; 12] = [
    "Church Lane",
    "School Road",
    "High Street",
    "Mill Road",
    "Station Road",
    "Park Avenue",
    "Victoria Road",
    "The Green",
    "Manor Way",
    "Chapel Street",
    "Queen\u{2019}s Drive",
    "Orchard Close",
];

pub const TITLES: [&str; 5] = ["Mrs", "Mr", "Ms", "Dr", "Miss"];

pub const FIRST_NAMES: [&str; 16] = [
    "Sarah", "Julia", "David", "Helen", "Mark", "Rachel", "Andrew", "Claire", "Siân", "Owen",
    "Amélie", "Paul", "Nadia", "James", "Zoë", "Gareth",
];

pub const LAST_NAMES: [&str; 16] = [
    "Holland",
    "Brown",
    "Hobby",
    "Patel",
    "Jones",
    "Williams",
    "O\u{2019}Neill",
    "Smith",
    "Evans",
    "Khan",
    "Taylor",
    "Davies",
    "Brook",
    "Hughes",
    "Clarke",
    "Ahmed",
];

pub const ADVERT_SOURCES: [&str; 5] = [
    "TES",
    "Local authority jobs board",
    "Guardian Jobs",
    "eTeach",
    "School website",
];
