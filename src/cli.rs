//! Command-line interface. The doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Build a static timeline website from news articles and Markdown annotations.
#[derive(Debug, Parser)]
#[command(name = "newsline", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (replaced as a whole, only when the build succeeds).
    Build {
        /// The site's folder (holding content/, and optionally templates/ and static/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Overrides `base_url` from content/site.toml (e.g. https://user.github.io/repo/).
        #[arg(long)]
        base_url: Option<String>,
        /// Print per-stage timings and what was written.
        #[arg(long)]
        stats: bool,
    },
    /// Check the whole site and report every problem, without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format for diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}
