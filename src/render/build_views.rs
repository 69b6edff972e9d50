//! Builds the view structs from the model, once per item, in parallel.

use rayon::prelude::*;

use super::markdown::markdown_to_html;
use super::views::*;
use crate::model::{Article, Phase, Site, Term};

/// Root-relative URL of a page folder's `index.html`.
pub fn page_url(folder: &str) -> String {
    if folder.is_empty() {
        "index.html".to_string()
    } else {
        format!("{folder}/index.html")
    }
}

pub fn term_ref(section: &str, term: &Term) -> TermRef {
    TermRef {
        name: term.name.clone(),
        slug: term.slug.clone(),
        url: page_url(&format!("{section}/{}", term.slug)),
    }
}

pub fn term_view(section: &str, term: &Term) -> TermView {
    TermView {
        name: term.name.clone(),
        slug: term.slug.clone(),
        url: page_url(&format!("{section}/{}", term.slug)),
        entry_count: term.annotations.len(),
        article_count: term.articles.len(),
    }
}

pub fn kind_label(kind: crate::load::Kind) -> &'static str {
    use crate::load::Kind;
    match kind {
        Kind::Event => "Event",
        Kind::Statement => "Statement",
        Kind::Report => "Report",
        Kind::Context => "Context",
        Kind::Opinion => "Opinion",
        Kind::Speculation => "Speculation",
        Kind::Correction => "Correction",
    }
}

pub fn article_view(site: &Site, article: &Article) -> ArticleView {
    let doc = &article.doc;
    ArticleView {
        slug: doc.slug.clone(),
        title: doc.title.clone(),
        outlet: term_ref("outlets", &site.outlets[article.outlet]),
        author: doc.author.clone(),
        published: DateView::new(&doc.published),
        original_url: doc.url.clone().filter(|u| super::markdown::is_safe_url(u)),
        notes_html: doc.notes.as_deref().map(markdown_to_html),
        removed: doc.removed.clone(),
        url: page_url(&format!("articles/{}", doc.slug)),
        highlight_count: article.highlights.len(),
    }
}

/// The URL of a timeline entry: on the page that holds it.
pub fn timeline_url(site: &Site, annotation: usize) -> Option<String> {
    let page = site.timeline.page_of(annotation)?;
    let slug = &site.annotations[annotation].doc.slug;
    Some(match &site.timeline.pages[page].slug {
        None => format!("index.html#{slug}"),
        Some(page_slug) => format!("timeline/{page_slug}/index.html#{slug}"),
    })
}

pub fn entry_views(site: &Site) -> Vec<EntryView> {
    site.annotations
        .par_iter()
        .enumerate()
        .map(|(index, annotation)| {
            let doc = &annotation.doc;
            let sources = annotation
                .anchors
                .iter()
                .map(|anchored| {
                    let article = &site.articles[anchored.article];
                    SourceView {
                        article_slug: article.doc.slug.clone(),
                        article_title: article.doc.title.clone(),
                        article_url: page_url(&format!("articles/{}", article.doc.slug)),
                        outlet: term_ref("outlets", &site.outlets[article.outlet]),
                        published: DateView::new(&article.doc.published),
                        quote: article.reader.text[anchored.range.clone()].to_string(),
                        url: format!(
                            "articles/{}/index.html#hl-{}",
                            article.doc.slug, anchored.key
                        ),
                    }
                })
                .collect::<Vec<_>>();
            let mut outlets: Vec<TermRef> = Vec::new();
            for source in &sources {
                if !outlets.iter().any(|o| o.slug == source.outlet.slug) {
                    outlets.push(source.outlet.clone());
                }
            }
            EntryView {
                slug: doc.slug.clone(),
                title: doc.title.clone(),
                kind: doc.kind.as_str(),
                kind_label: kind_label(doc.kind),
                opinion: doc.kind.is_opinion(),
                date: doc.date.as_ref().map(|d| DateView::new(&d.value)),
                phase: annotation.phase.as_str(),
                commentary_html: markdown_to_html(&doc.text[doc.body.clone()]),
                url: page_url(&format!("annotations/{}", doc.slug)),
                timeline_url: if annotation.phase == Phase::Undated {
                    None
                } else {
                    timeline_url(site, index)
                },
                sources,
                tags: annotation
                    .tags
                    .iter()
                    .map(|&t| term_ref("tags", &site.tags[t]))
                    .collect(),
                people: annotation
                    .people
                    .iter()
                    .map(|&p| term_ref("people", &site.people[p]))
                    .collect(),
                outlets,
            }
        })
        .collect()
}

pub fn era_views(site: &Site) -> Vec<EraView> {
    site.config
        .eras
        .iter()
        .enumerate()
        .map(|(i, era)| EraView {
            id: format!("era-{}", i + 1),
            title: era.title.clone(),
            description: era.description.clone(),
            start: DateView::new(&era.start.value),
            end: DateView::new(&era.end.value),
        })
        .collect()
}

pub fn site_view(site: &Site) -> SiteView {
    SiteView {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        language: site.config.language.clone(),
        base_url: site.base.absolute.clone(),
        base_path: site.base.path.clone(),
        generator: concat!("newsline ", env!("CARGO_PKG_VERSION")),
    }
}
