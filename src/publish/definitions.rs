//! Methods, definitions and the key to the EES symbols, written once: the report's
//! "Methods and definitions" section, the spreadsheet's Notes sheet and the data
//! package's descriptions all read them from here.

use serde::Serialize;

use crate::config::Rules;
use crate::disclosure::Symbol;
use crate::domain::RecruitmentYear;

#[derive(Debug, Clone, Serialize)]
pub struct Definition {
    pub term: &'static str,
    pub text: String,
}

/// The title of a report year's outputs.
pub fn report_title(year: RecruitmentYear) -> String {
    format!("The labour market for school leaders, {}", year.label())
}

/// `text` after the data's label ("Synthetic demonstration data. text"), or `text`
/// alone when the inputs have no label.
pub fn after_label(label: &str, text: String) -> String {
    if label.is_empty() {
        text
    } else {
        format!("{label}. {text}")
    }
}

/// Each symbol a tidy table may hold in place of a number, and what it means.
pub fn symbols(min_base: u32) -> Vec<(&'static str, String)> {
    Symbol::ALL
        .into_iter()
        .map(|s| {
            let meaning = match s {
                Symbol::LowReliability => format!("low reliability, a rate on fewer than {min_base} posts (its counts are still shown)"),
                Symbol::NotAvailable => "not available".into(),
                Symbol::NotApplicable => "not applicable (a change in the first year; a p-value where both rates are 0 or both 100 per cent, so the test is undefined)".into(),
                Symbol::Confidential => format!("confidential, a workforce figure on fewer than {min_base} people, or one that would let such a figure be worked out from a total (counts are withheld too)"),
            };
            (s.code(), meaning)
        })
        .collect()
}

/// The symbols in one sentence: "u: low reliability ...; x: not available; ...".
pub fn symbol_key(min_base: u32) -> String {
    symbols(min_base)
        .iter()
        .map(|(s, meaning)| format!("{s}: {meaning}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// "Unfilled" in brief, for the key messages: what the rates measure, and in a
/// provisional year what its rates are.
pub fn unfilled_in_brief(rules: &Rules, provisional: bool) -> String {
    let mut text = format!(
        "Unfilled after an initial advertisement: the school advertised the same post again {} to {} days after an earlier advert.",
        rules.readvert_min_days, rules.readvert_max_days
    );
    if provisional {
        text.push_str(" A provisional year's rates are lower bounds (posts advertised late in the year may still be re-advertised); the projections estimate the complete year from how long re-advertisement took in the last five final years.");
    }
    text
}

/// What the build was given beyond the adverts and the register, for the definitions
/// that depend on it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Given {
    /// School links (lineages).
    pub links: bool,
    /// Survey returns.
    pub survey: bool,
}

/// Every definition, in the order the report gives them; `observed_until` is the last
/// date the advert data covers (`YYYY-MM-DD`).
pub fn definitions(rules: &Rules, observed_until: &str, given: Given) -> Vec<Definition> {
    let links_used = given.links;
    let min = rules.readvert_min_days;
    let max = rules.readvert_max_days;
    let (first, last) = (
        rules.year_start.first_day_words(),
        rules.year_start.last_day_words(),
    );
    let (u, c) = (Symbol::LowReliability.code(), Symbol::Confidential.code());
    let d = |term, text: String| Definition { term, text };
    let mut all = vec![
        d("Recruitment year", format!("{first} to {last}. A post counts in the year of its first advert.")),
        d("Post", format!("A school's run of adverts for one role (head, deputy or assistant head teacher). Its adverts are taken in date order and each is compared with the one before it: one more than {max} days later starts a new post.")),
        d("Re-advertisement", format!("An advert {min} to {max} days after the one before, for the same school and role: the post was not filled by the first advertisement. An advert fewer than {min} days after the one before is a repeat listing of the same advert (in another place, or a correction) and does not count as a re-advertisement.")),
        d("Unfilled rate", "Posts re-advertised at least once, as a percentage of all posts. The 95% confidence interval is the Wilson score interval, which behaves well for small numbers and rates near 0 or 100%.".into()),
        d("Year-on-year change and significance", format!("The change is in percentage points against the same group a year earlier. A pooled two-proportion z-test gives a p-value; below {} the change is called significant and described as a rise or a fall. Otherwise both values are given and the change is called not statistically significant, or little changed when it is also under {} percentage points. A provisional year is compared through its projection (see Provisional years).", crate::measures::stats::SIGNIFICANCE_LEVEL, crate::claims::LITTLE_CHANGE_PP)),
        d("What the sentences claim", format!("A region, religious character or phase is called the highest only when its rate is significantly above the rest of its group together (two-proportion test, its p-value multiplied by the number of items compared: the Bonferroni adjustment for picking the top); tied items are named together. A rate is called the highest (or lowest) in the series, or since a named year, only when it differs significantly from the most extreme year it is compared over. A figure on fewer than {} posts or people is quoted with its base and 95% confidence interval.", crate::claims::SMALL_BASE)),
        d("Provisional years", format!("A post first advertised less than {max} days before the last date the data covers ({observed_until}) may still be re-advertised, so a year holding such posts is provisional: its rates are lower bounds and can only rise. Its rates are also projected to the complete year (data/projection.csv): completeness is the share of eventual re-advertisements already seen, from how long re-advertisement took (first advert to first re-advertisement) for posts of the same role in the last five final years, given how long each post has been watched; the projected rate is the observed rate divided by completeness, and its interval is the Wilson interval divided the same way. A provisional rate is called higher or lower than the year before only when the projection's whole 95% interval is above or below the earlier rate; otherwise the sentence gives the projection and says it is not significantly different.")),
        d("Posts per 100 schools", format!("Posts divided by the state-funded schools of that phase open on {first} of the year, times 100.")),
        d("Scope", "State-funded schools in the GIAS register: local authority maintained schools, academies, free schools, special schools and Welsh schools, without alternative provision, 16-19 institutions, pupil referral units and nursery schools. Phase comes from the register unless the advert states it.".into()),
        d("Retention (workforce panel)", "For the leaders (head, deputy and assistant head teachers) of in-scope schools at one November census, where each was at the next census: in the same post (same school and role), in the same role at another school, promoted, in a lower leadership role, or absent (left leadership). Retained in role is the first two together; retained in leadership is everyone but those who left. A person with several posts at one census keeps the highest (ties to the lowest URN). The figures sit under the academic year of the first census.".into()),
        d("Schools through time (lineages)", if links_used {
            "A school that converts to an academy, or is otherwise re-registered, closes and reopens under a new URN; the GIAS school links join the two. Schools joined by one-to-one Successor/Predecessor links are one school through time: a re-advertisement at the new URN continues the post opened at the old one, and a head who stays across the conversion stayed in post, is not a new head, and survives. Merges, amalgamations, splits and other links are not followed: the school after them is a new school.".to_string()
        } else {
            "No school links were given, so each URN is a school: a school that converts to an academy gets a new URN and counts as a new school, its head as moving school (and as a new head), and a post re-advertised across the conversion as two posts.".to_string()
        }),
        d("New head teachers and survival", "A new head is head of a school at a census but was not its head at the census before. Survival k years on is the share of a cohort still head of the same school at the census k years later (a head away for a year and back counts as in post).".into()),
        d("Symbols", format!("{}. Headlines never quote a {u} or {c} value.", symbol_key(rules.min_base))),
        d("Rounding", "Half up, at output only: 1 decimal place in tables, whole numbers in sentences. Totals and rates are computed from unrounded counts.".into()),
    ];
    if given.survey {
        // Before the symbols: with the other methods.
        let at = all.len() - 2;
        all.insert(at, d("Survey method", format!("Schools that advertised a post answered whether they appointed after the first advertisement. An answer belongs to the post of the same school (lineage), role and recruitment year in the advert data. The survey's unfilled rate is the share of answers saying no, with its Wilson interval; the response rate is the share of posts advertised whose school answered about them (matched answers per 100 posts). The weighted rate weights each answer that matches a post to the posts advertised in its weighting cell, phase x region x advert evidence (re-advertised or not): weight = posts / answers in the cell. A cell with posts but no answers is merged with the same phase and evidence across regions (its posts are spread over that group's answers). Because the adverts show, for every post, whether it was re-advertised, this corrects non-response that depends on the outcome as far as the advert evidence reveals it; weighting by phase and region alone cannot. Answers matching no post count in the unweighted rate only, and posts at schools not in the register are in no weighting cell. The weighted rate's interval is the Wilson interval on the Kish effective number of answers (the sum of the weights, squared, over the sum of the squared weights), and its year-on-year change is tested on those effective numbers. Agreement compares, for matched answers, what the school said with whether the adverts show a re-advertisement; the advert method's detection is the share of no answers whose post was re-advertised. Survey rates on fewer than {} answers are marked {u} (low reliability), as advert-based rates on too few posts are. The two methods are never combined into one rate.", rules.min_base)));
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_comes_first_when_there_is_one() {
        assert_eq!(
            after_label("Synthetic data", "Source: x".into()),
            "Synthetic data. Source: x"
        );
        assert_eq!(after_label("", "Source: x".into()), "Source: x");
    }

    #[test]
    fn definitions_follow_the_rules_in_force() {
        let rules = Rules {
            readvert_min_days: 28,
            readvert_max_days: 300,
            min_base: 5,
            protection: 5,
            year_start: crate::calendar::YearStart::parse("08-01").unwrap(),
        };
        let all = definitions(&rules, "2025-08-31", Given::default());
        let text = |term| &all.iter().find(|d| d.term == term).unwrap().text;
        assert!(text("Re-advertisement").starts_with("An advert 28 to 300 days after"));
        assert!(text("Recruitment year").starts_with("1 August to 31 July."));
        assert!(text("Posts per 100 schools").contains("open on 1 August of the year"));
        assert!(text("Provisional years")
            .contains("less than 300 days before the last date the data covers (2025-08-31)"));
        assert!(text("Symbols").contains("u: low reliability, a rate on fewer than 5 posts"));
    }
}
