//! What may be written: which link and image URLs are allowed, and escaping.

use std::borrow::Cow;
use std::fmt::Write as _;

/// True when a link or image URL may be written (see [`safe_url`]).
pub fn is_safe_url(url: &str) -> bool {
    has_allowed_scheme(&cleaned_url(url))
}

/// The URL to write for a link or image, or `None` when its scheme is not allowed. Only
/// `http`, `https`, `mailto` and scheme-less URLs (paths, `?query`, `#fragment`) pass.
/// Entities were decoded by the parser already; the tabs, line breaks and leading control
/// characters that browsers ignore are removed before the scheme is read, so `java\tscript:`
/// or ` javascript:` cannot slip through.
pub fn safe_url(url: &str) -> Option<String> {
    let cleaned = cleaned_url(url);
    has_allowed_scheme(&cleaned).then(|| cleaned.into_owned())
}

/// `url` without what browsers ignore in it; borrowed when nothing is removed from within,
/// as for nearly every URL (every article and source has one).
fn cleaned_url(url: &str) -> Cow<'_, str> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    if trimmed.contains(['\t', '\n', '\r']) {
        Cow::Owned(
            (trimmed.chars())
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect(),
        )
    } else {
        Cow::Borrowed(trimmed)
    }
}

fn has_allowed_scheme(cleaned: &str) -> bool {
    match cleaned.find([':', '/', '?', '#']) {
        Some(at) if cleaned[at..].starts_with(':') => {
            let scheme = &cleaned[..at];
            ["http", "https", "mailto"]
                .iter()
                .any(|allowed| scheme.eq_ignore_ascii_case(allowed))
        }
        _ => true,
    }
}

/// Escapes text for an element's content: `&`, `<` and `>`.
pub(super) fn escape_body(out: &mut String, text: &str) {
    escape_with(out, text, |byte| match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        _ => None,
    });
}

/// Escapes text for a quoted attribute value.
pub(super) fn escape_attribute(out: &mut String, text: &str) {
    escape_with(out, text, |byte| match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    });
}

/// Copies `text` with each ASCII byte `entity` names replaced, a run of text at a time
/// (article bodies are most of what the site escapes).
fn escape_with(out: &mut String, text: &str, entity: impl Fn(u8) -> Option<&'static str>) {
    let mut copied = 0;
    for (at, byte) in text.bytes().enumerate() {
        if let Some(entity) = entity(byte) {
            // `byte` is ASCII, so `at` is a character boundary.
            out.push_str(&text[copied..at]);
            out.push_str(entity);
            copied = at + 1;
        }
    }
    out.push_str(&text[copied..]);
}

/// Escapes a URL for an `href` or `src` like `push_html` does: characters that are not safe
/// in a URL are percent-encoded, `&` and `'` become entities.
pub(super) fn escape_href(out: &mut String, url: &str) {
    for c in url.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#x27;"),
            c if c.is_ascii_alphanumeric() || "!#$%()*+,-./:;=?@^_~".contains(c) => out.push(c),
            c => {
                let mut buffer = [0; 4];
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    let _ = write!(out, "%{byte:02X}");
                }
            }
        }
    }
}
