//! The command-line surface (DESIGN.md, Command line). Only describes flags; `config`
//! turns them into checked values.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "slm",
    version,
    about = "Annual statistics on the labour market for school leaders in England and Wales",
    long_about = "slm turns leadership vacancy adverts and the GIAS school register into the tables, \
headlines and report of the annual state of the labour market for senior staff in schools."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build reports/<year>/ from the configured inputs (the whole pipeline).
    Build {
        #[arg(long, default_value = "slm.toml")]
        config: PathBuf,
        /// Report year, e.g. 2010-11 [default: the latest year in the data].
        #[arg(long)]
        year: Option<String>,
        /// Output directory [default: output.dir of the config, else reports].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print the time each stage took to stderr (outputs are unchanged).
        #[arg(long)]
        timings: bool,
        /// Also print report.html to report.pdf with headless Chromium (must be installed).
        #[arg(long)]
        pdf: bool,
    },
    /// Print the headline figures of a built report, without rebuilding.
    Headlines {
        #[arg(long, default_value = "slm.toml")]
        config: PathBuf,
        /// Report year, e.g. 2010-11 [default: the latest built year].
        #[arg(long)]
        year: Option<String>,
        #[arg(long, value_enum, default_value_t = HeadlineFormat::Text)]
        format: HeadlineFormat,
        /// Output directory holding the built reports [default: as build].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check every input and list every problem as file:line:column.
    Validate {
        #[arg(long, default_value = "slm.toml")]
        config: PathBuf,
    },
    /// Rebuild every built year in a temporary directory; fail if reports/ differs.
    Check {
        #[arg(long, default_value = "slm.toml")]
        config: PathBuf,
    },
    /// Attack the workforce tables as the build publishes them: the narrowest range of
    /// every withheld count; exit 1 if one breaks the protection rule.
    Audit {
        #[arg(long, default_value = "slm.toml")]
        config: PathBuf,
        /// Report year, e.g. 2010-11 [default: the latest year in the data].
        #[arg(long)]
        year: Option<String>,
        /// How many of the narrowest ranges to list.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Download the [[sources]] of slm.toml into data/, checked before anything is replaced.
    Fetch {
        #[arg(long, default_value = "slm.toml")]
        config: PathBuf,
        /// Fetch only the source with this name.
        #[arg(long)]
        source: Option<String>,
        /// Make no network call: say what would be fetched, and derive each Teaching Vacancies adverts file again from its snapshots.
        #[arg(long)]
        offline: bool,
        /// Download and check, but replace nothing.
        #[arg(long)]
        dry_run: bool,
        /// The date for dated URLs such as the GIAS extract, YYYY-MM-DD [default: today, UTC].
        #[arg(long)]
        date: Option<String>,
    },
    /// Print a shell completion script, e.g. `slm completions bash > /etc/bash_completion.d/slm`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `slm man > slm.1 && man ./slm.1`.
    Man,
    /// One published cell and every round and advert behind it (workforce cells: counts).
    Explain(ExplainArgs),
    /// Write synthetic demonstration inputs (GIAS-format register and adverts).
    Synth {
        /// demo (a tenth of England and Wales), national, or a multiple of national (2, 4, 8).
        #[arg(long, default_value = "demo", value_parser = crate::synth::Scale::parse)]
        scale: crate::synth::Scale,
        /// Recruitment years as FIRST-LAST: 2004-2025 covers 2004/05 to 2024/25.
        #[arg(long, default_value = "2004-2025")]
        years: String,
        #[arg(long, default_value_t = 20110501)]
        seed: u64,
        /// Leadership posts in the workforce panel per census, 1000 to 500000 [default:
        /// about 3 per school: some 7,000 for the demo, 70,000 at national scale].
        #[arg(long, value_parser = clap::value_parser!(u32).range(1000..=500_000))]
        workforce_size: Option<u32>,
        #[arg(long)]
        out: PathBuf,
    },
}

/// The flags of `slm explain`: the cell and how to print it.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    #[arg(long, default_value = "slm.toml")]
    pub config: PathBuf,
    /// Report year, e.g. 2010-11 [default: the latest year in the data].
    #[arg(long)]
    pub year: Option<String>,
    /// The table: unfilled_rates, or retention (counts only).
    #[arg(long)]
    pub table: String,
    /// Primary, Secondary, Special [default: Total].
    #[arg(long)]
    pub phase: Option<String>,
    /// Head teacher (head), Deputy head teacher (deputy), Assistant head teacher
    /// (assistant) [default: Total].
    #[arg(long)]
    pub post: Option<String>,
    /// An English region (name or code), or England or Wales [default: the top
    /// National row].
    #[arg(long, conflicts_with = "la")]
    pub region: Option<String>,
    /// A local authority: name, old (3-digit) or new (9-character) code.
    #[arg(long)]
    pub la: Option<String>,
    /// Church of England, Roman Catholic, Other religious character, No religious
    /// character [default: Total].
    #[arg(long)]
    pub religious_character: Option<String>,
    #[arg(long, value_enum, default_value_t = crate::explain::ExplainFormat::Text)]
    pub format: crate::explain::ExplainFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HeadlineFormat {
    Text,
    Md,
    Json,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
