//! `tables.xlsx`, read back with an independent reader (calamine): every table sheet
//! holds its CSV cell for cell (numbers as numbers, percentages as fractions, symbols as
//! text), the headlines match `headlines.json`, and the cover carries the label.

use std::collections::BTreeMap;

use calamine::{open_workbook_auto, Data, Reader, Sheets};

use crate::project::Project;

/// The row index of a sheet's table header (title, "one table" and notes line, source
/// above it).
const NAMES_ROW: u32 = 3;

/// A table sheet's name: the table's in words (`unfilled_rates` is "Unfilled rates").
fn sheet_of(table: &str) -> String {
    let words = table.replace('_', " ");
    words[..1].to_uppercase() + &words[1..]
}

/// The readable label of each CSV column: the meta's for filters and indicators, the
/// EES standard's for time and geography.
fn labels(p: &Project, rel: &str) -> BTreeMap<String, String> {
    let (header, rows) = records(p, rel);
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut labels: BTreeMap<String, String> = rows
        .iter()
        .map(|r| (r[at("col_name")].clone(), r[at("label")].clone()))
        .collect();
    for (name, label) in [
        ("time_period", "Time period"),
        ("time_identifier", "Time identifier"),
        ("geographic_level", "Geographic level"),
        ("country_code", "Country code"),
        ("country_name", "Country"),
        ("region_code", "Region code"),
        ("region_name", "Region"),
        ("old_la_code", "Old LA code"),
        ("new_la_code", "New LA code"),
        ("la_name", "Local authority"),
    ] {
        labels.insert(name.into(), label.into());
    }
    labels
}

fn records(p: &Project, rel: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(p.path(rel)).unwrap();
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// `col_name -> indicator_unit` for the indicators of a table.
fn units(p: &Project, rel: &str) -> BTreeMap<String, String> {
    let (header, rows) = records(p, rel);
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    rows.iter()
        .filter(|r| r[at("col_type")] == "Indicator")
        .map(|r| (r[at("col_name")].clone(), r[at("indicator_unit")].clone()))
        .collect()
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(other) => panic!("expected text, found {other:?}"),
    }
}

fn built_shipped() -> (Project, String) {
    let p = Project::shipped();
    let out = p.slm().arg("build").output().unwrap();
    assert!(out.status.success());
    // rust_xlsxwriter reports misuse (such as a row written out of order in
    // constant-memory mode) on stderr and drops the cell: slm's own warnings only.
    for line in String::from_utf8_lossy(&out.stderr).lines() {
        assert!(line.starts_with("warning: "), "{line}");
    }
    let year = std::fs::read_dir(p.path("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .max()
        .unwrap();
    (p, format!("reports/{year}"))
}

/// The workbook `file` of the release in `dir`, opened by calamine (xlsx or ods).
fn open(p: &Project, dir: &str, file: &str) -> Sheets<std::io::BufReader<std::fs::File>> {
    open_workbook_auto(p.path(&format!("{dir}/{file}"))).unwrap()
}

/// The xlsx and its OpenDocument twin (GSS guidance: the open format too) hold the same
/// sheets, each table sheet its CSV cell for cell.
#[test]
fn every_table_sheet_holds_its_csv_cell_for_cell() {
    let (p, dir) = built_shipped();
    for file in ["tables.xlsx", "tables.ods"] {
        tables_match_their_csvs(&p, &dir, file);
    }
    // GSS guidance: every sheet but the cover holds one Excel table object, headed by
    // the readable labels (the headers are the table's own, so sorting and filtering
    // work and screen readers announce them).
    let xlsx = std::fs::File::open(p.path(&format!("{dir}/tables.xlsx"))).unwrap();
    let mut zip = zip::ZipArchive::new(xlsx).unwrap();
    let mut tables: Vec<String> = (zip.file_names())
        .map(|n| n.unwrap().to_string())
        .filter(|n| n.starts_with("xl/tables/table") && n.ends_with(".xml"))
        .collect();
    tables.sort();
    let sheets = open(&p, &dir, "tables.xlsx").sheet_names().len();
    assert_eq!(tables.len(), sheets - 1, "{tables:?}");
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(&tables[0]).unwrap(), &mut xml).unwrap();
    assert!(xml.contains("name=\"Sheet name\""), "{xml}");
}

fn tables_match_their_csvs(p: &Project, dir: &str, file: &str) {
    let mut book = open(p, dir, file);
    let mut tables: Vec<String> = p
        .tree(&format!("{dir}/data"))
        .into_keys()
        .filter_map(|f| f.strip_suffix(".csv").map(String::from))
        .filter(|f| !f.ends_with(".meta"))
        .collect();
    tables.sort();
    // GSS guidance: cover, contents and notes first, then the tables.
    let mut expected_sheets = vec![
        "Cover".to_string(),
        "Contents".into(),
        "Notes".into(),
        "Headlines".into(),
        "Head teacher rates".into(),
        "Local authorities".into(),
    ];
    let mut in_build_order = tables.clone();
    // The sheets follow the order the tables are built in, which the data package lists.
    let package: serde_json::Value =
        serde_json::from_str(&p.read(&format!("{dir}/datapackage.json"))).unwrap();
    in_build_order.sort_by_key(|t| {
        package["resources"]
            .as_array()
            .unwrap()
            .iter()
            .position(|r| r["name"] == t.as_str())
    });
    expected_sheets.extend(in_build_order.iter().map(|t| sheet_of(t)));
    assert_eq!(book.sheet_names(), expected_sheets);
    assert_eq!(
        tables.len(),
        8,
        "all eight tables (the projection among them) are built from the shipped data"
    );

    let mut numbers = 0;
    let mut symbols = 0;
    for table in &tables {
        let sheet = book.worksheet_range(&sheet_of(table)).unwrap();
        let (header, all_rows) = records(p, &format!("{dir}/data/{table}.csv"));
        // Local-authority rows are in the CSV only (and the LA sheet); every other row
        // is on the sheet, in order.
        let level = header.iter().position(|h| h == "geographic_level");
        let rows: Vec<&Vec<String>> = all_rows
            .iter()
            .filter(|r| level.is_none_or(|i| r[i] != "Local authority"))
            .collect();
        if table == "unfilled_rates" || table == "retention" {
            assert!(
                rows.len() < all_rows.len(),
                "{table} has LA rows in its CSV"
            );
            let source = text(sheet.get_value((2, 0)));
            assert!(source.contains("Local-authority rows: data/"), "{source}");
        }
        // The line under the title: one table, and the notes that apply by number.
        let line = text(sheet.get_value((1, 0)));
        assert!(
            line.starts_with("This worksheet contains one table. Notes: "),
            "{line}"
        );
        let meta = format!("{dir}/data/{table}.meta.csv");
        let units = units(p, &meta);
        // GSS guidance: no column empty in every row (the LA columns once LA rows are
        // left out); the header is the readable labels.
        let shown: Vec<usize> = (0..header.len())
            .filter(|&c| units.contains_key(&header[c]) || rows.iter().any(|r| !r[c].is_empty()))
            .collect();
        if table == "unfilled_rates" {
            assert!(!shown.contains(&header.iter().position(|h| h == "la_name").unwrap()));
        }
        let labels = labels(p, &meta);
        let cell = |r: u32, c: usize| sheet.get_value((r, c as u32));
        let names: Vec<String> = (0..shown.len()).map(|c| text(cell(NAMES_ROW, c))).collect();
        let want: Vec<String> = shown.iter().map(|&c| labels[&header[c]].clone()).collect();
        assert_eq!(names, want, "{table}: column labels");
        for (i, row) in rows.iter().enumerate() {
            let r = NAMES_ROW + 1 + i as u32;
            for (c, &k) in shown.iter().enumerate() {
                let value = &row[k];
                let at = format!("{table} row {r} column {}", header[k]);
                let Some(unit) = units.get(&header[k]) else {
                    // No blank cells: a column that does not apply to the row is [z].
                    let want = if value.is_empty() {
                        "[z]"
                    } else {
                        value.as_str()
                    };
                    assert_eq!(text(cell(r, c)), want, "{at}");
                    continue;
                };
                match (cell(r, c), value.parse::<f64>()) {
                    (Some(Data::Float(got)), Ok(v)) => {
                        let want = if unit == "%" { v / 100.0 } else { v };
                        assert!((got - want).abs() < 1e-12, "{at}: {got} for {value}");
                        numbers += 1;
                    }
                    (Some(Data::String(got)), Err(_)) => {
                        // GSS guidance: symbols in brackets in a spreadsheet.
                        assert_eq!(got, &format!("[{value}]"), "{at}");
                        assert!(["c", "u", "x", "z"].contains(&value.as_str()), "{at}");
                        symbols += 1;
                    }
                    (got, _) => panic!("{at}: {got:?} for {value:?}"),
                }
            }
        }
        assert_eq!(
            cell(NAMES_ROW + 1 + rows.len() as u32, 0),
            None,
            "{table}: no rows beyond the CSV's"
        );
    }
    assert!(
        numbers > 100_000 && symbols > 1_000,
        "{numbers} numbers, {symbols} symbols"
    );
}

/// The "Local authorities" sheet holds the report year's LA rows of `unfilled_rates`
/// (all phases; head teacher posts, then all posts), region by region.
#[test]
fn the_local_authority_sheet_holds_the_report_year_la_rows() {
    let (p, dir) = built_shipped();
    let mut book = open(&p, &dir, "tables.xlsx");
    let sheet = book.worksheet_range("Local authorities").unwrap();
    let rates = p.csv(&format!("{dir}/data/unfilled_rates.csv"));
    let year = rates
        .iter()
        .map(|r| r["time_period"].clone())
        .max()
        .unwrap();
    let la_cell = |code: &str, post: &str| {
        crate::project::row(
            &rates,
            &[
                ("time_period", &year),
                ("geographic_level", "Local authority"),
                ("new_la_code", code),
                ("education_phase", "Total"),
                ("post", post),
            ],
        )
        .clone()
    };
    let number = |r: u32, c: u32| match sheet.get_value((r, c)) {
        Some(Data::Float(v)) => v.to_string(),
        other => panic!("row {r} column {c}: {other:?}"),
    };
    let mut regions = Vec::new();
    let mut r = NAMES_ROW + 1;
    while let Some(Data::String(region)) = sheet.get_value((r, 0)) {
        let code = text(sheet.get_value((r, 3)));
        let (head, all) = (la_cell(&code, "Head teacher"), la_cell(&code, "Total"));
        assert_eq!(text(sheet.get_value((r, 1))), all["la_name"]);
        assert_eq!(text(sheet.get_value((r, 2))), all["old_la_code"]);
        assert_eq!(region, &all["region_name"]);
        assert_eq!(number(r, 4), head["post_count"]);
        assert_eq!(number(r, 5), head["readvertised_post_count"]);
        assert_eq!(number(r, 9), all["post_count"]);
        assert_eq!(number(r, 10), all["readvertised_post_count"]);
        regions.push(all["region_code"].clone());
        r += 1;
    }
    let in_csv = rates
        .iter()
        .filter(|x| {
            x["time_period"] == year
                && x["geographic_level"] == "Local authority"
                && x["education_phase"] == "Total"
                && x["post"] == "Total"
        })
        .count();
    assert_eq!(regions.len(), in_csv, "one sheet row per LA in the CSV");
    assert!(in_csv >= 36);
    assert!(
        regions.windows(2).all(|w| w[0] <= w[1]),
        "ordered by region"
    );
}

/// The head teacher sheet a press officer reads first, without filters: the report
/// year first, marked [p] when provisional, each rate as `unfilled_rates.csv` has it.
#[test]
fn the_head_teacher_sheet_leads_with_the_report_year() {
    let (p, dir) = built_shipped();
    let mut book = open(&p, &dir, "tables.xlsx");
    let sheet = book.worksheet_range("Head teacher rates").unwrap();
    assert_eq!(
        text(sheet.get_value((0, 0))),
        "Head teacher posts unfilled after the first advertisement, by phase"
    );
    assert_eq!(text(sheet.get_value((4, 0))), "2024/25 [p]");
    assert_eq!(text(sheet.get_value((4, 1))), "Primary");
    let (header, rows) = records(&p, &format!("{dir}/data/unfilled_rates.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let primary = rows
        .iter()
        .find(|r| {
            r[col("time_period")] == "202425"
                && r[col("geographic_level")] == "National"
                && r[col("country_code")] == "K04000001"
                && r[col("education_phase")] == "Primary"
                && r[col("post")] == "Head teacher"
                && r[col("school_religious_character")] == "Total"
        })
        .unwrap();
    let rate: f64 = primary[col("unfilled_percent")].parse().unwrap();
    match sheet.get_value((4, 4)) {
        Some(Data::Float(got)) => assert!((got - rate / 100.0).abs() < 1e-12),
        other => panic!("{other:?}"),
    }
    // The projection of the provisional year is there, above the observed lower bound.
    match sheet.get_value((4, 9)) {
        Some(Data::Float(projected)) => assert!(*projected >= rate / 100.0),
        other => panic!("{other:?}"),
    }
}

#[test]
fn headlines_cover_and_notes_say_what_the_report_says() {
    let (p, dir) = built_shipped();
    let mut book = open(&p, &dir, "tables.xlsx");
    let headlines: serde_json::Value =
        serde_json::from_str(&p.read(&format!("{dir}/headlines.json"))).unwrap();
    let sheet = book.worksheet_range("Headlines").unwrap();
    assert_eq!(text(sheet.get_value((NAMES_ROW, 0))), "Headline");
    for (i, h) in headlines.as_array().unwrap().iter().enumerate() {
        let r = NAMES_ROW + 1 + i as u32;
        assert_eq!(
            text(sheet.get_value((r, 0))),
            h["sentence"].as_str().unwrap()
        );
        // One percentage scale on every sheet: per cent stored as a fraction.
        let scale = if h["unit"] == "%" { 0.01 } else { 1.0 };
        match (sheet.get_value((r, 1)), h["value"].as_f64()) {
            (Some(Data::Float(got)), Some(want)) => assert_eq!(*got, want * scale),
            (Some(Data::String(z)), None) => assert_eq!(z, "[z]"),
            (got, want) => panic!("headline {i}: {got:?} for {want:?}"),
        }
    }

    let cover = book.worksheet_range("Cover").unwrap();
    let cover_text: Vec<String> = cover
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert_eq!(
        cover_text[0],
        "The labour market for school leaders, 2024/25"
    );
    assert!(cover_text.contains(&"Synthetic demonstration data: not real figures".to_string()));
    // The key to every symbol a sheet uses, as the sheets write them; [p] too, as the
    // report year is provisional.
    for symbol in ["[c]", "[u]", "[x]", "[z]", "[p]"] {
        assert!(cover_text.contains(&symbol.to_string()), "key to {symbol}");
    }
    // The contents: a sheet of its own, every other sheet linked from its table.
    let contents = book.worksheet_range("Contents").unwrap();
    assert_eq!(text(contents.get_value((NAMES_ROW - 1, 0))), "Sheet name");
    let listed: Vec<String> = contents.rows().skip(3).map(|r| r[0].to_string()).collect();
    let mut others = book.sheet_names();
    others.retain(|n| n != "Contents");
    assert_eq!(listed, others);
    // The published figures are real: their sheet says so, and never carries the
    // synthetic label of this build's data.
    let published: Vec<String> = book
        .sheet_names()
        .into_iter()
        .map(|name| {
            book.worksheet_range(&name)
                .unwrap()
                .rows()
                .take(3)
                .flat_map(|r| r.iter().map(|c| c.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|top| top.contains("Figures as published in the reports named in the table"))
        .collect();
    assert_eq!(published.len(), 1, "one published-series sheet");
    assert!(!published[0].contains("Synthetic"), "{}", published[0]);
    // Notes: numbered in a table, and referred to by number from the tables.
    let notes = book.worksheet_range("Notes").unwrap();
    assert_eq!(text(notes.get_value((NAMES_ROW, 0))), "Note number");
    let numbers: Vec<String> = notes.rows().skip(4).map(|r| r[0].to_string()).collect();
    let terms: Vec<String> = notes.rows().map(|r| r[1].to_string()).collect();
    assert_eq!(numbers[0], "[note 1]");
    assert_eq!(numbers.len(), terms.len() - 4);
    let rates = book.worksheet_range("Unfilled rates").unwrap();
    let unfilled = terms.iter().position(|t| t == "Unfilled rate").unwrap() - 3;
    assert!(text(rates.get_value((1, 0))).contains(&format!("[note {unfilled}]")));
    for term in [
        "Re-advertisement",
        "Unfilled rate",
        "Symbols",
        "Retention (workforce panel)",
    ] {
        assert!(terms.contains(&term.to_string()), "{term}");
    }
}
