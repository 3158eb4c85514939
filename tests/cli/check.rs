//! `slm check`: passes on fresh outputs, fails listing every stale file.

use crate::project::Project;

#[test]
fn check_passes_then_lists_stale_files() {
    let p = Project::fixture("small");
    p.slm().arg("check").assert().code(1);
    // Oldest first: a release compares itself with the earlier one (revisions).
    p.slm()
        .args(["build", "--year", "2010-11"])
        .assert()
        .success();
    p.slm().arg("build").assert().success();
    p.slm()
        .arg("check")
        .assert()
        .success()
        .stdout(predicates::str::contains("2010/11, 2012/13"));

    p.write("reports/2010-11/headlines.md", "edited by hand\n");
    p.write("reports/2012-13/extra.txt", "stray\n");
    std::fs::remove_file(p.path("reports/2012-13/quality.json")).unwrap();
    let err = p.stderr_of(&["check"], 1);
    assert!(
        err.contains("reports/2010-11/headlines.md (differs)"),
        "{err}"
    );
    assert!(
        err.contains("reports/2012-13/quality.json (missing)"),
        "{err}"
    );
    assert!(
        err.contains("reports/2012-13/extra.txt (not produced by a build)"),
        "{err}"
    );

    // New data makes the committed outputs stale.
    let p = Project::fixture("small");
    p.slm().arg("build").assert().success();
    p.append("adverts_b.csv", "E3,2011-10-01,100005,assistant,,TES\n");
    p.slm().arg("check").assert().code(1);
}

/// "Nothing built yet" is one error, with one exit code, for `check` and `headlines`.
#[test]
fn check_and_headlines_agree_when_nothing_is_built() {
    let p = Project::fixture("small");
    for args in [&["check"][..], &["headlines"][..]] {
        p.slm()
            .args(args)
            .assert()
            .code(1)
            .stderr(predicates::str::contains(
                "reports/ holds no built report year; run `slm build` first",
            ));
    }
}
