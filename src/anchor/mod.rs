//! Stage 2: anchoring. Finds each annotation's quotes in the text of its articles as a reader
//! sees it (not in the Markdown source), W3C TextQuoteSelector style.
//!
//! [`text`] extracts the reader's text from Markdown with a map back to source bytes;
//! [`matcher`] finds a quote (exact first, then tolerant of typographic variants only),
//! narrowed by prefix and suffix, and explains misses and ambiguities.
//! No I/O here.

pub mod explain;
pub mod matcher;
pub mod site;
pub mod text;
