//! The GIAS "all establishment data" extract (DESIGN.md, Inputs: School register):
//! reads only the columns slm uses, decides scope and phase, maps GIAS region names to
//! ONS codes. Head teachers' names and the other ~130 columns are never read.

use std::collections::HashMap;

use polars::prelude::*;

use crate::calendar::{day_number, parse_gias_date};
use crate::config::ScopeRules;
use crate::domain::{LocalAuthority, Location, Phase, ReligiousCharacter, REGIONS};
use crate::error::Problem;
use crate::ingest::csv_table::{read_in_pieces, CsvTable, Piece};
use crate::ingest::fields::parse_urn;
use crate::ingest::links::{from_search_row, Link};
use crate::ingest::scope::{scope_phase, Unknown};
use crate::ingest::text::Text;

/// A value slm does not know, seen on `rows` rows: the first line, field and URN.
struct UnknownValue {
    rows: usize,
    line: u64,
    field: usize,
    urn: String,
}

/// One problem per unknown value (not per row): what it is, how many rows carry it, the
/// first URN, and the `[scope]` key that decides it.
fn unknown_problems(file: &str, unknown: HashMap<(Column, String), UnknownValue>) -> Vec<Problem> {
    let mut found: Vec<((Column, String), UnknownValue)> = unknown.into_iter().collect();
    found.sort_by_key(|(_, u)| (u.line, u.field));
    found
        .into_iter()
        .map(|((column, value), u)| {
            let seen = format!(
                "{} row{}, first URN {}",
                u.rows,
                if u.rows == 1 { "" } else { "s" },
                u.urn
            );
            // An empty value is said to be empty, not shown as ``.
            let is = |what: &str| {
                if value.is_empty() {
                    "is empty".to_string()
                } else {
                    format!("`{value}` is not {what}")
                }
            };
            let message = match column {
                Column::Type if value.is_empty() => format!(
                    "TypeOfEstablishment (name) is empty ({seen}); expected the GIAS type of each establishment"
                ),
                Column::Type => format!(
                    "TypeOfEstablishment (name) `{value}` is not a type slm knows ({seen}); decide it in slm.toml: [scope] include_types = [\"{value}\"] counts it as a state-funded school, exclude_types = [\"{value}\"] leaves it out"
                ),
                Column::Group => format!(
                    "EstablishmentTypeGroup (name) {} ({seen}); check the file is a GIAS extract, or decide its types in slm.toml with [scope] include_types or exclude_types",
                    is("a group slm knows")
                ),
                Column::Phase => format!(
                    "PhaseOfEducation (name) of a school in scope {} ({seen}); expected Primary, Middle deemed primary, Secondary, Middle deemed secondary, All-through, 16 plus, Nursery or Not applicable; or leave such schools out with [scope] exclude_types",
                    is("a phase slm knows")
                ),
                Column::LocalAuthority => {
                    // A placeholder cannot be added: the authority's own GSS code can.
                    let key = match value.split_once(' ') {
                        Some((old, new)) if is_placeholder(new) => format!("{old} <its GSS code>"),
                        _ => value.clone(),
                    };
                    format!(
                        "LA (code) and GSSLACode (name) `{value}` of a school in England are not a local authority slm knows ({seen}); expected a code pair of DfE's LA lookup, e.g. `391 E08000021` (Newcastle upon Tyne), or an LA (code) of the lookup with GIAS's placeholder GSS code `X999999`; check the LA (code) and GSSLACode (name) columns, or, for an authority newer than slm's lookup, add it in slm.toml: [local_authorities] \"{key}\" = {{ name = \"its standard name\", region = \"its region\" }}"
                    )
                }
                Column::LaRegion => format!(
                    "local authority and GOR (name) disagree: {value} ({seen}); expected each school's region to be its LA's region; check the register's GOR (name) and LA (code) columns"
                ),
                Column::Region => {
                    let names: Vec<&str> = REGIONS.iter().map(|(_, n)| *n).collect();
                    format!(
                        "GOR (name) `{value}` of a school in scope is not known ({seen}); expected one of {}, Wales (pseudo)",
                        names.join(", ")
                    )
                }
            };
            Problem::at(file, u.line, u.field, message)
        })
        .collect()
}

/// The local authority of an English school in scope: its `LA (code)` and
/// `GSSLACode (name)` must be a pair of the lookup, in the school's own region; else the
/// value to report, under the column it is reported in.
fn local_authority(
    [old, new]: [&str; 2],
    region: &str,
    gor: &str,
) -> Result<LocalAuthority, (Column, String)> {
    let pair = format!("{old} {new}");
    let found = if is_placeholder(new) {
        LocalAuthority::from_old_code_on(old, None)
    } else {
        LocalAuthority::from_codes(old, new)
    };
    match found {
        None => Err((Column::LocalAuthority, pair)),
        Some(found) if found.region().code() != region => Err((
            Column::LaRegion,
            format!(
                "{pair} ({}) is in {}, GOR (name) says `{gor}`",
                found.name(),
                found.region().name()
            ),
        )),
        Some(found) => Ok(found),
    }
}

/// GIAS's placeholder for a school with no GSS code yet (`X999999`), or an empty field.
fn is_placeholder(gss: &str) -> bool {
    gss.chars().all(|c| c == 'X' || c == '9')
}

/// A row's URN must be a URN and not repeat an earlier row's (`seen`: URN to line).
fn unique_urn(
    urn: Option<u32>,
    text: &str,
    seen: &mut rustc_hash::FxHashMap<u32, u64>,
    line: u64,
) -> Result<(), String> {
    let u =
        urn.ok_or_else(|| format!("URN `{text}` is not a URN; expected a whole number above 0"))?;
    match seen.insert(u, line) {
        Some(first) => Err(format!(
            "URN {u} appears again (first on line {first}); expected one row per establishment"
        )),
        None => Ok(()),
    }
}

/// A GIAS date (`DD-MM-YYYY`) as a day number, `None` when empty, or what is wrong.
fn gias_date(text: &str) -> Result<Option<i32>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    parse_gias_date(text)
        .map(|d| Some(day_number(d)))
        .ok_or_else(|| {
            format!("`{text}` is not a date; expected DD-MM-YYYY as GIAS writes it, or empty")
        })
}

/// Where an establishment sits: its phase (`None` out of scope), its country or region,
/// and an English school's local authority.
#[derive(Debug, Clone, Copy)]
struct Placed {
    phase: Option<Phase>,
    location: Option<Location>,
    la: Option<LocalAuthority>,
}

/// Scope and phase, region and LA of one row (`field` gives its trimmed fields); else a
/// value slm does not know: its column, its field index and the value.
fn place<'r>(
    field: &impl Fn(usize) -> &'r str,
    columns: &Columns,
    scope: &ScopeRules,
) -> Result<Placed, (Column, usize, String)> {
    let [_, _, type_c, phase_c, _, _, _, gor_c, _, la_c, gss_c] = columns.required;
    let group_c = columns.group;
    let phase =
        scope_phase(field(type_c), group_c.map(field), field(phase_c), scope).map_err(|kind| {
            let (column, i) = match kind {
                Unknown::Group => (Column::Group, group_c.expect("a group was read")),
                Unknown::Type => (Column::Type, type_c),
                Unknown::Phase => (Column::Phase, phase_c),
            };
            (column, i, field(i).to_string())
        })?;
    let location = Location::from_gias(field(gor_c));
    if phase.is_some() && location.is_none() {
        return Err((Column::Region, gor_c, field(gor_c).to_string()));
    }
    let mut la = None;
    if let (Some(_), Some(Location::EnglishRegion(region))) = (phase, location) {
        la = Some(
            local_authority([field(la_c), field(gss_c)], region, field(gor_c)).map_err(
                |(column, value)| {
                    let i = if column == Column::LocalAuthority {
                        la_c
                    } else {
                        gor_c
                    };
                    (column, i, value)
                },
            )?,
        );
    }
    Ok(Placed {
        phase,
        location,
        la,
    })
}

/// The register columns a value can be unknown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Group,
    Type,
    Phase,
    Region,
    LocalAuthority,
    LaRegion,
}

pub const REQUIRED: [&str; 11] = [
    "URN",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "PhaseOfEducation (name)",
    "OpenDate",
    "CloseDate",
    "ReligiousCharacter (name)",
    "GOR (name)",
    "LA (name)",
    "LA (code)",
    "GSSLACode (name)",
];

/// The group column, which EduBase extracts before 2017 lack: the group then comes from
/// the type (`scope::TYPES`).
const GROUP: &str = "EstablishmentTypeGroup (name)";

/// Where the columns slm reads are: `REQUIRED` in order, then the group if present.
#[derive(Debug, Clone, Copy)]
struct Columns {
    required: [usize; 11],
    group: Option<usize>,
}

#[derive(Debug, Default)]
pub struct RegisterColumns {
    pub school_urn: Vec<u32>,
    /// `EstablishmentName`, for `slm explain` (no output table shows it).
    pub school_name: Vec<String>,
    pub in_scope: Vec<bool>,
    pub education_phase: Vec<&'static str>,
    pub country_code: Vec<&'static str>,
    pub region_code: Vec<&'static str>,
    /// The new (GSS) code of an English school's local authority; empty elsewhere.
    pub la_code: Vec<&'static str>,
    pub school_religious_character: Vec<&'static str>,
    pub open_on: Vec<Option<i32>>,
    pub close_on: Vec<Option<i32>>,
    /// The links of a search download (`Linked establishments`), if it has the column.
    pub links: Option<Vec<Link>>,
    /// The latest `LastChangedDate` (day number), if the register has the column: the
    /// date its LA codes are as of. A value that is not a date does not count.
    pub last_changed: Option<i32>,
    /// Schools in scope whose `GSSLACode (name)` is GIAS's placeholder (`X999999`) or
    /// empty, with a known `LA (code)`: their row and old code, the GSS code to come
    /// from the lookup as of the register's date once it is read.
    placeholders: Vec<(usize, &'static str)>,
    /// The register has no `EstablishmentTypeGroup (name)`: each group came from the type.
    pub group_from_type: bool,
}

impl RegisterColumns {
    pub fn in_scope_count(&self) -> usize {
        self.in_scope.iter().filter(|&&s| s).count()
    }

    /// Reads the register text; returns how many data rows it had. `scope` decides the
    /// establishment types slm does not know (`[scope]`).
    pub fn read<'a>(
        &mut self,
        file: &'a str,
        text: impl Into<Text<'a>>,
        scope: &ScopeRules,
        problems: &mut Vec<Problem>,
    ) -> usize {
        let text = text.into();
        let Some((table, required)) = CsvTable::open_with_columns(file, text, &REQUIRED, problems)
        else {
            return 0;
        };
        let columns = Columns {
            required,
            group: table.column(GROUP),
        };
        self.group_from_type = columns.group.is_none();
        // A GIAS search download ends with `Linked establishments`, one field per link.
        let table = table
            .allowing_line_breaks()
            .allowing_spill_of_last_column("Linked establishments");
        let links_c = table.column("Linked establishments");
        if links_c.is_none() {
            let parts = std::thread::available_parallelism().map_or(1, |n| n.get());
            if let Some(count) = self.read_in_parallel(text, &table, columns, scope, parts) {
                self.resolve_placeholders();
                return count;
            }
        }
        let mut unknown = HashMap::new();
        let count = self.read_table(file, table, columns, scope, &mut unknown, problems);
        self.resolve_placeholders();
        let unknown_found = !unknown.is_empty();
        problems.extend(unknown_problems(file, unknown));
        if count == 0 {
            problems.push(Problem::in_file(
                file,
                "the register has a header but no establishments; expected the GIAS all-establishment extract",
            ));
        } else if self.in_scope_count() == 0 && problems.is_empty() && !unknown_found {
            problems.push(Problem::in_file(
                file,
                "no state-funded school with a phase was found; expected the GIAS columns EstablishmentTypeGroup (name), TypeOfEstablishment (name) and PhaseOfEducation (name) to be filled",
            ));
        }
        count
    }

    /// Reads a large register in pieces on every core (`csv_table::body_chunks`). Any
    /// problem, any value slm does not know, a URN in two pieces, or nothing in scope gives
    /// `None`, and the file is read again in one pass, which reports it all in order.
    fn read_in_parallel(
        &mut self,
        text: Text<'_>,
        table: &CsvTable,
        columns: Columns,
        scope: &ScopeRules,
        parts: usize,
    ) -> Option<usize> {
        let (pieces, count) = read_in_pieces(text, table, parts, |piece| {
            let mut read = RegisterColumns::default();
            let (mut problems, mut unknown) = (Vec::new(), HashMap::new());
            let rows = read.read_table("", piece, columns, scope, &mut unknown, &mut problems);
            Piece {
                read,
                clean: problems.is_empty() && unknown.is_empty(),
                rows,
            }
        })?;
        for part in pieces {
            self.append(part);
        }
        let mut urns = self.school_urn.clone();
        urns.sort_unstable();
        let repeated = urns.windows(2).any(|w| w[0] == w[1]);
        if repeated || self.in_scope_count() == 0 {
            *self = RegisterColumns {
                group_from_type: self.group_from_type,
                ..RegisterColumns::default()
            };
            return None;
        }
        Some(count)
    }

    /// How many schools in scope had a placeholder GSS code, taken from the lookup.
    pub fn placeholder_count(&self) -> usize {
        self.placeholders.len()
    }

    /// The GSS code of each placeholder row: the one its old code had on the register's
    /// date (its latest `LastChangedDate`; today's without one).
    fn resolve_placeholders(&mut self) {
        for &(i, old) in &self.placeholders {
            let on = self.last_changed.map(crate::calendar::date_of);
            if let Some(la) = LocalAuthority::from_old_code_on(old, on) {
                self.la_code[i] = la.new_code();
            }
        }
    }

    /// Adds the establishments of `part` after those already here.
    fn append(&mut self, part: RegisterColumns) {
        let offset = self.school_urn.len();
        self.placeholders
            .extend(part.placeholders.iter().map(|&(i, old)| (i + offset, old)));
        self.school_urn.extend(part.school_urn);
        self.school_name.extend(part.school_name);
        self.in_scope.extend(part.in_scope);
        self.education_phase.extend(part.education_phase);
        self.country_code.extend(part.country_code);
        self.region_code.extend(part.region_code);
        self.la_code.extend(part.la_code);
        self.school_religious_character
            .extend(part.school_religious_character);
        self.open_on.extend(part.open_on);
        self.close_on.extend(part.close_on);
        self.last_changed = self.last_changed.max(part.last_changed);
    }

    /// Reads the rows of `table` (a whole register or a piece of one): the values slm
    /// does not know go to `unknown`, every other problem to `problems`.
    fn read_table(
        &mut self,
        file: &str,
        table: CsvTable,
        columns: Columns,
        scope: &ScopeRules,
        unknown: &mut HashMap<(Column, String), UnknownValue>,
        problems: &mut Vec<Problem>,
    ) -> usize {
        let [urn_c, name_c, _, _, open_c, close_c, rel_c, _, _, _, gss_c] = columns.required;
        let mut seen: rustc_hash::FxHashMap<u32, u64> = rustc_hash::FxHashMap::default();
        let links_c = table.column("Linked establishments");
        let changed_c = table.column("LastChangedDate");
        let mut links = links_c.map(|_| Vec::new());
        let mut last_changed = None;
        let count = table.for_each_row(problems, |row, problems| {
            let field = |i: usize| row.field(i).trim();
            if let Some(day) = changed_c.and_then(|c| parse_gias_date(field(c))) {
                last_changed = last_changed.max(Some(day_number(day)));
            }
            let at = |i: usize, message: String| Problem::at(file, row.line, i + 1, message);
            let before = problems.len();
            let urn = parse_urn(field(urn_c));
            if let (Some(u), Some(c), Some(found)) = (urn, links_c, links.as_mut()) {
                found.extend(from_search_row(file, row, u, c, problems));
            }
            if let Err(m) = unique_urn(urn, field(urn_c), &mut seen, row.line) {
                problems.push(at(urn_c, m));
            }
            let mut date = |i: usize| {
                let name = if i == open_c { "OpenDate" } else { "CloseDate" };
                gias_date(field(i))
                    .map_err(|m| problems.push(at(i, format!("{name} {m}"))))
                    .ok()
                    .flatten()
            };
            let (open_on, close_on) = (date(open_c), date(close_c));
            let mut note = |column: Column, i: usize, value: String| {
                let entry = unknown.entry((column, value)).or_insert(UnknownValue {
                    rows: 0,
                    line: row.line,
                    field: i + 1,
                    urn: field(urn_c).to_string(),
                });
                entry.rows += 1;
            };
            let placed = match place(&field, &columns, scope) {
                Ok(placed) => placed,
                Err((column, i, value)) => return note(column, i, value),
            };
            if problems.len() > before {
                return;
            }
            self.push_school(
                urn.expect("checked"),
                field(name_c),
                placed,
                is_placeholder(field(gss_c)),
                field(rel_c),
                [open_on, close_on],
            );
        });
        self.links = links;
        self.last_changed = self.last_changed.max(last_changed);
        count
    }

    /// Adds one establishment, placed; a placeholder GSS code is resolved once the
    /// register's date is known (`resolve_placeholders`).
    fn push_school(
        &mut self,
        urn: u32,
        name: &str,
        placed: Placed,
        placeholder: bool,
        religion: &str,
        [open_on, close_on]: [Option<i32>; 2],
    ) {
        let Placed {
            phase,
            location,
            la,
        } = placed;
        if let Some(found) = la.filter(|_| placeholder) {
            self.placeholders
                .push((self.school_urn.len(), found.old_code()));
        }
        self.school_urn.push(urn);
        self.school_name.push(name.to_string());
        self.la_code.push(la.map_or("", LocalAuthority::new_code));
        self.in_scope.push(phase.is_some());
        self.education_phase.push(phase.map_or("", Phase::name));
        self.country_code
            .push(location.map_or("", Location::country_code));
        self.region_code
            .push(location.map_or("", Location::region_code));
        self.school_religious_character
            .push(ReligiousCharacter::from_gias(religion).name());
        self.open_on.push(open_on);
        self.close_on.push(close_on);
    }

    /// One row per establishment; `education_phase`, `country_code` and `region_code`
    /// are empty where they do not apply.
    pub fn into_frame(self) -> PolarsResult<DataFrame> {
        df!(
            "school_urn" => self.school_urn,
            "school_name" => self.school_name,
            "in_scope" => self.in_scope,
            "education_phase" => self.education_phase,
            "country_code" => self.country_code,
            "region_code" => self.region_code,
            "la_code" => self.la_code,
            "school_religious_character" => self.school_religious_character,
            "open_on" => self.open_on,
            "close_on" => self.close_on,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::{decode, Encoding};

    /// The demo register (5.7 MB, Windows-1252, CRLF, quoted commas) read in pieces on
    /// several threads gives the columns of one pass; a repeated URN, in two different
    /// pieces, sends it back to the one pass, which reports it.
    #[test]
    fn a_register_read_in_pieces_equals_one_pass() {
        let root = env!("CARGO_MANIFEST_DIR");
        let bytes = std::fs::read(format!("{root}/data/demo/schools.csv")).unwrap();
        let text = decode(&bytes, "schools.csv", Encoding::Utf8OrWindows1252).unwrap();
        assert!(text.is_windows_1252());
        let scope = ScopeRules::default();
        let read = |parts: usize, text: Text| {
            let mut problems = Vec::new();
            let (table, required) =
                CsvTable::open_with_columns("s.csv", text, &REQUIRED, &mut problems).unwrap();
            let table = table.allowing_line_breaks();
            let columns = Columns {
                required,
                group: table.column(GROUP),
            };
            let mut cols = RegisterColumns::default();
            let count = if parts > 1 {
                cols.read_in_parallel(text, &table, columns, &scope, parts)
            } else {
                let mut unknown = HashMap::new();
                Some(cols.read_table("s.csv", table, columns, &scope, &mut unknown, &mut problems))
            };
            assert!(problems.is_empty());
            (count, cols)
        };
        let (one_count, one) = read(1, text);
        assert!(one.in_scope_count() > 1000);
        for parts in [2, 3, 4] {
            let (count, pieces) = read(parts, text);
            assert_eq!(count, one_count, "{parts} pieces");
            assert_eq!(pieces.school_urn, one.school_urn);
            assert_eq!(pieces.in_scope, one.in_scope);
            assert_eq!(pieces.education_phase, one.education_phase);
            assert_eq!(pieces.region_code, one.region_code);
            assert_eq!(
                pieces.school_religious_character,
                one.school_religious_character
            );
            assert_eq!(pieces.open_on, one.open_on);
            assert_eq!(pieces.close_on, one.close_on);
        }
        // The first establishment's row again at the end: a URN in two pieces.
        let first_row = bytes.split(|&b| b == b'\n').nth(1).unwrap();
        let repeated = [bytes.as_slice(), first_row, b"\n"].concat();
        assert_eq!(read(2, Text::Windows1252(&repeated)).0, None);
    }
}
