//! `feed.xml`: an Atom 1.0 feed (RFC 4287) of the dated timeline entries, newest first,
//! at most [`FEED_ENTRIES`] of them: feed readers poll the whole file again and again, so it
//! stays small however long the timeline grows (`timeline.json` and `annotations.jsonld`
//! hold everything).
//!
//! An entry's `updated` is the start of its own date, not a build time, so the feed only
//! changes when the content does: a day, month or year is taken at 00:00:00Z of its first
//! day, an instant as written. The feed's `updated` is the latest entry's.
//!
//! Titles are written as `type="html"` with the text HTML-escaped first: a conforming
//! reader shows the same text as with `type="text"`, and a reader that wrongly renders
//! titles as HTML still shows `<script>` as text instead of running it. For the same
//! reason the author's name (the site title, a construct with no `type`) drops `<` and `>`.

use std::fmt::Write as _;

use rayon::prelude::*;

use super::{absolute_url, annotation_url, rfc3339_start, xml_escape};
use crate::model::Site;
use crate::render::views::EntryView;

/// How many entries the feed holds at most (the newest).
pub const FEED_ENTRIES: usize = 100;

/// The annotations the feed shows, newest first.
pub fn feed_indexes(site: &Site) -> Vec<usize> {
    site.timeline
        .order
        .iter()
        .rev()
        .take(FEED_ENTRIES)
        .copied()
        .collect()
}

/// The Atom document. `entries` are the entry views of all annotations, by index.
pub fn atom_feed(site: &Site, entries: &[EntryView]) -> String {
    let shown: Vec<(usize, &EntryView)> = feed_indexes(site)
        .into_iter()
        .map(|index| (index, &entries[index]))
        .collect();
    atom_feed_of(site, &shown)
}

/// The Atom document of `shown`: the annotations of [`feed_indexes`], in that order, each
/// with its view.
pub fn atom_feed_of(site: &Site, shown: &[(usize, &EntryView)]) -> String {
    let base = &site.base.absolute;
    let title = html_text(&site.config.title);
    let updated = feed_updated(site);
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"{base}\" xml:lang=\"{lang}\">\n\
         \x20 <id>{base}</id>\n\
         \x20 <title type=\"html\">{title}</title>\n\
         \x20 <subtitle type=\"html\">{subtitle}</subtitle>\n\
         \x20 <updated>{updated}</updated>\n\
         \x20 <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}feed.xml\"/>\n\
         \x20 <link rel=\"alternate\" type=\"text/html\" href=\"{base}\"/>\n\
         \x20 <author><name>{author}</name><uri>{base}</uri></author>\n\
         \x20 <generator version=\"{version}\">newsline</generator>\n",
        base = xml_escape(base),
        lang = xml_escape(&site.config.language),
        subtitle = html_text(&site.config.description),
        author = xml_escape(&site.config.title.replace(['<', '>'], "")),
        version = env!("CARGO_PKG_VERSION"),
    );
    let rendered: Vec<String> = shown
        .par_iter()
        .map(|&(index, entry)| atom_entry(site, index, entry))
        .collect();
    for entry in rendered {
        xml.push_str(&entry);
    }
    xml.push_str("</feed>\n");
    xml
}

/// The latest entry's date; without entries, the latest article's publication; without
/// either, the Unix epoch (Atom requires some date).
fn feed_updated(site: &Site) -> String {
    let latest_entry = site
        .timeline
        .order
        .last()
        .and_then(|&i| site.annotations[i].doc.date.as_ref())
        .map(|date| &date.value.start);
    let latest_article = site
        .articles
        .iter()
        .map(|a| &a.doc.published.start)
        .max_by_key(|point| point.start_utc());
    latest_entry
        .or(latest_article)
        .map(rfc3339_start)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

fn atom_entry(site: &Site, index: usize, entry: &EntryView) -> String {
    let annotation = &site.annotations[index];
    let Some(date) = annotation.doc.date.as_ref() else {
        return String::new();
    };
    let url = annotation_url(site, index);
    let updated = rfc3339_start(&date.value.start);
    let mut xml = String::new();
    let _ = write!(
        xml,
        "  <entry>\n    <id>{url}</id>\n    <title type=\"html\">{title}</title>\n    <updated>{updated}</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n",
        url = xml_escape(&url),
        title = html_text(&entry.title),
    );
    // Kinds have no page of their own, so their category has no scheme URL.
    let _ = writeln!(
        xml,
        "    <category term=\"{}\" label=\"{}\"/>",
        entry.kind, entry.kind_label
    );
    for tag in &entry.tags {
        let _ = writeln!(
            xml,
            "    <category term=\"{}\" label=\"{}\" scheme=\"{}tags/\"/>",
            xml_escape(&tag.slug),
            xml_escape(&tag.name),
            xml_escape(&site.base.absolute)
        );
    }
    let _ = writeln!(
        xml,
        "    <content type=\"html\">{}</content>\n  </entry>",
        xml_escape(&entry_html(site, entry))
    );
    xml
}

/// The entry as HTML: its date, the commentary, then each quoted passage with its source.
fn entry_html(site: &Site, entry: &EntryView) -> String {
    let mut html = String::new();
    if let Some(date) = &entry.date {
        let _ = write!(
            html,
            "<p><time datetime=\"{}\">{}</time> · {}</p>",
            html_escape(&date.start_iso),
            html_escape(&date.display),
            entry.kind_label
        );
    }
    html.push_str(&entry.commentary_html);
    for source in &entry.sources {
        let _ = write!(
            html,
            "<blockquote cite=\"{url}\"><p>{quote}</p></blockquote>\
             <p>— <a href=\"{url}\">{title}</a>, {outlet}, {published}</p>",
            url = html_escape(&absolute_url(site, &source.url)),
            quote = html_escape(&source.quote),
            title = html_escape(&source.article_title),
            outlet = html_escape(&source.outlet.name),
            published = html_escape(&source.published.display),
        );
    }
    html
}

/// HTML text and attribute escaping (the same rules as XML's, which HTML accepts).
fn html_escape(text: &str) -> std::borrow::Cow<'_, str> {
    xml_escape(text)
}

/// Text for an Atom `type="html"` construct: escaped for HTML, then for XML.
fn html_text(text: &str) -> String {
    xml_escape(&html_escape(text)).into_owned()
}
