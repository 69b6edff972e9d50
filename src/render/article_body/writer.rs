//! Writing the HTML of the walked events, like `push_html`, with marks, note references
//! and notes in their places.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Tag, TagEnd};

use super::Highlight;
use super::layout::Layout;
use super::safety::{escape_attribute, escape_body, escape_href, safe_url};
use crate::anchor::text::{Walked, is_inline};

/// Writes HTML for the walked events, piece by piece.
pub(super) struct Writer<'r> {
    highlights: &'r [Highlight],
    numbers: &'r [usize],
    layout: &'r Layout,
    /// The reader text the pieces index into.
    text: &'r str,
    note_html: &'r dyn Fn(usize) -> String,
    pub(super) out: String,
    /// Whether the output ends with a line break (kept as `push_html` does).
    end_newline: bool,
    /// The highlights covered by the `<mark>` currently open.
    open_mark: Option<Vec<usize>>,
    pub(super) first_mark_id: Vec<String>,
    /// Per highlight: how many marks it has opened so far, for continuation ids.
    marks_opened: Vec<usize>,
    issued_ids: HashSet<String>,
    reserved_ids: HashSet<String>,
    /// Per open link: whether its `<a>` was written (its URL was allowed).
    links: Vec<bool>,
    /// Inside a written link or a code block, where note references must wait.
    hold_refs: usize,
    pending_refs: Vec<usize>,
    /// Depth of block elements; notes go after a block that brings it back to 0.
    block_depth: usize,
    pending_notes: Vec<usize>,
    table_alignments: Vec<Alignment>,
    table_cell: usize,
    in_table_head: bool,
}

impl<'r> Writer<'r> {
    pub(super) fn new(
        highlights: &'r [Highlight],
        numbers: &'r [usize],
        layout: &'r Layout,
        text: &'r str,
        note_html: &'r dyn Fn(usize) -> String,
    ) -> Writer<'r> {
        Writer {
            highlights,
            numbers,
            layout,
            text,
            note_html,
            // About what the body takes (markup around the text, a note per highlight), so
            // that the page's largest string is not copied as it doubles.
            out: String::with_capacity(text.len() * 5 / 4 + highlights.len() * 1024 + 64),
            end_newline: true,
            open_mark: None,
            first_mark_id: vec![String::new(); highlights.len()],
            marks_opened: vec![0; highlights.len()],
            issued_ids: HashSet::new(),
            reserved_ids: highlights.iter().map(|h| format!("hl-{}", h.key)).collect(),
            links: Vec::new(),
            hold_refs: 0,
            pending_refs: Vec::new(),
            block_depth: 0,
            pending_notes: Vec::new(),
            table_alignments: Vec::new(),
            table_cell: 0,
            in_table_head: false,
        }
    }

    fn write(&mut self, html: &str) {
        if !html.is_empty() {
            self.out.push_str(html);
            self.end_newline = html.ends_with('\n');
        }
    }

    /// Writes `html` on a new line, as `push_html` starts blocks.
    fn write_block(&mut self, html: &str) {
        if !self.end_newline {
            self.write("\n");
        }
        self.write(html);
    }

    pub(super) fn run(&mut self, items: &[Walked]) {
        let mut index = 0;
        while let Some(item) = items.get(index) {
            index += 1;
            let pieces = self.layout.item_pieces[index - 1].clone();
            match &item.event {
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }) => {
                    index = self.image(items, index, dest_url, title);
                }
                Event::Start(tag) => self.start(tag),
                Event::End(tag) => self.end(*tag),
                Event::Text(_) | Event::Html(_) | Event::InlineHtml(_) | Event::SoftBreak => {
                    self.pieces(pieces)
                }
                Event::InlineMath(_) | Event::DisplayMath(_) => {
                    self.close_mark();
                    self.write("<span class=\"math\">");
                    self.pieces(pieces);
                    self.close_mark();
                    self.write("</span>");
                    self.flush_refs();
                }
                Event::Code(_) => {
                    self.close_mark();
                    self.write("<code>");
                    self.pieces(pieces);
                    self.close_mark();
                    self.write("</code>");
                    self.flush_refs();
                }
                Event::HardBreak => {
                    self.close_mark();
                    self.write("<br />\n");
                }
                Event::Rule => {
                    self.close_mark();
                    self.write_block("<hr />\n");
                }
                Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
            }
        }
        self.close_mark();
    }

    /// Writes pieces of text, opening and closing marks as the highlights change.
    fn pieces(&mut self, pieces: Range<usize>) {
        for index in pieces {
            let (layout, text) = (self.layout, self.text);
            let piece = &layout.pieces[index];
            let Some(text) = text.get(piece.text.clone()) else {
                continue;
            };
            if piece.covering.is_empty() {
                self.close_mark();
            } else if self.open_mark.as_ref() != Some(&piece.covering) {
                self.close_mark();
                self.open_mark(index);
            }
            escape_body(&mut self.out, text);
            self.end_newline = text.ends_with('\n');
            let mut ending: Vec<usize> = piece
                .covering
                .iter()
                .copied()
                .filter(|&h| layout.last_piece[h] == Some(index))
                .collect();
            if !ending.is_empty() {
                ending.sort_by_key(|&h| self.numbers[h]);
                self.close_mark();
                self.pending_notes.extend(&ending);
                self.pending_refs.extend(ending);
                self.flush_refs();
            }
        }
    }

    /// Opens a mark for the piece at `index`. Its id is `hl-K` when highlight K starts
    /// here (the first by key when several do; the others get an empty `hl-start` anchor),
    /// else `hl-K-n` for the latest-started highlight K it continues.
    fn open_mark(&mut self, index: usize) {
        let layout = self.layout;
        let covering = &layout.pieces[index].covering;
        let starting: Vec<usize> = covering
            .iter()
            .copied()
            .filter(|&h| layout.first_piece[h] == Some(index))
            .collect();
        let highlights = self.highlights;
        let by_key = |h: usize| (highlights[h].key.as_str(), h);
        let id = match starting.iter().copied().min_by_key(|&h| by_key(h)) {
            Some(first) => {
                // Every highlight gets an element with its own `hl-K` id, because links from
                // the timeline point at it: the others starting here get an empty anchor
                // just before the shared mark.
                let mut others: Vec<usize> =
                    starting.iter().copied().filter(|&h| h != first).collect();
                others.sort_by_key(|&h| by_key(h));
                for h in others {
                    let id = self.first_id(h);
                    self.out.push_str("<span id=\"");
                    escape_attribute(&mut self.out, &id);
                    self.out.push_str("\" class=\"hl-start\"></span>");
                    self.first_mark_id[h] = id;
                }
                let id = self.first_id(first);
                self.first_mark_id[first] = id.clone();
                id
            }
            None => {
                let latest = covering
                    .iter()
                    .copied()
                    .max_by(|&a, &b| {
                        let (a_first, b_first) = (layout.first_piece[a], layout.first_piece[b]);
                        a_first
                            .cmp(&b_first)
                            .then_with(|| by_key(b).cmp(&by_key(a)))
                    })
                    .unwrap_or_default();
                self.continuation_id(latest)
            }
        };
        let mut annotations: Vec<&str> = covering
            .iter()
            .map(|&h| self.highlights[h].annotation.as_str())
            .collect();
        annotations.sort_unstable();
        annotations.dedup();
        self.out.push_str("<mark id=\"");
        escape_attribute(&mut self.out, &id);
        self.out.push_str("\" class=\"hl\" data-annotation=\"");
        escape_attribute(&mut self.out, &annotations.join(" "));
        self.write("\">");
        self.open_mark = Some(covering.clone());
    }

    fn first_id(&mut self, highlight: usize) -> String {
        let id = format!("hl-{}", self.highlights[highlight].key);
        if self.issued_ids.insert(id.clone()) {
            self.marks_opened[highlight] = 1;
            id
        } else {
            // Two highlights with the same key: keep ids unique anyway.
            self.continuation_id(highlight)
        }
    }

    fn continuation_id(&mut self, highlight: usize) -> String {
        loop {
            self.marks_opened[highlight] += 1;
            let id = format!(
                "hl-{}-{}",
                self.highlights[highlight].key, self.marks_opened[highlight]
            );
            if !self.reserved_ids.contains(&id) && self.issued_ids.insert(id.clone()) {
                return id;
            }
        }
    }

    fn close_mark(&mut self) {
        if self.open_mark.take().is_some() {
            self.write("</mark>");
        }
    }

    /// Writes the note references waiting, unless inside a link or a code block.
    fn flush_refs(&mut self) {
        if self.hold_refs > 0 || self.pending_refs.is_empty() {
            return;
        }
        self.close_mark();
        for h in std::mem::take(&mut self.pending_refs) {
            let key = &self.highlights[h].key;
            self.out.push_str("<a class=\"note-ref\" href=\"#note-");
            escape_attribute(&mut self.out, key);
            self.out.push_str("\" id=\"ref-");
            escape_attribute(&mut self.out, key);
            let _ = write!(self.out, "\">{}</a>", self.numbers[h]);
            self.end_newline = false;
        }
    }

    /// Writes the notes of the given highlights, in document order.
    pub(super) fn write_notes(&mut self, mut highlights: Vec<usize>) {
        highlights.sort_by_key(|&h| self.numbers[h]);
        for index in highlights {
            let html = (self.note_html)(index);
            self.write_block(&html);
        }
    }

    fn start(&mut self, tag: &Tag) {
        self.close_mark();
        if !is_inline(&tag.to_end()) {
            self.block_depth += 1;
        }
        match tag {
            Tag::Paragraph => self.write_block("<p>"),
            Tag::Heading { level, .. } => self.write_block(&format!("<{level}>")),
            Tag::BlockQuote(_) => self.write_block("<blockquote>\n"),
            Tag::CodeBlock(kind) => {
                self.hold_refs += 1;
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.split(' ').next().unwrap_or_default(),
                    CodeBlockKind::Indented => "",
                };
                if language.is_empty() {
                    self.write_block("<pre><code>");
                } else {
                    let mut html = String::from("<pre><code class=\"language-");
                    escape_attribute(&mut html, language);
                    html.push_str("\">");
                    self.write_block(&html);
                }
            }
            Tag::HtmlBlock => self.write_block("<pre class=\"raw-html\">"),
            Tag::List(Some(1)) => self.write_block("<ol>\n"),
            Tag::List(Some(start)) => self.write_block(&format!("<ol start=\"{start}\">\n")),
            Tag::List(None) => self.write_block("<ul>\n"),
            Tag::Item => self.write_block("<li>"),
            Tag::FootnoteDefinition(_) => self.write_block("<div class=\"footnote-definition\">"),
            Tag::DefinitionList => self.write_block("<dl>\n"),
            Tag::DefinitionListTitle => self.write_block("<dt>"),
            Tag::DefinitionListDefinition => self.write_block("<dd>"),
            Tag::Table(alignments) => {
                self.table_alignments = alignments.clone();
                self.write("<table>");
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.table_cell = 0;
                self.write("<thead><tr>");
            }
            Tag::TableRow => {
                self.table_cell = 0;
                self.write("<tr>");
            }
            Tag::TableCell => {
                let cell = if self.in_table_head { "<th" } else { "<td" };
                let style = match self.table_alignments.get(self.table_cell) {
                    Some(Alignment::Left) => " style=\"text-align: left\">",
                    Some(Alignment::Center) => " style=\"text-align: center\">",
                    Some(Alignment::Right) => " style=\"text-align: right\">",
                    _ => ">",
                };
                self.write(&format!("{cell}{style}"));
            }
            Tag::Emphasis => self.write("<em>"),
            Tag::Strong => self.write("<strong>"),
            Tag::Strikethrough => self.write("<del>"),
            Tag::Superscript => self.write("<sup>"),
            Tag::Subscript => self.write("<sub>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let url = if *link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                let allowed = safe_url(&url);
                self.links.push(allowed.is_some());
                if let Some(url) = allowed {
                    self.hold_refs += 1;
                    let mut html = String::from("<a href=\"");
                    escape_href(&mut html, &url);
                    if !title.is_empty() {
                        html.push_str("\" title=\"");
                        escape_attribute(&mut html, title);
                    }
                    html.push_str("\">");
                    self.write(&html);
                }
            }
            // Images are written whole by `image`; metadata blocks are not shown.
            Tag::Image { .. } | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        self.close_mark();
        match tag {
            TagEnd::Paragraph => self.write("</p>\n"),
            TagEnd::Heading(level) => self.write(&format!("</{level}>\n")),
            TagEnd::BlockQuote(_) => self.write("</blockquote>\n"),
            TagEnd::CodeBlock => {
                self.write("</code></pre>\n");
                self.hold_refs = self.hold_refs.saturating_sub(1);
            }
            TagEnd::HtmlBlock => self.write("</pre>\n"),
            TagEnd::List(true) => self.write("</ol>\n"),
            TagEnd::List(false) => self.write("</ul>\n"),
            TagEnd::Item => self.write("</li>\n"),
            TagEnd::FootnoteDefinition => self.write("</div>\n"),
            TagEnd::DefinitionList => self.write("</dl>\n"),
            TagEnd::DefinitionListTitle => self.write("</dt>\n"),
            TagEnd::DefinitionListDefinition => self.write("</dd>\n"),
            TagEnd::Table => self.write("</tbody></table>\n"),
            TagEnd::TableHead => {
                self.write("</tr></thead><tbody>\n");
                self.in_table_head = false;
            }
            TagEnd::TableRow => self.write("</tr>\n"),
            TagEnd::TableCell => {
                self.write(if self.in_table_head { "</th>" } else { "</td>" });
                self.table_cell += 1;
            }
            TagEnd::Emphasis => self.write("</em>"),
            TagEnd::Strong => self.write("</strong>"),
            TagEnd::Strikethrough => self.write("</del>"),
            TagEnd::Superscript => self.write("</sup>"),
            TagEnd::Subscript => self.write("</sub>"),
            TagEnd::Link => {
                if self.links.pop() == Some(true) {
                    self.write("</a>");
                    self.hold_refs = self.hold_refs.saturating_sub(1);
                }
            }
            TagEnd::Image | TagEnd::MetadataBlock(_) => {}
        }
        self.flush_refs();
        if !is_inline(&tag) {
            self.block_depth = self.block_depth.saturating_sub(1);
            if self.block_depth == 0 {
                let notes = std::mem::take(&mut self.pending_notes);
                self.write_notes(notes);
            }
        }
    }

    /// Writes an image whose start is the item before `next`, consuming its alt text up to
    /// its end; returns the index of the item after the image.
    fn image(&mut self, items: &[Walked], mut next: usize, url: &str, title: &str) -> usize {
        self.close_mark();
        let mut alt = String::new();
        let mut depth = 0usize;
        while let Some(item) = items.get(next) {
            next += 1;
            match &item.event {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                Event::Text(text)
                | Event::Code(text)
                | Event::InlineHtml(text)
                | Event::Html(text)
                | Event::InlineMath(text)
                | Event::DisplayMath(text) => alt.push_str(text),
                Event::SoftBreak | Event::HardBreak | Event::Rule => alt.push(' '),
                Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
            }
        }
        match safe_url(url) {
            Some(url) => {
                let mut html = String::from("<img src=\"");
                escape_href(&mut html, &url);
                html.push_str("\" alt=\"");
                escape_attribute(&mut html, &alt);
                if !title.is_empty() {
                    html.push_str("\" title=\"");
                    escape_attribute(&mut html, title);
                }
                html.push_str("\" loading=\"lazy\" />");
                self.write(&html);
            }
            None => {
                escape_body(&mut self.out, &alt);
                self.end_newline = alt.ends_with('\n');
            }
        }
        next
    }
}
