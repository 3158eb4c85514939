//! Press-ready headline figures and sentences (DESIGN.md, Outputs: Headlines), built
//! from the published cells so that a sentence can never disagree with its table.
//! Rates are quoted in whole per cent; a change is called a rise or a fall only when
//! the z-test finds it significant at 5%, else "little changed". No `u` cell is quoted.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::disclosure::rate_is_reliable;
use crate::domain::{region_name, Phase, RecruitmentYear, ReligiousCharacter, Role};
use crate::measures::change::ChangeCell;
use crate::measures::stats::{is_significant, wilson_interval};
use crate::measures::unfilled::UnfilledCell;
use crate::measures::{CellKey, TOTAL};
use crate::publish::format::{decimal, percent, thousands};

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

/// What the headlines are drawn from.
pub struct Source<'a> {
    pub cells: &'a [UnfilledCell],
    pub changes: &'a [ChangeCell],
    pub year: RecruitmentYear,
    /// The top National row's country code (`measures::unfilled::top_national`).
    pub top_country: &'a str,
    pub min_base: u32,
    pub provisional_years: &'a BTreeSet<RecruitmentYear>,
    /// Appended to every sentence, e.g. ` [Synthetic demonstration data]`.
    pub label_suffix: String,
}

/// A rate as a number to 1 decimal place (the table's value), for JSON.
fn rate_value(k: u64, n: u64) -> f64 {
    percent(k.into(), n.into(), 1)
        .parse()
        .expect("formatted number")
}

fn whole(k: u64, n: u64) -> String {
    percent(k.into(), n.into(), 0)
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
    cells: HashMap<&'a CellKey, &'a UnfilledCell>,
    changes: HashMap<&'a CellKey, &'a ChangeCell>,
    src: &'a Source<'a>,
}

impl<'a> Lookup<'a> {
    fn new(src: &'a Source<'a>) -> Self {
        Lookup {
            cells: src.cells.iter().map(|c| (&c.key, c)).collect(),
            changes: src.changes.iter().map(|c| (&c.key, c)).collect(),
            src,
        }
    }

    fn national(&self, year: RecruitmentYear, phase: &str, post: &str, religion: &str) -> CellKey {
        CellKey {
            year,
            geographic_level: "National".into(),
            country_code: self.src.top_country.into(),
            region_code: String::new(),
            education_phase: phase.into(),
            post: post.into(),
            school_religious_character: religion.into(),
        }
    }

    /// A cell whose rate may be quoted.
    fn reliable(&self, key: &CellKey) -> Option<&'a UnfilledCell> {
        self.cells
            .get(key)
            .copied()
            .filter(|c| rate_is_reliable(c.post_count, self.src.min_base))
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
    for phase in Phase::ALL.iter().map(|p| p.name()).chain([TOTAL]) {
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
    let head = Role::Head.post_name();
    let mut now = Vec::new();
    let mut before = Vec::new();
    let mut rose = Vec::new();
    let mut fell = Vec::new();
    let mut same = Vec::new();
    let mut per_phase = Vec::new();
    for phase in Phase::ALL {
        let key = look.national(year, phase.name(), head, TOTAL);
        let Some(cell) = look.reliable(&key) else {
            continue;
        };
        let lower = phase.name().to_lowercase();
        let (k, n) = (cell.readvertised_post_count, cell.post_count);
        now.push((lower.clone(), whole(k, n)));
        let mut h = headline(
            &format!("head_unfilled_{lower}"),
            String::new(),
            src,
            phase.name(),
            head,
            "unfilled_rates",
        );
        h.value = Some(rate_value(k, n));
        let prev_cell = look.reliable(&look.national(prev, phase.name(), head, TOTAL));
        let change = look.changes.get(&key).filter(|_| prev_cell.is_some());
        let first = format!(
            "{} per cent of {lower} school head teacher posts were unfilled after an initial advertisement in {}",
            whole(k, n),
            look.year_label(year)
        );
        h.sentence = match (prev_cell, change) {
            (Some(p), Some(c)) => {
                before.push(whole(p.readvertised_post_count, p.post_count));
                let significant = is_significant(c.p_value);
                let diff = rate_value(k, n) - rate_value(p.readvertised_post_count, p.post_count);
                h.previous_value = Some(rate_value(p.readvertised_post_count, p.post_count));
                h.change_pp = Some(
                    percent(
                        i128::from(k) * i128::from(p.post_count)
                            - i128::from(p.readvertised_post_count) * i128::from(n),
                        i128::from(n) * i128::from(p.post_count),
                        1,
                    )
                    .parse()
                    .expect("number"),
                );
                h.significant = Some(significant);
                let was = whole(p.readvertised_post_count, p.post_count);
                let words = if !significant {
                    same.push(lower.clone());
                    format!("little changed from {was} per cent in {}", prev.label())
                } else if diff > 0.0 {
                    rose.push(lower.clone());
                    format!(
                        "up from {was} per cent in {}, a statistically significant rise",
                        prev.label()
                    )
                } else {
                    fell.push(lower.clone());
                    format!(
                        "down from {was} per cent in {}, a statistically significant fall",
                        prev.label()
                    )
                };
                format!("{first}, {words}.")
            }
            _ => format!("{first}."),
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
            TOTAL,
            head,
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
        TOTAL,
        head,
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
fn record_since(look: &Lookup, phase: &str) -> Option<Headline> {
    let src = look.src;
    if src.provisional_years.contains(&src.year) {
        return None;
    }
    let head = Role::Head.post_name();
    let cell = look.reliable(&look.national(src.year, phase, head, TOTAL))?;
    let (k, n) = (cell.readvertised_post_count, cell.post_count);
    let earlier: Vec<(RecruitmentYear, u64, u64)> = src
        .cells
        .iter()
        .filter(|c| c.key.year < src.year)
        .filter_map(|c| {
            let key = look.national(c.key.year, phase, head, TOTAL);
            (c.key == key && rate_is_reliable(c.post_count, src.min_base)).then_some((
                c.key.year,
                c.readvertised_post_count,
                c.post_count,
            ))
        })
        .collect();
    let last = earlier.iter().max_by_key(|e| e.0)?;
    if earlier.len() < 2 || last.0 .0 != src.year.0 - 1 {
        return None;
    }
    // Compare k/n with k'/n' exactly: k n' against k' n.
    let cmp = |e: &(RecruitmentYear, u64, u64)| {
        (u128::from(e.1) * u128::from(n)).cmp(&(u128::from(k) * u128::from(e.2)))
    };
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
    let posts_words = if phase == TOTAL {
        "head teacher posts in all phases".to_string()
    } else {
        format!("{} school head teacher posts", phase.to_lowercase())
    };
    let what = format!(
        "At {} per cent, the unfilled rate for {posts_words} in {} is",
        whole(k, n),
        look.year_label(src.year)
    );
    let sentence = match beaten_by {
        Some(e) => format!(
            "{what} the {word} since {}, when it was {} per cent.",
            e.0.label(),
            whole(e.1, e.2)
        ),
        None if earlier.len() >= RECORD_MIN_YEARS as usize => format!(
            "{what} the {word} in the series, which starts in {}.",
            series_start.label()
        ),
        None => return None,
    };
    let id = format!("head_unfilled_{}_{}", phase.to_lowercase(), word);
    let mut h = headline(&id, sentence, src, phase, head, "unfilled_rates");
    h.value = Some(rate_value(k, n));
    h.previous_value = beaten_by.map(|e| rate_value(e.1, e.2));
    Some(h)
}

fn interval_words(k: u64, n: u64) -> String {
    let (lo, hi) = wilson_interval(k, n);
    format!(
        "{k} of {n} posts; 95% confidence interval {} to {} per cent",
        decimal(lo * 100.0, 0),
        decimal(hi * 100.0, 0)
    )
}

/// The cell with the highest exact rate among `candidates`; ties go to the first.
fn highest<'a>(candidates: impl Iterator<Item = &'a UnfilledCell>) -> Option<&'a UnfilledCell> {
    candidates.fold(None, |best: Option<&UnfilledCell>, c| match best {
        Some(b)
            if u128::from(c.readvertised_post_count) * u128::from(b.post_count)
                <= u128::from(b.readvertised_post_count) * u128::from(c.post_count) =>
        {
            Some(b)
        }
        _ => Some(c),
    })
}

fn highest_region(look: &Lookup) -> Option<Headline> {
    let src = look.src;
    let head = Role::Head.post_name();
    let best = highest(src.cells.iter().filter(|c| {
        c.key.year == src.year
            && c.key.geographic_level == "Regional"
            && c.key.education_phase == TOTAL
            && c.key.post == head
            && c.key.school_religious_character == TOTAL
            && rate_is_reliable(c.post_count, src.min_base)
    }))?;
    let (k, n) = (best.readvertised_post_count, best.post_count);
    let sentence = format!(
        "Of the English regions, {} had the highest unfilled rate for head teacher posts in {}: {} per cent ({}).",
        region_name(&best.key.region_code),
        look.year_label(src.year),
        whole(k, n),
        interval_words(k, n)
    );
    let mut h = headline(
        "head_unfilled_highest_region",
        sentence,
        src,
        TOTAL,
        head,
        "unfilled_rates",
    );
    h.value = Some(rate_value(k, n));
    Some(h)
}

fn religion_words(name: &str) -> String {
    match name {
        n if n == ReligiousCharacter::None.name() => "schools with no religious character".into(),
        n if n == ReligiousCharacter::Other.name() => {
            "schools of another religious character".into()
        }
        n => format!("{n} schools"),
    }
}

fn highest_religious_character(look: &Lookup) -> Option<Headline> {
    let src = look.src;
    let head = Role::Head.post_name();
    let best = highest(src.cells.iter().filter(|c| {
        c.key.year == src.year
            && c.key.geographic_level == "National"
            && c.key.country_code == src.top_country
            && c.key.education_phase == TOTAL
            && c.key.post == head
            && c.key.school_religious_character != TOTAL
            && rate_is_reliable(c.post_count, src.min_base)
    }))?;
    let (k, n) = (best.readvertised_post_count, best.post_count);
    let sentence = format!(
        "By religious character, {} had the highest unfilled rate for head teacher posts in {}: {} per cent ({}).",
        religion_words(&best.key.school_religious_character),
        look.year_label(src.year),
        whole(k, n),
        interval_words(k, n)
    );
    let mut h = headline(
        "head_unfilled_highest_religious_character",
        sentence,
        src,
        TOTAL,
        head,
        "unfilled_rates",
    );
    h.value = Some(rate_value(k, n));
    Some(h)
}

fn posts_advertised(look: &Lookup) -> Option<Headline> {
    let src = look.src;
    let cell = look
        .cells
        .get(&look.national(src.year, TOTAL, TOTAL, TOTAL))?;
    let heads = look
        .cells
        .get(&look.national(src.year, TOTAL, Role::Head.post_name(), TOTAL))
        .map_or(0, |c| c.post_count);
    let prev = look
        .cells
        .get(&look.national(RecruitmentYear(src.year.0 - 1), TOTAL, TOTAL, TOTAL));
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
        TOTAL,
        TOTAL,
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
