//! The article body renderer on any Markdown, with highlights at input-chosen places: never
//! panics, marks balance, and nothing in the HTML could run script.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use newsline::anchor::text::reader_text;
use newsline::render::article_body::{Highlight, render_article_body};

fuzz_target!(|input: (u16, u16, u16, u16, &str)| {
    let (a, b, c, d, markdown) = input;
    let reader = reader_text(markdown, 0);
    let text = &reader.text;
    let range = |x: u16, y: u16| {
        let mut start = text.len() * usize::from(x.min(y)) / usize::from(u16::MAX);
        let mut end = text.len() * usize::from(x.max(y)) / usize::from(u16::MAX);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        start..end
    };
    let highlights = vec![
        Highlight { range: range(a, b), key: "one".into(), annotation: "one".into() },
        Highlight { range: range(c, d), key: "two".into(), annotation: "two".into() },
    ];
    let note = |i: usize| format!("<aside id=\"note-{i}\">note</aside>");
    let body = render_article_body(markdown, 0, &highlights, &note);
    assert_eq!(body.html.matches("<mark").count(), body.html.matches("</mark>").count());
    common::assert_inert(&body.html);
    common::assert_inert(&newsline::render::markdown::markdown_to_html(markdown));
});
