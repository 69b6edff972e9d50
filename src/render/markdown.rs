//! Markdown to safe HTML for commentary and notes: raw HTML is escaped and only safe URL
//! schemes survive (the same renderer as article bodies, without highlights).

use super::article_body::render_article_body;

pub fn markdown_to_html(markdown: &str) -> String {
    render_article_body(markdown, 0, &[], &|_| String::new()).html
}

/// The HTML of `markdown` and a plain-text summary of it (see [`summary_of_text`]), from one
/// parse.
pub fn markdown_to_html_and_summary(markdown: &str) -> (String, String) {
    let body = render_article_body(markdown, 0, &[], &|_| String::new());
    (body.html, summary_of_text(&body.text))
}

/// A page description: the text with white space collapsed, cut at 200 characters.
pub fn summary_of_text(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 200 {
        return flat;
    }
    let cut: String = flat.chars().take(197).collect();
    format!("{}…", cut.trim_end())
}

pub use super::article_body::is_safe_url;
