//! Files for publishing and for machines, built from the model next to the HTML pages:
//! `.nojekyll`, `robots.txt`, `sitemap.xml` and `CNAME` for GitHub Pages and crawlers
//! ([`site_files`]), an Atom feed ([`feed`]), every annotation as a W3C Web Annotation with
//! the article texts its selectors point into ([`web_annotations`]), a TimelineJS3 data file
//! ([`timeline_js`]) and per-page schema.org JSON-LD ([`json_ld`]).
//!
//! Everything here is deterministic: no clock is read and every list has a fixed order, so
//! two builds of the same content are byte-identical (dates come from the content itself).

pub mod feed;
pub mod json_ld;
pub mod search;
pub mod site_files;
pub mod timeline_js;
pub mod web_annotations;

use std::borrow::Cow;

use rayon::prelude::*;

use super::OutputFile;
use super::pages::{Job, all_jobs, job_path};
use super::views::EntryView;
use crate::date::DatePoint;
use crate::model::Site;

pub use json_ld::json_ld;

/// Every publishing file, in a fixed order. `entries` are the entry views of all annotations, by
/// annotation index.
pub fn publish_files(site: &Site, entries: &[EntryView]) -> Vec<OutputFile> {
    let files = std::sync::Mutex::new(Vec::new());
    publish_into(site, entries, &|file| {
        files.lock().unwrap_or_else(|p| p.into_inner()).push(file)
    });
    let mut files = files.into_inner().unwrap_or_else(|p| p.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Hands every publishing file to `emit` as soon as it is made, so the large ones (the
/// exports are tens of megabytes at 50,000 annotations) are never all in memory together.
pub fn publish_into(site: &Site, entries: &[EntryView], emit: &(dyn Fn(OutputFile) + Sync)) {
    rayon::join(
        || {
            emit(text_file("feed.xml", feed::atom_feed(site, entries)));
            emit(text_file(
                "timeline.json",
                timeline_js::timeline_json(site, entries),
            ));
        },
        || publish_without_entries(site, emit),
    );
}

/// The publishing files made without the entries' views: the site files,
/// `annotations.jsonld` and the article texts its selectors point into. (A plain build
/// makes `timeline.json` from the commentaries and `feed.xml` as it makes the views, see
/// [`crate::render::shared`].)
pub fn publish_without_entries(site: &Site, emit: &(dyn Fn(OutputFile) + Sync)) {
    // Side by side: the collection's serial parts (joining its slices, writing it) leave
    // a core free for the article texts.
    rayon::join(
        || {
            for file in site_files::site_files(site) {
                emit(file);
            }
            emit(text_file(
                "annotations.jsonld",
                web_annotations::annotation_collection(site),
            ));
        },
        || {
            site.articles.par_iter().for_each(|article| {
                emit(web_annotations::article_text(article));
            });
        },
    );
}

/// Items of a large JSON array serialised at once, in parallel, before they are appended.
pub const ITEMS_AT_ONCE: usize = 4096;

/// Appends the JSON of `item(x)` for each of `items` that has one, comma-separated, in
/// order, after the `written` items already in the array (counting the new ones in, so a
/// document can be appended to a slice at a time). Items are serialised `at_once` at a
/// time, in parallel: the text grows as it goes, and the serialised items of a whole export
/// never exist beside it.
pub(super) fn append_json_items<T: Sync>(
    text: &mut String,
    written: &mut usize,
    items: &[T],
    at_once: usize,
    item: impl Fn(&T) -> Option<String> + Sync,
) {
    for slice in items.chunks(at_once.max(1)) {
        let serialised: Vec<String> = slice.par_iter().filter_map(&item).collect();
        for json in serialised {
            if *written > 0 {
                text.push(',');
            }
            *written += 1;
            text.push_str(&json);
        }
    }
}

/// The JSON of `value`, written into a buffer of `capacity` bytes to begin with: serde_json
/// starts from 128 bytes and doubles, so an item of a few kilobytes (thousands of them per
/// export) would be copied four or five times as it grows.
pub(crate) fn json_text(
    value: &impl serde::Serialize,
    capacity: usize,
) -> serde_json::Result<String> {
    let mut bytes = Vec::with_capacity(capacity);
    serde_json::to_writer(&mut bytes, value)?;
    String::from_utf8(bytes).map_err(serde::ser::Error::custom)
}

pub(crate) fn text_file(path: &str, text: String) -> OutputFile {
    OutputFile {
        path: path.to_string(),
        bytes: Cow::Owned(text.into_bytes()),
    }
}

/// Root-relative paths of every page a visitor can reach by a link, for crawlers: all but
/// the 404 page and the search page (which has no content of its own).
pub fn linked_page_paths(site: &Site) -> Vec<String> {
    all_jobs(site)
        .into_par_iter()
        .filter(|&job| job != Job::NotFound && job != Job::Search)
        .map(|job| job_path(site, job))
        .collect()
}

/// Absolute URL of a root-relative URL: `articles/x/index.html#hl-a` becomes
/// `https://host/base/articles/x/#hl-a` (a folder's `index.html` is left out, as in the
/// canonical URLs of the pages).
pub fn absolute_url(site: &Site, relative: &str) -> String {
    let (path, fragment) = match relative.find('#') {
        Some(i) => relative.split_at(i),
        None => (relative, ""),
    };
    let path = path.strip_suffix("index.html").unwrap_or(path);
    format!("{}{path}{fragment}", site.base.absolute)
}

/// Absolute URL of an annotation's own page.
pub fn annotation_url(site: &Site, annotation: usize) -> String {
    let slug = &site.annotations[annotation].doc.slug;
    format!("{}annotations/{slug}/", site.base.absolute)
}

/// Absolute URL of an article's page.
pub fn article_url(site: &Site, article: usize) -> String {
    let slug = &site.articles[article].doc.slug;
    format!("{}articles/{slug}/", site.base.absolute)
}

/// An article's original URL when it is an absolute `http`/`https` URL that the article
/// pages would also link to: machine-readable files name resources by absolute URL, and
/// never `javascript:` or a relative path.
pub fn original_url(article: &crate::model::Article) -> Option<&str> {
    article.doc.url.as_deref().filter(|url| {
        let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
        (lower.starts_with("https://") || lower.starts_with("http://"))
            && crate::render::markdown::is_safe_url(url)
    })
}

/// The first moment of a date point as an RFC 3339 timestamp: an instant as written (with
/// its offset), a year, month or day at midnight UTC of its first day. Nothing finer than
/// the written precision is claimed beyond that convention.
pub fn rfc3339_start(point: &DatePoint) -> String {
    if point.time.is_some() {
        return point.iso();
    }
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        point.year,
        point.month.unwrap_or(1),
        point.day.unwrap_or(1)
    )
}

/// Escapes text for XML content and attribute values, and drops the characters XML 1.0
/// does not allow at all (C0 controls other than tab and line breaks, U+FFFE, U+FFFF), so
/// odd input cannot make the document ill-formed.
///
/// Works on bytes and copies the runs between special characters whole: every character
/// it acts on is ASCII or starts with the byte 0xEF, so a run never splits a character.
pub fn xml_escape(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut escaped: Option<String> = None;
    let mut run_start = 0;
    let mut at = 0;
    while at < bytes.len() {
        let (replacement, width): (&str, usize) = match bytes[at] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&apos;", 1),
            b'\t' | b'\n' | b'\r' => {
                at += 1;
                continue;
            }
            0x00..=0x1F => ("", 1),
            // U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8.
            0xEF if matches!(bytes.get(at + 1..at + 3), Some([0xBF, 0xBE | 0xBF])) => ("", 3),
            _ => {
                at += 1;
                continue;
            }
        };
        let out = escaped.get_or_insert_with(|| String::with_capacity(text.len() + 16));
        out.push_str(&text[run_start..at]);
        out.push_str(replacement);
        at += width;
        run_start = at;
    }
    match escaped {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(&text[run_start..]);
            Cow::Owned(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_items_are_comma_separated_across_slices_and_calls() {
        let mut text = String::from("[");
        let mut written = 0;
        let odd = |n: &u32| (n % 2 == 1).then(|| n.to_string());
        append_json_items(&mut text, &mut written, &[1, 2, 3, 4, 5], 2, odd);
        append_json_items(&mut text, &mut written, &[6, 7], 2, odd);
        append_json_items(&mut text, &mut written, &[8], 2, odd);
        text.push(']');
        assert_eq!(text, "[1,3,5,7]");
        assert_eq!(written, 4);
    }

    #[test]
    fn xml_escape_escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(xml_escape("plain"), "plain");
        assert_eq!(
            xml_escape("a<b>&\"c'\u{0}\u{1b}\u{FFFE}d\te\u{FFFF}\u{FFFD}\u{EFFF}é\r\n"),
            "a&lt;b&gt;&amp;&quot;c&apos;d\te\u{FFFD}\u{EFFF}é\r\n"
        );
    }

    #[test]
    fn rfc3339_start_uses_midnight_utc_for_periods_and_the_written_instant() {
        let date = |text: &str| crate::date::Date::parse(text).unwrap().start;
        assert_eq!(rfc3339_start(&date("2017")), "2017-01-01T00:00:00Z");
        assert_eq!(rfc3339_start(&date("2017-06~")), "2017-06-01T00:00:00Z");
        assert_eq!(rfc3339_start(&date("2017-06-05")), "2017-06-05T00:00:00Z");
        assert_eq!(
            rfc3339_start(&date("2017-06-05T06:20:00-04:00")),
            "2017-06-05T06:20:00-04:00"
        );
        assert_eq!(
            rfc3339_start(&date("2017-06-05T06:20:00+00:00")),
            "2017-06-05T06:20:00Z"
        );
    }
}
