//! `slm explain` output: text for people, CSV (one row per advert, or the workforce
//! cell) for spreadsheets, JSON for tools. Names from the register are made safe for
//! spreadsheets in CSV (`csv_safe`).

use std::fmt::Write;

use super::trace::RoundLine;
use super::Explanation;
use crate::publish::about::count_of;
use crate::publish::tidy::csv_safe;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    Text,
    Csv,
    Json,
}

/// The explanation in `format`.
pub fn render(e: &Explanation, format: ExplainFormat) -> String {
    match format {
        ExplainFormat::Text => text(e),
        ExplainFormat::Csv => csv(e),
        ExplainFormat::Json => String::from_utf8(crate::json::to_json(e)).expect("UTF-8"),
    }
}

fn text(e: &Explanation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", e.table, e.cell);
    if !e.label.is_empty() {
        let _ = writeln!(out, "{}", e.label);
    }
    match &e.published {
        Some(cell) => {
            let _ = writeln!(out, "\nAs published (data/{}.csv):", e.table);
            for (name, value) in &cell.columns {
                let _ = writeln!(out, "  {name:<40} {value}");
            }
        }
        None => {
            let _ = writeln!(
                out,
                "\nNot published: no post or leader falls in this cell, so data/{}.csv has no row for it.",
                e.table
            );
        }
    }
    if let Some(note) = &e.note {
        let _ = writeln!(out, "\n{note}");
    }
    let Some(trace) = &e.trace else {
        return out;
    };
    let (posts, readvertised, adverts) = trace.counts();
    let _ = writeln!(
        out,
        "\nListed below: {}, {readvertised} re-advertised, {}, as published.",
        count_of(posts, "post"),
        count_of(adverts, "advert")
    );
    let _ = writeln!(out, "\nPosts counted ({posts}):");
    for (i, r) in trace.rounds.iter().enumerate() {
        round_text(&mut out, i + 1, r);
    }
    let _ = writeln!(
        out,
        "\nLeft out of this cell ({}):",
        count_of(trace.left_out.len() as u64, "post")
    );
    if trace.left_out.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for (i, r) in trace.left_out.iter().enumerate() {
        round_text(&mut out, i + 1, r);
    }
    out
}

fn round_text(out: &mut String, n: usize, r: &RoundLine) {
    let name = if r.school_name.is_empty() {
        "(not in the register)"
    } else {
        &r.school_name
    };
    let lineage = if r.lineage == r.school_urn {
        String::new()
    } else {
        format!(", lineage {}", r.lineage)
    };
    let phase = if r.education_phase.is_empty() {
        "no phase".to_string()
    } else {
        r.education_phase.to_lowercase()
    };
    let _ = writeln!(
        out,
        "  {n}. URN {} {name}{lineage}: {} post, {phase}, first advert {} on {}",
        r.school_urn,
        r.post.to_lowercase(),
        r.first_advert_id,
        r.opened_on
    );
    for a in &r.adverts {
        let gap = a.gap_days.map_or(String::new(), |g| format!("+{g} days"));
        let at = if a.school_urn == r.school_urn {
            String::new()
        } else {
            format!("  (at URN {})", a.school_urn)
        };
        let _ = writeln!(
            out,
            "       {}  {:<12} {:>10}  {}{at}",
            a.published_on,
            a.advert_id,
            gap,
            a.kind.words()
        );
    }
    let outcome = if r.readvertised {
        "re-advertised: unfilled after the first advert"
    } else {
        "not re-advertised"
    };
    let provisional = if r.provisional {
        " (provisional: its re-advertisement window had not closed when the data end)"
    } else {
        ""
    };
    let _ = writeln!(out, "       {outcome}{provisional}");
    if let Some(reason) = r.left_out {
        let _ = writeln!(out, "       left out: {reason}");
    }
}

fn csv(e: &Explanation) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    match &e.trace {
        None => {
            // A workforce cell: its published columns, one row.
            if let Some(cell) = &e.published {
                let _ = w.write_record(cell.columns.iter().map(|(n, _)| *n));
                let _ = w.write_record(cell.columns.iter().map(|(_, v)| v.as_str()));
            }
        }
        Some(trace) => {
            let _ = w.write_record([
                "counted",
                "left_out_reason",
                "school_urn",
                "school_name",
                "lineage",
                "post",
                "education_phase",
                "first_advert_id",
                "opened_on",
                "readvertised",
                "provisional",
                "advert_id",
                "advert_school_urn",
                "published_on",
                "gap_days",
                "advert_kind",
            ]);
            for r in trace.rounds.iter().chain(&trace.left_out) {
                for a in &r.adverts {
                    let _ = w.write_record([
                        r.left_out.is_none().to_string(),
                        r.left_out.unwrap_or("").to_string(),
                        r.school_urn.to_string(),
                        csv_safe(&r.school_name),
                        r.lineage.to_string(),
                        r.post.clone(),
                        r.education_phase.clone(),
                        csv_safe(&r.first_advert_id),
                        r.opened_on.clone(),
                        r.readvertised.to_string(),
                        r.provisional.to_string(),
                        csv_safe(&a.advert_id),
                        a.school_urn.to_string(),
                        a.published_on.clone(),
                        a.gap_days.map_or(String::new(), |g| g.to_string()),
                        a.kind.words().to_string(),
                    ]);
                }
            }
        }
    }
    String::from_utf8(w.into_inner().expect("write to memory")).expect("UTF-8")
}
