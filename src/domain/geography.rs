//! Geography: the countries (with England and Wales together), the English regions,
//! the local authorities, and the levels a figure is published at, with their ONS codes
//! and standard names.

use super::local_authorities;

/// Adds the config's local authorities (`[local_authorities]`) after the lookup's.
pub fn add_local_authorities(extra: &[(String, String, String, u8)]) -> Result<(), String> {
    local_authorities::add(extra)
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
}
