//! Tests of the timeline overview SVG on small hand-made sites and one of 50,000 entries.

use std::sync::Arc;

use super::draw::{Band, fit, widen};
use super::layout::{Unit, timestamp};
use super::*;
use crate::load::{AnnotationDoc, Kind};
use crate::render::test_sites::{entry, site};
use chrono::NaiveDate;

/// The wide version of a page's overview (the first of its two SVGs).
fn wide(overview: &str) -> &str {
    overview.split_inclusive("</svg>").next().unwrap_or("")
}

/// The narrow version of a page's overview (the second of its two SVGs).
fn narrow(overview: &str) -> &str {
    overview.split_inclusive("</svg>").nth(1).unwrap_or("")
}

/// The numeric value of `attribute` in each element that starts with `element`.
fn numbers(svg: &str, element: &str, attribute: &str) -> Vec<f64> {
    svg.split(element)
        .skip(1)
        .filter_map(|rest| {
            let tag = &rest[..rest.find('>')?];
            let start = tag.find(&format!(" {attribute}=\""))? + attribute.len() + 3;
            tag[start..].split('"').next()?.parse().ok()
        })
        .collect()
}

#[test]
fn a_site_without_dated_entries_has_an_empty_overview() {
    let site = site(
        vec![entry("note", "A note", None, Kind::Context)],
        Vec::new(),
        2000,
    );
    assert_eq!(timeline_overviews(&site), vec![String::new()]);
}

#[test]
fn distance_is_proportional_to_elapsed_time_in_the_main_span() {
    let site = site(
        vec![
            entry("a", "A", Some("2017-03-01"), Kind::Event),
            entry("b", "B", Some("2017-04-10"), Kind::Event),
            entry("c", "C", Some("2017-07-30"), Kind::Event),
        ],
        Vec::new(),
        2000,
    );
    let svg = wide(&timeline_overviews(&site)[0]).to_string();
    let xs = numbers(&svg, "<circle class=\"ov-mark", "cx");
    assert_eq!(xs.len(), 3);
    // 40 days from a to b, 111 days from b to c.
    let ratio = (xs[2] - xs[1]) / (xs[1] - xs[0]);
    assert!((ratio - 111.0 / 40.0).abs() < 0.02, "ratio {ratio}");
    assert!(
        svg.contains(r##"<a href="#b" class="ov-entry"><title>10 April 2017: B</title>"##),
        "{svg}"
    );
}

#[test]
fn marks_on_the_same_day_are_stacked_not_overlapped() {
    let site = site(
        vec![
            entry("a", "A", Some("2017-05-09"), Kind::Event),
            entry("b", "B", Some("2017-05-09"), Kind::Statement),
            entry("c", "C", Some("2017-05-10"), Kind::Report),
        ],
        Vec::new(),
        2000,
    );
    let svg = wide(&timeline_overviews(&site)[0]).to_string();
    let ys = numbers(&svg, "<circle class=\"ov-mark", "cy");
    assert_eq!(ys.len(), 3);
    assert!(ys[0] != ys[1] && ys[1] != ys[2] && ys[0] != ys[2], "{ys:?}");
    // Each hit area is 24 units: rows are exactly one slot apart.
    let mut sorted = ys.clone();
    sorted.sort_by(f64::total_cmp);
    assert_eq!(sorted[1] - sorted[0], SLOT);
}

#[test]
fn background_and_aftermath_are_set_apart_and_labelled() {
    let site = site(
        vec![
            entry("early", "Early", Some("2015-06-01"), Kind::Event),
            entry("a", "A", Some("2017-03-05"), Kind::Event),
            entry("late", "Late", Some("2019-02-14"), Kind::Event),
        ],
        Vec::new(),
        2000,
    );
    let svg = &wide(&timeline_overviews(&site)[0]).to_string();
    assert!(
        svg.contains(">Background</text>") && svg.contains(">Aftermath</text>"),
        "{svg}"
    );
    assert_eq!(
        svg.matches("class=\"ov-gap\"").count(),
        4,
        "two breaks of two strokes each"
    );
    let axes = numbers(svg, "<line class=\"ov-axis\"", "x1");
    assert_eq!(axes.len(), 3);
    // Two years of background take no more than their bounded share of the width.
    let ends = numbers(svg, "<line class=\"ov-axis\"", "x2");
    assert!(
        ends[0] - axes[0] <= SIDE_SHARE * WIDE.width,
        "{axes:?} {ends:?}"
    );
    assert!(ends[0] + GAP <= axes[1] + 0.1);
}

#[test]
fn eras_are_labelled_bands_and_months_are_ticks() {
    let site = site(
        vec![entry("a", "A", Some("2017-05-09"), Kind::Event)],
        vec![
            ("The recusal", "2017-03-02", "2017-05-07"),
            ("Comey's firing", "2017-05-08", "2017-06-04"),
        ],
        2000,
    );
    let svg = &timeline_overviews(&site)[0];
    assert!(
        svg.contains("<title>1. The recusal: 2 March 2017 to 7 May 2017</title>"),
        "{svg}"
    );
    assert!(svg.contains(r#"<tspan class="ov-era-n">1</tspan> The recusal</text>"#));
    assert!(svg.contains("<title>2. Comey&#39;s firing: 8 May 2017 to 4 June 2017</title>"));
    for label in [">Mar 2017<", ">Apr<", ">May<", ">Jun<", ">Jul<"] {
        assert!(svg.contains(label), "missing tick {label}");
    }
}

#[test]
fn text_is_escaped_and_opinion_marks_say_so() {
    let site = site(
        vec![entry(
            "o",
            "Tom & \"Jerry\" <3",
            Some("2017-06-01"),
            Kind::Opinion,
        )],
        Vec::new(),
        2000,
    );
    let svg = &timeline_overviews(&site)[0];
    assert!(
        svg.contains("<title>1 June 2017: Tom &amp; &quot;Jerry&quot; &lt;3 (Opinion)</title>"),
        "{svg}"
    );
    assert!(svg.contains(r#"class="ov-mark kind-opinion is-opinion""#));
}

#[test]
fn fifty_thousand_entries_make_small_svgs_that_link_across_pages() {
    let annotations: Vec<AnnotationDoc> = (0..50_000)
        .map(|i| {
            let day = 1 + i % 28;
            let month = 3 + (i / 28) % 5;
            let when = format!("2017-{month:02}-{day:02}");
            entry(
                &format!("e{i}"),
                &format!("Entry number {i} with a fairly long title"),
                Some(&when),
                Kind::Event,
            )
        })
        .collect();
    let site = site(annotations, vec![("Era", "2017-03-02", "2017-05-07")], 2000);
    let overviews = timeline_overviews(&site);
    assert_eq!(overviews.len(), site.timeline.pages.len());
    assert!(overviews.len() > 1);
    for svg in &overviews {
        assert!(svg.len() < 300_000, "{} bytes", svg.len());
        assert!(svg.contains("class=\"ov-bucket\""));
        assert!(!svg.contains("class=\"ov-entry\""));
    }
    // From the first page (the site root) other pages are below; from the others, up two.
    assert!(
        overviews[0].contains("href=\"timeline/"),
        "{}",
        &overviews[0][..2000]
    );
    assert!(overviews[1].contains("href=\"../../index.html#"));
    assert!(overviews[1].contains("href=\"#"));
}

#[test]
fn periods_start_where_the_calendar_says() {
    let monday = timestamp(NaiveDate::from_ymd_opt(2017, 6, 5).expect("valid"));
    let thursday = monday + 3 * DAY + 3600;
    assert_eq!(Unit::Week.floor(thursday), monday);
    assert_eq!(Unit::Week.next(monday), monday + 7 * DAY);
    assert_eq!(
        Unit::Quarter.label(Unit::Quarter.floor(thursday), false),
        "Apr"
    );
    assert_eq!(
        Unit::Month.label(Unit::Month.floor(thursday), true),
        "Jun 2017"
    );
    assert_eq!(Unit::Week.describe(monday), "Week of 5 June 2017");
    assert_eq!(Unit::Decade.describe(Unit::Decade.floor(thursday)), "2010s");
}

#[test]
fn labels_are_cut_to_fit() {
    assert_eq!(fit("Short", 100.0), Some("Short".to_string()));
    assert_eq!(
        fit("A much longer era title", 66.0),
        Some("A much l…".to_string())
    );
    assert_eq!(fit("Anything", 20.0), None);
}

#[test]
fn a_full_stack_ends_in_a_marker_counting_the_rest() {
    let max_rows = WIDE.max_rows;
    let annotations = (0..max_rows + 3)
        .map(|i| {
            entry(
                &format!("e{i:02}"),
                &format!("E{i:02}"),
                Some("2017-06-06"),
                Kind::Event,
            )
        })
        .collect();
    let site = site(annotations, Vec::new(), 2000);
    let svg = wide(&timeline_overviews(&site)[0]).to_string();
    assert_eq!(svg.matches("class=\"ov-entry\"").count(), max_rows - 1);
    assert!(
        svg.contains(&format!(r##"<a href="#e{:02}" class="ov-more"><title>4 more entries from 6 June 2017, not drawn: the stack is full</title>"##, max_rows - 1)),
        "{svg}"
    );
    assert!(svg.contains(">+4</text></a>"));
}

#[test]
fn each_page_has_a_wide_and_a_narrow_version_with_their_own_ids() {
    let annotations = (0..12)
        .map(|i| entry(&format!("e{i}"), "E", Some("2017-06-06"), Kind::Event))
        .collect();
    let site = site(annotations, Vec::new(), 2000);
    let overview = &timeline_overviews(&site)[0];
    let (wide, narrow) = (wide(overview), narrow(overview));
    assert!(wide.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" class="overview-svg overview-wide" viewBox="0 0 880 "#), "{wide}");
    assert!(wide.contains(r#"aria-labelledby="overview_title_wide""#));
    assert!(narrow.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" class="overview-svg overview-narrow" viewBox="0 0 340 "#), "{narrow}");
    assert!(narrow.contains(r#"<title id="overview_title_narrow">"#));
    // The narrow one is lower: fewer rows, and the rest counted in a `+N` marker.
    assert_eq!(
        narrow.matches("class=\"ov-entry\"").count(),
        NARROW.max_rows - 1
    );
    assert!(narrow.contains(&format!(">+{}</text>", 12 - (NARROW.max_rows - 1))));
}

#[test]
fn a_three_day_era_gets_a_numbered_band_and_its_neighbours_give_way() {
    let site = site(
        vec![entry("a", "A", Some("2017-06-06"), Kind::Event)],
        vec![
            (
                "Comey's firing and the special counsel",
                "2017-05-08",
                "2017-06-04",
            ),
            ("Travel-ban tweets", "2017-06-05", "2017-06-07"),
            ("Comey's testimony", "2017-06-08", "2017-07-18"),
        ],
        2000,
    );
    let svg = wide(&timeline_overviews(&site)[0]).to_string();
    let widths = numbers(&svg, "<rect", "width");
    assert_eq!(widths.len(), 3 + 1, "three bands and a hit area: {svg}");
    assert!(widths[1] >= 20.0, "{widths:?}");
    assert!(svg.contains(r#"text-anchor="middle">2</text>"#), "{svg}");
    let starts = numbers(&svg, "<rect", "x");
    assert!(
        starts[0] + widths[0] < starts[1] && starts[1] + widths[1] < starts[2],
        "{starts:?} {widths:?}"
    );
}

#[test]
fn widening_keeps_bands_apart() {
    let band = |era, x0, x1| Band {
        era,
        x0,
        x1,
        widened: false,
    };
    let mut bands = vec![
        band(0, 10.0, 100.0),
        band(1, 100.0, 104.0),
        band(2, 104.0, 300.0),
    ];
    widen(&mut bands, 10.0, 300.0);
    assert_eq!(bands[1].x1 - bands[1].x0, 22.0);
    assert_eq!((bands[0].x1, bands[1].x0), (91.0, 91.0));
    assert_eq!((bands[1].x1, bands[2].x0), (113.0, 113.0));
    // A narrow band at the very start stays inside the segment.
    let mut bands = vec![band(0, 10.0, 12.0), band(1, 12.0, 200.0)];
    widen(&mut bands, 10.0, 200.0);
    assert_eq!((bands[0].x0, bands[0].x1, bands[1].x0), (10.0, 32.0, 32.0));
}

#[test]
fn aftermath_does_not_name_the_year_the_main_span_ends_in_again() {
    let site = site(
        vec![
            entry("early", "Early", Some("2016-02-28"), Kind::Event),
            entry("a", "A", Some("2017-05-09"), Kind::Event),
            entry("late", "Late", Some("2018-12-01"), Kind::Event),
            entry("later", "Later", Some("2019-02-14"), Kind::Event),
        ],
        Vec::new(),
        2000,
    );
    let svg = wide(&timeline_overviews(&site)[0]).to_string();
    let labels: Vec<&str> = svg
        .split(r#"class="ov-tick-label""#)
        .skip(1)
        .filter_map(|rest| rest.split('>').nth(1)?.split('<').next())
        .collect();
    // The main span names 2017 ("Mar 2017"); the aftermath, starting in August 2017, goes
    // straight on to 2018.
    assert_eq!(
        labels
            .iter()
            .skip_while(|l| **l != "Jul")
            .collect::<Vec<_>>(),
        [&"Jul", &"2018"],
        "{labels:?}"
    );
    assert!(labels.contains(&"Mar 2017"), "{labels:?}");
}

#[test]
fn the_narrow_version_names_the_main_span_in_a_word_when_its_dates_do_not_fit() {
    let site = site(
        vec![
            entry("early", "Early", Some("2016-02-28"), Kind::Event),
            entry("a", "A", Some("2017-05-09"), Kind::Event),
            entry("late", "Late", Some("2018-12-01"), Kind::Event),
        ],
        Vec::new(),
        2000,
    );
    let overview = &timeline_overviews(&site)[0];
    assert!(wide(overview).contains(">1 March 2017 to 31 July 2017</text>"));
    let narrow = narrow(overview);
    for label in [
        ">Background</text>",
        ">Timeline</text>",
        ">Aftermath</text>",
    ] {
        assert!(narrow.contains(label), "no {label} in {narrow}");
    }
}

#[test]
fn the_input_hash_follows_what_is_drawn_and_not_the_commentary() {
    let make = |second_title: &str, second_date: &str, second_kind: Kind, commentary: &str| {
        let mut second = entry("b", second_title, Some(second_date), second_kind);
        second.text = Arc::from(commentary);
        second.body = 0..commentary.len();
        let entries = vec![entry("a", "A", Some("2017-05-09"), Kind::Event), second];
        input_hash(&site(entries, Vec::new(), 2000))
    };
    let drawn = make("B", "2017-06-01", Kind::Event, "First words.");
    // Parsed again (a new revision) with another commentary: the same drawing.
    assert_eq!(make("B", "2017-06-01", Kind::Event, "Other words."), drawn);
    // Whatever the overview shows of an entry changes it.
    assert_ne!(make("B2", "2017-06-01", Kind::Event, "First words."), drawn);
    assert_ne!(make("B", "2017-06-02", Kind::Event, "First words."), drawn);
    assert_ne!(
        make("B", "2017-06-01", Kind::Opinion, "First words."),
        drawn
    );
}
