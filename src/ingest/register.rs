//! The GIAS "all establishment data" extract (DESIGN.md, Inputs: School register):
//! reads only the columns slm uses, decides scope and phase, maps GIAS region names to
//! ONS codes. Head teachers' names and the other ~130 columns are never read.

use std::collections::HashMap;

use polars::prelude::*;

use crate::calendar::{day_number, parse_gias_date};
use crate::domain::{Location, Phase, ReligiousCharacter, REGIONS};
use crate::error::Problem;
use crate::ingest::adverts::parse_urn;
use crate::ingest::csv_table::CsvTable;

pub const REQUIRED: [&str; 10] = [
    "URN",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "PhaseOfEducation (name)",
    "OpenDate",
    "CloseDate",
    "ReligiousCharacter (name)",
    "GOR (name)",
    "LA (name)",
];

const IN_SCOPE_GROUPS: [&str; 5] = [
    "Local authority maintained schools",
    "Academies",
    "Free Schools",
    "Special schools",
    "Welsh schools",
];

const EXCLUDED_TYPES: [&str; 12] = [
    "Other independent special school",
    "Non-maintained special school",
    "Pupil referral unit",
    "Local authority nursery school",
    "Academy alternative provision converter",
    "Academy alternative provision sponsor led",
    "Free schools alternative provision",
    "Academy 16-19 converter",
    "Academy 16 to 19 sponsor led",
    "Free schools 16 to 19",
    "Academy secure 16 to 19",
    "Special post 16 institution",
];

/// The phase of a state-funded school, or `None` when the school is out of scope.
pub fn scope_phase(type_name: &str, type_group: &str, phase_of_education: &str) -> Option<Phase> {
    if !IN_SCOPE_GROUPS.contains(&type_group.trim()) || EXCLUDED_TYPES.contains(&type_name.trim()) {
        return None;
    }
    if type_name.to_ascii_lowercase().contains("special") {
        return Some(Phase::Special);
    }
    match phase_of_education.trim() {
        "Primary" | "Middle deemed primary" => Some(Phase::Primary),
        "Secondary" | "Middle deemed secondary" | "All-through" | "16 plus" => {
            Some(Phase::Secondary)
        }
        _ => None,
    }
}

#[derive(Debug, Default)]
pub struct RegisterColumns {
    pub school_urn: Vec<u32>,
    pub in_scope: Vec<bool>,
    pub education_phase: Vec<&'static str>,
    pub country_code: Vec<&'static str>,
    pub region_code: Vec<&'static str>,
    pub school_religious_character: Vec<&'static str>,
    pub open_on: Vec<Option<i32>>,
    pub close_on: Vec<Option<i32>>,
}

impl RegisterColumns {
    pub fn in_scope_count(&self) -> usize {
        self.in_scope.iter().filter(|&&s| s).count()
    }

    /// Reads the register text; returns how many data rows it had.
    pub fn read(&mut self, file: &str, text: &str, problems: &mut Vec<Problem>) -> usize {
        let Some((table, [urn_c, _, type_c, group_c, phase_c, open_c, close_c, rel_c, gor_c, _])) =
            CsvTable::open_with_columns(file, text, &REQUIRED, problems)
        else {
            return 0;
        };
        let table = table.allowing_line_breaks();
        let mut seen: HashMap<u32, u64> = HashMap::new();
        let count = table.for_each_row(problems, |row, problems| {
            let field = |i: usize| row.field(i).trim();
            let at = |i: usize, message: String| Problem::at(file, row.line, i + 1, message);
            let before = problems.len();
            let urn = parse_urn(field(urn_c));
            match urn {
                None => problems.push(at(
                    urn_c,
                    format!(
                        "URN `{}` is not a URN; expected a whole number above 0",
                        field(urn_c)
                    ),
                )),
                Some(u) => {
                    if let Some(first) = seen.insert(u, row.line) {
                        problems.push(at(
                            urn_c,
                            format!("URN {u} appears again (first on line {first}); expected one row per establishment"),
                        ));
                    }
                }
            }
            let date = |i: usize, problems: &mut Vec<Problem>| {
                let text = field(i);
                let name = REQUIRED[if i == open_c { 5 } else { 6 }];
                if text.is_empty() {
                    return None;
                }
                let parsed = parse_gias_date(text);
                if parsed.is_none() {
                    problems.push(at(
                        i,
                        format!("{name} `{text}` is not a date; expected DD-MM-YYYY as GIAS writes it, or empty"),
                    ));
                }
                parsed.map(day_number)
            };
            let open_on = date(open_c, problems);
            let close_on = date(close_c, problems);
            let phase = scope_phase(field(type_c), field(group_c), field(phase_c));
            let location = Location::from_gias(field(gor_c));
            if phase.is_some() && location.is_none() {
                let names: Vec<&str> = REGIONS.iter().map(|(_, n)| *n).collect();
                problems.push(at(
                    gor_c,
                    format!(
                        "GOR (name) `{}` of a school in scope is not known; expected one of {}, Wales (pseudo)",
                        field(gor_c),
                        names.join(", ")
                    ),
                ));
            }
            if problems.len() > before {
                return;
            }
            self.school_urn.push(urn.expect("checked"));
            self.in_scope.push(phase.is_some());
            self.education_phase.push(phase.map_or("", Phase::name));
            self.country_code
                .push(location.map_or("", Location::country_code));
            self.region_code
                .push(location.map_or("", Location::region_code));
            self.school_religious_character
                .push(ReligiousCharacter::from_gias(field(rel_c)).name());
            self.open_on.push(open_on);
            self.close_on.push(close_on);
        });
        if count == 0 {
            problems.push(Problem::in_file(
                file,
                "the register has a header but no establishments; expected the GIAS all-establishment extract",
            ));
        } else if self.in_scope_count() == 0 && problems.is_empty() {
            problems.push(Problem::in_file(
                file,
                "no state-funded school with a phase was found; expected the GIAS columns EstablishmentTypeGroup (name), TypeOfEstablishment (name) and PhaseOfEducation (name) to be filled",
            ));
        }
        count
    }

    /// One row per establishment; `education_phase`, `country_code` and `region_code`
    /// are empty where they do not apply.
    pub fn into_frame(self) -> PolarsResult<DataFrame> {
        df!(
            "school_urn" => self.school_urn,
            "in_scope" => self.in_scope,
            "education_phase" => self.education_phase,
            "country_code" => self.country_code,
            "region_code" => self.region_code,
            "school_religious_character" => self.school_religious_character,
            "open_on" => self.open_on,
            "close_on" => self.close_on,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_and_phase_follow_design() {
        let la = "Local authority maintained schools";
        assert_eq!(
            scope_phase("Community school", la, "Primary"),
            Some(Phase::Primary)
        );
        assert_eq!(
            scope_phase(
                "Community special school",
                "Special schools",
                "Not applicable"
            ),
            Some(Phase::Special)
        );
        assert_eq!(
            scope_phase("Academy special converter", "Academies", "Secondary"),
            Some(Phase::Special)
        );
        assert_eq!(
            scope_phase("Academy converter", "Academies", "All-through"),
            Some(Phase::Secondary)
        );
        assert_eq!(
            scope_phase("Local authority nursery school", la, "Nursery"),
            None
        );
        assert_eq!(
            scope_phase("Pupil referral unit", la, "Not applicable"),
            None
        );
        assert_eq!(
            scope_phase("Other independent school", "Independent schools", "Primary"),
            None
        );
        assert_eq!(
            scope_phase(
                "Non-maintained special school",
                "Special schools",
                "Not applicable"
            ),
            None
        );
        assert_eq!(scope_phase("Community school", la, "Nursery"), None);
    }
}
