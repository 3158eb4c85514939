//! The survey's tidy tables (DESIGN.md, Outputs: `survey_rates`, `survey_agreement`),
//! typed from the disclosed survey cells: the survey's own rates beside the frame of
//! advertised posts, and how the survey's answers and the adverts agree.

use crate::disclosure::{AgreementRow, SurveyRow};
use crate::measures::survey::SurveyKey;
use crate::publish::tables::{geography_columns, geography_values, indicators, Depth, Indicator};
use crate::publish::tidy::{
    optional, optional_rate, p_value_of, weighted_rate, ColumnSpec, TidyTable, Value,
    NOT_APPLICABLE, NOT_AVAILABLE,
};

fn filter_columns() -> [ColumnSpec; 2] {
    [
        ColumnSpec::filter(
            "education_phase",
            "School phase",
            "Primary, secondary or special school",
        ),
        ColumnSpec::filter(
            "post",
            "Leadership post",
            "Head, deputy or assistant head teacher",
        ),
    ]
}

fn key_values(key: &SurveyKey, depth: Depth) -> Vec<Value> {
    let mut values = geography_values(key, depth);
    values.extend([
        Value::Text(key.filters.phase.name().into()),
        Value::Text(key.filters.post.name().into()),
    ]);
    values
}

#[rustfmt::skip]
const RATE_INDICATORS: [Indicator; 14] = [
    ("response_count", "Survey answers", "", 0),
    ("post_count", "Posts advertised (the survey's frame)", "", 0),
    ("response_percent", "Posts advertised whose school answered (response rate)", "%", 1),
    ("unfilled_percent", "Answers saying not appointed after the first advert (unweighted)", "%", 1),
    ("unfilled_percent_lower", "Unweighted lower 95% limit", "%", 1),
    ("unfilled_percent_upper", "Unweighted upper 95% limit", "%", 1),
    ("matched_response_count", "Answers matched to an advertised post", "", 0),
    ("weighted_unfilled_percent", "Not appointed after the first advert, weighted to the posts advertised", "%", 1),
    ("weighted_unfilled_percent_lower", "Weighted lower 95% limit", "%", 1),
    ("weighted_unfilled_percent_upper", "Weighted upper 95% limit", "%", 1),
    ("effective_sample_size", "Effective number of answers (Kish)", "", 1),
    ("previous_weighted_unfilled_percent", "Weighted rate in the previous year", "%", 1),
    ("weighted_unfilled_percent_change", "Change in the weighted rate on the previous year", "pp", 1),
    ("weighted_unfilled_percent_change_p_value", "p-value of the change (effective sizes)", "", 4),
];

pub fn survey_rates(rows: &[SurveyRow], label_suffix: &str) -> TidyTable {
    let s = label_suffix;
    let mut columns = geography_columns(Depth::Regional);
    columns.extend(filter_columns());
    columns.extend(indicators(&RATE_INDICATORS, s));
    let rows = rows.iter().map(survey_row).collect();
    TidyTable {
        name: "survey_rates",
        title: "Survey answers: posts not filled after the first advertisement, unweighted and weighted to the posts advertised",
        columns,
        rows,
    }
}

/// One survey cell's row: its key, the answers and frame, the unweighted and weighted
/// rates, and the weighted change on the previous year.
fn survey_row(r: &SurveyRow) -> Vec<Value> {
    let mut row = key_values(&r.key, Depth::Regional);
    row.extend([
        Value::Count(r.response_count),
        Value::Count(r.post_count),
        r.response().map_or(NOT_AVAILABLE, Value::Percent),
    ]);
    row.extend(optional_rate(&r.unweighted));
    row.push(Value::Count(r.matched_response_count));
    row.extend(weighted_rate(&r.weighted));
    // A first year's change does not apply (`z`); otherwise a missing one is
    // not available (`x`).
    let change = |shown: &dyn Fn(&crate::measures::survey::WeightedChange) -> Value| match &r.change
    {
        None if r.first_year => NOT_APPLICABLE,
        change => optional(change, shown),
    };
    row.push(optional(&r.weighted, |w| Value::Float(w.effective_n)));
    row.extend([
        change(&|c| Value::Float(c.previous.rate * 100.0)),
        change(&|c| Value::Float(c.change * 100.0)),
        change(&|c| p_value_of(c.p_value)),
    ]);
    row
}

#[rustfmt::skip]
const AGREEMENT_INDICATORS: [Indicator; 9] = [
    ("matched_response_count", "Answers matched to an advertised post", "", 0),
    ("unfilled_readvertised_count", "School said not appointed; adverts show a re-advertisement", "", 0),
    ("unfilled_not_readvertised_count", "School said not appointed; adverts show none", "", 0),
    ("filled_readvertised_count", "School said appointed; adverts show a re-advertisement", "", 0),
    ("filled_not_readvertised_count", "School said appointed; adverts show none", "", 0),
    ("advert_method_detection_percent", "Not-appointed answers the adverts show re-advertised", "%", 1),
    ("advert_method_detection_percent_lower", "Detection lower 95% limit", "%", 1),
    ("advert_method_detection_percent_upper", "Detection upper 95% limit", "%", 1),
    ("agreement_percent", "Answers on which the two methods agree", "%", 1),
];

pub fn survey_agreement(rows: &[AgreementRow], label_suffix: &str) -> TidyTable {
    let s = label_suffix;
    let mut columns = geography_columns(Depth::National);
    columns.extend(filter_columns());
    columns.extend(indicators(&AGREEMENT_INDICATORS, s));
    let rows = rows
        .iter()
        .map(|r| {
            let c = &r.cell;
            let mut row = key_values(&c.key, Depth::National);
            row.extend([
                Value::Count(c.matched()),
                Value::Count(c.unfilled_readvertised),
                Value::Count(c.unfilled_not_readvertised),
                Value::Count(c.filled_readvertised),
                Value::Count(c.filled_not_readvertised),
            ]);
            row.extend(optional_rate(&r.detection));
            row.push(optional(&r.agreement, |p| Value::Percent(p.fraction())));
            row
        })
        .collect();
    TidyTable {
        name: "survey_agreement",
        title: "Survey answers against the advert evidence for the same posts",
        columns,
        rows,
    }
}
