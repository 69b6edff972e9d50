//! Markdown to safe HTML for commentary and notes: raw HTML is escaped and only safe URL
//! schemes survive (the same renderer as article bodies, without highlights).

use super::article_body::render_article_body;

pub fn markdown_to_html(markdown: &str) -> String {
    render_article_body(markdown, 0, &[], &|_| String::new()).html
}

pub use super::article_body::is_safe_url;
