//! Full-text search: the records built from the bundled site, the Pagefind bundle a build
//! writes under `pagefind/`, the search page and header form, and `[build] search = false`.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use common::{Built, build_clean};
use newsline::build::{BuildOptions, compile};
use newsline::render::publish::search::search_records;
use serde_json::Value;

const BASE: &str = "https://user.github.io/sessions/";

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bundled_site() -> newsline::model::Site {
    let compiled = compile(repository(), &BuildOptions::default());
    compiled.site.expect("the bundled site has a model")
}

/// A copy of the bundled site's content with `extra` appended to its `site.toml`.
fn copy_with_setting(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(repository().join("content")) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(repository()).unwrap();
        let target: PathBuf = dir.path().join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let config = dir.path().join("content/site.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    // The bundled site turns search on; the copy says what the test wants instead.
    let text = text.replace("[build]\nsearch = true\n", extra);
    assert!(
        text.contains(extra),
        "the bundled site.toml has no `[build] search = true`"
    );
    std::fs::write(&config, text).unwrap();
    dir
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut decoded)
        .unwrap();
    decoded
}

#[test]
fn every_article_and_annotation_is_a_record_with_a_root_relative_url() {
    let site = bundled_site();
    let records = search_records(&site);
    assert_eq!(records.len(), site.articles.len() + site.annotations.len());
    for record in &records {
        assert!(
            (record.url.starts_with("articles/") || record.url.starts_with("annotations/"))
                && record.url.ends_with('/')
                && !record.url.contains("//"),
            "{} is not a root-relative page URL",
            record.url
        );
        assert!(!record.meta["title"].is_empty());
    }

    let article = records
        .iter()
        .find(|r| r.url == "articles/palmer-report-2017-07-21/")
        .unwrap();
    assert_eq!(article.meta["outlet"], "Palmer Report");
    assert_eq!(article.meta["date"], "21–22 July 2017");
    assert_eq!(article.filters["section"], ["Articles"]);
    assert!(!article.filters.contains_key("kind"));
    assert!(
        article.content.contains(
            "The source is an intel community wiretap on Russian Ambassador Sergey Kislyak’s phone."
        ),
        "the article's reader text is searchable"
    );
    assert!(!article.content.contains("+++"), "no front matter");

    let annotation = records
        .iter()
        .find(|r| r.url == "annotations/who-is-kislyak/")
        .unwrap();
    assert_eq!(annotation.meta["title"], "Who is Sergey Kislyak?");
    assert!(
        !annotation.meta.contains_key("date"),
        "a margin note has no date"
    );
    assert_eq!(annotation.filters["section"], ["Annotations"]);
    assert_eq!(annotation.filters["kind"], ["Context"]);
    assert!(annotation.content.starts_with(
        "Sergey Kislyak, a career Russian diplomat and former deputy foreign minister,"
    ));
    assert!(annotation.content.contains(
        "“The source is an intel community wiretap on Russian Ambassador Sergey Kislyak’s phone.”"
    ));
    assert!(
        annotation
            .content
            .ends_with("russia investigation, Sergey Kislyak.")
    );

    let dated = records
        .iter()
        .find(|r| r.url == "annotations/sessions-senate-testimony/")
        .unwrap();
    assert_eq!(dated.meta["date"], "13 June 2017");
}

#[test]
fn a_build_writes_the_search_bundle_page_and_form() {
    let built = build_clean(repository(), Some(BASE));
    let files = built.files();
    let bundle: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("pagefind/"))
        .collect();
    for wanted in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.en.pagefind",
    ] {
        assert!(files.iter().any(|f| f == wanted), "{wanted} is missing");
    }
    let count = |prefix: &str, suffix: &str| {
        bundle
            .iter()
            .filter(|f| f.starts_with(prefix) && f.ends_with(suffix))
            .count()
    };
    assert!(count("pagefind/index/", ".pf_index") > 0);
    assert!(count("pagefind/filter/", ".pf_filter") > 0);
    assert!(count("pagefind/pagefind.", ".pf_meta") == 1);
    let site = bundled_site();
    let pages = site.articles.len() + site.annotations.len();
    assert_eq!(count("pagefind/fragment/", ".pf_fragment"), pages);
    assert!(
        !files
            .iter()
            .any(|f| f.contains("pagefind-ui") || f.contains("highlight")),
        "Pagefind's own interfaces are left out"
    );

    let entry: Value = serde_json::from_str(&built.read("pagefind/pagefind-entry.json")).unwrap();
    assert_eq!(entry["languages"]["en"]["page_count"], pages);

    // Fragments keep the record URL as given: relative, so pagefind.js puts it under the
    // folder that holds `pagefind/`, wherever the site is served.
    let mut urls: Vec<String> = bundle
        .iter()
        .filter(|f| f.ends_with(".pf_fragment"))
        .map(|f| {
            // Pagefind's chunks are gzipped JSON behind a signature.
            let bytes = gunzip(&std::fs::read(built.path(f)).unwrap());
            let json = bytes.strip_prefix(b"pagefind_dcd").unwrap();
            let fragment: Value = serde_json::from_slice(json).unwrap();
            fragment["url"].as_str().unwrap().to_string()
        })
        .collect();
    urls.sort();
    assert!(urls.contains(&"annotations/who-is-kislyak/".to_string()));
    assert!(urls.contains(&"articles/palmer-report-2017-07-21/".to_string()));
    assert!(
        urls.iter()
            .all(|url| !url.starts_with('/') && !url.contains("user.github.io"))
    );

    let page = built.read("search/index.html");
    assert!(page.contains(r#"<script src="../static/search.js" defer></script>"#));
    assert!(page.contains(r#"data-root="../""#));
    assert!(page.contains("Search needs JavaScript"));
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(
        !page.contains("site_search_q"),
        "no second search form on the search page"
    );
    assert!(built.files().iter().any(|f| f == "static/search.js"));

    let article = built.read("articles/palmer-report-2017-07-21/index.html");
    assert!(article.contains(
        r#"<form class="site-search" role="search" action="../../search/index.html" method="get">"#
    ));
    assert!(article.contains(r#"<label class="visually-hidden" for="site_search_q">"#));
    assert!(article.contains(r#"name="q""#));
    let not_found = built.read("404.html");
    assert!(not_found.contains(r#"action="/sessions/search/index.html""#));

    let sitemap = built.read("sitemap.xml");
    assert!(
        !sitemap.contains("search/"),
        "the search page is not for crawlers"
    );
}

#[test]
fn search_false_leaves_out_the_index_the_page_and_the_form() {
    let site = copy_with_setting("[build]\nsearch = false\n");
    let built: Built = build_clean(site.path(), Some(BASE));
    let files = built.files();
    assert!(!files.iter().any(|f| f.starts_with("pagefind/")));
    assert!(!files.iter().any(|f| f.starts_with("search/")));
    for page in [
        "index.html",
        "articles/palmer-report-2017-07-21/index.html",
        "404.html",
    ] {
        let html = built.read(page);
        assert!(
            !html.contains("role=\"search\""),
            "{page} has a search form"
        );
        assert!(
            !html.contains("search/index.html"),
            "{page} links to search"
        );
    }
}

/// What `check` and `serve` ask for: the pages, not the bundle (serve builds it apart).
#[test]
fn without_search_index_leaves_out_only_the_bundle() {
    let compiled = compile(
        repository(),
        &BuildOptions {
            without_search_index: true,
            release_reader_texts: false,
            ..BuildOptions::default()
        },
    );
    let files = compiled.files.unwrap();
    assert!(!files.iter().any(|f| f.path.starts_with("pagefind/")));
    assert!(files.iter().any(|f| f.path == "search/index.html"));
}

/// Without a search index, `newsline build` frees the articles' reader texts and the
/// annotations' file texts before making the entries (`BuildOptions::release_reader_texts`);
/// every file must be the same as in a build that keeps them.
#[test]
fn releasing_reader_texts_leaves_every_file_the_same() {
    let copy = copy_with_setting("[build]\nsearch = false\n");
    let build = |release_reader_texts| {
        let options = BuildOptions {
            release_reader_texts,
            ..BuildOptions::default()
        };
        let compiled = compile(copy.path(), &options);
        let mut files: Vec<(String, Vec<u8>)> = (compiled.files.expect("the copy builds"))
            .into_iter()
            .map(|file| (file.path, file.bytes.to_vec()))
            .collect();
        files.sort();
        let site = compiled.site.expect("the copy has a model");
        let released = site.articles.iter().all(|a| a.reader.text.is_empty())
            && site
                .annotations
                .iter()
                .all(|a| a.doc.text.is_empty() && a.doc.anchors.is_empty());
        (files, released)
    };
    let (kept, kept_released) = build(false);
    let (files, released) = build(true);
    assert!(
        !kept_released && released,
        "only the second build released the texts"
    );
    let paths = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&files), paths(&kept));
    for ((path, bytes), (_, kept)) in files.iter().zip(&kept) {
        assert!(
            bytes == kept,
            "{path} differs when the reader texts are released"
        );
    }
}
