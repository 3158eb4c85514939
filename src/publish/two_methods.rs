//! The report's "Two methods" section: the report year's head teacher rates by the
//! survey (weighted and unweighted) and by the adverts, side by side, and the agreement
//! of the two methods in words and in a table. Rendered from the disclosed cells; the
//! sentences state counts and shares the tables hold, and claim no difference.

use serde::Serialize;

use crate::disclosure::{AgreementRow, Disclosed, RateCell, SurveyTables};
use crate::domain::{Country, Item, Phase, RecruitmentYear, Role};
use crate::measures::survey::SurveyKey;
use crate::measures::unfilled::UnfilledKey;
use crate::publish::about::count_of;
use crate::publish::format::thousands;
use crate::publish::tidy::{
    optional, optional_rate, rate_with_interval, weighted_rate, with_interval, Value, NOT_AVAILABLE,
};

/// One phase's head teacher rates by each method.
#[derive(Debug, Clone, Serialize)]
pub struct MethodRow {
    pub phase: String,
    pub answers: String,
    pub response_percent: String,
    pub weighted: String,
    pub unweighted: String,
    pub adverts: String,
}

/// One phase's agreement table row (head teacher posts).
#[derive(Debug, Clone, Serialize)]
pub struct AgreementView {
    pub phase: String,
    pub matched: String,
    pub unfilled_readvertised: String,
    pub unfilled_not_readvertised: String,
    pub filled_readvertised: String,
    pub filled_not_readvertised: String,
    pub detection: String,
    pub agreement: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TwoMethods {
    pub rows: Vec<MethodRow>,
    pub agreement: Vec<AgreementView>,
    /// What the agreement table says, in words.
    pub sentences: Vec<String>,
}

const HEAD: Item<Role> = Item::Of(Role::Head);

/// The section, for the report year `year` at the top National level.
pub fn two_methods(
    survey: &SurveyTables,
    rates: &[RateCell],
    top: Country,
    year: RecruitmentYear,
) -> TwoMethods {
    let at = |phase: Item<Phase>| {
        let key = SurveyKey::national(year, top, phase, HEAD);
        (survey.rate(&key), survey.agreement_at(&key))
    };
    let mut rows = Vec::new();
    let mut agreement = Vec::new();
    let mut sentences = Vec::new();
    for phase in Item::<Phase>::all() {
        let (Some(s), a) = at(phase) else {
            continue;
        };
        let key = UnfilledKey::national(year, top, phase, HEAD, Item::Total);
        let adverts = rates.iter().find(|c| c.key == key).map_or_else(
            || "x".into(),
            |c| with_interval(&rate_with_interval(&c.unfilled)),
        );
        let name = match phase {
            Item::Total => "All phases".to_string(),
            Item::Of(p) => p.name().to_string(),
        };
        rows.push(MethodRow {
            phase: name.clone(),
            answers: thousands(s.response_count),
            response_percent: s.response().map_or(NOT_AVAILABLE, Value::Percent).text(1),
            weighted: with_interval(&weighted_rate(&s.weighted)),
            unweighted: with_interval(&optional_rate(&s.unweighted)),
            adverts,
        });
        if let Some(a) = a {
            let c = &a.cell;
            agreement.push(AgreementView {
                phase: name,
                matched: thousands(c.matched()),
                unfilled_readvertised: thousands(c.unfilled_readvertised),
                unfilled_not_readvertised: thousands(c.unfilled_not_readvertised),
                filled_readvertised: thousands(c.filled_readvertised),
                filled_not_readvertised: thousands(c.filled_not_readvertised),
                detection: with_interval(&optional_rate(&a.detection)),
                agreement: optional(&a.agreement, |p| Value::Percent(p.fraction())).text(1),
            });
            if phase == Item::Total {
                sentences.extend(agreement_sentences(a, year));
            }
        }
    }
    TwoMethods {
        rows,
        agreement,
        sentences,
    }
}

/// The agreement of all phases' head teacher answers, in words: counts, and the shares
/// only where they are shown.
fn agreement_sentences(a: &AgreementRow, year: RecruitmentYear) -> Vec<String> {
    let c = &a.cell;
    let said_no = c.unfilled_readvertised + c.unfilled_not_readvertised;
    let said_yes = c.filled_readvertised + c.filled_not_readvertised;
    let mut out = vec![format!(
        "{} about head teacher posts in {} matched a post in the advert data; {} that the school had not appointed after the first advertisement.",
        count_of(c.matched(), "survey answer"),
        year.label(),
        if said_no == 1 { "1 said".to_string() } else { format!("{} said", thousands(said_no)) }
    )];
    if said_no > 0 {
        let share = match a.detection.as_ref().and_then(|d| d.shown()) {
            Some(p) => {
                let [v, lo, hi] = rate_with_interval(&Disclosed::Shown(*p)).map(|v| v.text(1));
                format!(" ({v} per cent; 95% confidence interval {lo} to {hi})")
            }
            None => " (too few answers for a reliable share)".into(),
        };
        out.push(format!(
            "The adverts showed a re-advertisement for {} of those {}{share}; the advert method counts the other {} as filled (as it would a post re-advertised outside the advert data, left vacant or withdrawn).",
            thousands(c.unfilled_readvertised),
            thousands(said_no),
            thousands(c.unfilled_not_readvertised),
        ));
    }
    if said_yes > 0 {
        out.push(format!(
            "Of the {} answers saying the school appointed after the first advertisement, {} had been re-advertised all the same: the advert method counts them as unfilled.",
            thousands(said_yes),
            thousands(c.filled_readvertised),
        ));
    }
    out
}
