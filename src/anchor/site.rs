//! Anchors every annotation of a site: groups anchors by article, extracts each article's
//! reader text once, and matches its quotes, one article per parallel job.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::matcher::{MatchResult, Searchable, Selector, find};
use super::text::{ReaderText, reader_text};
use crate::diag::{Diagnostic, LineIndex, closest};
use crate::load::{AnchorSpec, AnnotationDoc, ArticleDoc};
use crate::model::{AnchorHit, AnchorResults};

/// One anchor's result: which (annotation, anchor) and the range found or why not.
type AnchorOutcome = ((usize, usize), Result<Range<usize>, Diagnostic>);

/// Reader text of one article, computed from its Markdown body.
pub fn article_reader_text(article: &ArticleDoc) -> ReaderText {
    reader_text(&article.text[article.body.clone()], article.body.start)
}

/// Finds every anchor of every annotation. Anchors that fail produce diagnostics and `None`.
pub fn anchor_site(
    articles: &[Arc<ArticleDoc>],
    annotations: &[Arc<AnnotationDoc>],
) -> (AnchorResults, Vec<Diagnostic>) {
    anchor_site_cached(articles, annotations, None)
}

/// Per article, the reader text and anchoring results of the previous build, reused while
/// the article's text and the anchors quoting it are unchanged (so `serve` re-anchors only
/// the articles an edit touches).
#[derive(Default)]
pub struct AnchorCache {
    articles: Mutex<HashMap<String, CachedArticle>>,
}

struct CachedArticle {
    key: u64,
    reader: Arc<ReaderText>,
    results: Vec<Result<Range<usize>, Diagnostic>>,
}

/// Everything an article's anchoring depends on: its file and each anchor quoting it, with
/// the file and spans its diagnostics would point at. A document's revision stands for its
/// whole file (it changes whenever the file is read again), so no text is hashed.
fn article_key(
    article: &ArticleDoc,
    annotations: &[Arc<AnnotationDoc>],
    wanted: &[(usize, usize)],
) -> u64 {
    let mut hasher = DefaultHasher::new();
    article.revision.hash(&mut hasher);
    for &(a, k) in wanted {
        (annotations[a].revision, k).hash(&mut hasher);
    }
    hasher.finish()
}

/// Like [`anchor_site`], reusing the previous results of unchanged articles.
pub fn anchor_site_cached(
    articles: &[Arc<ArticleDoc>],
    annotations: &[Arc<AnnotationDoc>],
    cache: Option<&AnchorCache>,
) -> (AnchorResults, Vec<Diagnostic>) {
    anchor_site_with(articles, &[], annotations, cache)
}

/// The full form: `broken_articles` are slugs of article files that exist but had errors;
/// quotes of them are not reported again as quoting an unknown article.
pub fn anchor_site_with(
    articles: &[Arc<ArticleDoc>],
    broken_articles: &[String],
    annotations: &[Arc<AnnotationDoc>],
    cache: Option<&AnchorCache>,
) -> (AnchorResults, Vec<Diagnostic>) {
    let by_slug: HashMap<&str, usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.slug.as_str(), i))
        .collect();
    let mut diagnostics = Vec::new();
    // Per article, the (annotation, anchor) pairs that quote it.
    let mut wanted: Vec<Vec<(usize, usize)>> = vec![Vec::new(); articles.len()];
    for (a, annotation) in annotations.iter().enumerate() {
        for (k, anchor) in annotation.anchors.iter().enumerate() {
            match by_slug.get(anchor.article.value.as_str()) {
                Some(&article) => wanted[article].push((a, k)),
                None if broken_articles.contains(&anchor.article.value) => {}
                None => diagnostics.push(unknown_article(annotation, anchor, articles)),
            }
        }
    }
    let per_article: Vec<(Arc<ReaderText>, Vec<AnchorOutcome>)> = articles
        .par_iter()
        .zip(wanted.par_iter())
        .map(|(article, wanted)| {
            let key = cache.map(|_| article_key(article, annotations, wanted));
            if let (Some(cache), Some(key)) = (cache, key) {
                let cached = cache.articles.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(hit) = cached.get(&article.slug).filter(|c| c.key == key) {
                    let results = wanted
                        .iter()
                        .copied()
                        .zip(hit.results.iter().cloned())
                        .collect();
                    return (Arc::clone(&hit.reader), results);
                }
            }
            let reader = Arc::new(article_reader_text(article));
            let results: Vec<Result<Range<usize>, Diagnostic>> = if wanted.is_empty() {
                Vec::new()
            } else {
                let searchable = Searchable::new(&reader.text);
                wanted
                    .iter()
                    .map(|&(a, k)| {
                        let annotation = &annotations[a];
                        resolve(
                            article,
                            &reader,
                            &searchable,
                            annotation,
                            &annotation.anchors[k],
                        )
                    })
                    .collect()
            };
            if let (Some(cache), Some(key)) = (cache, key) {
                let entry = CachedArticle {
                    key,
                    reader: Arc::clone(&reader),
                    results: results.clone(),
                };
                let mut cached = cache.articles.lock().unwrap_or_else(|p| p.into_inner());
                cached.insert(article.slug.clone(), entry);
            }
            (reader, wanted.iter().copied().zip(results).collect())
        })
        .collect();
    let mut anchors: Vec<Vec<Option<AnchorHit>>> = annotations
        .iter()
        .map(|a| vec![None; a.anchors.len()])
        .collect();
    let mut readers = Vec::with_capacity(articles.len());
    for (article, (reader, results)) in per_article.into_iter().enumerate() {
        readers.push(reader);
        for ((a, k), result) in results {
            match result {
                Ok(range) => anchors[a][k] = Some((article, range)),
                Err(diagnostic) => diagnostics.push(diagnostic),
            }
        }
    }
    (AnchorResults { readers, anchors }, diagnostics)
}

fn resolve(
    article: &ArticleDoc,
    reader: &ReaderText,
    searchable: &Searchable,
    annotation: &AnnotationDoc,
    anchor: &AnchorSpec,
) -> Result<Range<usize>, Diagnostic> {
    let selector = Selector {
        quote: &anchor.quote.value,
        prefix: anchor.prefix.as_ref().map(|p| p.value.as_str()),
        suffix: anchor.suffix.as_ref().map(|s| s.value.as_str()),
    };
    let result = find(searchable, &selector);
    match result {
        MatchResult::Unique { range, .. } => Ok(range),
        other => Err(super::explain::explain(
            &other,
            reader,
            &article.file,
            &article.text,
            &annotation.file,
            anchor,
        )),
    }
}

fn unknown_article(
    annotation: &AnnotationDoc,
    anchor: &AnchorSpec,
    articles: &[Arc<ArticleDoc>],
) -> Diagnostic {
    let slug = &anchor.article.value;
    let mut diagnostic = Diagnostic::error(
        "unknown-article",
        &annotation.file,
        format!("no article has the slug `{slug}`"),
    )
    .with_span(anchor.article.span.clone());
    diagnostic = match closest(slug, articles.iter().map(|a| a.slug.as_str())) {
        Some(near) => diagnostic.with_help(format!("did you mean `{near}`?")),
        None if articles.is_empty() => diagnostic.with_help(format!(
            "there are no articles yet: add the article as `content/articles/{slug}.md`"
        )),
        None => diagnostic.with_help(format!(
            "articles are the files in content/articles/; the slug is the file name without `.md`{}",
            if articles.len() <= 8 {
                format!(" ({})", articles.iter().map(|a| format!("`{}`", a.slug)).collect::<Vec<_>>().join(", "))
            } else {
                String::new()
            }
        )),
    };
    diagnostic
}

/// `file:line:col` of a byte offset in an article's source, for notes.
pub fn source_position(file: &Path, text: &str, offset: usize) -> String {
    let (line, column) = LineIndex::new(text).line_col(text, offset);
    format!("{}:{line}:{column}", file.display())
}
