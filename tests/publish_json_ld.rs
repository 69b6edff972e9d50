//! Per-page schema.org JSON-LD of the in-memory fixture site: it parses, keeps dates at
//! their precision, and cannot break out of its `<script>` element.

mod publish_common;

use newsline::render::pages::{Job, Section};
use newsline::render::publish::json_ld;
use publish_common::{BASE, site};
use serde_json::{Value, json};

fn parsed(site: &newsline::model::Site, job: Job) -> (String, Value) {
    let text = json_ld(site, job).expect("this page has JSON-LD");
    let value = serde_json::from_str(&text).unwrap();
    (text, value)
}

fn index_of(site: &newsline::model::Site, slug: &str) -> usize {
    site.annotations
        .iter()
        .position(|a| a.doc.slug == slug)
        .unwrap()
}

#[test]
fn article_page_is_a_news_article_about_the_original() {
    let (site, _) = site();
    let (text, value) = parsed(&site, Job::Article(0));
    assert_eq!(
        value,
        json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Café owners & <the> council",
            "datePublished": "2017-06-05",
            "url": "https://daily.example/2017/06/cafe?a=1&b=2",
            "mainEntityOfPage": format!("{BASE}articles/daily-one/"),
            "publisher": {"@type": "Organization", "name": "The Daily"},
            "author": {"@type": "Person", "name": "Zoë Brontë"},
            "inLanguage": "en",
        })
    );
    assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
}

#[test]
fn script_end_tags_in_content_are_escaped() {
    let (site, _) = site();
    let weekly = site
        .articles
        .iter()
        .position(|a| a.doc.slug == "weekly-two")
        .unwrap();
    let (text, value) = parsed(&site, Job::Article(weekly));
    assert_eq!(value["headline"], "Weekly </script><!-- digest");
    assert!(
        text.contains(r#""headline":"Weekly \u003c/script\u003e\u003c!-- digest""#),
        "{text}"
    );
    // No original URL: the page itself; month precision stays a month.
    assert_eq!(value["url"], format!("{BASE}articles/weekly-two/"));
    assert_eq!(value["datePublished"], "2017-06");
    assert!(value.get("author").is_none());
}

#[test]
fn annotation_page_is_a_comment_about_its_articles() {
    let (site, _) = site();
    let (_, value) = parsed(
        &site,
        Job::Annotation(index_of(&site, "council-meets-again")),
    );
    assert_eq!(value["@type"], "Comment");
    assert_eq!(
        value["url"],
        format!("{BASE}annotations/council-meets-again/")
    );
    assert_eq!(value["temporalCoverage"], "2017-06-06T18:00:00-04:00");
    assert_eq!(value["genre"], "Event");
    assert_eq!(value["keywords"], json!(["council"]));
    let about: Vec<&str> = value["about"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        about,
        [
            format!("{BASE}articles/daily-one/"),
            format!("{BASE}articles/weekly-two/")
        ]
    );
    assert_eq!(
        value["about"][0]["sameAs"],
        "https://daily.example/2017/06/cafe?a=1&b=2"
    );

    let (_, range) = parsed(&site, Job::Annotation(index_of(&site, "range-opinion")));
    assert_eq!(range["temporalCoverage"], "2017-06-10/2017-06-14");
    let (_, month) = parsed(&site, Job::Annotation(index_of(&site, "month-report")));
    assert_eq!(month["temporalCoverage"], "2017-06");
    let (_, undated) = parsed(&site, Job::Annotation(index_of(&site, "undated-note")));
    assert!(undated.get("temporalCoverage").is_none());
}

#[test]
fn timeline_page_is_an_item_list_of_its_entries_in_order() {
    let (site, _) = site();
    let (_, value) = parsed(&site, Job::Timeline(0));
    assert_eq!(value["@type"], "ItemList");
    assert_eq!(value["url"], BASE);
    let items: Vec<(u64, &str)> = value["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["position"].as_u64().unwrap(),
                i["url"].as_str().unwrap().strip_prefix(BASE).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (1, "annotations/year-context/"),
            (2, "annotations/month-report/"),
            (3, "annotations/owner-refuses/"),
            (4, "annotations/council-meets-again/"),
            (5, "annotations/range-opinion/"),
        ]
    );
}

#[test]
fn other_pages_have_none() {
    let (site, _) = site();
    for job in [
        Job::ArticleIndex(0),
        Job::AnnotationIndex(0),
        Job::Sources(0),
        Job::NotFound,
        Job::TermIndex(Section::Tags),
        Job::Term(Section::Tags, 0, 0),
    ] {
        assert_eq!(json_ld(&site, job), None, "{job:?}");
    }
}

#[test]
fn an_unsafe_original_url_is_never_published() {
    let (mut site, _) = site();
    std::sync::Arc::make_mut(&mut site.articles[0].doc).url =
        Some(" JavaScript:alert(1)".to_string());
    let (_, article) = parsed(&site, Job::Article(0));
    assert_eq!(article["url"], format!("{BASE}articles/daily-one/"));
    let (_, comment) = parsed(&site, Job::Annotation(index_of(&site, "owner-refuses")));
    assert!(comment["about"][0].get("sameAs").is_none());
    let collection = newsline::render::publish::web_annotations::annotation_collection(&site);
    assert!(!collection.to_ascii_lowercase().contains("javascript:"));
}
