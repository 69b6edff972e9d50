//! Turns a quote that did not anchor into a diagnostic the author can act on: where the
//! quote is (in the annotation), where the article has it or something close (line:column in
//! the article's file), and what to change.

use std::path::Path;

use super::closest::shorten;
use super::fold::collapse_space;
use super::matcher::{MatchResult, Mismatch, Suggestion};
use super::text::ReaderText;
use crate::diag::{Diagnostic, LineIndex};
use crate::load::AnchorSpec;

/// Places of an ambiguous quote listed one by one; the rest are counted.
const MAX_LISTED_PLACES: usize = 10;

/// The diagnostic for a quote that did not anchor: `empty-quote`, `quote-not-found` or
/// `quote-ambiguous`, pointing at the quote in the annotation file (at the prefix or suffix
/// when the quote matches and they do not). `article_text` is the article's whole file,
/// which `reader` maps into.
///
/// Meant for results other than [`MatchResult::Unique`]; given one, it reports an internal
/// error `anchor-found` rather than panicking.
pub fn explain(
    result: &MatchResult,
    reader: &ReaderText,
    article_file: &Path,
    article_text: &str,
    annotation_file: &Path,
    anchor: &AnchorSpec,
) -> Diagnostic {
    let article = article_file.display();
    let lines = LineIndex::new(article_text);
    let position = |text_offset: usize| {
        let (line, column) = lines.line_col(article_text, reader.source_offset(text_offset));
        format!("{article}:{line}:{column}")
    };
    let error = |code, message: String| {
        Diagnostic::error(code, annotation_file, message).with_span(anchor.quote.span.clone())
    };
    match result {
        MatchResult::Unique { range, .. } => error(
            "anchor-found",
            format!("internal error: the quote was found at {}", position(range.start)),
        ),
        MatchResult::EmptyQuote => error("empty-quote", String::from("the quote is empty"))
            .with_help("copy the passage you mean from the article into `quote`"),
        MatchResult::NotFound { closest: None } => {
            error("quote-not-found", format!("quote not found in `{article}`")).with_help(
                "copy the passage from the article as it reads on the page; letter case and words must match",
            )
        }
        MatchResult::NotFound {
            closest: Some(closest),
        } => {
            let passage = shorten(&collapse_space(
                reader.text.get(closest.range.clone()).unwrap_or_default(),
            ));
            let context = match closest.mismatch {
                Mismatch::Quote => None,
                Mismatch::Prefix => anchor.prefix.as_ref(),
                Mismatch::Suffix => anchor.suffix.as_ref(),
            };
            let mut diagnostic = error("quote-not-found", format!("quote not found in `{article}`"))
                .with_note(format!(
                    "the closest passage is at {}: `{passage}`",
                    position(closest.range.start)
                ))
                .with_help(closest.explanation.clone());
            if let Some(context) = context {
                diagnostic = diagnostic.with_span(context.span.clone());
            }
            diagnostic
        }
        MatchResult::Ambiguous { places } => {
            let mut diagnostic = error(
                "quote-ambiguous",
                format!("quote matches {} places in `{article}`", places.len()),
            )
            .with_help(
                "add a `prefix` or `suffix` (words of the article right before or after the quote) so it matches one place",
            );
            for place in places.iter().take(MAX_LISTED_PLACES) {
                let mut note = format!("matches at {}", position(place.range.start));
                if let Some(suggestion) = &place.suggestion {
                    note.push_str(&format!("; {} picks this one", settings(suggestion)));
                }
                diagnostic = diagnostic.with_note(note);
            }
            if places.len() > MAX_LISTED_PLACES {
                diagnostic = diagnostic.with_note(format!(
                    "and {} more places",
                    places.len() - MAX_LISTED_PLACES
                ));
            }
            diagnostic
        }
    }
}

/// A suggestion as the settings to write: `` `prefix = "…"` `` and/or `` `suffix = "…"` ``.
pub fn settings(suggestion: &Suggestion) -> String {
    let prefix = suggestion
        .prefix
        .as_deref()
        .map(|p| format!("`prefix = {}`", toml_string(p)));
    let suffix = suggestion
        .suffix
        .as_deref()
        .map(|s| format!("`suffix = {}`", toml_string(s)));
    match (prefix, suffix) {
        (Some(p), Some(s)) => format!("{p} with {s}"),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => String::from("no context"),
    }
}

/// A TOML basic string.
pub fn toml_string(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_written_as_toml_settings() {
        let suggestion = Suggestion {
            prefix: Some("he said \"no\\".into()),
            suffix: Some("then".into()),
        };
        assert_eq!(
            settings(&suggestion),
            "`prefix = \"he said \\\"no\\\\\"` with `suffix = \"then\"`"
        );
    }
}
