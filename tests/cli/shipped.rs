//! The shipped demonstration data: synth reproduces it byte for byte, and the round
//! rule recovers the rates it was calibrated to; the committed notebooks carry no outputs.

use crate::project::{read_csv, repo_root, row, Project};

#[test]
fn synth_reproduces_the_committed_demo_data() {
    let p = Project::fixture("small");
    let readme = std::fs::read_to_string(repo_root().join("data/demo/README.md")).unwrap();
    let command = readme
        .lines()
        .find(|l| l.starts_with("cargo run --release -- synth"))
        .unwrap();
    let args: Vec<&str> = command
        .split_whitespace()
        .skip(4)
        .map(|a| if a == "data/demo" { "out" } else { a })
        .collect();
    p.slm().args(&args).assert().success();
    for file in [
        "schools.csv",
        "adverts.csv",
        "workforce.csv",
        "links.csv",
        "survey.csv",
        "README.md",
    ] {
        let committed = std::fs::read(repo_root().join("data/demo").join(file)).unwrap();
        let made = std::fs::read(p.path("out").join(file)).unwrap();
        assert!(
            committed == made,
            "data/demo/{file} differs from a fresh `slm synth`"
        );
    }
}

#[test]
fn demo_head_rates_track_the_published_survey_within_sampling_noise() {
    let p = Project::shipped();
    p.slm()
        .args(["build", "--year", "2010-11"])
        .assert()
        .success();
    let rates = p.csv("reports/2010-11/data/unfilled_rates.csv");
    // The survey's figures (DESIGN.md, Published series) the demo is calibrated to.
    for (year, phase, target) in [
        ("200910", "Primary", 34.0),
        ("200910", "Secondary", 20.0),
        ("200910", "Special", 43.0),
        ("201011", "Primary", 33.0),
        ("201011", "Secondary", 23.0),
        ("201011", "Special", 41.0),
    ] {
        let r = row(
            &rates,
            &[
                ("time_period", year),
                ("country_code", "K04000001"),
                ("education_phase", phase),
                ("post", "Head teacher"),
                ("school_religious_character", "Total"),
            ],
        );
        let n: f64 = r["post_count"].parse().unwrap();
        let k: f64 = r["readvertised_post_count"].parse().unwrap();
        let rate = 100.0 * k / n;
        // Three standard errors of a proportion on n posts.
        let tolerance = 300.0 * (target / 100.0 * (1.0 - target / 100.0) / n).sqrt();
        assert!(
            (rate - target).abs() <= tolerance,
            "{year} {phase}: {rate:.1} vs {target} (n = {n})"
        );
    }
    let text = p.read("reports/2010-11/headlines.md");
    assert!(text.contains("Synthetic demonstration data"), "{text}");
}

/// The demo's survey returns are calibrated so that the weighted head teacher rate tracks
/// the published survey figures, while non-response that depends on the outcome biases the
/// unweighted rate visibly low (DESIGN.md, Survey method). Each published figure whose
/// weighted rate is shown lies inside that rate's 95% interval; on average the weighted
/// rate is within 4 points of the published one and the unweighted rate at least 5 points
/// further below it.
#[test]
fn demo_survey_weighted_rates_track_the_published_survey() {
    let p = Project::shipped();
    p.slm().arg("build").assert().success();
    let survey = p.csv("reports/2024-25/data/survey_rates.csv");
    let published = p.csv("data/published/series.csv");
    let (mut weighted_gap, mut unweighted_gap, mut compared) = (0.0, 0.0, 0);
    for figure in published
        .iter()
        .filter(|r| r["unfilled_after_first_advert_percent"] != "z")
    {
        let target: f64 = figure["unfilled_after_first_advert_percent"]
            .parse()
            .unwrap();
        let r = row(
            &survey,
            &[
                ("time_period", figure["time_period"].as_str()),
                ("geographic_level", "National"),
                ("country_code", "K04000001"),
                ("education_phase", figure["education_phase"].as_str()),
                ("post", "Head teacher"),
            ],
        );
        let Ok(weighted) = r["weighted_unfilled_percent"].parse::<f64>() else {
            continue; // u: too few answers
        };
        let lower: f64 = r["weighted_unfilled_percent_lower"].parse().unwrap();
        let upper: f64 = r["weighted_unfilled_percent_upper"].parse().unwrap();
        assert!(
            lower <= target && target <= upper,
            "{} {}: published {target} outside {lower} to {upper}",
            figure["time_period"],
            figure["education_phase"]
        );
        let unweighted: f64 = r["unfilled_percent"].parse().unwrap();
        weighted_gap += weighted - target;
        unweighted_gap += unweighted - target;
        compared += 1;
    }
    assert!(compared >= 8, "only {compared} published figures compared");
    let (w, u) = (
        weighted_gap / compared as f64,
        unweighted_gap / compared as f64,
    );
    assert!(
        w.abs() <= 4.0,
        "weighted rates are {w:.1} points off on average"
    );
    assert!(u <= w - 5.0, "unweighted {u:.1} against weighted {w:.1}");
}

#[test]
fn committed_notebooks_carry_no_outputs() {
    let mut seen = 0;
    for entry in std::fs::read_dir(repo_root().join("notebooks")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ipynb") {
            continue;
        }
        let nb: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for cell in nb["cells"].as_array().unwrap() {
            if cell["cell_type"] == "code" {
                assert_eq!(cell["outputs"], serde_json::json!([]), "{}", path.display());
                assert!(cell["execution_count"].is_null(), "{}", path.display());
            }
        }
        seen += 1;
    }
    assert!(seen > 0, "notebooks/explore.ipynb is shipped");
}

/// Issue 27: a p-value where both years' rates are 0 (or both 100%) is undefined and
/// published as `z`, never as 1.0000; a first year's survey change does not apply (`z`),
/// as in every other table.
#[test]
fn undefined_p_values_and_first_year_changes_are_z() {
    let read = |table: &str| read_csv(&repo_root().join("reports/2024-25/data").join(table));
    let changes = read("unfilled_change.csv");
    let both_zero: Vec<_> = changes
        .iter()
        .filter(|r| r["unfilled_percent"] == "0.0" && r["previous_unfilled_percent"] == "0.0")
        .collect();
    assert!(
        !both_zero.is_empty(),
        "the demo has rows with both years at 0%"
    );
    assert!(both_zero
        .iter()
        .all(|r| r["unfilled_percent_change_p_value"] == "z"));
    // Equal rates away from 0 and 100% still have a p-value (1, from z = 0).
    assert!(changes.iter().any(|r| r["unfilled_percent"] == "20.0"
        && r["previous_unfilled_percent"] == "20.0"
        && r["unfilled_percent_change_p_value"] == "1.0000"));
    let survey = read("survey_rates.csv");
    let first = survey
        .iter()
        .map(|r| r["time_period"].clone())
        .min()
        .unwrap();
    assert!(survey
        .iter()
        .filter(|r| r["time_period"] == first)
        .all(|r| r["weighted_unfilled_percent_change_p_value"] == "z"));
}

/// Issue 27: the provisional year is marked in every table drawn from the adverts (a
/// `version` filter, "Final" by default) and in the data package, never in the workforce
/// tables; the 2010/11 release, with no provisional year, has no such filter.
#[test]
fn the_provisional_year_is_marked_in_every_advert_table() {
    let dir = repo_root().join("reports/2024-25");
    for table in [
        "unfilled_rates",
        "unfilled_change",
        "survey_rates",
        "survey_agreement",
    ] {
        let rows = read_csv(&dir.join("data").join(format!("{table}.csv")));
        assert!(!rows.is_empty(), "{table}");
        for r in &rows {
            let expected = if r["time_period"] == "202425" {
                "Provisional"
            } else {
                "Final"
            };
            assert_eq!(r["version"], expected, "{table} {}", r["time_period"]);
        }
        let meta =
            std::fs::read_to_string(dir.join("data").join(format!("{table}.meta.csv"))).unwrap();
        assert!(
            meta.lines()
                .any(|l| l.starts_with("version,Filter,Version,") && l.ends_with(",Final")),
            "{table}"
        );
    }
    let retention = read_csv(&dir.join("data/retention.csv"));
    assert!(!retention[0].contains_key("version"));
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("datapackage.json")).unwrap()).unwrap();
    assert_eq!(package["provisional_years"], serde_json::json!(["2024/25"]));
    let old = read_csv(&repo_root().join("reports/2010-11/data/unfilled_rates.csv"));
    assert!(!old[0].contains_key("version"));
}

/// The press office's list (DESIGN.md, Headlines for the press office), on both shipped
/// releases (`slm check` keeps them equal to a fresh build): at most six key messages,
/// each one sentence of at most 45 words (the data label aside), led by the head teacher
/// rates by phase, every base under 50 posts given; headlines.md lists them first, with
/// the definition of "unfilled" beside them, and every other sentence after.
#[test]
fn shipped_key_messages_are_few_short_and_lead_headlines_md() {
    for year in ["2010-11", "2024-25"] {
        let dir = repo_root().join("reports").join(year);
        let list: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(dir.join("headlines.json")).unwrap())
                .unwrap();
        let mut key: Vec<&str> = Vec::new();
        for h in list.iter().filter(|h| h["key_message"] == true) {
            let s = h["sentence"].as_str().unwrap();
            if !key.contains(&s) {
                key.push(s);
            }
        }
        assert!((3..=6).contains(&key.len()), "{year}: {key:#?}");
        for s in &key {
            let words = s.trim_end_matches(" [Synthetic demonstration data]");
            assert!(words.split_whitespace().count() <= 45, "{year}: {s}");
            // One sentence: no full stop before the end (decimal points aside).
            let body = words.trim_end_matches('.');
            assert!(!body.contains(". "), "{year}: more than one sentence: {s}");
        }
        assert!(
            key[0].contains("of special school head teacher posts (")
                && key[0].contains("were unfilled after an initial advertisement"),
            "{year}: the rates by phase, with their bases, lead: {}",
            key[0]
        );
        let md = std::fs::read_to_string(dir.join("headlines.md")).unwrap();
        let (head, detail) = md
            .split_once("## More detail (also in the report)")
            .expect("a detail section");
        let bullets: Vec<&str> = head.lines().filter_map(|l| l.strip_prefix("- ")).collect();
        assert_eq!(bullets, key, "{year}");
        assert!(head.contains("Unfilled after an initial advertisement: the school advertised the same post again 21 to 365 days"));
        for h in list.iter().filter(|h| h["key_message"] == false) {
            assert!(
                detail.contains(h["sentence"].as_str().unwrap()),
                "{year}: {h}"
            );
        }
    }
}

/// DESIGN.md, claims rule: a "highest region" sentence names the group its top was
/// picked from; the shipped release compares all nine regions and finds none above.
#[test]
fn the_region_sentence_names_the_nine_english_regions() {
    let md = std::fs::read_to_string(repo_root().join("reports/2024-25/headlines.md")).unwrap();
    assert!(
        md.contains("did not differ significantly between the nine English regions:"),
        "{md}"
    );
}
