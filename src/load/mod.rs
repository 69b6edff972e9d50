//! Stage 1: find and read the site's files and parse them into documents.
//!
//! I/O happens only in [`load_site`] and [`read_source`]; everything else parses from `&str`
//! so tests never touch the disk. Every value keeps the byte span it came from in its file,
//! so later stages can point diagnostics at it.

pub mod documents;
pub mod front_matter;
pub mod schema;
pub mod slug;
pub mod value;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::date::Date;
use crate::diag::{self, Diagnostic, Sources};

pub use documents::{
    LoadedAnnotation, parse_annotation, parse_annotation_for_checking, parse_article,
    parse_site_config,
};

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
    /// Most entries on one timeline page: beyond it the timeline is split by month (see
    /// `model::timeline`). 200 entries make a page of about 400 KB, as much as a reader
    /// scrolls through and a browser lays out quickly, and as many as a list page holds.
    pub timeline_page_size: usize,
    /// Whether the build writes a full-text search index (`pagefind/`) and the search page.
    /// Off unless `site.toml` asks for it (`newsline init` does): the index costs far more
    /// than the rest of a large build (see ARCHITECTURE.md, "Search").
    pub search: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            timeline_page_size: 200,
            search: false,
        }
    }
}

/// `content/articles/<slug>.md`.
#[derive(Debug, Clone)]
pub struct ArticleDoc {
    pub slug: String,
    /// Different for every parse of a file (see [`next_revision`]), so later stages can
    /// tell an unchanged document without hashing its text.
    pub revision: u64,
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
    /// Different for every parse of a file (see [`next_revision`]).
    pub revision: u64,
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

impl AnnotationDoc {
    /// The Markdown commentary (the body after the front matter).
    pub fn commentary(&self) -> &str {
        self.text.get(self.body.clone()).unwrap_or_default()
    }
}

/// Everything read from a site's `content/` folder.
#[derive(Debug, Clone)]
pub struct LoadedSite {
    pub root: PathBuf,
    pub config: Option<SiteConfig>,
    /// Shared, so that a dev-server rebuild reuses the documents of unchanged files
    /// without copying them.
    pub articles: Vec<Arc<ArticleDoc>>,
    pub annotations: Vec<Arc<AnnotationDoc>>,
    /// Annotations with errors in their front matter but readable anchors: their quotes
    /// are checked too, they are never published.
    pub quotes_only: Vec<Arc<AnnotationDoc>>,
    /// Slugs of article files that were read but had errors (reported already), so quotes
    /// of them are not reported again as quoting an unknown article.
    pub broken_articles: Vec<String>,
    /// The text of every file read, for printing diagnostics.
    pub sources: Sources,
}

/// Reads one file of the site: UTF-8 with any BOM removed. `relative` is relative to `root`
/// and names the file in diagnostics.
#[allow(
    clippy::result_large_err,
    reason = "one diagnostic per unreadable file is rare; boxing it would only add noise"
)]
pub fn read_source(root: &Path, relative: &Path) -> Result<SourceText, Diagnostic> {
    READ_BUFFER.with_borrow_mut(|buffer| {
        let length = read_into(&root.join(relative), buffer).map_err(|error| {
            Diagnostic::error("io-error", relative, format!("cannot read file: {error}"))
        })?;
        let decoded = decode(relative, buffer.get(..length).unwrap_or_default());
        if buffer.len() > MAX_KEPT_BUFFER {
            *buffer = Vec::new();
        }
        decoded
    })
}

/// A buffer grown by a huge file is freed rather than kept for the rest of the run.
const MAX_KEPT_BUFFER: usize = 4 << 20;

thread_local! {
    /// Reused across files: reading 60,000 files into fresh buffers costs more in allocation
    /// and page faults than the copy into the final `Arc<str>`. Its length is its size:
    /// every byte stays initialised, so it is zeroed only when it grows.
    static READ_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Reads a whole file into the start of `buffer`, growing it as needed, and returns the
/// file's length. Skips the size query `fs::read` makes: most files fit the buffer.
///
/// Only regular files are read. A pipe would block forever and a device could be endless,
/// so the file is opened without waiting for a writer, and asked what it is whenever it
/// reads as empty, fails, or passes [`CHECKED_SIZE`]; asking every file cost a system call
/// each, a noticeable part of loading tens of thousands of them.
fn read_into(path: &Path, buffer: &mut Vec<u8>) -> std::io::Result<usize> {
    use rustix::fs::{Mode, OFlags};
    use std::io::Read;
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let mut file = std::fs::File::from(rustix::fs::open(path, flags, Mode::empty())?);
    let mut filled = 0;
    let mut checked = false;
    loop {
        if filled == buffer.len() {
            buffer.resize((buffer.len() * 2).max(64 * 1024), 0);
        }
        let read = match file.read(&mut buffer[filled..]) {
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            read => read,
        };
        let empty = matches!(read, Ok(0)) && filled == 0;
        let suspicious = empty || read.is_err() || filled > CHECKED_SIZE;
        if suspicious && !checked {
            checked = true;
            if !file.metadata()?.is_file() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "not a regular file (a pipe, socket, device or folder)",
                ));
            }
        }
        match read {
            Ok(0) => return Ok(filled),
            Ok(read) => filled += read,
            Err(error) => return Err(error),
        }
    }
}

/// Past this many bytes, a file is checked to be a regular file before reading on.
const CHECKED_SIZE: usize = 1 << 20;

/// UTF-8 text without its BOM, or a `not-utf8` diagnostic naming where decoding failed.
#[allow(clippy::result_large_err, reason = "as for `read_source`")]
fn decode(relative: &Path, bytes: &[u8]) -> Result<SourceText, Diagnostic> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let content = bytes.get(bom..).unwrap_or_default();
    match std::str::from_utf8(content) {
        Ok(text) => Ok(SourceText {
            path: relative.to_path_buf(),
            text: Arc::from(text),
        }),
        Err(error) => {
            let valid = error.valid_up_to();
            // The prefix before the bad byte is valid, so positions can be computed in it.
            let prefix =
                std::str::from_utf8(content.get(..valid).unwrap_or_default()).unwrap_or_default();
            let (line, column) = diag::LineIndex::new(prefix).line_col(prefix, valid);
            Err(Diagnostic::error(
                "not-utf8",
                relative,
                format!(
                    "file is not valid UTF-8 at byte offset {} (line {line}, column {column})",
                    valid + bom
                ),
            )
            .with_help("save the file with UTF-8 encoding"))
        }
    }
}

/// A number not given to any document parsed before in this process: each parse of a file
/// gets its own, so an unchanged revision means an unchanged document.
pub fn next_revision() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// [`parse_article`], shared: documents are handed out by reference count.
fn parse_shared_article(source: &SourceText) -> (Option<Arc<ArticleDoc>>, Vec<Diagnostic>) {
    let (article, diagnostics) = parse_article(source);
    (article.map(Arc::new), diagnostics)
}

/// What reading and parsing one file produced.
#[derive(Clone)]
struct Parsed<T> {
    /// `None` when the file could not be read.
    source: Option<SourceText>,
    /// `None` when the file had errors.
    document: Option<T>,
    diagnostics: Vec<Diagnostic>,
}

/// Reads the whole `content/` folder of the site at `root`: `site.toml`,
/// `articles/*.md` and `annotations/**/*.md`. Files are read and parsed in parallel;
/// documents come back sorted by slug, with the text of every file read in `sources`.
pub fn load_site(root: &Path) -> (LoadedSite, Vec<Diagnostic>) {
    load(root, None)
}

/// Parsed files from the previous load, reused while a file's size and modification time
/// stay the same (the dev server reloads only what was edited).
#[derive(Default)]
pub struct LoadCache {
    articles: ParseCache<Arc<ArticleDoc>>,
    annotations: ParseCache<LoadedAnnotation>,
    last: Mutex<Option<LastLoad>>,
}

/// The last load as it came from the files, before it was assembled into a [`LoadedSite`].
#[derive(Clone)]
struct LastLoad {
    /// The Markdown files the walk found, and what it reported.
    article_files: Vec<PathBuf>,
    annotation_files: Vec<PathBuf>,
    walk_diagnostics: Vec<Diagnostic>,
    /// Parsed in the order of the files above.
    articles: Vec<Parsed<Arc<ArticleDoc>>>,
    annotations: Vec<Parsed<LoadedAnnotation>>,
    /// The text of every Markdown file read.
    sources: Sources,
}

impl LoadCache {
    /// The last load with `changed` files (those the watcher saw change) read again, when
    /// they are all files it found and that are still files: then no file came or went.
    /// Anything else (a new, removed or renamed file) returns `None`, to walk again.
    /// Changes outside `content/` and to `site.toml` (read on every load) do not matter
    /// here; `content` itself, which the watcher reports when events were lost, walks again.
    fn patch_last<R>(
        &self,
        root: &Path,
        changed: &[PathBuf],
        then: impl FnOnce(&LastLoad) -> R,
    ) -> Option<R> {
        let mut guard = lock(&self.last);
        let last = guard.as_mut()?;
        let mut positions = Vec::with_capacity(changed.len());
        for path in changed {
            if !path.starts_with("content") || path == Path::new("content/site.toml") {
                continue;
            }
            if !std::fs::metadata(root.join(path)).is_ok_and(|m| m.is_file()) {
                return None;
            }
            if let Some(i) = last.article_files.iter().position(|p| p == path) {
                positions.push((true, i));
            } else if let Some(i) = last.annotation_files.iter().position(|p| p == path) {
                positions.push((false, i));
            } else {
                return None;
            }
        }
        for (is_article, i) in positions {
            if is_article {
                let path = &last.article_files[i];
                last.articles[i] = reparse(root, path, parse_shared_article, &self.articles);
                remember_source(&mut last.sources, &last.articles[i]);
            } else {
                let path = &last.annotation_files[i];
                last.annotations[i] =
                    reparse(root, path, parse_annotation_for_checking, &self.annotations);
                remember_source(&mut last.sources, &last.annotations[i]);
            }
        }
        Some(then(last))
    }
}

/// Parses one file again and records it in the stamp cache.
fn reparse<T: Clone>(
    root: &Path,
    path: &Path,
    parse: fn(&SourceText) -> (Option<T>, Vec<Diagnostic>),
    cache: &ParseCache<T>,
) -> Parsed<T> {
    let parsed = parse_file(root, path, parse);
    if let Some(stamp) = stamp(root, path) {
        lock(cache).insert(path.to_path_buf(), (stamp, parsed.clone()));
    }
    parsed
}

fn remember_source<T>(sources: &mut Sources, parsed: &Parsed<T>) {
    if let Some(source) = &parsed.source {
        sources.insert_shared(source.path.clone(), Arc::clone(&source.text));
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// What tells a file changed without reading it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    modified: Option<std::time::SystemTime>,
    len: u64,
}

fn stamp(root: &Path, path: &Path) -> Option<FileStamp> {
    let metadata = std::fs::metadata(root.join(path)).ok()?;
    Some(FileStamp {
        modified: metadata.modified().ok(),
        len: metadata.len(),
    })
}

/// Like [`load_site`], reusing files parsed before. `changed` are the files (relative to
/// `root`) reported changed since the last load: when they are all files seen before, only
/// they are read again; otherwise every file's size and modification time is checked.
pub fn load_site_cached(
    root: &Path,
    cache: &LoadCache,
    changed: &[PathBuf],
) -> (LoadedSite, Vec<Diagnostic>) {
    load(root, Some((cache, changed)))
}

fn load(root: &Path, cache: Option<(&LoadCache, &[PathBuf])>) -> (LoadedSite, Vec<Diagnostic>) {
    let content = Path::new("content");
    let config = || read_config(root, &content.join("site.toml"));
    if let Some((cache, changed)) = cache {
        let patched = cache.patch_last(root, changed, |last| assemble(root, config(), last));
        if let Some(loaded) = patched {
            return loaded;
        }
    }
    let cache = cache.map(|(cache, _)| cache);
    // Each folder is walked on its own thread and its files parsed as soon as its walk
    // ends: the articles are parsed while the (larger) annotations folder is still walked.
    let (config, (articles, annotations)) = rayon::join(config, || {
        rayon::join(
            || {
                let cache = cache.map(|c| &c.articles);
                walk_and_parse(root, "articles", false, parse_shared_article, cache)
            },
            || {
                let cache = cache.map(|c| &c.annotations);
                let parse = parse_annotation_for_checking;
                walk_and_parse(root, "annotations", true, parse, cache)
            },
        )
    });
    let (article_files, mut walk_diagnostics, articles) = articles;
    let (annotation_files, annotation_walk, annotations) = annotations;
    walk_diagnostics.extend(annotation_walk);
    let mut sources = Sources::default();
    sources.reserve_shared(articles.len() + annotations.len());
    for parsed in &articles {
        remember_source(&mut sources, parsed);
    }
    for parsed in &annotations {
        remember_source(&mut sources, parsed);
    }
    let last = LastLoad {
        article_files,
        annotation_files,
        walk_diagnostics,
        articles,
        annotations,
        sources,
    };
    let loaded = assemble(root, config, &last);
    if let Some(cache) = cache {
        *lock(&cache.last) = Some(last);
    }
    loaded
}

/// The site from its parsed files: documents sorted by slug, duplicates reported, and every
/// diagnostic collected.
fn assemble(
    root: &Path,
    config: Parsed<SiteConfig>,
    files: &LastLoad,
) -> (LoadedSite, Vec<Diagnostic>) {
    let mut diagnostics = files.walk_diagnostics.clone();
    let mut sources = files.sources.clone();
    let config = keep(config, &mut sources, &mut diagnostics);
    let (articles, annotations) = (&files.articles, &files.annotations);
    let mut site = LoadedSite {
        root: root.to_path_buf(),
        config,
        articles: Vec::with_capacity(articles.len()),
        annotations: Vec::with_capacity(annotations.len()),
        quotes_only: Vec::new(),
        broken_articles: Vec::new(),
        sources: Sources::default(),
    };
    for (article, file) in articles.iter().zip(&files.article_files) {
        diagnostics.extend(article.diagnostics.iter().cloned());
        match &article.document {
            Some(document) => site.articles.push(Arc::clone(document)),
            None if article.source.is_some() => {
                site.broken_articles.extend(
                    file.file_stem()
                        .and_then(|s| s.to_str())
                        .map(str::to_string),
                );
            }
            None => {}
        }
    }
    let mut slug_files: HashMap<&str, &Path> = HashMap::with_capacity(annotations.len());
    for annotation in annotations {
        diagnostics.extend(annotation.diagnostics.iter().cloned());
        let annotation = match &annotation.document {
            Some(LoadedAnnotation::Publishable(annotation)) => annotation,
            Some(LoadedAnnotation::QuotesOnly(annotation)) => {
                site.quotes_only.push(Arc::clone(annotation));
                continue;
            }
            None => continue,
        };
        // Files were walked in sorted order, so "first" and "second" are stable across runs.
        match slug_files.entry(&annotation.slug) {
            Entry::Occupied(first) => diagnostics.push(duplicate_slug(first.get(), annotation)),
            Entry::Vacant(slot) => {
                slot.insert(&annotation.file);
                site.annotations.push(Arc::clone(annotation));
            }
        }
    }
    site.sources = sources;
    // Usually sorted already: files are walked by name and slugs are file names.
    if !site.articles.is_sorted_by(|a, b| a.slug <= b.slug) {
        site.articles.sort_by(|a, b| a.slug.cmp(&b.slug));
    }
    if !site.annotations.is_sorted_by(|a, b| a.slug <= b.slug) {
        site.annotations.sort_by(|a, b| a.slug.cmp(&b.slug));
    }
    diag::sort(&mut diagnostics);
    (site, diagnostics)
}

type ParseCache<T> = Mutex<HashMap<PathBuf, (FileStamp, Parsed<T>)>>;

/// The Markdown files under `content/<folder>`, what walking it reported, and the files
/// parsed.
fn walk_and_parse<T: Send + Clone>(
    root: &Path,
    folder: &str,
    recursive: bool,
    parse: fn(&SourceText) -> (Option<T>, Vec<Diagnostic>),
    cache: Option<&ParseCache<T>>,
) -> (Vec<PathBuf>, Vec<Diagnostic>, Vec<Parsed<T>>) {
    let mut diagnostics = Vec::new();
    let folder = Path::new("content").join(folder);
    let files = markdown_files(root, &folder, recursive, &mut diagnostics);
    let parsed = parse_all(root, &files, parse, cache);
    (files, diagnostics, parsed)
}

fn parse_all<T: Send + Clone>(
    root: &Path,
    files: &[PathBuf],
    parse: fn(&SourceText) -> (Option<T>, Vec<Diagnostic>),
    cache: Option<&ParseCache<T>>,
) -> Vec<Parsed<T>> {
    let Some(cache) = cache else {
        return files
            .par_iter()
            .map(|path| parse_file(root, path, parse))
            .collect();
    };
    let lock = || cache.lock().unwrap_or_else(|p| p.into_inner());
    let parsed: Vec<Parsed<T>> = files
        .par_iter()
        .map(|path| {
            let stamp = stamp(root, path);
            if let Some(stamp) = stamp {
                if let Some((old, parsed)) = lock().get(path) {
                    if *old == stamp {
                        return parsed.clone();
                    }
                }
            }
            let parsed = parse_file(root, path, parse);
            if let Some(stamp) = stamp {
                lock().insert(path.clone(), (stamp, parsed.clone()));
            }
            parsed
        })
        .collect();
    // Forget files that are gone, so the cache does not grow with renames.
    let present: std::collections::HashSet<&PathBuf> = files.iter().collect();
    lock().retain(|path, _| present.contains(path));
    parsed
}

fn parse_file<T>(
    root: &Path,
    path: &Path,
    parse: fn(&SourceText) -> (Option<T>, Vec<Diagnostic>),
) -> Parsed<T> {
    match read_source(root, path) {
        Ok(source) => {
            let (document, diagnostics) = parse(&source);
            Parsed {
                source: Some(source),
                document,
                diagnostics,
            }
        }
        Err(diagnostic) => Parsed {
            source: None,
            document: None,
            diagnostics: vec![diagnostic],
        },
    }
}

/// Reads `site.toml`, with a clearer message than "file not found" when it is missing.
fn read_config(root: &Path, path: &Path) -> Parsed<SiteConfig> {
    if root.join(path).exists() {
        return parse_file(root, path, parse_site_config);
    }
    let help = format!(
        "create `{}` with `title`, `description`, `base_url`, `language` and a `[timeline]` table",
        path.display()
    );
    Parsed {
        source: None,
        document: None,
        diagnostics: vec![
            Diagnostic::error("invalid-config", path, "site configuration not found")
                .with_help(help),
        ],
    }
}

/// Moves a file's text into `sources` and its diagnostics into `diagnostics`.
fn keep<T>(
    parsed: Parsed<T>,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    diagnostics.extend(parsed.diagnostics);
    if let Some(source) = parsed.source {
        sources.insert(source.path, source.text);
    }
    parsed.document
}

/// The `.md` files under `root/folder`, as paths relative to `root`, sorted by name. A
/// missing folder is an empty one. Hidden files and folders (editor droppings, `.git`) are
/// skipped; anything unreadable is reported.
fn markdown_files(
    root: &Path,
    folder: &Path,
    recursive: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let start = root.join(folder);
    if !start.is_dir() {
        return files;
    }
    let walker = walkdir::WalkDir::new(&start)
        .min_depth(1)
        .max_depth(if recursive { usize::MAX } else { 1 })
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| !entry.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_markdown = entry.path().extension().is_some_and(|e| e == "md");
                if is_markdown && !entry.file_type().is_dir() {
                    let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
                    files.push(relative.to_path_buf());
                }
            }
            Err(error) => {
                let path = error.path().unwrap_or(&start);
                let relative = path.strip_prefix(root).unwrap_or(path);
                let reason = error
                    .io_error()
                    .map_or_else(|| error.to_string(), |io| io.to_string());
                diagnostics.push(Diagnostic::error(
                    "io-error",
                    relative,
                    format!("cannot read folder: {reason}"),
                ));
            }
        }
    }
    files
}

fn duplicate_slug(first: &Path, second: &AnnotationDoc) -> Diagnostic {
    Diagnostic::error(
        "duplicate-slug",
        &second.file,
        format!("annotation slug `{}` is already used", second.slug),
    )
    .with_note(format!("first used by {}", first.display()))
    .with_help("rename one of the two files: slugs must be unique across all annotation folders")
}
