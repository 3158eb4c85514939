//! The tidy tables of unfilled rates, their year-on-year change and the published
//! series (DESIGN.md, Outputs), built as typed tables (`tidy`) from the disclosed
//! cells: column names from the EES data dictionary, geography first, filters next,
//! indicators last.

use crate::config::Rules;
use crate::disclosure::{ChangeRow, RateCell, Symbol};
use crate::domain::{PublishedRow, PUBLISHED_COLUMNS};
use crate::measures::CellKey;
use crate::publish::tidy::{
    change_points, csv_safe, p_value, rate_with_interval, ColumnRole, ColumnSpec, TidyTable, Value,
};

pub(crate) const GEOGRAPHY_COLUMNS: [&str; 10] = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
];

/// The finest geographic level a table publishes: its geography columns stop there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Depth {
    National,
    Regional,
    LocalAuthority,
}

impl Depth {
    fn column_count(self) -> usize {
        match self {
            Depth::National => 5,
            Depth::Regional => 7,
            Depth::LocalAuthority => 10,
        }
    }
}

/// The time and geography columns of a table published down to `depth`.
pub(crate) fn geography_columns(depth: Depth) -> Vec<ColumnSpec> {
    GEOGRAPHY_COLUMNS[..depth.column_count()]
        .iter()
        .map(|c| ColumnSpec::geography(c))
        .collect()
}

/// The time and geography values of a cell of a table published down to `depth`.
pub(crate) fn geography_values<F>(key: &CellKey<F>, depth: Depth) -> Vec<Value> {
    let g = key.geography;
    let region = g.region();
    let la = g.local_authority();
    let text = |t: &str| Value::Text(t.into());
    let all = [
        Value::Text(key.year.time_period()),
        text("Academic year"),
        text(g.level()),
        text(g.country().code()),
        text(g.country().name()),
        text(region.map_or("", |r| r.code())),
        text(region.map_or("", |r| r.name())),
        text(la.map_or("", |l| l.old_code())),
        text(la.map_or("", |l| l.new_code())),
        text(la.map_or("", |l| l.name())),
    ];
    all.into_iter().take(depth.column_count()).collect()
}

fn filter_columns() -> Vec<ColumnSpec> {
    vec![
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
        ColumnSpec::filter(
            "school_religious_character",
            "Religious character",
            "Religious character of the school",
        ),
    ]
}

fn key_values(key: &crate::measures::unfilled::UnfilledKey, depth: Depth) -> Vec<Value> {
    let mut values = geography_values(key, depth);
    let f = key.filters;
    values.extend([
        Value::Text(f.phase.name().into()),
        Value::Text(f.post.name().into()),
        Value::Text(f.religion.name().into()),
    ]);
    values
}

/// An indicator whose label carries the data's suffix (e.g. ` (synthetic)`).
pub(crate) fn indicator(
    name: &'static str,
    label: &str,
    unit: &'static str,
    dp: u8,
    suffix: &str,
) -> ColumnSpec {
    ColumnSpec::indicator(name, &format!("{label}{suffix}"), unit, dp)
}

/// An indicator column as a table lists it: EES name, label, unit, decimal places.
pub(crate) type Indicator = (&'static str, &'static str, &'static str, u8);

/// The indicator columns `list` names, their labels carrying the data's suffix.
pub(crate) fn indicators(list: &[Indicator], suffix: &str) -> Vec<ColumnSpec> {
    list.iter()
        .map(|&(name, label, unit, dp)| indicator(name, label, unit, dp, suffix))
        .collect()
}

/// The counts and the rate with its interval; the open schools and the posts per 100
/// schools follow.
#[rustfmt::skip]
const RATE_INDICATORS: [Indicator; 7] = [
    ("advert_count", "Adverts published", "", 0),
    ("post_count", "Posts advertised", "", 0),
    ("readvertised_post_count", "Posts re-advertised", "", 0),
    ("provisional_post_count", "Posts whose outcome is provisional", "", 0),
    ("unfilled_percent", "Posts unfilled after first advert", "%", 1),
    ("unfilled_percent_lower", "Unfilled lower 95% limit", "%", 1),
    ("unfilled_percent_upper", "Unfilled upper 95% limit", "%", 1),
];

pub fn unfilled_rates(cells: &[RateCell], rules: &Rules, label_suffix: &str) -> TidyTable {
    let s = label_suffix;
    let open_schools = format!("Open schools on {}", rules.year_start.first_day_words());
    let mut columns = geography_columns(Depth::LocalAuthority);
    columns.extend(filter_columns());
    columns.extend(indicators(&RATE_INDICATORS, s));
    columns.push(indicator("school_count", &open_schools, "", 0, s));
    columns.extend(indicators(
        &[(
            "post_rate_per_100_schools",
            "Posts advertised per 100 schools",
            "",
            1,
        )],
        s,
    ));
    let rows = cells
        .iter()
        .map(|c| {
            let mut row = key_values(&c.key, Depth::LocalAuthority);
            row.extend([
                Value::Count(c.advert_count),
                Value::Count(c.post_count),
                Value::Count(c.readvertised_post_count),
                Value::Count(c.provisional_post_count),
            ]);
            row.extend(rate_with_interval(&c.unfilled));
            row.push(Value::Count(c.school_count));
            row.push(match c.posts_per_100_schools {
                Some(f) => Value::Ratio(f),
                None => Value::Symbol(Symbol::NotAvailable),
            });
            row
        })
        .collect();
    TidyTable {
        name: "unfilled_rates",
        title: "Leadership posts advertised, and the share unfilled after the first advertisement",
        columns,
        rows,
    }
}

#[rustfmt::skip]
const CHANGE_INDICATORS: [Indicator; 6] = [
    ("unfilled_percent", "Posts unfilled after first advert", "%", 1),
    ("previous_unfilled_percent", "Unfilled in the previous year", "%", 1),
    ("unfilled_percent_change", "Change on previous year", "pp", 1),
    ("unfilled_percent_change_lower", "Change lower 95% limit", "pp", 1),
    ("unfilled_percent_change_upper", "Change upper 95% limit", "pp", 1),
    ("unfilled_percent_change_p_value", "p-value of the change", "", 4),
];

pub fn unfilled_change(cells: &[ChangeRow], label_suffix: &str) -> TidyTable {
    let s = label_suffix;
    let mut columns = geography_columns(Depth::Regional);
    columns.extend(filter_columns());
    columns.extend(indicators(&CHANGE_INDICATORS, s));
    let rows = cells
        .iter()
        .map(|c| {
            let mut row = key_values(&c.key, Depth::Regional);
            let [now, ..] = rate_with_interval(&c.current);
            let [before, ..] = rate_with_interval(&c.previous);
            row.extend([
                now,
                before,
                change_points(&c.comparison),
                Value::of(&c.comparison, |c| Value::Float(c.change_lower * 100.0)),
                Value::of(&c.comparison, |c| Value::Float(c.change_upper * 100.0)),
                p_value(&c.comparison),
            ]);
            row
        })
        .collect();
    TidyTable {
        name: "unfilled_change",
        title: "Year-on-year change in the share of posts unfilled after the first advertisement",
        columns,
        rows,
    }
}

#[rustfmt::skip]
const PROJECTION_INDICATORS: [Indicator; 7] = [
    ("post_count", "Posts advertised", "", 0),
    ("readvertised_post_count", "Posts re-advertised so far", "", 0),
    ("unfilled_percent", "Posts unfilled after first advert so far", "%", 1),
    ("completeness_percent", "Re-advertisements expected to be seen already", "%", 1),
    ("projected_unfilled_percent", "Projected unfilled after first advert", "%", 1),
    ("projected_unfilled_percent_lower", "Projected lower 95% limit", "%", 1),
    ("projected_unfilled_percent_upper", "Projected upper 95% limit", "%", 1),
];

/// The provisional report year's rates projected to the complete year (DESIGN.md,
/// Provisional years), National and Regional: one row per cell with a projection, the
/// projection `u` where the rate is. Empty in a final year.
pub fn projection(cells: &[RateCell], label_suffix: &str) -> TidyTable {
    let mut columns = geography_columns(Depth::Regional);
    columns.extend(filter_columns());
    columns.extend(indicators(&PROJECTION_INDICATORS, label_suffix));
    let rows = cells
        .iter()
        .filter(|c| c.key.geography.local_authority().is_none())
        .filter_map(|c| {
            let p = c.projection.as_ref()?;
            let mut row = key_values(&c.key, Depth::Regional);
            let [rate, ..] = rate_with_interval(&c.unfilled);
            row.extend([
                Value::Count(c.post_count),
                Value::Count(c.readvertised_post_count),
                rate,
                Value::of(p, |p| Value::Float(p.completeness * 100.0)),
                Value::of(p, |p| Value::Float(p.rate * 100.0)),
                Value::of(p, |p| Value::Float(p.lower * 100.0)),
                Value::of(p, |p| Value::Float(p.upper * 100.0)),
            ]);
            Some(row)
        })
        .collect();
    TidyTable {
        name: "projection",
        title: "Provisional unfilled rates projected to the complete year",
        columns,
        rows,
    }
}

/// The published series, written as read (DESIGN.md, Inputs: Published series).
/// Neither filter has a Total: the default item is the first row's, as EES asks.
pub fn published_series(rows: &[PublishedRow]) -> TidyTable {
    let default = |name: &str| rows.first().map(|r| r.get(name).to_string());
    let filter = |name, label, hint| ColumnSpec {
        name,
        label: String::from(label),
        role: ColumnRole::Filter {
            hint,
            default: default(name),
        },
    };
    let mut columns: Vec<ColumnSpec> = PUBLISHED_COLUMNS[..5]
        .iter()
        .map(|c| ColumnSpec::geography(c))
        .collect();
    columns.extend([
        filter(
            "education_phase",
            "School phase",
            "Head teacher posts by school phase",
        ),
        filter(
            "series",
            "Survey series",
            "The survey the figure comes from",
        ),
        filter("source", "Source", "Publication that reported the figure"),
        ColumnSpec::indicator(
            "unfilled_after_first_advert_percent",
            "Head posts unfilled after first advert",
            "%",
            0,
        ),
        ColumnSpec::indicator("readvertised_percent", "Head posts re-advertised", "%", 0),
    ]);
    TidyTable {
        name: "published_series",
        title: "Head teacher posts unfilled or re-advertised, as published by earlier surveys",
        columns,
        rows: rows
            .iter()
            .map(|r| r.fields.iter().map(|f| Value::Text(csv_safe(f))).collect())
            .collect(),
    }
}
