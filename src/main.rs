//! The `slm` binary: parse the command line, run it, map the error to an exit code.

use clap::Parser;

/// mimalloc instead of the system allocator: the build allocates and frees many
/// short-lived buffers on several threads, where glibc's malloc returns memory to the
/// kernel and faults it back in (BENCHMARKS.md, issue 28).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = slm::cli::Cli::parse();
    if let Err(err) = slm::run(cli) {
        eprintln!("{err}");
        std::process::exit(err.exit_code());
    }
}
