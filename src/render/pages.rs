//! The page list and each page's template context.
//!
//! All pages are first listed as [`Job`]s, then rendered as one parallel job list. Shared
//! values (site, entries, articles) are converted to Tera values once and cloned by
//! reference into each page's context.

use std::borrow::Cow;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use super::article_body::{Highlight, render_article_body};
use super::build_views::*;
use super::templates::Templates;
use super::views::NoteView;
use super::{OutputFile, overview};
use crate::diag::Diagnostic;
use crate::load::Kind;
use crate::model::{Phase, Site};

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Timeline(usize),
    Article(usize),
    Annotation(usize),
    ArticleIndex,
    AnnotationIndex,
    Sources,
    TermIndex(Section),
    Term(Section, usize),
    NotFound,
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

/// Every page of the site.
pub fn all_jobs(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    jobs.extend((0..site.timeline.pages.len()).map(Job::Timeline));
    jobs.extend((0..site.articles.len()).map(Job::Article));
    jobs.extend((0..site.annotations.len()).map(Job::Annotation));
    jobs.extend([
        Job::ArticleIndex,
        Job::AnnotationIndex,
        Job::Sources,
        Job::NotFound,
    ]);
    for section in Section::ALL {
        jobs.push(Job::TermIndex(section));
        jobs.extend((0..section.terms(site).len()).map(|i| Job::Term(section, i)));
    }
    jobs
}

/// The values every page shares, built once.
pub struct Shared {
    site: Value,
    entries: Vec<Value>,
    articles: Vec<Value>,
    /// Per article: body HTML with highlights and notes.
    bodies: Vec<String>,
    eras: Value,
    overview: Vec<String>,
}

/// Renders the whole site.
pub fn render_site(site: &Site, templates: &Templates) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let (shared, mut diagnostics) = prepare(site, templates);
    let results: Vec<Result<OutputFile, Diagnostic>> = all_jobs(site)
        .par_iter()
        .map(|&job| render_job(site, templates, &shared, job))
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (files, diagnostics)
}

/// Builds the shared values: entries, articles, article bodies (with their notes).
pub fn prepare(site: &Site, templates: &Templates) -> (Shared, Vec<Diagnostic>) {
    let entry_views = entry_views(site);
    let entries: Vec<Value> = entry_views
        .par_iter()
        .map(Value::from_serializable)
        .collect();
    let articles: Vec<Value> = site
        .articles
        .par_iter()
        .map(|a| Value::from_serializable(&article_view(site, a)))
        .collect();
    let errors = Mutex::new(Vec::new());
    let bodies: Vec<String> = site
        .articles
        .par_iter()
        .map(|article| {
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
            render_article_body(
                &article.doc.text[article.doc.body.clone()],
                article.doc.body.start,
                &highlights,
                &note,
            )
            .html
        })
        .collect();
    let shared = Shared {
        site: Value::from_serializable(&site_view(site)),
        entries,
        articles,
        bodies,
        eras: Value::from_serializable(&era_views(site)),
        overview: overview::timeline_overviews(site),
    };
    let mut diagnostics = errors.into_inner().unwrap_or_else(|p| p.into_inner());
    // One broken note template would otherwise report once per note.
    diagnostics.dedup_by(|a, b| a.message == b.message);
    (shared, diagnostics)
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
}

/// Renders one page.
pub fn render_job(
    site: &Site,
    templates: &Templates,
    shared: &Shared,
    job: Job,
) -> Result<OutputFile, Diagnostic> {
    let mut context = Context::new();
    context.insert_value("site", shared.site.clone());
    let (path, template, kind, title, description) = match job {
        Job::Timeline(page) => {
            timeline_context(site, shared, page, &mut context);
            let path = match &site.timeline.pages[page].slug {
                None => "index.html".to_string(),
                Some(slug) => format!("timeline/{slug}/index.html"),
            };
            let title = if page == 0 {
                site.config.title.clone()
            } else {
                format!("Timeline: {}", page_title(site, page))
            };
            (
                path,
                "timeline.html",
                "timeline",
                title,
                site.config.description.clone(),
            )
        }
        Job::Article(i) => {
            let article = &site.articles[i];
            context.insert_value("article", shared.articles[i].clone());
            context.insert_value("body_html", Value::safe_string(&shared.bodies[i]));
            let notes: Vec<Value> = article
                .highlights
                .iter()
                .map(|h| shared.entries[h.annotation].clone())
                .collect();
            context.insert("notes", &notes);
            context.insert("note_positions", &note_positions(article));
            let description = format!(
                "{} ({}), with {} annotated passages",
                article.doc.title,
                article.doc.outlet,
                article.highlights.len()
            );
            (
                format!("articles/{}/index.html", article.doc.slug),
                "article.html",
                "article",
                article.doc.title.clone(),
                description,
            )
        }
        Job::Annotation(i) => {
            let annotation = &site.annotations[i];
            context.insert_value("entry", shared.entries[i].clone());
            let description = summary(&annotation.doc.text[annotation.doc.body.clone()]);
            (
                format!("annotations/{}/index.html", annotation.doc.slug),
                "annotation.html",
                "annotation",
                annotation.doc.title.clone(),
                description,
            )
        }
        Job::ArticleIndex => {
            context.insert("articles", &shared.articles);
            (
                "articles/index.html".to_string(),
                "articles.html",
                "articles",
                "Sources".to_string(),
                format!(
                    "The {} articles annotated on this site",
                    site.articles.len()
                ),
            )
        }
        Job::AnnotationIndex => {
            let order = annotation_order(site);
            let entries: Vec<Value> = order.iter().map(|&i| shared.entries[i].clone()).collect();
            context.insert("term", &serde_json::json!({"name": "All annotations", "slug": "", "url": "annotations/index.html"}));
            context.insert("term_kind", "All annotations");
            context.insert("entries", &entries);
            context.insert("articles", &Vec::<Value>::new());
            (
                "annotations/index.html".to_string(),
                "term.html",
                "annotations",
                "All annotations".to_string(),
                format!(
                    "All {} annotations, dated ones in timeline order",
                    site.annotations.len()
                ),
            )
        }
        Job::Sources => {
            sources_context(site, shared, &mut context);
            (
                "sources/index.html".to_string(),
                "terms.html",
                "sources",
                "Who reported what".to_string(),
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
            (
                format!("{}/index.html", section.folder()),
                "terms.html",
                "terms",
                section.plural().to_string(),
                format!("{} on this site", section.plural()),
            )
        }
        Job::Term(section, i) => {
            let term = &section.terms(site)[i];
            context.insert("term", &term_view(section.folder(), term));
            context.insert("term_kind", section.singular());
            context.insert("section", section.folder());
            let entries: Vec<Value> = term
                .annotations
                .iter()
                .map(|&a| shared.entries[a].clone())
                .collect();
            let articles: Vec<Value> = term
                .articles
                .iter()
                .map(|&a| shared.articles[a].clone())
                .collect();
            context.insert("entries", &entries);
            context.insert("articles", &articles);
            (
                format!("{}/{}/index.html", section.folder(), term.slug),
                "term.html",
                "term",
                format!("{}: {}", section.singular(), term.name),
                format!("Timeline entries for {}", term.name),
            )
        }
        Job::NotFound => (
            "404.html".to_string(),
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
        },
    );
    let html = templates.render(template, &context, &path)?;
    Ok(OutputFile {
        path,
        bytes: Cow::Owned(html.into_bytes()),
    })
}

/// Dated annotations in timeline order, then undated ones by slug.
fn annotation_order(site: &Site) -> Vec<usize> {
    let mut order = site.timeline.order.clone();
    order.extend(
        (0..site.annotations.len()).filter(|&i| site.annotations[i].phase == Phase::Undated),
    );
    order
}

fn page_title(site: &Site, page: usize) -> String {
    let range = site.timeline.pages[page].entries.clone();
    let label = |position: usize| {
        let annotation = &site.annotations[site.timeline.order[position]];
        annotation
            .doc
            .date
            .as_ref()
            .map(|d| month_label(d.value.start.year_month()))
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

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_label((year, month): (i32, Option<u32>)) -> String {
    match month.and_then(|m| MONTHS.get(m as usize - 1)) {
        Some(name) => format!("{name} {year}"),
        None => year.to_string(),
    }
}

#[derive(Serialize)]
struct MonthGroup {
    id: String,
    label: String,
    entries: Vec<Value>,
}

#[derive(Serialize)]
struct PhaseSection {
    id: &'static str,
    title: &'static str,
    months: Vec<MonthGroup>,
}

#[derive(Serialize)]
struct PageLink {
    title: String,
    url: String,
    current: bool,
    count: usize,
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
    context.insert("sections", &sections);
    context.insert_value("eras", shared.eras.clone());
    context.insert_value("overview_svg", Value::safe_string(&shared.overview[page]));
    let pages: Vec<PageLink> = (0..site.timeline.pages.len())
        .map(|p| PageLink {
            title: page_title(site, p),
            url: match &site.timeline.pages[p].slug {
                None => "index.html".to_string(),
                Some(slug) => format!("timeline/{slug}/index.html"),
            },
            current: p == page,
            count: site.timeline.pages[p].entries.len(),
        })
        .collect();
    context.insert("pages", &pages);
    let kinds: Vec<serde_json::Value> = Kind::ALL
        .iter()
        .map(|k| {
            let count = site.timeline.order.iter().filter(|&&i| site.annotations[i].doc.kind == *k).count();
            serde_json::json!({ "name": k.as_str(), "label": kind_label(*k), "count": count, "opinion": k.is_opinion() })
        })
        .filter(|k| k["count"] != 0)
        .collect();
    context.insert("kinds", &kinds);
    for section in Section::ALL {
        let terms: Vec<_> = section
            .terms(site)
            .iter()
            .map(|t| term_view(section.folder(), t))
            .collect();
        context.insert(section.folder(), &terms);
    }
}

/// The sources view: which outlets reported which timeline entries.
fn sources_context(site: &Site, shared: &Shared, context: &mut Context) {
    let outlets: Vec<_> = site
        .outlets
        .iter()
        .map(|t| term_view("outlets", t))
        .collect();
    let rows: Vec<serde_json::Value> = site
        .timeline
        .order
        .iter()
        .map(|&index| {
            let annotation = &site.annotations[index];
            let mut cells = vec![0usize; site.outlets.len()];
            for anchored in &annotation.anchors {
                cells[site.articles[anchored.article].outlet] += 1;
            }
            serde_json::json!({ "entry": shared.entries[index].clone(), "cells": cells })
        })
        .collect();
    context.insert("terms", &outlets);
    context.insert("term_kind", "Outlets");
    context.insert("section", "sources");
    context.insert(
        "matrix",
        &serde_json::json!({ "outlets": outlets, "rows": rows }),
    );
}

/// Where each note's passage sits in the article, as a percentage of its text.
fn note_positions(article: &crate::model::Article) -> Vec<serde_json::Value> {
    let length = article.reader.text.len().max(1) as f64;
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

/// The first sentence or so of a commentary, as plain text for meta descriptions.
fn summary(markdown: &str) -> String {
    let text = crate::anchor::text::reader_text(markdown, 0).text;
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 200 {
        return flat;
    }
    let cut: String = flat.chars().take(197).collect();
    format!("{}…", cut.trim_end())
}
