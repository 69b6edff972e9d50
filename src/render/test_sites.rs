//! Small hand-made sites for unit tests: annotations with a title, a date and a kind, and
//! no articles, built into a [`Site`] as the pipeline builds one.

use std::path::PathBuf;
use std::sync::Arc;

use crate::date::Date;
use crate::load::{AnnotationDoc, BuildOptions, Era, Kind, SiteConfig, Spanned, TimelineSpan};
use crate::model::{AnchorResults, BaseUrl, Site, build_site};

fn date(text: &str) -> Spanned<Date> {
    Spanned {
        value: Date::parse(text).expect("test dates are valid"),
        span: 0..text.len(),
    }
}

/// An annotation with no tags, people or quotes; `when` as written in front matter.
pub(crate) fn entry(slug: &str, title: &str, when: Option<&str>, kind: Kind) -> AnnotationDoc {
    AnnotationDoc {
        slug: slug.to_string(),
        revision: crate::load::next_revision(),
        file: PathBuf::from(format!("content/annotations/{slug}.md")),
        text: Arc::from(""),
        title: title.to_string(),
        date: when.map(date),
        kind,
        tags: Vec::new(),
        people: Vec::new(),
        anchors: Vec::new(),
        body: 0..0,
    }
}

/// A site of `annotations` over a timeline from March to July 2017, with `eras` (title,
/// start, end) and at most `page_size` entries on a timeline page.
pub(crate) fn site(
    annotations: Vec<AnnotationDoc>,
    eras: Vec<(&str, &str, &str)>,
    page_size: usize,
) -> Site {
    let config = SiteConfig {
        title: "Test".to_string(),
        description: String::new(),
        base_url: "https://example.org/".to_string(),
        language: "en".to_string(),
        timeline: TimelineSpan {
            start: date("2017-03-01"),
            end: date("2017-07-31"),
        },
        eras: eras
            .into_iter()
            .map(|(title, start, end)| Era {
                title: title.to_string(),
                start: date(start),
                end: date(end),
                description: None,
            })
            .collect(),
        build: BuildOptions {
            timeline_page_size: page_size,
            ..BuildOptions::default()
        },
        cname: None,
    };
    let anchors = vec![Vec::new(); annotations.len()];
    build_site(
        config,
        BaseUrl::parse("https://example.org/").unwrap(),
        Vec::new(),
        annotations.into_iter().map(Arc::new).collect(),
        AnchorResults {
            readers: Vec::new(),
            anchors,
        },
    )
}
