//! The text of an article as a reader sees it, extracted from its Markdown, with a map from
//! each piece of that text back to the bytes of the Markdown source.
//!
//! Quotes are matched against this text, not against the Markdown, so a quote may run across
//! emphasis, links and paragraph breaks. The body renderer walks the *same* events through
//! [`walk`], so a byte offset into the reader text means the same place in both.

use std::ops::Range;

use pulldown_cmark::{Event, OffsetIter, Options, Parser, TagEnd};

/// The Markdown extensions articles are parsed with, everywhere. Smart punctuation is off on
/// purpose: a `--` in the source must stay `--` in the reader text, as the author wrote it.
pub const MARKDOWN_OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// What separates blocks (paragraphs, headings, list items, table cells...) in reader text.
pub const BLOCK_SEPARATOR: &str = "\n\n";

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
    /// In text order; separators between blocks belong to no segment.
    pub segments: Vec<Segment>,
}

impl ReaderText {
    /// The source byte offset of a reader text offset: exact inside verbatim segments, the
    /// start of the segment otherwise (an entity or a code span), and the start of the next
    /// segment for an offset that falls in a block separator.
    pub fn source_offset(&self, text_offset: usize) -> usize {
        let index = self
            .segments
            .partition_point(|segment| segment.text.end <= text_offset);
        match self.segments.get(index) {
            Some(segment) if segment.verbatim && segment.text.start <= text_offset => {
                segment.source.start + (text_offset - segment.text.start)
            }
            Some(segment) => segment.source.start,
            None => self.segments.last().map_or(0, |segment| segment.source.end),
        }
    }

    /// The source byte range of a reader text range, for pointing diagnostics at a passage.
    pub fn source_range(&self, text_range: Range<usize>) -> Range<usize> {
        let start = self.source_offset(text_range.start);
        if text_range.end <= text_range.start {
            return start..start;
        }
        // The segment holding the last byte of the range decides where the range ends.
        let index = self
            .segments
            .partition_point(|segment| segment.text.end < text_range.end);
        let end = match self.segments.get(index) {
            Some(segment) if segment.verbatim && segment.text.start < text_range.end => {
                segment.source.start + (text_range.end - segment.text.start)
            }
            Some(segment) if segment.text.start < text_range.end => segment.source.end,
            _ => index
                .checked_sub(1)
                .and_then(|i| self.segments.get(i))
                .map_or(start, |segment| segment.source.end),
        };
        start..end.max(start)
    }
}

/// One Markdown event with where it came from and what it added to the reader text.
#[derive(Debug, Clone, PartialEq)]
pub struct Walked<'a> {
    pub event: Event<'a>,
    /// Byte range in the source file (shifted by the base offset).
    pub source: Range<usize>,
    /// Byte range of the text this event added to the reader text, if it adds any. For
    /// `Text`, `Code`, raw HTML and line breaks; never for text inside an image (its alt
    /// text is not shown as text).
    pub text: Option<Range<usize>>,
}

/// Walks the Markdown events of an article and builds its reader text on the way.
///
/// Both [`reader_text`] and the article body renderer consume this, which is what keeps a
/// highlight's reader-text range pointing at the same words in the HTML.
pub struct Walk<'a> {
    markdown: &'a str,
    events: OffsetIter<'a>,
    base_offset: usize,
    reader: ReaderText,
    separator_pending: bool,
    /// Depth of images (and metadata blocks) being walked: their text is not reader text.
    hidden_depth: usize,
}

/// Starts a walk over `markdown`, whose first byte is at `base_offset` in its file.
pub fn walk(markdown: &str, base_offset: usize) -> Walk<'_> {
    Walk {
        markdown,
        events: Parser::new_ext(markdown, MARKDOWN_OPTIONS).into_offset_iter(),
        base_offset,
        // The reader text is at most about as long as its Markdown: sized once, not
        // copied as it grows.
        reader: ReaderText {
            text: String::with_capacity(markdown.len()),
            segments: Vec::new(),
        },
        separator_pending: false,
        hidden_depth: 0,
    }
}

/// The reader text of `markdown`, whose first byte is at `base_offset` in its file.
pub fn reader_text(markdown: &str, base_offset: usize) -> ReaderText {
    let mut walk = walk(markdown, base_offset);
    for _ in walk.by_ref() {}
    walk.into_reader_text()
}

impl Walk<'_> {
    /// The reader text built so far.
    pub fn reader_text(&self) -> &ReaderText {
        &self.reader
    }

    pub fn into_reader_text(self) -> ReaderText {
        self.reader
    }

    /// Appends an event's text and records where it came from.
    fn push(&mut self, text: &str, source: Range<usize>) -> Range<usize> {
        if text.is_empty() {
            let end = self.reader.text.len();
            return end..end;
        }
        if std::mem::take(&mut self.separator_pending) && !self.reader.text.is_empty() {
            self.reader.text.push_str(BLOCK_SEPARATOR);
        }
        let start = self.reader.text.len();
        self.reader.text.push_str(text);
        let range = start..self.reader.text.len();
        let segment = self.segment_for(text, range.clone(), source);
        self.reader.segments.push(segment);
        range
    }

    /// Maps an event's text to its source. When the text appears inside the event's source
    /// (a code span inside its backticks, an escaped character after its backslash), the
    /// map is narrowed to those bytes so positions inside it stay exact.
    fn segment_for(&self, text: &str, text_range: Range<usize>, source: Range<usize>) -> Segment {
        let local = source.start.saturating_sub(self.base_offset)
            ..source.end.saturating_sub(self.base_offset);
        let found = self.markdown.get(local).and_then(|slice| {
            if slice == text {
                Some(0)
            } else {
                slice.find(text)
            }
        });
        match found {
            Some(at) => Segment {
                text: text_range,
                source: source.start + at..source.start + at + text.len(),
                verbatim: true,
            },
            None => Segment {
                text: text_range,
                source,
                verbatim: false,
            },
        }
    }
}

impl<'a> Iterator for Walk<'a> {
    type Item = Walked<'a>;

    fn next(&mut self) -> Option<Walked<'a>> {
        let (event, range) = self.events.next()?;
        let source = range.start + self.base_offset..range.end + self.base_offset;
        let text = match &event {
            Event::Start(tag) => {
                self.enter_or_leave(&tag.to_end(), true);
                None
            }
            Event::End(end) => {
                self.enter_or_leave(end, false);
                None
            }
            Event::Rule => {
                self.separator_pending = true;
                None
            }
            _ if self.hidden_depth > 0 => None,
            Event::Text(text)
            | Event::Code(text)
            | Event::Html(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => Some(self.push(text, source.clone())),
            Event::SoftBreak | Event::HardBreak => Some(self.push("\n", source.clone())),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => None,
        };
        Some(Walked {
            event,
            source,
            text,
        })
    }
}

impl Walk<'_> {
    fn enter_or_leave(&mut self, tag: &TagEnd, entering: bool) {
        if is_hidden(tag) {
            if entering {
                self.hidden_depth += 1;
            } else {
                self.hidden_depth = self.hidden_depth.saturating_sub(1);
            }
        }
        if !is_inline(tag) {
            self.separator_pending = true;
        }
    }
}

/// Elements whose content is not shown as text.
fn is_hidden(tag: &TagEnd) -> bool {
    matches!(tag, TagEnd::Image | TagEnd::MetadataBlock(_))
}

/// Inline elements: entering or leaving them does not break the text.
pub fn is_inline(tag: &TagEnd) -> bool {
    match tag {
        TagEnd::Emphasis
        | TagEnd::Strong
        | TagEnd::Strikethrough
        | TagEnd::Superscript
        | TagEnd::Subscript
        | TagEnd::Link
        | TagEnd::Image => true,
        TagEnd::Paragraph
        | TagEnd::Heading(_)
        | TagEnd::BlockQuote(_)
        | TagEnd::CodeBlock
        | TagEnd::HtmlBlock
        | TagEnd::List(_)
        | TagEnd::Item
        | TagEnd::FootnoteDefinition
        | TagEnd::DefinitionList
        | TagEnd::DefinitionListTitle
        | TagEnd::DefinitionListDefinition
        | TagEnd::Table
        | TagEnd::TableHead
        | TagEnd::TableRow
        | TagEnd::TableCell
        | TagEnd::MetadataBlock(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(markdown: &str, expected: &str) {
        assert_eq!(reader_text(markdown, 0).text, expected);
    }

    #[test]
    fn inline_markup_disappears_and_blocks_are_separated() {
        check(
            "# Title\n\nThe *senator* said [on Friday](https://x.test)\nthat it `was` dead.\n\n> Quoted\n",
            "Title\n\nThe senator said on Friday\nthat it was dead.\n\nQuoted",
        );
    }

    #[test]
    fn nested_list_items_do_not_run_together() {
        check("- one\n  - two\n- three\n", "one\n\ntwo\n\nthree");
    }

    #[test]
    fn double_hyphens_stay_as_written() {
        check("A -- B \"c\" ...", "A -- B \"c\" ...");
    }

    #[test]
    fn raw_html_is_literal_text_and_image_alt_text_is_not() {
        check(
            "a <b>bold</b> ![alt text](x.png) c\n\n<div>\nhi\n</div>\n",
            "a <b>bold</b>  c\n\n<div>\nhi\n</div>\n",
        );
    }

    #[test]
    fn source_offsets_are_exact_in_plain_text_and_code_spans() {
        let markdown = "Intro\n\nSaid *very* `x y` &amp; done";
        let base = 100;
        let reader = reader_text(markdown, base);
        assert_eq!(reader.text, "Intro\n\nSaid very x y & done");
        let at = |needle: &str| reader.text.find(needle).unwrap();
        let source_of = |needle: &str| reader.source_offset(at(needle)) - base;
        assert_eq!(source_of("Said"), markdown.find("Said").unwrap());
        assert_eq!(source_of("very"), markdown.find("very").unwrap());
        assert_eq!(source_of("y &"), markdown.find("y`").unwrap());
        assert_eq!(source_of("& done"), markdown.find("&amp;").unwrap());
        // An offset in the separator maps to the start of the next block.
        assert_eq!(reader.source_offset(5) - base, 7);
        let range = at("very")..at(" x y");
        assert_eq!(
            reader.source_range(range),
            base + markdown.find("very").unwrap()..base + markdown.find("* `").unwrap()
        );
    }
}
