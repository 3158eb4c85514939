//! `slm headlines`: reads the built outputs, in three formats.

use crate::project::Project;

#[test]
fn headlines_come_from_the_built_report() {
    let p = Project::fixture("small");
    p.slm()
        .args(["build", "--year", "2010-11"])
        .assert()
        .success();
    let json = p
        .slm()
        .args(["headlines", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let first = &list[0];
    assert_eq!(first["id"], "head_unfilled_primary");
    // Primary heads: R1 and R10, 2 of 2; secondary has no head post in 2010/11 and
    // special (R7 alone) is below min_base, so neither is quoted.
    assert_eq!(
        first["sentence"],
        // 2 of 2 posts: Wilson interval 34.2% to 100%.
        "100 per cent (2 of 2 posts; 95% confidence interval 34 to 100 per cent) of primary school head teacher posts were unfilled after an initial advertisement in 2010/11."
    );
    let text = p
        .slm()
        .args(["headlines", "--year", "2010-11"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).unwrap();
    // R1 R2 R6 R7 R9 R10: 6 posts, 3 of them heads (R1 R7 R10), 11 adverts; 2009/10: R4 R8.
    assert!(
        text.contains("6 leadership posts, 3 of them head teacher posts, were advertised in 2010/11 in 11 advertisements, against 2 posts in 2009/10."),
        "{text}"
    );
    assert_eq!(
        text.matches("100 per cent (2 of 2 posts").count(),
        1,
        "{text}"
    );
    let md = p
        .slm()
        .args(["headlines", "--format", "md"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8(md)
        .unwrap()
        .starts_with("# Headlines: leadership labour market, 2010/11"));
}

#[test]
fn headlines_without_a_build_say_what_to_do() {
    let p = Project::fixture("small");
    p.slm()
        .args(["headlines", "--out", "empty"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "empty/ holds no built report year; run `slm build` first",
        ));
}
