//! The words of the domain as types: recruitment years, education phases, posts,
//! religious character and geography, with the EES names they are published under
//! (DESIGN.md, Outputs). Nothing here reads or writes files.

use std::fmt;

mod local_authorities;

pub use local_authorities::MOST_EXTRA as MOST_EXTRA_LOCAL_AUTHORITIES;

/// Adds the config's local authorities (`[local_authorities]`) after the lookup's.
pub fn add_local_authorities(extra: &[(String, String, String, u8)]) -> Result<(), String> {
    local_authorities::add(extra)
}

/// A recruitment year, 1 September to 31 August, named by the calendar year it starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecruitmentYear(pub i32);

impl RecruitmentYear {
    /// `2010/11`, for people.
    pub fn label(self) -> String {
        format!("{}/{:02}", self.0, (self.0 + 1).rem_euclid(100))
    }
    /// `201011`, the EES time_period for an academic year.
    pub fn time_period(self) -> String {
        format!("{}{:02}", self.0, (self.0 + 1).rem_euclid(100))
    }
    /// `2010-11`, the report directory name.
    pub fn dir_name(self) -> String {
        format!("{}-{:02}", self.0, (self.0 + 1).rem_euclid(100))
    }
    /// `2010/11`, or `2010/11 (provisional)` as sentences and titles name a provisional
    /// year.
    pub fn phrase(self, provisional: bool) -> String {
        if provisional {
            format!("{} (provisional)", self.label())
        } else {
            self.label()
        }
    }

    /// Parses `2010-11` (also `2010/11` or `201011`).
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        let (a, b) = if t.len() == 6 && t.chars().all(|c| c.is_ascii_digit()) {
            (&t[..4], &t[4..])
        } else {
            t.split_once(['-', '/'])?
        };
        let start: i32 = a.parse().ok()?;
        let end: i32 = b.parse().ok()?;
        if a.len() != 4 || b.len() != 2 || (start + 1).rem_euclid(100) != end {
            return None;
        }
        Some(RecruitmentYear(start))
    }
}

impl fmt::Display for RecruitmentYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    Primary,
    Secondary,
    Special,
}

impl Phase {
    pub const ALL: [Phase; 3] = [Phase::Primary, Phase::Secondary, Phase::Special];

    /// The EES `education_phase` item.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Primary => "Primary",
            Phase::Secondary => "Secondary",
            Phase::Special => "Special",
        }
    }

    /// The advert file's spelling (`primary`), case-insensitive and trimmed.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        Phase::ALL
            .into_iter()
            .find(|p| t.eq_ignore_ascii_case(p.name()))
    }
}

/// A leadership role, published under the `post` filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Head,
    Deputy,
    Assistant,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Head, Role::Deputy, Role::Assistant];

    /// The file's spelling (`head`, `deputy`, `assistant`), case-insensitive and trimmed;
    /// no allocation, as it runs once per row of national files.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        [
            ("head", Role::Head),
            ("deputy", Role::Deputy),
            ("assistant", Role::Assistant),
        ]
        .into_iter()
        .find(|(word, _)| t.eq_ignore_ascii_case(word))
        .map(|(_, role)| role)
    }

    /// The EES `post` item.
    pub fn post_name(self) -> &'static str {
        match self {
            Role::Head => "Head teacher",
            Role::Deputy => "Deputy head teacher",
            Role::Assistant => "Assistant head teacher",
        }
    }
}

/// `school_religious_character` items of the EES data dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReligiousCharacter {
    ChurchOfEngland,
    RomanCatholic,
    Other,
    None,
}

impl ReligiousCharacter {
    pub const ALL: [ReligiousCharacter; 4] = [
        ReligiousCharacter::ChurchOfEngland,
        ReligiousCharacter::RomanCatholic,
        ReligiousCharacter::Other,
        ReligiousCharacter::None,
    ];

    /// Groups a GIAS `ReligiousCharacter (name)` as DESIGN.md (School register) says.
    pub fn from_gias(text: &str) -> Self {
        match text.trim() {
            "Church of England" => ReligiousCharacter::ChurchOfEngland,
            "Roman Catholic" => ReligiousCharacter::RomanCatholic,
            "" | "None" | "Does not apply" => ReligiousCharacter::None,
            _ => ReligiousCharacter::Other,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ReligiousCharacter::ChurchOfEngland => "Church of England",
            ReligiousCharacter::RomanCatholic => "Roman Catholic",
            ReligiousCharacter::Other => "Other religious character",
            ReligiousCharacter::None => "No religious character",
        }
    }
}

pub const ENGLAND_AND_WALES: (&str, &str) = ("K04000001", "England and Wales");
pub const ENGLAND: (&str, &str) = ("E92000001", "England");
pub const WALES: (&str, &str) = ("W92000004", "Wales");

/// ONS codes and standard names of the English regions. GIAS spells some names
/// differently (`Yorkshire and the Humber`); outputs always use these.
pub const REGIONS: [(&str, &str); 9] = [
    ("E12000001", "North East"),
    ("E12000002", "North West"),
    ("E12000003", "Yorkshire and The Humber"),
    ("E12000004", "East Midlands"),
    ("E12000005", "West Midlands"),
    ("E12000006", "East of England"),
    ("E12000007", "London"),
    ("E12000008", "South East"),
    ("E12000009", "South West"),
];

/// A published National geography, in reading order (England and Wales first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Country {
    EnglandAndWales,
    England,
    Wales,
}

impl Country {
    pub const ALL: [Country; 3] = [Country::EnglandAndWales, Country::England, Country::Wales];

    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Country::EnglandAndWales => ENGLAND_AND_WALES,
            Country::England => ENGLAND,
            Country::Wales => WALES,
        }
    }

    pub fn code(self) -> &'static str {
        self.pair().0
    }

    pub fn name(self) -> &'static str {
        self.pair().1
    }

    pub fn from_code(code: &str) -> Option<Country> {
        Country::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// An English region (index into `REGIONS`, so ordered by code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Region(u8);

impl Region {
    pub fn code(self) -> &'static str {
        REGIONS[usize::from(self.0)].0
    }

    pub fn name(self) -> &'static str {
        REGIONS[usize::from(self.0)].1
    }

    /// Its index into `REGIONS`.
    pub fn index(self) -> u8 {
        self.0
    }

    pub fn from_code(code: &str) -> Option<Region> {
        REGIONS
            .iter()
            .position(|(c, _)| *c == code)
            .map(|i| Region(i as u8))
    }
}

/// The GSS codes that replaced another for the same old LA code (boundary changes and
/// new unitary authorities, ONS), with the year they came into use, on 1 April.
const GSS_CODE_FROM: [(&str, i32); 7] = [
    ("E08000037", 2013), // Gateshead
    ("E06000057", 2013), // Northumberland
    ("E08000038", 2019), // Barnsley
    ("E08000039", 2019), // Sheffield
    ("E06000060", 2020), // Buckinghamshire
    ("E06000065", 2023), // North Yorkshire
    ("E06000066", 2023), // Somerset
];

/// The day a code of `GSS_CODE_FROM` came into use.
fn in_use_from(year: i32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(year, 4, 1).expect("1 April is a date")
}

/// An English local authority: one (old, new) code pair of DfE's LA lookup or of the
/// config's `[local_authorities]`, with its standard name and region (an index into
/// the lookup, then the config's). Ordered by region, then name, then index: reading
/// order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LocalAuthority(u8);

impl Ord for LocalAuthority {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |la: &LocalAuthority| (la.row().3, la.row().2, la.0);
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for LocalAuthority {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl LocalAuthority {
    fn row(self) -> local_authorities::LaRow {
        local_authorities::row(usize::from(self.0))
    }

    /// The 3-digit code (`LA (code)`, EES `old_la_code`).
    pub fn old_code(self) -> &'static str {
        self.row().0
    }

    /// The 9-character GSS code (`GSSLACode (name)`, EES `new_la_code`).
    pub fn new_code(self) -> &'static str {
        self.row().1
    }

    /// The standard name the screener's lookup gives the code pair.
    pub fn name(self) -> &'static str {
        self.row().2
    }

    pub fn region(self) -> Region {
        Region(self.row().3)
    }

    /// The LA of a register's code pair; `None` for a pair the lookup does not have.
    pub fn from_codes(old: &str, new: &str) -> Option<LocalAuthority> {
        local_authorities::rows()
            .find(|(_, (o, n, _, _))| *o == old && *n == new)
            .map(|(i, _)| LocalAuthority(i as u8))
    }

    /// The LA of an old code alone, for a register whose `GSSLACode (name)` is GIAS's
    /// placeholder (`X999999`) or empty: where the old code has had two GSS codes, the
    /// one in use on `date` (`None`: today's). `None` for an old code the lookup does
    /// not have.
    pub fn from_old_code_on(old: &str, date: Option<chrono::NaiveDate>) -> Option<LocalAuthority> {
        let from = |new: &str| {
            GSS_CODE_FROM
                .iter()
                .find(|(n, _)| *n == new)
                .map_or(chrono::NaiveDate::MIN, |(_, year)| in_use_from(*year))
        };
        local_authorities::rows()
            .filter(|(_, (o, n, _, _))| *o == old && date.is_none_or(|d| from(n) <= d))
            .max_by_key(|(_, (_, n, _, _))| from(n))
            .map(|(i, _)| LocalAuthority(i as u8))
    }

    /// From the new code alone (unique in the lookup), as measures' frames carry it.
    pub fn from_new_code(new: &str) -> Option<LocalAuthority> {
        local_authorities::rows()
            .find(|(_, (_, n, _, _))| *n == new)
            .map(|(i, _)| LocalAuthority(i as u8))
    }

    /// Every LA of the lookup and the config, in index order (the lookup's is reading
    /// order).
    pub fn all() -> impl Iterator<Item = LocalAuthority> {
        local_authorities::rows().map(|(i, _)| LocalAuthority(i as u8))
    }
}

/// Where a published cell sits (DESIGN.md, Outputs: Geography): a country, an English
/// region, or an English local authority inside its region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Geography {
    National(Country),
    /// An English region; its country is England.
    Regional(Region),
    /// An English local authority; its region is the lookup's.
    LocalAuthority(LocalAuthority),
}

impl Geography {
    /// The EES `geographic_level`.
    pub fn level(self) -> &'static str {
        match self {
            Geography::National(_) => "National",
            Geography::Regional(_) => "Regional",
            Geography::LocalAuthority(_) => "Local authority",
        }
    }

    pub fn country(self) -> Country {
        match self {
            Geography::National(c) => c,
            Geography::Regional(_) | Geography::LocalAuthority(_) => Country::England,
        }
    }

    pub fn region(self) -> Option<Region> {
        match self {
            Geography::National(_) => None,
            Geography::Regional(r) => Some(r),
            Geography::LocalAuthority(la) => Some(la.region()),
        }
    }

    pub fn local_authority(self) -> Option<LocalAuthority> {
        match self {
            Geography::LocalAuthority(la) => Some(la),
            _ => None,
        }
    }

    /// From the EES columns a measure's frame carries (`geographic_level`,
    /// `country_code`, `region_code`, `la_code` the new LA code).
    pub fn from_columns(level: &str, country: &str, region: &str, la: &str) -> Option<Geography> {
        match level {
            "National" => Country::from_code(country).map(Geography::National),
            "Regional" => Region::from_code(region).map(Geography::Regional),
            "Local authority" => LocalAuthority::from_new_code(la).map(Geography::LocalAuthority),
            _ => None,
        }
    }

    /// The total a cell adds into along geography: a region into England, a country
    /// into England and Wales; `None` for England and Wales itself.
    pub fn parent(self) -> Option<Geography> {
        match self {
            Geography::LocalAuthority(la) => Some(Geography::Regional(la.region())),
            Geography::Regional(_) => Some(Geography::National(Country::England)),
            Geography::National(Country::EnglandAndWales) => None,
            Geography::National(_) => Some(Geography::National(Country::EnglandAndWales)),
        }
    }
}

/// The items of a published filter (EES data dictionary names).
pub trait FilterItem: Copy + Ord + std::hash::Hash + fmt::Debug + 'static {
    fn name(self) -> &'static str;
    fn all() -> &'static [Self];
}

impl FilterItem for Phase {
    fn name(self) -> &'static str {
        Phase::name(self)
    }
    fn all() -> &'static [Self] {
        &Phase::ALL
    }
}

impl FilterItem for Role {
    fn name(self) -> &'static str {
        self.post_name()
    }
    fn all() -> &'static [Self] {
        &Role::ALL
    }
}

impl FilterItem for ReligiousCharacter {
    fn name(self) -> &'static str {
        ReligiousCharacter::name(self)
    }
    fn all() -> &'static [Self] {
        &ReligiousCharacter::ALL
    }
}

/// A filter's item: one of its values, or `Total`, which sums them (and sorts last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item<T> {
    Of(T),
    Total,
}

/// The name of every filter's `Total` item.
pub const TOTAL: &str = "Total";

impl<T: FilterItem> Item<T> {
    pub fn name(self) -> &'static str {
        match self {
            Item::Of(t) => t.name(),
            Item::Total => TOTAL,
        }
    }

    /// The item named `text` (its EES name, or `Total`).
    pub fn from_name(text: &str) -> Option<Self> {
        if text == TOTAL {
            return Some(Item::Total);
        }
        T::all()
            .iter()
            .copied()
            .find(|t| t.name() == text)
            .map(Item::Of)
    }

    /// Every item, `Total` last.
    pub fn all() -> Vec<Self> {
        T::all()
            .iter()
            .copied()
            .map(Item::Of)
            .chain([Item::Total])
            .collect()
    }
}

impl<T: Copy> Item<T> {
    pub fn item(self) -> Option<T> {
        match self {
            Item::Of(t) => Some(t),
            Item::Total => None,
        }
    }

    pub fn is_total(self) -> bool {
        matches!(self, Item::Total)
    }
}

/// Where a school is: an English region, or Wales (which has no regions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    EnglishRegion(&'static str),
    Wales,
}

impl Location {
    /// Maps a GIAS `GOR (name)`, ignoring case and the `the`/`The` spelling.
    pub fn from_gias(text: &str) -> Option<Self> {
        let t = text.trim().to_ascii_lowercase();
        if t == "wales" || t == "wales (pseudo)" {
            return Some(Location::Wales);
        }
        REGIONS
            .iter()
            .find(|(_, name)| name.to_ascii_lowercase() == t)
            .map(|(code, _)| Location::EnglishRegion(code))
    }

    pub fn country_code(self) -> &'static str {
        match self {
            Location::EnglishRegion(_) => ENGLAND.0,
            Location::Wales => WALES.0,
        }
    }

    /// The region code, empty for Wales.
    pub fn region_code(self) -> &'static str {
        match self {
            Location::EnglishRegion(code) => code,
            Location::Wales => "",
        }
    }
}

pub fn region_name(code: &str) -> &'static str {
    Region::from_code(code).map_or("", Region::name)
}

/// The columns of the published series (DESIGN.md, Inputs: Published series).
pub const PUBLISHED_COLUMNS: [&str; 10] = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "education_phase",
    "series",
    "source",
    "unfilled_after_first_advert_percent",
    "readvertised_percent",
];

/// One row of the published series: figures from a named report, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedRow {
    pub fields: Vec<String>,
}

impl PublishedRow {
    pub fn get(&self, column: &str) -> &str {
        let i = PUBLISHED_COLUMNS
            .iter()
            .position(|c| *c == column)
            .expect("known column");
        &self.fields[i]
    }

    /// The year the row's academic year starts in: the first four of the six digits
    /// ingest checked `time_period` has (`201011` -> 2010/11).
    pub fn start_year(&self) -> Option<RecruitmentYear> {
        self.get("time_period")
            .get(..4)
            .and_then(|y| y.parse().ok())
            .map(RecruitmentYear)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_takes_the_gss_code_in_use_on_the_date() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(in_use_from(2013), day(2013, 4, 1));
        // Every code of the table is a code of the lookup, beside an older one.
        for (new, _) in GSS_CODE_FROM {
            let la = LocalAuthority::from_new_code(new).unwrap();
            assert_eq!(
                LocalAuthority::from_old_code_on(la.old_code(), None),
                Some(la)
            );
            assert_ne!(
                LocalAuthority::from_old_code_on(la.old_code(), Some(day(2000, 1, 1))),
                Some(la)
            );
        }
    }

    #[test]
    fn year_names() {
        let y = RecruitmentYear(2010);
        assert_eq!(y.label(), "2010/11");
        assert_eq!(y.time_period(), "201011");
        assert_eq!(y.dir_name(), "2010-11");
        assert_eq!(RecruitmentYear(1999).label(), "1999/00");
        assert_eq!(RecruitmentYear::parse("2010-11"), Some(y));
        assert_eq!(RecruitmentYear::parse("201011"), Some(y));
        assert_eq!(RecruitmentYear::parse("2010-12"), None);
        assert_eq!(RecruitmentYear::parse("2010"), None);
    }

    #[test]
    fn local_authorities_are_found_by_code_pair_and_sit_in_their_region() {
        let newcastle = LocalAuthority::from_codes("391", "E08000021").unwrap();
        assert_eq!(newcastle.name(), "Newcastle upon Tyne");
        assert_eq!(newcastle.region().name(), "North East");
        let g = Geography::LocalAuthority(newcastle);
        assert_eq!(g.level(), "Local authority");
        assert_eq!(g.parent(), Some(Geography::Regional(newcastle.region())));
        // An old code shared by two new codes (Gateshead's 2013 recoding) gives two LAs;
        // a pair the lookup does not have gives none.
        assert_ne!(
            LocalAuthority::from_codes("390", "E08000020"),
            LocalAuthority::from_codes("390", "E08000037")
        );
        assert_eq!(LocalAuthority::from_codes("391", "E08000037"), None);
        // New codes are unique, so the frames carry them alone; keys sort by region.
        let all: Vec<LocalAuthority> = LocalAuthority::all().collect();
        for la in &all {
            assert_eq!(LocalAuthority::from_new_code(la.new_code()), Some(*la));
        }
        assert!(all.windows(2).all(|w| w[0].region() <= w[1].region()));
        assert_eq!(all.len(), 165);
    }

    #[test]
    fn gias_region_spelling_maps_to_standard_name() {
        let loc = Location::from_gias("Yorkshire and the Humber").unwrap();
        assert_eq!(region_name(loc.region_code()), "Yorkshire and The Humber");
        assert_eq!(Location::from_gias("Wales (pseudo)"), Some(Location::Wales));
        assert_eq!(Location::from_gias("Not Applicable"), None);
    }

    #[test]
    fn religious_character_groups() {
        assert_eq!(
            ReligiousCharacter::from_gias("Does not apply"),
            ReligiousCharacter::None
        );
        assert_eq!(
            ReligiousCharacter::from_gias("Methodist"),
            ReligiousCharacter::Other
        );
        assert_eq!(ReligiousCharacter::from_gias(""), ReligiousCharacter::None);
    }
}
