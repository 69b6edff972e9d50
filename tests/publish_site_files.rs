//! `.nojekyll`, `robots.txt`, the sitemap and `CNAME` of the in-memory fixture site.

mod publish_common;

use newsline::render::OutputFile;
use newsline::render::publish::publish_files;
use newsline::render::publish::site_files::site_files;
use publish_common::{BASE, site, site_at};

fn text<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
    let file = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path} in the output"));
    std::str::from_utf8(&file.bytes).unwrap()
}

#[test]
fn nojekyll_is_empty_and_robots_names_the_absolute_sitemap() {
    let (site, entries) = site();
    let files = publish_files(&site, &entries);
    assert_eq!(text(&files, ".nojekyll"), "");
    assert_eq!(
        text(&files, "robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.github.io/news/sitemap.xml\n"
    );
}

#[test]
fn sitemap_lists_every_linked_page_by_absolute_folder_url_sorted() {
    let (site, _) = site();
    let files = site_files(&site);
    let xml = text(&files, "sitemap.xml");
    let document = roxmltree::Document::parse(xml).unwrap();
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: Vec<&str> = root
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    let relative: Vec<&str> = locs.iter().map(|l| l.strip_prefix(BASE).unwrap()).collect();
    // Slugs of non-ASCII names are the model's business.
    let cafes = format!("tags/{}/", site.tags[0].slug);
    let zoe = format!("people/{}/", site.people[0].slug);
    assert_eq!(
        relative,
        [
            "",
            "annotations/",
            "annotations/council-meets-again/",
            "annotations/month-report/",
            "annotations/owner-refuses/",
            "annotations/range-opinion/",
            "annotations/undated-note/",
            "annotations/year-context/",
            "articles/",
            "articles/daily-one/",
            "articles/unquoted/",
            "articles/weekly-two/",
            "outlets/",
            "outlets/the-daily/",
            "outlets/weekly/",
            "people/",
            zoe.as_str(),
            "sources/",
            "tags/",
            cafes.as_str(),
            "tags/council/",
        ]
    );
    assert!(!xml.contains("404"));
}

#[test]
fn cname_holds_the_custom_domain_only_when_set() {
    let with = site_files(&site_at(BASE, Some("  news.example.org ")));
    assert_eq!(text(&with, "CNAME"), "news.example.org\n");
    let without = site_files(&site_at(BASE, None));
    assert!(without.iter().all(|f| f.path != "CNAME"));
    let empty = site_files(&site_at(BASE, Some("")));
    assert!(empty.iter().all(|f| f.path != "CNAME"));
}

#[test]
fn urls_follow_a_sub_path_base() {
    let site = site_at("https://user.github.io/repo", None);
    let files = site_files(&site);
    assert!(
        text(&files, "robots.txt").contains("Sitemap: https://user.github.io/repo/sitemap.xml\n")
    );
    assert!(
        text(&files, "sitemap.xml")
            .contains("<loc>https://user.github.io/repo/articles/daily-one/</loc>")
    );
}

#[test]
fn a_base_url_without_host_gets_no_sitemap() {
    let files = site_files(&site_at("/preview/", None));
    assert_eq!(text(&files, "robots.txt"), "User-agent: *\nAllow: /\n");
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, [".nojekyll", "robots.txt"]);
}
