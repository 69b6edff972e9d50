//! Tests of the load stage on real file text: diagnostics are compared as the user sees
//! them (`render_human`), so positions, carets and help are all checked.

mod annotation;
mod article;
mod front_matter;
mod site;
mod site_folder;

use std::path::PathBuf;
use std::sync::Arc;

use super::SourceText;
use crate::diag::{Diagnostic, Sources, render_human};

fn source(path: &str, text: &str) -> SourceText {
    SourceText {
        path: PathBuf::from(path),
        text: Arc::from(text),
    }
}

/// Every diagnostic rendered against its file, separated by blank lines.
fn render(source: &SourceText, diagnostics: &[Diagnostic]) -> String {
    let mut sources = Sources::default();
    sources.insert(source.path.clone(), source.text.clone());
    diagnostics
        .iter()
        .map(|d| render_human(d, &sources))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Compares rendered diagnostics, printing the actual text in full when they differ.
#[track_caller]
fn assert_rendered(actual: &str, expected: &str) {
    if actual != expected {
        panic!("diagnostics differ\n--- actual ---\n{actual}\n--- expected ---\n{expected}\n");
    }
}
