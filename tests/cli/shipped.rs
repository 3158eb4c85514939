//! The shipped demonstration data: synth reproduces it byte for byte, and the round
//! rule recovers the rates it was calibrated to; the committed notebooks carry no outputs.

use crate::project::{repo_root, row, Project};

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
