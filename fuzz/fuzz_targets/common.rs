//! Checks shared by the fuzz targets.

#![allow(dead_code, reason = "each fuzz target uses only some of these checks")]

use std::ops::Range;

/// A span inside `text`, on char boundaries.
pub fn assert_span(text: &str, span: &Range<usize>) {
    assert!(span.start <= span.end && span.end <= text.len(), "span {span:?} outside {} bytes", text.len());
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "span {span:?} splits a char");
}

const FORBIDDEN: &[&str] = &[
    "script", "iframe", "frame", "object", "embed", "applet", "style", "base", "form", "svg",
    "math", "meta", "link", "template", "noscript", "textarea", "xmp", "plaintext",
];

/// Renderer output (double-quoted attributes, escaped text) is tokenized: no forbidden
/// element, no event handler attribute, no script URL in `href` or `src`.
pub fn assert_inert(html: &str) {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let name_end = tag.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        assert!(name.chars().all(|c| c.is_ascii_alphanumeric()), "odd tag <{tag}> in {html}");
        assert!(!FORBIDDEN.contains(&name.as_str()), "<{name}> in {html}");
        for (attribute, value) in attributes(&tag[name_end..]) {
            assert!(!attribute.starts_with("on"), "{attribute} in {html}");
            if attribute == "href" || attribute == "src" {
                let decoded = decode(value);
                let cleaned: String = decoded
                    .trim_matches(|c: char| c <= ' ')
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect::<String>()
                    .to_ascii_lowercase();
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(!cleaned.starts_with(scheme), "{attribute}={value:?} in {html}");
                }
            }
        }
    }
}

/// Where the tag that starts `rest` ends: the first `>` outside double quotes.
fn tag_end(rest: &str) -> usize {
    let mut quoted = false;
    for (i, c) in rest.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return i,
            _ => {}
        }
    }
    panic!("unterminated tag: <{rest}");
}

/// `name="value"` pairs; a bare attribute has an empty value. Anything else is a failure.
fn attributes(mut rest: &str) -> Vec<(String, &str)> {
    let mut found = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest == "/" {
            return found;
        }
        let name_end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "odd attribute name {name:?}"
        );
        rest = &rest[name_end..];
        if let Some(after) = rest.strip_prefix("=\"") {
            let close = after.find('"').expect("closing quote");
            found.push((name, &after[..close]));
            rest = &after[close + 1..];
        } else {
            assert!(!rest.starts_with('='), "unquoted attribute value for {name}");
            found.push((name, ""));
        }
    }
}

/// Decodes `&amp;`, `&quot;`, `&lt;`, `&gt;`, `&#39;` and numeric references.
fn decode(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').unwrap_or(rest.len() - 1);
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
