//! `annotations.jsonld`: every annotation as a W3C Web Annotation, in one
//! `AnnotationCollection` whose first (and only) `AnnotationPage` holds them all, plus
//! `articles/<slug>/text.txt`, the reader text of each article that the selectors point into.
//!
//! Each annotation's target is one `SpecificResource` per anchored passage:
//! - `source`: our article page (absolute URL);
//! - `scope`: the original article URL, when the article has one (where the text was first
//!   published: the context the passage comes from);
//! - `selector`: a `TextQuoteSelector` (`exact`, and `prefix`/`suffix` of at least 32
//!   characters, longer where needed to make the quote unique) and a `TextPositionSelector`
//!   (`start`/`end` in Unicode code points). Both address the article's reader text, which
//!   is published verbatim as `articles/<slug>/text.txt`.
//!
//! Bodies: the commentary Markdown (`purpose: commenting`), each tag as a `TextualBody`
//! (`purpose: tagging`) and each person as a semantic tag (a `SpecificResource` whose
//! `source` is the person's page). Motivation by kind: see [`motivation`].
//! Annotations with no resolved passage have no target, which the model requires, and are
//! left out. No `created`: the content has no creation time and the build time would make
//! builds differ.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::{annotation_url, article_url, original_url, text_file};
use crate::load::Kind;
use crate::model::{Annotation, Article, Site};
use crate::render::OutputFile;

/// Characters of context kept before and after a quote, at least.
pub const CONTEXT_CHARS: usize = 32;

/// Path of an article's published reader text.
pub fn article_text_path(slug: &str) -> String {
    format!("articles/{slug}/text.txt")
}

/// An article's `articles/<slug>/text.txt`: exactly its reader text.
pub fn article_text(article: &Article) -> OutputFile {
    text_file(
        &article_text_path(&article.doc.slug),
        article.reader.text.clone(),
    )
}

/// The W3C motivation for each kind of annotation:
/// event, statement, report → `describing` (they say what happened or was said);
/// context → `commenting` (background, not a claim about the passage);
/// opinion → `assessing` (a judgement of the passage);
/// speculation → `questioning` (it raises an open question);
/// correction → `editing` (it points out a change the passage needs).
pub fn motivation(kind: Kind) -> &'static str {
    match kind {
        Kind::Event | Kind::Statement | Kind::Report => "describing",
        Kind::Context => "commenting",
        Kind::Opinion => "assessing",
        Kind::Speculation => "questioning",
        Kind::Correction => "editing",
    }
}

/// The `AnnotationCollection` document, compact JSON with a final newline. Annotations are
/// serialized a slice at a time, each slice in parallel, and appended in annotation order,
/// so the serialized pieces of all annotations never exist beside the whole text.
pub fn annotation_collection(site: &Site) -> String {
    let char_offsets = char_offsets_of_passages(site);
    let total = (0..site.annotations.len())
        .into_par_iter()
        .filter(|&index| exported(site, index, &char_offsets))
        .count();
    let collection_id = format!("{}annotations.jsonld", site.base.absolute);
    let head = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": site.config.title,
        "total": total,
    });
    let page = json!({
        "id": format!("{collection_id}#page-1"),
        "type": "AnnotationPage",
        "startIndex": 0,
    });
    // `{head…,"first":{page…,"items":[…]}}`, built around the pre-serialized items.
    let head = head.to_string();
    let page = page.to_string();
    let mut text = String::new();
    text.push_str(head.strip_suffix('}').unwrap_or(&head));
    text.push_str(",\"first\":");
    text.push_str(page.strip_suffix('}').unwrap_or(&page));
    text.push_str(",\"items\":[");
    let indexes: Vec<usize> = (0..site.annotations.len()).collect();
    let at_once = super::ITEMS_AT_ONCE;
    super::append_json_items(&mut text, &mut 0, &indexes, at_once, |&index| {
        let annotation = web_annotation(site, index, &char_offsets)?;
        super::json_text(&annotation, 2048).ok()
    });
    text.push_str("]}}\n");
    text
}

/// Whether annotation `index` is in the collection: when at least one of its passages is
/// a target (see [`web_annotation`]).
fn exported(site: &Site, index: usize, char_offsets: &CharOffsets) -> bool {
    site.annotations[index]
        .anchors
        .iter()
        .any(|anchored| target_span(site, anchored, char_offsets).is_some())
}

/// The passage's text and its start and end in code points, when its range is known.
fn target_span<'a>(
    site: &'a Site,
    anchored: &crate::model::Anchored,
    char_offsets: &CharOffsets,
) -> Option<(&'a str, usize, usize)> {
    let text = site.articles[anchored.article].reader.text.as_str();
    let exact = text.get(anchored.range.clone())?;
    let offsets = &char_offsets[anchored.article];
    let start = *offsets.get(&anchored.range.start)?;
    let end = *offsets.get(&anchored.range.end)?;
    Some((exact, start, end))
}

#[derive(Serialize)]
struct WebAnnotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: Vec<Body<'a>>,
    target: Vec<Target<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Body<'a> {
    TextualBody {
        value: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        format: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        language: Option<&'a str>,
        purpose: &'static str,
    },
    SpecificResource {
        source: String,
        purpose: &'static str,
    },
}

#[derive(Serialize)]
struct Target<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'a str>,
    selector: (QuoteSelector<'a>, PositionSelector),
}

#[derive(Serialize)]
struct QuoteSelector<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

#[derive(Serialize)]
struct PositionSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

/// Per article, byte offset → code point offset for every passage boundary in it.
type CharOffsets = Vec<HashMap<usize, usize>>;

/// Counts code points once per article, walking its passage boundaries in order, rather
/// than once per passage from the start of the text.
fn char_offsets_of_passages(site: &Site) -> CharOffsets {
    site.articles
        .par_iter()
        .map(|article| {
            let mut boundaries: Vec<usize> = article
                .highlights
                .iter()
                .flat_map(|h| [h.range.start, h.range.end])
                .collect();
            boundaries.sort_unstable();
            boundaries.dedup();
            let text = article.reader.text.as_str();
            let mut offsets = HashMap::with_capacity(boundaries.len());
            let (mut byte, mut chars) = (0, 0);
            for boundary in boundaries {
                let Some(between) = text.get(byte..boundary) else {
                    continue;
                };
                chars += between.chars().count();
                byte = boundary;
                offsets.insert(boundary, chars);
            }
            offsets
        })
        .collect()
}

fn web_annotation<'a>(
    site: &'a Site,
    index: usize,
    char_offsets: &CharOffsets,
) -> Option<WebAnnotation<'a>> {
    let annotation = &site.annotations[index];
    let target: Vec<Target> = annotation
        .anchors
        .iter()
        .filter_map(|anchored| {
            let article = &site.articles[anchored.article];
            let text = article.reader.text.as_str();
            let (exact, start, end) = target_span(site, anchored, char_offsets)?;
            let (prefix, suffix) = unique_context(text, anchored.range.clone());
            Some(Target {
                kind: "SpecificResource",
                source: article_url(site, anchored.article),
                scope: original_url(article),
                selector: (
                    QuoteSelector {
                        kind: "TextQuoteSelector",
                        exact,
                        prefix,
                        suffix,
                    },
                    PositionSelector {
                        kind: "TextPositionSelector",
                        start,
                        end,
                    },
                ),
            })
        })
        .collect();
    if target.is_empty() {
        return None;
    }
    Some(WebAnnotation {
        id: annotation_url(site, index),
        kind: "Annotation",
        motivation: motivation(annotation.doc.kind),
        body: bodies(site, annotation),
        target,
    })
}

fn bodies<'a>(site: &'a Site, annotation: &'a Annotation) -> Vec<Body<'a>> {
    let doc = &annotation.doc;
    let commentary = doc.commentary().trim();
    let mut bodies = vec![Body::TextualBody {
        value: commentary,
        format: Some("text/markdown"),
        language: Some(&site.config.language),
        purpose: "commenting",
    }];
    for &tag in &annotation.tags {
        bodies.push(Body::TextualBody {
            value: &site.tags[tag].name,
            format: None,
            language: None,
            purpose: "tagging",
        });
    }
    for &person in &annotation.people {
        bodies.push(Body::SpecificResource {
            source: format!("{}people/{}/", site.base.absolute, site.people[person].slug),
            purpose: "tagging",
        });
    }
    bodies
}

/// Prefix and suffix for a quote: [`CONTEXT_CHARS`] code points on each side, doubled until
/// prefix + exact + suffix occurs only once in the text (at worst the whole text is used,
/// which is unique by construction).
pub fn unique_context(text: &str, range: std::ops::Range<usize>) -> (&str, &str) {
    let (Some(before), Some(exact), Some(after)) = (
        text.get(..range.start),
        text.get(range.clone()),
        text.get(range.end..),
    ) else {
        return ("", "");
    };
    let mut width = CONTEXT_CHARS;
    loop {
        let prefix = last_chars(before, width);
        let suffix = first_chars(after, width);
        let whole = prefix.len() == before.len() && suffix.len() == after.len();
        if whole || occurs_once(text, &[prefix, exact, suffix].concat()) {
            return (prefix, suffix);
        }
        width = width.saturating_mul(2);
    }
}

fn last_chars(text: &str, count: usize) -> &str {
    match text.char_indices().rev().nth(count.saturating_sub(1)) {
        Some((start, _)) if count > 0 => &text[start..],
        _ if count == 0 => "",
        _ => text,
    }
}

fn first_chars(text: &str, count: usize) -> &str {
    match text.char_indices().nth(count) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// True when `needle` occurs exactly once in `text`, counting overlapping occurrences.
/// Uses `memchr`'s vectorised search: this runs once or twice per passage over the whole
/// article, the largest cost of the file. A match of valid UTF-8 in valid UTF-8 always
/// starts on a character boundary, so stepping one byte past it is safe.
fn occurs_once(text: &str, needle: &str) -> bool {
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let haystack = text.as_bytes();
    let Some(first) = finder.find(haystack) else {
        return false;
    };
    haystack
        .get(first + 1..)
        .is_none_or(|rest| finder.find(rest).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_32_characters_when_that_is_unique() {
        let text = format!("{}quote{}", "a".repeat(40), "b".repeat(40));
        let (prefix, suffix) = unique_context(&text, 40..45);
        assert_eq!(prefix, "a".repeat(32));
        assert_eq!(suffix, "b".repeat(32));
    }

    #[test]
    fn context_grows_until_the_quote_is_unique() {
        let filler = "x".repeat(40);
        let text = format!("start {filler}quote{filler} middle {filler}quote{filler} end");
        let second = text.rfind("quote").unwrap();
        let (prefix, suffix) = unique_context(&text, second..second + 5);
        assert_eq!(prefix, format!("{} middle {filler}", "x".repeat(16)));
        assert_eq!(suffix, format!("{filler} end"));
        assert!(occurs_once(&text, &format!("{prefix}quote{suffix}")));
    }

    #[test]
    fn context_counts_code_points_not_bytes() {
        let text = "ééé quote ééé";
        let start = text.find("quote").unwrap();
        assert_eq!(unique_context(text, start..start + 5), ("ééé ", " ééé"));
        assert_eq!(last_chars("aé", 1), "é");
        assert_eq!(first_chars("éa", 1), "é");
        assert_eq!(last_chars("abc", 0), "");
    }

    #[test]
    fn occurrences_overlap() {
        assert!(!occurs_once("aaa", "aa"));
        assert!(occurs_once("aab", "aa"));
        assert!(!occurs_once("abc", "d"));
    }
}
