//! The Atom feed of the in-memory fixture site, read back with an XML parser.

mod publish_common;

use newsline::render::publish::feed::atom_feed;
use publish_common::{BASE, NEWEST_FIRST, site};
use roxmltree::{Document, Node};

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn child<'a>(node: Node<'a, 'a>, name: &str) -> Node<'a, 'a> {
    node.children()
        .find(|n| n.has_tag_name((ATOM, name)))
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
}

fn child_text<'a>(node: Node<'a, 'a>, name: &str) -> &'a str {
    child(node, name).text().unwrap_or("")
}

#[test]
fn feed_has_the_required_atom_elements() {
    let (site, entries) = site();
    let xml = atom_feed(&site, &entries);
    let document = Document::parse(&xml).unwrap();
    let feed = document.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert_eq!(child_text(feed, "id"), BASE);
    // Titles are HTML (escaped text), so no reader can mistake them for markup.
    assert_eq!(child(feed, "title").attribute("type"), Some("html"));
    assert_eq!(
        child_text(feed, "title"),
        "News &amp; &lt;Views&gt; timeline"
    );
    assert_eq!(
        child_text(feed, "subtitle"),
        "A test site &quot;quoted&quot;"
    );
    // The newest entry's start, not the build time.
    assert_eq!(child_text(feed, "updated"), "2017-06-10T00:00:00Z");
    let links: Vec<(&str, &str)> = feed
        .children()
        .filter(|n| n.has_tag_name((ATOM, "link")))
        .map(|n| (n.attribute("rel").unwrap(), n.attribute("href").unwrap()))
        .collect();
    assert_eq!(
        links,
        [
            ("self", "https://example.github.io/news/feed.xml"),
            ("alternate", BASE)
        ]
    );
    assert_eq!(
        child_text(child(feed, "author"), "name"),
        "News & Views timeline"
    );
}

#[test]
fn entries_are_the_dated_annotations_newest_first_with_dates_at_their_start() {
    let (site, entries) = site();
    let xml = atom_feed(&site, &entries);
    let document = Document::parse(&xml).unwrap();
    let rows: Vec<(String, String)> = document
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .map(|entry| {
            let id = child_text(entry, "id");
            let slug = id
                .strip_prefix(&format!("{BASE}annotations/"))
                .and_then(|s| s.strip_suffix('/'))
                .unwrap();
            assert_eq!(child(entry, "link").attribute("href"), Some(id));
            (slug.to_string(), child_text(entry, "updated").to_string())
        })
        .collect();
    let slugs: Vec<&str> = rows.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(slugs, NEWEST_FIRST);
    let updated: Vec<&str> = rows.iter().map(|(_, u)| u.as_str()).collect();
    assert_eq!(
        updated,
        [
            "2017-06-10T00:00:00Z",
            "2017-06-06T18:00:00-04:00",
            "2017-06-05T00:00:00Z",
            "2017-06-01T00:00:00Z",
            "2016-01-01T00:00:00Z",
        ]
    );
}

#[test]
fn entry_has_categories_and_escaped_html_content_with_its_sources() {
    let (site, entries) = site();
    let xml = atom_feed(&site, &entries);
    let document = Document::parse(&xml).unwrap();
    let entry = document
        .descendants()
        .find(|n| {
            n.has_tag_name((ATOM, "entry")) && child_text(*n, "id").ends_with("/owner-refuses/")
        })
        .unwrap();
    assert_eq!(
        child_text(entry, "title"),
        "Owner says “no” &lt;twice&gt; &amp; means it"
    );
    let categories: Vec<(&str, &str)> = entry
        .children()
        .filter(|n| n.has_tag_name((ATOM, "category")))
        .map(|n| (n.attribute("term").unwrap(), n.attribute("label").unwrap()))
        .collect();
    let cafes = &site.tags.iter().find(|t| t.name == "cafés").unwrap().slug;
    assert_eq!(
        categories,
        [
            ("statement", "Statement"),
            (cafes.as_str(), "cafés"),
            ("council", "council")
        ]
    );
    let content = child(entry, "content");
    assert_eq!(content.attribute("type"), Some("html"));
    let html = content.text().unwrap();
    assert!(
        html.starts_with("<p><time datetime=\"2017-06-05\">5 June 2017</time> · Statement</p>"),
        "{html}"
    );
    assert!(html.contains("<em>refused</em>"), "{html}");
    assert!(html.contains("&lt;/script&gt;"), "{html}");
    assert!(html.contains(
        "<blockquote cite=\"https://example.github.io/news/articles/daily-one/#hl-owner-refuses\"><p>said “no” 😀 twice</p></blockquote>"
    ), "{html}");
    assert!(html.contains("— <a href=\"https://example.github.io/news/articles/daily-one/#hl-owner-refuses\">Café owners &amp; &lt;the&gt; council</a>, The Daily, 5 June 2017</p>"), "{html}");
}

#[test]
fn a_long_timeline_keeps_only_the_newest_entries_in_the_feed() {
    use newsline::build::{BuildOptions, compile};
    use newsline::render::publish::feed::FEED_ENTRIES;

    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("articles")).unwrap();
    std::fs::create_dir_all(content.join("annotations")).unwrap();
    std::fs::write(
        content.join("site.toml"),
        "title = \"Long\"\ndescription = \"d\"\nbase_url = \"https://example.org/\"\n\
         language = \"en\"\n[timeline]\nstart = \"2017-01-01\"\nend = \"2017-12-31\"\n",
    )
    .unwrap();
    std::fs::write(
        content.join("articles/a.md"),
        "+++\ntitle = \"A\"\noutlet = \"O\"\npublished = \"2017-01-01\"\n+++\nThe quoted words.\n",
    )
    .unwrap();
    let total = FEED_ENTRIES + 20;
    for day in 0..total {
        // Day 0 is 2017-01-01; entries are written oldest first.
        let date = chrono::NaiveDate::from_ymd_opt(2017, 1, 1).unwrap()
            + chrono::Duration::days(day as i64);
        std::fs::write(
            content.join(format!("annotations/n{day:03}.md")),
            format!(
                "+++\ntitle = \"Entry {day}\"\ndate = \"{date}\"\n[[anchors]]\narticle = \"a\"\n\
                 quote = \"quoted words\"\n+++\nNote {day}.\n"
            ),
        )
        .unwrap();
    }
    let compiled = compile(dir.path(), &BuildOptions::default());
    let feed = compiled
        .files
        .expect("the site builds")
        .into_iter()
        .find(|f| f.path == "feed.xml")
        .unwrap();
    let xml = String::from_utf8(feed.bytes.into_owned()).unwrap();
    let document = Document::parse(&xml).unwrap();
    let titles: Vec<&str> = document
        .root_element()
        .children()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .map(|entry| child_text(entry, "title"))
        .collect();
    let newest: Vec<String> = (total - FEED_ENTRIES..total)
        .rev()
        .map(|day| format!("Entry {day}"))
        .collect();
    assert_eq!(titles, newest);
}
