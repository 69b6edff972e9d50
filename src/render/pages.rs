//! The page list and each page's template context.
//!
//! All pages are first listed as [`Job`]s, then rendered as one parallel job list. The
//! values pages share ([`super::shared`]: site, entries, articles) are Tera values made once
//! and cloned by reference into each page's context.

use std::borrow::Cow;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::build_views::*;
use super::incremental::{self, RenderCache};
use super::shared::{
    Entries, Shared, article_body, plain_commentaries, plain_entries, prepare, session_entries,
};
use super::templates::Templates;
use super::{OutputFile, publish};
use crate::diag::Diagnostic;
use crate::model::{Phase, Site};

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Timeline(usize),
    Article(usize),
    Annotation(usize),
    /// A page (0-based) of the list of articles.
    ArticleIndex(usize),
    /// A page (0-based) of the list of all annotations.
    AnnotationIndex(usize),
    /// The sources matrix for one timeline page.
    Sources(usize),
    TermIndex(Section),
    /// A page (0-based) of one term's entries.
    Term(Section, usize, usize),
    NotFound,
    /// The search page (when `[build] search` is on).
    Search,
}

/// Entries per page of a list (a term's entries, all annotations): keeps pages small.
pub const LIST_PAGE_SIZE: usize = 200;

fn list_pages(items: usize) -> usize {
    items.div_ceil(LIST_PAGE_SIZE).max(1)
}

/// Root-relative path of a paginated list page: `folder/index.html`, `folder/page/2/index.html`.
fn list_path(folder: &str, page: usize) -> String {
    if page == 0 {
        format!("{folder}/index.html")
    } else {
        format!("{folder}/page/{}/index.html", page + 1)
    }
}

/// Root-relative path of a timeline page.
pub fn timeline_path(site: &Site, page: usize) -> String {
    match &site.timeline.pages[page].slug {
        None => "index.html".to_string(),
        Some(slug) => format!("timeline/{slug}/index.html"),
    }
}

pub(super) fn sources_path(site: &Site, page: usize) -> String {
    match &site.timeline.pages[page].slug {
        None => "sources/index.html".to_string(),
        Some(slug) => format!("sources/{slug}/index.html"),
    }
}

/// The output path of a page, relative to the output folder.
pub fn job_path(site: &Site, job: Job) -> String {
    match job {
        Job::Timeline(page) => timeline_path(site, page),
        Job::Article(i) => format!("articles/{}/index.html", site.articles[i].doc.slug),
        Job::Annotation(i) => format!("annotations/{}/index.html", site.annotations[i].doc.slug),
        Job::ArticleIndex(page) => list_path("articles", page),
        Job::AnnotationIndex(page) => list_path("annotations", page),
        Job::Sources(page) => sources_path(site, page),
        Job::TermIndex(section) => format!("{}/index.html", section.folder()),
        Job::Term(section, i, page) => list_path(
            &format!("{}/{}", section.folder(), section.terms(site)[i].slug),
            page,
        ),
        Job::NotFound => "404.html".to_string(),
        Job::Search => "search/index.html".to_string(),
    }
}

/// The three taxonomies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Tags,
    People,
    Outlets,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Tags, Section::People, Section::Outlets];

    pub fn folder(self) -> &'static str {
        match self {
            Section::Tags => "tags",
            Section::People => "people",
            Section::Outlets => "outlets",
        }
    }

    fn singular(self) -> &'static str {
        match self {
            Section::Tags => "Tag",
            Section::People => "Person",
            Section::Outlets => "Outlet",
        }
    }

    fn plural(self) -> &'static str {
        match self {
            Section::Tags => "Tags",
            Section::People => "People",
            Section::Outlets => "Outlets",
        }
    }

    fn terms(self, site: &Site) -> &[crate::model::Term] {
        match self {
            Section::Tags => &site.tags,
            Section::People => &site.people,
            Section::Outlets => &site.outlets,
        }
    }
}

/// Every page of the site, by kind.
pub fn all_jobs(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    jobs.extend((0..site.timeline.pages.len()).map(Job::Timeline));
    jobs.extend((0..site.articles.len()).map(Job::Article));
    jobs.extend((0..site.annotations.len()).map(Job::Annotation));
    jobs.push(Job::NotFound);
    if site.config.build.search {
        jobs.push(Job::Search);
    }
    jobs.extend((0..list_pages(site.articles.len())).map(Job::ArticleIndex));
    jobs.extend((0..list_pages(site.annotations.len())).map(Job::AnnotationIndex));
    jobs.extend((0..site.timeline.pages.len()).map(Job::Sources));
    for section in Section::ALL {
        jobs.push(Job::TermIndex(section));
        for (i, term) in section.terms(site).iter().enumerate() {
            jobs.extend(
                (0..list_pages(term.annotations.len())).map(|page| Job::Term(section, i, page)),
            );
        }
    }
    jobs
}

/// `jobs` in the order they are rendered (see [`locality_key`]).
fn in_render_order(site: &Site, mut jobs: Vec<Job>) -> Vec<Job> {
    let rank = site.timeline.rank();
    jobs.sort_by_cached_key(|&job| locality_key(site, &rank, job));
    jobs
}

/// Where a page goes in the render order: pages that show the same entries render one
/// after another, while those entries' template values are still in the processor's cache.
/// Rendering is mostly reading those values (an entry is shown on its timeline page, its
/// own page, a sources page, the list of all annotations and a page per tag, person and
/// outlet), and at 10,000 articles they are 280 MB, far more than the cache: listed by kind
/// and annotation, the pages that read an entry were far apart in the order. So each page
/// is placed at the timeline position of the entries it shows: a timeline or sources page
/// before its entries, an annotation page at its entry, a list page after its last entry.
/// Article pages come last: each shows its own text and a few notes from anywhere in the
/// timeline, and rendered in between they pushed the entries out of the cache (placed at
/// their notes' median, the build was slower). Each core takes a contiguous run of this
/// order. Alternating builds at 10,000 articles: 3-8% less CPU and wall time; at 1,000,
/// where the values nearly fit the cache, no difference.
fn locality_key(site: &Site, rank: &[usize], job: Job) -> (usize, u8) {
    // Timeline position of the last entry of a list page of `annotations`.
    let last_shown = |annotations: &[usize], page: usize| {
        let last = ((page + 1) * LIST_PAGE_SIZE).min(annotations.len());
        (last.checked_sub(1)).map_or(usize::MAX, |last| rank[annotations[last]])
    };
    match job {
        Job::Timeline(page) => (site.timeline.pages[page].entries.start, 0),
        Job::Sources(page) => (site.timeline.pages[page].entries.start, 1),
        Job::Annotation(i) => (rank[i], 2),
        Job::AnnotationIndex(page) => (last_shown(&site.timeline.listed, page), 3),
        Job::Term(section, i, page) => (last_shown(&section.terms(site)[i].annotations, page), 3),
        Job::Article(_)
        | Job::ArticleIndex(_)
        | Job::TermIndex(_)
        | Job::NotFound
        | Job::Search => (usize::MAX, 4),
    }
}

/// Renders the whole site, handing each page to `sink` as soon as it is rendered. With a
/// cache (in `serve`), pages whose inputs did not change since the last build are skipped.
pub fn render_site(
    site: &Site,
    templates: &Templates,
    sink: crate::build::Sink,
    cache: Option<&RenderCache>,
) -> Rendered {
    let diagnostics = Mutex::new(Vec::new());
    let emit = |file: OutputFile| emit_into(sink, &diagnostics, file);
    // A plain build makes the publishing files first, then `timeline.json` from the
    // commentaries, then `feed.xml` as it makes the entries' values. A session leaves them
    // to `publish_site`, after its pages are served, and makes only the entries whose
    // inputs changed.
    let entries = match cache {
        None => {
            publish::publish_without_entries(site, &emit);
            let (commentaries, timeline_json) = plain_commentaries(site);
            emit(timeline_json);
            plain_entries(site, &Common::made(site), commentaries, &emit)
        }
        Some(cache) => session_entries(site, cache),
    };
    render_pages(
        site,
        templates,
        sink,
        cache,
        entries,
        diagnostics,
        Ending::Free,
    )
}

/// A plain build after which nothing reads the model (`newsline build` without a search
/// index): the articles' reader texts are freed once the exports that need them are
/// written, and the annotations' texts once their commentaries are rendered, both before
/// the entries' values are made, so they are never in memory together. The pages are the
/// same as [`render_site`]'s. With `leave_to_exit`, the template values are not freed at
/// the end (see [`crate::build::BuildOptions::leave_memory_to_exit`]).
pub fn render_site_releasing(
    site: &mut Site,
    templates: &Templates,
    sink: crate::build::Sink,
    leave_to_exit: bool,
) -> Rendered {
    let diagnostics = Mutex::new(Vec::new());
    let emit = |file: OutputFile| emit_into(sink, &diagnostics, file);
    publish::publish_without_entries(site, &emit);
    let passages = site.release_reader_texts();
    let (commentaries, timeline_json) = plain_commentaries(site);
    // Written on one core while the other frees the annotations' texts.
    rayon::join(|| emit(timeline_json), || site.release_annotation_texts());
    let site: &Site = site;
    let common = Common::made(site).with_passages(&passages);
    let entries = plain_entries(site, &common, commentaries, &emit);
    drop(common);
    passages.into_par_iter().for_each(drop);
    let ending = match leave_to_exit {
        true => Ending::LeaveToExit,
        false => Ending::Free,
    };
    render_pages(site, templates, sink, None, entries, diagnostics, ending)
}

/// What becomes of the template values once the pages are rendered.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    Free,
    /// The process ends soon: the system takes the memory back at once.
    LeaveToExit,
}

fn emit_into(sink: crate::build::Sink, diagnostics: &Mutex<Vec<Diagnostic>>, file: OutputFile) {
    let path = file.path.clone();
    if let Err(message) = sink(file) {
        diagnostics
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Diagnostic::error("write-failed", path, message));
    }
}

/// Renders every page (in a session, every page whose inputs changed) from `entries`.
fn render_pages(
    site: &Site,
    templates: &Templates,
    sink: crate::build::Sink,
    cache: Option<&RenderCache>,
    entries: Entries,
    diagnostics: Mutex<Vec<Diagnostic>>,
    ending: Ending,
) -> Rendered {
    let report = |diagnostic: Diagnostic| {
        diagnostics
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(diagnostic);
    };
    let (shared, prepare_diagnostics) = prepare(site, templates, entries, cache);
    diagnostics
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .extend(prepare_diagnostics);
    let inputs = incremental::Inputs {
        site,
        entries: &shared.entry_hashes,
        articles: &shared.article_hashes,
        bodies: &shared.body_hashes,
        timeline_filters: shared.filters_hash,
        salt: shared.salt,
    };
    let jobs = in_render_order(site, all_jobs(site));
    // Each path is made once: a session compares every page with the last build, and the
    // caller keeps the list as the site's paths.
    let paths: Vec<String> = jobs.par_iter().map(|&job| job_path(site, job)).collect();
    jobs.par_iter().zip(&paths).for_each(|(&job, path)| {
        let fingerprint = cache.map(|cache| {
            let fingerprint = incremental::job_fingerprint(&inputs, job);
            (cache, fingerprint)
        });
        if let Some((cache, fingerprint)) = fingerprint {
            if cache.is_fresh(path, fingerprint) {
                return;
            }
        }
        match render_job(site, templates, &shared, job, path.clone()) {
            Ok(file) => {
                let path = file.path.clone();
                match sink(file) {
                    Ok(()) => {
                        if let Some((cache, fingerprint)) = fingerprint {
                            cache.remember_page(path, fingerprint);
                        }
                    }
                    Err(message) => report(Diagnostic::error("write-failed", path, message)),
                }
            }
            Err(diagnostic) => report(diagnostic),
        }
    });
    match ending {
        Ending::Free => shared.drop_in_parallel(),
        Ending::LeaveToExit => std::mem::forget(shared),
    }
    Rendered {
        diagnostics: merge_repeated(diagnostics.into_inner().unwrap_or_else(|p| p.into_inner())),
        paths,
    }
}

/// One broken template fails on every page that uses it: report it once, with a count.
fn merge_repeated(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // Pages render in parallel: sort first, so the page named is the same on every run.
    crate::diag::sort(&mut diagnostics);
    let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
    for diagnostic in diagnostics {
        let same = merged.iter_mut().find(|(d, _)| {
            d.code == diagnostic.code && d.file == diagnostic.file && d.span == diagnostic.span
        });
        match same {
            Some((_, count)) if diagnostic.code == "template-render" => *count += 1,
            _ => merged.push((diagnostic, 0)),
        }
    }
    merged
        .into_iter()
        .map(|(diagnostic, more)| match more {
            0 => diagnostic,
            1 => diagnostic.with_note("1 more page fails with the same error"),
            n => diagnostic.with_note(format!("{n} more pages fail with the same error")),
        })
        .collect()
}

/// What rendering the pages gives besides the pages themselves.
pub struct Rendered {
    pub diagnostics: Vec<Diagnostic>,
    /// The output path of every page of the site, rendered this time or not.
    pub paths: Vec<String>,
}

#[derive(Serialize)]
struct PageMeta {
    title: String,
    description: String,
    /// Absolute canonical URL.
    canonical: String,
    /// Path of this page relative to the root.
    path: String,
    /// Which template family: `timeline`, `article`, …
    kind: &'static str,
    /// The entry of the site's navigation the page belongs to (see [`nav_section`]).
    section: &'static str,
}

/// The entry of the site's navigation a page belongs to: `timeline`, `articles`,
/// `annotations`, `tags`, `people`, `outlets` or `sources`, and none for the search and 404
/// pages. `base.html` marks that entry; it was worked out from each page's path there, with
/// a test per entry on every page.
fn nav_section(job: Job) -> &'static str {
    match job {
        Job::Timeline(_) => "timeline",
        Job::Article(_) | Job::ArticleIndex(_) => "articles",
        Job::Annotation(_) | Job::AnnotationIndex(_) => "annotations",
        Job::TermIndex(section) | Job::Term(section, ..) => section.folder(),
        Job::Sources(_) => "sources",
        Job::Search | Job::NotFound => "",
    }
}

/// Renders one page.
pub fn render_job(
    site: &Site,
    templates: &Templates,
    shared: &Shared,
    job: Job,
    path: String,
) -> Result<OutputFile, Diagnostic> {
    let mut context = Context::new();
    context.insert_value("site", shared.site.clone());
    let (template, kind, title, description) = match job {
        Job::Timeline(page) => {
            timeline_context(site, shared, page, &mut context);
            let title = if page == 0 {
                site.config.title.clone()
            } else {
                format!("Timeline: {}", page_title(site, page))
            };
            (
                "timeline.html",
                "timeline",
                title,
                site.config.description.clone(),
            )
        }
        Job::Article(i) => {
            let article = &site.articles[i];
            context.insert_value("article", shared.articles[i].clone());
            let body = match shared.bodies.get(i) {
                Some(body) => Arc::clone(body),
                None => {
                    let (body, errors) = article_body(site, templates, &shared.entries, i);
                    if let Some(first) = errors.into_iter().next() {
                        return Err(first);
                    }
                    body
                }
            };
            context.insert_value("body_html", Value::safe_string(&body));
            let notes: Vec<Value> = article
                .highlights
                .iter()
                .map(|h| shared.entries[h.annotation].clone())
                .collect();
            context.insert_value("notes", Value::from(notes));
            context.insert("note_positions", &note_positions(article));
            let description = format!(
                "{} ({}), with {} annotated passages",
                article.doc.title,
                article.doc.outlet,
                article.highlights.len()
            );
            (
                "article.html",
                "article",
                article.doc.title.clone(),
                description,
            )
        }
        Job::Annotation(i) => {
            let annotation = &site.annotations[i];
            context.insert_value("entry", shared.entries[i].clone());
            let description = match shared.annotation_descriptions.get(i) {
                Some(description) => description.clone(),
                None => summary(annotation.doc.commentary()),
            };
            (
                "annotation.html",
                "annotation",
                annotation.doc.title.clone(),
                description,
            )
        }
        Job::ArticleIndex(page) => {
            let (start, end) = list_context(site.articles.len(), page, "articles", &mut context);
            context.insert_value("articles", Value::from(&shared.articles[start..end]));
            let description = format!(
                "The {} articles annotated on this site",
                site.articles.len()
            );
            (
                "articles.html",
                "articles",
                "Sources".to_string(),
                description,
            )
        }
        Job::AnnotationIndex(page) => {
            let listed = &site.timeline.listed;
            let (start, end) = list_context(listed.len(), page, "annotations", &mut context);
            insert_entries(&listed[start..end], shared, &mut context);
            context.insert(
                "term",
                &serde_json::json!({"name": "All annotations", "slug": "", "url": "annotations/index.html"}),
            );
            context.insert("term_kind", "All annotations");
            context.insert_value("articles", Value::from(Vec::<Value>::new()));
            let description = format!(
                "All {} annotations, dated ones in timeline order",
                site.annotations.len()
            );
            (
                "term.html",
                "annotations",
                "All annotations".to_string(),
                description,
            )
        }
        Job::Sources(page) => {
            sources_context(site, shared, page, &mut context);
            let title = if site.timeline.pages.len() > 1 {
                format!("Who reported what: {}", page_title(site, page))
            } else {
                "Who reported what".to_string()
            };
            (
                "terms.html",
                "sources",
                title,
                "Which outlets reported which events".to_string(),
            )
        }
        Job::TermIndex(section) => {
            let terms: Vec<_> = section
                .terms(site)
                .iter()
                .map(|t| term_view(section.folder(), t))
                .collect();
            context.insert("terms", &terms);
            context.insert("term_kind", section.plural());
            context.insert("section", section.folder());
            let description = format!("{} on this site", section.plural());
            (
                "terms.html",
                "terms",
                section.plural().to_string(),
                description,
            )
        }
        Job::Term(section, i, page) => {
            let term = &section.terms(site)[i];
            context.insert("term", &term_view(section.folder(), term));
            context.insert("term_kind", section.singular());
            context.insert("section", section.folder());
            let folder = format!("{}/{}", section.folder(), term.slug);
            let (start, end) = list_context(term.annotations.len(), page, &folder, &mut context);
            insert_entries(&term.annotations[start..end], shared, &mut context);
            // Articles are few per term (an outlet's articles): shown on the first page only.
            let articles: Vec<Value> = if page == 0 {
                term.articles
                    .iter()
                    .map(|&a| shared.articles[a].clone())
                    .collect()
            } else {
                Vec::new()
            };
            context.insert_value("articles", Value::from(articles));
            let title = format!("{}: {}", section.singular(), term.name);
            (
                "term.html",
                "term",
                title,
                format!("Timeline entries for {}", term.name),
            )
        }
        Job::Search => (
            "search.html",
            "search",
            "Search".to_string(),
            format!(
                "Search the articles and annotations of {}",
                site.config.title
            ),
        ),
        Job::NotFound => (
            "404.html",
            "404",
            "Page not found".to_string(),
            "This page does not exist".to_string(),
        ),
    };
    let root = if job == Job::NotFound {
        site.base.path.clone()
    } else {
        "../".repeat(path.matches('/').count())
    };
    context.insert("root", &root);
    context.insert("json_ld", &publish::json_ld(site, job));
    let canonical = format!(
        "{}{}",
        site.base.absolute,
        path.strip_suffix("index.html").unwrap_or(&path)
    );
    context.insert(
        "page",
        &PageMeta {
            title,
            description,
            canonical,
            path: path.clone(),
            kind,
            section: nav_section(job),
        },
    );
    let html = templates.render_page(template, &context, &path, page_capacity(job))?;
    Ok(OutputFile {
        path,
        bytes: Cow::Owned(html),
    })
}

/// What a page's buffer starts with: about what pages of its kind take, so that few grow
/// (each growth copies the page). An annotation page is about 6 KB, an article's 40 KB;
/// lists are tens to hundreds of kilobytes. A plain build frees each buffer once written;
/// a session fits the pages it keeps (see [`crate::build::Session::compile`]).
fn page_capacity(job: Job) -> usize {
    match job {
        Job::Annotation(_) | Job::NotFound | Job::Search | Job::TermIndex(_) => 8 * 1024,
        Job::Article(_) => 64 * 1024,
        Job::Timeline(_)
        | Job::Sources(_)
        | Job::Term(..)
        | Job::ArticleIndex(_)
        | Job::AnnotationIndex(_) => 256 * 1024,
    }
}

#[derive(Serialize)]
struct Pagination {
    /// 1-based.
    current: usize,
    total: usize,
    /// Total number of items over all pages.
    items: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PageNumber>,
}

#[derive(Serialize)]
struct PageNumber {
    number: usize,
    url: String,
    current: bool,
    /// Pages are left out between this one and the one shown before it.
    gap_before: bool,
}

/// Pages on each side of the current one that its page links show (besides the first and
/// the last). Linking every page from every page was quadratic: 250 pages of all
/// annotations at 50,000 annotations made 62,500 links, and a list no reader scans.
const PAGE_LINKS_AROUND: usize = 2;

/// The 0-based pages a list page of `total` links to, in order: the first, those around
/// `page`, and the last.
fn linked_pages(page: usize, total: usize) -> Vec<usize> {
    let around = page.saturating_sub(PAGE_LINKS_AROUND)..(page + PAGE_LINKS_AROUND + 1).min(total);
    let mut pages: Vec<usize> = (std::iter::once(0).chain(around))
        .chain(total.checked_sub(1))
        .collect();
    // In order already, so repeats are neighbours.
    pages.dedup();
    pages
}

/// Puts the entries of these annotations in the context, shared, not copied.
fn insert_entries(annotations: &[usize], shared: &Shared, context: &mut Context) {
    let entries: Vec<Value> = annotations
        .iter()
        .map(|&a| shared.entries[a].clone())
        .collect();
    context.insert_value("entries", Value::from(entries));
}

/// Puts the pagination of one page of a list of `items` in the context; returns the page's
/// item range.
fn list_context(items: usize, page: usize, folder: &str, context: &mut Context) -> (usize, usize) {
    let start = (page * LIST_PAGE_SIZE).min(items);
    let end = (start + LIST_PAGE_SIZE).min(items);
    context.insert("pagination", &pagination(items, page, folder));
    (start, end)
}

/// The pagination of page `page` (0-based) of a list of `items` under `folder`.
fn pagination(items: usize, page: usize, folder: &str) -> Pagination {
    let total = list_pages(items);
    let url = |p: usize| list_path(folder, p);
    let linked = linked_pages(page, total);
    let pages = (linked.iter().enumerate())
        .map(|(shown, &p)| PageNumber {
            number: p + 1,
            url: url(p),
            current: p == page,
            gap_before: shown > 0 && linked[shown - 1] + 1 < p,
        })
        .collect();
    Pagination {
        current: page + 1,
        total,
        items,
        prev_url: page.checked_sub(1).map(url),
        next_url: (page + 1 < total).then(|| url(page + 1)),
        pages,
    }
}

pub(super) fn page_title(site: &Site, page: usize) -> String {
    let range = site.timeline.pages[page].entries.clone();
    if range.is_empty() {
        return "No entries yet".to_string();
    }
    let label = |position: usize| {
        month_at(site, position)
            .map(month_label)
            .unwrap_or_default()
    };
    let (first, last) = (
        label(range.start),
        label(range.end.saturating_sub(1).max(range.start)),
    );
    if first == last {
        first
    } else {
        format!("{first} – {last}")
    }
}

/// Year and month of the entry at `position` in the timeline's order; `None` past its end.
pub(super) fn month_at(site: &Site, position: usize) -> Option<(i32, Option<u32>)> {
    let index = *site.timeline.order.get(position)?;
    let date = site.annotations[index].doc.date.as_ref()?;
    Some(date.value.start.year_month())
}

pub(super) fn month_label((year, month): (i32, Option<u32>)) -> String {
    match month.and_then(|m| crate::date::MONTH_NAMES.get((m as usize).wrapping_sub(1))) {
        Some(name) => format!("{name} {year}"),
        None => year.to_string(),
    }
}

struct MonthGroup {
    id: String,
    label: String,
    entries: Vec<Value>,
}

struct PhaseSection {
    id: &'static str,
    title: &'static str,
    months: Vec<MonthGroup>,
}

/// A template map from keys and values, sharing (not copying) the values.
fn object<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    Value::from(std::collections::BTreeMap::from(pairs))
}

impl PhaseSection {
    fn into_value(self) -> Value {
        let months: Vec<Value> = self
            .months
            .into_iter()
            .map(|m| {
                object([
                    ("id", Value::from(m.id)),
                    ("label", Value::from(m.label)),
                    ("entries", Value::from(m.entries)),
                ])
            })
            .collect();
        object([
            ("id", Value::from(self.id)),
            ("title", Value::from(self.title)),
            ("months", Value::from(months)),
        ])
    }
}

fn timeline_context(site: &Site, shared: &Shared, page: usize, context: &mut Context) {
    let range = site.timeline.pages[page].entries.clone();
    let mut sections: Vec<PhaseSection> = Vec::new();
    for &index in &site.timeline.order[range] {
        let annotation = &site.annotations[index];
        let (id, title) = match annotation.phase {
            Phase::Prologue => ("prologue", "Background"),
            Phase::Epilogue => ("epilogue", "Aftermath"),
            _ => ("main", "Timeline"),
        };
        if sections.last().is_none_or(|s| s.id != id) {
            sections.push(PhaseSection {
                id,
                title,
                months: Vec::new(),
            });
        }
        let section = sections.last_mut().expect("pushed above");
        let month = annotation
            .doc
            .date
            .as_ref()
            .map(|d| d.value.start.year_month())
            .unwrap_or((0, None));
        let month_id = match month {
            (y, Some(m)) => format!("{id}-{y:04}-{m:02}"),
            (y, None) => format!("{id}-{y:04}"),
        };
        if section.months.last().is_none_or(|m| m.id != month_id) {
            section.months.push(MonthGroup {
                id: month_id,
                label: month_label(month),
                entries: Vec::new(),
            });
        }
        section
            .months
            .last_mut()
            .expect("pushed above")
            .entries
            .push(shared.entries[index].clone());
    }
    context.insert_value(
        "sections",
        Value::from(
            sections
                .into_iter()
                .map(PhaseSection::into_value)
                .collect::<Vec<_>>(),
        ),
    );
    context.insert_value("eras", shared.eras.clone());
    context.insert_value("overview_svg", Value::safe_string(&shared.overview[page]));
    context.insert_value("page_nav", shared.timeline_nav.for_page(page));
    for (name, value) in &shared.timeline_filters {
        context.insert_value(*name, value.clone());
    }
}

/// The sources view for one timeline page: which outlets reported which of its entries.
/// Columns are only the outlets that appear on the page, so the matrix stays small.
fn sources_context(site: &Site, shared: &Shared, page: usize, context: &mut Context) {
    let order = &site.timeline.order[site.timeline.pages[page].entries.clone()];
    let mut columns: Vec<usize> = order
        .iter()
        .flat_map(|&i| {
            site.annotations[i]
                .anchors
                .iter()
                .map(|a| site.articles[a.article].outlet)
        })
        .collect();
    columns.sort_unstable();
    columns.dedup();
    let outlets: Vec<_> = columns
        .iter()
        .map(|&o| term_view("outlets", &site.outlets[o]))
        .collect();
    let rows: Vec<Value> = order
        .iter()
        .map(|&index| {
            let mut cells = vec![0usize; columns.len()];
            for anchored in &site.annotations[index].anchors {
                let outlet = site.articles[anchored.article].outlet;
                if let Ok(column) = columns.binary_search(&outlet) {
                    cells[column] += 1;
                }
            }
            let outlets = cells.iter().filter(|&&count| count > 0).count();
            object([
                ("entry", shared.entries[index].clone()),
                ("cells", Value::from(cells)),
                ("outlets", Value::from(outlets)),
            ])
        })
        .collect();
    context.insert("terms", &outlets);
    context.insert("term_kind", "Outlets");
    context.insert("section", "sources");
    context.insert_value(
        "matrix",
        object([
            ("outlets", Value::from_serializable(&outlets)),
            ("rows", Value::from(rows)),
        ]),
    );
    context.insert_value("page_nav", shared.sources_nav.for_page(page));
}

/// Where each note's passage sits in the article, as a percentage of its text.
fn note_positions(article: &crate::model::Article) -> Vec<serde_json::Value> {
    let length = article.reader_len.max(1) as f64;
    article
        .highlights
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let percent = (h.range.start as f64 / length * 1000.0).round() / 10.0;
            serde_json::json!({ "key": h.key, "number": i + 1, "percent": percent })
        })
        .collect()
}

/// A commentary as plain text for meta descriptions, for a page whose description was not
/// made with its HTML (see [`super::shared::plain_commentaries`]).
fn summary(markdown: &str) -> String {
    super::markdown::summary_of_text(&crate::anchor::text::reader_text(markdown, 0).text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{AnnotationDoc, Kind};
    use crate::render::test_sites::{entry, site};

    #[test]
    fn pages_showing_the_same_entries_render_one_after_another() {
        // Written latest first, so annotation order is not timeline order. Two timeline
        // pages of three entries; the tag `early` is on the first two, `both` on the second
        // and the sixth; one margin note has no date.
        let dated = ["06", "05", "04", "03", "02", "01"];
        let mut annotations: Vec<_> = (dated.iter())
            .map(|day| {
                entry(
                    &format!("e{day}"),
                    "E",
                    Some(&format!("2017-03-{day}")),
                    Kind::Event,
                )
            })
            .collect();
        annotations.push(entry("note", "Note", None, Kind::Context));
        let tag = |slug: &str, tags: &[&str], annotations: &mut [AnnotationDoc]| {
            let doc = annotations.iter_mut().find(|a| a.slug == slug).unwrap();
            doc.tags = tags.iter().map(|t| t.to_string()).collect();
        };
        tag("e01", &["early"], &mut annotations);
        tag("e02", &["early", "both"], &mut annotations);
        tag("e06", &["both"], &mut annotations);
        let site = site(annotations, Vec::new(), 3);
        assert_eq!(site.timeline.pages.len(), 2);
        let annotation = |slug: &str| {
            Job::Annotation(
                site.annotations
                    .iter()
                    .position(|a| a.doc.slug == slug)
                    .unwrap(),
            )
        };
        let term = |name: &str| {
            Job::Term(
                Section::Tags,
                site.tags.iter().position(|t| t.name == name).unwrap(),
                0,
            )
        };
        let expected = [
            Job::Timeline(0),
            Job::Sources(0),
            annotation("e01"),
            annotation("e02"),
            term("early"),
            annotation("e03"),
            Job::Timeline(1),
            Job::Sources(1),
            annotation("e04"),
            annotation("e05"),
            annotation("e06"),
            term("both"),
            annotation("note"),
            Job::AnnotationIndex(0),
        ];
        let jobs = in_render_order(&site, all_jobs(&site));
        assert_eq!(jobs[..expected.len()], expected);
        // The pages that show no particular entries come last.
        assert!(jobs[expected.len()..].contains(&Job::NotFound));
        assert!(jobs[expected.len()..].contains(&Job::TermIndex(Section::Tags)));
    }

    #[test]
    fn a_list_page_links_to_the_first_the_last_and_its_neighbours() {
        assert_eq!(linked_pages(0, 1), [0]);
        assert_eq!(linked_pages(1, 3), [0, 1, 2]);
        assert_eq!(linked_pages(0, 250), [0, 1, 2, 249]);
        assert_eq!(linked_pages(124, 250), [0, 122, 123, 124, 125, 126, 249]);
        assert_eq!(linked_pages(249, 250), [0, 247, 248, 249]);
        assert_eq!(linked_pages(3, 8), [0, 1, 2, 3, 4, 5, 7]);
    }

    #[test]
    fn pagination_marks_where_pages_are_left_out() {
        let pagination = pagination(50_000, 124, "annotations");
        let shown: Vec<(usize, bool, bool, &str)> = (pagination.pages.iter())
            .map(|p| (p.number, p.gap_before, p.current, p.url.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (1, false, false, "annotations/index.html"),
                (123, true, false, "annotations/page/123/index.html"),
                (124, false, false, "annotations/page/124/index.html"),
                (125, false, true, "annotations/page/125/index.html"),
                (126, false, false, "annotations/page/126/index.html"),
                (127, false, false, "annotations/page/127/index.html"),
                (250, true, false, "annotations/page/250/index.html"),
            ]
        );
        assert_eq!((pagination.current, pagination.total), (125, 250));
    }
}
