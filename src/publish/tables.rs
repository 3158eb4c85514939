//! Tidy EES-format tables and their `.meta.csv` (DESIGN.md, Outputs): column names
//! from the EES data dictionary, geography first, filters next, indicators last. Each
//! writer returns bytes; only `publish::stage` writes files.

use crate::disclosure::{rate_text, NOT_AVAILABLE};
use crate::domain::{country_name, region_name};
use crate::ingest::published::{PublishedRow, COLUMNS as PUBLISHED_COLUMNS};
use crate::measures::change::ChangeCell;
use crate::measures::stats::wilson_interval;
use crate::measures::unfilled::UnfilledCell;
use crate::measures::CellKey;
use crate::publish::format::{decimal, percent, ratio};

/// One column's line in a `.meta.csv`.
pub enum Meta {
    Filter {
        name: &'static str,
        label: &'static str,
        hint: &'static str,
    },
    Indicator {
        name: &'static str,
        label: &'static str,
        unit: &'static str,
        dp: u8,
    },
}

#[derive(Clone)]
pub struct TidyTable {
    pub name: &'static str,
    /// What the table holds, in words (spreadsheet sheets, data package resources).
    pub title: &'static str,
    pub csv: Vec<u8>,
    pub meta: Vec<u8>,
}

/// Text from the inputs must not become a spreadsheet formula (OWASP CSV injection):
/// a value starting with `= + - @`, tab or carriage return gets a leading apostrophe.
/// Only input text goes through here; slm's own numbers (`-1.5`) are written as they are.
pub fn csv_safe(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

pub(crate) fn write_csv(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(header).expect("write to memory");
    for row in rows {
        w.write_record(&row).expect("write to memory");
    }
    w.into_inner().expect("flush to memory")
}

/// The header and records of CSV bytes that `write_csv` wrote (the published tables
/// read back, so that what is derived from them cannot disagree with them).
pub(crate) fn read_records(bytes: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader
        .headers()
        .map(|h| h.iter().map(str::to_string).collect())
        .unwrap_or_default();
    let rows = reader.records().filter_map(|r| r.ok()).collect();
    (header, rows)
}

/// `read_records`, each row as owned strings.
pub(crate) fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let (header, records) = read_records(bytes);
    let rows = records
        .iter()
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

pub(crate) fn write_meta(columns: &[Meta], label_suffix: &str) -> Vec<u8> {
    let header = [
        "col_name",
        "col_type",
        "label",
        "indicator_grouping",
        "indicator_unit",
        "indicator_dp",
        "filter_hint",
        "filter_grouping_column",
    ];
    let rows = columns.iter().map(|c| match c {
        Meta::Filter { name, label, hint } => vec![
            name.to_string(),
            "Filter".into(),
            label.to_string(),
            String::new(),
            String::new(),
            String::new(),
            hint.to_string(),
            String::new(),
        ],
        Meta::Indicator {
            name,
            label,
            unit,
            dp,
        } => vec![
            name.to_string(),
            "Indicator".into(),
            format!("{label}{label_suffix}"),
            String::new(),
            unit.to_string(),
            dp.to_string(),
            String::new(),
            String::new(),
        ],
    });
    write_csv(&header, rows)
}

pub(crate) const GEOGRAPHY_COLUMNS: [&str; 7] = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
];

/// The time and geography columns of a cell; `with_region` for tables with Regional
/// rows.
pub(crate) fn geography_fields(key: &CellKey, with_region: bool) -> Vec<String> {
    let mut fields = vec![
        key.year.time_period(),
        "Academic year".into(),
        key.geographic_level.clone(),
        key.country_code.clone(),
        country_name(&key.country_code).into(),
    ];
    if with_region {
        fields.extend([
            key.region_code.clone(),
            region_name(&key.region_code).into(),
        ]);
    }
    fields
}

fn key_fields(key: &CellKey) -> Vec<String> {
    let mut fields = geography_fields(key, true);
    fields.extend([
        key.education_phase.clone(),
        key.post.clone(),
        key.school_religious_character.clone(),
    ]);
    fields
}

/// The change `k1/n1 - k0/n0` in percentage points, to 1 decimal place, computed
/// exactly: `(k1 n0 - k0 n1) * 100 / (n1 n0)`.
pub(crate) fn change_pp(k1: u64, n1: u64, k0: u64, n0: u64) -> String {
    let num = i128::from(k1) * i128::from(n0) - i128::from(k0) * i128::from(n1);
    percent(num, i128::from(n1) * i128::from(n0), 1)
}

fn filter_meta() -> Vec<Meta> {
    vec![
        Meta::Filter {
            name: "education_phase",
            label: "School phase",
            hint: "Primary, secondary or special school",
        },
        Meta::Filter {
            name: "post",
            label: "Leadership post",
            hint: "Head, deputy or assistant head teacher",
        },
        Meta::Filter {
            name: "school_religious_character",
            label: "Religious character",
            hint: "Religious character of the school",
        },
    ]
}

fn header(filters_and_indicators: &[Meta]) -> Vec<&'static str> {
    header_after(&GEOGRAPHY_COLUMNS, filters_and_indicators)
}

/// `first` columns, then each filter and indicator in order.
pub(crate) fn header_after(
    first: &[&'static str],
    filters_and_indicators: &[Meta],
) -> Vec<&'static str> {
    let mut h: Vec<&str> = first.to_vec();
    h.extend(filters_and_indicators.iter().map(|m| match m {
        Meta::Filter { name, .. } | Meta::Indicator { name, .. } => *name,
    }));
    h
}

/// A Wilson bound, in per cent to 1 decimal place.
pub(crate) fn bound(p: f64) -> String {
    decimal(p * 100.0, 1)
}

pub fn unfilled_rates(cells: &[UnfilledCell], min_base: u32, label_suffix: &str) -> TidyTable {
    let mut columns = filter_meta();
    columns.extend([
        Meta::Indicator {
            name: "advert_count",
            label: "Adverts published",
            unit: "",
            dp: 0,
        },
        Meta::Indicator {
            name: "post_count",
            label: "Posts advertised",
            unit: "",
            dp: 0,
        },
        Meta::Indicator {
            name: "readvertised_post_count",
            label: "Posts re-advertised",
            unit: "",
            dp: 0,
        },
        Meta::Indicator {
            name: "provisional_post_count",
            label: "Posts whose outcome is provisional",
            unit: "",
            dp: 0,
        },
        Meta::Indicator {
            name: "unfilled_percent",
            label: "Posts unfilled after first advert",
            unit: "%",
            dp: 1,
        },
        Meta::Indicator {
            name: "unfilled_percent_lower",
            label: "Unfilled lower 95% limit",
            unit: "%",
            dp: 1,
        },
        Meta::Indicator {
            name: "unfilled_percent_upper",
            label: "Unfilled upper 95% limit",
            unit: "%",
            dp: 1,
        },
        Meta::Indicator {
            name: "school_count",
            label: "Open schools on 1 September",
            unit: "",
            dp: 0,
        },
        Meta::Indicator {
            name: "post_rate_per_100_schools",
            label: "Posts advertised per 100 schools",
            unit: "",
            dp: 1,
        },
    ]);
    let rows = cells.iter().map(|c| {
        let (k, n) = (c.readvertised_post_count, c.post_count);
        let interval = wilson_interval(k, n);
        let mut row = key_fields(&c.key);
        row.extend([
            c.advert_count.to_string(),
            n.to_string(),
            k.to_string(),
            c.provisional_post_count.to_string(),
            rate_text(n, min_base, || percent(k.into(), n.into(), 1)),
            rate_text(n, min_base, || bound(interval.0)),
            rate_text(n, min_base, || bound(interval.1)),
            c.school_count.to_string(),
            if c.school_count == 0 {
                NOT_AVAILABLE.to_string()
            } else {
                ratio(i128::from(n) * 100, c.school_count.into(), 1)
            },
        ]);
        row
    });
    TidyTable {
        name: "unfilled_rates",
        title: "Leadership posts advertised, and the share unfilled after the first advertisement",
        csv: write_csv(&header(&columns), rows),
        meta: write_meta(&columns, label_suffix),
    }
}

pub fn unfilled_change(cells: &[ChangeCell], min_base: u32, label_suffix: &str) -> TidyTable {
    let mut columns = filter_meta();
    columns.extend([
        Meta::Indicator {
            name: "unfilled_percent",
            label: "Posts unfilled after first advert",
            unit: "%",
            dp: 1,
        },
        Meta::Indicator {
            name: "previous_unfilled_percent",
            label: "Unfilled in the previous year",
            unit: "%",
            dp: 1,
        },
        Meta::Indicator {
            name: "unfilled_percent_change",
            label: "Change on previous year",
            unit: "pp",
            dp: 1,
        },
        Meta::Indicator {
            name: "unfilled_percent_change_p_value",
            label: "p-value of the change",
            unit: "",
            dp: 4,
        },
    ]);
    let rows = cells.iter().map(|c| {
        let both = c.posts.min(c.previous_posts);
        let mut row = key_fields(&c.key);
        row.extend([
            rate_text(c.posts, min_base, || {
                percent(c.readvertised.into(), c.posts.into(), 1)
            }),
            rate_text(c.previous_posts, min_base, || {
                percent(c.previous_readvertised.into(), c.previous_posts.into(), 1)
            }),
            rate_text(both, min_base, || {
                change_pp(
                    c.readvertised,
                    c.posts,
                    c.previous_readvertised,
                    c.previous_posts,
                )
            }),
            rate_text(both, min_base, || decimal(c.p_value, 4)),
        ]);
        row
    });
    TidyTable {
        name: "unfilled_change",
        title: "Year-on-year change in the share of posts unfilled after the first advertisement",
        csv: write_csv(&header(&columns), rows),
        meta: write_meta(&columns, label_suffix),
    }
}

/// The published series, written as read (DESIGN.md, Inputs: Published series).
pub fn published_series(rows: &[PublishedRow]) -> TidyTable {
    let columns = [
        Meta::Filter {
            name: "education_phase",
            label: "School phase",
            hint: "Head teacher posts by school phase",
        },
        Meta::Filter {
            name: "series",
            label: "Survey series",
            hint: "The survey the figure comes from",
        },
        Meta::Filter {
            name: "source",
            label: "Source",
            hint: "Publication that reported the figure",
        },
        Meta::Indicator {
            name: "unfilled_after_first_advert_percent",
            label: "Head posts unfilled after first advert",
            unit: "%",
            dp: 0,
        },
        Meta::Indicator {
            name: "readvertised_percent",
            label: "Head posts re-advertised",
            unit: "%",
            dp: 0,
        },
    ];
    let mut meta = write_meta(&columns, "");
    // Neither filter has a Total: name the default item the way EES asks.
    meta = add_filter_defaults(&meta, rows);
    TidyTable {
        name: "published_series",
        title: "Head teacher posts unfilled or re-advertised, as published by earlier surveys",
        csv: write_csv(
            &PUBLISHED_COLUMNS,
            rows.iter()
                .map(|r| r.fields.iter().map(|f| csv_safe(f)).collect()),
        ),
        meta,
    }
}

/// Appends a `filter_default` column naming, for each filter, the item of the first row.
fn add_filter_defaults(meta: &[u8], rows: &[PublishedRow]) -> Vec<u8> {
    with_filter_defaults(meta, |name| {
        rows.first()
            .map(|r| r.get(name).to_string())
            .unwrap_or_default()
    })
}

/// Appends a `filter_default` column to a `.meta.csv`: `default(name)` for each filter.
pub(crate) fn with_filter_defaults(meta: &[u8], default: impl Fn(&str) -> String) -> Vec<u8> {
    let text = String::from_utf8(meta.to_vec()).expect("utf-8 meta");
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let value = if i == 0 {
            "filter_default".to_string()
        } else if line.contains(",Filter,") {
            default(line.split(',').next().unwrap_or(""))
        } else {
            String::new()
        };
        out.push_str(line);
        out.push(',');
        out.push_str(&csv_field(&value));
        out.push('\n');
    }
    out.into_bytes()
}

fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_but_numbers_are_not() {
        assert_eq!(
            csv_safe("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("+1"), "'+1");
        assert_eq!(csv_safe("-1"), "'-1");
        assert_eq!(csv_safe("Primary"), "Primary");
    }
}
