//! Runs every example in `specs/anchoring.md`, the literate spec of how quotes anchor.
//!
//! An example is a ````` ````example ````` block in three parts separated by lines holding
//! only `.`: the article's Markdown, the selector(s) in TOML, and what must happen. The
//! expectation is one of:
//!
//! - `exact match:` or `tolerant match:` and the reader text with the match in `⟦…⟧`;
//! - a diagnostic: `error[code]: message`, then `  = note: …` and `  = help: …` lines, for an
//!   article at `articles/a.md` whose whole file is the Markdown;
//! - `html:` and the article body HTML for `[[anchors]]` (each with an `annotation`), notes
//!   rendered as `<aside id="note-KEY">NUMBER</aside>`.
//!
//! Every failing example is reported, with its line in the spec, before the test fails.

use std::path::Path;

use newsline::anchor::explain::explain;
use newsline::anchor::matcher::{MatchResult, Searchable, Selector, find};
use newsline::anchor::text::reader_text;
use newsline::diag::Diagnostic;
use newsline::load::{AnchorSpec, Spanned};
use newsline::render::article_body::{Highlight, render_article_body};

const SPEC: &str = "specs/anchoring.md";

struct Example {
    line: usize,
    markdown: String,
    selectors: String,
    expected: String,
}

fn examples(spec: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut lines = spec.lines().enumerate();
    while let Some((number, line)) = lines.next() {
        if line != "````example" {
            continue;
        }
        let mut parts = vec![String::new()];
        for (_, line) in lines.by_ref() {
            match line {
                "````" => break,
                "." => parts.push(String::new()),
                _ => {
                    let part = parts.last_mut().expect("parts is never empty");
                    part.push_str(line);
                    part.push('\n');
                }
            }
        }
        let [markdown, selectors, expected] = <[String; 3]>::try_from(parts)
            .unwrap_or_else(|_| panic!("{SPEC}:{}: an example has three parts", number + 1));
        examples.push(Example {
            line: number + 1,
            markdown,
            selectors,
            expected: expected.trim_end().to_owned(),
        });
    }
    examples
}

fn string<'t>(table: &'t toml::Table, key: &str) -> Option<&'t str> {
    table.get(key).and_then(toml::Value::as_str)
}

fn selector(table: &toml::Table) -> Selector<'_> {
    Selector {
        quote: string(table, "quote").unwrap_or_default(),
        prefix: string(table, "prefix"),
        suffix: string(table, "suffix"),
    }
}

/// What actually happens for an example, written in the example's expectation format.
fn outcome(example: &Example) -> String {
    let table: toml::Table = match toml::from_str(&example.selectors) {
        Ok(table) => table,
        Err(error) => return format!("bad selector TOML: {error}"),
    };
    let reader = reader_text(&example.markdown, 0);
    let searchable = Searchable::new(&reader.text);
    if let Some(anchors) = table.get("anchors").and_then(toml::Value::as_array) {
        let mut highlights = Vec::new();
        for anchor in anchors.iter().filter_map(toml::Value::as_table) {
            let annotation = string(anchor, "annotation").unwrap_or_default();
            match find(&searchable, &selector(anchor)) {
                MatchResult::Unique { range, .. } => highlights.push(Highlight {
                    range,
                    key: annotation.to_owned(),
                    annotation: annotation.to_owned(),
                }),
                other => return format!("anchor of `{annotation}` did not match: {other:?}"),
            }
        }
        let body = render_article_body(&example.markdown, 0, &highlights, &|i| {
            format!(
                "<aside id=\"note-{}\">{}</aside>\n",
                highlights[i].key,
                i + 1
            )
        });
        return format!("html:\n{}", body.html.trim_end());
    }
    let result = find(&searchable, &selector(&table));
    if let MatchResult::Unique { range, exact } = &result {
        let kind = if *exact { "exact" } else { "tolerant" };
        let text = &reader.text;
        return format!(
            "{kind} match:\n{}⟦{}⟧{}",
            &text[..range.start],
            &text[range.clone()],
            &text[range.end..]
        );
    }
    let diagnostic = explain(
        &result,
        &reader,
        Path::new("articles/a.md"),
        &example.markdown,
        Path::new("annotations/n.md"),
        &anchor_spec(&selector(&table)),
    );
    summary(&diagnostic)
}

/// An `[[anchors]]` entry as the loader would give it (spans do not matter here).
fn anchor_spec(selector: &Selector) -> AnchorSpec {
    let spanned = |value: &str| Spanned {
        value: value.to_owned(),
        span: 0..0,
    };
    AnchorSpec {
        article: spanned("a"),
        quote: spanned(selector.quote),
        prefix: selector.prefix.map(spanned),
        suffix: selector.suffix.map(spanned),
    }
}

fn summary(diagnostic: &Diagnostic) -> String {
    let mut lines = vec![format!(
        "{}[{}]: {}",
        diagnostic.severity.as_str(),
        diagnostic.code,
        diagnostic.message
    )];
    lines.extend(
        diagnostic
            .notes
            .iter()
            .map(|note| format!("  = note: {note}")),
    );
    lines.extend(
        diagnostic
            .help
            .iter()
            .map(|help| format!("  = help: {help}")),
    );
    lines.join("\n")
}

#[test]
fn every_example_in_the_anchoring_spec_holds() {
    let spec = std::fs::read_to_string(SPEC).expect("specs/anchoring.md is readable");
    let examples = examples(&spec);
    assert!(examples.len() >= 15, "the spec has its examples");
    let failures: Vec<String> = examples
        .iter()
        .filter_map(|example| {
            let actual = outcome(example);
            (actual != example.expected).then(|| {
                format!(
                    "{SPEC}:{}\n--- expected\n{}\n--- actual\n{actual}\n",
                    example.line, example.expected
                )
            })
        })
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// A 10,000-character quote against a large (800 kB) article still returns (found or not); this
/// guards against alignment or search cost growing with article size × quote size.
#[test]
fn a_long_quote_in_a_large_article_returns() {
    let paragraph = |n: usize| {
        format!(
            "Paragraph {n} says the committee met on day {n} and heard from witness number {n}, \
             who said “the vote — as planned — would go ahead…” before leaving.\n\n"
        )
    };
    let markdown: String = (0..5_000).map(paragraph).collect();
    let reader = reader_text(&markdown, 0);
    let searchable = Searchable::new(&reader.text);
    let start = reader
        .text
        .find("Paragraph 3000 ")
        .expect("generated paragraph");
    let mut end = start + 10_000;
    while !reader.text.is_char_boundary(end) {
        end += 1;
    }
    let quote = reader.text[start..end].to_owned();
    let found = find(
        &searchable,
        &Selector {
            quote: &quote,
            prefix: None,
            suffix: None,
        },
    );
    assert_eq!(
        found,
        MatchResult::Unique {
            range: start..end,
            exact: true
        }
    );
    // The same quote with one word changed near its end is not found, but explained.
    let changed = quote.replacen("witness number 3030", "witness number 99999", 1);
    assert_ne!(changed, quote);
    let missed = find(
        &searchable,
        &Selector {
            quote: &changed,
            prefix: None,
            suffix: None,
        },
    );
    let MatchResult::NotFound {
        closest: Some(closest),
    } = missed
    else {
        panic!("expected a closest passage, got {missed:?}");
    };
    assert_eq!(
        closest.explanation,
        "the article has `number 3030,` where the quote has `number 99999,`"
    );
}

/// Odd Markdown and odd selectors never panic, a quote copied from the reader text is
/// always found (once or ambiguously), and overlapping highlights give nested HTML. Inputs come from a fixed pseudo-random sequence.
#[test]
fn odd_inputs_never_panic_and_copied_quotes_are_found() {
    const PIECES: [&str; 28] = [
        "a", "b", "word", " ", "  ", "\n", "\n\n", "*", "_", "[", "](x)", "`", "<b>", "&amp;", "-",
        "--", "—", "“", "’", "'", ".", "...", "é", "\u{a0}", "\u{ad}", "# ", "> ", "\\",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound.max(1) as u64) as usize
    };
    for _ in 0..400 {
        let markdown: String = (0..next(60)).map(|_| PIECES[next(PIECES.len())]).collect();
        let reader = reader_text(&markdown, 3);
        let searchable = Searchable::new(&reader.text);
        let boundaries: Vec<usize> = (0..=reader.text.len())
            .filter(|&i| reader.text.is_char_boundary(i))
            .collect();
        let mut highlights = Vec::new();
        for key in 0..6 {
            let (a, b) = (
                boundaries[next(boundaries.len())],
                boundaries[next(boundaries.len())],
            );
            let (start, end) = (a.min(b), a.max(b));
            let quote = &reader.text[start..end];
            let prefix = Some(&reader.text[boundaries[next(boundaries.len())].min(start)..start]);
            let result = find(
                &searchable,
                &Selector {
                    quote,
                    prefix: None,
                    suffix: None,
                },
            );
            let visible = quote.trim_matches(|c: char| c.is_whitespace() || c == '\u{ad}');
            if !visible.is_empty() {
                assert!(
                    matches!(
                        result,
                        MatchResult::Unique { exact: true, .. } | MatchResult::Ambiguous { .. }
                    ),
                    "{quote:?} in {:?}: {result:?}",
                    reader.text
                );
            }
            let narrowed = find(
                &searchable,
                &Selector {
                    quote,
                    prefix,
                    suffix: Some(quote),
                },
            );
            let _ = explain(
                &narrowed,
                &reader,
                Path::new("articles/a.md"),
                &markdown,
                Path::new("annotations/n.md"),
                &anchor_spec(&Selector {
                    quote,
                    prefix,
                    suffix: Some(quote),
                }),
            );
            highlights.push(Highlight {
                range: start + next(3)..end + next(3),
                key: key.to_string(),
                annotation: format!("n{}", key % 3),
            });
        }
        let body = render_article_body(&markdown, 3, &highlights, &|i| i.to_string());
        assert_properly_nested(&body.html);
    }
}

/// Every element closes in the order it opened (text is escaped, so `<` starts a tag).
#[track_caller]
fn assert_properly_nested(html: &str) {
    let mut open: Vec<&str> = Vec::new();
    for tag in html.split('<').skip(1) {
        let tag = &tag[..tag.find('>').expect("tags are closed")];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop(), Some(name), "in {html}");
        } else {
            let name = tag.split([' ', '/']).next().unwrap_or_default();
            if !tag.ends_with('/') && !matches!(name, "br" | "hr" | "img") {
                open.push(name);
            }
        }
    }
    assert!(open.is_empty(), "unclosed {open:?} in {html}");
}
