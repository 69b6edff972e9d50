//! Slugs: the names of articles and annotations in URLs and anchors, taken from file names.
//!
//! A slug matches `^[a-z0-9]+(-[a-z0-9]+)*$`. When one does not, the diagnostic suggests
//! the nearest slug that does.

use std::path::Path;

use crate::diag::Diagnostic;

/// The slug of a document: its file name without `.md`, if that is a valid slug.
pub fn slug_of(file: &Path, what: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    if crate::model::names::WINDOWS_RESERVED.contains(&stem.as_ref()) {
        let message = format!("{what} file name `{stem}` is a reserved device name on Windows");
        diagnostics.push(
            Diagnostic::error("invalid-slug", file, message)
                .with_help(format!("rename the file, e.g. `{stem}-1.md`, so the site can be checked out and served everywhere")),
        );
        return None;
    }
    if is_valid_slug(&stem) {
        return Some(stem.into_owned());
    }
    let message = format!("{what} file name `{stem}` is not a valid slug");
    diagnostics.push(slug_diagnostic(file, message, &stem, ".md"));
    None
}

/// An `invalid-slug` error whose help suggests the nearest valid slug to `written`.
pub fn slug_diagnostic(file: &Path, message: String, written: &str, extension: &str) -> Diagnostic {
    let rule = "slugs are lowercase letters and digits, with single hyphens between words";
    let suggestion = slugify(written);
    let help = if suggestion.is_empty() {
        format!("rename it: {rule}")
    } else if extension.is_empty() {
        format!("write `{suggestion}`: {rule}")
    } else {
        format!("rename the file to `{suggestion}{extension}`: {rule}")
    };
    Diagnostic::error("invalid-slug", file, message).with_help(help)
}

/// `^[a-z0-9]+(-[a-z0-9]+)*$`.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The nearest valid slug: lowercase ASCII letters and digits, common accented letters
/// without their accents, anything else a hyphen.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            slug.push(c);
        } else if let Some(plain) = without_accent(c) {
            slug.push_str(plain);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The ASCII spelling of a lowercase Latin letter with a diacritic, for slug suggestions.
fn without_accent(c: char) -> Option<&'static str> {
    const LETTERS: [(&str, &str); 14] = [
        ("àáâãäåā", "a"),
        ("çćč", "c"),
        ("ď", "d"),
        ("èéêëēěę", "e"),
        ("ìíîïī", "i"),
        ("ł", "l"),
        ("ñńň", "n"),
        ("òóôõöøō", "o"),
        ("řŕ", "r"),
        ("śšş", "s"),
        ("ťţ", "t"),
        ("ùúûüūů", "u"),
        ("ýÿ", "y"),
        ("źżž", "z"),
    ];
    match c {
        'ß' => Some("ss"),
        'æ' => Some("ae"),
        'œ' => Some("oe"),
        _ => LETTERS
            .iter()
            .find(|(accented, _)| accented.contains(c))
            .map(|&(_, plain)| plain),
    }
}
