//! Advert files (DESIGN.md, Inputs: Adverts): every row checked, every problem kept,
//! advert_ids unique across all files. Produces the advert frame the round rule reads.

use chrono::Datelike;
use polars::prelude::*;

use crate::calendar::{day_number, parse_iso_date, YearStart};
use crate::domain::{Phase, Role};
use crate::error::Problem;
use crate::ingest::csv_table::{CsvTable, Row};
use crate::ingest::fields::{self, checked, school_urn};
use crate::ingest::text::Text;

pub const REQUIRED: [&str; 4] = ["advert_id", "published_on", "school_urn", "role"];

/// Years an advert may be dated: electronic advert data start long after 1990, and a
/// date past 2100 is a typing slip.
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Advert rows gathered from all files, as columns.
#[derive(Debug, Default)]
pub struct AdvertColumns {
    pub advert_id: Vec<String>,
    pub published_on: Vec<i32>,
    pub recruitment_year: Vec<i32>,
    pub school_urn: Vec<u32>,
    pub post: Vec<&'static str>,
    /// The advert's own phase, `""` where the file has none.
    pub phase_override: Vec<&'static str>,
    /// From the Teaching Vacancies feed (`source` = `teaching_vacancies`).
    pub from_feed: Vec<bool>,
    /// The vacancy's closing date was moved later while it was live (`extended` =
    /// `yes`, a column of the feed's derived file).
    pub extended: Vec<bool>,
    /// The first and last days (day numbers) the feed's vacancies were seen
    /// (`first_seen`, `last_seen`), when any advert came from the feed.
    pub feed_seen: Option<(i32, i32)>,
    /// Adverts given in two files as the same vacancy (same id, date, school and role),
    /// counted once: a historical file beside the feed (DESIGN.md, Teaching Vacancies).
    pub in_two_files: u64,
    /// Each advert_id's first file (its index in `files`), line, and what it says.
    first_seen: rustc_hash::FxHashMap<String, FirstSeen>,
    files: Vec<String>,
}

/// Where an advert_id was first read, and its date, school and post.
#[derive(Debug, Clone, Copy)]
struct FirstSeen {
    file: usize,
    line: u64,
    said: (i32, u32, &'static str),
}

/// `published_on`: a real calendar date in the plausible years, or what is wrong.
fn published_on(text: &str) -> Result<chrono::NaiveDate, String> {
    match parse_iso_date(text.trim()) {
        None => Err(format!(
            "published_on `{text}` is not a date; expected YYYY-MM-DD, a real calendar date"
        )),
        Some(d) if !PLAUSIBLE_YEARS.contains(&d.year()) => Err(format!(
            "published_on `{}` is not a plausible advert date; expected a date from {} to {}",
            text.trim(),
            PLAUSIBLE_YEARS.start(),
            PLAUSIBLE_YEARS.end()
        )),
        Some(d) => Ok(d),
    }
}

/// `school_urn`, `role` and the optional `phase` of a row, each checked; a bad value is
/// a problem and `None`.
fn school_role_phase<'r>(
    field: impl Fn(usize) -> &'r str,
    [urn_col, role_col]: [usize; 2],
    phase_col: Option<usize>,
    at: &dyn Fn(usize, String) -> Problem,
    problems: &mut Vec<Problem>,
) -> (Option<u32>, Option<Role>, Option<&'static str>) {
    let urn = checked(school_urn(field(urn_col)), urn_col, at, problems);
    let role = checked(fields::role(field(role_col)), role_col, at, problems);
    let phase_text = phase_col.map(&field).unwrap_or("").trim();
    let phase = if phase_text.is_empty() {
        Some("")
    } else {
        Phase::parse(phase_text).map(Phase::name)
    };
    if phase.is_none() {
        let i = phase_col.expect("phase text came from the phase column");
        problems.push(at(
            i,
            format!(
                "phase `{phase_text}` is not known; expected primary, secondary, special or empty"
            ),
        ));
    }
    (urn, role, phase)
}

/// Where an advert file's columns are.
#[derive(Debug, Clone, Copy)]
struct AdvertCols {
    id: usize,
    date: usize,
    urn: usize,
    role: usize,
    phase: Option<usize>,
    source: Option<usize>,
    /// `extended`, `first_seen`, `last_seen`.
    feed: [Option<usize>; 3],
}

/// The Teaching Vacancies file's own columns of one row.
#[derive(Debug, Clone, Copy, Default)]
struct FeedFields {
    extended: bool,
    /// `first_seen`, `last_seen` (day numbers), where given.
    seen: [Option<i32>; 2],
}

/// `extended` (yes/no) and `first_seen`/`last_seen` (dates) at `cols`, where the file
/// has them; a bad value is a problem.
fn feed_fields<'r>(
    field: impl Fn(usize) -> &'r str,
    [extended_col, first_col, last_col]: [Option<usize>; 3],
    at: &dyn Fn(usize, String) -> Problem,
    problems: &mut Vec<Problem>,
) -> FeedFields {
    let mut out = FeedFields::default();
    if let Some(c) = extended_col {
        match field(c).trim() {
            "yes" => out.extended = true,
            "no" | "" => {}
            other => problems.push(at(
                c,
                format!("extended `{other}` is not yes or no; expected the Teaching Vacancies file as slm fetch derives it"),
            )),
        }
    }
    for (k, col) in [first_col, last_col].into_iter().enumerate() {
        let Some(c) = col else { continue };
        let text = field(c).trim();
        if text.is_empty() {
            continue;
        }
        match parse_iso_date(text) {
            Some(d) => out.seen[k] = Some(day_number(d)),
            None => problems.push(at(
                c,
                format!("`{text}` is not a date; expected YYYY-MM-DD"),
            )),
        }
    }
    out
}

impl AdvertColumns {
    pub fn len(&self) -> usize {
        self.advert_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.advert_id.is_empty()
    }

    /// Room for `rows` more adverts, so the columns and the id check are not regrown
    /// (and their memory faulted in again) as a national file is read.
    fn reserve(&mut self, rows: usize) {
        self.advert_id.reserve(rows);
        self.published_on.reserve(rows);
        self.recruitment_year.reserve(rows);
        self.school_urn.reserve(rows);
        self.post.reserve(rows);
        self.phase_override.reserve(rows);
        self.from_feed.reserve(rows);
        self.extended.reserve(rows);
        self.first_seen.reserve(rows);
    }

    /// Reads one advert file's text; returns how many data rows it had.
    pub fn read<'a>(
        &mut self,
        file: &'a str,
        text: impl Into<Text<'a>>,
        year_start: YearStart,
        problems: &mut Vec<Problem>,
    ) -> usize {
        let text = text.into();
        self.reserve(memchr::memchr_iter(b'\n', text.bytes()).count());
        let Some((table, [id_col, date_col, urn_col, role_col])) =
            CsvTable::open_with_columns(file, text, &REQUIRED, problems)
        else {
            return 0;
        };
        let cols = AdvertCols {
            id: id_col,
            date: date_col,
            urn: urn_col,
            role: role_col,
            phase: table.column("phase"),
            source: table.column("source"),
            feed: ["extended", "first_seen", "last_seen"].map(|c| table.column(c)),
        };
        let file_no = self.files.len();
        self.files.push(file.to_string());
        let count = table.for_each_row(problems, |row, problems| {
            self.read_row(file, file_no, row, &cols, year_start, problems)
        });
        if count == 0 {
            problems.push(Problem::in_file(
                file,
                "the file has a header but no advert rows; expected at least one advert (or leave the file out of inputs.adverts)",
            ));
        }
        count
    }

    /// Checks one row and adds it (or counts it once, if an earlier file has the same
    /// vacancy); its problems go to `problems`.
    fn read_row(
        &mut self,
        file: &str,
        file_no: usize,
        row: &Row,
        cols: &AdvertCols,
        year_start: YearStart,
        problems: &mut Vec<Problem>,
    ) {
        let AdvertCols {
            id: id_col,
            date: date_col,
            urn: urn_col,
            role: role_col,
            phase: phase_col,
            source: source_col,
            feed: feed_cols,
        } = *cols;
        let field = |i: usize| row.field(i);
        let at = |i: usize, message: String| Problem::at(file, row.line, i + 1, message);
        let before = problems.len();

        let id = field(id_col).trim();
        let earlier = self.first_seen.get(id).copied();
        if id.is_empty() {
            problems.push(at(
                id_col,
                "advert_id is empty; expected a unique, non-empty id".into(),
            ));
        } else if let Some(first) = earlier.filter(|f| f.file == file_no) {
            problems.push(at(
                id_col,
                format!("advert_id `{id}` is a duplicate of {file}:{}; expected ids unique within a file", first.line),
            ));
        }
        let date = published_on(field(date_col))
            .map_err(|m| problems.push(at(date_col, m)))
            .ok();
        let (urn, role, phase) =
            school_role_phase(field, [urn_col, role_col], phase_col, &at, problems);
        let feed = feed_fields(field, feed_cols, &at, problems);
        if problems.len() > before {
            return;
        }
        let (date, urn, role, phase) = (date.unwrap(), urn.unwrap(), role.unwrap(), phase.unwrap());
        let said = (day_number(date), urn, role.post_name());
        if let Some(first) = earlier {
            // In an earlier file: the same vacancy is counted once; another is an error.
            if first.said == said {
                self.in_two_files += 1;
            } else {
                problems.push(at(
                    id_col,
                    format!(
                        "advert_id `{id}` is also in {}:{} with another date, school or role; expected an id in two files to be the same vacancy (same published_on, school_urn and role), or ids unique across files",
                        self.files[first.file], first.line
                    ),
                ));
            }
            return;
        }
        self.first_seen.insert(
            id.to_string(),
            FirstSeen {
                file: file_no,
                line: row.line,
                said,
            },
        );
        let from_feed = source_col.is_some_and(|c| field(c).trim() == "teaching_vacancies");
        self.note_feed(from_feed, feed, said.0);
        self.advert_id.push(id.to_string());
        self.published_on.push(day_number(date));
        self.recruitment_year.push(year_start.year_of(date).0);
        self.school_urn.push(urn);
        self.post.push(role.post_name());
        self.phase_override.push(phase);
    }

    /// Records whether the advert came from the feed, was extended, and the days the
    /// feed saw it (its `published_on` where the file does not say).
    fn note_feed(&mut self, from_feed: bool, feed: FeedFields, published_on: i32) {
        self.from_feed.push(from_feed);
        self.extended.push(from_feed && feed.extended);
        if from_feed {
            let [first, last] = feed.seen.map(|s| s.unwrap_or(published_on));
            self.feed_seen = Some(match self.feed_seen {
                Some((a, b)) => (a.min(first), b.max(last)),
                None => (first, last),
            });
        }
    }

    /// The advert frame: one row per advert.
    pub fn into_frame(self) -> PolarsResult<DataFrame> {
        df!(
            "advert_id" => self.advert_id,
            "published_on" => self.published_on,
            "recruitment_year" => self.recruitment_year,
            "school_urn" => self.school_urn,
            "post" => self.post,
            "phase_override" => self.phase_override,
            "from_feed" => self.from_feed,
            "extended" => self.extended,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (AdvertColumns, Vec<Problem>) {
        let mut cols = AdvertColumns::default();
        let mut problems = vec![];
        cols.read("adverts.csv", text, YearStart::default(), &mut problems);
        (cols, problems)
    }

    #[test]
    fn every_problem_in_a_row_is_reported() {
        let (cols, problems) = read(
            "advert_id,published_on,school_urn,role,phase\n\
             a1,2011-02-30,0,bursar,nursery\n\
             a2,2011-03-01,100001, Head ,\n\
             a2,2011-03-02,100001,deputy,Primary\n",
        );
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(text.len(), 5, "{text:#?}");
        assert!(text[0].starts_with("adverts.csv:2:2: published_on `2011-02-30` is not a date"));
        assert!(text[1].starts_with("adverts.csv:2:3: school_urn `0`"));
        assert!(text[2].starts_with("adverts.csv:2:4: role `bursar`"));
        assert!(text[3].starts_with("adverts.csv:2:5: phase `nursery`"));
        assert!(
            text[4].starts_with("adverts.csv:4:1: advert_id `a2` is a duplicate of adverts.csv:3; expected ids unique within a file")
        );
        assert_eq!(cols.len(), 1);
        assert_eq!(cols.post, vec!["Head teacher"]);
    }
}
