//! Stage 3: the resolved site. Articles with their reader text and highlights, annotations
//! with their anchored passages and timeline phase, the timeline order and the taxonomies.
//!
//! Building the model does no I/O and cannot fail on its own: everything that can be wrong
//! with the input was reported by `load` and `anchor`.

pub mod names;
pub mod timeline;

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use crate::anchor::text::ReaderText;
use crate::load::{AnnotationDoc, ArticleDoc, SiteConfig};

pub use timeline::{Phase, Timeline};

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub base: BaseUrl,
    pub articles: Vec<Article>,
    pub annotations: Vec<Annotation>,
    pub timeline: Timeline,
    pub tags: Vec<Term>,
    pub people: Vec<Term>,
    pub outlets: Vec<Term>,
}

/// Each anchor's passage as it stands in its article, by annotation and anchor.
pub type Passages = Vec<Vec<String>>;

impl Site {
    /// Frees the articles' reader texts (a tenth of a large site's memory) once nothing
    /// needs more of them than the anchored passages, and returns those passages.
    pub fn release_reader_texts(&mut self) -> Passages {
        // On every core, like the frees below: this runs while the other core waits.
        let passages = (self.annotations.par_iter())
            .map(|annotation| {
                (annotation.anchors.iter())
                    .map(|anchored| {
                        let text = &self.articles[anchored.article].reader.text;
                        text.get(anchored.range.clone())
                            .unwrap_or_default()
                            .to_string()
                    })
                    .collect()
            })
            .collect();
        (self.articles.par_iter_mut()).for_each(|article| article.reader = Arc::default());
        passages
    }

    /// Frees the annotations' file texts and their anchors as written (a seventh of a
    /// large site's memory) once their commentaries are rendered: the anchors as resolved
    /// stay. Spans then point into an empty text, so this is only for a build past every
    /// diagnostic about them; `commentary()` is then empty. A document shared with a
    /// dev-server session's cache is left as it is.
    pub fn release_annotation_texts(&mut self) {
        let empty: Arc<str> = Arc::from("");
        (self.annotations.par_iter_mut()).for_each(|annotation| {
            if let Some(doc) = Arc::get_mut(&mut annotation.doc) {
                doc.text = Arc::clone(&empty);
                doc.body = 0..0;
                doc.anchors = Vec::new();
            }
        });
    }
}

/// Where the site is published: `https://user.github.io/repo/` has the path `/repo/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Absolute URL, always ending in `/`.
    pub absolute: String,
    /// Its path, always starting and ending in `/`.
    pub path: String,
}

impl BaseUrl {
    /// Checks and normalises a base URL: an absolute `http(s)://host/…` URL, or a path
    /// starting with `/`, without characters that could break out of an attribute.
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let url = url.trim();
        let mut absolute = url.to_string();
        if !absolute.ends_with('/') {
            absolute.push('/');
        }
        if let Some(bad) = absolute
            .chars()
            .find(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(*c))
        {
            return Err(format!(
                "`{url}` contains `{}`, which a URL cannot hold",
                bad.escape_default()
            ));
        }
        let after_scheme = if let Some(rest) = absolute
            .strip_prefix("https://")
            .or_else(|| absolute.strip_prefix("http://"))
        {
            if rest.starts_with('/') || rest.is_empty() {
                return Err(format!("`{url}` has no host name"));
            }
            absolute.len() - rest.len()
        } else if absolute.starts_with('/') && !absolute.starts_with("//") {
            0
        } else {
            return Err(format!(
                "`{url}` is not an http(s) URL such as `https://user.github.io/repo/`"
            ));
        };
        let path = match absolute[after_scheme..].find('/') {
            Some(i) if after_scheme > 0 => absolute[after_scheme + i..].to_string(),
            Some(_) => absolute.clone(),
            None => "/".to_string(),
        };
        Ok(BaseUrl { absolute, path })
    }
}

/// An article and the annotations anchored in it.
#[derive(Debug)]
pub struct Article {
    /// Shared with the load cache of a dev-server session, like the reader text with the
    /// anchor cache: a rebuild does not copy the documents it did not re-read.
    pub doc: Arc<ArticleDoc>,
    /// Empty once [`Site::release_reader_texts`] has run.
    pub reader: Arc<ReaderText>,
    /// The reader text's length in bytes (kept when the text is released).
    pub reader_len: usize,
    /// In reader-text order (then by annotation slug).
    pub highlights: Vec<Highlight>,
    /// Index into [`Site::outlets`].
    pub outlet: usize,
}

/// One anchored passage in an article.
#[derive(Debug, Clone)]
pub struct Highlight {
    pub annotation: usize,
    /// Index into the annotation's anchors.
    pub anchor: usize,
    /// Byte range in the article's reader text.
    pub range: Range<usize>,
    /// Unique in the article: the annotation slug, with `-2`, `-3` for its further passages.
    pub key: String,
}

#[derive(Debug)]
pub struct Annotation {
    pub doc: Arc<AnnotationDoc>,
    /// Resolved anchors, in the order written.
    pub anchors: Vec<Anchored>,
    pub phase: Phase,
    /// Indexes into [`Site::tags`] and [`Site::people`].
    pub tags: Vec<usize>,
    pub people: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Anchored {
    pub article: usize,
    /// Byte range in the article's reader text.
    pub range: Range<usize>,
    /// The highlight key in that article (see [`Highlight::key`]).
    pub key: String,
}

/// A tag, person or outlet and what refers to it.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// Annotation indexes in timeline order (undated last, by slug).
    pub annotations: Vec<usize>,
    /// Article indexes by slug.
    pub articles: Vec<usize>,
}

/// The output of the anchor stage, per article: its reader text, and per annotation anchor
/// the article index and matched range (`None` where anchoring failed).
#[derive(Debug, Default)]
pub struct AnchorResults {
    pub readers: Vec<Arc<ReaderText>>,
    pub anchors: Vec<Vec<Option<AnchorHit>>>,
}

/// Where one anchor landed: the article index and the byte range in its reader text.
pub type AnchorHit = (usize, Range<usize>);

/// Assembles the site. Annotations whose anchors failed are still built with the anchors
/// that resolved, so `check` and `serve` can show as much as possible.
pub fn build_site(
    config: SiteConfig,
    base: BaseUrl,
    articles: Vec<Arc<ArticleDoc>>,
    annotations: Vec<Arc<AnnotationDoc>>,
    anchoring: AnchorResults,
) -> Site {
    let AnchorResults { readers, anchors } = anchoring;
    let mut articles: Vec<Article> = articles
        .into_iter()
        .zip(readers)
        .map(|(doc, reader)| Article {
            doc,
            reader_len: reader.text.len(),
            reader,
            highlights: Vec::new(),
            outlet: 0,
        })
        .collect();

    let timeline = Timeline::new(&config, &annotations);
    let mut resolved: Vec<Annotation> = Vec::with_capacity(annotations.len());
    for (index, (doc, anchor_ranges)) in annotations.into_iter().zip(anchors).enumerate() {
        let mut anchored = Vec::new();
        for (anchor_index, found) in anchor_ranges.into_iter().enumerate() {
            let Some((article, range)) = found else {
                continue;
            };
            let ordinal = anchored
                .iter()
                .filter(|a: &&Anchored| a.article == article)
                .count();
            let key = if ordinal == 0 {
                doc.slug.clone()
            } else {
                format!("{}-{}", doc.slug, ordinal + 1)
            };
            articles[article].highlights.push(Highlight {
                annotation: index,
                anchor: anchor_index,
                range: range.clone(),
                key: key.clone(),
            });
            anchored.push(Anchored {
                article,
                range,
                key,
            });
        }
        resolved.push(Annotation {
            phase: timeline.phase_of(index),
            doc,
            anchors: anchored,
            tags: Vec::new(),
            people: Vec::new(),
        });
    }
    for article in &mut articles {
        article.highlights.sort_by(|a, b| {
            (a.range.start, std::cmp::Reverse(a.range.end), &a.key).cmp(&(
                b.range.start,
                std::cmp::Reverse(b.range.end),
                &b.key,
            ))
        });
    }

    let rank = timeline.rank();
    let tags = collect_terms(&mut resolved, &rank, |a| &a.doc.tags, |a| &mut a.tags);
    let people = collect_terms(&mut resolved, &rank, |a| &a.doc.people, |a| &mut a.people);
    let outlets = collect_outlets(&mut articles, &resolved, &rank);

    Site {
        config,
        base,
        articles,
        annotations: resolved,
        timeline,
        tags,
        people,
        outlets,
    }
}

/// Groups annotations by the names in one of their lists (tags or people).
fn collect_terms(
    annotations: &mut [Annotation],
    rank: &[usize],
    names_of: impl Fn(&Annotation) -> &Vec<String>,
    terms_of: impl Fn(&mut Annotation) -> &mut Vec<usize>,
) -> Vec<Term> {
    // Hashed, not ordered: an ordered map compared each name with several others, and
    // names live apart from each other in memory, so that was 5 ms at 5,000 annotations.
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, annotation) in annotations.iter().enumerate() {
        for name in names_of(annotation) {
            let list = members.entry(name).or_default();
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
    }
    // Slugs are distinct, so the sort below puts the terms in one order whatever the map's.
    let slugs = names::assign_slugs(members.keys().copied());
    let mut terms: Vec<Term> = members
        .into_iter()
        .map(|(name, mut list)| {
            list.sort_by_key(|&i| rank[i]);
            Term {
                slug: slugs[name].clone(),
                name: name.to_string(),
                annotations: list,
                articles: Vec::new(),
            }
        })
        .collect();
    terms.sort_by(|a, b| (&a.slug, &a.name).cmp(&(&b.slug, &b.name)));
    for (term_index, term) in terms.iter().enumerate() {
        for &annotation in &term.annotations {
            terms_of(&mut annotations[annotation]).push(term_index);
        }
    }
    terms
}

/// Groups articles by outlet, with the annotations anchored in each outlet's articles.
fn collect_outlets(
    articles: &mut [Article],
    annotations: &[Annotation],
    rank: &[usize],
) -> Vec<Term> {
    let slugs = names::assign_slugs(articles.iter().map(|a| a.doc.outlet.as_str()));
    let mut by_slug: BTreeMap<&str, usize> = BTreeMap::new();
    let mut outlets: Vec<Term> = Vec::new();
    let mut sorted_slugs: Vec<(&String, &String)> = slugs.iter().map(|(n, s)| (s, n)).collect();
    sorted_slugs.sort();
    for (slug, name) in sorted_slugs {
        by_slug.insert(slug, outlets.len());
        outlets.push(Term {
            name: name.clone(),
            slug: slug.clone(),
            annotations: Vec::new(),
            articles: Vec::new(),
        });
    }
    for (index, article) in articles.iter_mut().enumerate() {
        let outlet = by_slug[slugs[&article.doc.outlet].as_str()];
        article.outlet = outlet;
        outlets[outlet].articles.push(index);
    }
    for (index, annotation) in annotations.iter().enumerate() {
        for anchored in &annotation.anchors {
            let outlet = &mut outlets[articles[anchored.article].outlet];
            // Annotations come in index order, so a repeat can only be the last one pushed.
            if outlet.annotations.last() != Some(&index) {
                outlet.annotations.push(index);
            }
        }
    }
    for outlet in &mut outlets {
        outlet.annotations.sort_by_key(|&i| rank[i]);
    }
    outlets
}
