//! Charts and report.html: snapshots on the small fixture, escaping of input text, PDF.

use crate::project::Project;

/// `html` without every block from `open` to `close`.
fn strip_blocks(html: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find(close)
            .map_or("", |e| &rest[start + e + close.len()..]);
    }
    out.push_str(rest);
    out
}

/// The text a reader sees: styles and chart markup removed, tags dropped, white space folded.
fn visible_text(html: &str) -> String {
    let body = strip_blocks(&strip_blocks(html, "<style>", "</style>"), "<svg", "</svg>");
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn report_text_and_one_chart_are_stable() {
    let p = Project::fixture("small");
    p.slm()
        .args(["build", "--year", "2010-11"])
        .assert()
        .success();
    let html = p.read("reports/2010-11/report.html");
    insta::assert_snapshot!("report_text", visible_text(&html));
    insta::assert_snapshot!(
        "posts_per_100_schools_svg",
        p.read("reports/2010-11/charts/posts_per_100_schools.svg")
    );
    let index: serde_json::Value =
        serde_json::from_str(&p.read("reports/2010-11/charts/charts.json")).unwrap();
    for chart in index.as_array().unwrap() {
        let svg = p.read(&format!(
            "reports/2010-11/{}",
            chart["svg"].as_str().unwrap()
        ));
        assert!(svg.contains("<title id="), "{}", chart["name"]);
        assert!(svg.contains(&format!(
            ">{}</desc>",
            chart["alt"].as_str().unwrap().replace('&', "&amp;")
        )));
        let png = std::fs::read(p.path(&format!(
            "reports/2010-11/{}",
            chart["png"].as_str().unwrap()
        )))
        .unwrap();
        // 2x of the 900 x 540 SVG, read from the PNG header.
        assert_eq!(&png[16..24], &[0, 0, 0x07, 0x08, 0, 0, 0x04, 0x38]);
    }
}

#[test]
fn text_from_the_inputs_is_escaped() {
    let p = Project::fixture("small");
    p.write(
        "published.csv",
        "time_period,time_identifier,geographic_level,country_code,country_name,education_phase,series,source,unfilled_after_first_advert_percent,readvertised_percent\n\
         200910,Academic year,National,K04000001,England and Wales,Primary,<script>alert(1)</script>,=HYPERLINK(\"http://x\"),34,z\n\
         201011,Academic year,National,K04000001,England and Wales,Primary,Survey,@SUM(A1),33,z\n",
    );
    p.write(
        "slm.toml",
        p.read("slm.toml").replace(
            "label = \"Test fixture\"",
            "label = \"Test <b>fixture</b>\"\npublished = \"published.csv\"",
        ),
    );
    p.slm()
        .args(["build", "--year", "2010-11"])
        .assert()
        .success();
    let html = p.read("reports/2010-11/report.html");
    assert!(
        !html.contains("<script"),
        "a script element reached the report"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(
        html.contains("Test &lt;b&gt;fixture&lt;&#x2f;b&gt;")
            || html.contains("Test &lt;b&gt;fixture&lt;/b&gt;")
    );
    let csv = p.read("reports/2010-11/data/published_series.csv");
    assert!(
        csv.contains("'=HYPERLINK") && csv.contains("'@SUM(A1)"),
        "{csv}"
    );
    for entry in std::fs::read_dir(p.path("reports/2010-11/charts")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        assert!(!text.contains("<script"));
    }
}

#[test]
fn pdf_is_printed_with_chromium_or_refused_clearly() {
    let p = Project::fixture("small");
    // Without a browser on PATH: a clear error, and nothing written.
    p.slm()
        .args(["build", "--pdf"])
        .env("PATH", "/nonexistent")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no Chromium found on PATH"));
    assert!(!p.path("reports").exists());
    // As slm looks for it: `chromium` or `chromium-browser` on PATH.
    let path = std::env::var_os("PATH").unwrap_or_default();
    let has_chromium = std::env::split_paths(&path).any(|dir| {
        ["chromium", "chromium-browser"]
            .iter()
            .any(|b| dir.join(b).is_file())
    });
    if !has_chromium {
        // Said, never silent; CI installs Chromium and sets SLM_REQUIRE_CHROMIUM, so
        // there a missing browser fails the test.
        assert!(
            std::env::var_os("SLM_REQUIRE_CHROMIUM").is_none(),
            "SLM_REQUIRE_CHROMIUM is set but no Chromium is on PATH"
        );
        eprintln!("skipped: printing a PDF needs Chromium on PATH (CI installs it)");
    } else {
        p.slm()
            .args(["build", "--year", "2010-11", "--pdf"])
            .assert()
            .success();
        let pdf = std::fs::read(p.path("reports/2010-11/report.pdf")).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        // The PDF is not byte-reproducible, so check leaves it alone.
        p.slm().arg("check").assert().success();
    }
}
