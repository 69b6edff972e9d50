//! `timeline.json` (TimelineJS3) of the in-memory fixture site: dates carry only the fields
//! they were written with.

mod publish_common;

use newsline::render::publish::timeline_js::timeline_json;
use publish_common::site;
use serde_json::{Value, json};

fn document() -> Value {
    let (site, entries) = site();
    serde_json::from_str(&timeline_json(&site, &entries)).unwrap()
}

#[test]
fn title_and_eras_come_from_the_site() {
    let document = document();
    assert_eq!(
        document["title"],
        json!({"text": {"headline": "News & <Views> timeline", "text": "A test site \"quoted\""}})
    );
    assert_eq!(
        document["eras"],
        json!([{
            "start_date": {"year": 2017, "month": 6, "day": 1, "display_date": "1 June 2017"},
            "end_date": {"year": 2017, "month": 6, "day": 7, "display_date": "7 June 2017"},
            "text": {"headline": "Early June", "text": "The first week"},
        }])
    );
}

#[test]
fn events_are_the_dated_entries_in_timeline_order_with_only_their_written_fields() {
    let document = document();
    let events = document["events"].as_array().unwrap();
    let dates: Vec<Value> = events
        .iter()
        .map(|e| {
            json!([
                e["unique_id"],
                e["group"],
                e["start_date"],
                e.get("end_date"),
                e["display_date"]
            ])
        })
        .collect();
    assert_eq!(
        dates,
        [
            json!(["year-context", "Context", {"year": 2016, "display_date": "2016"}, null, "2016"]),
            json!(["month-report", "Report", {"year": 2017, "month": 6, "display_date": "c. June 2017"}, null, "c. June 2017"]),
            json!(["owner-refuses", "Statement", {"year": 2017, "month": 6, "day": 5, "display_date": "5 June 2017"}, null, "5 June 2017"]),
            json!(["council-meets-again", "Event",
                {"year": 2017, "month": 6, "day": 6, "hour": 18, "minute": 0, "second": 0, "display_date": "6 June 2017, 18:00 UTC−04:00"},
                null, "6 June 2017, 18:00 UTC−04:00"]),
            json!(["range-opinion", "Opinion", {"year": 2017, "month": 6, "day": 10, "display_date": "10 June 2017"},
                {"year": 2017, "month": 6, "day": 14, "display_date": "14 June 2017"}, "10–14 June 2017"]),
        ]
    );
}

#[test]
fn event_text_is_the_commentary_html_with_a_link_to_the_sources() {
    let document = document();
    let owner = &document["events"][2];
    assert_eq!(
        owner["text"]["headline"],
        "Owner says “no” <twice> & means it"
    );
    let html = owner["text"]["text"].as_str().unwrap();
    assert!(html.contains("<em>refused</em>"), "{html}");
    assert!(html.ends_with(
        "<p><a href=\"https://example.github.io/news/annotations/owner-refuses/\">Sources and quoted passages</a></p>"
    ), "{html}");
}
