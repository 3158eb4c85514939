//! What each column of a published tidy table is, read back from the table's own CSV
//! header and `.meta.csv` bytes (as the charts read the CSV), so that the spreadsheet
//! and the data package describe exactly what was published.

use crate::publish::tables::{read_csv, read_records, TidyTable};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The EES time and geography columns, which the meta file does not list.
    Geography,
    Filter {
        /// The filter's default item when it has no `Total` (`filter_default`).
        default: Option<String>,
    },
    Indicator {
        /// `%`, `pp` or empty.
        unit: String,
        dp: u8,
    },
}

#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub label: String,
    pub role: Role,
}

impl Column {
    /// A whole-number indicator: a count.
    pub fn is_count(&self) -> bool {
        matches!(&self.role, Role::Indicator { unit, dp: 0 } if unit.is_empty())
    }
}

/// A tidy table with its columns described and its rows parsed.
pub struct DescribedTable<'a> {
    pub table: &'a TidyTable,
    pub columns: Vec<Column>,
    /// One buffer per row (not one string per cell): national tables hold ~650,000 cells.
    pub rows: Vec<csv::StringRecord>,
}

impl DescribedTable<'_> {
    /// The distinct non-empty values of column `i`, sorted.
    pub fn items(&self, i: usize) -> Vec<&str> {
        let mut items: Vec<&str> = self
            .rows
            .iter()
            .map(|r| &r[i])
            .filter(|v| !v.is_empty())
            .collect();
        items.sort_unstable();
        items.dedup();
        items
    }
}

/// The label of an EES time or geography column.
fn geography_label(name: &str) -> &str {
    match name {
        "time_period" => "Time period",
        "time_identifier" => "Time identifier",
        "geographic_level" => "Geographic level",
        "country_code" => "Country code",
        "country_name" => "Country",
        "region_code" => "Region code",
        "region_name" => "Region",
        other => other,
    }
}

pub fn describe(table: &TidyTable) -> DescribedTable<'_> {
    let (meta_header, meta_rows) = read_csv(&table.meta);
    let field = |row: &[String], name: &str| -> String {
        meta_header
            .iter()
            .position(|h| h == name)
            .and_then(|i| row.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let (header, rows) = read_records(&table.csv);
    let columns = header
        .into_iter()
        .map(|name| {
            let Some(meta) = meta_rows.iter().find(|r| r[0] == name) else {
                return Column {
                    label: geography_label(&name).to_string(),
                    name,
                    role: Role::Geography,
                };
            };
            let role = if field(meta, "col_type") == "Filter" {
                let default = field(meta, "filter_default");
                Role::Filter {
                    default: (!default.is_empty()).then_some(default),
                }
            } else {
                Role::Indicator {
                    unit: field(meta, "indicator_unit"),
                    dp: field(meta, "indicator_dp").parse().unwrap_or(0),
                }
            };
            Column {
                label: field(meta, "label"),
                name,
                role,
            }
        })
        .collect();
    DescribedTable {
        table,
        columns,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_take_their_role_from_the_meta_file() {
        let table = TidyTable {
            name: "t",
            title: "T",
            csv: b"time_period,education_phase,post_count,unfilled_percent\n201011,Primary,3,33.3\n201011,Total,u,c\n".to_vec(),
            meta: b"col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column,filter_default\neducation_phase,Filter,School phase,,,,hint,,Primary\npost_count,Indicator,Posts,,,0,,,\nunfilled_percent,Indicator,Unfilled,,%,1,,,\n".to_vec(),
        };
        let d = describe(&table);
        let roles: Vec<&Role> = d.columns.iter().map(|c| &c.role).collect();
        assert_eq!(
            roles,
            [
                &Role::Geography,
                &Role::Filter {
                    default: Some("Primary".into())
                },
                &Role::Indicator {
                    unit: String::new(),
                    dp: 0
                },
                &Role::Indicator {
                    unit: "%".into(),
                    dp: 1
                },
            ]
        );
        assert_eq!(d.columns[0].label, "Time period");
        assert!(d.columns[2].is_count() && !d.columns[3].is_count());
        assert_eq!(d.items(1), ["Primary", "Total"]);
        assert_eq!(d.rows.len(), 2);
    }
}
