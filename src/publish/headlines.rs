//! Press-ready headline figures and sentences (DESIGN.md, Outputs: Headlines), built
//! from the published cells so that a sentence can never disagree with its table.
//! Rates are quoted in whole per cent; a change is called a rise or a fall only when
//! the z-test finds it significant at 5%, else "little changed". No `u` cell is quoted.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::disclosure::{ChangeRow, RateCell};
use crate::domain::{Country, Geography, Item, Phase, RecruitmentYear, ReligiousCharacter, Role};
use crate::measures::proportion::{Fraction, Proportion};
use crate::measures::unfilled::UnfilledKey;
use crate::measures::UnfilledFilters;
use crate::publish::format::thousands;
use crate::publish::tidy::Value;

pub mod workforce;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    pub id: String,
    pub sentence: String,
    pub value: Option<f64>,
    pub previous_value: Option<f64>,
    pub change_pp: Option<f64>,
    pub significant: Option<bool>,
    pub provisional: bool,
    pub year: String,
    pub education_phase: String,
    pub post: String,
    pub table: String,
}

/// What the headlines are drawn from: the published (disclosed) cells.
pub struct Source<'a> {
    pub rates: &'a [RateCell],
    pub changes: &'a [ChangeRow],
    pub year: RecruitmentYear,
    /// The top National row (`measures::cube::top_national`).
    pub top_country: Country,
    pub provisional_years: &'a BTreeSet<RecruitmentYear>,
    /// Appended to every sentence, e.g. ` [Synthetic demonstration data]`.
    pub label_suffix: String,
}

/// A rate as the table shows it (1 decimal place), for JSON.
fn rate_value(p: &Proportion) -> f64 {
    Value::Percent(p.fraction()).number(1).expect("a number")
}

/// A change in percentage points as the table shows it, for JSON.
fn points_value(change: Fraction) -> f64 {
    Value::Percent(change).number(1).expect("a number")
}

/// A rate in whole per cent, for sentences.
fn whole(p: &Proportion) -> String {
    Value::Percent(p.fraction()).text(0)
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// "33 per cent of primary, 22 per cent of secondary and 43 per cent of special school",
/// from (phase, whole per cent) pairs in phase order.
fn phase_shares(shares: &[(String, String)]) -> String {
    let parts: Vec<String> = shares
        .iter()
        .enumerate()
        .map(|(i, (phase, v))| {
            if i + 1 == shares.len() {
                format!("{v} per cent of {phase} school")
            } else {
                format!("{v} per cent of {phase}")
            }
        })
        .collect();
    list(&parts)
}

struct Lookup<'a> {
    rates: HashMap<&'a UnfilledKey, &'a RateCell>,
    changes: HashMap<&'a UnfilledKey, &'a ChangeRow>,
    src: &'a Source<'a>,
}

impl<'a> Lookup<'a> {
    fn new(src: &'a Source<'a>) -> Self {
        Lookup {
            rates: src.rates.iter().map(|c| (&c.key, c)).collect(),
            changes: src.changes.iter().map(|c| (&c.key, c)).collect(),
            src,
        }
    }

    fn national(
        &self,
        year: RecruitmentYear,
        phase: Item<Phase>,
        post: Item<Role>,
        religion: Item<ReligiousCharacter>,
    ) -> UnfilledKey {
        UnfilledKey::national(year, self.src.top_country, phase, post, religion)
    }

    /// The rate of a cell, when it may be quoted (not `u`).
    fn reliable(&self, key: &UnfilledKey) -> Option<&'a Proportion> {
        self.rates.get(key).and_then(|c| c.unfilled.shown())
    }

    fn year_label(&self, year: RecruitmentYear) -> String {
        if self.src.provisional_years.contains(&year) {
            format!("{} (provisional)", year.label())
        } else {
            year.label()
        }
    }
}

fn headline(
    id: &str,
    sentence: String,
    src: &Source,
    phase: &str,
    post: &str,
    table: &str,
) -> Headline {
    Headline {
        id: id.into(),
        sentence,
        value: None,
        previous_value: None,
        change_pp: None,
        significant: None,
        provisional: src.provisional_years.contains(&src.year),
        year: src.year.label(),
        education_phase: phase.into(),
        post: post.into(),
        table: table.into(),
    }
}

pub fn headlines(src: &Source) -> Vec<Headline> {
    let look = Lookup::new(src);
    let mut out = Vec::new();
    head_rates_by_phase(&look, &mut out);
    for phase in Item::<Phase>::all() {
        out.extend(record_since(&look, phase));
    }
    out.extend(highest_region(&look));
    out.extend(highest_religious_character(&look));
    out.extend(posts_advertised(&look));
    for h in &mut out {
        h.sentence.push_str(&src.label_suffix);
    }
    out
}

fn head_rates_by_phase(look: &Lookup, out: &mut Vec<Headline>) {
    let src = look.src;
    let (year, prev) = (src.year, RecruitmentYear(src.year.0 - 1));
    let head = Item::Of(Role::Head);
    let mut now = Vec::new();
    let mut before = Vec::new();
    let mut rose = Vec::new();
    let mut fell = Vec::new();
    let mut same = Vec::new();
    let mut per_phase = Vec::new();
    for phase in Phase::ALL {
        let key = look.national(year, Item::Of(phase), head, Item::Total);
        let Some(rate) = look.reliable(&key) else {
            continue;
        };
        let lower = phase.name().to_lowercase();
        now.push((lower.clone(), whole(rate)));
        let mut h = headline(
            &format!("head_unfilled_{lower}"),
            String::new(),
            src,
            phase.name(),
            head.name(),
            "unfilled_rates",
        );
        h.value = Some(rate_value(rate));
        let change = look.changes.get(&key).and_then(|c| c.comparison.shown());
        let first = format!(
            "{} per cent of {lower} school head teacher posts were unfilled after an initial advertisement in {}",
            whole(rate),
            look.year_label(year)
        );
        h.sentence = match change {
            Some(c) => {
                let was = whole(&c.previous);
                before.push(was.clone());
                h.previous_value = Some(rate_value(&c.previous));
                h.change_pp = Some(points_value(c.change));
                h.significant = Some(c.significant);
                let words = if c.rose() {
                    rose.push(lower.clone());
                    format!(
                        "up from {was} per cent in {}, a statistically significant rise",
                        prev.label()
                    )
                } else if c.fell() {
                    fell.push(lower.clone());
                    format!(
                        "down from {was} per cent in {}, a statistically significant fall",
                        prev.label()
                    )
                } else {
                    same.push(lower.clone());
                    format!("little changed from {was} per cent in {}", prev.label())
                };
                format!("{first}, {words}.")
            }
            None => format!("{first}."),
        };
        per_phase.push(h);
    }
    if now.len() == 1 {
        // One phase to report: its own sentence says it all.
        out.extend(per_phase);
        return;
    }
    if now.is_empty() {
        out.push(headline(
            "head_unfilled_by_phase",
            format!(
                "Too few head teacher posts were advertised in {} to report reliable unfilled rates by phase.",
                look.year_label(year)
            ),
            src,
            Item::<Phase>::Total.name(),
            head.name(),
            "unfilled_rates",
        ));
        return;
    }
    let mut sentence = format!(
        "{} head teacher posts were unfilled after an initial advertisement in {}",
        phase_shares(&now),
        look.year_label(year)
    );
    if before.len() == now.len() {
        sentence.push_str(&format!(
            ", compared with {} per cent in {}.",
            list(&before),
            prev.label()
        ));
        let mut parts = Vec::new();
        let rates = |phases: &[String]| {
            format!(
                "{} rate{}",
                list(phases),
                if phases.len() > 1 { "s" } else { "" }
            )
        };
        if !same.is_empty() {
            let verb = if same.len() > 1 { "were" } else { "was" };
            parts.push(format!("the {} {verb} little changed", rates(&same)));
        }
        if !rose.is_empty() {
            parts.push(format!("the {} rose significantly", rates(&rose)));
        }
        if !fell.is_empty() {
            parts.push(format!("the {} fell significantly", rates(&fell)));
        }
        let mut text = list(&parts);
        if let Some(first) = text.get(..1) {
            text = first.to_uppercase() + &text[1..];
        }
        sentence.push_str(&format!(" {text} (two-proportion test at the 5% level)."));
    } else {
        sentence.push('.');
    }
    out.push(headline(
        "head_unfilled_by_phase",
        sentence,
        src,
        Item::<Phase>::Total.name(),
        head.name(),
        "unfilled_rates",
    ));
    out.extend(per_phase);
}

/// Fewer years back than this is not news: "the highest since" needs at least two
/// years in between that were lower.
const RECORD_MIN_YEARS: i32 = 3;

/// "the highest since 2007/08": the latest earlier year at least as high, at least
/// `RECORD_MIN_YEARS` back. Not said of a provisional year, whose rates are still
/// incomplete and would make a spurious low.
fn record_since(look: &Lookup, phase: Item<Phase>) -> Option<Headline> {
    let src = look.src;
    if src.provisional_years.contains(&src.year) {
        return None;
    }
    let head = Item::Of(Role::Head);
    let rate = look.reliable(&look.national(src.year, phase, head, Item::Total))?;
    let earlier: Vec<(RecruitmentYear, &Proportion)> = src
        .rates
        .iter()
        .filter(|c| c.key.year < src.year)
        .filter(|c| c.key == look.national(c.key.year, phase, head, Item::Total))
        .filter_map(|c| Some((c.key.year, c.unfilled.shown()?)))
        .collect();
    let last = earlier.iter().max_by_key(|e| e.0)?;
    if earlier.len() < 2 || last.0 .0 != src.year.0 - 1 {
        return None;
    }
    // Compare exactly: each earlier rate against this year's.
    let cmp = |e: &(RecruitmentYear, &Proportion)| e.1.cmp_rate(rate);
    let higher_than_last = cmp(last).is_lt();
    let lower_than_last = cmp(last).is_gt();
    let (word, beaten_by) = if higher_than_last {
        (
            "highest",
            earlier
                .iter()
                .filter(|e| cmp(e).is_ge())
                .max_by_key(|e| e.0),
        )
    } else if lower_than_last {
        (
            "lowest",
            earlier
                .iter()
                .filter(|e| cmp(e).is_le())
                .max_by_key(|e| e.0),
        )
    } else {
        return None;
    };
    if beaten_by.is_some_and(|e| src.year.0 - e.0 .0 < RECORD_MIN_YEARS) {
        return None;
    }
    let series_start = earlier.iter().map(|e| e.0).min()?;
    let posts_words = match phase {
        Item::Total => "head teacher posts in all phases".to_string(),
        Item::Of(p) => format!("{} school head teacher posts", p.name().to_lowercase()),
    };
    let what = format!(
        "At {} per cent, the unfilled rate for {posts_words} in {} is",
        whole(rate),
        look.year_label(src.year)
    );
    let sentence = match beaten_by {
        Some(e) => format!(
            "{what} the {word} since {}, when it was {} per cent.",
            e.0.label(),
            whole(e.1)
        ),
        None if earlier.len() >= RECORD_MIN_YEARS as usize => format!(
            "{what} the {word} in the series, which starts in {}.",
            series_start.label()
        ),
        None => return None,
    };
    let id = format!("head_unfilled_{}_{}", phase.name().to_lowercase(), word);
    let mut h = headline(
        &id,
        sentence,
        src,
        phase.name(),
        head.name(),
        "unfilled_rates",
    );
    h.value = Some(rate_value(rate));
    h.previous_value = beaten_by.map(|e| rate_value(e.1));
    Some(h)
}

fn interval_words(p: &Proportion) -> String {
    format!(
        "{} of {} posts; 95% confidence interval {} to {} per cent",
        p.k,
        p.n,
        Value::Float(p.lower * 100.0).text(0),
        Value::Float(p.upper * 100.0).text(0)
    )
}

/// The cell with the highest exact rate among `candidates`; ties go to the first.
fn highest<'a>(
    candidates: impl Iterator<Item = (&'a RateCell, &'a Proportion)>,
) -> Option<(&'a RateCell, &'a Proportion)> {
    candidates.fold(None, |best, c| match best {
        Some(b) if c.1.cmp_rate(b.1).is_le() => Some(b),
        _ => Some(c),
    })
}

/// The report year's head teacher cells of every phase, with a rate that may be quoted.
fn head_rates<'a>(
    look: &'a Lookup,
    at: impl Fn(&UnfilledKey) -> bool + 'a,
) -> impl Iterator<Item = (&'a RateCell, &'a Proportion)> + 'a {
    let src = look.src;
    src.rates.iter().filter_map(move |c| {
        let f = c.key.filters;
        (c.key.year == src.year
            && f.phase == Item::Total
            && f.post == Item::Of(Role::Head)
            && at(&c.key))
        .then_some(())?;
        Some((c, c.unfilled.shown()?))
    })
}

fn highest_region(look: &Lookup) -> Option<Headline> {
    let src = look.src;
    let (best, rate) = highest(head_rates(look, |k| {
        matches!(k.geography, Geography::Regional(_)) && k.filters.religion == Item::Total
    }))?;
    let sentence = format!(
        "Of the English regions, {} had the highest unfilled rate for head teacher posts in {}: {} per cent ({}).",
        best.key.geography.region().map_or("", |r| r.name()),
        look.year_label(src.year),
        whole(rate),
        interval_words(rate)
    );
    let mut h = headline(
        "head_unfilled_highest_region",
        sentence,
        src,
        Item::<Phase>::Total.name(),
        Role::Head.post_name(),
        "unfilled_rates",
    );
    h.value = Some(rate_value(rate));
    Some(h)
}

fn religion_words(religion: Item<ReligiousCharacter>) -> String {
    match religion {
        Item::Of(ReligiousCharacter::None) => "schools with no religious character".into(),
        Item::Of(ReligiousCharacter::Other) => "schools of another religious character".into(),
        other => format!("{} schools", other.name()),
    }
}

fn highest_religious_character(look: &Lookup) -> Option<Headline> {
    let src = look.src;
    let top = Geography::National(src.top_country);
    let (best, rate) = highest(head_rates(look, move |k| {
        k.geography == top && k.filters.religion != Item::Total
    }))?;
    let sentence = format!(
        "By religious character, {} had the highest unfilled rate for head teacher posts in {}: {} per cent ({}).",
        religion_words(best.key.filters.religion),
        look.year_label(src.year),
        whole(rate),
        interval_words(rate)
    );
    let mut h = headline(
        "head_unfilled_highest_religious_character",
        sentence,
        src,
        Item::<Phase>::Total.name(),
        Role::Head.post_name(),
        "unfilled_rates",
    );
    h.value = Some(rate_value(rate));
    Some(h)
}

fn posts_advertised(look: &Lookup) -> Option<Headline> {
    let src = look.src;
    let all = look.national(src.year, Item::Total, Item::Total, Item::Total);
    let cell = look.rates.get(&all)?;
    let heads = look
        .rates
        .get(&all.with(UnfilledFilters {
            post: Item::Of(Role::Head),
            ..all.filters
        }))
        .map_or(0, |c| c.post_count);
    let prev = look
        .rates
        .get(&all.in_year(RecruitmentYear(src.year.0 - 1)));
    let mut sentence = format!(
        "{} leadership posts, {} of them head teacher posts, were advertised in {} in {} advertisements",
        thousands(cell.post_count),
        thousands(heads),
        look.year_label(src.year),
        thousands(cell.advert_count)
    );
    match prev {
        Some(p) => sentence.push_str(&format!(
            ", against {} posts in {}.",
            thousands(p.post_count),
            p.key.year.label()
        )),
        None => sentence.push('.'),
    }
    let mut h = headline(
        "posts_advertised",
        sentence,
        src,
        Item::<Phase>::Total.name(),
        Item::<Role>::Total.name(),
        "unfilled_rates",
    );
    h.value = Some(cell.post_count as f64);
    h.previous_value = prev.map(|p| p.post_count as f64);
    Some(h)
}

/// `headlines.md`: a title, the data label, and one bullet per sentence.
pub fn markdown(headlines: &[Headline], year: RecruitmentYear, label: &str) -> String {
    let mut md = format!(
        "# Headlines: leadership labour market, {}\n\n",
        year.label()
    );
    if !label.is_empty() {
        md.push_str(&format!("Data: {label}.\n\n"));
    }
    for h in headlines {
        md.push_str(&format!("- {}\n", h.sentence));
    }
    md
}
