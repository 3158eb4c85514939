//! English local authorities as DfE's EES screener accepts them (`acceptable_las`:
//! old 3-digit code, new 9-character GSS code, standard name), each with its region.
//! Generated from eesyscreener/data/acceptable_las.rda (pairs with a 3-digit old code),
//! sorted by region, then name, so the index order is the reading order of LA rows.
//! Historic LAs (Northamptonshire to 2021; Cumbria, North Yorkshire, Somerset to 2023)
//! are kept: a school keeps the LA its register gives it.

use std::sync::OnceLock;

/// (old_la_code, new_la_code, la_name, region index into `REGIONS`).
pub type LaRow = (&'static str, &'static str, &'static str, u8);

/// (old_la_code, new_la_code, la_name, region index into `REGIONS`).
pub const LOCAL_AUTHORITIES: [(&str, &str, &str, u8); 165] = [
    ("840", "E06000047", "County Durham", 0),
    ("841", "E06000005", "Darlington", 0),
    ("390", "E08000020", "Gateshead", 0),
    ("390", "E08000037", "Gateshead", 0),
    ("805", "E06000001", "Hartlepool", 0),
    ("806", "E06000002", "Middlesbrough", 0),
    ("391", "E08000021", "Newcastle upon Tyne", 0),
    ("392", "E08000022", "North Tyneside", 0),
    ("929", "E06000048", "Northumberland", 0),
    ("929", "E06000057", "Northumberland", 0),
    ("807", "E06000003", "Redcar and Cleveland", 0),
    ("393", "E08000023", "South Tyneside", 0),
    ("808", "E06000004", "Stockton-on-Tees", 0),
    ("394", "E08000024", "Sunderland", 0),
    ("889", "E06000008", "Blackburn with Darwen", 1),
    ("890", "E06000009", "Blackpool", 1),
    ("350", "E08000001", "Bolton", 1),
    ("351", "E08000002", "Bury", 1),
    ("895", "E06000049", "Cheshire East", 1),
    ("896", "E06000050", "Cheshire West and Chester", 1),
    ("942", "E06000063", "Cumberland", 1),
    ("909", "E10000006", "Cumbria", 1),
    ("876", "E06000006", "Halton", 1),
    ("340", "E08000011", "Knowsley", 1),
    ("888", "E10000017", "Lancashire", 1),
    ("341", "E08000012", "Liverpool", 1),
    ("352", "E08000003", "Manchester", 1),
    ("353", "E08000004", "Oldham", 1),
    ("354", "E08000005", "Rochdale", 1),
    ("355", "E08000006", "Salford", 1),
    ("343", "E08000014", "Sefton", 1),
    ("342", "E08000013", "St. Helens", 1),
    ("356", "E08000007", "Stockport", 1),
    ("357", "E08000008", "Tameside", 1),
    ("358", "E08000009", "Trafford", 1),
    ("877", "E06000007", "Warrington", 1),
    ("943", "E06000064", "Westmorland and Furness", 1),
    ("359", "E08000010", "Wigan", 1),
    ("344", "E08000015", "Wirral", 1),
    ("370", "E08000016", "Barnsley", 2),
    ("370", "E08000038", "Barnsley", 2),
    ("380", "E08000032", "Bradford", 2),
    ("381", "E08000033", "Calderdale", 2),
    ("371", "E08000017", "Doncaster", 2),
    ("811", "E06000011", "East Riding of Yorkshire", 2),
    ("810", "E06000010", "Kingston upon Hull, City of", 2),
    ("382", "E08000034", "Kirklees", 2),
    ("383", "E08000035", "Leeds", 2),
    ("812", "E06000012", "North East Lincolnshire", 2),
    ("813", "E06000013", "North Lincolnshire", 2),
    ("815", "E06000065", "North Yorkshire", 2),
    ("815", "E10000023", "North Yorkshire", 2),
    ("372", "E08000018", "Rotherham", 2),
    ("373", "E08000019", "Sheffield", 2),
    ("373", "E08000039", "Sheffield", 2),
    ("384", "E08000036", "Wakefield", 2),
    ("816", "E06000014", "York", 2),
    ("831", "E06000015", "Derby", 3),
    ("830", "E10000007", "Derbyshire", 3),
    ("856", "E06000016", "Leicester", 3),
    ("855", "E10000018", "Leicestershire", 3),
    ("925", "E10000019", "Lincolnshire", 3),
    ("940", "E06000061", "North Northamptonshire", 3),
    ("928", "E10000021", "Northamptonshire", 3),
    ("892", "E06000018", "Nottingham", 3),
    ("891", "E10000024", "Nottinghamshire", 3),
    ("857", "E06000017", "Rutland", 3),
    ("941", "E06000062", "West Northamptonshire", 3),
    ("330", "E08000025", "Birmingham", 4),
    ("331", "E08000026", "Coventry", 4),
    ("332", "E08000027", "Dudley", 4),
    ("884", "E06000019", "Herefordshire, County of", 4),
    ("333", "E08000028", "Sandwell", 4),
    ("893", "E06000051", "Shropshire", 4),
    ("334", "E08000029", "Solihull", 4),
    ("860", "E10000028", "Staffordshire", 4),
    ("861", "E06000021", "Stoke-on-Trent", 4),
    ("894", "E06000020", "Telford and Wrekin", 4),
    ("335", "E08000030", "Walsall", 4),
    ("937", "E10000031", "Warwickshire", 4),
    ("336", "E08000031", "Wolverhampton", 4),
    ("885", "E10000034", "Worcestershire", 4),
    ("822", "E06000055", "Bedford", 5),
    ("873", "E10000003", "Cambridgeshire", 5),
    ("823", "E06000056", "Central Bedfordshire", 5),
    ("881", "E10000012", "Essex", 5),
    ("919", "E10000015", "Hertfordshire", 5),
    ("821", "E06000032", "Luton", 5),
    ("926", "E10000020", "Norfolk", 5),
    ("874", "E06000031", "Peterborough", 5),
    ("882", "E06000033", "Southend-on-Sea", 5),
    ("935", "E10000029", "Suffolk", 5),
    ("883", "E06000034", "Thurrock", 5),
    ("301", "E09000002", "Barking and Dagenham", 6),
    ("302", "E09000003", "Barnet", 6),
    ("303", "E09000004", "Bexley", 6),
    ("304", "E09000005", "Brent", 6),
    ("305", "E09000006", "Bromley", 6),
    ("202", "E09000007", "Camden", 6),
    ("201", "E09000001", "City of London", 6),
    ("306", "E09000008", "Croydon", 6),
    ("307", "E09000009", "Ealing", 6),
    ("308", "E09000010", "Enfield", 6),
    ("203", "E09000011", "Greenwich", 6),
    ("204", "E09000012", "Hackney", 6),
    ("205", "E09000013", "Hammersmith and Fulham", 6),
    ("309", "E09000014", "Haringey", 6),
    ("310", "E09000015", "Harrow", 6),
    ("311", "E09000016", "Havering", 6),
    ("312", "E09000017", "Hillingdon", 6),
    ("313", "E09000018", "Hounslow", 6),
    ("206", "E09000019", "Islington", 6),
    ("207", "E09000020", "Kensington and Chelsea", 6),
    ("314", "E09000021", "Kingston upon Thames", 6),
    ("208", "E09000022", "Lambeth", 6),
    ("209", "E09000023", "Lewisham", 6),
    ("315", "E09000024", "Merton", 6),
    ("316", "E09000025", "Newham", 6),
    ("317", "E09000026", "Redbridge", 6),
    ("318", "E09000027", "Richmond upon Thames", 6),
    ("210", "E09000028", "Southwark", 6),
    ("319", "E09000029", "Sutton", 6),
    ("211", "E09000030", "Tower Hamlets", 6),
    ("320", "E09000031", "Waltham Forest", 6),
    ("212", "E09000032", "Wandsworth", 6),
    ("213", "E09000033", "Westminster", 6),
    ("867", "E06000036", "Bracknell Forest", 7),
    ("846", "E06000043", "Brighton and Hove", 7),
    ("825", "E06000060", "Buckinghamshire", 7),
    ("825", "E10000002", "Buckinghamshire", 7),
    ("845", "E10000011", "East Sussex", 7),
    ("850", "E10000014", "Hampshire", 7),
    ("921", "E06000046", "Isle of Wight", 7),
    ("886", "E10000016", "Kent", 7),
    ("887", "E06000035", "Medway", 7),
    ("826", "E06000042", "Milton Keynes", 7),
    ("931", "E10000025", "Oxfordshire", 7),
    ("851", "E06000044", "Portsmouth", 7),
    ("870", "E06000038", "Reading", 7),
    ("871", "E06000039", "Slough", 7),
    ("852", "E06000045", "Southampton", 7),
    ("936", "E10000030", "Surrey", 7),
    ("869", "E06000037", "West Berkshire", 7),
    ("938", "E10000032", "West Sussex", 7),
    ("868", "E06000040", "Windsor and Maidenhead", 7),
    ("872", "E06000041", "Wokingham", 7),
    ("800", "E06000022", "Bath and North East Somerset", 8),
    ("837", "E06000028", "Bournemouth", 8),
    ("839", "E06000058", "Bournemouth, Christchurch and Poole", 8),
    ("801", "E06000023", "Bristol, City of", 8),
    ("908", "E06000052", "Cornwall", 8),
    ("878", "E10000008", "Devon", 8),
    ("835", "E10000009", "Dorset", 8),
    ("838", "E06000059", "Dorset", 8),
    ("916", "E10000013", "Gloucestershire", 8),
    ("420", "E06000053", "Isles of Scilly", 8),
    ("802", "E06000024", "North Somerset", 8),
    ("879", "E06000026", "Plymouth", 8),
    ("836", "E06000029", "Poole", 8),
    ("933", "E06000066", "Somerset", 8),
    ("933", "E10000027", "Somerset", 8),
    ("803", "E06000025", "South Gloucestershire", 8),
    ("866", "E06000030", "Swindon", 8),
    ("880", "E06000027", "Torbay", 8),
    ("865", "E06000054", "Wiltshire", 8),
];

/// Local authorities the config adds (`[local_authorities]`), after the lookup's: a new
/// authority slm's lookup does not have yet. Set once per process, before any register
/// is read.
static EXTRA: OnceLock<Vec<LaRow>> = OnceLock::new();

/// How many LAs the config may add: indexes are one byte.
pub const MOST_EXTRA: usize = u8::MAX as usize + 1 - LOCAL_AUTHORITIES.len();

/// The LA at index `i`: the lookup's, then the config's.
pub fn row(i: usize) -> LaRow {
    LOCAL_AUTHORITIES.get(i).copied().unwrap_or_else(|| {
        EXTRA
            .get()
            .expect("an index past the lookup is an added LA")[i - LOCAL_AUTHORITIES.len()]
    })
}

/// Every LA with its index: the lookup's, then the config's.
pub fn rows() -> impl Iterator<Item = (usize, LaRow)> {
    LOCAL_AUTHORITIES
        .iter()
        .chain(EXTRA.get().into_iter().flatten())
        .copied()
        .enumerate()
}

/// Adds the config's LAs (already checked: codes new to the lookup, at most
/// `MOST_EXTRA`). A second call must add the same ones: one process builds from one
/// config.
pub fn add(extra: &[(String, String, String, u8)]) -> Result<(), String> {
    if extra.is_empty() {
        return Ok(());
    }
    let leak = |s: &String| -> &'static str { Box::leak(s.clone().into_boxed_str()) };
    let set = EXTRA.get_or_init(|| {
        extra
            .iter()
            .map(|(o, n, name, r)| (leak(o), leak(n), leak(name), *r))
            .collect()
    });
    let same = set.len() == extra.len()
        && set
            .iter()
            .zip(extra)
            .all(|(a, b)| (a.0, a.1, a.2, a.3) == (b.0.as_str(), b.1.as_str(), b.2.as_str(), b.3));
    if same {
        Ok(())
    } else {
        Err("a different [local_authorities] was already added in this process".into())
    }
}
