//! Word pools for synthetic registers: place names, saints, streets, head teachers'
//! names and local authorities. Every string is representable in Windows-1252, the
//! encoding GIAS publishes in; some use characters outside ASCII on purpose.

/// A local authority: (`LA (code)`, `GSSLACode (name)`, `LA (name)`), a real code pair
/// of DfE's LA lookup (Welsh ones with their W06 code).
pub type La = (u32, &'static str, &'static str);

/// A GIAS region: its `GOR (name)` spelling, its share of English state schools in per
/// mille, and two of its local authorities.
pub type GiasRegion = (&'static str, u32, [La; 2]);

/// GIAS `GOR (name)` spellings (note "the" in Yorkshire).
pub const GIAS_REGIONS: [GiasRegion; 9] = [
    (
        "North East",
        50,
        [
            (391, "E08000021", "Newcastle upon Tyne"),
            (840, "E06000047", "County Durham"),
        ],
    ),
    (
        "North West",
        140,
        [
            (352, "E08000003", "Manchester"),
            (888, "E10000017", "Lancashire"),
        ],
    ),
    (
        "Yorkshire and the Humber",
        100,
        [(383, "E08000035", "Leeds"), (373, "E08000039", "Sheffield")],
    ),
    (
        "East Midlands",
        90,
        [
            (892, "E06000018", "Nottingham"),
            (855, "E10000018", "Leicestershire"),
        ],
    ),
    (
        "West Midlands",
        110,
        [
            (330, "E08000025", "Birmingham"),
            (860, "E10000028", "Staffordshire"),
        ],
    ),
    (
        "East of England",
        120,
        [
            (873, "E10000003", "Cambridgeshire"),
            (926, "E10000020", "Norfolk"),
        ],
    ),
    (
        "London",
        120,
        [(202, "E09000007", "Camden"), (209, "E09000023", "Lewisham")],
    ),
    (
        "South East",
        160,
        [(886, "E10000016", "Kent"), (936, "E10000030", "Surrey")],
    ),
    (
        "South West",
        110,
        [
            (878, "E10000008", "Devon"),
            (801, "E06000023", "Bristol, City of"),
        ],
    ),
];

pub const WELSH_LAS: [La; 3] = [
    (681, "W06000015", "Cardiff"),
    (673, "W06000011", "Swansea"),
    (660, "W06000002", "Gwynedd"),
];

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
