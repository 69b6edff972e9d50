//! The publishing files of the sample site in `content/`, built through the whole pipeline
//! and written to a folder: they parse, point at pages that exist, and every W3C selector
//! finds its passage in the published article text. Two builds are byte-identical.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use common::{Built, build_clean};
use serde_json::Value;

const BASE: &str = "https://user.github.io/sessions/";

fn sample() -> Built {
    build_clean(Path::new(env!("CARGO_MANIFEST_DIR")), Some(BASE))
}

/// The output file an absolute URL of the site is served from.
fn file_of(url: &str) -> String {
    let path = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    let path = path.split('#').next().unwrap_or_default();
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

#[test]
fn sitemap_feed_and_annotations_point_at_pages_that_exist() {
    let site = sample();
    let files = site.files();
    for required in [
        ".nojekyll",
        "robots.txt",
        "sitemap.xml",
        "feed.xml",
        "annotations.jsonld",
        "timeline.json",
    ] {
        assert!(files.iter().any(|f| f == required), "no {required}");
    }
    let sitemap = site.read("sitemap.xml");
    let sitemap = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = sitemap
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    let html_pages = files
        .iter()
        // The 404 and search pages have no content of their own for crawlers.
        .filter(|f| f.ends_with(".html") && *f != "404.html" && *f != "search/index.html")
        .count();
    assert_eq!(locs.len(), html_pages);
    for loc in &locs {
        assert!(
            files.contains(&file_of(loc)),
            "sitemap names {loc}, which was not built"
        );
    }

    let feed = site.read("feed.xml");
    let feed = roxmltree::Document::parse(&feed).unwrap();
    let ids: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("id"))
                .and_then(|c| c.text())
                .unwrap()
        })
        .collect();
    assert!(!ids.is_empty());
    for id in &ids {
        assert!(files.contains(&file_of(id)), "feed entry {id} has no page");
    }

    let timeline: Value = serde_json::from_str(&site.read("timeline.json")).unwrap();
    assert_eq!(timeline["events"].as_array().unwrap().len(), ids.len());
}

#[test]
fn every_published_selector_finds_its_passage_in_the_published_article_text() {
    let site = sample();
    let collection: Value = serde_json::from_str(&site.read("annotations.jsonld")).unwrap();
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut checked = 0;
    for annotation in collection["first"]["items"].as_array().unwrap() {
        assert!(
            site.files()
                .contains(&file_of(annotation["id"].as_str().unwrap()))
        );
        for target in annotation["target"].as_array().unwrap() {
            let page = file_of(target["source"].as_str().unwrap());
            let text_file = page.replace("index.html", "text.txt");
            let text = texts
                .entry(text_file.clone())
                .or_insert_with(|| site.read(&text_file));
            let quote = &target["selector"][0];
            let position = &target["selector"][1];
            assert_eq!(quote["type"], "TextQuoteSelector");
            assert_eq!(position["type"], "TextPositionSelector");
            let exact = quote["exact"].as_str().unwrap();
            let whole = format!(
                "{}{exact}{}",
                quote["prefix"].as_str().unwrap(),
                quote["suffix"].as_str().unwrap()
            );
            let found: Vec<usize> = text.match_indices(whole.as_str()).map(|(i, _)| i).collect();
            assert_eq!(
                found.len(),
                1,
                "{whole:?} is not found exactly once in {text_file}"
            );
            let start = position["start"].as_u64().unwrap() as usize;
            let end = position["end"].as_u64().unwrap() as usize;
            let sliced: String = text.chars().skip(start).take(end - start).collect();
            assert_eq!(sliced, exact, "positions {start}..{end} in {text_file}");
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} selectors");
}

#[test]
fn article_and_annotation_pages_embed_json_ld_that_parses() {
    let site = sample();
    let script = scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let mut types = BTreeMap::new();
    for page in site.files().iter().filter(|f| f.ends_with("index.html")) {
        for element in site.html(page).select(&script) {
            let text: String = element.text().collect();
            let value: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{page}: {e}"));
            *types
                .entry(value["@type"].as_str().unwrap().to_string())
                .or_insert(0) += 1;
        }
    }
    let articles = site
        .files()
        .iter()
        .filter(|f| {
            f.starts_with("articles/") && f.ends_with("/index.html") && f.matches('/').count() == 2
        })
        .count();
    assert_eq!(types.get("NewsArticle"), Some(&articles));
    assert!(
        types.contains_key("Comment") && types.contains_key("ItemList"),
        "{types:?}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let first = sample();
    let second = sample();
    let files = first.files();
    assert_eq!(files, second.files());
    for file in &files {
        let a = std::fs::read(first.path(file)).unwrap();
        let b = std::fs::read(second.path(file)).unwrap();
        assert!(a == b, "{file} differs between two builds");
    }
}
