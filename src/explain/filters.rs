//! The cell a `slm explain` command names: its table, geography and filter items, read
//! from the flags. A value slm does not know is a usage error that lists the valid ones.

use crate::domain::{
    Country, FilterItem, Geography, Item, LocalAuthority, Phase, RecruitmentYear,
    ReligiousCharacter, Role, REGIONS,
};
use crate::error::{Error, Result};

/// The tables `slm explain` traces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// Advert-derived: every round and advert behind the cell.
    UnfilledRates,
    /// Workforce: counts only (person data is never listed).
    Retention,
}

impl Table {
    const ALL: [(&'static str, Table); 2] = [
        ("unfilled_rates", Table::UnfilledRates),
        ("retention", Table::Retention),
    ];

    pub fn name(self) -> &'static str {
        Table::ALL
            .iter()
            .find(|(_, t)| *t == self)
            .map_or("", |(n, _)| n)
    }

    pub fn parse(text: &str) -> Result<Table> {
        Table::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(text.trim()))
            .map(|(_, t)| *t)
            .ok_or_else(|| {
                Error::config(
                    "--table",
                    format!(
                        "`{text}` is not a table slm explains; expected one of {}",
                        Table::ALL.map(|(n, _)| n).join(", ")
                    ),
                )
            })
    }
}

/// The flags that pick a cell, as typed (`None`: the flag was not given).
#[derive(Debug, Clone, Default)]
pub struct CellFlags {
    pub phase: Option<String>,
    pub post: Option<String>,
    pub region: Option<String>,
    pub la: Option<String>,
    pub religious_character: Option<String>,
}

fn unknown(flag: &str, value: &str, what: &str, valid: &[String]) -> Error {
    Error::config(
        flag,
        format!(
            "`{value}` is not {what}; expected one of {}",
            valid.join(", ")
        ),
    )
}

/// A filter item by its EES name (any case) or `Total`; `words` are other accepted
/// spellings (`head` for Head teacher).
fn item<T: FilterItem>(
    flag: &str,
    value: Option<&str>,
    what: &str,
    words: &[(&str, T)],
) -> Result<Item<T>> {
    let Some(value) = value else {
        return Ok(Item::Total);
    };
    let t = value.trim();
    if let Some(found) = Item::<T>::all()
        .into_iter()
        .find(|i| i.name().eq_ignore_ascii_case(t))
    {
        return Ok(found);
    }
    if let Some((_, found)) = words.iter().find(|(w, _)| w.eq_ignore_ascii_case(t)) {
        return Ok(Item::Of(*found));
    }
    let mut valid: Vec<String> = Item::<T>::all()
        .into_iter()
        .map(|i| i.name().to_string())
        .collect();
    valid.extend(words.iter().map(|(w, _)| w.to_string()));
    Err(unknown(flag, value, what, &valid))
}

impl CellFlags {
    pub fn phase(&self) -> Result<Item<Phase>> {
        item("--phase", self.phase.as_deref(), "a phase", &[])
    }

    pub fn post(&self) -> Result<Item<Role>> {
        let words = [
            ("head", Role::Head),
            ("deputy", Role::Deputy),
            ("assistant", Role::Assistant),
        ];
        item("--post", self.post.as_deref(), "a post", &words)
    }

    pub fn religious_character(&self) -> Result<Item<ReligiousCharacter>> {
        item(
            "--religious-character",
            self.religious_character.as_deref(),
            "a religious character",
            &[],
        )
    }

    /// The geography: `--la` (name, old or new code, among `las`, the LAs with a cell
    /// in `year`), `--region` (an English region by name or code, or England or Wales for a
    /// country's own National row), else the top National row `top`.
    pub fn geography(
        &self,
        top: Country,
        las: &[LocalAuthority],
        year: RecruitmentYear,
    ) -> Result<Geography> {
        match (&self.region, &self.la) {
            (Some(_), Some(_)) => Err(Error::config(
                "--la",
                "give --region or --la, not both (an LA's region is known from the LA)",
            )),
            (None, None) => Ok(Geography::National(top)),
            (Some(region), None) => region_of(region.trim()).ok_or_else(|| {
                let mut valid: Vec<String> = REGIONS.iter().map(|(_, n)| n.to_string()).collect();
                valid.extend(["England", "Wales"].map(String::from));
                unknown("--region", region, "a region", &valid)
            }),
            (None, Some(la)) => {
                let t = la.trim();
                let found: Vec<&LocalAuthority> = las
                    .iter()
                    .filter(|l| {
                        l.name().eq_ignore_ascii_case(t) || l.old_code() == t || l.new_code() == t
                    })
                    .collect();
                match found.as_slice() {
                    [one] => Ok(Geography::LocalAuthority(**one)),
                    [] => Err(unknown(
                        "--la",
                        la,
                        &format!("a local authority with a cell in {}", year.label()),
                        &las.iter()
                            .map(|l| format!("{} ({} {})", l.name(), l.old_code(), l.new_code()))
                            .collect::<Vec<_>>(),
                    )),
                    several => Err(Error::config(
                        "--la",
                        format!(
                            "`{la}` names {} local authorities; give the new code: {}",
                            several.len(),
                            several
                                .iter()
                                .map(|l| l.new_code())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )),
                }
            }
        }
    }
}

/// A region by its standard or GIAS name (any case) or ONS code; a country by name or code.
fn region_of(text: &str) -> Option<Geography> {
    let plain = |s: &str| s.to_ascii_lowercase().replace("the ", "");
    REGIONS
        .iter()
        .find(|(code, name)| *code == text || plain(name) == plain(text))
        .and_then(|(code, _)| crate::domain::Region::from_code(code))
        .map(Geography::Regional)
        .or_else(|| {
            [Country::England, Country::Wales, Country::EnglandAndWales]
                .into_iter()
                .find(|c| c.code() == text || c.name().eq_ignore_ascii_case(text))
                .map(Geography::National)
        })
}

/// Words for a cell: `2010/11, North East, Primary, Head teacher, religious character Total`.
pub fn describe(year: RecruitmentYear, geography: Geography, items: &[(&str, &str)]) -> String {
    let place = match geography {
        Geography::National(c) => c.name().to_string(),
        Geography::Regional(r) => format!("{} (region)", r.name()),
        Geography::LocalAuthority(la) => format!(
            "{} (local authority {} {}, {})",
            la.name(),
            la.old_code(),
            la.new_code(),
            la.region().name()
        ),
    };
    let filters: Vec<String> = items.iter().map(|(k, v)| format!("{k} {v}")).collect();
    format!("{}, {place}; {}", year.label(), filters.join(", "))
}
