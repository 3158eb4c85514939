//! Press-ready headline figures and sentences (DESIGN.md, Outputs: Headlines). Every
//! sentence renders a claim decided once in `claims` (a rise, a record, the highest
//! region) from the disclosed cells, so no sentence can claim more than the data
//! support or disagree with its table. Rates are quoted in whole per cent; a figure on
//! fewer than 50 posts carries its base and interval. No `u` or `c` cell is quoted.

use serde::{Deserialize, Serialize};

use crate::claims::{ChangeClaim, Claims};
use crate::domain::{Item, Phase, RecruitmentYear, Role};
use crate::measures::proportion::{Comparison, Fraction, Proportion};
use crate::publish::format::thousands;
use crate::publish::tidy::Value;

pub mod survey;
mod unfilled;
pub mod workforce;

pub(crate) use unfilled::{change_clause, counted, region_words};
pub use unfilled::{headlines, Source};

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
    /// One of the (at most six) key messages `headlines.md` leads with.
    #[serde(default)]
    pub key_message: bool,
}

use crate::claims::SMALL_BASE;

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

/// ", compared with 31, 20 and 40 per cent in 2009/10. The primary rate rose ...": the
/// figures compared with (`before`, of `noun`, then `when`), and how each changed.
pub(crate) fn compared_with(
    before: &[Proportion],
    noun: &str,
    when: &str,
    named: &[(String, ChangeClaim)],
    claims: &Claims,
) -> String {
    format!(
        ", compared with {} {when}.{}",
        quoted_list(before, noun),
        changes_sentence(named, claims)
    )
}

/// " The primary rate rose significantly; the secondary rate was little changed (two-
/// proportion test at the 5% level).": each group's changes in one clause, in the order
/// rises, falls, little changed, not significant, provisional.
pub(crate) fn changes_sentence(named: &[(String, ChangeClaim)], claims: &Claims) -> String {
    format!(" {}.", capitalised(&change_clauses(named, claims)))
}

/// The clauses of `changes_sentence`, uncapitalised and without the full stop, for a
/// sentence that leads into them ("Against 34 per cent in 2009/10, the primary ...").
pub(crate) fn change_clauses(named: &[(String, ChangeClaim)], claims: &Claims) -> String {
    let mut clauses = Vec::new();
    for claim in [
        ChangeClaim::Rose,
        ChangeClaim::Fell,
        ChangeClaim::LittleChanged,
        ChangeClaim::NotSignificant,
        ChangeClaim::ProjectedHigher,
        ChangeClaim::ProjectedLower,
        ChangeClaim::ProvisionalNotDifferent,
    ] {
        let these = worded(named, claim);
        if !these.is_empty() {
            clauses.push(change_clause(claim, &these, claims));
        }
    }
    format!(
        "{}{}",
        clauses.join("; "),
        test_note(named.iter().map(|c| c.1))
    )
}

/// The names in `named` whose change is worded `claim`, in order.
pub(crate) fn worded(named: &[(String, ChangeClaim)], claim: ChangeClaim) -> Vec<String> {
    named
        .iter()
        .filter(|c| c.1 == claim)
        .map(|c| c.0.clone())
        .collect()
}

/// Names the test any clause rests on: the two-proportion test for final years, the
/// projection's interval for provisional ones.
pub(crate) fn test_note(claims: impl IntoIterator<Item = ChangeClaim>) -> &'static str {
    let (provisional, tested): (Vec<ChangeClaim>, Vec<ChangeClaim>) =
        claims.into_iter().partition(|c| c.is_provisional());
    match (provisional.is_empty(), tested.is_empty()) {
        (true, false) => " (two-proportion test at the 5% level)",
        (false, true) => " (the projection's 95% interval against the previous year's rate)",
        (false, false) => {
            " (two-proportion test at the 5% level, or the projection's 95% interval)"
        }
        (true, true) => "",
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
            key_message: false,
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
        self.p_value = c
            .p_value
            .map(|p| Value::Float(p).number(4).expect("a number"));
        self.significant = Some(c.significant);
        self
    }
}

/// At most this many key messages (DESIGN.md, Headlines for the press office).
pub const KEY_MESSAGES: usize = 6;

/// A key message is one sentence of at most this many words (the data label aside).
pub const KEY_MESSAGE_WORDS: usize = 45;

/// The words of `sentence`, without the data label that closes it (`[...]`).
pub fn word_count(sentence: &str) -> usize {
    let text = match sentence.rfind(" [") {
        Some(i) if sentence.ends_with(']') => &sentence[..i],
        _ => sentence,
    };
    text.split_whitespace().count()
}

/// Which headlines may lead, in the order they would: the rates by phase, their change,
/// a record, a region or religious character that stands out, the posts advertised,
/// heads' retention and new heads' survival, the survey.
fn key_rank(h: &Headline) -> Option<usize> {
    let id = h.id.as_str();
    let stands_out = h.value.is_some();
    let record =
        id.starts_with("head_unfilled_") && (id.ends_with("_highest") || id.ends_with("_lowest"));
    let rank = if id.starts_with("head_unfilled_by_phase") {
        0
    } else if id.starts_with("head_unfilled_change_") {
        1
    } else if record {
        2
    } else if id == "head_unfilled_highest_region" && stands_out {
        3
    } else if id == "head_unfilled_highest_religious_character" && stands_out {
        4
    } else if id == "posts_advertised" {
        5
    } else if id.starts_with("head_retention") {
        6
    } else if id == "new_head_survival_one_year" {
        7
    } else if id.starts_with("survey_") {
        8
    } else {
        return None;
    };
    Some(rank)
}

/// Marks the key messages: by `key_rank`, each sentence of at most `KEY_MESSAGE_WORDS`
/// words, at most `KEY_MESSAGES` sentences (every entry of a chosen sentence is marked).
pub fn mark_key_messages(list: &mut [Headline]) {
    let mut ranked: Vec<(usize, usize)> = list
        .iter()
        .enumerate()
        .filter(|(_, h)| word_count(&h.sentence) <= KEY_MESSAGE_WORDS)
        .filter_map(|(i, h)| Some((key_rank(h)?, i)))
        .collect();
    ranked.sort();
    let mut chosen: Vec<String> = Vec::new();
    for (_, i) in ranked {
        let sentence = &list[i].sentence;
        if !chosen.contains(sentence) && chosen.len() < KEY_MESSAGES {
            chosen.push(sentence.clone());
        }
    }
    for h in list.iter_mut() {
        h.key_message = chosen.contains(&h.sentence);
    }
}

/// `headlines.md`: a title, the data label, the key messages with the definition of
/// "unfilled" beside them, then every other sentence once.
pub fn markdown(
    headlines: &[Headline],
    year: RecruitmentYear,
    label: &str,
    definition: &str,
) -> String {
    let mut md = format!(
        "# Headlines: leadership labour market, {}\n\n",
        year.label()
    );
    if !label.is_empty() {
        md.push_str(&format!("Data: {label}.\n\n"));
    }
    let (key, rest) = key_and_detail(headlines);
    let bullets = |list: &[&str]| -> String { list.iter().map(|s| format!("- {s}\n")).collect() };
    if !key.is_empty() {
        md.push_str("## Key messages\n\n");
        md.push_str(&bullets(&key));
        md.push_str(&format!("\n{definition}\n\n"));
    }
    if !rest.is_empty() {
        md.push_str("## More detail (also in the report)\n\n");
        md.push_str(&bullets(&rest));
    }
    md
}

/// The key messages' sentences, then the others', each sentence once and in order (a
/// sentence quoting several figures has several entries).
pub fn key_and_detail(headlines: &[Headline]) -> (Vec<&str>, Vec<&str>) {
    let mut seen = std::collections::HashSet::new();
    let mut once = |key: bool| -> Vec<&str> {
        (headlines.iter())
            .filter(|h| h.key_message == key)
            .map(|h| h.sentence.as_str())
            .filter(|s| seen.insert(*s))
            .collect()
    };
    let key = once(true);
    (key, once(false))
}
