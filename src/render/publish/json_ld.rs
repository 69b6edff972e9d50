//! schema.org JSON-LD for a page, to embed in `<script type="application/ld+json">`:
//! a `NewsArticle` for article pages, an `ItemList` of the entries for timeline pages and a
//! `Comment` about the quoted articles for annotation pages. Other pages get none.
//!
//! Dates keep their written precision (`2017-06`, not an invented day); a range is given
//! by its start, or as an ISO 8601 interval where schema.org takes one (`temporalCoverage`).

use serde::Serialize;

use super::{absolute_url, annotation_url, article_url, original_url};
use crate::date::Date;
use crate::model::Site;
use crate::render::pages::{Job, timeline_path};

/// The JSON-LD of a page, or `None` for pages without any. Safe inside a `<script>`
/// element: `<`, `>` and `&` are written as JSON escapes, so no text from the content can
/// close the element or open a comment.
pub fn json_ld(site: &Site, job: Job) -> Option<String> {
    let json = match job {
        Job::Article(i) => super::json_text(&news_article(site, i), 1024),
        Job::Annotation(i) => super::json_text(&comment(site, i), 2048),
        Job::Timeline(page) => super::json_text(&item_list(site, page), 64 * 1024),
        _ => return None,
    };
    json.ok().map(|json| script_safe(&json))
}

/// Replaces the characters that could end a `<script>` element or start markup with their
/// JSON escapes. They occur only inside strings (JSON syntax has none), so the JSON means
/// the same.
pub fn script_safe(json: &str) -> String {
    let mut safe = String::with_capacity(json.len());
    let mut copied = 0;
    for (at, byte) in json.bytes().enumerate() {
        let escape = match byte {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            _ => continue,
        };
        // ASCII bytes are whole characters, so `at` is a character boundary.
        safe.push_str(&json[copied..at]);
        safe.push_str(escape);
        copied = at + 1;
    }
    safe.push_str(&json[copied..]);
    safe
}

// The types below serialise their fields in alphabetical order, as JSON-LD tools print
// them and as the pages have always had them.

const CONTEXT: &str = "https://schema.org";

/// A `Person` or an `Organization`.
#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Named<'a>>,
    date_published: String,
    headline: &'a str,
    in_language: &'a str,
    main_entity_of_page: String,
    publisher: Named<'a>,
    url: String,
}

fn news_article(site: &Site, index: usize) -> NewsArticle<'_> {
    let article = &site.articles[index];
    let doc = &article.doc;
    let page = article_url(site, index);
    NewsArticle {
        context: CONTEXT,
        kind: "NewsArticle",
        author: doc.author.as_deref().map(|name| Named {
            kind: "Person",
            name,
        }),
        date_published: doc.published.start.iso(),
        headline: &doc.title,
        in_language: &site.config.language,
        url: original_url(article).map_or_else(|| page.clone(), str::to_string),
        main_entity_of_page: page,
        publisher: Named {
            kind: "Organization",
            name: &doc.outlet,
        },
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Comment<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    about: Vec<AboutArticle<'a>>,
    genre: &'static str,
    in_language: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mentions: Vec<Named<'a>>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    temporal_coverage: Option<String>,
    url: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AboutArticle<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    publisher: Named<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    same_as: Option<&'a str>,
    url: String,
}

fn comment(site: &Site, index: usize) -> Comment<'_> {
    let annotation = &site.annotations[index];
    let doc = &annotation.doc;
    let mut articles: Vec<usize> = annotation.anchors.iter().map(|a| a.article).collect();
    articles.sort_unstable();
    articles.dedup();
    let about = articles
        .iter()
        .map(|&a| {
            let article = &site.articles[a];
            AboutArticle {
                kind: "NewsArticle",
                headline: &article.doc.title,
                publisher: Named {
                    kind: "Organization",
                    name: &article.doc.outlet,
                },
                same_as: original_url(article),
                url: article_url(site, a),
            }
        })
        .collect();
    Comment {
        context: CONTEXT,
        kind: "Comment",
        about,
        genre: crate::render::build_views::kind_label(doc.kind),
        in_language: &site.config.language,
        keywords: (annotation.tags.iter())
            .map(|&t| site.tags[t].name.as_str())
            .collect(),
        mentions: (annotation.people.iter())
            .map(|&p| Named {
                kind: "Person",
                name: &site.people[p].name,
            })
            .collect(),
        name: &doc.title,
        temporal_coverage: doc.date.as_ref().map(|date| iso_interval(&date.value)),
        url: annotation_url(site, index),
    }
}

/// ISO 8601 at the written precision, `start/end` for a range (EDTF's `~` has no ISO form
/// and is left out).
fn iso_interval(date: &Date) -> String {
    match &date.end {
        Some(end) if *end != date.start => format!("{}/{}", date.start.iso(), end.iso()),
        _ => date.start.iso(),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemList<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    item_list_element: Vec<ListItem<'a>>,
    item_list_order: &'static str,
    name: &'a str,
    number_of_items: usize,
    url: String,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    position: usize,
    url: String,
}

fn item_list(site: &Site, page: usize) -> ItemList<'_> {
    let range = site.timeline.pages[page].entries.clone();
    let order = site.timeline.order.get(range).unwrap_or_default();
    let items: Vec<ListItem> = order
        .iter()
        .enumerate()
        .map(|(position, &index)| ListItem {
            kind: "ListItem",
            name: &site.annotations[index].doc.title,
            position: position + 1,
            url: annotation_url(site, index),
        })
        .collect();
    ItemList {
        context: CONTEXT,
        kind: "ItemList",
        number_of_items: items.len(),
        item_list_element: items,
        item_list_order: "https://schema.org/ItemListOrderAscending",
        name: &site.config.title,
        url: absolute_url(site, &timeline_path(site, page)),
    }
}
