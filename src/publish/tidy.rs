//! One typed published table (DESIGN.md, Outputs): column specs (role, label, unit,
//! decimal places, filter default) and rows of typed values. The CSV, the `.meta.csv`,
//! the workbook's sheets and the data package are all rendered from it; nothing is
//! read back from bytes. A value becomes text or a number only here and in `format`.

use std::collections::BTreeSet;

use crate::disclosure::{Disclosed, Symbol};
use crate::measures::proportion::{Comparison, Fraction, Proportion};
use crate::measures::survey::WeightedRate;
use crate::publish::format::{decimal_fixed, percent_fixed, ratio_fixed, Fixed};

/// What a column is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRole {
    /// The EES time and geography columns, which the meta file does not list.
    Geography,
    Filter {
        hint: &'static str,
        /// The filter's default item when it has no `Total` (`filter_default`).
        default: Option<String>,
    },
    Indicator {
        /// `%`, `pp` or empty.
        unit: &'static str,
        /// Decimal places; `None` for values shown as another table shows them, with
        /// its own places (`revisions`): the meta leaves `indicator_dp` blank.
        dp: Option<u8>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub label: String,
    pub role: ColumnRole,
}

impl ColumnSpec {
    pub fn geography(name: &'static str) -> ColumnSpec {
        let label = match name {
            "time_period" => "Time period",
            "time_identifier" => "Time identifier",
            "geographic_level" => "Geographic level",
            "country_code" => "Country code",
            "country_name" => "Country",
            "region_code" => "Region code",
            "region_name" => "Region",
            "old_la_code" => "Old LA code",
            "new_la_code" => "New LA code",
            "la_name" => "Local authority",
            other => other,
        };
        ColumnSpec {
            name,
            label: label.into(),
            role: ColumnRole::Geography,
        }
    }

    pub fn filter(name: &'static str, label: &str, hint: &'static str) -> ColumnSpec {
        ColumnSpec {
            name,
            label: label.into(),
            role: ColumnRole::Filter {
                hint,
                default: None,
            },
        }
    }

    pub fn indicator(name: &'static str, label: &str, unit: &'static str, dp: u8) -> ColumnSpec {
        ColumnSpec {
            name,
            label: label.into(),
            role: ColumnRole::Indicator { unit, dp: Some(dp) },
        }
    }

    /// An indicator whose values are texts of other tables, each with its own unit and
    /// decimal places (`revisions`).
    pub fn indicator_as_shown(name: &'static str, label: &str) -> ColumnSpec {
        ColumnSpec {
            name,
            label: label.into(),
            role: ColumnRole::Indicator { unit: "", dp: None },
        }
    }

    /// A whole-number indicator: a count.
    pub fn is_count(&self) -> bool {
        matches!(
            self.role,
            ColumnRole::Indicator {
                unit: "",
                dp: Some(0)
            }
        )
    }

    fn dp(&self) -> u32 {
        match self.role {
            ColumnRole::Indicator { dp: Some(dp), .. } => u32::from(dp),
            _ => 0,
        }
    }
}

/// One published value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Names and codes; text from the inputs is already made safe (`csv_safe`).
    Text(String),
    Count(u64),
    /// A proportion, shown in per cent.
    Percent(Fraction),
    /// An exact ratio shown as it is.
    Ratio(Fraction),
    /// A value that is not a ratio of counts (interval bounds in per cent, p-values).
    Float(f64),
    Symbol(Symbol),
}

impl Value {
    /// The number shown, rounded to `dp` places; `None` for text and symbols.
    pub fn fixed(&self, dp: u32) -> Option<Fixed> {
        match self {
            Value::Count(n) => Some(Fixed {
                units: i128::from(*n),
                dp: 0,
            }),
            Value::Percent(f) => Some(percent_fixed(f.numerator, f.denominator, dp)),
            Value::Ratio(f) => Some(ratio_fixed(f.numerator, f.denominator, dp)),
            Value::Float(v) => Some(decimal_fixed(*v, dp)),
            Value::Text(_) | Value::Symbol(_) => None,
        }
    }

    pub fn text(&self, dp: u32) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Symbol(s) => s.code().to_string(),
            number => number.fixed(dp).expect("a number").text(),
        }
    }

    /// The text of `text` without a copy for text and symbols; a number is written into
    /// `buffer` (reused from cell to cell).
    pub fn text_in<'a>(&'a self, dp: u32, buffer: &'a mut String) -> &'a str {
        match self {
            Value::Text(t) => t,
            Value::Symbol(s) => s.code(),
            number => {
                buffer.clear();
                number.fixed(dp).expect("a number").write_to(buffer);
                buffer
            }
        }
    }

    /// The value shown, as a number (what a chart draws); `None` for symbols and text.
    pub fn number(&self, dp: u32) -> Option<f64> {
        self.fixed(dp).map(Fixed::value)
    }

    /// A disclosed value: `shown` of it, or its symbol.
    pub fn of<T>(d: &Disclosed<T>, shown: impl FnOnce(&T) -> Value) -> Value {
        match d.shown() {
            Some(v) => shown(v),
            None => Value::Symbol(d.symbol().expect("withheld values have a symbol")),
        }
    }
}

/// The three values of a rate with its interval, in per cent: rate, lower, upper.
pub fn rate_with_interval(d: &Disclosed<Proportion>) -> [Value; 3] {
    [
        Value::of(d, |p| Value::Percent(p.fraction())),
        Value::of(d, |p| Value::Float(p.lower * 100.0)),
        Value::of(d, |p| Value::Float(p.upper * 100.0)),
    ]
}

/// `33.7 (24.1 to 44.9)` from a rate and its limits, or the rate's symbol alone.
pub fn with_interval(values: &[Value; 3]) -> String {
    match (values[0].fixed(1), values[1].fixed(1), values[2].fixed(1)) {
        (Some(v), Some(lo), Some(hi)) => format!("{} ({} to {})", v.text(), lo.text(), hi.text()),
        _ => values[0].text(1),
    }
}

/// `x` (not available): where a cell has no value at all.
pub const NOT_AVAILABLE: Value = Value::Symbol(Symbol::NotAvailable);

/// `z` (not applicable): a change in a cell's first year, or a test that is undefined.
pub const NOT_APPLICABLE: Value = Value::Symbol(Symbol::NotApplicable);

/// A p-value, or `z` where the test is undefined (both rates 0, or both 100%): never
/// a 1 the test did not give.
pub fn p_value_of(p: Option<f64>) -> Value {
    p.map_or(NOT_APPLICABLE, Value::Float)
}

/// A disclosed value that may not exist: `shown` of it, its symbol, or `x`.
pub fn optional<T>(d: &Option<Disclosed<T>>, shown: impl Fn(&T) -> Value) -> Value {
    match d {
        Some(d) => Value::of(d, shown),
        None => NOT_AVAILABLE,
    }
}

/// A rate with its interval that may not exist (no answer): its three values, or `x`.
pub fn optional_rate(d: &Option<Disclosed<Proportion>>) -> [Value; 3] {
    match d {
        Some(d) => rate_with_interval(d),
        None => [NOT_AVAILABLE, NOT_AVAILABLE, NOT_AVAILABLE],
    }
}

/// A survey's weighted rate with its interval, in per cent, or `x` without one.
pub fn weighted_rate(w: &Option<Disclosed<WeightedRate>>) -> [Value; 3] {
    [
        optional(w, |w| Value::Float(w.rate * 100.0)),
        optional(w, |w| Value::Float(w.lower * 100.0)),
        optional(w, |w| Value::Float(w.upper * 100.0)),
    ]
}

/// The change of a comparison in percentage points.
pub fn change_points(d: &Disclosed<Comparison>) -> Value {
    Value::of(d, |c| Value::Percent(c.change))
}

pub fn p_value(d: &Disclosed<Comparison>) -> Value {
    Value::of(d, |c| p_value_of(c.p_value))
}

/// A tidy table: its name, what it holds, its columns, and its rows.
#[derive(Debug, Clone)]
pub struct TidyTable {
    pub name: &'static str,
    /// What the table holds, in words (spreadsheet sheets, data package resources).
    pub title: &'static str,
    pub columns: Vec<ColumnSpec>,
    pub rows: Vec<Vec<Value>>,
}

fn write_csv<R: AsRef<[u8]>>(header: &[&str], rows: impl IntoIterator<Item = Vec<R>>) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(header).expect("write to memory");
    for row in rows {
        w.write_record(&row).expect("write to memory");
    }
    w.into_inner().expect("flush to memory")
}

impl TidyTable {
    /// Column `name`'s position.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The text of row `r`, column `i`, as the CSV has it.
    pub fn text(&self, r: usize, i: usize) -> String {
        self.rows[r][i].text(self.columns[i].dp())
    }

    /// The number shown in row `r`, column `i` (if it is one) and its text, rounded once.
    pub fn fixed_and_text(&self, r: usize, i: usize) -> (Option<Fixed>, String) {
        let value = &self.rows[r][i];
        match value.fixed(self.columns[i].dp()) {
            Some(fixed) => (Some(fixed), fixed.text()),
            None => (None, value.text(self.columns[i].dp())),
        }
    }

    /// The distinct non-empty texts of column `i`, sorted.
    pub fn items(&self, i: usize) -> Vec<String> {
        // Texts (every geography and filter cell) are gathered without a copy each.
        let mut texts: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        let mut others: Vec<String> = Vec::new();
        for row in &self.rows {
            match &row[i] {
                Value::Text(t) => {
                    texts.insert(t.as_str());
                }
                other => others.push(other.text(self.columns[i].dp())),
            }
        }
        let mut items: Vec<String> = texts
            .into_iter()
            .map(String::from)
            .chain(others)
            .filter(|v| !v.is_empty())
            .collect();
        items.sort_unstable();
        items.dedup();
        items
    }

    pub fn csv(&self) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        w.write_record(self.columns.iter().map(|c| c.name))
            .expect("write to memory");
        // One buffer for every number: no allocation per cell.
        let mut buffer = String::new();
        for row in &self.rows {
            for (value, column) in row.iter().zip(&self.columns) {
                w.write_field(value.text_in(column.dp(), &mut buffer))
                    .expect("write to memory");
            }
            w.write_record(None::<&[u8]>).expect("write to memory");
        }
        w.into_inner().expect("flush to memory")
    }

    /// Whether the meta file has a `filter_default` column: some filter has no Total.
    fn has_filter_defaults(&self) -> bool {
        self.columns.iter().any(|c| {
            matches!(
                c.role,
                ColumnRole::Filter {
                    default: Some(_),
                    ..
                }
            )
        })
    }

    /// The columns of the `.meta.csv`: the 8 EES columns, plus `filter_default` where a
    /// filter has no Total.
    pub fn meta_header(&self) -> Vec<&'static str> {
        let mut header = vec![
            "col_name",
            "col_type",
            "label",
            "indicator_grouping",
            "indicator_unit",
            "indicator_dp",
            "filter_hint",
            "filter_grouping_column",
        ];
        if self.has_filter_defaults() {
            header.push("filter_default");
        }
        header
    }

    /// The `.meta.csv`: one row per filter and indicator.
    pub fn meta(&self) -> Vec<u8> {
        let header = self.meta_header();
        let defaults = self.has_filter_defaults();
        let rows = self.columns.iter().filter_map(|c| {
            let mut row: Vec<String> = match &c.role {
                ColumnRole::Geography => return None,
                ColumnRole::Filter { hint, .. } => vec![
                    c.name.into(),
                    "Filter".into(),
                    c.label.clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                    hint.to_string(),
                    String::new(),
                ],
                ColumnRole::Indicator { unit, dp } => vec![
                    c.name.into(),
                    "Indicator".into(),
                    c.label.clone(),
                    String::new(),
                    unit.to_string(),
                    dp.map_or_else(String::new, |d| d.to_string()),
                    String::new(),
                    String::new(),
                ],
            };
            if defaults {
                row.push(match &c.role {
                    ColumnRole::Filter {
                        default: Some(d), ..
                    } => d.clone(),
                    _ => String::new(),
                });
            }
            Some(row)
        });
        write_csv(&header, rows)
    }
}

/// The filter that marks a provisional year's rows (DESIGN.md, Provisional): "Provisional"
/// or "Final", decided by the row's time period alone.
pub const VERSION: &str = "version";

impl TidyTable {
    /// Adds the `version` filter, first after the time and geography columns, when the
    /// table holds rows of a provisional year (`provisional`: time periods, `202425`)
    /// and of a final one. A table whose rows are all one version (every year final, or
    /// `projection`, every row provisional) is left as it is: a filter of one item fails
    /// the screener, and its title says what it holds. Its default is "Final", the
    /// version most rows have.
    pub fn mark_versions(&mut self, provisional: &BTreeSet<String>) {
        let Some(t) = self.column("time_period") else {
            return;
        };
        let flags: Vec<bool> = (0..self.rows.len())
            .map(|r| provisional.contains(&self.text(r, t)))
            .collect();
        if !flags.contains(&true) || !flags.contains(&false) {
            return;
        }
        let at = (self.columns.iter())
            .rposition(|c| c.role == ColumnRole::Geography)
            .map_or(0, |i| i + 1);
        self.columns.insert(
            at,
            ColumnSpec {
                name: VERSION,
                label: "Version".into(),
                role: ColumnRole::Filter {
                    hint: "Provisional: the year's later re-advertisements are not all observed yet, so its rates are lower bounds; Final otherwise",
                    default: Some("Final".into()),
                },
            },
        );
        for (row, provisional) in self.rows.iter_mut().zip(flags) {
            let version = if provisional { "Provisional" } else { "Final" };
            row.insert(at, Value::Text(version.into()));
        }
    }
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

    #[test]
    fn a_table_renders_its_values_with_the_columns_decimal_places() {
        let mut phase = ColumnSpec::filter("education_phase", "School phase", "hint");
        phase.role = ColumnRole::Filter {
            hint: "hint",
            default: Some("Primary".into()),
        };
        let t = TidyTable {
            name: "t",
            title: "T",
            columns: vec![
                ColumnSpec::geography("time_period"),
                phase,
                ColumnSpec::indicator("post_count", "Posts", "", 0),
                ColumnSpec::indicator("unfilled_percent", "Unfilled", "%", 1),
            ],
            rows: vec![
                vec![
                    Value::Text("201011".into()),
                    Value::Text("Primary".into()),
                    Value::Count(3),
                    Value::Percent(Fraction {
                        numerator: 1,
                        denominator: 3,
                    }),
                ],
                vec![
                    Value::Text("201011".into()),
                    Value::Text("Total".into()),
                    Value::Count(12),
                    Value::Symbol(Symbol::LowReliability),
                ],
            ],
        };
        assert_eq!(
            String::from_utf8(t.csv()).unwrap(),
            "time_period,education_phase,post_count,unfilled_percent\n201011,Primary,3,33.3\n201011,Total,12,u\n"
        );
        assert_eq!(
            String::from_utf8(t.meta()).unwrap(),
            "col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column,filter_default\neducation_phase,Filter,School phase,,,,hint,,Primary\npost_count,Indicator,Posts,,,0,,,\nunfilled_percent,Indicator,Unfilled,,%,1,,,\n"
        );
        assert_eq!(t.items(1), ["Primary", "Total"]);
        assert_eq!(t.fixed_and_text(0, 3).0.map(|f| f.value()), Some(33.3));
        assert!(t.columns[2].is_count() && !t.columns[3].is_count());
    }

    #[test]
    fn a_provisional_years_rows_are_marked_only_beside_final_ones() {
        let table = |periods: &[&str]| TidyTable {
            name: "t",
            title: "T",
            columns: vec![
                ColumnSpec::geography("time_period"),
                ColumnSpec::geography("country_code"),
                ColumnSpec::filter("post", "Post", "hint"),
                ColumnSpec::indicator("post_count", "Posts", "", 0),
            ],
            rows: periods
                .iter()
                .map(|p| {
                    let text = |t: &str| Value::Text(t.into());
                    vec![text(p), text("K04000001"), text("Total"), Value::Count(3)]
                })
                .collect(),
        };
        let provisional: BTreeSet<String> = ["202425".to_string()].into();
        let mut t = table(&["202324", "202425"]);
        t.mark_versions(&provisional);
        let names: Vec<&str> = t.columns.iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            [
                "time_period",
                "country_code",
                "version",
                "post",
                "post_count"
            ]
        );
        assert_eq!(t.items(2), ["Final", "Provisional"]);
        assert_eq!(
            (t.text(0, 2), t.text(1, 2)),
            ("Final".into(), "Provisional".into())
        );
        assert!(String::from_utf8(t.meta())
            .unwrap()
            .contains("version,Filter,Version,"));
        // One version only: no filter of one item.
        for periods in [&["202324", "202223"][..], &["202425"][..]] {
            let mut t = table(periods);
            t.mark_versions(&provisional);
            assert_eq!(t.columns.len(), 4);
        }
    }
}
