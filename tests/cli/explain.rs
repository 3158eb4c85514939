//! `slm explain`: the rounds and adverts it lists add up to the published cell, for
//! every cell of the small fixture and a sample of the shipped demo build; unknown
//! filter values are refused with the valid ones; workforce cells give counts only.

use std::collections::BTreeMap;

use crate::project::Project;

/// The flags that name the cell of a `unfilled_rates.csv` row.
fn flags_of(row: &BTreeMap<String, String>) -> Vec<String> {
    let year = &row["time_period"];
    let mut flags = vec![
        "explain".to_string(),
        "--table".into(),
        "unfilled_rates".into(),
        "--year".into(),
        format!("{}-{}", &year[..4], &year[4..]),
        "--phase".into(),
        row["education_phase"].clone(),
        "--post".into(),
        row["post"].clone(),
        "--format".into(),
        "json".into(),
    ];
    match row["geographic_level"].as_str() {
        "National" => flags.extend(["--region".into(), row["country_name"].clone()]),
        "Regional" => flags.extend(["--region".into(), row["region_code"].clone()]),
        _ => flags.extend(["--la".into(), row["new_la_code"].clone()]),
    }
    if row["geographic_level"] != "Local authority" {
        flags.extend([
            "--religious-character".into(),
            row["school_religious_character"].clone(),
        ]);
    }
    flags
}

/// Runs `slm explain` for the row's cell and checks what it lists against the row.
fn check_cell(p: &Project, row: &BTreeMap<String, String>) {
    let args = flags_of(row);
    let e: serde_json::Value = serde_json::from_str(&p.stdout_of(&args)).unwrap();
    let published = &e["published"];
    for column in [
        "post_count",
        "readvertised_post_count",
        "advert_count",
        "unfilled_percent",
    ] {
        assert_eq!(
            published[column],
            row[column].as_str(),
            "{args:?}: {column}"
        );
    }
    let rounds = e["trace"]["rounds"].as_array().unwrap();
    let readvertised = rounds.iter().filter(|r| r["readvertised"] == true).count();
    let adverts: usize = rounds
        .iter()
        .map(|r| r["adverts"].as_array().unwrap().len())
        .sum();
    assert_eq!(rounds.len().to_string(), row["post_count"], "{args:?}");
    assert_eq!(readvertised.to_string(), row["readvertised_post_count"]);
    assert_eq!(adverts.to_string(), row["advert_count"], "{args:?}");
    // Each round opens with its first advert; a re-advertised round has a
    // re-advertisement among its adverts, and every other advert has a gap.
    for r in rounds {
        let list = r["adverts"].as_array().unwrap();
        assert_eq!(list[0]["kind"], "first_advert");
        assert_eq!(list[0]["advert_id"], r["first_advert_id"]);
        let readvertised = list.iter().any(|a| a["kind"] == "readvertisement");
        assert_eq!(r["readvertised"], readvertised);
        assert!(list[1..].iter().all(|a| a["gap_days"].is_i64()));
    }
}

#[test]
fn every_cell_of_the_small_fixture_lists_its_published_counts() {
    let p = Project::fixture("small");
    p.slm().arg("build").assert().success();
    let rows = p.csv("reports/2012-13/data/unfilled_rates.csv");
    assert!(rows.len() > 50);
    assert!(rows
        .iter()
        .any(|r| r["geographic_level"] == "Local authority"));
    for row in &rows {
        check_cell(&p, row);
    }
}

#[test]
fn a_sample_of_demo_cells_lists_their_published_counts() {
    let p = Project::shipped();
    p.slm().arg("build").assert().success();
    let dir = std::fs::read_dir(p.path("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .max()
        .unwrap();
    let rows = p.csv(&format!("reports/{dir}/data/unfilled_rates.csv"));
    // Every 97th row: all levels, years, phases, posts and religious characters occur.
    let sample: Vec<_> = rows.iter().step_by(97).collect();
    assert!(sample.len() > 40);
    for level in ["National", "Regional", "Local authority"] {
        assert!(
            sample.iter().any(|r| r["geographic_level"] == level),
            "{level}"
        );
    }
    for row in sample {
        check_cell(&p, row);
    }
}

#[test]
fn the_text_explanation_of_a_small_cell_is_stable() {
    let p = Project::fixture("small");
    insta::assert_snapshot!(p.stdout_of(&[
        "explain",
        "--table",
        "unfilled_rates",
        "--year",
        "2010-11",
        "--phase",
        "primary",
    ]));
}

#[test]
fn unknown_filter_values_are_refused_with_the_valid_ones() {
    let p = Project::fixture("small");
    let err = p.stderr_of(
        &["explain", "--table", "unfilled_rates", "--post", "bursar"],
        2,
    );
    assert!(err.contains("--post: `bursar` is not a post; expected one of Head teacher, Deputy head teacher, Assistant head teacher, Total, head, deputy, assistant"), "{err}");
    let err = p.stderr_of(
        &[
            "explain",
            "--table",
            "unfilled_rates",
            "--year",
            "2010-11",
            "--la",
            "Narnia",
        ],
        2,
    );
    assert!(
        err.contains("--la: `Narnia` is not a local authority with a cell in 2010/11; expected one of Newcastle upon Tyne (391 E08000021), Leeds (383 E08000035), Camden (202 E09000007)"),
        "{err}"
    );
    let err = p.stderr_of(&["explain", "--table", "posts"], 2);
    assert!(
        err.contains("expected one of unfilled_rates, retention"),
        "{err}"
    );
    let err = p.stderr_of(&["explain", "--table", "retention"], 2);
    assert!(err.contains("inputs.workforce is not set"), "{err}");
}

#[test]
fn a_workforce_cell_gives_its_counts_and_no_person() {
    let p = Project::fixture("panel");
    p.slm().arg("build").assert().success();
    let text = p.stdout_of(&[
        "explain",
        "--table",
        "retention",
        "--post",
        "head",
        "--format",
        "json",
    ]);
    let e: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(e["trace"], serde_json::Value::Null);
    assert!(e["note"]
        .as_str()
        .unwrap()
        .contains("never explained row by row"));
    let year = e["published"]["time_period"].as_str().unwrap().to_string();
    let rows = p.csv(&format!(
        "reports/{}/data/retention.csv",
        std::fs::read_dir(p.path("reports"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .max()
            .unwrap()
    ));
    let row = crate::project::row(
        &rows,
        &[
            ("time_period", &year),
            ("geographic_level", "National"),
            ("education_phase", "Total"),
            ("post", "Head teacher"),
        ],
    );
    assert_eq!(e["published"]["leader_count"], row["leader_count"].as_str());
    // No person identifier of the panel appears anywhere in the output.
    let panel = std::fs::read_to_string(p.path("workforce.csv")).unwrap();
    let header: Vec<&str> = panel.lines().next().unwrap().split(',').collect();
    let id = header.iter().position(|h| *h == "person_id").unwrap();
    for line in panel.lines().skip(1) {
        let person = line.split(',').nth(id).unwrap();
        assert!(!text.contains(person), "person {person} in the output");
    }
}

/// With school links, a post re-advertised at a converted school's new URN is one post:
/// explain lists the second advert under the first's post, at its own URN.
#[test]
fn a_post_followed_across_a_conversion_lists_both_urns() {
    let p = crate::links::project(true);
    let e: serde_json::Value = serde_json::from_str(&p.stdout_of(&[
        "explain",
        "--table",
        "unfilled_rates",
        "--year",
        "2010-11",
        "--post",
        "head",
        "--format",
        "json",
    ]))
    .unwrap();
    let rounds = e["trace"]["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 1);
    let r = &rounds[0];
    assert_eq!(
        (r["school_urn"].as_u64(), r["lineage"].as_u64()),
        (Some(300001), Some(300001))
    );
    let adverts: Vec<_> = r["adverts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["advert_id"].as_str().unwrap(),
                a["school_urn"].as_u64().unwrap(),
                a["gap_days"].as_i64(),
                a["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        adverts,
        vec![
            ("O1", 300001, None, "first_advert"),
            ("O2", 300002, Some(30), "readvertisement"),
        ]
    );
    assert_eq!(r["readvertised"], true);
}
