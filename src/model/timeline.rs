//! Timeline order, phases (prologue, main span, epilogue) and pages.
//!
//! Order: by the start of each entry's period (an instant by itself, a date, month or year by
//! the first moment of that period, in UTC); at the same start a coarser precision comes
//! first (the month opens before its first day), then the shorter period, then title, then
//! slug. Undated annotations are margin notes and are not on the timeline.

use std::cmp::Ordering;

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
    phases: Vec<Phase>,
    /// Position of each annotation in `order`; undated ones after every dated one.
    rank: Vec<usize>,
}

impl Timeline {
    pub fn new(config: &SiteConfig, annotations: &[AnnotationDoc]) -> Timeline {
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
        order.sort_by(|&a, &b| compare(&annotations[a], &annotations[b]));
        let mut rank = vec![usize::MAX; annotations.len()];
        for (position, &index) in order.iter().enumerate() {
            rank[index] = position;
        }
        let mut next = order.len();
        for slot in rank.iter_mut().filter(|r| **r == usize::MAX) {
            *slot = next;
            next += 1;
        }
        let pages = paginate(&order, annotations, config.build.timeline_page_size);
        Timeline {
            order,
            pages,
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
        self.pages
            .iter()
            .position(|p| p.entries.contains(&position))
    }
}

fn compare(a: &AnnotationDoc, b: &AnnotationDoc) -> Ordering {
    let key = |d: &AnnotationDoc| d.date.as_ref().map(|date| date.value.sort_key());
    key(a)
        .cmp(&key(b))
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.slug.cmp(&b.slug))
}

/// Splits the timeline into pages of whole months, each at most `page_size` entries unless
/// one month alone has more. A timeline that fits in one page is not split.
fn paginate(order: &[usize], annotations: &[AnnotationDoc], page_size: usize) -> Vec<TimelinePage> {
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
    let mut pages = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let mut end = start;
        // Take whole months while the page stays within its size (always at least one).
        while end < order.len() {
            let month = month_of(end);
            let mut month_end = end;
            while month_end < order.len() && month_of(month_end) == month {
                month_end += 1;
            }
            if end > start && month_end - start > page_size {
                break;
            }
            end = month_end;
        }
        let slug = if pages.is_empty() {
            None
        } else {
            let (year, month) = month_of(start);
            Some(match month {
                Some(m) => format!("{year:04}-{m:02}"),
                None => format!("{year:04}"),
            })
        };
        pages.push(TimelinePage {
            slug,
            entries: start..end,
        });
        start = end;
    }
    pages
}
