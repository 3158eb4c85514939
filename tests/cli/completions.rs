//! `slm completions` and `slm man`: generated from the same command definition as the
//! parser, so they list every subcommand.

use crate::project::Project;

#[test]
fn completions_and_man_page_cover_every_command() {
    let p = Project::fixture("small");
    // Every subcommand, as `slm --help` lists them (so a new one is covered unasked).
    let help = String::from_utf8(p.slm().arg("--help").output().unwrap().stdout).unwrap();
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert_eq!(commands.len(), 10, "{commands:?}");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = p.slm().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        for command in &commands {
            assert!(
                script.contains(command),
                "{shell} completions lack {command}"
            );
        }
    }
    let out = p.slm().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq") || page.contains(".TH slm"),
        "{}",
        &page[..200.min(page.len())]
    );
    for command in &commands {
        assert!(page.contains(command), "man page lacks {command}");
    }
    let bad = p.slm().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
