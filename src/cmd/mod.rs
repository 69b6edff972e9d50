//! One module per subcommand. Each returns the process exit code.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;

use newsline::diag::{Diagnostic, Sources, render_human, render_json};

/// Prints diagnostics to stderr (human) or stdout (JSON lines).
pub fn print_diagnostics(diagnostics: &[Diagnostic], sources: &Sources, json: bool) {
    for diagnostic in diagnostics {
        if json {
            println!("{}", render_json(diagnostic, sources));
        } else {
            eprintln!("{}", render_human(diagnostic, sources));
        }
    }
}

/// `N errors, M warnings` for the summary line.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}
