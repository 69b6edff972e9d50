use serde_json::{Value as Json, json};

use super::*;

/// `count` pages for each `(year, month)`, titled as the timeline titles them.
fn pages(spans: &[((i32, u32), usize)]) -> Vec<NavPage> {
    let mut pages = Vec::new();
    for &((year, month), count) in spans {
        for part in 0..count {
            let title = crate::render::pages::month_label((year, Some(month)));
            pages.push(NavPage {
                key: (year, Some(month)),
                last: (year, Some(month)),
                title,
                url: format!("timeline/{year:04}-{month:02}-{}/", part + 1),
                count: 200,
            });
        }
    }
    pages
}

fn shown(nav: &PageNav, page: usize) -> Json {
    serde_json::to_value(nav.for_page(page)).unwrap()
}

fn links(view: &Json) -> usize {
    view["groups"].as_array().unwrap().len() + view["parts"].as_array().unwrap().len()
}

#[test]
fn a_year_of_many_pages_is_grouped_by_month_and_shows_its_own_months_pages() {
    // The 10,000-article corpus: 256 pages over one year.
    let spans: Vec<_> = (1..=12)
        .map(|m| ((2017, m), if m == 1 { 14 } else { 22 }))
        .collect();
    let nav = PageNav::from_pages(pages(&spans));
    let view = shown(&nav, 20); // the 7th page of February
    let groups = view["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 12);
    assert_eq!(groups[0]["title"], "January 2017");
    assert_eq!(groups[0]["url"], "timeline/2017-01-1/");
    assert_eq!(groups[0]["count"], 14 * 200);
    assert_eq!(groups[0]["current"], Json::Null);
    assert_eq!(groups[1]["current"], "true");
    assert_eq!(view["title"], "February 2017");
    assert_eq!(view["pages"], 256);
    let parts = view["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 22);
    assert_eq!(parts[0]["label"], "Part 1");
    assert_eq!(
        parts[6],
        json!({"label": "Part 7", "url": "timeline/2017-02-7/", "count": 200, "current": true})
    );
    assert_eq!(parts.iter().filter(|p| p["current"] == true).count(), 1);
    // Every page lists at most the 12 months and its month's pages, not all 256 pages.
    assert!((0..256).all(|page| links(&shown(&nav, page)) <= 12 + 22));
}

#[test]
fn many_years_of_few_pages_each_are_grouped_by_year() {
    let spans: Vec<_> = (2000..2010)
        .flat_map(|year| (1..=12).map(move |m| ((year, m), 2)))
        .collect();
    let nav = PageNav::from_pages(pages(&spans));
    let view = shown(&nav, 28); // the first page of March 2001
    let groups = view["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 10);
    assert_eq!(groups[1]["title"], "2001");
    assert_eq!(view["title"], "2001");
    let parts = view["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 24);
    // Titles repeat within a year: the pages of one month are numbered.
    assert_eq!(parts[0]["label"], "January 2001, part 1");
    assert_eq!(parts[1]["label"], "January 2001, part 2");
    assert_eq!(parts[4]["label"], "March 2001, part 1");
    assert_eq!(parts[4]["current"], true);
}

#[test]
fn a_page_alone_in_its_group_is_the_current_link_and_lists_no_parts() {
    let mut all = pages(&[((2017, 3), 3), ((2017, 4), 1)]);
    all[2].title = "March 2017 – April 2017".to_string();
    all[2].last = (2017, Some(4));
    let nav = PageNav::from_pages(all);
    let april = shown(&nav, 3);
    assert_eq!(april["groups"][1]["current"], "page");
    assert_eq!(april["parts"], json!([]));
    // A group is named by the span its pages cover.
    assert_eq!(april["groups"][0]["title"], "March 2017 – April 2017");
    // A page reaching into the next month keeps its own title among the parts.
    let labels: Vec<Json> = shown(&nav, 0)["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|part| part["label"].clone())
        .collect();
    assert_eq!(labels, ["Part 1", "Part 2", "March 2017 – April 2017"]);
}

#[test]
fn the_unit_is_the_one_whose_longest_list_is_shorter() {
    // Two years of one page a month: 24 months (24 links) against 2 years of 12 (14 links).
    let spans: Vec<_> = (2016..2018)
        .flat_map(|year| (1..=12).map(move |m| ((year, m), 1)))
        .collect();
    assert_eq!(best_unit(&pages(&spans)), Unit::Year);
    // One year of many pages a month: by year, every page would list them all.
    let spans: Vec<_> = (1..=3).map(|m| ((2017, m), 5)).collect();
    assert_eq!(best_unit(&pages(&spans)), Unit::Month);
}
