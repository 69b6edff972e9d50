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

use serde::Serialize;

use super::pages::{Job, LIST_PAGE_SIZE, Section};
use crate::model::Site;

/// Fingerprints and article bodies from the previous build, kept by `serve`.
#[derive(Debug, Default)]
pub struct RenderCache {
    /// Output path → fingerprint of the inputs it was rendered from.
    pages: Mutex<HashMap<String, u64>>,
    /// Article slug → (fingerprint, body HTML with highlights and notes).
    bodies: Mutex<HashMap<String, (u64, Arc<str>)>>,
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

    /// Forgets everything (after a template or `site.toml` change).
    pub fn clear(&self) {
        lock(&self.pages).clear();
        lock(&self.bodies).clear();
    }
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

/// Hash of a view as its template would see it (its serialised form).
pub fn view_hash(view: &impl Serialize) -> u64 {
    hash_of(&serde_json::to_vec(view).unwrap_or_default())
}

/// Hashes of the views each page is built from, computed once per build.
pub struct Inputs<'a> {
    pub site: &'a Site,
    pub entries: &'a [u64],
    pub articles: &'a [u64],
    pub bodies: &'a [u64],
    /// Site-wide inputs: site view, eras, overview, template generation.
    pub salt: u64,
}

/// The fingerprint of one page's inputs.
pub fn job_fingerprint(inputs: &Inputs, job: Job) -> u64 {
    let site = inputs.site;
    let mut hasher = DefaultHasher::new();
    inputs.salt.hash(&mut hasher);
    format!("{job:?}").hash(&mut hasher);
    let entries = |indexes: &mut dyn Iterator<Item = usize>, hasher: &mut DefaultHasher| {
        for i in indexes {
            site.annotations[i].doc.slug.hash(hasher);
            inputs.entries[i].hash(hasher);
        }
    };
    match job {
        Job::Timeline(page) | Job::Sources(page) => {
            // Navigation lists every page with its size; the overview covers all entries.
            for p in &site.timeline.pages {
                (&p.slug, p.entries.len()).hash(&mut hasher);
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
            let order = super::pages::annotation_order(site);
            entries(&mut page_of(&order, page), &mut hasher);
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
            for i in page_of(&(0..site.articles.len()).collect::<Vec<_>>(), page) {
                inputs.articles[i].hash(&mut hasher);
            }
        }
        Job::NotFound | Job::Search => {}
    }
    hasher.finish()
}

fn page_of(items: &[usize], page: usize) -> impl Iterator<Item = usize> + '_ {
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
