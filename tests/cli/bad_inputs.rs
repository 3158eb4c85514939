//! The bad-input corpus (tests/fixtures/bad/cases.toml): every case swaps one file of a
//! fixture project for a bad one, runs slm, and checks the exit code, that nothing
//! panicked, and what slm said (an insta snapshot per case, paths made relative).

use serde::Deserialize;

use crate::project::{repo_root, Project};

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    base: String,
    replaces: String,
    input: String,
    command: String,
    exit: i32,
    note: String,
}

#[derive(Debug, Deserialize)]
struct Corpus {
    case: Vec<Case>,
}

/// 10 MB, for the field that is far too long to be real.
const BIG: usize = 10 * 1024 * 1024;

fn corpus() -> Vec<Case> {
    let text = std::fs::read_to_string(repo_root().join("tests/fixtures/bad/cases.toml")).unwrap();
    toml::from_str::<Corpus>(&text).unwrap().case
}

#[test]
fn every_bad_input_is_refused_clearly() {
    let cases = corpus();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    for case in &cases {
        let p = Project::fixture(&case.base);
        let mut bytes =
            std::fs::read(repo_root().join("tests/fixtures/bad").join(&case.input)).unwrap();
        if let Some(at) = bytes.windows(5).position(|w| w == b"{BIG}") {
            bytes.splice(at..at + 5, std::iter::repeat_n(b'x', BIG));
        }
        p.write(&case.replaces, bytes);
        let args: Vec<&str> = case.command.split_whitespace().collect();
        let out = p.slm().args(&args).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(case.exit),
            "case {} ({}): stdout {stdout}\nstderr {stderr}",
            case.name,
            case.note
        );
        assert!(!stderr.contains("panicked"), "case {}: {stderr}", case.name);
        let root = p.path("").to_string_lossy().into_owned();
        let said = if case.exit == 0 {
            stdout
        } else {
            stderr.clone()
        }
        .replace(&root, "[project]/");
        assert!(
            said.len() < 20_000,
            "case {}: the message repeats the input ({} bytes)",
            case.name,
            said.len()
        );
        insta::with_settings!({ description => case.note.clone(), omit_expression => true }, {
            insta::assert_snapshot!(case.name.clone(), said);
        });
    }
}
