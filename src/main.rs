//! The `slm` binary: parse the command line, run it, map the error to an exit code.

use clap::Parser;

fn main() {
    let cli = slm::cli::Cli::parse();
    if let Err(err) = slm::run(cli) {
        eprintln!("{err}");
        std::process::exit(err.exit_code());
    }
}
