//! The survey's headline (DESIGN.md, Headlines): the survey's weighted rate for head
//! teacher posts in the report year, quoted only as the survey's own figure, with its
//! base and interval, never as a change or a comparison with the advert-based rate.

use super::Headline;
use crate::disclosure::SurveyTables;
use crate::domain::{Country, Item, RecruitmentYear, Role};
use crate::measures::survey::SurveyKey;
use crate::publish::tidy::Value;

/// The survey headline of `year`, when its weighted rate is shown (not `u`).
pub fn headline(
    survey: &SurveyTables,
    top: Country,
    year: RecruitmentYear,
    provisional: bool,
    label_suffix: &str,
) -> Option<Headline> {
    let row = survey.rate(&SurveyKey::national(
        year,
        top,
        Item::Total,
        Item::Of(Role::Head),
    ))?;
    let w = row.weighted.as_ref()?.shown()?;
    let text = |v: f64, dp: u32| Value::Float(v * 100.0).text(dp);
    let year_words = year.phrase(provisional);
    let sentence = format!(
        "Schools answering the recruitment survey said {} per cent of head teacher posts advertised in {year_words} were not filled after the first advertisement ({} answers, weighted to the posts advertised; 95% confidence interval {} to {} per cent): the survey's own measure, by a different method from the advert-based rates.{label_suffix}",
        text(w.rate, 0),
        crate::publish::format::thousands(row.matched_response_count),
        text(w.lower, 0),
        text(w.upper, 0),
    );
    let value = Value::Float(w.rate * 100.0).number(1).expect("a number");
    Some(
        Headline::plain(
            "survey_head_rate".into(),
            &sentence,
            year,
            provisional,
            Item::<crate::domain::Phase>::Total.name(),
            "survey_rates",
        )
        .with_percent(value, row.matched_response_count, (w.lower, w.upper)),
    )
}
