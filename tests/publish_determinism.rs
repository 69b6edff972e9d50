//! Two builds of the same content publish byte-identical files.

mod publish_common;

use newsline::render::publish::publish_files;
use publish_common::site;

#[test]
fn publishing_twice_gives_identical_files_in_the_same_order() {
    let (first_site, first_entries) = site();
    let (second_site, second_entries) = site();
    let first = publish_files(&first_site, &first_entries);
    let second = publish_files(&second_site, &second_entries);
    let paths: Vec<&str> = first.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            ".nojekyll",
            "robots.txt",
            "sitemap.xml",
            "CNAME",
            "feed.xml",
            "annotations.jsonld",
            "timeline.json",
            "articles/daily-one/text.txt",
            "articles/weekly-two/text.txt",
            "articles/unquoted/text.txt",
        ]
    );
    assert_eq!(first, second);
}
