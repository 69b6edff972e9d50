//! schema.org JSON-LD for a page, to embed in `<script type="application/ld+json">`:
//! a `NewsArticle` for article pages, an `ItemList` of the entries for timeline pages and a
//! `Comment` about the quoted articles for annotation pages. Other pages get none.
//!
//! Dates keep their written precision (`2017-06`, not an invented day); a range is given
//! by its start, or as an ISO 8601 interval where schema.org takes one (`temporalCoverage`).

use serde_json::{Value, json};

use super::{absolute_url, annotation_url, article_url, original_url};
use crate::date::Date;
use crate::model::Site;
use crate::render::pages::{Job, timeline_path};

/// The JSON-LD of a page, or `None` for pages without any. Safe inside a `<script>`
/// element: `<`, `>` and `&` are written as JSON escapes, so no text from the content can
/// close the element or open a comment.
pub fn json_ld(site: &Site, job: Job) -> Option<String> {
    let value = match job {
        Job::Article(i) => news_article(site, i),
        Job::Annotation(i) => comment(site, i),
        Job::Timeline(page) => item_list(site, page),
        _ => return None,
    };
    Some(script_safe(&value.to_string()))
}

/// Replaces the characters that could end a `<script>` element or start markup with their
/// JSON escapes. They occur only inside strings (JSON syntax has none), so the JSON means
/// the same.
pub fn script_safe(json: &str) -> String {
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            c => safe.push(c),
        }
    }
    safe
}

fn news_article(site: &Site, index: usize) -> Value {
    let article = &site.articles[index];
    let doc = &article.doc;
    let page = article_url(site, index);
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": doc.title,
        "datePublished": doc.published.start.iso(),
        "url": original_url(article).unwrap_or(&page),
        "mainEntityOfPage": page,
        "publisher": { "@type": "Organization", "name": doc.outlet },
        "inLanguage": site.config.language,
    });
    if let Some(author) = &doc.author {
        value["author"] = json!({ "@type": "Person", "name": author });
    }
    value
}

fn comment(site: &Site, index: usize) -> Value {
    let annotation = &site.annotations[index];
    let doc = &annotation.doc;
    let mut articles: Vec<usize> = annotation.anchors.iter().map(|a| a.article).collect();
    articles.sort_unstable();
    articles.dedup();
    let about: Vec<Value> = articles
        .iter()
        .map(|&a| {
            let article = &site.articles[a];
            let mut about = json!({
                "@type": "NewsArticle",
                "headline": article.doc.title,
                "url": article_url(site, a),
                "publisher": { "@type": "Organization", "name": article.doc.outlet },
            });
            if let Some(original) = original_url(article) {
                about["sameAs"] = json!(original);
            }
            about
        })
        .collect();
    let mut value = json!({
        "@context": "https://schema.org",
        "@type": "Comment",
        "name": doc.title,
        "url": annotation_url(site, index),
        "genre": crate::render::build_views::kind_label(doc.kind),
        "inLanguage": site.config.language,
        "about": about,
    });
    if let Some(date) = &doc.date {
        value["temporalCoverage"] = json!(iso_interval(&date.value));
    }
    let keywords: Vec<&str> = annotation
        .tags
        .iter()
        .map(|&t| site.tags[t].name.as_str())
        .collect();
    if !keywords.is_empty() {
        value["keywords"] = json!(keywords);
    }
    let people: Vec<Value> = annotation
        .people
        .iter()
        .map(|&p| json!({ "@type": "Person", "name": site.people[p].name }))
        .collect();
    if !people.is_empty() {
        value["mentions"] = json!(people);
    }
    value
}

/// ISO 8601 at the written precision, `start/end` for a range (EDTF's `~` has no ISO form
/// and is left out).
fn iso_interval(date: &Date) -> String {
    match &date.end {
        Some(end) if *end != date.start => format!("{}/{}", date.start.iso(), end.iso()),
        _ => date.start.iso(),
    }
}

fn item_list(site: &Site, page: usize) -> Value {
    let range = site.timeline.pages[page].entries.clone();
    let order = site.timeline.order.get(range).unwrap_or_default();
    let items: Vec<Value> = order
        .iter()
        .enumerate()
        .map(|(position, &index)| {
            json!({
                "@type": "ListItem",
                "position": position + 1,
                "url": annotation_url(site, index),
                "name": site.annotations[index].doc.title,
            })
        })
        .collect();
    let url = absolute_url(site, &timeline_path(site, page));
    json!({
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": site.config.title,
        "url": url,
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "numberOfItems": items.len(),
        "itemListElement": items,
    })
}
