//! Reader text extraction and quote matching: the first line of the input is the quote (and
//! an optional prefix after a tab), the rest is the article's Markdown. Never panics; every
//! segment and match lies inside its text on char boundaries.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use newsline::anchor::matcher::{MatchResult, Searchable, Selector, find};
use newsline::anchor::text::reader_text;

fuzz_target!(|input: &str| {
    let (first, markdown) = input.split_once('\n').unwrap_or((input, ""));
    let (quote, prefix) = match first.split_once('\t') {
        Some((quote, prefix)) => (quote, Some(prefix)),
        None => (first, None),
    };
    let base = 7;
    let reader = reader_text(markdown, base);
    for segment in &reader.segments {
        common::assert_span(&reader.text, &segment.text);
        common::assert_span(markdown, &(segment.source.start - base..segment.source.end - base));
    }
    let searchable = Searchable::new(&reader.text);
    let selector = Selector { quote, prefix, suffix: None };
    match find(&searchable, &selector) {
        MatchResult::Unique { range, .. } => common::assert_span(&reader.text, &range),
        MatchResult::Ambiguous { places } => {
            for place in places {
                common::assert_span(&reader.text, &place.range);
            }
        }
        MatchResult::NotFound { closest: Some(closest) } => {
            common::assert_span(&reader.text, &closest.range)
        }
        _ => {}
    }
});
