//! A small site built in memory through the model (no files, no load stage): three articles
//! with multi-byte text and a repeated sentence, and annotations at every date precision,
//! with markup-like characters in titles and commentary.

#![allow(dead_code)]

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use newsline::anchor::text::reader_text;
use newsline::date::Date;
use newsline::load::{
    AnchorSpec, AnnotationDoc, ArticleDoc, BuildOptions, Era, Kind, SiteConfig, Spanned,
    TimelineSpan,
};
use newsline::model::{AnchorResults, BaseUrl, Site, build_site};
use newsline::render::build_views::entry_views;
use newsline::render::views::EntryView;

pub const BASE: &str = "https://example.github.io/news/";

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned { value, span: 0..0 }
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|e| panic!("bad fixture date {text}: {e}"))
}

struct ArticleSpec {
    slug: &'static str,
    title: &'static str,
    outlet: &'static str,
    published: &'static str,
    author: Option<&'static str>,
    url: Option<&'static str>,
    body: &'static str,
}

const ARTICLES: &[ArticleSpec] = &[
    ArticleSpec {
        slug: "daily-one",
        title: "Café owners & <the> council",
        outlet: "The Daily",
        published: "2017-06-05",
        author: Some("Zoë Brontë"),
        url: Some("https://daily.example/2017/06/cafe?a=1&b=2"),
        body: "Résumé: the café’s owner said “no” 😀 twice.\n\nThe council met at noon, as it does every single week. The council met at noon, as it does every single week. The council met at noon, as it does every single week.\n\nClosing line with ünïcödé.",
    },
    ArticleSpec {
        slug: "weekly-two",
        title: "Weekly </script><!-- digest",
        outlet: "Weekly",
        published: "2017-06",
        author: None,
        url: None,
        body: "A short piece. Nothing repeats here except the council met once.",
    },
    ArticleSpec {
        slug: "unquoted",
        title: "An article nobody quotes",
        outlet: "The Daily",
        published: "2017-07-01T09:30:00+02:00",
        author: None,
        url: Some("https://daily.example/unquoted"),
        body: "Plain text.",
    },
];

struct AnnotationSpec {
    slug: &'static str,
    title: &'static str,
    date: Option<&'static str>,
    kind: Kind,
    tags: &'static [&'static str],
    people: &'static [&'static str],
    /// (article slug, quote, which occurrence in the reader text: 0 = first)
    anchors: &'static [(&'static str, &'static str, usize)],
    body: &'static str,
}

const ANNOTATIONS: &[AnnotationSpec] = &[
    AnnotationSpec {
        slug: "owner-refuses",
        title: "Owner says “no” <twice> & means it",
        date: Some("2017-06-05"),
        kind: Kind::Statement,
        tags: &["cafés", "council"],
        people: &["Zoë Brontë"],
        anchors: &[("daily-one", "said “no” 😀 twice", 0)],
        body: "The owner *refused*. A `</script>` tag & a ]]> marker stay text.\n",
    },
    AnnotationSpec {
        slug: "council-meets-again",
        title: "The council meets again",
        date: Some("2017-06-06T18:00:00-04:00"),
        kind: Kind::Event,
        tags: &["council"],
        people: &[],
        // The second of three identical sentences: 32 characters of context on each side
        // are the same at the second and third, so the context must grow.
        anchors: &[
            ("daily-one", "The council met", 1),
            ("weekly-two", "the council met once", 0),
        ],
        body: "Second meeting.",
    },
    AnnotationSpec {
        slug: "month-report",
        title: "Reports during June",
        date: Some("2017-06~"),
        kind: Kind::Report,
        tags: &[],
        people: &[],
        anchors: &[("weekly-two", "A short piece.", 0)],
        body: "Approximate month.",
    },
    AnnotationSpec {
        slug: "year-context",
        title: "Background of the year",
        date: Some("2016"),
        kind: Kind::Context,
        tags: &[],
        people: &[],
        anchors: &[("daily-one", "Closing line with ünïcödé.", 0)],
        body: "Year only.",
    },
    AnnotationSpec {
        slug: "range-opinion",
        title: "A week of opinions",
        date: Some("2017-06-10/2017-06-14"),
        kind: Kind::Opinion,
        tags: &[],
        people: &[],
        anchors: &[("daily-one", "Résumé", 0)],
        body: "A range.",
    },
    AnnotationSpec {
        slug: "undated-note",
        title: "A margin note",
        date: None,
        kind: Kind::Correction,
        tags: &[],
        people: &[],
        anchors: &[("weekly-two", "Nothing repeats here", 0)],
        body: "No date.",
    },
];

/// Byte range of the `occurrence`-th (0-based) match of `quote` in `text`.
fn nth_match(text: &str, quote: &str, occurrence: usize) -> Range<usize> {
    let start = text
        .match_indices(quote)
        .nth(occurrence)
        .unwrap_or_else(|| panic!("fixture quote {quote:?} #{occurrence} not in text"))
        .0;
    start..start + quote.len()
}

/// The fixture site at `base_url`, with the custom domain `cname`.
pub fn site_at(base_url: &str, cname: Option<&str>) -> Site {
    let config = SiteConfig {
        title: "News & <Views> timeline".to_string(),
        description: "A test site \"quoted\"".to_string(),
        base_url: base_url.to_string(),
        language: "en".to_string(),
        timeline: TimelineSpan {
            start: spanned(date("2017-06-01")),
            end: spanned(date("2017-06-30")),
        },
        eras: vec![Era {
            title: "Early June".to_string(),
            start: spanned(date("2017-06-01")),
            end: spanned(date("2017-06-07")),
            description: Some("The first week".to_string()),
        }],
        build: BuildOptions::default(),
        cname: cname.map(str::to_string),
    };
    let articles: Vec<ArticleDoc> = ARTICLES
        .iter()
        .map(|a| {
            let text = format!("+++\n+++\n{}", a.body);
            ArticleDoc {
                slug: a.slug.to_string(),
                revision: newsline::load::next_revision(),
                file: PathBuf::from(format!("content/articles/{}.md", a.slug)),
                body: 8..text.len(),
                text: Arc::from(text),
                title: a.title.to_string(),
                outlet: a.outlet.to_string(),
                published: date(a.published),
                author: a.author.map(str::to_string),
                url: a.url.map(str::to_string),
                notes: None,
                removed: Vec::new(),
            }
        })
        .collect();
    let readers: Vec<_> = articles
        .iter()
        .map(|a| Arc::new(reader_text(&a.text[a.body.clone()], a.body.start)))
        .collect();
    let mut anchors = Vec::new();
    let annotations: Vec<AnnotationDoc> = ANNOTATIONS
        .iter()
        .map(|a| {
            let text = format!("+++\n+++\n{}", a.body);
            anchors.push(
                a.anchors
                    .iter()
                    .map(|&(article, quote, occurrence)| {
                        let index = ARTICLES.iter().position(|x| x.slug == article).unwrap();
                        Some((index, nth_match(&readers[index].text, quote, occurrence)))
                    })
                    .collect(),
            );
            AnnotationDoc {
                slug: a.slug.to_string(),
                revision: newsline::load::next_revision(),
                file: PathBuf::from(format!("content/annotations/{}.md", a.slug)),
                body: 8..text.len(),
                text: Arc::from(text),
                title: a.title.to_string(),
                date: a.date.map(|d| spanned(date(d))),
                kind: a.kind,
                tags: a.tags.iter().map(|t| t.to_string()).collect(),
                people: a.people.iter().map(|p| p.to_string()).collect(),
                anchors: a
                    .anchors
                    .iter()
                    .map(|&(article, quote, _)| AnchorSpec {
                        article: spanned(article.to_string()),
                        quote: spanned(quote.to_string()),
                        prefix: None,
                        suffix: None,
                    })
                    .collect(),
            }
        })
        .collect();
    build_site(
        config,
        BaseUrl::parse(base_url).expect("fixture base URL is valid"),
        articles.into_iter().map(Arc::new).collect(),
        annotations.into_iter().map(Arc::new).collect(),
        AnchorResults { readers, anchors },
    )
}

/// The fixture site at [`BASE`] and its entry views.
pub fn site() -> (Site, Vec<EntryView>) {
    let site = site_at(BASE, Some("news.example.org"));
    let entries = entry_views(&site);
    (site, entries)
}

/// Slugs of the dated fixture annotations, newest first.
pub const NEWEST_FIRST: &[&str] = &[
    "range-opinion",
    "council-meets-again",
    "owner-refuses",
    "month-report",
    "year-context",
];
