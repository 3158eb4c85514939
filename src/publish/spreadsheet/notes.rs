//! The Notes sheet (GSS guidance: notes numbered in a table of their own, referred to
//! from the tables by number): the report's methods and definitions, `[note 1]` on,
//! and the line each table sheet carries naming the notes that apply to it.

use rust_xlsxwriter::XlsxError;

use super::sheet::{Sheet, Style};
use super::{source_line, table_object, Book, ONE_TABLE};
use crate::publish::context::Context;

/// The notes (by their definition's term) that apply to each table, in note order.
const TABLE_NOTES: [(&str, &[&str]); 9] = [
    (
        "unfilled_rates",
        &[
            "Recruitment year",
            "Post",
            "Re-advertisement",
            "Unfilled rate",
            "Provisional years",
            "Posts per 100 schools",
            "Scope",
            "Symbols",
            "Rounding",
        ],
    ),
    (
        "unfilled_change",
        &[
            "Unfilled rate",
            "Year-on-year change and significance",
            "Provisional years",
            "Symbols",
            "Rounding",
        ],
    ),
    (
        "projection",
        &["Unfilled rate", "Provisional years", "Rounding"],
    ),
    ("published_series", &["Re-advertisement"]),
    (
        "retention",
        &[
            "Retention (workforce panel)",
            "Schools through time (lineages)",
            "Symbols",
            "Rounding",
        ],
    ),
    (
        "new_head_survival",
        &[
            "New head teachers and survival",
            "Schools through time (lineages)",
            "Symbols",
            "Rounding",
        ],
    ),
    (
        "survey_rates",
        &["Survey method", "Provisional years", "Symbols", "Rounding"],
    ),
    (
        "survey_agreement",
        &["Survey method", "Provisional years", "Symbols"],
    ),
    ("revisions", &["Provisional years"]),
];

/// `[note 3]`: how a note is referred to.
fn note(number: usize) -> String {
    format!("[note {number}]")
}

/// The line under a table sheet's title: it holds one table, and the notes that apply
/// ("Notes: [note 2], [note 4]."), numbered as the Notes sheet numbers them.
pub(super) fn table_notes_line(ctx: &Context, table: &str) -> String {
    let terms = (TABLE_NOTES.iter())
        .find(|(name, _)| *name == table)
        .map_or(&[][..], |(_, terms)| *terms);
    let numbers: Vec<String> = (ctx.definitions.iter().enumerate())
        .filter(|(_, d)| terms.contains(&d.term))
        .map(|(i, _)| note(i + 1))
        .collect();
    if numbers.is_empty() {
        format!("{ONE_TABLE} Notes: see the Notes sheet.")
    } else {
        format!("{ONE_TABLE} Notes: {} (Notes sheet).", numbers.join(", "))
    }
}

pub(super) fn notes(ws: &mut impl Sheet, input: &Book) -> Result<(), XlsxError> {
    ws.name("Notes")?;
    ws.text(0, 0, "Notes: methods and definitions", Style::Title)?;
    let line = format!("{ONE_TABLE} Each table sheet names the notes that apply to it by number.");
    ws.text(1, 0, &line, Style::Plain)?;
    ws.text(2, 0, &source_line(input, None), Style::Plain)?;
    let definitions = &input.ctx.definitions;
    let header = [
        ("Note number", 12.0),
        ("Note title", 30.0),
        ("Note text", 110.0),
    ];
    table_object(ws, (3, definitions.len()), "notes", &header)?;
    for (row, (i, d)) in (4u32..).zip(definitions.iter().enumerate()) {
        ws.text(row, 0, &note(i + 1), Style::Plain)?;
        ws.text(row, 1, d.term, Style::Bold)?;
        ws.text(row, 2, &d.text, Style::Wrap)?;
    }
    ws.freeze(4, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every term a table refers to is one the definitions hold (a renamed definition
    /// must not silently drop its note from the tables).
    #[test]
    fn every_table_note_names_a_definition() {
        use crate::publish::definitions::{definitions, Given};
        let rules = crate::config::Rules::default();
        let given = Given {
            links: true,
            survey: true,
        };
        let all = definitions(&rules, "2025-08-31", given);
        let terms: Vec<&str> = all.iter().map(|d| d.term).collect();
        for (table, wanted) in TABLE_NOTES {
            for term in wanted {
                assert!(terms.contains(term), "{table}: {term}");
            }
        }
    }
}
