//! Navigation across the timeline's pages (and the sources pages that follow them).
//!
//! A split timeline's pages are grouped by the month (or, for a timeline of many months,
//! the year) their first entry falls in. Each page lists every group, and the pages of its
//! own group. Listing every page on every page was quadratic: at 10,000 articles the
//! timeline has 256 pages, and their 65,536 links were 29 KB of every timeline and sources
//! page and a tenth of their rendering time; a list that long is also one no reader scans.
//! The grouping is chosen to keep the list short: the unit whose groups plus largest group
//! are fewest.
//!
//! The values are made once per build; a page's navigation shares them (pointer copies),
//! making only its own group's entry and the list of its pages.

use serde::Serialize;
use tera::Value;

use super::pages::month_at;
use crate::model::Site;

/// One page of the timeline, as the navigation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavPage {
    /// Year and month of its first entry (no month for a year-precision date).
    pub key: (i32, Option<u32>),
    /// Year and month of its last entry.
    pub last: (i32, Option<u32>),
    pub title: String,
    pub url: String,
    pub count: usize,
}

/// Which calendar unit groups the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Month,
    Year,
}

/// The navigation of every page of a split timeline (or of its sources pages).
pub struct PageNav {
    groups: Vec<Group>,
    /// Each page's group.
    group_of: Vec<usize>,
    /// Each page's link as its group lists it: plain, and marked as the current page.
    parts: Vec<[Value; 2]>,
}

struct Group {
    pages: std::ops::Range<usize>,
    title: String,
    url: String,
    count: usize,
    /// The group's entry on the pages of other groups.
    plain: Value,
}

#[derive(Serialize)]
struct GroupView<'a> {
    title: &'a str,
    url: &'a str,
    count: usize,
    /// `page` when the link is the current page, `true` when the group holds it.
    current: Option<&'static str>,
}

#[derive(Serialize)]
struct PartView<'a> {
    label: &'a str,
    url: &'a str,
    count: usize,
    current: bool,
}

impl PageNav {
    /// The navigation of the timeline's pages, each linked by `path`.
    pub fn new(site: &Site, path: fn(&Site, usize) -> String) -> PageNav {
        // A page without a dated entry there (none are, on a timeline) sorts as year 0.
        let month = |position| month_at(site, position).unwrap_or((0, None));
        let pages = (site.timeline.pages.iter().enumerate())
            .map(|(page, timeline_page)| NavPage {
                key: month(timeline_page.entries.start),
                last: month(timeline_page.entries.end.saturating_sub(1)),
                title: super::pages::page_title(site, page),
                url: path(site, page),
                count: timeline_page.entries.len(),
            })
            .collect();
        PageNav::from_pages(pages)
    }

    /// The navigation of these pages, in timeline order.
    pub fn from_pages(pages: Vec<NavPage>) -> PageNav {
        let unit = best_unit(&pages);
        let mut groups: Vec<Group> = Vec::new();
        let mut group_of = Vec::with_capacity(pages.len());
        for (index, page) in pages.iter().enumerate() {
            let same = groups
                .last()
                .is_some_and(|group| same_group(unit, pages[group.pages.start].key, page.key));
            match groups.last_mut() {
                Some(group) if same => {
                    group.pages.end = index + 1;
                    group.count += page.count;
                }
                _ => groups.push(Group {
                    pages: index..index + 1,
                    title: String::new(),
                    url: page.url.clone(),
                    count: page.count,
                    plain: Value::none(),
                }),
            }
            group_of.push(groups.len() - 1);
        }
        let mut parts = Vec::with_capacity(pages.len());
        for group in &mut groups {
            let members = &pages[group.pages.clone()];
            group.title = group_title(unit, members);
            group.plain = group_value(group, None);
            let unit_label = unit_label(unit, members[0].key);
            for (label, page) in part_labels(&unit_label, members).iter().zip(members) {
                parts.push([false, true].map(|current| {
                    Value::from_serializable(&PartView {
                        label,
                        url: &page.url,
                        count: page.count,
                        current,
                    })
                }));
            }
        }
        PageNav {
            groups,
            group_of,
            parts,
        }
    }

    /// The navigation as `page` shows it: `groups` (title, url, count, current); the
    /// `parts` of its own group (label, url, count, current), empty when the group is one
    /// page; that group's `title`; and the number of `pages` in all.
    pub fn for_page(&self, page: usize) -> Value {
        let Some(&own) = self.group_of.get(page) else {
            return Value::none();
        };
        let group = &self.groups[own];
        let single = group.pages.len() == 1;
        let groups =
            self.groups
                .iter()
                .enumerate()
                .map(|(index, other)| match (index == own, single) {
                    (false, _) => other.plain.clone(),
                    (true, true) => group_value(other, Some("page")),
                    (true, false) => group_value(other, Some("true")),
                });
        let parts: Vec<Value> = match single {
            true => Vec::new(),
            false => group
                .pages
                .clone()
                .map(|p| self.parts[p][usize::from(p == page)].clone())
                .collect(),
        };
        let map = std::collections::BTreeMap::from([
            ("groups", Value::from(groups.collect::<Vec<Value>>())),
            ("parts", Value::from(parts)),
            ("title", Value::from(group.title.as_str())),
            ("pages", Value::from(self.group_of.len())),
        ]);
        Value::from(map)
    }
}

fn group_value(group: &Group, current: Option<&'static str>) -> Value {
    Value::from_serializable(&GroupView {
        title: &group.title,
        url: &group.url,
        count: group.count,
        current,
    })
}

fn same_group(unit: Unit, a: (i32, Option<u32>), b: (i32, Option<u32>)) -> bool {
    match unit {
        Unit::Month => a == b,
        Unit::Year => a.0 == b.0,
    }
}

/// The month (`June 2017`) or year (`2017`) of `key`.
fn unit_label(unit: Unit, key: (i32, Option<u32>)) -> String {
    match unit {
        Unit::Month => super::pages::month_label(key),
        Unit::Year => key.0.to_string(),
    }
}

/// A group's month or year, or the span its pages cover where the last reaches further
/// (`March 2017 – April 2017`), as page titles name spans.
fn group_title(unit: Unit, pages: &[NavPage]) -> String {
    let first = unit_label(unit, pages[0].key);
    let last = unit_label(unit, pages[pages.len() - 1].last);
    match first == last {
        true => first,
        false => format!("{first} – {last}"),
    }
}

/// Months, unless grouping by year lists fewer links on the longest page: the number of
/// groups plus the size of the largest.
fn best_unit(pages: &[NavPage]) -> Unit {
    let links = |unit: Unit| {
        let (mut groups, mut largest, mut run) = (0, 0, 0);
        for (index, page) in pages.iter().enumerate() {
            let joins = index > 0 && same_group(unit, pages[index - 1].key, page.key);
            run = if joins { run + 1 } else { 1 };
            groups += usize::from(!joins);
            largest = largest.max(run);
        }
        groups + largest
    };
    match links(Unit::Year) < links(Unit::Month) {
        true => Unit::Year,
        false => Unit::Month,
    }
}

/// Each page's label in its group: `Part n` where its title is the group's month (a month
/// cut into several pages), else its title, numbered where titles repeat.
fn part_labels(unit_label: &str, pages: &[NavPage]) -> Vec<String> {
    pages
        .iter()
        .enumerate()
        .map(|(index, page)| {
            let same = |other: &NavPage| other.title == page.title;
            let repeats = pages.iter().filter(|other| same(other)).count() > 1;
            let number = pages[..index].iter().filter(|other| same(other)).count() + 1;
            match (page.title == unit_label, repeats) {
                (true, _) => format!("Part {}", index + 1),
                (false, true) => format!("{}, part {number}", page.title),
                (false, false) => page.title.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
