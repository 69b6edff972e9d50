//! `newsline check`: run the whole pipeline, report every diagnostic, write nothing.

use std::path::Path;
use std::process::ExitCode;

use newsline::build::{BuildOptions, compile};

use super::{print_diagnostics, summary};

pub fn run(root: &Path, json: bool, deny_warnings: bool) -> ExitCode {
    let options = BuildOptions {
        base_url: None,
        render_despite_errors: true,
        without_search_index: true,
        release_reader_texts: false,
        leave_memory_to_exit: false,
    };
    let compiled = compile(root, &options);
    print_diagnostics(&compiled.diagnostics, &compiled.sources, json);
    let failed = compiled
        .diagnostics
        .iter()
        .any(|d| d.is_error() || deny_warnings);
    if !json {
        eprintln!(
            "checked {}: {}",
            root.display(),
            summary(&compiled.diagnostics)
        );
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
