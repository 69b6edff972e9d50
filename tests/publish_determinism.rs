//! Two builds of the same content publish byte-identical files.

mod publish_common;

use newsline::render::publish::publish_files;
use publish_common::site;

#[test]
fn publishing_twice_gives_identical_files_sorted_by_path() {
    let (first_site, first_entries) = site();
    let (second_site, second_entries) = site();
    let first = publish_files(&first_site, &first_entries);
    let second = publish_files(&second_site, &second_entries);
    let paths: Vec<&str> = first.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            ".nojekyll",
            "CNAME",
            "annotations.jsonld",
            "articles/daily-one/text.txt",
            "articles/unquoted/text.txt",
            "articles/weekly-two/text.txt",
            "feed.xml",
            "robots.txt",
            "sitemap.xml",
            "timeline.json",
        ]
    );
    assert_eq!(first, second);
}
