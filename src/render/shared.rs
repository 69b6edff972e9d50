//! The values every page shares, built once per build before the pages render: the site,
//! the entries and articles as Tera values (converted once, then cloned by reference into
//! each page's context), the era and overview pieces, and in a session the article bodies
//! and the hashes that page fingerprints are made of.

use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::article_body::{Highlight, render_article_body};
use super::build_views::*;
use super::entry_values::{SharedPieces, article_value, entry_value};
use super::incremental::{self, RenderCache};
use super::markdown::{markdown_to_html, markdown_to_html_and_summary};
use super::page_nav::PageNav;
use super::templates::Templates;
use super::views::{EntryView, NoteView};
use super::{OutputFile, overview, publish};
use crate::diag::Diagnostic;
use crate::model::Site;

/// The values every page shares, built once.
pub struct Shared {
    pub(super) site: Value,
    pub(super) entries: Vec<Value>,
    /// See [`Entries::descriptions`].
    pub(super) annotation_descriptions: Vec<String>,
    pub(super) articles: Vec<Value>,
    /// Per article: body HTML with highlights and notes, in a session only (a plain build
    /// renders each body in its article's job).
    pub(super) bodies: Vec<Arc<str>>,
    pub(super) eras: Value,
    pub(super) overview: Vec<String>,
    /// The timeline's filter lists, by their names in the template
    /// (see [`super::views::TimelineFilters`]).
    pub(super) timeline_filters: [(&'static str, Value); 4],
    /// The navigation across the timeline's pages and across the sources pages.
    pub(super) timeline_nav: PageNav,
    pub(super) sources_nav: PageNav,
    /// Hashes of the views above, for incremental rebuilds (empty in a plain build).
    pub(super) entry_hashes: Vec<u64>,
    pub(super) article_hashes: Vec<u64>,
    pub(super) body_hashes: Vec<u64>,
    pub(super) filters_hash: u64,
    pub(super) salt: u64,
}

impl Shared {
    /// Frees the template values on every core: they are hundreds of thousands of small
    /// allocations, and freeing them on one thread would be a serial tail of the build.
    pub(super) fn drop_in_parallel(self) {
        let Shared {
            entries, articles, ..
        } = self;
        rayon::join(
            || entries.into_par_iter().for_each(drop),
            || articles.into_par_iter().for_each(drop),
        );
    }
}

/// The feeds, exports and publishing files of a session's site (see [`super::pages::render_site`]),
/// sorted by path. They cover the whole site, so they change with every edit; a session
/// makes them after the pages, so an edit is served without waiting for them.
pub fn publish_site(site: &Site, cache: &RenderCache) -> Vec<OutputFile> {
    let views = entry_views_with(site, &Common::made(site), &|slug, markdown| {
        cache.commentary(slug, markdown, markdown_to_html)
    });
    publish::publish_files(site, &views)
}

/// The entries as [`prepare`] takes them: every entry's template value and, in a session,
/// its view hash, by annotation index.
pub struct Entries {
    pub values: Vec<Value>,
    pub hashes: Vec<u64>,
    /// The annotation pages' descriptions, made in a plain build with the commentaries'
    /// HTML (see [`plain_commentaries`]); in a session empty, and each page makes its own.
    pub descriptions: Vec<String>,
    /// In a plain build, the pieces the values share, which the articles' values share too.
    pub pieces: Option<SharedPieces>,
}

/// The HTML and the page description of every commentary, by annotation index.
pub(super) struct Commentaries {
    pub(super) html: Vec<String>,
    pub(super) descriptions: Vec<String>,
}

/// A plain build's first step: every commentary ([`Commentaries`], both from one parse of
/// its Markdown), and `timeline.json`, which needs nothing more. Written at once, its text
/// (tens of megabytes at 50,000 entries) is gone before the entries' values take its place.
pub(super) fn plain_commentaries(site: &Site) -> (Commentaries, OutputFile) {
    let (html, descriptions): (Vec<String>, Vec<String>) = (site.annotations.par_iter())
        .map(|annotation| markdown_to_html_and_summary(annotation.doc.commentary()))
        .unzip();
    let timeline_json = publish::text_file(
        "timeline.json",
        publish::timeline_js::timeline_json_of(site, &|index| &html[index]),
    );
    let commentaries = Commentaries { html, descriptions };
    (commentaries, timeline_json)
}

/// A plain build's entries, from their commentaries' HTML ([`plain_commentaries`]),
/// sharing the pieces in `common` (all made). Each entry's view is made once, a slice of
/// entries at a time, used at once by the feed and turned into the entry's template value:
/// the views of all entries never exist together.
pub(super) fn plain_entries(
    site: &Site,
    common: &Common,
    commentaries: Commentaries,
    emit: &(dyn Fn(OutputFile) + Sync),
) -> Entries {
    let Commentaries {
        html: mut commentaries,
        descriptions,
    } = commentaries;
    let pieces = SharedPieces::new(common);
    let in_feed = publish::feed::feed_indexes(site);
    let mut feed_views: Vec<(usize, EntryView)> = Vec::with_capacity(in_feed.len());
    let mut values = vec![Value::none(); site.annotations.len()];
    for slice in site.timeline.listed.chunks(publish::ITEMS_AT_ONCE) {
        let html: Vec<String> = (slice.iter())
            .map(|&index| std::mem::take(&mut commentaries[index]))
            .collect();
        let views: Vec<EntryView> = (slice.par_iter().zip(html))
            .map(|(&index, html)| entry_view(site, index, common, html))
            .collect();
        let made: Vec<Value> = (views.par_iter())
            .map(|view| entry_value(view, &pieces))
            .collect();
        for (&index, value) in slice.iter().zip(made) {
            values[index] = value;
        }
        let (in_this_feed, done): (Vec<_>, Vec<_>) =
            (slice.iter().copied().zip(views)).partition(|(index, _)| in_feed.contains(index));
        feed_views.extend(in_this_feed);
        // Freed on every core: one by one on this thread, the others waited for it.
        done.into_par_iter().for_each(drop);
    }
    let shown: Vec<(usize, &EntryView)> = in_feed
        .iter()
        .filter_map(|index| feed_views.iter().find(|(i, _)| i == index))
        .map(|(index, view)| (*index, view))
        .collect();
    emit(publish::text_file(
        "feed.xml",
        publish::feed::atom_feed_of(site, &shown),
    ));
    Entries {
        values,
        hashes: Vec::new(),
        descriptions,
        pieces: Some(pieces),
    }
}

/// A session's entries: the template value and view hash of each, made again only for
/// annotations whose inputs ([`entry_input_hashes`]) changed since the last build.
pub(super) fn session_entries(site: &Site, cache: &RenderCache) -> Entries {
    let inputs = entry_input_hashes(site);
    let commentary =
        |slug: &str, markdown: &str| cache.commentary(slug, markdown, markdown_to_html);
    // One look-up under one lock; only the entries not found are made, in parallel.
    let known = cache.entries(site, &inputs);
    // Pieces are made only for the entries made again, and are not shared with the values
    // kept from earlier builds: an edit remakes a handful of entries.
    let common = Common::new(site);
    let pieces = SharedPieces::new(&common);
    let (values, hashes) = (known.into_par_iter().enumerate())
        .map(|(index, known)| {
            if let Some(known) = known {
                return known;
            }
            let doc = &site.annotations[index].doc;
            let html = commentary(&doc.slug, doc.commentary());
            let view = entry_view(site, index, &common, html);
            let slug = &doc.slug;
            let made = (entry_value(&view, &pieces), incremental::view_hash(&view));
            cache.remember_entry(slug, inputs[index], made.clone());
            made
        })
        .unzip();
    Entries {
        values,
        hashes,
        descriptions: Vec::new(),
        pieces: None,
    }
}

/// Builds the shared values: entries, articles, article bodies (with their notes).
pub fn prepare(
    site: &Site,
    templates: &Templates,
    entries: Entries,
    cache: Option<&RenderCache>,
) -> (Shared, Vec<Diagnostic>) {
    let Entries {
        values: entries,
        hashes: entry_hashes,
        descriptions: annotation_descriptions,
        pieces,
    } = entries;
    // Only a session compares pages with the last build (by the articles' view hashes), and
    // it makes again only the views and values of articles whose inputs changed.
    let (article_hashes, articles): (Vec<u64>, Vec<Value>) = match (cache, pieces) {
        (Some(cache), _) => (site.articles.par_iter())
            .map(|article| {
                let inputs = article_input_hash(site, article);
                cache.article(&article.doc.slug, inputs, || {
                    let view = article_view(site, article);
                    (
                        incremental::view_hash(&view),
                        Value::from_serializable(&view),
                    )
                })
            })
            .unzip(),
        (None, pieces) => {
            let views: Vec<_> = (site.articles.par_iter())
                .map(|article| article_view(site, article))
                .collect();
            let values = match pieces {
                Some(pieces) => (views.par_iter())
                    .map(|view| article_value(view, &pieces))
                    .collect(),
                None => into_values(views),
            };
            (Vec::new(), values)
        }
    };
    // A body depends on the article text, its highlights and the entries of its notes.
    let body_hashes: Vec<u64> = match cache {
        None => Vec::new(),
        Some(cache) => site
            .articles
            .par_iter()
            .map(|article| {
                let notes: Vec<(&str, u64, std::ops::Range<usize>)> = article
                    .highlights
                    .iter()
                    .map(|h| (h.key.as_str(), entry_hashes[h.annotation], h.range.clone()))
                    .collect();
                incremental::hash_of(&(article.doc.revision, notes, cache.generation))
            })
            .collect(),
    };
    // A plain build renders each body in its article's job, so bodies are not all held at
    // once; a session renders them here and keeps them for the next rebuild.
    let errors = Mutex::new(Vec::new());
    let bodies: Vec<Arc<str>> = match cache {
        None => Vec::new(),
        Some(cache) => site
            .articles
            .par_iter()
            .enumerate()
            .map(|(index, article)| {
                if let Some(body) = cache.body(&article.doc.slug, body_hashes[index]) {
                    return body;
                }
                let (html, mut body_errors) = article_body(site, templates, &entries, index);
                errors
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .append(&mut body_errors);
                cache.remember_body(&article.doc.slug, body_hashes[index], Arc::clone(&html));
                html
            })
            .collect(),
    };
    let site_view = site_view(site);
    let era_views = era_views(site);
    let overview = match cache {
        Some(cache) => cache.overviews(overview::input_hash(site), || {
            overview::timeline_overviews(site)
        }),
        None => overview::timeline_overviews(site),
    };
    let salt = match cache {
        Some(cache) => incremental::hash_of(&(
            incremental::view_hash(&site_view),
            incremental::view_hash(&era_views),
            &overview,
            cache.generation,
        )),
        None => 0,
    };
    let filters = timeline_filters(site);
    let filters_hash = match cache {
        Some(_) => incremental::view_hash(&filters),
        None => 0,
    };
    let shared = Shared {
        site: Value::from_serializable(&site_view),
        entries,
        annotation_descriptions,
        articles,
        bodies,
        eras: Value::from_serializable(&era_views),
        overview,
        timeline_nav: PageNav::new(site, super::pages::timeline_path),
        sources_nav: PageNav::new(site, super::pages::sources_path),
        timeline_filters: [
            ("kinds", Value::from_serializable(&filters.kinds)),
            ("tags", Value::from_serializable(&filters.tags)),
            ("people", Value::from_serializable(&filters.people)),
            ("outlets", Value::from_serializable(&filters.outlets)),
        ],
        entry_hashes,
        article_hashes,
        body_hashes,
        filters_hash,
        salt,
    };
    let mut diagnostics = errors.into_inner().unwrap_or_else(|p| p.into_inner());
    // One broken note template would otherwise report once per note.
    diagnostics.dedup_by(|a, b| a.message == b.message);
    (shared, diagnostics)
}

/// The body of article `index` with its highlights and margin notes, and the failures of
/// the note template (the body is still complete, with those notes left empty).
pub(super) fn article_body(
    site: &Site,
    templates: &Templates,
    entries: &[Value],
    index: usize,
) -> (Arc<str>, Vec<Diagnostic>) {
    let article = &site.articles[index];
    let highlights: Vec<Highlight> = article
        .highlights
        .iter()
        .map(|h| Highlight {
            range: h.range.clone(),
            key: h.key.clone(),
            annotation: site.annotations[h.annotation].doc.slug.clone(),
        })
        .collect();
    let page = format!("articles/{}/index.html", article.doc.slug);
    let errors = Mutex::new(Vec::new());
    let note = |i: usize| {
        let highlight = &article.highlights[i];
        let mut context = Context::new();
        context.insert("root", "../../");
        context.insert(
            "note",
            &NoteView {
                key: highlight.key.clone(),
                number: i + 1,
                note_id: format!("note-{}", highlight.key),
                ref_id: format!("ref-{}", highlight.key),
            },
        );
        context.insert_value("entry", entries[highlight.annotation].clone());
        match templates.render("note.html", &context, &page) {
            Ok(html) => html,
            Err(diagnostic) => {
                errors
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(diagnostic);
                String::new()
            }
        }
    };
    let body = render_article_body(
        &article.doc.text[article.doc.body.clone()],
        article.doc.body.start,
        &highlights,
        &note,
    );
    let html = Arc::from(body.html);
    (html, errors.into_inner().unwrap_or_else(|p| p.into_inner()))
}

/// Template values of `views`, each view dropped as soon as it is converted, so the views
/// and their values are not all in memory at once.
fn into_values<T: Serialize + Send>(views: Vec<T>) -> Vec<Value> {
    views
        .into_par_iter()
        .map(|view| Value::from_serializable(&view))
        .collect()
}

/// Everything an article's view is made from: its file (a new revision for every parse),
/// its outlet's name and slug, and how many passages it has.
fn article_input_hash(site: &Site, article: &crate::model::Article) -> u64 {
    let outlet = &site.outlets[article.outlet];
    let inputs = (article.doc.revision, &outlet.name, &outlet.slug);
    incremental::hash_of(&(inputs, article.highlights.len()))
}
