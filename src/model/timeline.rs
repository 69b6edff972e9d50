//! Timeline order, phases (prologue, main span, epilogue) and pages.
//!
//! Order: by the start of each entry's period (an instant by itself, a date, month or year by
//! the first moment of that period, in UTC); at the same start a coarser precision comes
//! first (the month opens before its first day), then the shorter period, then title, then
//! slug. Undated annotations are margin notes and are not on the timeline.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::date::SortKey;
use crate::load::{AnnotationDoc, SiteConfig};

/// Where an annotation sits relative to the main span set in `site.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// Starts before the span: background.
    Prologue,
    Main,
    /// Starts after the span: aftermath.
    Epilogue,
    /// No date: a margin note only.
    Undated,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Prologue => "prologue",
            Phase::Main => "main",
            Phase::Epilogue => "epilogue",
            Phase::Undated => "undated",
        }
    }
}

/// One page of the timeline: `index.html` for the first, `timeline/<slug>/` for the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelinePage {
    /// `None` for the first page (the site's `index.html`).
    pub slug: Option<String>,
    /// Range into [`Timeline::order`].
    pub entries: std::ops::Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Timeline {
    /// Dated annotation indexes in timeline order.
    pub order: Vec<usize>,
    pub pages: Vec<TimelinePage>,
    /// Every annotation as the list of all annotations shows them: `order`, then the
    /// undated ones in slug order.
    pub listed: Vec<usize>,
    phases: Vec<Phase>,
    /// Position of each annotation in `order`; undated ones after every dated one.
    rank: Vec<usize>,
}

impl Timeline {
    pub fn new(config: &SiteConfig, annotations: &[Arc<AnnotationDoc>]) -> Timeline {
        let span_start = config.timeline.start.value.start_utc();
        let span_end = config.timeline.end.value.end_utc();
        let phases: Vec<Phase> = annotations
            .iter()
            .map(|a| match &a.date {
                None => Phase::Undated,
                Some(date) if date.value.start_utc() < span_start => Phase::Prologue,
                Some(date) if date.value.start_utc() >= span_end => Phase::Epilogue,
                Some(_) => Phase::Main,
            })
            .collect();
        let mut order: Vec<usize> = (0..annotations.len())
            .filter(|&i| annotations[i].date.is_some())
            .collect();
        // Sort keys are computed once per entry, not once per comparison.
        let keys: Vec<Option<SortKey>> = annotations
            .iter()
            .map(|a| a.date.as_ref().map(|date| date.value.sort_key()))
            .collect();
        order.sort_by(|&a, &b| compare((keys[a], &annotations[a]), (keys[b], &annotations[b])));
        let mut rank = vec![usize::MAX; annotations.len()];
        for (position, &index) in order.iter().enumerate() {
            rank[index] = position;
        }
        let undated = rank.iter_mut().filter(|r| **r == usize::MAX);
        for (next, slot) in (order.len()..).zip(undated) {
            *slot = next;
        }
        let pages = paginate(&order, annotations, config.build.timeline_page_size);
        let mut listed = order.clone();
        listed.extend((0..annotations.len()).filter(|&i| phases[i] == Phase::Undated));
        Timeline {
            order,
            pages,
            listed,
            phases,
            rank,
        }
    }

    pub fn phase_of(&self, annotation: usize) -> Phase {
        self.phases[annotation]
    }

    /// Per annotation, its position in timeline order (undated last).
    pub fn rank(&self) -> Vec<usize> {
        self.rank.clone()
    }

    /// The page holding an annotation's entry, if it is dated.
    pub fn page_of(&self, annotation: usize) -> Option<usize> {
        let position = self.rank[annotation];
        // Pages hold consecutive ranges of `order`, in order.
        let page = self.pages.partition_point(|p| p.entries.end <= position);
        (self.pages.get(page)?.entries.contains(&position)).then_some(page)
    }
}

fn compare(
    (a_key, a): (Option<SortKey>, &AnnotationDoc),
    (b_key, b): (Option<SortKey>, &AnnotationDoc),
) -> Ordering {
    a_key
        .cmp(&b_key)
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.slug.cmp(&b.slug))
}

/// Splits the timeline into pages of at most `page_size` entries, cut between months where
/// possible; a month with more entries than a page is cut into several pages. A timeline that
/// fits in one page is not split. Page slugs are the first month (`2017-06`), with `-2`, `-3`
/// for further pages starting in the same month.
fn paginate(
    order: &[usize],
    annotations: &[Arc<AnnotationDoc>],
    page_size: usize,
) -> Vec<TimelinePage> {
    let page_size = page_size.max(1);
    if order.len() <= page_size {
        return vec![TimelinePage {
            slug: None,
            entries: 0..order.len(),
        }];
    }
    let month_of = |position: usize| {
        let date = annotations[order[position]].date.as_ref().map(|d| &d.value);
        date.map(|d| d.start.year_month()).unwrap_or((0, None))
    };
    // Month boundaries: start positions of each run of entries in the same month.
    let mut months: Vec<std::ops::Range<usize>> = Vec::new();
    for position in 0..order.len() {
        match months.last_mut() {
            Some(run) if month_of(run.start) == month_of(position) => run.end = position + 1,
            _ => months.push(position..position + 1),
        }
    }
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for month in months {
        let fits = ranges
            .last()
            .is_some_and(|page| month.end - page.start <= page_size);
        if fits {
            if let Some(page) = ranges.last_mut() {
                page.end = month.end;
            }
            continue;
        }
        let mut start = month.start;
        while start < month.end {
            let end = (start + page_size).min(month.end);
            ranges.push(start..end);
            start = end;
        }
    }
    let mut pages: Vec<TimelinePage> = Vec::with_capacity(ranges.len());
    for range in ranges {
        let slug = if pages.is_empty() {
            None
        } else {
            let (year, month) = month_of(range.start);
            let base = match month {
                Some(m) => format!("{year:04}-{m:02}"),
                None => format!("{year:04}"),
            };
            let same = pages
                .iter()
                .filter(|p| {
                    p.slug
                        .as_deref()
                        .is_some_and(|s| s == base || s.starts_with(&format!("{base}-")))
                })
                .count();
            Some(if same == 0 {
                base
            } else {
                format!("{base}-{}", same + 1)
            })
        };
        pages.push(TimelinePage {
            slug,
            entries: range,
        });
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_months_are_cut_and_slugs_stay_unique() {
        let text: std::sync::Arc<str> = std::sync::Arc::from("");
        let doc = |slug: String, date: &str| AnnotationDoc {
            slug,
            revision: crate::load::next_revision(),
            file: std::path::PathBuf::from("a.md"),
            text: text.clone(),
            title: String::new(),
            date: Some(crate::load::Spanned {
                value: crate::date::Date::parse(date).unwrap(),
                span: 0..0,
            }),
            kind: crate::load::Kind::Event,
            tags: Vec::new(),
            people: Vec::new(),
            anchors: Vec::new(),
            body: 0..0,
        };
        let mut docs: Vec<Arc<AnnotationDoc>> = (0..7)
            .map(|i| Arc::new(doc(format!("june-{i}"), "2017-06-05")))
            .collect();
        docs.push(Arc::new(doc("july".into(), "2017-07-01")));
        let order: Vec<usize> = (0..docs.len()).collect();
        let pages = paginate(&order, &docs, 3);
        let slugs: Vec<Option<&str>> = pages.iter().map(|p| p.slug.as_deref()).collect();
        // July's one entry fits on the page with June's last one.
        assert_eq!(slugs, [None, Some("2017-06"), Some("2017-06-2")]);
        assert!(pages.iter().all(|p| p.entries.len() <= 3));
        assert_eq!(pages.last().unwrap().entries, 6..8);
    }
}
