//! The text of an article as a reader sees it, extracted from its Markdown, with a map from
//! each piece of that text back to the bytes of the Markdown source.

use std::ops::Range;

/// One run of reader text that came from one place in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in [`ReaderText::text`].
    pub text: Range<usize>,
    /// Byte range in the source file (already shifted by the body's offset).
    pub source: Range<usize>,
    /// True when the source bytes equal the text bytes, so offsets inside map one to one.
    pub verbatim: bool,
}

/// The reader's text of a Markdown document. Blocks are separated by `"\n\n"`, hard and
/// soft line breaks become `"\n"`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReaderText {
    pub text: String,
    pub segments: Vec<Segment>,
}

/// STUB (being written by the anchor helper).
pub fn reader_text(markdown: &str, base_offset: usize) -> ReaderText {
    ReaderText {
        text: markdown.to_string(),
        segments: vec![Segment {
            text: 0..markdown.len(),
            source: base_offset..base_offset + markdown.len(),
            verbatim: true,
        }],
    }
}
