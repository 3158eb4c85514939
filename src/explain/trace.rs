//! The rounds and adverts behind one `unfilled_rates` cell: which of the build's rounds
//! the cell counts, which it leaves out and why, and every advert of each with its date,
//! its gap from the advert before and what the round rule made of it. Read from the
//! build's own frames (`Rounds::all`, `rounds::advert_steps`); nothing is recounted by
//! another rule, so the listed counts are the published ones (checked in `mod.rs`).

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::Serialize;

use crate::calendar::date_of;
use crate::config::Rules;
use crate::domain::{Country, Geography, Item};
use crate::lineage::Lineages;
use crate::measures::frame::{counts, flags, strings, urns, years};
use crate::measures::unfilled::UnfilledKey;
use crate::rounds::{advert_steps, with_lineage, Exclusion};

/// What the round rule made of an advert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdvertKind {
    /// Opens the post's round.
    FirstAdvert,
    /// Fewer than `readvert_min_days` after the advert before: the same advert again.
    RepeatListing,
    /// `readvert_min_days..=readvert_max_days` after the advert before.
    Readvertisement,
}

impl AdvertKind {
    pub fn words(self) -> &'static str {
        match self {
            AdvertKind::FirstAdvert => "first advert",
            AdvertKind::RepeatListing => "repeat listing",
            AdvertKind::Readvertisement => "re-advertisement",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AdvertLine {
    pub advert_id: String,
    pub published_on: String,
    pub school_urn: u32,
    /// Days since the advert before it in the round; `None` for the first.
    pub gap_days: Option<i32>,
    pub kind: AdvertKind,
}

/// One round (post): its school, lineage, adverts and outcome.
#[derive(Debug, Clone, Serialize)]
pub struct RoundLine {
    pub school_urn: u32,
    /// The register's `EstablishmentName`; empty for a school not in the register.
    pub school_name: String,
    /// The lineage the round was followed through (its oldest URN with links).
    pub lineage: u32,
    pub post: String,
    pub education_phase: String,
    pub first_advert_id: String,
    pub opened_on: String,
    pub readvertised: bool,
    pub provisional: bool,
    pub adverts: Vec<AdvertLine>,
    /// Why the cell leaves it out; `None` for a round the cell counts.
    pub left_out: Option<&'static str>,
}

/// The rounds a cell counts, and those it leaves out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Trace {
    pub rounds: Vec<RoundLine>,
    pub left_out: Vec<RoundLine>,
}

impl Trace {
    /// (posts, re-advertised posts, adverts) of the rounds counted.
    pub fn counts(&self) -> (u64, u64, u64) {
        let posts = self.rounds.len() as u64;
        let readvertised = self.rounds.iter().filter(|r| r.readvertised).count() as u64;
        let adverts = self.rounds.iter().map(|r| r.adverts.len() as u64).sum();
        (posts, readvertised, adverts)
    }
}

/// Where a round's school sits, as the frame gives it (empty where not known).
struct Place<'a> {
    country: &'a str,
    region: &'a str,
    la: &'a str,
}

/// Whether a school at `place` counts at `g` (as `measures::cube::cube` adds
/// cells): the top National row counts every round, including those of schools not in
/// the register; a country, region or LA only its own.
fn counts_at(g: Geography, top: Country, place: &Place) -> bool {
    match g {
        Geography::National(c) if c == top => true,
        Geography::National(c) => place.country == c.code(),
        Geography::Regional(r) => place.region == r.code(),
        Geography::LocalAuthority(la) => place.la == la.new_code(),
    }
}

impl Trace {
    /// Both lists in the order they are shown: by opening date, school and post.
    fn sort(&mut self) {
        let order = |r: &RoundLine| (r.opened_on.clone(), r.school_urn, r.post.clone());
        self.rounds.sort_by_key(order);
        self.left_out.sort_by_key(order);
    }
}

/// An item filter against a frame's text: Total takes everything.
fn takes<T: crate::domain::FilterItem>(item: Item<T>, text: &str) -> bool {
    item.is_total() || item.name() == text
}

/// Whether a round of the cell's filters belongs to its trace: `Some(None)` when the
/// cell counts it, `Some(Some(reason))` when it is left out (or counted in National
/// totals only, its school not in the register), `None` when it is elsewhere.
fn in_cell(here: bool, exclusion: &str, country: &str) -> Option<Option<&'static str>> {
    if exclusion.is_empty() && here {
        Some(None)
    } else if !exclusion.is_empty() && here {
        let reason = Exclusion::LEFT_OUT
            .into_iter()
            .find(|e| e.reason() == exclusion)
            .map_or("left out", Exclusion::reason);
        Some(Some(reason))
    } else if exclusion.is_empty() && country.is_empty() {
        Some(Some(Exclusion::NotInRegister.reason()))
    } else {
        None
    }
}

/// The cell's rounds and adverts, from every round of the build (`all`), the adverts
/// and the register (for names).
pub fn trace(
    key: &UnfilledKey,
    top: Country,
    all: &DataFrame,
    adverts: &DataFrame,
    schools: &DataFrame,
    lineages: &Lineages,
    rules: &Rules,
) -> PolarsResult<Trace> {
    let year = all
        .clone()
        .lazy()
        .filter(col("recruitment_year").eq(lit(key.year.0)))
        .collect()?;
    let text = |name: &str| strings(&year, name);
    let (post, phase, country, region, la, religion, exclusion, first_advert) = (
        text("post")?,
        text("education_phase")?,
        text("country_code")?,
        text("region_code")?,
        text("la_code")?,
        text("school_religious_character")?,
        text("exclusion")?,
        text("first_advert_id")?,
    );
    let (urn, round_id) = (urns(&year, "school_urn")?, urns(&year, "round_id")?);
    let opened = years(&year, "opened_on")?;
    let (readvertised, provisional) = (
        flags(&year, "is_readvertised")?,
        flags(&year, "is_provisional")?,
    );
    let advert_count = counts(&year, "advert_count")?;
    let f = key.filters;
    // (index of the row, why left out) for every round the cell counts or leaves out.
    let mut chosen: Vec<(usize, Option<&'static str>)> = Vec::new();
    for i in 0..year.height() {
        if !(takes(f.phase, &phase[i])
            && takes(f.post, &post[i])
            && takes(f.religion, &religion[i]))
        {
            continue;
        }
        let place = Place {
            country: &country[i],
            region: &region[i],
            la: &la[i],
        };
        let here = counts_at(key.geography, top, &place);
        if let Some(left_out) = in_cell(here, &exclusion[i], &country[i]) {
            chosen.push((i, left_out));
        }
    }
    let wanted: Vec<u32> = chosen.iter().map(|(i, _)| round_id[*i]).collect();
    let adverts_of = advert_lines(adverts, lineages, rules, &wanted)?;
    let names = school_names(schools)?;
    let mut out = Trace::default();
    for (i, left_out) in chosen {
        let (lineage, lines) = adverts_of.get(&round_id[i]).cloned().unwrap_or_default();
        debug_assert_eq!(lines.len() as u64, advert_count[i]);
        let line = RoundLine {
            school_urn: urn[i],
            school_name: names.get(&urn[i]).cloned().unwrap_or_default(),
            lineage,
            post: post[i].clone(),
            education_phase: phase[i].clone(),
            first_advert_id: first_advert[i].clone(),
            opened_on: date_of(opened[i]).to_string(),
            readvertised: readvertised[i],
            provisional: provisional[i],
            adverts: lines,
            left_out,
        };
        match left_out {
            None => out.rounds.push(line),
            Some(_) => out.left_out.push(line),
        }
    }
    out.sort();
    Ok(out)
}

/// Each wanted round's lineage and adverts, in date order, by round number.
fn advert_lines(
    adverts: &DataFrame,
    lineages: &Lineages,
    rules: &Rules,
    wanted: &[u32],
) -> PolarsResult<BTreeMap<u32, (u32, Vec<AdvertLine>)>> {
    let wanted = df!("round" => wanted)?;
    let steps = advert_steps(with_lineage(adverts.clone().lazy(), lineages)?, rules)
        .join(
            wanted.lazy(),
            [col("round")],
            [col("round")],
            JoinArgs::new(JoinType::Inner),
        )
        .sort(
            ["round", "published_on", "advert_id"],
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .collect()?;
    let (ids, round, urn, lineage) = (
        strings(&steps, "advert_id")?,
        urns(&steps, "round")?,
        urns(&steps, "school_urn")?,
        urns(&steps, "lineage")?,
    );
    let published = years(&steps, "published_on")?;
    let gap: Vec<Option<i32>> = steps.column("gap")?.i32()?.iter().collect();
    let (opens, readvert) = (
        flags(&steps, "opens_round")?,
        flags(&steps, "is_readvertisement")?,
    );
    let mut out: BTreeMap<u32, (u32, Vec<AdvertLine>)> = BTreeMap::new();
    for i in 0..steps.height() {
        let kind = if opens[i] {
            AdvertKind::FirstAdvert
        } else if readvert[i] {
            AdvertKind::Readvertisement
        } else {
            AdvertKind::RepeatListing
        };
        let entry = out.entry(round[i]).or_insert((lineage[i], Vec::new()));
        entry.1.push(AdvertLine {
            advert_id: ids[i].clone(),
            published_on: date_of(published[i]).to_string(),
            school_urn: urn[i],
            gap_days: if opens[i] { None } else { gap[i] },
            kind,
        });
    }
    Ok(out)
}

fn school_names(schools: &DataFrame) -> PolarsResult<rustc_hash::FxHashMap<u32, String>> {
    let (urn, name) = (
        urns(schools, "school_urn")?,
        strings(schools, "school_name")?,
    );
    Ok(urn.into_iter().zip(name).collect())
}
