//! The leadership workforce panel (DESIGN.md, Inputs: Workforce panel): one row per
//! person, census and post. The file is person-level and sensitive, so:
//! - `person_id` is read only to link a person's censuses: each distinct id becomes a
//!   number in order of first appearance, and the text is dropped when reading ends;
//! - no message repeats a value from the file (a misplaced column could put an id
//!   anywhere), only its line, column and what was expected.

use polars::prelude::*;

use crate::domain::Role;
use crate::error::Problem;
use crate::ingest::adverts::parse_urn;
use crate::ingest::csv_table::CsvTable;

pub const REQUIRED: [&str; 4] = ["census_year", "person_id", "school_urn", "role"];

/// Census years slm accepts: the panel starts long after 1990 and a year past 2100 is
/// a typing slip.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Rank of a role: 0 head, 1 deputy, 2 assistant (lower is higher).
pub fn role_rank(role: Role) -> i32 {
    Role::ALL.iter().position(|r| *r == role).unwrap_or(0) as i32
}

/// Panel rows as columns; persons are numbers, never their ids.
#[derive(Debug, Default)]
pub struct WorkforceColumns {
    pub census_year: Vec<i32>,
    pub person: Vec<u32>,
    pub school_urn: Vec<u32>,
    pub role_rank: Vec<i32>,
    ids: PersonIds,
}

/// Person ids to numbers, in order of first appearance. Ids of up to 15 bytes (the
/// usual case) are kept inline as one `u128`, so that a lookup touches no heap memory
/// and compares no strings; longer ids go to a map of strings.
#[derive(Debug, Default)]
struct PersonIds {
    short: rustc_hash::FxHashMap<u128, u32>,
    long: rustc_hash::FxHashMap<String, u32>,
}

impl PersonIds {
    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// The number of `id`, given a new one if it has none yet.
    fn number(&mut self, id: &str) -> u32 {
        let next = self.len() as u32;
        if id.len() < 16 {
            let mut bytes = [0u8; 16];
            bytes[..id.len()].copy_from_slice(id.as_bytes());
            bytes[15] = id.len() as u8;
            *self.short.entry(u128::from_le_bytes(bytes)).or_insert(next)
        } else if let Some(&n) = self.long.get(id) {
            n
        } else {
            self.long.insert(id.to_string(), next);
            next
        }
    }
}

/// Replaces every back-quoted value in a message about the panel with `…`, unless it is
/// one of the panel's column names: messages from the shared CSV reader may quote a
/// header field, and a file without a header has a person_id there.
pub fn withhold_values(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut parts = message.split('`');
    out.push_str(parts.next().unwrap_or(""));
    let mut quoted = true;
    for part in parts {
        if quoted {
            let keep = REQUIRED.contains(&part);
            out.push('`');
            out.push_str(if keep { part } else { "…" });
            out.push('`');
        } else {
            out.push_str(part);
        }
        quoted = !quoted;
    }
    out
}

impl WorkforceColumns {
    /// People seen, all censuses together.
    pub fn people(&self) -> usize {
        self.ids.len()
    }

    /// Reads the panel's text; returns how many data rows it had.
    pub fn read(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) -> usize {
        let first_problem = problems.len();
        let count = self.read_rows(file, text, problems);
        for p in &mut problems[first_problem..] {
            p.message = withhold_values(&p.message);
        }
        count
    }

    fn read_rows(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) -> usize {
        let Some((table, [year_col, id_col, urn_col, role_col])) =
            CsvTable::open_with_columns(file, text, &REQUIRED, problems)
        else {
            return 0;
        };
        const WITHHELD: &str = "(values from this person-level file are not repeated here)";
        let count = table.for_each_row(problems, |row, problems| {
            let at = |i: usize, message: &str| {
                Problem::at(file, row.line, i + 1, format!("{message} {WITHHELD}"))
            };
            let before = problems.len();
            let year = row
                .field(year_col)
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|y| YEARS.contains(y));
            if year.is_none() {
                problems.push(at(
                    year_col,
                    "census_year is not a census year; expected the year of the November census, 1990 to 2100, e.g. 2010 for 2010/11",
                ));
            }
            let id = row.field(id_col).trim();
            if id.is_empty() {
                problems.push(at(
                    id_col,
                    "person_id is empty; expected the person's opaque id",
                ));
            }
            let urn = parse_urn(row.field(urn_col));
            if urn.is_none() {
                problems.push(at(
                    urn_col,
                    "school_urn is not a URN; expected a whole number above 0",
                ));
            }
            let role = Role::parse(row.field(role_col));
            if role.is_none() {
                problems.push(at(
                    role_col,
                    "role is not known; expected head, deputy or assistant",
                ));
            }
            if problems.len() > before {
                return;
            }
            let person = self.ids.number(id);
            self.census_year.push(year.unwrap());
            self.person.push(person);
            self.school_urn.push(urn.unwrap());
            self.role_rank.push(role_rank(role.unwrap()));
        });
        if count == 0 {
            problems.push(Problem::in_file(
                file,
                "the file has a header but no rows; expected one row per leader and census (or leave inputs.workforce out of slm.toml)",
            ));
        }
        count
    }

    /// The panel frame: census_year, person, school_urn, role_rank. Person ids are gone.
    pub fn into_frame(self) -> PolarsResult<DataFrame> {
        df!(
            "census_year" => self.census_year,
            "person" => self.person,
            "school_urn" => self.school_urn,
            "role_rank" => self.role_rank,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_never_repeat_a_value() {
        let mut cols = WorkforceColumns::default();
        let mut problems = vec![];
        cols.read(
            "workforce.csv",
            "census_year,person_id,school_urn,role\n\
             2010,SECRET1,100001,head\n\
             SECRET2,2010,100001,head\n\
             2010,SECRET3,SECRET3,SECRET3\n",
            &mut problems,
        );
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(text.len(), 3, "{text:#?}");
        assert!(text[0].starts_with("workforce.csv:3:1: census_year is not a census year"));
        assert!(text[1].starts_with("workforce.csv:4:3: school_urn is not a URN"));
        assert!(text[2].starts_with("workforce.csv:4:4: role is not known"));
        assert!(text.iter().all(|t| !t.contains("SECRET")), "{text:#?}");
        assert_eq!(cols.people(), 1);
    }

    #[test]
    fn a_file_without_its_header_does_not_echo_the_first_row() {
        let mut cols = WorkforceColumns::default();
        let mut problems = vec![];
        cols.read("w.csv", "2010,P-77,100001,head\n", &mut problems);
        assert_eq!(problems.len(), 1);
        let text = problems[0].to_string();
        assert!(text.contains("missing required columns"), "{text}");
        assert!(!text.contains("P-77"), "{text}");
    }

    #[test]
    fn withholding_keeps_column_names() {
        assert_eq!(
            withhold_values("`rol` looks like `role`"),
            "`…` looks like `role`"
        );
    }
}
