//! The `newsline` command: parse arguments, run the subcommand, exit with its code.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command, Format};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            stats,
        } => cmd::build::run(&root, output.as_deref(), base_url, stats),
        Command::Check {
            root,
            format,
            deny_warnings,
        } => cmd::check::run(&root, format == Format::Json, deny_warnings),
    }
}
