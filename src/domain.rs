//! The words of the domain as types: recruitment years, education phases, posts,
//! religious character and geography, with the EES names they are published under
//! (DESIGN.md, Outputs). Nothing here reads or writes files.

use std::fmt;

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

pub fn country_name(code: &str) -> &'static str {
    [ENGLAND_AND_WALES, ENGLAND, WALES]
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
        .unwrap_or("")
}

pub fn region_name(code: &str) -> &'static str {
    REGIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
        .unwrap_or("")
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
