//! The workforce tables (DESIGN.md, Outputs: retention, new_head_survival), as typed
//! tables from the disclosed cells: a confidential cell publishes `c` for every
//! indicator, counts included; a change involving a confidential year is `c` too, and
//! a cell's first year, with nothing to compare, is `z`.

use crate::disclosure::{Disclosed, RetentionRow, SurvivalRow, Symbol};
use crate::measures::transitions::Transition;
use crate::publish::tables::{
    geography_columns, geography_values, indicator, indicators, Depth, Indicator,
};
use crate::publish::tidy::{
    change_points, p_value, rate_with_interval, ColumnRole, ColumnSpec, TidyTable, Value,
};

/// The retention rates and the change on the year before.
#[rustfmt::skip]
const RETENTION_RATES: [Indicator; 7] = [
    ("retained_in_role_percent", "Retained in role", "%", 1),
    ("retained_in_role_percent_lower", "Retained in role lower 95% limit", "%", 1),
    ("retained_in_role_percent_upper", "Retained in role upper 95% limit", "%", 1),
    ("retained_in_leadership_percent", "Retained in leadership", "%", 1),
    ("previous_retained_in_role_percent", "Retained in role the year before", "%", 1),
    ("retained_in_role_percent_change", "Change in retained in role", "pp", 1),
    ("retained_in_role_percent_change_p_value", "p-value of the change", "", 4),
];

pub fn retention(cells: &[RetentionRow], label_suffix: &str) -> TidyTable {
    let s = label_suffix;
    let mut columns = geography_columns(Depth::LocalAuthority);
    columns.extend([
        ColumnSpec::filter(
            "education_phase",
            "School phase",
            "Phase of the school at the first census",
        ),
        ColumnSpec::filter("post", "Leadership post", "Role at the first census"),
        indicator("leader_count", "Leaders at the census", "", 0, s),
    ]);
    columns.extend(Transition::ALL.iter().map(|t| {
        let label = match t {
            Transition::StayedInPost => "Same post a year later",
            Transition::MovedSchoolSameRole => "Same role at another school",
            Transition::Promoted => "Promoted",
            Transition::OtherLeadershipRole => "Other leadership role",
            Transition::LeftLeadership => "Left leadership",
        };
        indicator(t.column(), label, "", 0, s)
    }));
    columns.extend(indicators(&RETENTION_RATES, s));
    let rows = cells.iter().map(retention_row).collect();
    TidyTable {
        name: "retention",
        title: "Where school leaders at one census were at the next",
        columns,
        rows,
    }
}

/// New heads, those still in post, and the share with its interval.
#[rustfmt::skip]
const SURVIVAL_INDICATORS: [Indicator; 5] = [
    ("new_head_count", "New head teachers", "", 0),
    ("still_in_post_count", "Still head of the same school", "", 0),
    ("still_in_post_percent", "Still in post", "%", 1),
    ("still_in_post_percent_lower", "Still in post lower 95% limit", "%", 1),
    ("still_in_post_percent_upper", "Still in post upper 95% limit", "%", 1),
];

pub fn new_head_survival(cells: &[SurvivalRow], label_suffix: &str) -> TidyTable {
    let s = label_suffix;
    let mut columns = geography_columns(Depth::National);
    // All phases only (disclosure: a phase's cohort is a handful of heads), so no phase
    // filter; years_after_appointment has no Total: one year on is the default view.
    columns.extend([ColumnSpec {
        name: "years_after_appointment",
        label: "Years after appointment".into(),
        role: ColumnRole::Filter {
            hint: "Censuses after the one where the head was new",
            default: Some("1".into()),
        },
    }]);
    columns.extend(indicators(&SURVIVAL_INDICATORS, s));
    let rows = cells
        .iter()
        .map(|c| {
            let mut row = geography_values(&c.key, Depth::National);
            row.push(Value::Text(c.key.filters.years_after.to_string()));
            let p = &c.still_in_post;
            row.push(Value::of(p, |p| Value::Count(p.n)));
            row.push(Value::of(p, |p| Value::Count(p.k)));
            row.extend(rate_with_interval(p));
            row
        })
        .collect();
    TidyTable {
        name: "new_head_survival",
        title: "New head teachers (all phases) still head of the same school, by years after appointment",
        columns,
        rows,
    }
}

/// One retention cell's row: its key, the leaders and where they were a year later,
/// the retention rates, and the change on the year before (`z` in a first year; `c`
/// whenever the cell is confidential).
fn retention_row(c: &RetentionRow) -> Vec<Value> {
    let mut row = geography_values(&c.key, Depth::LocalAuthority);
    row.extend([
        Value::Text(c.key.filters.phase.name().into()),
        Value::Text(c.key.filters.post.name().into()),
    ]);
    let f = &c.figures;
    row.push(Value::of(f, |f| Value::Count(f.leader_count())));
    row.extend(
        Transition::ALL
            .iter()
            .map(|t| Value::of(f, |f| Value::Count(f.transitions.get(*t)))),
    );
    row.extend(rate_with_interval(&f.map(|f| f.retained_in_role)));
    row.push(Value::of(f, |f| {
        Value::Percent(f.retained_in_leadership.fraction())
    }));
    match &c.change {
        None => row.extend(std::iter::repeat_n(Value::Symbol(Symbol::NotApplicable), 3)),
        Some(change) => row.extend([
            Value::of(change, |ch| Value::Percent(ch.previous.fraction())),
            change_points(change),
            p_value(change),
        ]),
    }
    // A confidential cell hides its change too, whatever the year before.
    if matches!(f, Disclosed::Confidential) {
        let n = row.len();
        for v in &mut row[n - 3..] {
            *v = Value::Symbol(Symbol::Confidential);
        }
    }
    row
}
