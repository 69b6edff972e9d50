//! `annotations.jsonld` of the in-memory fixture site: the W3C structure, and every selector
//! checked against the published article text it points into.

mod publish_common;

use std::collections::HashMap;

use newsline::render::publish::publish_files;
use publish_common::{BASE, site};
use serde_json::Value;

/// The collection and the published `articles/<slug>/text.txt` files by article page URL.
fn published() -> (Value, HashMap<String, String>) {
    let (site, entries) = site();
    let files = publish_files(&site, &entries);
    let mut texts = HashMap::new();
    let mut collection = None;
    for file in &files {
        let text = String::from_utf8(file.bytes.to_vec()).unwrap();
        if file.path == "annotations.jsonld" {
            collection = Some(serde_json::from_str(&text).unwrap());
        } else if let Some(slug) = file
            .path
            .strip_prefix("articles/")
            .and_then(|p| p.strip_suffix("/text.txt"))
        {
            texts.insert(format!("{BASE}articles/{slug}/"), text);
        }
    }
    (collection.expect("annotations.jsonld is published"), texts)
}

fn items(collection: &Value) -> &Vec<Value> {
    collection["first"]["items"].as_array().unwrap()
}

#[test]
fn collection_holds_every_annotation_in_one_page() {
    let (collection, texts) = published();
    assert_eq!(collection["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(collection["type"], "AnnotationCollection");
    assert_eq!(collection["id"], format!("{BASE}annotations.jsonld"));
    assert_eq!(collection["total"], 6);
    assert_eq!(collection["first"]["type"], "AnnotationPage");
    let summary: Vec<String> = items(&collection)
        .iter()
        .map(|a| {
            assert_eq!(a["type"], "Annotation");
            format!(
                "{} {} {}",
                a["id"].as_str().unwrap().strip_prefix(BASE).unwrap(),
                a["motivation"].as_str().unwrap(),
                a["target"].as_array().unwrap().len()
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "annotations/owner-refuses/ describing 1",
            "annotations/council-meets-again/ describing 2",
            "annotations/month-report/ describing 1",
            "annotations/year-context/ commenting 1",
            "annotations/range-opinion/ assessing 1",
            "annotations/undated-note/ editing 1",
        ]
    );
    // Every article's reader text is published, quoted or not.
    let mut pages: Vec<&String> = texts.keys().collect();
    pages.sort();
    assert_eq!(pages.len(), 3);
}

#[test]
fn bodies_are_the_markdown_commentary_then_tags_then_people() {
    let (collection, _) = published();
    let zoe = &site().0.people[0].slug;
    let owner = &items(&collection)[0];
    assert_eq!(
        owner["body"],
        serde_json::json!([
            {"type": "TextualBody", "value": "The owner *refused*. A `</script>` tag & a ]]> marker stay text.", "format": "text/markdown", "language": "en", "purpose": "commenting"},
            {"type": "TextualBody", "value": "cafés", "purpose": "tagging"},
            {"type": "TextualBody", "value": "council", "purpose": "tagging"},
            {"type": "SpecificResource", "source": format!("{BASE}people/{zoe}/"), "purpose": "tagging"},
        ])
    );
    let target = &owner["target"][0];
    assert_eq!(target["source"], format!("{BASE}articles/daily-one/"));
    assert_eq!(
        target["scope"],
        "https://daily.example/2017/06/cafe?a=1&b=2"
    );
    // An article without an original URL has no scope.
    let month = &items(&collection)[2];
    assert!(month["target"][0].get("scope").is_none());
}

#[test]
fn every_selector_finds_exactly_its_passage_in_the_published_text() {
    let (collection, texts) = published();
    let mut checked = 0;
    for annotation in items(&collection) {
        for target in annotation["target"].as_array().unwrap() {
            let text = &texts[target["source"].as_str().unwrap()];
            let selectors = target["selector"].as_array().unwrap();
            let quote = selectors
                .iter()
                .find(|s| s["type"] == "TextQuoteSelector")
                .unwrap();
            let position = selectors
                .iter()
                .find(|s| s["type"] == "TextPositionSelector")
                .unwrap();
            let exact = quote["exact"].as_str().unwrap();
            let prefix = quote["prefix"].as_str().unwrap();
            let suffix = quote["suffix"].as_str().unwrap();
            // Positions count code points, not bytes.
            let chars: Vec<char> = text.chars().collect();
            let start = position["start"].as_u64().unwrap() as usize;
            let end = position["end"].as_u64().unwrap() as usize;
            let sliced: String = chars[start..end].iter().collect();
            assert_eq!(sliced, exact);
            // prefix + exact + suffix occurs once, and there.
            let whole = format!("{prefix}{exact}{suffix}");
            let found: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i) && text[i..].starts_with(&whole))
                .collect();
            assert_eq!(found.len(), 1, "{whole:?} is not unique");
            let found_start = text[..found[0] + prefix.len()].chars().count();
            assert_eq!(found_start, start);
            assert!(prefix.chars().count() <= 32 || text.matches(exact).count() > 1);
            checked += 1;
        }
    }
    assert_eq!(checked, 7);
}

#[test]
fn an_ambiguous_quote_gets_longer_context_and_multibyte_text_counts_code_points() {
    let (collection, texts) = published();
    let council = &items(&collection)[1]["target"][0];
    let quote = &council["selector"][0];
    assert_eq!(quote["exact"], "The council met");
    let text = &texts[&format!("{BASE}articles/daily-one/")];
    let starts: Vec<usize> = text
        .match_indices("The council met")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(starts.len(), 3);
    // With 32 characters each side, the second and third sentence look the same.
    let context_32 = |start: usize| {
        let before: String = text[..start]
            .chars()
            .rev()
            .take(32)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after: String = text[start + 15..].chars().take(32).collect();
        format!("{before}The council met{after}")
    };
    assert_eq!(context_32(starts[1]), context_32(starts[2]));
    let prefix = quote["prefix"].as_str().unwrap();
    let suffix = quote["suffix"].as_str().unwrap();
    assert_eq!(prefix.chars().count(), 64);
    assert_eq!(suffix.chars().count(), 64);
    assert_eq!(
        prefix,
        " twice.\n\nThe council met at noon, as it does every single week. "
    );
    assert_eq!(
        council["selector"][1]["start"],
        text[..starts[1]].chars().count()
    );
    assert_ne!(text[..starts[1]].chars().count(), starts[1]);
}
