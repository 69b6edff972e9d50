//! STUB: turns a failed match into a diagnostic.
use super::matcher::MatchResult;
use super::text::ReaderText;
use crate::diag::Diagnostic;
use crate::load::AnchorSpec;
use std::path::Path;
pub fn explain(
    _r: &MatchResult,
    _reader: &ReaderText,
    _article_file: &Path,
    _article_text: &str,
    annotation_file: &Path,
    anchor: &AnchorSpec,
) -> Diagnostic {
    Diagnostic::error("quote-not-found", annotation_file, "quote not found")
        .with_span(anchor.quote.span.clone())
}
