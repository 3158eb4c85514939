//! School links (DESIGN.md, Inputs: School links): the GIAS links download
//! (`links_edubasealldataYYYYMMDD.csv`, Windows-1252, quoted) and the `Linked
//! establishments` of a search download. Bad URNs and dates are problems with their
//! file, line and field; a link type slm does not follow is not an error (the lineage
//! rule counts it in quality.json).

use crate::calendar::parse_gias_date;
use crate::error::Problem;
use crate::ingest::csv_table::{CsvTable, Row};
use crate::ingest::fields::parse_urn;
use crate::ingest::text::Text;

pub const REQUIRED: [&str; 4] = ["URN", "LinkURN", "LinkType", "LinkEstablishedDate"];

/// One link as GIAS states it: `link_urn` is `urn`'s `link_type` ("Successor": the
/// school that replaced it).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub urn: u32,
    pub link_urn: u32,
    pub link_type: String,
}

/// Reads the links file; returns its links (and how many rows it had, through `len`).
pub fn read(file: &str, text: Text<'_>, problems: &mut Vec<Problem>) -> Vec<Link> {
    let Some((table, [urn_c, link_c, type_c, date_c])) =
        CsvTable::open_with_columns(file, text, &REQUIRED, problems)
    else {
        return Vec::new();
    };
    let mut links = Vec::new();
    table.for_each_row(problems, |row, problems| {
        let field = |i: usize| row.field(i).trim();
        let at = |i: usize, message: String| Problem::at(file, row.line, i + 1, message);
        let urn = |i: usize, problems: &mut Vec<Problem>| {
            let parsed = parse_urn(field(i));
            if parsed.is_none() {
                problems.push(at(
                    i,
                    format!(
                        "{} `{}` is not a URN; expected a whole number above 0",
                        REQUIRED[if i == urn_c { 0 } else { 1 }],
                        field(i)
                    ),
                ));
            }
            parsed
        };
        let (a, b) = (urn(urn_c, problems), urn(link_c, problems));
        let date = field(date_c);
        if !date.is_empty() && parse_gias_date(date).is_none() {
            problems.push(at(
                date_c,
                format!("LinkEstablishedDate `{date}` is not a date; expected DD-MM-YYYY as GIAS writes it, or empty"),
            ));
        }
        if let (Some(urn), Some(link_urn)) = (a, b) {
            links.push(Link {
                urn,
                link_urn,
                link_type: field(type_c).to_string(),
            });
        }
    });
    links
}

/// The links of one row of a search download: fields `from` to the end, each `URN
/// LinkType` (`115961 Predecessor`), or `Does not have links`.
pub fn from_search_row(
    file: &str,
    row: &Row,
    urn: u32,
    from: usize,
    problems: &mut Vec<Problem>,
) -> Vec<Link> {
    let mut links = Vec::new();
    for i in from..row.len() {
        let text = row.field(i).trim();
        if text.is_empty() || text.eq_ignore_ascii_case("Does not have links") {
            continue;
        }
        let parsed = text
            .split_once(' ')
            .and_then(|(u, t)| Some((parse_urn(u)?, t.trim())));
        match parsed {
            Some((link_urn, link_type)) if !link_type.is_empty() => links.push(Link {
                urn,
                link_urn,
                link_type: link_type.to_string(),
            }),
            _ => problems.push(Problem::at(
                file,
                row.line,
                i + 1,
                format!("Linked establishments `{text}` is not a link; expected a URN and a link type, such as `115961 Predecessor`, or `Does not have links`"),
            )),
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_links_file_is_read_and_checked() {
        let text = "\"URN\",\"LinkURN\",\"LinkName\",\"LinkType\",\"LinkEstablishedDate\"\n\"100001\",\"200001\",\"Alpha Academy, a \"\"converter\"\"\",\"Successor\",\"01-09-2012\"\n\"100002\",\"x\",\"B\",\"Predecessor\",\"\"\n\"100003\",\"200003\",\"C\",\"Other\",\"31-02-2012\"\n";
        let mut problems = Vec::new();
        let links = read("links.csv", text.into(), &mut problems);
        assert_eq!(
            links,
            vec![
                Link {
                    urn: 100001,
                    link_urn: 200001,
                    link_type: "Successor".into()
                },
                Link {
                    urn: 100003,
                    link_urn: 200003,
                    link_type: "Other".into()
                },
            ]
        );
        let said: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            said,
            [
                "links.csv:3:2: LinkURN `x` is not a URN; expected a whole number above 0",
                "links.csv:4:5: LinkEstablishedDate `31-02-2012` is not a date; expected DD-MM-YYYY as GIAS writes it, or empty",
            ]
        );
    }
}
