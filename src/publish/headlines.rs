//! Press-ready headline figures and sentences (DESIGN.md, Outputs: Headlines). Every
//! sentence renders a claim decided once in `claims` (a rise, a record, the highest
//! region) from the disclosed cells, so no sentence can claim more than the data
//! support or disagree with its table. Rates are quoted in whole per cent; a figure on
//! fewer than 50 posts carries its base and interval. No `u` or `c` cell is quoted.

use serde::{Deserialize, Serialize};

use crate::claims::{ChangeClaim, Claims, Highest, PhaseClaims, Record};
use crate::disclosure::RateCell;
use crate::domain::{Country, Item, Phase, RecruitmentYear, Region, ReligiousCharacter, Role};
use crate::measures::projection::Projection;
use crate::measures::proportion::{Comparison, Fraction, Proportion};
use crate::measures::unfilled::UnfilledKey;
use crate::publish::format::thousands;
use crate::publish::tidy::Value;

pub mod survey;
pub mod workforce;

/// One quoted figure and the sentence that quotes it (DESIGN.md, Outputs: Headlines).
/// A sentence that quotes several figures has one entry per figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    pub id: String,
    pub sentence: String,
    pub value: Option<f64>,
    /// `%` for a rate, `posts` or `head teachers` for a count.
    pub unit: String,
    /// The number of posts (or people) the figure is a share of.
    pub base: Option<u64>,
    /// The 95% confidence interval of a rate.
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub previous_value: Option<f64>,
    pub change_pp: Option<f64>,
    pub p_value: Option<f64>,
    pub significant: Option<bool>,
    pub provisional: bool,
    pub projected_value: Option<f64>,
    pub year: String,
    pub education_phase: String,
    pub post: String,
    pub table: String,
}

/// Quoted with its base and interval below this many posts (DESIGN.md, claims rule).
pub const SMALL_BASE: u64 = 50;

/// What the headlines are drawn from: the published (disclosed) cells and the claims.
pub struct Source<'a> {
    pub rates: &'a [RateCell],
    pub claims: &'a Claims,
    /// The top National row (`measures::cube::top_national`).
    pub top_country: Country,
    /// Appended to every sentence, e.g. ` [Synthetic demonstration data]`.
    pub label_suffix: String,
}

/// A rate as the table shows it (1 decimal place), for JSON.
pub(crate) fn rate_value(p: &Proportion) -> f64 {
    Value::Percent(p.fraction()).number(1).expect("a number")
}

/// A change in percentage points as the table shows it, for JSON.
pub(crate) fn points_value(change: Fraction) -> f64 {
    Value::Percent(change).number(1).expect("a number")
}

/// A rate in whole per cent, for sentences.
pub(crate) fn whole(p: &Proportion) -> String {
    Value::Percent(p.fraction()).text(0)
}

/// A rate as a sentence quotes it: `25 per cent`, and on fewer than 50 posts with its
/// base and interval: `25 per cent (3 of 12 posts; 95% confidence interval 9 to 53 per
/// cent)`.
pub(crate) fn quoted(p: &Proportion, of: &str) -> String {
    if p.n >= SMALL_BASE {
        format!("{} per cent", whole(p))
    } else {
        format!("{} per cent ({})", whole(p), interval_words(p, of))
    }
}

/// `3 of 12 posts; 95% confidence interval 9 to 53 per cent`.
pub(crate) fn interval_words(p: &Proportion, of: &str) -> String {
    format!(
        "{} of {} {of}; 95% confidence interval {} to {} per cent",
        thousands(p.k),
        thousands(p.n),
        Value::Float(p.lower * 100.0).text(0),
        Value::Float(p.upper * 100.0).text(0)
    )
}

/// Several rates in a list: `34, 20 and 43 per cent`, or each with its base and interval
/// when any is on fewer than 50 posts.
pub(crate) fn quoted_list(rates: &[Proportion], of: &str) -> String {
    if rates.iter().all(|p| p.n >= SMALL_BASE) {
        let figures: Vec<String> = rates.iter().map(whole).collect();
        format!("{} per cent", list(&figures))
    } else {
        let figures: Vec<String> = rates.iter().map(|p| quoted(p, of)).collect();
        list(&figures)
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// "33 per cent of primary, 22 per cent of secondary and 43 per cent of special school",
/// from (phase, quoted figure) pairs in phase order.
pub(crate) fn phase_shares(shares: &[(String, String)]) -> String {
    let parts: Vec<String> = shares
        .iter()
        .enumerate()
        .map(|(i, (phase, v))| {
            if i + 1 == shares.len() {
                format!("{v} of {phase} school")
            } else {
                format!("{v} of {phase}")
            }
        })
        .collect();
    list(&parts)
}

/// " The primary rate rose significantly; the secondary rate was little changed (two-
/// proportion test at the 5% level).": each group's changes in one clause, in the order
/// rises, falls, little changed, not significant, provisional.
pub(crate) fn changes_sentence(named: &[(String, ChangeClaim)], claims: &Claims) -> String {
    let mut clauses = Vec::new();
    for claim in [
        ChangeClaim::Rose,
        ChangeClaim::Fell,
        ChangeClaim::LittleChanged,
        ChangeClaim::NotSignificant,
        ChangeClaim::ProvisionalBelow,
    ] {
        let these: Vec<String> = named
            .iter()
            .filter(|c| c.1 == claim)
            .map(|c| c.0.clone())
            .collect();
        if !these.is_empty() {
            clauses.push(change_clause(claim, &these, claims));
        }
    }
    format!(
        " {}{}.",
        capitalised(&clauses.join("; ")),
        test_note(named.iter().map(|c| c.1))
    )
}

/// Names the test when any clause rests on it.
pub(crate) fn test_note(claims: impl IntoIterator<Item = ChangeClaim>) -> &'static str {
    if claims
        .into_iter()
        .any(|c| c != ChangeClaim::ProvisionalBelow)
    {
        " (two-proportion test at the 5% level)"
    } else {
        ""
    }
}

pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

pub(crate) fn phase_word(phase: Item<Phase>) -> String {
    match phase {
        Item::Total => "all-phase".into(),
        Item::Of(p) => p.name().to_lowercase(),
    }
}

impl Headline {
    /// An entry quoting no figure yet: a head teacher headline of `year`.
    pub(crate) fn plain(
        id: String,
        sentence: &str,
        year: RecruitmentYear,
        provisional: bool,
        phase: &str,
        table: &str,
    ) -> Self {
        Headline {
            id,
            sentence: sentence.to_string(),
            value: None,
            unit: String::new(),
            base: None,
            lower: None,
            upper: None,
            previous_value: None,
            change_pp: None,
            p_value: None,
            significant: None,
            provisional,
            projected_value: None,
            year: year.label(),
            education_phase: phase.into(),
            post: Role::Head.post_name().into(),
            table: table.into(),
        }
    }

    /// The same entry quoting a rate: its value, base and 95% interval.
    pub(crate) fn with_rate(self, rate: &Proportion) -> Self {
        self.with_percent(rate_value(rate), rate.n, (rate.lower, rate.upper))
    }

    /// The same entry quoting a per cent `value` (as the table shows it) on `base`, with
    /// its 95% interval given as proportions.
    pub(crate) fn with_percent(
        mut self,
        value: f64,
        base: u64,
        (lower, upper): (f64, f64),
    ) -> Self {
        let shown = |v: f64| Value::Float(v * 100.0).number(1).expect("a number");
        self.value = Some(value);
        self.unit = "%".into();
        self.base = Some(base);
        self.lower = Some(shown(lower));
        self.upper = Some(shown(upper));
        self
    }

    /// An `unfilled_rates` entry of the report year with no figure yet.
    fn of_report_year(id: String, sentence: &str, src: &Source, phase: &str) -> Self {
        let claims = src.claims;
        Headline::plain(
            id,
            sentence,
            claims.year,
            claims.provisional,
            phase,
            "unfilled_rates",
        )
    }

    /// An `unfilled_rates` entry of the report year quoting `rate`.
    fn rate(id: String, sentence: &str, src: &Source, phase: &str, rate: &Proportion) -> Self {
        Headline::of_report_year(id, sentence, src, phase).with_rate(rate)
    }

    /// The same entry with the comparison it is quoted against.
    pub(crate) fn against(mut self, c: &Comparison) -> Self {
        self.previous_value = Some(rate_value(&c.previous));
        self.change_pp = Some(points_value(c.change));
        self.p_value = Some(Value::Float(c.p_value).number(4).expect("a number"));
        self.significant = Some(c.significant);
        self
    }
}

pub fn headlines(src: &Source) -> Vec<Headline> {
    let mut out = Vec::new();
    head_rates_by_phase(src, &mut out);
    for p in &src.claims.head_by_phase {
        if let Some(r) = &p.record {
            out.extend(record(src, p, r));
        }
    }
    out.extend(highest_region(src));
    out.extend(highest_religious_character(src));
    out.extend(posts_advertised(src));
    for h in &mut out {
        h.sentence.push_str(&src.label_suffix);
    }
    out
}

/// The year as a sentence names it: `2010/11`, or `2010/11 (provisional)`.
fn year_words(src: &Source) -> String {
    src.claims.year.phrase(src.claims.provisional)
}

/// What a provisional rate is: a lower bound.
fn provisional_words(claims: &Claims) -> String {
    format!(
        "{} is provisional: posts advertised late in the year may still be re-advertised, so its rates can only rise",
        claims.year.label()
    )
}

/// A projected rate, in whole per cent, with its interval.
fn projection_words(p: &Projection) -> String {
    format!(
        "{} per cent (95% interval {} to {} per cent)",
        Value::Float(p.rate * 100.0).text(0),
        Value::Float(p.lower * 100.0).text(0),
        Value::Float(p.upper * 100.0).text(0)
    )
}

/// The projection of a provisional rate, as a closing sentence.
fn projection_sentence(p: &Projection) -> String {
    format!(
        " Projected to the complete year, from how long re-advertisement took in the last five final years, the rate would be {}.",
        projection_words(p)
    )
}

/// One phase's own sentence: its rate, and its change on the year before as the claim
/// words it.
fn phase_sentence(src: &Source, p: &PhaseClaims, phase: Phase) -> String {
    let lower = phase.name().to_lowercase();
    let first = format!(
        "{} of {lower} school head teacher posts were unfilled after an initial advertisement in {}",
        quoted(&p.rate, "posts"),
        year_words(src)
    );
    let prev = RecruitmentYear(src.claims.year.0 - 1).label();
    let projected = p
        .projection
        .as_ref()
        .map(projection_sentence)
        .unwrap_or_default();
    let Some((c, claim)) = &p.change else {
        return format!("{first}.{projected}");
    };
    let was = quoted(&c.previous, "posts");
    let sentence = match claim {
        ChangeClaim::Rose => {
            format!("{first}, up from {was} in {prev}, a statistically significant rise.")
        }
        ChangeClaim::Fell => {
            format!("{first}, down from {was} in {prev}, a statistically significant fall.")
        }
        ChangeClaim::LittleChanged => format!("{first}, little changed from {was} in {prev}."),
        ChangeClaim::NotSignificant => format!(
            "{first}, against {was} in {prev}; the change is not statistically significant."
        ),
        ChangeClaim::ProvisionalBelow => format!(
            "{first}, against {was} in {prev}; {}.",
            provisional_words(src.claims)
        ),
    };
    sentence + &projected
}

/// The clause for a group of phases whose changes share a wording.
pub(crate) fn change_clause(claim: ChangeClaim, phases: &[String], claims: &Claims) -> String {
    let rates = format!(
        "{} rate{}",
        list(phases),
        if phases.len() > 1 { "s" } else { "" }
    );
    let were = if phases.len() > 1 { "were" } else { "was" };
    match claim {
        ChangeClaim::Rose => format!("the {rates} rose significantly"),
        ChangeClaim::Fell => format!("the {rates} fell significantly"),
        ChangeClaim::LittleChanged => format!("the {rates} {were} little changed"),
        ChangeClaim::NotSignificant => format!(
            "the change{} in the {rates} {} not statistically significant",
            if phases.len() > 1 { "s" } else { "" },
            were
        ),
        ChangeClaim::ProvisionalBelow => format!(
            "the {rates} {} lower so far, but {}",
            if phases.len() > 1 { "are" } else { "is" },
            provisional_words(claims)
        ),
    }
}

fn head_rates_by_phase(src: &Source, out: &mut Vec<Headline>) {
    let claims = src.claims;
    let prev = RecruitmentYear(claims.year.0 - 1);
    let phases: Vec<(Phase, &PhaseClaims)> = claims
        .head_by_phase
        .iter()
        .filter_map(|p| Some((p.phase.item()?, p)))
        .collect();
    let per_phase: Vec<Headline> = phases
        .iter()
        .map(|(phase, p)| {
            let sentence = phase_sentence(src, p, *phase);
            let id = format!("head_unfilled_{}", phase.name().to_lowercase());
            let mut h = Headline::rate(id, &sentence, src, phase.name(), &p.rate);
            h.projected_value = p
                .projection
                .map(|pr| Value::Float(pr.rate * 100.0).number(1).expect("a number"));
            match &p.change {
                Some((c, _)) => h.against(c),
                None => h,
            }
        })
        .collect();
    if phases.len() == 1 {
        // One phase to report: its own sentence says it all.
        out.extend(per_phase);
        return;
    }
    if phases.is_empty() {
        out.push(Headline::of_report_year(
            "head_unfilled_by_phase".into(),
            &format!(
                "Too few head teacher posts were advertised in {} to report reliable unfilled rates by phase.",
                year_words(src)
            ),
            src,
            Item::<Phase>::Total.name(),
        ));
        return;
    }
    let shares: Vec<(String, String)> = phases
        .iter()
        .map(|(phase, p)| (phase.name().to_lowercase(), quoted(&p.rate, "posts")))
        .collect();
    let mut sentence = format!(
        "{} head teacher posts were unfilled after an initial advertisement in {}",
        phase_shares(&shares),
        year_words(src)
    );
    let changes: Vec<(String, &Comparison, ChangeClaim)> = phases
        .iter()
        .filter_map(|(phase, p)| {
            let (c, claim) = p.change.as_ref()?;
            Some((phase.name().to_lowercase(), c, *claim))
        })
        .collect();
    if changes.len() == phases.len() {
        let before: Vec<Proportion> = changes.iter().map(|(_, c, _)| c.previous).collect();
        sentence.push_str(&format!(
            ", compared with {} in {}.",
            quoted_list(&before, "posts"),
            prev.label()
        ));
        let named: Vec<(String, ChangeClaim)> =
            changes.iter().map(|c| (c.0.clone(), c.2)).collect();
        sentence.push_str(&changes_sentence(&named, claims));
    } else {
        sentence.push('.');
    }
    let projected: Vec<String> = phases
        .iter()
        .filter_map(|(_, p)| p.projection.map(|pr| Value::Float(pr.rate * 100.0).text(0)))
        .collect();
    if claims.provisional && projected.len() == phases.len() {
        sentence.push_str(&format!(
            " Projected to the complete year, from how long re-advertisement took in the last five final years, the rates would be {} per cent.",
            list(&projected)
        ));
    }
    // One entry per quoted figure: each phase's rate (and the rate it is compared with).
    for (h, (phase, _)) in per_phase.iter().zip(&phases) {
        let mut entry = h.clone();
        entry.id = format!("head_unfilled_by_phase_{}", phase.name().to_lowercase());
        entry.sentence = sentence.clone();
        out.push(entry);
    }
    out.extend(per_phase);
}

/// "At 50 per cent, the unfilled rate for primary school head teacher posts in 2010/11
/// is the highest since 2006/07, when it was 53 per cent": only when significant against
/// the previous extreme (`claims::record`).
fn record(src: &Source, p: &PhaseClaims, r: &Record) -> Vec<Headline> {
    let word = if r.highest { "highest" } else { "lowest" };
    let posts_words = match p.phase {
        Item::Total => "head teacher posts in all phases".to_string(),
        Item::Of(ph) => format!("{} school head teacher posts", ph.name().to_lowercase()),
    };
    let (against_year, against) = r.against;
    let what = format!(
        "At {}, the unfilled rate for {posts_words} in {} is",
        quoted(&p.rate, "posts"),
        year_words(src)
    );
    let higher = if r.highest { "higher" } else { "lower" };
    let before = quoted(&against.previous, "posts");
    let sentence = match r.since {
        Some((since, then)) => format!(
            "{what} the {word} since {}, when it was {}; it is significantly {higher} than in {} ({before}), the {word} year in between.",
            since.label(),
            quoted(&then, "posts"),
            against_year.label()
        ),
        None => format!(
            "{what} the {word} in the series, which starts in {}, and significantly {higher} than the previous {word}, in {} ({before}).",
            r.series_start.label(),
            against_year.label()
        ),
    };
    let id = format!(
        "head_unfilled_{}_{word}",
        phase_word(p.phase).replace("all-phase", "total")
    );
    let phase_name = p.phase.name();
    let mut now = Headline::rate(id.clone(), &sentence, src, phase_name, &p.rate);
    now.p_value = Some(Value::Float(against.p_value).number(4).expect("a number"));
    now.significant = Some(against.significant);
    let mut out = vec![now];
    // The earlier figures the sentence quotes, each under its own year.
    let mut quoted_years = vec![(against_year, against.previous)];
    if let Some((since, then)) = r.since {
        quoted_years.insert(0, (since, then));
    }
    for (y, rate) in quoted_years {
        let mut h = Headline::rate(
            format!("{id}_{}", y.dir_name()),
            &sentence,
            src,
            phase_name,
            &rate,
        );
        h.year = y.label();
        h.provisional = false;
        out.push(h);
    }
    out
}

/// The items named as highest, and the sentence's subject: "London", "London and the
/// North East".
fn highest_sentence<T>(
    src: &Source,
    claim: &Highest<T>,
    name: impl Fn(&T) -> String,
    (group, among, others): (&str, &str, &str),
) -> String {
    let year = year_words(src);
    match claim {
        Highest::Above {
            items,
            rate,
            against_rest,
        } => {
            let names: Vec<String> = items.iter().map(&name).collect();
            let (had, each) = if names.len() > 1 {
                ("had the same, highest", " each")
            } else {
                ("had the highest", "")
            };
            format!(
                "{group}, {} {had} unfilled rate for head teacher posts in {year}: {}{each}, significantly above {others} together ({}).",
                list(&names),
                quoted(rate, "posts"),
                quoted(&against_rest.previous, "posts")
            )
        }
        Highest::NotDifferent => format!(
            "Unfilled rates for head teacher posts in {year} did not differ significantly {among}: none was significantly above the rest together."
        ),
    }
}

fn highest_entry<T>(src: &Source, id: &str, claim: &Highest<T>, sentence: String) -> Headline {
    let mut h = match claim {
        Highest::Above {
            rate, against_rest, ..
        } => {
            let mut h = Headline::rate(id.into(), &sentence, src, TOTAL_NAME, rate);
            h.p_value = Some(
                Value::Float(against_rest.p_value)
                    .number(4)
                    .expect("a number"),
            );
            h.significant = Some(true);
            h
        }
        Highest::NotDifferent => {
            let mut h = Headline::of_report_year(id.into(), &sentence, src, TOTAL_NAME);
            h.significant = Some(false);
            h
        }
    };
    h.education_phase = TOTAL_NAME.into();
    h
}

const TOTAL_NAME: &str = "Total";

fn highest_region(src: &Source) -> Option<Headline> {
    let claim = src.claims.highest_region.as_ref()?;
    let sentence = highest_sentence(
        src,
        claim,
        |r| region_words(*r),
        (
            "Of the English regions",
            "between the English regions",
            "the other regions",
        ),
    );
    Some(highest_entry(
        src,
        "head_unfilled_highest_region",
        claim,
        sentence,
    ))
}

/// A region as a sentence names it: "the North East", "London".
pub(crate) fn region_words(region: Region) -> String {
    match region.name() {
        name @ ("London" | "Yorkshire and The Humber") => name.to_string(),
        name => format!("the {name}"),
    }
}

fn religion_words(religion: ReligiousCharacter) -> String {
    match religion {
        ReligiousCharacter::None => "schools with no religious character".into(),
        ReligiousCharacter::Other => "schools of another religious character".into(),
        other => format!("{} schools", other.name()),
    }
}

fn highest_religious_character(src: &Source) -> Option<Headline> {
    let claim = src.claims.highest_religious_character.as_ref()?;
    let sentence = highest_sentence(
        src,
        claim,
        |r| religion_words(*r),
        (
            "By religious character",
            "by religious character of the school",
            "other schools",
        ),
    );
    Some(highest_entry(
        src,
        "head_unfilled_highest_religious_character",
        claim,
        sentence,
    ))
}

fn posts_advertised(src: &Source) -> Option<Headline> {
    let year = src.claims.year;
    let all = UnfilledKey::national(year, src.top_country, Item::Total, Item::Total, Item::Total);
    let find = |key: UnfilledKey| src.rates.iter().find(|c| c.key == key);
    let cell = find(all)?;
    let heads = find(all.with(crate::measures::UnfilledFilters {
        post: Item::Of(Role::Head),
        ..all.filters
    }))
    .map_or(0, |c| c.post_count);
    let prev = find(all.in_year(RecruitmentYear(year.0 - 1)));
    let mut sentence = format!(
        "{} leadership posts, {} of them head teacher posts, were advertised in {} in {} advertisements",
        thousands(cell.post_count),
        thousands(heads),
        year_words(src),
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
    let mut h = Headline::of_report_year("posts_advertised".into(), &sentence, src, TOTAL_NAME);
    h.value = Some(cell.post_count as f64);
    h.unit = "posts".into();
    h.previous_value = prev.map(|p| p.post_count as f64);
    h.post = TOTAL_NAME.into();
    Some(h)
}

/// `headlines.md`: a title, the data label, and one bullet per sentence (a sentence
/// that quotes several figures once).
pub fn markdown(headlines: &[Headline], year: RecruitmentYear, label: &str) -> String {
    let mut md = format!(
        "# Headlines: leadership labour market, {}\n\n",
        year.label()
    );
    if !label.is_empty() {
        md.push_str(&format!("Data: {label}.\n\n"));
    }
    for sentence in sentences(headlines) {
        md.push_str(&format!("- {sentence}\n"));
    }
    md
}

/// Each sentence once, in order (a sentence quoting several figures has several entries).
pub fn sentences(headlines: &[Headline]) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    headlines
        .iter()
        .map(|h| h.sentence.as_str())
        .filter(|s| seen.insert(*s))
        .collect()
}
