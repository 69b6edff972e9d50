//! View structs: what templates see. Built once per annotation, article and term, converted
//! to shared Tera values, and reused by every page that shows them (Tera 2 values are
//! reference-counted, so a page gets a pointer, not a deep copy).
//!
//! Every URL here is relative to the site root (`articles/x/index.html`); templates prefix it
//! with `root`, the relative path from the page to the root (`../../`), so links work at a
//! domain root, under a sub-path and from `file://`.

use std::sync::Arc;

use serde::Serialize;

use crate::date::Date;

/// A date at its precision.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct DateView {
    /// `datetime` attribute for the start (no `~`).
    pub start_iso: String,
    /// `datetime` attribute for the end of a range.
    pub end_iso: Option<String>,
    /// For people: `5 June 2017`, `c. May 2017`, `17–19 May 2017`.
    pub display: String,
    /// For people, the start alone (shown in the first `<time>` of a range).
    pub start_display: String,
    /// The end alone, for ranges.
    pub end_display: Option<String>,
    /// Short label for dense places: `5 Jun`.
    pub short: String,
    /// Canonical EDTF (with `~` and `/`).
    pub edtf: String,
    pub approximate: bool,
    /// `year`, `month`, `day` or `instant`.
    pub precision: &'static str,
}

impl DateView {
    pub fn new(date: &Date) -> DateView {
        DateView {
            start_iso: date.start.iso(),
            end_iso: date.end.as_ref().map(|e| e.iso()),
            display: date.display(),
            start_display: date.start.display(),
            end_display: date.end.as_ref().map(|e| e.display()),
            short: date.start.short_display(),
            edtf: date.edtf(),
            approximate: date.start.approximate || date.end.as_ref().is_some_and(|e| e.approximate),
            precision: match date.start.precision() {
                crate::date::Precision::Year => "year",
                crate::date::Precision::Month => "month",
                crate::date::Precision::Day => "day",
                crate::date::Precision::Instant => "instant",
            },
        }
    }
}

/// A link to a tag, person or outlet page.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TermRef {
    pub name: String,
    pub slug: String,
    pub url: String,
}

/// One quoted passage of an annotation, as a source.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct SourceView {
    pub article_slug: String,
    pub article_title: String,
    pub article_url: String,
    /// Shared by every source quoting the article (as is `published`).
    pub outlet: Arc<TermRef>,
    pub published: Arc<DateView>,
    /// The passage exactly as it stands in the article.
    pub quote: String,
    /// The article page at that passage: `articles/x/index.html#hl-key`.
    pub url: String,
}

/// An annotation: a timeline entry, a margin note, a page.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct EntryView {
    pub slug: String,
    pub title: String,
    /// `event`, `statement`, … (also the `data-kind` value).
    pub kind: &'static str,
    /// `Event`, `Statement`, …
    pub kind_label: &'static str,
    /// Opinion or speculation: not reported fact.
    pub opinion: bool,
    pub date: Option<DateView>,
    /// `prologue`, `main`, `epilogue` or `undated`.
    pub phase: &'static str,
    /// The era its start falls in, as [`EraView::id`] (`era-2`): the first one in
    /// `site.toml` whose span holds it. `None` when undated or outside every era.
    pub era: Option<String>,
    /// Sanitised HTML of the commentary.
    pub commentary_html: String,
    /// This annotation's own page.
    pub url: String,
    /// Its entry on the timeline (`index.html#slug`), absent for undated notes.
    pub timeline_url: Option<String>,
    pub sources: Vec<SourceView>,
    /// Term links are shared by every entry showing the term.
    pub tags: Vec<Arc<TermRef>>,
    pub people: Vec<Arc<TermRef>>,
    /// Outlets of its sources, deduplicated, for filters.
    pub outlets: Vec<Arc<TermRef>>,
}

/// A margin note beside an article passage.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct NoteView {
    /// Unique in the article; ids are `note-<key>` (the note), `ref-<key>` (the marker after
    /// the passage) and the passage's first mark.
    pub key: String,
    /// 1-based position of the passage in the article.
    pub number: usize,
    pub note_id: String,
    pub ref_id: String,
}

/// An article as listed and as headed on its page.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ArticleView {
    pub slug: String,
    pub title: String,
    pub outlet: TermRef,
    pub author: Option<String>,
    pub published: DateView,
    pub original_url: Option<String>,
    pub notes_html: Option<String>,
    pub removed: Vec<String>,
    pub url: String,
    /// Number of anchored passages.
    pub highlight_count: usize,
}

/// What every timeline page's filter form lists: the kinds in use and every term, with
/// counts over the whole timeline (so an edit anywhere can change every timeline page).
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TimelineFilters {
    pub kinds: Vec<KindCount>,
    pub tags: Vec<TermView>,
    pub people: Vec<TermView>,
    pub outlets: Vec<TermView>,
}

/// A kind of entry and how many dated entries have it.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct KindCount {
    pub name: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub opinion: bool,
}

/// A tag, person or outlet with what refers to it (entries are in timeline order).
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TermView {
    pub name: String,
    pub slug: String,
    pub url: String,
    pub entry_count: usize,
    pub article_count: usize,
}

/// A labelled period of the timeline.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct EraView {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub start: DateView,
    pub end: DateView,
}

/// Site-wide values every page gets as `site`.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Absolute, ending in `/`.
    pub base_url: String,
    /// Path part of the base URL, `/` or `/repo/`.
    pub base_path: String,
    pub generator: &'static str,
    /// Whether the site has full-text search (`[build] search`): the header shows the form.
    pub search: bool,
}
