//! Stage 1: find and read the site's files and parse them into documents.
//!
//! I/O happens only in [`load_site`] and [`read_source`]; everything else parses from `&str`
//! so tests never touch the disk. Every value keeps the byte span it came from in its file,
//! so later stages can point diagnostics at it.

pub mod front_matter;
pub mod schema;
pub mod value;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::date::Date;
use crate::diag::{Diagnostic, Sources};

/// A value and the byte range of its source text in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// A text file of the site, decoded: UTF-8, BOM removed, line endings as in the file.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Path relative to the site root (used in diagnostics and as the key in [`Sources`]).
    pub path: PathBuf,
    pub text: Arc<str>,
}

/// `content/site.toml`.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
    pub timeline: TimelineSpan,
    pub eras: Vec<Era>,
    /// Optional `[build]` table.
    pub build: BuildOptions,
    /// Optional custom domain, written to `CNAME`.
    pub cname: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TimelineSpan {
    pub start: Spanned<Date>,
    pub end: Spanned<Date>,
}

#[derive(Debug, Clone)]
pub struct Era {
    pub title: String,
    pub start: Spanned<Date>,
    pub end: Spanned<Date>,
    pub description: Option<String>,
}

/// Settings under `[build]` in `site.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildOptions {
    /// Above this many dated entries the timeline is split into one page per year.
    pub timeline_page_size: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            timeline_page_size: 2000,
        }
    }
}

/// `content/articles/<slug>.md`.
#[derive(Debug, Clone)]
pub struct ArticleDoc {
    pub slug: String,
    pub file: PathBuf,
    pub text: Arc<str>,
    pub title: String,
    pub outlet: String,
    pub published: Date,
    pub author: Option<String>,
    pub url: Option<String>,
    /// Markdown.
    pub notes: Option<String>,
    /// Page chrome dropped from the text when the article was collected.
    pub removed: Vec<String>,
    /// Byte range of the Markdown body in `text`.
    pub body: Range<usize>,
}

/// The kind of an annotation. Opinion and speculation are shown apart from reported fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Event,
    Statement,
    Report,
    Context,
    Opinion,
    Speculation,
    Correction,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Event,
        Kind::Statement,
        Kind::Report,
        Kind::Context,
        Kind::Opinion,
        Kind::Speculation,
        Kind::Correction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Event => "event",
            Kind::Statement => "statement",
            Kind::Report => "report",
            Kind::Context => "context",
            Kind::Opinion => "opinion",
            Kind::Speculation => "speculation",
            Kind::Correction => "correction",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Opinion and speculation are not reported fact.
    pub fn is_opinion(self) -> bool {
        matches!(self, Kind::Opinion | Kind::Speculation)
    }
}

/// One `[[anchors]]` entry: a W3C TextQuoteSelector on an article.
#[derive(Debug, Clone)]
pub struct AnchorSpec {
    pub article: Spanned<String>,
    pub quote: Spanned<String>,
    pub prefix: Option<Spanned<String>>,
    pub suffix: Option<Spanned<String>>,
}

/// `content/annotations/**/<slug>.md`.
#[derive(Debug, Clone)]
pub struct AnnotationDoc {
    pub slug: String,
    pub file: PathBuf,
    pub text: Arc<str>,
    pub title: String,
    pub date: Option<Spanned<Date>>,
    pub kind: Kind,
    pub tags: Vec<String>,
    pub people: Vec<String>,
    pub anchors: Vec<AnchorSpec>,
    /// Byte range of the Markdown body in `text`.
    pub body: Range<usize>,
}

/// Everything read from a site's `content/` folder.
#[derive(Debug, Clone)]
pub struct LoadedSite {
    pub root: PathBuf,
    pub config: Option<SiteConfig>,
    pub articles: Vec<ArticleDoc>,
    pub annotations: Vec<AnnotationDoc>,
    /// The text of every file read, for printing diagnostics.
    pub sources: Sources,
}

/// STUB (being written by the load helper).
pub fn load_site(root: &Path) -> (LoadedSite, Vec<Diagnostic>) {
    (
        LoadedSite {
            root: root.to_path_buf(),
            config: None,
            articles: Vec::new(),
            annotations: Vec::new(),
            sources: Sources::default(),
        },
        Vec::new(),
    )
}
/// STUB.
pub fn read_source(root: &Path, relative: &Path) -> Result<SourceText, Diagnostic> {
    let text = std::fs::read_to_string(root.join(relative))
        .map_err(|e| Diagnostic::error("read-failed", relative, e.to_string()))?;
    Ok(SourceText {
        path: relative.to_path_buf(),
        text: Arc::from(text),
    })
}
