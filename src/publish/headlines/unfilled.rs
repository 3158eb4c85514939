//! The headlines of the advert-based rates (DESIGN.md, Headlines): the head teacher rate
//! by phase against last year, records, the highest region and religious character, and
//! the posts advertised, each worded as the claims allow.

use super::{change_clauses, list, phase_shares, phase_word, quoted, whole, worded, Headline};
use crate::claims::SMALL_BASE;
use crate::claims::{ChangeClaim, Claims, Highest, PhaseClaims, Record};
use crate::disclosure::RateCell;
use crate::domain::{
    Country, Item, Phase, RecruitmentYear, Region, ReligiousCharacter, Role, REGIONS,
};
use crate::measures::projection::Projection;
use crate::measures::proportion::{Comparison, Proportion};
use crate::measures::unfilled::UnfilledKey;
use crate::publish::format::thousands;
use crate::publish::tidy::Value;

/// What the headlines are drawn from: the published (disclosed) cells and the claims.
pub struct Source<'a> {
    pub rates: &'a [RateCell],
    pub claims: &'a Claims,
    /// The top National row (`measures::cube::top_national`).
    pub top_country: Country,
    /// Appended to every sentence, e.g. ` [Synthetic demonstration data]`.
    pub label_suffix: String,
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

/// A projected rate, in whole per cent, with its interval and, under 50 posts, its base:
/// `36 per cent (95% interval 30 to 43 per cent)`.
pub(crate) fn projection_words(p: &Projection, observed: &Proportion) -> String {
    let base = if observed.n < SMALL_BASE {
        format!("; {} posts", thousands(observed.n))
    } else {
        String::new()
    };
    format!(
        "{} per cent (95% interval {} to {} per cent{base})",
        Value::Float(p.rate * 100.0).text(0),
        Value::Float(p.lower * 100.0).text(0),
        Value::Float(p.upper * 100.0).text(0)
    )
}

/// One phase's own sentence: its rate, and its change on the year before as the claim
/// words it; in a provisional year, its projection and how that compares.
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
        .map(|pr| projection_words(pr, &p.rate));
    let Some((c, claim)) = &p.change else {
        return match projected {
            Some(pr) => format!("{first}; projected to the complete year, {pr}."),
            None => format!("{first}."),
        };
    };
    let was = quoted(&c.previous, "posts");
    let projected = projected.unwrap_or_default();
    match claim {
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
        ChangeClaim::ProjectedHigher => format!(
            "{first} so far; projected to the complete year, {projected}, higher than {was} in {prev}."
        ),
        ChangeClaim::ProjectedLower => format!(
            "{first} so far; projected to the complete year, {projected}, lower than {was} in {prev}."
        ),
        ChangeClaim::ProvisionalNotDifferent if p.projection.is_some() => format!(
            "{first} so far; projected to the complete year, {projected}, not significantly different from {was} in {prev}."
        ),
        ChangeClaim::ProvisionalNotDifferent => format!(
            "{first} so far; the year is provisional, so the rate can only rise, and it is not yet compared with {was} in {prev}."
        ),
    }
}

/// The clause for a group of phases whose changes share a wording.
pub(crate) fn change_clause(claim: ChangeClaim, phases: &[String], claims: &Claims) -> String {
    let rates = format!(
        "{} rate{}",
        list(phases),
        if phases.len() > 1 { "s" } else { "" }
    );
    let (were, are) = if phases.len() > 1 {
        ("were", "are")
    } else {
        ("was", "is")
    };
    let prev = RecruitmentYear(claims.year.0 - 1).label();
    match claim {
        ChangeClaim::Rose => format!("the {rates} rose significantly"),
        ChangeClaim::Fell => format!("the {rates} fell significantly"),
        ChangeClaim::LittleChanged => format!("the {rates} {were} little changed"),
        ChangeClaim::NotSignificant => format!(
            "the change{} in the {rates} {} not statistically significant",
            if phases.len() > 1 { "s" } else { "" },
            were
        ),
        ChangeClaim::ProjectedHigher => {
            format!("the {rates} {are} projected to be higher than in {prev}")
        }
        ChangeClaim::ProjectedLower => {
            format!("the {rates} {are} projected to be lower than in {prev}")
        }
        ChangeClaim::ProvisionalNotDifferent => format!(
            "the {rates} {are} provisional and not projected to differ significantly from {prev}"
        ),
    }
}

/// One phase's head teacher rate, as its own headline.
fn phase_headline(src: &Source, phase: Phase, p: &PhaseClaims) -> Headline {
    let sentence = phase_sentence(src, p, phase);
    let id = format!("head_unfilled_{}", phase.name().to_lowercase());
    let mut h = Headline::rate(id, &sentence, src, phase.name(), &p.rate);
    h.projected_value = p
        .projection
        .map(|pr| Value::Float(pr.rate * 100.0).number(1).expect("a number"));
    match &p.change {
        Some((c, _)) => h.against(c),
        None => h,
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
        .map(|(phase, p)| phase_headline(src, *phase, p))
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
    let rates: Vec<Proportion> = phases.iter().map(|(_, p)| p.rate).collect();
    let shares: Vec<(String, String)> = phases
        .iter()
        .map(|(phase, p)| {
            (
                phase.name().to_lowercase(),
                format!("{} per cent", whole(&p.rate)),
            )
        })
        .collect();
    // The seed's sentence, with the bases when any is under 50 posts.
    let sentence = format!(
        "{} head teacher posts{} were unfilled after an initial advertisement in {}.",
        phase_shares(&shares),
        bases_words(&rates),
        year_words(src)
    );
    for (phase, p) in &phases {
        let id = format!("head_unfilled_by_phase_{}", phase.name().to_lowercase());
        out.push(Headline::rate(id, &sentence, src, phase.name(), &p.rate));
    }
    let changes: Vec<(String, &Comparison, ChangeClaim)> = phases
        .iter()
        .filter_map(|(phase, p)| {
            let (c, claim) = p.change.as_ref()?;
            Some((phase.name().to_lowercase(), c, *claim))
        })
        .collect();
    if changes.len() == phases.len() {
        let sentence = change_sentence(claims, &phases, &changes, prev);
        // One entry per phase: its rate, the rate it is compared with, its projection.
        for (h, (phase, _)) in per_phase.iter().zip(&phases) {
            let mut entry = h.clone();
            entry.id = format!("head_unfilled_change_{}", phase.name().to_lowercase());
            entry.sentence = sentence.clone();
            out.push(entry);
        }
    }
    out.extend(per_phase);
}

/// ` (352, 47 and 16 posts)` when any of `rates` is on fewer than 50 posts; else nothing.
fn bases_words(rates: &[Proportion]) -> String {
    if rates.iter().all(|p| p.n >= SMALL_BASE) {
        return String::new();
    }
    let bases: Vec<String> = rates.iter().map(|p| thousands(p.n)).collect();
    format!(" ({} posts)", list(&bases))
}

/// How the phases' rates changed on the year before, in one sentence: in a final year,
/// "Against 34, 20 and 43 per cent in 2009/10, the primary rate rose significantly; ...";
/// in a provisional year, from the projections: "Projected to the complete year, the
/// rates would be 36 (95% interval 29 to 45), ..., not significantly different from ...".
fn change_sentence(
    claims: &Claims,
    phases: &[(Phase, &PhaseClaims)],
    changes: &[(String, &Comparison, ChangeClaim)],
    prev: RecruitmentYear,
) -> String {
    let before: Vec<Proportion> = changes.iter().map(|(_, c, _)| c.previous).collect();
    let before_words: Vec<String> = before.iter().map(whole).collect();
    let against = format!(
        "{} per cent in {}{}",
        list(&before_words),
        prev.label(),
        bases_words(&before)
    );
    let named: Vec<(String, ChangeClaim)> = changes.iter().map(|c| (c.0.clone(), c.2)).collect();
    let projected: Vec<String> = phases
        .iter()
        .enumerate()
        .filter_map(|(i, (_, p))| {
            let pr = p.projection.as_ref()?;
            let percent = |v: f64| Value::Float(v * 100.0).text(0);
            let interval = if i == 0 {
                format!(
                    "95% interval {} to {}",
                    percent(pr.lower),
                    percent(pr.upper)
                )
            } else {
                format!("{} to {}", percent(pr.lower), percent(pr.upper))
            };
            let unit = if i + 1 == phases.len() {
                " per cent"
            } else {
                ""
            };
            Some(format!("{}{unit} ({interval})", percent(pr.rate)))
        })
        .collect();
    if !claims.provisional || projected.len() != phases.len() {
        return format!("Against {against}, {}.", change_clauses(&named, claims));
    }
    let names: Vec<String> = changes.iter().map(|c| c.0.clone()).collect();
    let start = format!(
        "The complete-year projections for {} are {}",
        list(&names),
        list(&projected)
    );
    if named
        .iter()
        .all(|c| c.1 == ChangeClaim::ProvisionalNotDifferent)
    {
        return format!("{start}, not significantly different from {against}.");
    }
    // Each wording with the phases it applies to: "higher for primary, lower for special".
    let mut parts = Vec::new();
    for (claim, words) in [
        (ChangeClaim::Rose, "higher for"),
        (ChangeClaim::ProjectedHigher, "higher for"),
        (ChangeClaim::ProjectedLower, "lower for"),
        (
            ChangeClaim::ProvisionalNotDifferent,
            "not significantly different for",
        ),
    ] {
        let these = worded(&named, claim);
        if !these.is_empty() {
            parts.push(format!("{words} {}", list(&these)));
        }
    }
    format!("{start}, against {against}: {}.", list(&parts))
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
    now.p_value = against
        .p_value
        .map(|p| Value::Float(p).number(4).expect("a number"));
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

/// `template` with its `{n}` the number of items compared, in words: "the {n} English
/// regions" is "the nine English regions".
pub(crate) fn counted(template: &str, n: usize) -> String {
    template.replace("{n}", &number_words(n))
}

/// A count as a sentence writes it: "nine", or figures from 13 on.
fn number_words(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
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
    let group = counted(group, claim.compared());
    let among = counted(among, claim.compared());
    match claim {
        Highest::Above {
            items,
            rate,
            against_rest,
            ..
        } => {
            let names: Vec<String> = items.iter().map(&name).collect();
            let (had, each) = if names.len() > 1 {
                ("had the same, highest", " each")
            } else {
                ("had the highest", "")
            };
            format!(
                "{group}, {} {had} unfilled rate for head teacher posts in {year}: {}{each}, significantly above {others} together ({}) after allowing for the number compared.",
                list(&names),
                quoted(rate, "posts"),
                quoted(&against_rest.previous, "posts"),
            )
        }
        Highest::NotDifferent { .. } => format!(
            "Unfilled rates for head teacher posts in {year} did not differ significantly {among}: none was significantly above the rest together."
        ),
    }
}

fn highest_entry<T>(src: &Source, id: &str, claim: &Highest<T>, sentence: String) -> Headline {
    let mut h = match claim {
        Highest::Above {
            rate,
            adjusted_p_value,
            ..
        } => {
            let mut h = Headline::rate(id.into(), &sentence, src, TOTAL_NAME, rate);
            // The p-value the claim rests on: Bonferroni-adjusted for the items compared.
            h.p_value = Some(Value::Float(*adjusted_p_value).number(4).expect("a number"));
            h.significant = Some(true);
            h
        }
        Highest::NotDifferent { .. } => {
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
    Some(highest(
        src,
        "head_unfilled_highest_region",
        claim,
        |r| region_words(*r),
        // "The nine English regions" when every region was compared; otherwise "the
        // four English regions compared".
        if claim.compared() == REGIONS.len() {
            (
                "Of the {n} English regions",
                "between the {n} English regions",
                "the other regions",
            )
        } else {
            (
                "Of the {n} English regions compared",
                "between the {n} English regions compared",
                "the other regions",
            )
        },
    ))
}

/// The headline of a "highest" claim: its sentence (`highest_sentence`) and its entry.
fn highest<T>(
    src: &Source,
    id: &str,
    claim: &Highest<T>,
    name: impl Fn(&T) -> String,
    phrases: (&str, &str, &str),
) -> Headline {
    let sentence = highest_sentence(src, claim, name, phrases);
    highest_entry(src, id, claim, sentence)
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
    Some(highest(
        src,
        "head_unfilled_highest_religious_character",
        claim,
        |r| religion_words(*r),
        (
            "Of the {n} religious characters of school compared",
            "between the {n} religious characters of school compared",
            "other schools",
        ),
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
