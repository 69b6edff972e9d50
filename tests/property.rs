//! Property tests on random input, for a bounded time: front matter parsing, date parsing,
//! reader text extraction, quote matching, article body rendering and slugs never panic and
//! keep their invariants. The Markdown renderer's output is scanned for anything that could
//! run script.
//!
//! Each property runs for `NEWSLINE_FUZZ_SECS` seconds (default 3) from the seed
//! `NEWSLINE_FUZZ_SEED` (default fixed); a failure prints the seed, the iteration and the
//! input. The same targets run under libFuzzer in `fuzz/` for longer campaigns.

mod hardening;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use hardening::random::{markdown, mutate, run};
use hardening::scan::scan_html;
use newsline::anchor::fold::Folded;
use newsline::anchor::matcher::{MatchResult, Searchable, Selector, find};
use newsline::anchor::text::reader_text;
use newsline::date::Date;
use newsline::diag::{Diagnostic, Sources, render_human, render_json};
use newsline::load::{SourceText, parse_annotation, parse_article, parse_site_config};
use newsline::model::names::assign_slugs;
use newsline::render::article_body::{Highlight, render_article_body};

const ARTICLE_SEED: &str = "+++\ntitle = \"Report: Trump already fed up\"\noutlet = \"Hot Air\"\npublished = \"2017-06-06\"\nauthor = \"Allahpundit\"\nurl = \"https://hotair.com/x\"\nnotes = \"\"\"\nSome *notes*.\n\"\"\"\nremoved = [\"Share this\", \"Advertisement\"]\n+++\n\nImagine if Sessions quit.\n\n> A quoted “paragraph” — with dashes.\n";
const ANNOTATION_SEED: &str = "+++\ntitle = \"Trump fires Comey\"\ndate = \"2017-05-09\"\nkind = \"event\"\ntags = [\"comey\", \"russia investigation\"]\npeople = [\"Donald Trump\", \"James Comey\"]\n\n[[anchors]]\narticle = \"hot-air-2017-06-06\"\nquote = \"on the heels of dismissing\"\nprefix = \"risky\"\nsuffix = \"director\"\n+++\nTrump dismissed Comey on 9 May.\n";
const YAML_SEED: &str = "---\ntitle: \"Trump fires Comey\"\ndate: 2017-05-09\nkind: event\ntags: [comey, \"russia investigation\"]\npeople:\n  - Donald Trump\nanchors:\n  - article: a\n    quote: \"on the heels\"\n---\nBody text.\n";
const SITE_SEED: &str = "title = \"Sessions\"\ndescription = \"D\"\nbase_url = \"https://example.github.io/x/\"\nlanguage = \"en\"\n\n[timeline]\nstart = \"2017-03-02\"\nend = \"2017-07-31\"\n\n[[eras]]\ntitle = \"The recusal\"\nstart = \"2017-03-02\"\nend = \"2017-05-07\"\ndescription = \"After.\"\n\n[build]\ntimeline_page_size = 10\n";

/// The seed files: the built-in ones and every content file of the repository's sample site.
fn seeds() -> Vec<String> {
    let mut seeds: Vec<String> = [ARTICLE_SEED, ANNOTATION_SEED, YAML_SEED, SITE_SEED]
        .map(String::from)
        .to_vec();
    let content = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.file_type().is_file()
            && let Ok(text) = std::fs::read_to_string(entry.path())
        {
            seeds.push(text);
        }
    }
    seeds
}

#[track_caller]
fn assert_span(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} splits a character"
    );
}

/// Spans inside the file, on character boundaries, and every diagnostic prints.
fn check_diagnostics(path: &std::path::Path, text: &Arc<str>, diagnostics: &[Diagnostic]) {
    let mut sources = Sources::default();
    sources.insert(path.to_path_buf(), text.clone());
    for diagnostic in diagnostics {
        if let Some(span) = &diagnostic.span {
            assert_span(text, span, diagnostic.code);
        }
        assert!(!diagnostic.message.is_empty());
        assert!(
            !diagnostic.message.ends_with('.'),
            "message ends with a full stop: {}",
            diagnostic.message
        );
        let _ = render_human(diagnostic, &sources);
        let _ = render_json(diagnostic, &sources);
    }
}

#[test]
fn front_matter_parsing_never_panics_and_spans_stay_in_the_file() {
    let seeds = seeds();
    run(
        "front matter",
        |rng| {
            let seed = rng.pick(&seeds).clone();
            mutate(rng, &seed)
        },
        |text| {
            let text: Arc<str> = Arc::from(text.as_str());
            let article = SourceText {
                path: PathBuf::from("content/articles/fuzz-article.md"),
                text: text.clone(),
            };
            let (doc, diagnostics) = parse_article(&article);
            check_diagnostics(&article.path, &text, &diagnostics);
            if let Some(doc) = doc {
                assert_span(&text, &doc.body, "article body");
            }
            let annotation = SourceText {
                path: PathBuf::from("content/annotations/fuzz-note.md"),
                text: text.clone(),
            };
            let (doc, diagnostics) = parse_annotation(&annotation);
            check_diagnostics(&annotation.path, &text, &diagnostics);
            if let Some(doc) = doc {
                assert_span(&text, &doc.body, "annotation body");
                for anchor in &doc.anchors {
                    assert_span(&text, &anchor.quote.span, "quote");
                    assert_span(&text, &anchor.article.span, "article");
                }
                if let Some(date) = &doc.date {
                    assert_span(&text, &date.span, "date");
                }
            }
            let config = SourceText {
                path: PathBuf::from("content/site.toml"),
                text: text.clone(),
            };
            let (_, diagnostics) = parse_site_config(&config);
            check_diagnostics(&config.path, &text, &diagnostics);
        },
    );
}

const DATE_PIECES: &[&str] = &[
    "2017",
    "-",
    "06",
    "-",
    "01",
    "/",
    "..",
    "?",
    "~",
    "%",
    "X",
    "XX",
    "T",
    "10:00",
    ":00",
    "Z",
    "+05:00",
    "-08:00",
    "21",
    "24",
    "33",
    "40",
    "99999",
    "-0001",
    "Y",
    "Y170000002",
    "S3",
    "E",
    "00",
    "13",
    "29",
    "30",
    "31",
    "0",
    " ",
    "é",
    "٢٠١٧",
    "２０１７",
    "2017-02-29",
    "2016-02-29",
    "1e9",
    "+",
    "[",
    "]",
    "{",
    ",",
    "9999999999999999999",
];

#[test]
fn date_parsing_never_panics_and_round_trips() {
    run(
        "dates",
        |rng| {
            let mut text = String::new();
            for _ in 0..rng.below(10) {
                text.push_str(rng.word(DATE_PIECES));
            }
            text
        },
        |text| {
            if let Ok(date) = Date::parse(text) {
                let _ = (
                    date.display(),
                    date.sort_key(),
                    date.start_utc(),
                    date.end_utc(),
                );
                let edtf = date.edtf();
                assert_eq!(
                    Date::parse(&edtf).as_ref(),
                    Ok(&date),
                    "{text:?} → {edtf:?}"
                );
                assert!(
                    date.start_utc() <= date.end_utc(),
                    "{text:?} ends before it starts"
                );
            }
        },
    );
}

#[derive(Debug)]
struct Anchoring {
    markdown: String,
    base: usize,
    /// Where the quote is cut from the reader text (as fractions of its length, in 1/1000).
    cut: (usize, usize),
    /// A quote that is not from the text.
    foreign: String,
    prefix: Option<String>,
}

#[test]
fn reader_text_maps_back_to_the_markdown_and_quotes_from_it_are_found() {
    run(
        "anchoring",
        |rng| Anchoring {
            markdown: markdown(rng),
            base: rng.below(1000),
            cut: (rng.below(1001), rng.below(1001)),
            foreign: markdown(rng),
            prefix: rng.chance(30).then(|| markdown(rng)),
        },
        |input| {
            let md = &input.markdown;
            let reader = reader_text(md, input.base);
            let text = &reader.text;
            let mut last_end = 0;
            for segment in &reader.segments {
                assert_span(text, &segment.text, "segment text");
                assert!(segment.text.start >= last_end, "segments out of order");
                last_end = segment.text.end;
                let source = segment
                    .source
                    .start
                    .checked_sub(input.base)
                    .expect("source before base")
                    ..segment
                        .source
                        .end
                        .checked_sub(input.base)
                        .expect("source before base");
                assert_span(md, &source, "segment source");
                if segment.verbatim {
                    assert_eq!(
                        &md[source.clone()],
                        &text[segment.text.clone()],
                        "verbatim segment differs"
                    );
                }
            }
            // A passage cut from the reader text.
            let (a, b) = input.cut;
            let mut start = text.len() * a.min(b) / 1000;
            let mut end = text.len() * a.max(b) / 1000;
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            // (A body without text has no segments and maps everything to 0; nothing points
            // into such a body, so only bodies with text are checked.)
            if !reader.segments.is_empty() {
                let source = reader.source_range(start..end);
                assert!(
                    source.start >= input.base && source.end <= input.base + md.len(),
                    "source_range out of the body"
                );
            }
            let quote = text[start..end].trim();
            let searchable = Searchable::new(text);
            for selector in [
                Selector {
                    quote,
                    prefix: None,
                    suffix: None,
                },
                Selector {
                    quote: &input.foreign,
                    prefix: input.prefix.as_deref(),
                    suffix: None,
                },
                Selector {
                    quote,
                    prefix: input.prefix.as_deref(),
                    suffix: Some(&input.foreign),
                },
            ] {
                match find(&searchable, &selector) {
                    MatchResult::Unique { range, .. } => assert_span(text, &range, "match"),
                    MatchResult::Ambiguous { places } => {
                        for place in places {
                            assert_span(text, &place.range, "place");
                        }
                    }
                    MatchResult::NotFound {
                        closest: Some(closest),
                    } => assert_span(text, &closest.range, "closest"),
                    MatchResult::NotFound { closest: None } | MatchResult::EmptyQuote => {}
                }
            }
            // Found where it is, when it is there exactly once, also with typographic variants
            // folded (the matcher ignores invisible characters and folds quotes and dashes).
            let folded_text = Folded::new(text).text;
            let folded_quote = Folded::new(quote).text;
            let folded_quote = folded_quote.trim();
            if !folded_quote.is_empty()
                && occurrences(text, quote) == 1
                && occurrences(&folded_text, folded_quote) == 1
            {
                match find(
                    &searchable,
                    &Selector {
                        quote,
                        prefix: None,
                        suffix: None,
                    },
                ) {
                    MatchResult::Unique { range, exact } => {
                        assert!(exact);
                        assert!(
                            range.start >= start && range.end <= end,
                            "{quote:?} cut at {start}..{end} but matched at {range:?}"
                        );
                    }
                    other => panic!("{quote:?} is in the text once, but: {other:?}"),
                }
            }
        },
    );
}

/// How many times `needle` occurs in `haystack`, overlapping occurrences included.
fn occurrences(haystack: &str, needle: &str) -> usize {
    haystack
        .char_indices()
        .filter(|&(at, _)| haystack[at..].starts_with(needle))
        .count()
}

#[derive(Debug)]
struct Rendering {
    markdown: String,
    highlights: Vec<(usize, usize)>,
}

#[test]
fn rendered_markdown_cannot_run_script_and_marks_nest() {
    run(
        "article body",
        |rng| Rendering {
            markdown: markdown(rng),
            highlights: (0..rng.below(5))
                .map(|_| (rng.below(1001), rng.below(1001)))
                .collect(),
        },
        |input| {
            let reader = reader_text(&input.markdown, 0);
            let text = &reader.text;
            let highlights: Vec<Highlight> = input
                .highlights
                .iter()
                .enumerate()
                .map(|(i, &(a, b))| {
                    let mut start = text.len() * a.min(b) / 1000;
                    let mut end = text.len() * a.max(b) / 1000;
                    while !text.is_char_boundary(start) {
                        start -= 1;
                    }
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    Highlight {
                        range: start..end,
                        key: format!("k{i}"),
                        annotation: format!("note-{i}"),
                    }
                })
                .collect();
            let note = |i: usize| format!("<aside id=\"note-k{i}\">note</aside>");
            let body = render_article_body(&input.markdown, 0, &highlights, &note);
            assert_eq!(body.first_mark_id.len(), highlights.len());
            let html = &body.html;
            let page = format!("<!DOCTYPE html><html><head></head><body>{html}</body></html>");
            let findings = scan_html("body.html", &page);
            assert!(findings.is_empty(), "{findings:#?}\n{html}");
            assert_eq!(
                html.matches("<mark").count(),
                html.matches("</mark>").count(),
                "unbalanced marks:\n{html}"
            );
            let commentary = newsline::render::markdown::markdown_to_html(&input.markdown);
            let page =
                format!("<!DOCTYPE html><html><head></head><body>{commentary}</body></html>");
            let findings = scan_html("commentary.html", &page);
            assert!(findings.is_empty(), "{findings:#?}\n{commentary}");
        },
    );
}

#[test]
fn slugs_are_distinct_and_portable() {
    let long = "x".repeat(70);
    let pieces: &[&str] = &[
        "Trump",
        "trump",
        "TRUMP",
        "Café",
        "Cafe\u{301}",
        "..",
        "/",
        "\\",
        "CON",
        "nul",
        "-",
        " ",
        "é",
        "🙂",
        "日本",
        "\u{0}",
        "\n",
        ".",
        "a",
        "1",
        "com1",
        &long,
    ];
    run(
        "slugs",
        |rng| -> Vec<String> {
            (0..1 + rng.below(8))
                .map(|_| (0..rng.below(5)).map(|_| *rng.pick(pieces)).collect())
                .collect()
        },
        |names| {
            let slugs = assign_slugs(names.iter().map(String::as_str));
            let distinct: std::collections::BTreeSet<&String> = slugs.values().collect();
            assert_eq!(distinct.len(), slugs.len(), "{slugs:?}");
            for name in names {
                let slug = &slugs[name];
                assert!(!slug.is_empty() && slug.len() <= 80, "{slug:?}");
                assert!(
                    slug.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                    "{slug:?}"
                );
                assert!(!slug.starts_with('-') && !slug.ends_with('-'), "{slug:?}");
                assert!(!["con", "nul", "com1", "aux", "prn"].contains(&slug.as_str()));
            }
        },
    );
}
