//! Fixture sites and what they must produce: timeline order, date precision, marks, links.

mod common;

use common::{build_clean, fixture};
use scraper::{ElementRef, Selector};

fn select(html: &scraper::Html, css: &str) -> Vec<ElementRef<'static>> {
    let selector = Selector::parse(css).unwrap();
    // The documents live for the whole test; leaking keeps the helper signature simple.
    let html: &'static scraper::Html = Box::leak(Box::new(html.clone()));
    html.select(&selector).collect()
}

/// One line per timeline entry: phase, id, kind, the first `<time>`, and for ranges the second.
fn timeline_lines(html: &scraper::Html, ranges: &[&str]) -> Vec<String> {
    let time = Selector::parse("time[datetime]").unwrap();
    select(html, "[data-kind][id]")
        .into_iter()
        .map(|entry| {
            let id = entry.value().attr("id").unwrap();
            let phase = entry.value().attr("data-phase").unwrap_or("?");
            let kind = entry.value().attr("data-kind").unwrap();
            let times: Vec<&str> = entry
                .select(&time)
                .filter_map(|t| t.value().attr("datetime"))
                .collect();
            let mut line = format!(
                "{phase} {id} {kind} {}",
                times.first().copied().unwrap_or("-")
            );
            if ranges.contains(&id) {
                line.push(' ');
                line.push_str(times.get(1).copied().unwrap_or("-"));
            }
            line
        })
        .collect()
}

#[test]
fn timeline_is_in_order_with_dates_at_their_precision() {
    let root = fixture("timeline-order");
    let site = build_clean(&root, None);
    let expected = std::fs::read_to_string(root.join("expected/timeline.txt")).unwrap();
    let actual = timeline_lines(&site.html("index.html"), &["range"]).join("\n");
    assert_eq!(actual, expected.trim_end());
}

#[test]
fn undated_annotations_are_margin_notes_not_timeline_entries() {
    let site = build_clean(&fixture("timeline-order"), None);
    assert!(select(&site.html("index.html"), "#undated").is_empty());
    let article = site.html("articles/daily-news-2017-06-09/index.html");
    let notes = select(&article, "[role=note]");
    assert!(notes.iter().any(|n| n.html().contains("Undated note")));
    // An undated note links to its own page instead of the timeline.
    assert!(site.path("annotations/undated/index.html").exists());
}

#[test]
fn marks_carry_annotation_slugs_and_unique_ids() {
    let site = build_clean(&fixture("timeline-order"), None);
    let article = site.html("articles/daily-news-2017-06-09/index.html");
    let marks = select(&article, "mark[data-annotation]");
    assert!(!marks.is_empty());
    let mut ids: Vec<&str> = marks
        .iter()
        .map(|m| m.value().attr("id").expect("every mark has an id"))
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "mark ids are unique");
    // "rebuked the attorney general" (monday-tweets) contains "the attorney general"
    // (same-day-b): the overlap is one mark serving both.
    assert!(
        marks
            .iter()
            .any(|m| m.value().attr("data-annotation") == Some("monday-tweets same-day-b")),
        "overlapping passages share a mark: {:?}",
        marks
            .iter()
            .map(|m| m.value().attr("data-annotation"))
            .collect::<Vec<_>>()
    );
    // The quote ran across emphasis: the mark is split, not crossing the <em>.
    let text: String = marks
        .iter()
        .filter(|m| {
            m.value()
                .attr("data-annotation")
                .unwrap()
                .split(' ')
                .any(|s| s == "monday-tweets")
        })
        .map(|m| m.text().collect::<String>())
        .collect();
    assert_eq!(text, "rebuked the attorney general");
}

#[test]
fn sources_link_to_the_exact_passage() {
    let site = build_clean(&fixture("timeline-order"), None);
    let timeline = site.html("index.html");
    let article = site.html("articles/daily-news-2017-06-09/index.html");
    for entry in select(&timeline, "[data-kind][id]") {
        let link = entry
            .select(
                &Selector::parse("a[href*='articles/daily-news-2017-06-09/index.html#']").unwrap(),
            )
            .next()
            .unwrap_or_else(|| {
                panic!(
                    "entry {} links to its passage",
                    entry.value().attr("id").unwrap()
                )
            });
        let fragment = link
            .value()
            .attr("href")
            .unwrap()
            .split('#')
            .nth(1)
            .unwrap();
        assert!(
            !select(&article, &format!("[id='{fragment}']")).is_empty(),
            "#{fragment} exists on the article page"
        );
    }
}

#[test]
fn links_work_under_a_sub_path() {
    let site = build_clean(
        &fixture("timeline-order"),
        Some("https://user.github.io/repo/"),
    );
    let timeline = site.html("index.html");
    let canonical = select(&timeline, "link[rel=canonical]");
    assert_eq!(
        canonical[0].value().attr("href"),
        Some("https://user.github.io/repo/")
    );
    // Internal links are relative, so they resolve under any sub-path and from file://.
    for file in site.files().iter().filter(|f| f.ends_with(".html")) {
        let html = site.html(file);
        for link in select(&html, "a[href]") {
            let href = link.value().attr("href").unwrap();
            if href.starts_with("http") || href.starts_with('#') || href.starts_with("mailto:") {
                continue;
            }
            if file == "404.html" {
                assert!(
                    href.starts_with("/repo/"),
                    "404 links are absolute under the base path: {href}"
                );
                continue;
            }
            let target = href.split('#').next().unwrap();
            let resolved = std::path::Path::new(file).parent().unwrap().join(target);
            let normal = normalize(&resolved);
            assert!(
                site.path(&normal).is_file(),
                "{file}: link {href} points to {normal}, which is missing"
            );
        }
    }
}

fn normalize(path: &std::path::Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// A copy of fixture `name` whose timeline is split into pages of `page_size` entries.
fn split_fixture(name: &str, page_size: usize) -> tempfile::TempDir {
    let source = fixture(name);
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&source) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(&source).unwrap());
        match entry.file_type().is_dir() {
            true => std::fs::create_dir_all(&target).unwrap(),
            false => std::fs::copy(entry.path(), &target).map(drop).unwrap(),
        }
    }
    let config = dir.path().join("content/site.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text = format!("{text}\n[build]\ntimeline_page_size = {page_size}\n");
    std::fs::write(&config, text).unwrap();
    dir
}

#[test]
fn every_page_of_a_split_timeline_links_its_months_and_marks_itself() {
    let root = split_fixture("timeline-order", 2);
    let site = build_clean(root.path(), None);
    let pages: Vec<String> = site
        .files()
        .into_iter()
        .filter(|f| f == "index.html" || f.starts_with("timeline/") || f.starts_with("sources/"))
        .filter(|f| f.ends_with(".html") && f != "sources/index.html")
        .collect();
    let timeline_pages = pages.iter().filter(|f| !f.starts_with("sources/")).count();
    assert!(timeline_pages >= 4, "split into {timeline_pages} pages");
    for file in &pages {
        let html = site.html(file);
        let nav = select(&html, "nav.timeline-pages");
        assert_eq!(nav.len(), 1, "{file}: one page navigation");
        // The page itself is marked exactly once, by a link that resolves to it.
        let current = select(&html, "nav.timeline-pages a[aria-current=page]");
        assert_eq!(current.len(), 1, "{file}: one current page");
        let href = current[0].value().attr("href").unwrap();
        let own = std::path::Path::new(file).parent().unwrap().join(href);
        assert_eq!(&normalize(&own), file);
        for link in select(&html, "nav.timeline-pages a") {
            let href = link.value().attr("href").unwrap();
            let target = normalize(&std::path::Path::new(file).parent().unwrap().join(href));
            assert!(site.path(&target).is_file(), "{file}: {href} is missing");
        }
        // Every month group is listed on every page: the June pages are one group of three.
        let groups = select(&html, "nav.timeline-pages > ol:first-of-type > li");
        let june: Vec<_> = groups
            .iter()
            .filter(|g| g.inner_html().contains("June 2017"))
            .collect();
        assert_eq!(june.len(), 1, "{file}: June listed once");
        assert!(
            june[0].inner_html().contains("6 entries"),
            "{file}: {}",
            june[0].inner_html()
        );
    }
}

/// The site this repository ships (its `content/`, with the default templates).
fn bundled_site() -> common::Built {
    build_clean(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), None)
}

/// The text of each site navigation link marked active on a page.
fn active_nav(html: &scraper::Html) -> Vec<String> {
    select(html, ".site-nav a.active")
        .iter()
        .map(|a| a.text().collect())
        .collect()
}

#[test]
fn the_navigation_marks_the_section_of_every_page() {
    let site = bundled_site();
    let expected = [
        ("index.html", "Timeline"),
        ("articles/index.html", "Sources"),
        ("articles/hot-air-2017-06-06/index.html", "Sources"),
        ("annotations/index.html", "Annotations"),
        ("annotations/recusal-announced/index.html", "Annotations"),
        ("tags/index.html", "Tags"),
        ("tags/recusal/index.html", "Tags"),
        ("people/index.html", "People"),
        ("people/cleta-mitchell/index.html", "People"),
        ("outlets/index.html", "Outlets"),
        ("outlets/hot-air/index.html", "Outlets"),
        ("sources/index.html", "Who reported what"),
    ];
    for (page, section) in expected {
        assert_eq!(active_nav(&site.html(page)), [section], "{page}");
    }
    for page in ["404.html", "search/index.html"] {
        assert!(active_nav(&site.html(page)).is_empty(), "{page}");
    }
}

#[test]
fn the_sources_matrix_counts_the_outlets_quoted_per_entry() {
    let site = bundled_site();
    let html = site.html("sources/index.html");
    let rows = select(&html, "table.matrix tbody tr");
    let hit = Selector::parse("td.hit").unwrap();
    let total = Selector::parse("td.matrix-total").unwrap();
    let mut corroborated = 0;
    for row in &rows {
        let outlets = row.select(&hit).count();
        let cell = row.select(&total).next().unwrap();
        assert_eq!(cell.text().collect::<String>(), outlets.to_string());
        let marked = cell
            .value()
            .has_class("corroborated", scraper::CaseSensitivity::CaseSensitive);
        assert_eq!(marked, outlets > 1, "{}", row.html());
        corroborated += usize::from(marked);
    }
    // The bundled site has entries quoted by one outlet and by several.
    assert!(
        corroborated > 0 && corroborated < rows.len(),
        "{corroborated} of {}",
        rows.len()
    );
}
