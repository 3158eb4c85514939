//! The synthetic GIAS links file (`links.csv`), in the real download's layout: quoted,
//! Windows-1252, CRLF, `DD-MM-YYYY`, each link stated from both ends. Every academy
//! conversion of the synthetic register is a Successor/Predecessor pair; a few long-closed
//! establishments are linked by merges and splits, which slm must not follow. Made from
//! the register alone (no random numbers), so the other files stay as they were for a
//! seed.

use chrono::NaiveDate;

use super::gias_file::gias_date;
use super::register::{Establishment, Register};

const HEADER: [&str; 5] = [
    "URN",
    "LinkURN",
    "LinkName",
    "LinkType",
    "LinkEstablishedDate",
];

/// `a`'s link to `b`.
fn record(
    a: &Establishment,
    b: &Establishment,
    link_type: &str,
    on: Option<NaiveDate>,
) -> [String; 5] {
    [
        a.urn.to_string(),
        b.urn.to_string(),
        b.name.clone(),
        link_type.to_string(),
        gias_date(on),
    ]
}

/// The links file's bytes and its row count.
pub fn to_bytes(reg: &Register, first_year: i32) -> (Vec<u8>, usize) {
    let mut rows: Vec<[String; 5]> = Vec::new();
    let e = |i: usize| &reg.establishments[i];
    for site in &reg.sites {
        for pair in site.establishments.windows(2) {
            let (old, new) = (e(pair[0]), e(pair[1]));
            rows.push(record(old, new, "Successor", new.open));
            rows.push(record(new, old, "Predecessor", new.open));
        }
    }
    // Establishments closed before the data begin: a few merged, a few split.
    let before = NaiveDate::from_ymd_opt(first_year, 9, 1).expect("a date");
    let mut closed: Vec<&Establishment> = reg
        .establishments
        .iter()
        .filter(|x| x.close.is_some_and(|c| c < before))
        .collect();
    closed.sort_by_key(|x| x.urn);
    let groups = closed.chunks_exact(3).take(4).collect::<Vec<_>>();
    for (i, g) in groups.iter().enumerate() {
        let on = g[2].close;
        if i % 2 == 0 {
            // Two schools merged into a third.
            for x in &g[..2] {
                rows.push(record(x, g[2], "Successor - merged", on));
                rows.push(record(g[2], x, "Predecessor - merged", on));
            }
        } else {
            // One school split in two.
            for x in &g[1..] {
                rows.push(record(g[0], x, "Successor - Split School", on));
                rows.push(record(x, g[0], "Predecessor - Split School", on));
            }
        }
    }
    rows.sort();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(Vec::new());
    w.write_record(HEADER).expect("memory");
    for r in &rows {
        w.write_record(r).expect("memory");
    }
    let text = String::from_utf8(w.into_inner().expect("memory")).expect("utf-8");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(
        !unmappable,
        "synthetic names must be representable in Windows-1252"
    );
    (bytes.into_owned(), rows.len())
}
