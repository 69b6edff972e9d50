//! One test per bug found, named after what went wrong.

mod common;

use common::{build_clean, fixture};

/// `page_title` indexed an empty timeline: a site without dated annotations panicked.
#[test]
fn a_site_without_annotations_builds() {
    let site = build_clean(&fixture("empty-timeline"), None);
    assert!(site.read("index.html").contains("Nothing dated yet"));
    assert!(site.path("articles/a-story/index.html").is_file());
}
