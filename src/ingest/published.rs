//! The published series (DESIGN.md, Inputs: Published series): figures from published
//! reports, checked for their columns and values and then carried through as read.

use crate::error::Problem;
use crate::ingest::csv_table::CsvTable;
use crate::ingest::text::Text;

pub use crate::domain::{PublishedRow, PUBLISHED_COLUMNS as COLUMNS};

fn is_value(text: &str) -> bool {
    text == "z"
        || text == "x"
        || text
            .parse::<f64>()
            .is_ok_and(|v| (0.0..=100.0).contains(&v))
}

pub fn read(file: &str, text: Text<'_>, problems: &mut Vec<Problem>) -> Vec<PublishedRow> {
    let table = match CsvTable::open(file, text, &COLUMNS) {
        Ok(t) => t,
        Err(p) => {
            problems.push(p);
            return vec![];
        }
    };
    let index: Vec<usize> = COLUMNS
        .iter()
        .map(|c| table.column(c).expect("checked"))
        .collect();
    let mut out = Vec::new();
    for row in table.rows(problems) {
        let fields: Vec<String> = index
            .iter()
            .map(|&i| row.field(i).trim().to_string())
            .collect();
        let mut ok = true;
        let tp = &fields[0];
        if tp.len() != 6 || !tp.bytes().all(|b| b.is_ascii_digit()) {
            problems.push(Problem::at(file, row.line, index[0] + 1, format!("time_period `{tp}` is not an academic year; expected six digits such as 201011")));
            ok = false;
        }
        for (k, name) in COLUMNS.iter().enumerate().skip(8) {
            if !is_value(&fields[k]) {
                problems.push(Problem::at(file, row.line, index[k] + 1, format!("{name} `{}` is not a per cent value; expected a number from 0 to 100, or z where the series does not measure it", fields[k])));
                ok = false;
            }
        }
        if ok {
            out.push(PublishedRow { fields });
        }
    }
    out
}
