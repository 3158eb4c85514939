//! The words of the domain as types: recruitment years, education phases, posts,
//! religious character and geography, with the EES names they are published under
//! (DESIGN.md, Outputs). Nothing here reads or writes files.

use std::fmt;

mod geography;
mod local_authorities;

pub use geography::{
    add_local_authorities, region_name, Country, Geography, LocalAuthority, Location, Region,
    ENGLAND, ENGLAND_AND_WALES, REGIONS, WALES,
};
pub use local_authorities::MOST_EXTRA as MOST_EXTRA_LOCAL_AUTHORITIES;

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
