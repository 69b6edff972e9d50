//! Exact HTML for highlights across elements, links and paragraphs, and for what is dropped
//! or escaped.

use super::*;
use crate::anchor::text::reader_text;

/// Highlights given as (annotation, quote) found by plain search in the reader text.
fn render(markdown: &str, quotes: &[(&str, &str)]) -> ArticleBody {
    let text = reader_text(markdown, 0).text;
    let highlights: Vec<Highlight> = quotes
        .iter()
        .map(|(annotation, quote)| {
            let start = text.find(quote).expect("quote in reader text");
            Highlight {
                range: start..start + quote.len(),
                key: annotation.to_string(),
                annotation: annotation.to_string(),
            }
        })
        .collect();
    render_article_body(markdown, 0, &highlights, &|i| {
        format!(
            "<aside id=\"note-{}\">{}</aside>\n",
            highlights[i].key,
            i + 1
        )
    })
}

#[test]
fn without_highlights_it_renders_like_push_html() {
    let markdown = "# Title\n\nSome *emphasis*, **strong**, ~~gone~~, `code` and a [link](https://x.test \"T\").  \nAfter a hard break.\n\n> Quoted\n> text\n\n1. one\n2. two\n   - nested\n\n3) three\n\n---\n\n```rust\nfn main() {}\n```\n\n    indented\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n![alt *text*](pic.png) &amp; done\n";
    let mut expected = String::new();
    pulldown_cmark::html::push_html(
        &mut expected,
        pulldown_cmark::Parser::new_ext(markdown, crate::anchor::text::MARKDOWN_OPTIONS),
    );
    let expected = expected.replace("\" />", "\" loading=\"lazy\" />");
    assert_eq!(render(markdown, &[]).html, expected);
}

#[test]
fn overlapping_highlights_nest_properly_and_split_at_elements() {
    let body = render(
        "One *two three* four.\n\nFive six seven.\n",
        &[("a", "two three four"), ("b", "three four.\n\nFive six")],
    );
    assert_eq!(
        body.html,
        "<p>One <em><mark id=\"hl-a\" class=\"hl\" data-annotation=\"a\">two </mark>\
<mark id=\"hl-b\" class=\"hl\" data-annotation=\"a b\">three</mark></em>\
<mark id=\"hl-b-2\" class=\"hl\" data-annotation=\"a b\"> four</mark>\
<a class=\"note-ref\" href=\"#note-a\" id=\"ref-a\">1</a>\
<mark id=\"hl-b-3\" class=\"hl\" data-annotation=\"b\">.</mark></p>\n\
<aside id=\"note-a\">1</aside>\n\
<p><mark id=\"hl-b-4\" class=\"hl\" data-annotation=\"b\">Five six</mark>\
<a class=\"note-ref\" href=\"#note-b\" id=\"ref-b\">2</a> seven.</p>\n\
<aside id=\"note-b\">2</aside>\n"
    );
    assert_eq!(body.first_mark_id, ["hl-a", "hl-b"]);
    assert_eq!(body.numbers, [1, 2]);
}

#[test]
fn highlights_starting_together_share_the_first_mark() {
    let body = render(
        "Alpha beta gamma.\n",
        &[("b", "Alpha beta"), ("a", "Alpha beta gamma")],
    );
    // `b` starts with `a`: the mark is `a`'s, and `b` keeps its own id on an empty anchor
    // so links to `#hl-b` still land on the passage.
    assert_eq!(
        body.html,
        "<p><span id=\"hl-b\" class=\"hl-start\"></span><mark id=\"hl-a\" class=\"hl\" data-annotation=\"a b\">Alpha beta</mark>\
<a class=\"note-ref\" href=\"#note-b\" id=\"ref-b\">1</a>\
<mark id=\"hl-a-2\" class=\"hl\" data-annotation=\"a\"> gamma</mark>\
<a class=\"note-ref\" href=\"#note-a\" id=\"ref-a\">2</a>.</p>\n\
<aside id=\"note-b\">1</aside>\n<aside id=\"note-a\">2</aside>\n"
    );
    assert_eq!(body.first_mark_id, ["hl-b", "hl-a"]);
}

#[test]
fn note_reference_waits_for_the_end_of_a_link_and_notes_for_the_top_level_block() {
    let body = render(
        "- see [the full report](https://x.test/r) here\n- next\n",
        &[("a", "see the full")],
    );
    assert_eq!(
        body.html,
        "<ul>\n<li><mark id=\"hl-a\" class=\"hl\" data-annotation=\"a\">see </mark>\
<a href=\"https://x.test/r\"><mark id=\"hl-a-2\" class=\"hl\" data-annotation=\"a\">the full</mark> report</a>\
<a class=\"note-ref\" href=\"#note-a\" id=\"ref-a\">1</a> here</li>\n<li>next</li>\n</ul>\n\
<aside id=\"note-a\">1</aside>\n"
    );
}

#[test]
fn unsafe_urls_are_dropped_but_their_text_stays() {
    let markdown = "[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](&#x6A;avascript:x) \
[d](<java\tscript:x>) [e](data:text/html,x) [f](vbscript:x) [g](https://ok.test) \
[h](/path) [i](#frag) [j](mailto:a@b.test) ![img](javascript:x)\n";
    assert_eq!(
        render(markdown, &[]).html,
        "<p>a b c d e f <a href=\"https://ok.test\">g</a> <a href=\"/path\">h</a> \
<a href=\"#frag\">i</a> <a href=\"mailto:a@b.test\">j</a> img</p>\n"
    );
}

#[test]
fn raw_html_is_escaped_and_can_be_highlighted() {
    let body = render(
        "Say <b onclick=\"x()\">hi</b>\n\n<script>alert(1)</script>\n",
        &[("a", "hi</b>")],
    );
    assert_eq!(
        body.html,
        "<p>Say &lt;b onclick=\"x()\"&gt;<mark id=\"hl-a\" class=\"hl\" data-annotation=\"a\">hi&lt;/b&gt;</mark>\
<a class=\"note-ref\" href=\"#note-a\" id=\"ref-a\">1</a></p>\n<aside id=\"note-a\">1</aside>\n\
<pre class=\"raw-html\">&lt;script&gt;alert(1)&lt;/script&gt;\n</pre>\n"
    );
}

#[test]
fn a_highlight_covering_no_text_gets_its_note_at_the_end() {
    let highlights = [Highlight {
        range: 3..3,
        key: "a".into(),
        annotation: "a".into(),
    }];
    let body = render_article_body("Hello\n", 0, &highlights, &|i| {
        format!("<aside>{}</aside>", i + 1)
    });
    assert_eq!(body.html, "<p>Hello</p>\n<aside>1</aside>");
    assert_eq!(body.first_mark_id, [""]);
}

#[test]
fn escaping_replaces_only_markup_characters_between_any_text() {
    let mut body = String::new();
    safety::escape_body(&mut body, "«a&b» <é>\"'");
    assert_eq!(body, "«a&amp;b» &lt;é&gt;\"'");
    let mut attribute = String::new();
    safety::escape_attribute(&mut attribute, "é\"x'&<>ü");
    assert_eq!(attribute, "é&quot;x&#39;&amp;&lt;&gt;ü");
}
