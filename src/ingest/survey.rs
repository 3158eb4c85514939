//! Survey returns (DESIGN.md, Inputs: Survey returns): one row per school's answer about
//! one post, checked like every input (file:line:field). Two answers for the same
//! school, role and year are an error naming both rows. The file is never published
//! row by row.

use std::collections::HashMap;

use crate::domain::{RecruitmentYear, Role};
use crate::error::Problem;
use crate::ingest::csv_table::CsvTable;
use crate::ingest::fields::{self, checked, school_urn};
use crate::ingest::text::Text;

pub const REQUIRED: [&str; 5] = [
    "response_id",
    "school_urn",
    "role",
    "recruitment_year",
    "appointed_after_first_advert",
];

/// One school's answer about one post.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Answer {
    pub school_urn: u32,
    pub role: Role,
    pub year: RecruitmentYear,
    /// `yes`: appointed after the first advertisement (the post was filled by it).
    pub appointed_after_first_advert: bool,
    /// How many times the school says it advertised, when it said.
    pub advert_count: Option<u32>,
    /// The file's line, for messages.
    pub line: u64,
}

/// `yes`/`no`, any case.
fn yes_no(text: &str) -> Option<bool> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("yes") {
        Some(true)
    } else if t.eq_ignore_ascii_case("no") {
        Some(false)
    } else {
        None
    }
}

/// `advert_count`: empty, or a whole number from 1.
fn advert_count(text: &str) -> Result<Option<u32>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u32>().ok().filter(|&n| n >= 1).map(Some).ok_or_else(|| {
        format!("advert_count `{text}` is not a count of adverts; expected a whole number from 1, or empty")
    })
}

/// `response_id`: not empty, and not an id an earlier line (`ids`) had.
fn unique_id(id: &str, line: u64, ids: &mut HashMap<String, u64>) -> Result<(), String> {
    if id.is_empty() {
        return Err("response_id is empty; expected a unique, non-empty id".into());
    }
    match ids.insert(id.to_string(), line) {
        Some(first) => Err(format!(
            "response_id `{id}` is a duplicate of line {first}; expected ids unique in the file"
        )),
        None => Ok(()),
    }
}

/// Reads the survey file; its answers in file order.
pub fn read(file: &str, text: Text<'_>, problems: &mut Vec<Problem>) -> Vec<Answer> {
    let Some((table, [id_c, urn_c, role_c, year_c, answer_c])) =
        CsvTable::open_with_columns(file, text, &REQUIRED, problems)
    else {
        return Vec::new();
    };
    let count_c = table.column("advert_count");
    let mut answers = Vec::new();
    let mut ids: HashMap<String, u64> = HashMap::new();
    let mut seen: HashMap<(u32, Role, RecruitmentYear), u64> = HashMap::new();
    table.for_each_row(problems, |row, problems| {
        let field = |i: usize| row.field(i).trim();
        let at = |i: usize, message: String| Problem::at(file, row.line, i + 1, message);
        checked(unique_id(field(id_c), row.line, &mut ids), id_c, &at, problems);
        let urn = checked(school_urn(field(urn_c)), urn_c, &at, problems);
        let role = checked(fields::role(field(role_c)), role_c, &at, problems);
        let year = RecruitmentYear::parse(field(year_c));
        if year.is_none() {
            problems.push(at(
                year_c,
                format!(
                    "recruitment_year `{}` is not a recruitment year; expected the form 2010/11",
                    field(year_c)
                ),
            ));
        }
        let answer = yes_no(field(answer_c));
        if answer.is_none() {
            problems.push(at(
                answer_c,
                format!(
                    "appointed_after_first_advert `{}` is not an answer; expected yes or no",
                    field(answer_c)
                ),
            ));
        }
        let advert_count =
            count_c.and_then(|c| checked(advert_count(field(c)), c, &at, problems).flatten());
        let (Some(school_urn), Some(role), Some(year), Some(appointed)) = (urn, role, year, answer)
        else {
            return;
        };
        if let Some(first) = seen.insert((school_urn, role, year), row.line) {
            problems.push(at(
                urn_c,
                format!(
                    "school {school_urn} answered twice for its {} post in {}: lines {first} and {}; expected one answer per school, role and year (remove one)",
                    role.post_name().to_lowercase(),
                    year.label(),
                    row.line
                ),
            ));
        }
        answers.push(Answer {
            school_urn,
            role,
            year,
            appointed_after_first_advert: appointed,
            advert_count,
            line: row.line,
        });
    });
    answers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_and_every_problem_is_named() {
        let text = "response_id,school_urn,role,recruitment_year,appointed_after_first_advert,advert_count\n\
R1,100001,head,2010/11,yes,1\n\
R2,100001,Head,2010/11,no,\n\
R3,x,boss,2010-12,maybe,0\n\
R1,100002,deputy,2010/11,NO,2\n";
        let mut problems = Vec::new();
        let answers = read("survey.csv", text.into(), &mut problems);
        assert_eq!(answers.len(), 3);
        assert_eq!(answers[2].role, Role::Deputy);
        assert!(!answers[2].appointed_after_first_advert);
        assert_eq!(answers[2].advert_count, Some(2));
        let said: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            said,
            [
                "survey.csv:3:2: school 100001 answered twice for its head teacher post in 2010/11: lines 2 and 3; expected one answer per school, role and year (remove one)",
                "survey.csv:4:2: school_urn `x` is not a URN; expected a whole number above 0",
                "survey.csv:4:3: role `boss` is not known; expected head, deputy or assistant",
                "survey.csv:4:4: recruitment_year `2010-12` is not a recruitment year; expected the form 2010/11",
                "survey.csv:4:5: appointed_after_first_advert `maybe` is not an answer; expected yes or no",
                "survey.csv:4:6: advert_count `0` is not a count of adverts; expected a whole number from 1, or empty",
                "survey.csv:5:1: response_id `R1` is a duplicate of line 2; expected ids unique in the file",
            ]
        );
    }
}
