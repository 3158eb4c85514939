//! A published tidy table read back from its CSV bytes, so that charts and the report
//! draw exactly what the table says (suppressed cells included).

use std::collections::HashMap;

use crate::publish::tables::read_csv;

pub struct Table {
    index: HashMap<String, usize>,
    rows: Vec<Vec<String>>,
}

#[derive(Clone, Copy)]
pub struct Row<'a> {
    index: &'a HashMap<String, usize>,
    fields: &'a [String],
}

impl<'a> Row<'a> {
    pub fn get(&self, column: &str) -> &'a str {
        self.index
            .get(column)
            .and_then(|&i| self.fields.get(i))
            .map_or("", String::as_str)
    }

    /// The value of an indicator, or `None` for a symbol (`u`, `x`, `z`, `c`).
    pub fn number(&self, column: &str) -> Option<f64> {
        self.get(column).parse().ok()
    }

    /// The start year of the row's `time_period` (`201011` -> 2010).
    pub fn year(&self) -> i32 {
        self.get("time_period")
            .get(..4)
            .and_then(|y| y.parse().ok())
            .unwrap_or(0)
    }
}

impl Table {
    pub fn parse(bytes: &[u8]) -> Table {
        let (header, rows) = read_csv(bytes);
        let index = header
            .into_iter()
            .enumerate()
            .map(|(i, c)| (c, i))
            .collect();
        Table { index, rows }
    }

    /// Rows whose columns have all the given values, in table order.
    pub fn select(&self, want: &[(&str, &str)]) -> Vec<Row<'_>> {
        self.rows
            .iter()
            .map(|fields| Row {
                index: &self.index,
                fields,
            })
            .filter(|r| want.iter().all(|(c, v)| r.get(c) == *v))
            .collect()
    }
}
