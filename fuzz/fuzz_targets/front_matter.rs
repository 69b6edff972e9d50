//! Front matter splitting and parsing (TOML and YAML) into articles, annotations and the site
//! configuration: never panics, and every span points inside the file on char boundaries.
#![no_main]

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use newsline::diag::{Sources, render_human};
use newsline::load::{SourceText, parse_annotation, parse_article, parse_site_config};

fuzz_target!(|input: &str| {
    let text: Arc<str> = Arc::from(input);
    let source = |path: &str| SourceText {
        path: PathBuf::from(path),
        text: text.clone(),
    };
    let mut sources = Sources::default();
    for path in ["content/articles/a.md", "content/annotations/n.md", "content/site.toml"] {
        sources.insert(PathBuf::from(path), text.clone());
    }
    let (article, mut diagnostics) = parse_article(&source("content/articles/a.md"));
    if let Some(article) = article {
        common::assert_span(input, &article.body);
    }
    let (annotation, more) = parse_annotation(&source("content/annotations/n.md"));
    diagnostics.extend(more);
    if let Some(annotation) = annotation {
        common::assert_span(input, &annotation.body);
        for anchor in &annotation.anchors {
            common::assert_span(input, &anchor.quote.span);
            common::assert_span(input, &anchor.article.span);
        }
    }
    let (_, more) = parse_site_config(&source("content/site.toml"));
    diagnostics.extend(more);
    for diagnostic in &diagnostics {
        if let Some(span) = &diagnostic.span {
            common::assert_span(input, span);
        }
        let _ = render_human(diagnostic, &sources);
    }
});
