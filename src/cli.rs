//! Command-line interface. The doc comments here are the `--help` text.

use std::net::IpAddr;
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
    /// Serve the site locally, rebuild it on every edit and reload open pages (writes nothing).
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; 0.0.0.0 makes the site reachable from other machines.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
    },
    /// Create a new site in DIR (which must not exist or be empty), ready to build.
    Init {
        /// The folder to create the site in.
        dir: PathBuf,
    },
    /// Create a new content file.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Write a new annotation on a passage of an article, after checking that the quote is
    /// found there; prints the path of the new file.
    Annotation {
        /// The article's slug (its file name in content/articles/, without `.md`).
        #[arg(long)]
        article: String,
        /// The passage, copied from the article.
        #[arg(long)]
        quote: String,
        /// The annotation's title [default: the quote's first words].
        #[arg(long)]
        title: Option<String>,
        /// When it happened (EDTF: 2017, 2017-06, 2017-06-05, 2017-06-05/2017-06-07, 2017-06~).
        #[arg(long)]
        date: Option<String>,
        /// event, statement, report, context, opinion, speculation or correction
        /// [default: event with a date, context without].
        #[arg(long)]
        kind: Option<String>,
        /// Which occurrence to anchor when the quote occurs more than once (1 = the first).
        #[arg(long)]
        occurrence: Option<usize>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}
