//! The HTML of an article's body, with every anchored passage highlighted.
//!
//! Markdown is rendered like `pulldown_cmark::html::push_html`, with three differences:
//!
//! 1. Raw HTML is shown as literal text, escaped, never passed through.
//! 2. Link and image URLs are kept only for `http`, `https`, `mailto`, relative paths and
//!    `#fragments`; any other scheme (`javascript:`, `data:`...) drops the link (its text
//!    stays) or the image (its alt text stays).
//! 3. Highlights, given as byte ranges of the reader text ([`crate::anchor::text`]), are
//!    wrapped in `<mark>` elements. The events are walked with the same
//!    [`walk`](crate::anchor::text::walk) that built the reader text, so offsets agree.
//!
//! Text is cut at every highlight boundary; each piece covered by highlights goes in a
//! `<mark>` naming all their annotations, and a mark never crosses an element boundary, so
//! overlapping highlights still give properly nested HTML. After the last piece of each
//! highlight comes a numbered note reference (moved after the link when the highlight ends
//! inside one), and after the top-level block holding that end, the note itself.
//!
//! [`layout`] cuts the text into pieces at highlight boundaries; [`writer`] writes the HTML;
//! [`safety`] decides which URLs may be written and escapes text.

mod layout;
mod safety;
mod writer;

use std::ops::Range;

pub use safety::{is_safe_url, safe_url};

use crate::anchor::text::{Walked, walk};
use layout::Layout;
use writer::Writer;

/// One anchored passage to highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    /// Byte range in the article's reader text.
    pub range: Range<usize>,
    /// Unique among the highlights of the page, safe in an HTML id: `slug`, or `slug-2` for
    /// an annotation's second anchor. Ids derive from it: `hl-K`, `ref-K`, `note-K`.
    pub key: String,
    /// The slug of the annotation this passage belongs to.
    pub annotation: String,
}

/// A rendered article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleBody {
    pub html: String,
    /// Per highlight: the id of the first `<mark>` showing it, for links to the passage;
    /// empty when the highlight covers no visible text.
    pub first_mark_id: Vec<String>,
    /// Per highlight: its 1-based number in document order (by start, then end, then key),
    /// as shown in its note reference. Highlights given in that order are numbered
    /// `index + 1`.
    pub numbers: Vec<usize>,
    /// The reader text the highlights' ranges point into, as a reader sees it.
    pub text: String,
}

/// Renders `markdown` (whose first byte is at `base_offset` in its file) with `highlights`.
/// `note_html(i)` gives the HTML of the note of `highlights[i]`, placed after the top-level
/// block where the highlight ends (or at the very end if it covers no visible text); it
/// should carry `id="note-K"`, which the note reference links to.
pub fn render_article_body(
    markdown: &str,
    base_offset: usize,
    highlights: &[Highlight],
    note_html: &dyn Fn(usize) -> String,
) -> ArticleBody {
    let mut walker = walk(markdown, base_offset);
    let items: Vec<Walked> = walker.by_ref().collect();
    let reader = walker.into_reader_text();
    let numbers = document_numbers(highlights);
    let layout = Layout::new(&items, &reader.text, highlights);
    let mut writer = Writer::new(highlights, &numbers, &layout, &reader.text, note_html);
    writer.run(&items);
    let unseen: Vec<usize> = (0..highlights.len())
        .filter(|&h| layout.last_piece[h].is_none())
        .collect();
    writer.write_notes(unseen);
    ArticleBody {
        html: writer.out,
        first_mark_id: writer.first_mark_id,
        numbers,
        text: reader.text,
    }
}

/// 1-based numbers in document order: by start, then end, then key.
fn document_numbers(highlights: &[Highlight]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..highlights.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&highlights[a], &highlights[b]);
        (a.range.start, a.range.end, &a.key).cmp(&(b.range.start, b.range.end, &b.key))
    });
    let mut numbers = vec![0; highlights.len()];
    for (position, &index) in order.iter().enumerate() {
        numbers[index] = position + 1;
    }
    numbers
}

#[cfg(test)]
mod tests;
