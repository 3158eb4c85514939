//! slm: the annual statistics on the labour market for school leaders in England and
//! Wales. Data flows one way (DESIGN.md, Data flow):
//! `config` -> `ingest` -> `rounds` -> `measures` -> `disclosure` -> `claims` -> `publish`.
//! `synth` writes demonstration inputs beside the pipeline and shares no code with it.

pub mod calendar;
pub mod check;
pub mod claims;
pub mod cli;
pub mod config;
pub mod disclosure;
pub mod domain;
pub mod error;
pub mod explain;
pub mod fetch;
pub mod hash;
pub mod ingest;
pub mod json;
pub mod lineage;
pub mod measures;
pub mod pipeline;
pub mod publish;
pub mod rounds;
pub mod synth;

use std::io::Write;
use std::path::{Path, PathBuf};

use cli::{Cli, Command, HeadlineFormat};
use config::{Config, Overrides};
use domain::RecruitmentYear;
use error::{Error, Result};
use publish::headlines::Headline;

fn parse_year(flag: Option<&str>) -> Result<Option<RecruitmentYear>> {
    flag.map(|y| {
        RecruitmentYear::parse(y).ok_or_else(|| {
            Error::config(
                "--year",
                format!("`{y}` is not a recruitment year; expected the form 2010-11"),
            )
        })
    })
    .transpose()
}

fn load_config(path: &Path, out: Option<PathBuf>) -> Result<Config> {
    config::load(
        path,
        &Overrides {
            output_dir: out,
            ..Overrides::default()
        },
    )
}

fn say(line: &str) {
    let _ = writeln!(std::io::stdout(), "{line}");
}

fn warn(line: &str) {
    let _ = writeln!(std::io::stderr(), "warning: {line}");
}

/// Runs one command; the binary maps the error to its exit code.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build {
            config,
            year,
            out,
            timings,
            pdf,
        } => build_command(&config, year.as_deref(), out, timings, pdf),
        Command::Headlines {
            config,
            year,
            format,
            out,
        } => {
            let year = parse_year(year.as_deref())?;
            let out_dir = match out {
                Some(dir) => dir,
                None if config.is_file() => load_config(&config, None)?.output_dir,
                None => PathBuf::from("reports"),
            };
            print_headlines(&out_dir, year, format)
        }
        Command::Fetch {
            config,
            source,
            offline,
            dry_run,
            date,
        } => fetch_command(&config, source, offline, dry_run, date),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "slm", &mut std::io::stdout());
            Ok(())
        }
        Command::Man => man_page(),
        Command::Validate { config } => validate_command(&config),
        Command::Check { config } => check_command(&config),
        Command::Explain(args) => explain_command(args),
        Command::Audit {
            config,
            year,
            limit,
        } => audit_command(&config, year.as_deref(), limit),
        Command::Synth {
            scale,
            years,
            seed,
            workforce_size,
            out,
        } => synth_command(scale, &years, seed, workforce_size, &out),
    }
}

/// `slm audit`: the built-in attacker's bounds on every withheld workforce figure.
fn audit_command(config: &Path, year: Option<&str>, limit: usize) -> Result<()> {
    let year = parse_year(year)?;
    let config = load_config(config, None)?;
    let inputs = ingest::load(&config)?;
    let (_, rounds, published) = pipeline::evaluate(&config, &inputs, year)?;
    let Some(decision) = &published.audit else {
        say("No workforce panel (inputs.workforce): no workforce figure is published, so none is withheld or audited.");
        return Ok(());
    };
    say(&disclosure::workforce::audit_summary(
        decision,
        &rounds.year.label(),
        limit,
    ));
    pipeline::refuse_breaches(&published)
}

fn explain_command(args: cli::ExplainArgs) -> Result<()> {
    let cli::ExplainArgs {
        config,
        year,
        table,
        phase,
        post,
        region,
        la,
        religious_character,
        format,
    } = args;
    let request = explain::Request {
        table: explain::Table::parse(&table)?,
        year: parse_year(year.as_deref())?,
        cell: explain::CellFlags {
            phase,
            post,
            region,
            la,
            religious_character,
        },
    };
    let config = load_config(&config, None)?;
    let explanation = explain::explain(&config, &request)?;
    std::io::stdout()
        .write_all(explain::render(&explanation, format).as_bytes())
        .map_err(|e| Error::io(Path::new("stdout"), "write", e))
}

fn build_command(
    config: &Path,
    year: Option<&str>,
    out: Option<PathBuf>,
    timings: bool,
    pdf: bool,
) -> Result<()> {
    let mut clock = pipeline::Timings::default();
    let year = parse_year(year)?;
    let config = load_config(config, out)?;
    clock.lap("config");
    let summary = pipeline::build(&config, year, pdf, &mut clock)?;
    if timings {
        let _ = writeln!(std::io::stderr(), "{}", clock.summary());
    }
    for w in &summary.warnings {
        warn(w);
    }
    say(&format!(
        "built {} for {}: {} posts{}",
        config.display_path(&summary.dir),
        summary.year.label(),
        summary.posts,
        if config.label.is_empty() {
            String::new()
        } else {
            format!(" ({})", config.label)
        }
    ));
    Ok(())
}

fn fetch_command(
    config: &Path,
    source: Option<String>,
    offline: bool,
    dry_run: bool,
    date: Option<String>,
) -> Result<()> {
    let date = date
        .map(|d| {
            calendar::parse_iso_date(&d).ok_or_else(|| {
                Error::config(
                    "--date",
                    format!("`{d}` is not a date; expected YYYY-MM-DD"),
                )
            })
        })
        .transpose()?;
    let config = config::load(
        config,
        &Overrides {
            inputs_may_be_missing: true,
            ..Overrides::default()
        },
    )?;
    use std::io::IsTerminal;
    let options = fetch::Options {
        source,
        offline,
        dry_run,
        date,
        progress: std::io::stderr().is_terminal(),
    };
    fetch::run(&config, &options, &mut |line| say(&line))
}

fn man_page() -> Result<()> {
    use clap::CommandFactory;
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| Error::Internal(format!("writing the manual page: {e}")))?;
    std::io::stdout()
        .write_all(&page)
        .map_err(|e| Error::io(Path::new("stdout"), "write", e))
}

fn validate_command(config: &Path) -> Result<()> {
    let config = load_config(config, None)?;
    let inputs = ingest::load(&config)?;
    for f in &inputs.rows_read {
        say(&format!("ok: {} ({} rows)", f.file, f.rows));
    }
    say(&format!(
        "valid: {} adverts, {} establishments ({} of them state-funded schools in scope, open or closed)",
        inputs.adverts.height(),
        inputs.schools.height(),
        inputs.schools_in_scope
    ));
    Ok(())
}

fn check_command(config: &Path) -> Result<()> {
    let config = load_config(config, None)?;
    let years = check::check(&config)?;
    let names: Vec<String> = years.iter().map(|y| y.label()).collect();
    say(&format!(
        "up to date: {} ({})",
        config.display_path(&config.output_dir),
        names.join(", ")
    ));
    Ok(())
}

fn synth_command(
    scale: synth::Scale,
    years: &str,
    seed: u64,
    workforce_size: Option<u32>,
    out: &Path,
) -> Result<()> {
    let range = synth::YearRange::parse(years).ok_or_else(|| {
        Error::config(
            "--years",
            format!("`{years}` is not a year range; expected FIRST-LAST such as 2004-2025"),
        )
    })?;
    let written = synth::write(out, scale, range, seed, workforce_size)?;
    for (file, rows) in written {
        say(&format!("wrote {} ({rows} rows)", file.display()));
    }
    Ok(())
}

fn print_headlines(
    out_dir: &Path,
    year: Option<RecruitmentYear>,
    format: HeadlineFormat,
) -> Result<()> {
    let year = match year {
        Some(y) => y,
        None => {
            let years: Vec<RecruitmentYear> = std::fs::read_dir(out_dir)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok())
                        .filter_map(|e| RecruitmentYear::parse(&e.file_name().to_string_lossy()))
                        .collect()
                })
                .unwrap_or_default();
            years
                .into_iter()
                .max()
                .ok_or_else(|| Error::NothingBuilt(out_dir.to_path_buf()))?
        }
    };
    let dir = out_dir.join(year.dir_name());
    let file = match format {
        HeadlineFormat::Md => "headlines.md",
        HeadlineFormat::Text | HeadlineFormat::Json => "headlines.json",
    };
    let path = dir.join(file);
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, "read", e))?;
    let mut stdout = std::io::stdout();
    match format {
        HeadlineFormat::Md | HeadlineFormat::Json => {
            let _ = stdout.write_all(&bytes);
        }
        HeadlineFormat::Text => {
            let list: Vec<Headline> = serde_json::from_slice(&bytes).map_err(|e| {
                Error::io(
                    &path,
                    "parse",
                    std::io::Error::new(std::io::ErrorKind::InvalidData, e),
                )
            })?;
            for h in list {
                let _ = writeln!(stdout, "{}", h.sentence);
            }
        }
    }
    Ok(())
}
