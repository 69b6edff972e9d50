//! Stage 2: anchoring. Finds each annotation's quotes in the text of its articles as a reader
//! sees it (not in the Markdown source), W3C TextQuoteSelector style.
//!
//! [`text`] extracts the reader's text from Markdown with a map back to source bytes;
//! [`fold`] folds typographic variants; [`matcher`] finds a quote (exact first, then
//! tolerant of typographic variants only), narrowed by prefix and suffix, and says why a
//! quote missed or which places it matches; [`explain`] turns that into a diagnostic;
//! [`site`] anchors a whole site, one article per parallel job. No I/O here. The rules are
//! written down, with examples that run, in `specs/anchoring.md`.

mod closest;
mod context;
pub mod explain;
pub mod fold;
pub mod matcher;
pub mod site;
pub mod text;
