//! What makes rebuilds in `serve` incremental at the render stage: a fingerprint of every
//! page's inputs, so a page whose inputs did not change is not rendered again.
//!
//! A page's fingerprint hashes exactly what its template receives: the views of the entries
//! and articles it shows (each hashed once per build), its list position and navigation,
//! and a salt for site-wide inputs (site settings, eras, templates). Editing one annotation
//! changes its entry's hash, so only the pages showing that entry are rendered: its own
//! page, the articles it quotes, and the timeline, term and list pages that hold it.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use super::pages::{Job, LIST_PAGE_SIZE, Section, month_at};
use crate::model::Site;

/// An entry's template value and the hash of its view.
type MadeEntry = (tera::Value, u64);

/// An article's view hash and template value.
type MadeArticle = (u64, tera::Value);

/// Fingerprints and article bodies from the previous build, kept by `serve`.
#[derive(Debug, Default)]
pub struct RenderCache {
    /// Output path → fingerprint of the inputs it was rendered from.
    pages: Mutex<HashMap<String, u64>>,
    /// Article slug → (fingerprint, body HTML with highlights and notes).
    bodies: Mutex<HashMap<String, (u64, Arc<str>)>>,
    /// Annotation slug → (hash of its commentary Markdown, the commentary as HTML).
    commentaries: Mutex<HashMap<String, (u64, String)>>,
    /// Article slug → (hash of its inputs, (hash of its view, its template value)).
    articles: Mutex<HashMap<String, (u64, MadeArticle)>>,
    /// Annotation slug → (hash of its inputs, its template value and view hash).
    entries: Mutex<HashMap<String, (u64, MadeEntry)>>,
    /// The timeline overviews, by the hash of their inputs.
    overviews: Mutex<Option<(u64, Vec<String>)>>,
    /// Bumped when templates change: every fingerprint changes with it.
    pub generation: u64,
}

impl RenderCache {
    /// True when the page at `path` was last rendered from inputs with this fingerprint.
    pub fn is_fresh(&self, path: &str, fingerprint: u64) -> bool {
        lock(&self.pages).get(path) == Some(&fingerprint)
    }

    pub fn remember_page(&self, path: String, fingerprint: u64) {
        lock(&self.pages).insert(path, fingerprint);
    }

    pub fn body(&self, slug: &str, fingerprint: u64) -> Option<Arc<str>> {
        let bodies = lock(&self.bodies);
        bodies
            .get(slug)
            .filter(|(f, _)| *f == fingerprint)
            .map(|(_, html)| Arc::clone(html))
    }

    pub fn remember_body(&self, slug: &str, fingerprint: u64, html: Arc<str>) {
        lock(&self.bodies).insert(slug.to_string(), (fingerprint, html));
    }

    /// The HTML of an annotation's commentary, rendered by `render` only when its Markdown
    /// changed since the last build.
    pub fn commentary(&self, slug: &str, markdown: &str, render: fn(&str) -> String) -> String {
        reuse_or_make(&self.commentaries, slug, hash_of(&markdown), || {
            render(markdown)
        })
    }

    /// An article's view hash and template value, made by `make` only when its inputs
    /// (hashing to `inputs`) changed since the last build.
    pub fn article(
        &self,
        slug: &str,
        inputs: u64,
        make: impl FnOnce() -> MadeArticle,
    ) -> MadeArticle {
        reuse_or_make(&self.articles, slug, inputs, make)
    }

    /// Per annotation, its template value and view hash when it was made before from
    /// inputs hashing to the same as `inputs` gives.
    pub fn entries(&self, site: &Site, inputs: &[u64]) -> Vec<Option<MadeEntry>> {
        let entries = lock(&self.entries);
        (site.annotations.iter().zip(inputs))
            .map(|(annotation, &inputs)| {
                let (known, made) = entries.get(&annotation.doc.slug)?;
                (*known == inputs).then(|| made.clone())
            })
            .collect()
    }

    pub fn remember_entry(&self, slug: &str, inputs: u64, made: MadeEntry) {
        lock(&self.entries).insert(slug.to_string(), (inputs, made));
    }

    /// The timeline overviews drawn from inputs hashing to `inputs`, drawn by `draw` only
    /// when they changed since the last build.
    pub fn overviews(&self, inputs: u64, draw: impl FnOnce() -> Vec<String>) -> Vec<String> {
        if let Some((known, overviews)) = &*lock(&self.overviews) {
            if *known == inputs {
                return overviews.clone();
            }
        }
        let overviews = draw();
        *lock(&self.overviews) = Some((inputs, overviews.clone()));
        overviews
    }

    /// Forgets everything (after a template or `site.toml` change).
    pub fn clear(&self) {
        *lock(&self.overviews) = None;
        lock(&self.entries).clear();
        lock(&self.articles).clear();
        lock(&self.pages).clear();
        lock(&self.bodies).clear();
        lock(&self.commentaries).clear();
    }
}

/// The value kept under `key` when it was made from inputs hashing to `hash`; otherwise
/// `make`'s, kept for next time.
fn reuse_or_make<V: Clone>(
    cache: &Mutex<HashMap<String, (u64, V)>>,
    key: &str,
    hash: u64,
    make: impl FnOnce() -> V,
) -> V {
    if let Some((known, value)) = lock(cache).get(key) {
        if *known == hash {
            return value.clone();
        }
    }
    let value = make();
    lock(cache).insert(key.to_string(), (hash, value.clone()));
    value
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// Hash of anything hashable.
pub fn hash_of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Hash of a view: every field its template can see (views derive `Hash` over exactly the
/// fields they serialise).
pub fn view_hash(view: &impl Hash) -> u64 {
    hash_of(view)
}

/// Hashes of the views each page is built from, computed once per build.
pub struct Inputs<'a> {
    pub site: &'a Site,
    pub entries: &'a [u64],
    pub articles: &'a [u64],
    pub bodies: &'a [u64],
    /// The timeline's filter lists (on every timeline page).
    pub timeline_filters: u64,
    /// Site-wide inputs: site view, eras, overview, template generation.
    pub salt: u64,
}

/// The fingerprint of one page's inputs.
pub fn job_fingerprint(inputs: &Inputs, job: Job) -> u64 {
    let site = inputs.site;
    let mut hasher = DefaultHasher::new();
    (inputs.salt, job).hash(&mut hasher);
    // An entry's view hash covers its slug and everything shown of it.
    let entries = |indexes: &mut dyn Iterator<Item = usize>, hasher: &mut DefaultHasher| {
        for i in indexes {
            hasher.write_u64(inputs.entries[i]);
        }
    };
    match job {
        Job::Timeline(page) | Job::Sources(page) => {
            // Navigation names every page by the months of its first and last entries and
            // gives its size; the overview covers all entries.
            if let Job::Timeline(_) = job {
                inputs.timeline_filters.hash(&mut hasher);
            }
            for p in &site.timeline.pages {
                let (first, last) = (p.entries.start, p.entries.end.saturating_sub(1));
                let months = (month_at(site, first), month_at(site, last));
                (&p.slug, p.entries.len(), months).hash(&mut hasher);
            }
            let range = site.timeline.pages[page].entries.clone();
            entries(&mut site.timeline.order[range].iter().copied(), &mut hasher);
            site.timeline.order.len().hash(&mut hasher);
        }
        Job::Article(i) => {
            inputs.articles[i].hash(&mut hasher);
            inputs.bodies[i].hash(&mut hasher);
            entries(
                &mut site.articles[i].highlights.iter().map(|h| h.annotation),
                &mut hasher,
            );
        }
        Job::Annotation(i) => entries(&mut std::iter::once(i), &mut hasher),
        Job::AnnotationIndex(page) => {
            site.annotations.len().hash(&mut hasher);
            entries(&mut page_of(&site.timeline.listed, page), &mut hasher);
        }
        Job::Term(section, i, page) => {
            let term = &section_terms(site, section)[i];
            (
                &term.name,
                &term.slug,
                term.annotations.len(),
                term.articles.len(),
            )
                .hash(&mut hasher);
            entries(&mut page_of(&term.annotations, page), &mut hasher);
            for &a in &term.articles {
                inputs.articles[a].hash(&mut hasher);
            }
        }
        Job::TermIndex(section) => {
            for term in section_terms(site, section) {
                (
                    &term.name,
                    &term.slug,
                    term.annotations.len(),
                    term.articles.len(),
                )
                    .hash(&mut hasher);
            }
        }
        Job::ArticleIndex(page) => {
            site.articles.len().hash(&mut hasher);
            for hash in page_of(inputs.articles, page) {
                hasher.write_u64(hash);
            }
        }
        Job::NotFound | Job::Search => {}
    }
    hasher.finish()
}

fn page_of<T: Copy>(items: &[T], page: usize) -> impl Iterator<Item = T> + '_ {
    items
        .iter()
        .copied()
        .skip(page * LIST_PAGE_SIZE)
        .take(LIST_PAGE_SIZE)
}

fn section_terms(site: &Site, section: Section) -> &[crate::model::Term] {
    match section {
        Section::Tags => &site.tags,
        Section::People => &site.people,
        Section::Outlets => &site.outlets,
    }
}
