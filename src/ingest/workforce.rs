//! The leadership workforce panel (DESIGN.md, Inputs: Workforce panel): one row per
//! person, census and post. The file is person-level and sensitive, so:
//! - `person_id` is read only to link a person's censuses: each distinct id becomes a
//!   number in order of first appearance, and the text is dropped when reading ends;
//! - no message repeats a value from the file (a misplaced column could put an id
//!   anywhere), only its line, column and what was expected.

use polars::prelude::*;
use rayon::slice::ParallelSliceMut;

use crate::domain::Role;
use crate::error::Problem;
use crate::ingest::csv_table::{read_in_pieces, CsvTable, Piece};
use crate::ingest::fields::parse_urn;
use crate::ingest::text::Text;

pub const REQUIRED: [&str; 4] = ["census_year", "person_id", "school_urn", "role"];

/// Census years slm accepts: the panel starts long after 1990 and a year past 2100 is
/// a typing slip.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Rank of a role: 0 head, 1 deputy, 2 assistant (lower is higher).
pub fn role_rank(role: Role) -> i32 {
    Role::ALL.iter().position(|r| *r == role).unwrap_or(0) as i32
}

/// Panel rows as columns. A person is kept as a `u128` key while reading (the id's
/// bytes, for ids of up to 15 bytes; else the number of a longer id), and becomes a
/// plain number in `into_panel`, where the keys are dropped.
#[derive(Debug, Default)]
pub struct WorkforceColumns {
    pub census_year: Vec<i32>,
    person_key: Vec<u128>,
    pub school_urn: Vec<u32>,
    pub role_rank: Vec<i32>,
    long_ids: rustc_hash::FxHashMap<String, u32>,
}

/// The key of a person id: its bytes and length in one `u128` when it is shorter than
/// 16 bytes (byte 15, the length, is below 16), else the top bit set and the id's
/// number among the long ids.
fn person_key(id: &str, long_ids: &mut rustc_hash::FxHashMap<String, u32>) -> u128 {
    if id.len() < 16 {
        let mut bytes = [0u8; 16];
        bytes[..id.len()].copy_from_slice(id.as_bytes());
        bytes[15] = id.len() as u8;
        return u128::from_le_bytes(bytes);
    }
    let next = long_ids.len() as u32;
    let n = match long_ids.get(id) {
        Some(&n) => n,
        None => {
            long_ids.insert(id.to_string(), next);
            next
        }
    };
    (1u128 << 127) | u128::from(n)
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
    /// Reads the panel's text; returns how many data rows it had.
    pub fn read<'a>(
        &mut self,
        file: &'a str,
        text: impl Into<Text<'a>>,
        problems: &mut Vec<Problem>,
    ) -> usize {
        let first_problem = problems.len();
        let count = self.read_rows(file, text.into(), problems);
        for p in &mut problems[first_problem..] {
            p.message = withhold_values(&p.message);
        }
        count
    }

    fn read_rows(&mut self, file: &str, text: Text<'_>, problems: &mut Vec<Problem>) -> usize {
        let Some((table, columns)) = CsvTable::open_with_columns(file, text, &REQUIRED, problems)
        else {
            return 0;
        };
        let parts = std::thread::available_parallelism().map_or(1, |n| n.get());
        if let Some(count) = self.read_in_parallel(text, &table, columns, parts) {
            return count;
        }
        let count = self.read_table(file, table, columns, problems);
        if count == 0 {
            problems.push(Problem::in_file(
                file,
                "the file has a header but no rows; expected one row per leader and census (or leave inputs.workforce out of slm.toml)",
            ));
        }
        count
    }

    /// Reads a large panel in pieces on every core (`csv_table::body_chunks`). Any
    /// problem, or no row at all, gives `None`, and the file is read again in one pass,
    /// which reports every problem in order: bad input costs time, good input does not.
    fn read_in_parallel(
        &mut self,
        text: Text<'_>,
        table: &CsvTable,
        columns: [usize; 4],
        parts: usize,
    ) -> Option<usize> {
        let (pieces, count) = read_in_pieces(text, table, parts, |piece| {
            let mut read = WorkforceColumns::default();
            let mut problems = Vec::new();
            let rows = read.read_table("", piece, columns, &mut problems);
            Piece {
                read,
                clean: problems.is_empty(),
                rows,
            }
        })?;
        for part in pieces {
            self.append(part);
        }
        Some(count)
    }

    /// Adds the rows of `part` (read after the rows already here), renumbering its long
    /// ids as one pass over the file would have: in order of first appearance.
    fn append(&mut self, part: WorkforceColumns) {
        let mut local: Vec<(u32, String)> =
            part.long_ids.into_iter().map(|(id, n)| (n, id)).collect();
        local.sort_unstable();
        let global: Vec<u128> = local
            .iter()
            .map(|(_, id)| person_key(id, &mut self.long_ids))
            .collect();
        self.person_key.extend(part.person_key.into_iter().map(|k| {
            if k >> 127 == 1 {
                global[(k & u128::from(u32::MAX)) as usize]
            } else {
                k
            }
        }));
        self.census_year.extend(part.census_year);
        self.school_urn.extend(part.school_urn);
        self.role_rank.extend(part.role_rank);
    }

    /// Reads the rows of `table` (a whole file or a piece of one).
    fn read_table(
        &mut self,
        file: &str,
        table: CsvTable,
        [year_col, id_col, urn_col, role_col]: [usize; 4],
        problems: &mut Vec<Problem>,
    ) -> usize {
        const WITHHELD: &str = "(values from this person-level file are not repeated here)";
        table.for_each_row(problems, |row, problems| {
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
            let key = person_key(id, &mut self.long_ids);
            self.census_year.push(year.unwrap());
            self.person_key.push(key);
            self.school_urn.push(urn.unwrap());
            self.role_rank.push(role_rank(role.unwrap()));
        })
    }

    /// The panel frame (census_year, person, school_urn, role_rank) and the number of
    /// people. Person ids, and the keys made of them, are gone after this. One sort by
    /// (person key, census, role, URN) numbers people 0, 1, 2... in the order of their
    /// keys (no hash lookup per row: ten million rows stay fast) and leaves the rows in
    /// the order the one-role rule reads them (`measures::panel`), which then need no
    /// sort of their own.
    pub fn into_panel(self) -> PolarsResult<(DataFrame, usize)> {
        let mut rows: Vec<(u128, u32, u32)> = self
            .person_key
            .into_iter()
            .zip(&self.census_year)
            .zip(&self.role_rank)
            .zip(&self.school_urn)
            .map(|(((key, &year), &rank), &urn)| {
                // Years are 1990 to 2100 and ranks 0 to 2 (checked on reading).
                (key, ((year as u32) << 8) | rank as u32, urn)
            })
            .collect();
        rows.par_sort_unstable();
        let n = rows.len();
        let (mut census_year, mut person, mut school_urn, mut role_rank) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let mut people = 0usize;
        let mut last = None;
        for (key, year_rank, urn) in rows {
            if last != Some(key) {
                people += 1;
                last = Some(key);
            }
            census_year.push((year_rank >> 8) as i32);
            person.push(people as u32 - 1);
            school_urn.push(urn);
            role_rank.push((year_rank & 0xFF) as i32);
        }
        let frame = df!(
            "census_year" => census_year,
            "person" => person,
            "school_urn" => school_urn,
            "role_rank" => role_rank,
        )?;
        Ok((frame, people))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A panel read in pieces on several threads gives the columns, and the people, of
    /// one pass: long ids (16 bytes or more) are numbered in order of first appearance
    /// across the pieces. A bad row anywhere sends the file back to the one pass.
    #[test]
    fn a_panel_read_in_pieces_equals_one_pass() {
        let mut text = String::from("census_year,person_id,school_urn,role\n");
        for i in 0..200_000u32 {
            let id = if i % 7 == 0 {
                format!("a-very-long-person-id-{:05}", (i * 31) % 9_000)
            } else {
                format!("P{}", (i * 17) % 50_000)
            };
            let role = ["head", "deputy", "assistant"][(i % 3) as usize];
            text.push_str(&format!(
                "{},{id},{},{role}\n",
                2000 + i % 20,
                100_000 + i % 3_000
            ));
        }
        let read = |parts: usize, text: &str| {
            let mut problems = Vec::new();
            let (table, columns) =
                CsvTable::open_with_columns("w.csv", text, &REQUIRED, &mut problems).unwrap();
            let mut cols = WorkforceColumns::default();
            let count = if parts > 1 {
                cols.read_in_parallel(text.into(), &table, columns, parts)
            } else {
                Some(cols.read_table("w.csv", table, columns, &mut problems))
            };
            (count, cols)
        };
        let (one_count, one) = read(1, &text);
        for parts in [2, 3, 5] {
            let (count, pieces) = read(parts, &text);
            assert_eq!(count, one_count);
            assert_eq!(pieces.person_key, one.person_key, "{parts} pieces");
            assert_eq!(pieces.census_year, one.census_year);
            assert_eq!(pieces.school_urn, one.school_urn);
            assert_eq!(pieces.role_rank, one.role_rank);
        }
        let bad = text.replacen("2001,", "20x1,", 1);
        assert_eq!(read(3, &bad).0, None, "a problem falls back to one pass");
    }

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
        assert_eq!(cols.into_panel().unwrap().1, 1);
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
    fn people_are_numbered_whatever_the_length_of_their_ids() {
        let mut cols = WorkforceColumns::default();
        let long = "a-person-id-longer-than-fifteen-bytes";
        let text = format!(
            "census_year,person_id,school_urn,role\n2010,b,1,head\n2010,{long},2,head\n2011,a,1,head\n2011,b,1,head\n2011,{long},2,deputy\n"
        );
        cols.read("w.csv", &text, &mut vec![]);
        let (frame, people) = cols.into_panel().unwrap();
        assert_eq!(people, 3);
        let column = |name: &str| -> Vec<i64> {
            frame
                .column(name)
                .unwrap()
                .cast(&DataType::Int64)
                .unwrap()
                .i64()
                .unwrap()
                .into_no_null_iter()
                .collect()
        };
        let rows: Vec<(i64, i64, i64, i64)> = (0..frame.height())
            .map(|i| {
                (
                    column("person")[i],
                    column("census_year")[i],
                    column("school_urn")[i],
                    column("role_rank")[i],
                )
            })
            .collect();
        // Rows of one id share a number, different ids never do, and the rows come out
        // by person (in key order: a, b, then the long id), census and role.
        assert_eq!(
            rows,
            [
                (0, 2011, 1, 0),
                (1, 2010, 1, 0),
                (1, 2011, 1, 0),
                (2, 2010, 2, 0),
                (2, 2011, 2, 1),
            ]
        );
    }

    #[test]
    fn withholding_keeps_column_names() {
        assert_eq!(
            withhold_values("`rol` looks like `role`"),
            "`…` looks like `role`"
        );
    }
}
