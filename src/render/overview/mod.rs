//! The timeline overview: an inline SVG drawn at build time, so it needs no JavaScript.
//!
//! Time runs left to right in up to three segments: background (the prologue), the main span
//! set in `site.toml`, and aftermath (the epilogue). Within a segment, distance is
//! proportional to elapsed time; background and aftermath get a bounded share of the width
//! (so a long prologue cannot squash the main span), and a visible break between segments
//! shows where the scale changes. Eras are labelled bands; months (or quarters, or years)
//! are ticks. Every entry is a link; marks that would overlap are stacked in rows.
//!
//! Each page gets the drawing twice, at two [`Geometry`]s: a wide one for large screens and a
//! narrow one for phones; the stylesheet shows exactly one. One SVG unit is one CSS pixel at
//! the SVG's natural size (the stylesheet keeps each version at about that size where it is
//! shown), so text stays legible and each mark's 24×24 hit area meets WCAG 2.5.8. A stack
//! that grows too tall ends in a `+N` marker linking to the first entry left out. Past a few
//! hundred entries, entries are counted per day, week, month, quarter or year instead, so the
//! SVG stays a few kilobytes for any number of entries.
//!
//! `layout` places entries (marks or period counts) and knows the calendar; `draw` writes
//! the SVG.

mod draw;
mod layout;
#[cfg(test)]
mod tests;

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::build_views::timeline_url;
use crate::model::{Phase, Site};
use draw::draw;
use layout::Layout;

/// The size of one version of the drawing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Geometry {
    /// Names the version in its class (`overview-wide`) and its ids.
    name: &'static str,
    /// Width of the drawing, in units (= CSS pixels at natural size).
    width: f64,
    /// Rows of marks at most, the top one kept for `+N` markers of the entries that did not fit.
    max_rows: usize,
    /// Least width of background or aftermath.
    side_min: f64,
}

/// For screens from about 58rem: shown at 1 to 1.3 times its size.
const WIDE: Geometry = Geometry {
    name: "wide",
    width: 880.0,
    max_rows: 7,
    side_min: 72.0,
};
/// For phones: fits a 390 px screen at its natural size.
const NARROW: Geometry = Geometry {
    name: "narrow",
    width: 340.0,
    max_rows: 5,
    side_min: 50.0,
};

/// Space left and right of the outer segments.
const PAD: f64 = 14.0;
/// Space between two segments, where the break is drawn.
const GAP: f64 = 24.0;
/// Side and height of a mark's hit area.
const SLOT: f64 = 24.0;
/// Radius of a mark's visible dot.
const DOT: f64 = 5.5;
/// More entries than this, and entries are counted per period instead.
const MAX_MARKS: usize = 500;
/// Height of the bar area when entries are counted.
const BAR_AREA: f64 = 96.0;
/// Share of the usable width background or aftermath may take at most.
const SIDE_SHARE: f64 = 0.15;
/// Titles longer than this are cut in tooltips, to bound the SVG's size.
const MAX_TITLE_CHARS: usize = 120;
const DAY: i64 = 86_400;
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
use crate::date::MONTH_NAMES;

/// One overview per timeline page: the wide SVG, then the narrow one. Each covers the whole
/// timeline; marks link to entries on the same page by fragment and to entries on other
/// pages by a path relative to the page.
pub fn timeline_overviews(site: &Site) -> Vec<String> {
    let items = items(site);
    if items.is_empty() {
        return site.timeline.pages.iter().map(|_| String::new()).collect();
    }
    let versions: Vec<(Geometry, Scale, Layout)> = [WIDE, NARROW]
        .into_iter()
        .map(|geometry| {
            let scale = Scale::new(site, &items, geometry);
            let layout = Layout::new(&scale, &items, geometry.max_rows);
            (geometry, scale, layout)
        })
        .collect();
    (0..site.timeline.pages.len())
        .into_par_iter()
        .map(|page| {
            versions
                .iter()
                .map(|(geometry, scale, layout)| draw(site, *geometry, scale, layout, &items, page))
                .collect()
        })
        .collect()
}

/// A hash of everything the overviews are drawn from but the settings in `site.toml`:
/// each dated entry's slug, title, kind and date, its period, phase and page, and the page
/// slugs. A dev-server session draws them again only when it changes, so editing an
/// annotation's commentary, the usual edit, does not redraw them.
pub fn input_hash(site: &Site) -> u64 {
    // Hashed in parallel, an entry at a time: this runs on every rebuild.
    let entries: Vec<u64> = (items(site).par_iter())
        .map(|item| {
            let doc = &site.annotations[item.annotation].doc;
            let date = doc.date.as_ref().map(|date| &date.value);
            let mut hasher = std::hash::DefaultHasher::new();
            (&doc.slug, &doc.title, doc.kind, date).hash(&mut hasher);
            (item.page, item.phase, item.start, item.end).hash(&mut hasher);
            hasher.finish()
        })
        .collect();
    let mut hasher = std::hash::DefaultHasher::new();
    entries.hash(&mut hasher);
    for page in &site.timeline.pages {
        page.slug.hash(&mut hasher);
    }
    hasher.finish()
}

/// A dated entry as the overview needs it.
struct Item {
    annotation: usize,
    page: usize,
    phase: Phase,
    start: i64,
    end: i64,
}

fn items(site: &Site) -> Vec<Item> {
    let mut page_of_position = vec![0; site.timeline.order.len()];
    for (page, timeline_page) in site.timeline.pages.iter().enumerate() {
        for position in timeline_page.entries.clone() {
            if let Some(slot) = page_of_position.get_mut(position) {
                *slot = page;
            }
        }
    }
    (site.timeline.order.par_iter().enumerate())
        .filter_map(|(position, &annotation)| {
            let entry = site.annotations.get(annotation)?;
            let date = &entry.doc.date.as_ref()?.value;
            Some(Item {
                annotation,
                page: page_of_position.get(position).copied().unwrap_or(0),
                phase: entry.phase,
                start: date.start_utc(),
                end: date.end_utc(),
            })
        })
        .collect()
}

/// A stretch of time drawn at one scale.
struct Segment {
    phase: Phase,
    t0: i64,
    t1: i64,
    x0: f64,
    x1: f64,
}

impl Segment {
    fn x(&self, t: i64) -> f64 {
        let span = (self.t1 - self.t0).max(1) as f64;
        let ratio = ((t - self.t0) as f64 / span).clamp(0.0, 1.0);
        self.x0 + ratio * (self.x1 - self.x0)
    }

    /// Units per second, to pick tick and bucket sizes.
    fn density(&self) -> f64 {
        (self.x1 - self.x0) / (self.t1 - self.t0).max(1) as f64
    }
}

/// The segments, left to right.
struct Scale {
    segments: Vec<Segment>,
}

impl Scale {
    fn new(site: &Site, items: &[Item], geometry: Geometry) -> Scale {
        let main = (
            site.config.timeline.start.value.start_utc(),
            site.config.timeline.end.value.end_utc(),
        );
        let side = |phase: Phase| {
            let starts: Vec<i64> = items
                .iter()
                .filter(|i| i.phase == phase)
                .map(|i| i.start)
                .collect();
            let (first, last) = (*starts.iter().min()?, *starts.iter().max()?);
            // A little room beyond the outermost entry, so its mark is not on the break.
            let (t0, t1) = if phase == Phase::Prologue {
                (first, main.0)
            } else {
                (main.1, last)
            };
            let margin = ((t1 - t0) / 20).max(DAY);
            Some(if phase == Phase::Prologue {
                (t0 - margin, t1)
            } else {
                (t0, t1 + margin)
            })
        };
        let (prologue, epilogue) = (side(Phase::Prologue), side(Phase::Epilogue));
        let gaps = GAP * (prologue.is_some() as u8 + epilogue.is_some() as u8) as f64;
        let usable = geometry.width - 2.0 * PAD - gaps;
        let total: i64 = [Some(main), prologue, epilogue]
            .iter()
            .flatten()
            .map(|(a, b)| (b - a).max(1))
            .sum();
        let width_of = |range: (i64, i64)| {
            let proportional = (range.1 - range.0).max(1) as f64 / total as f64 * usable;
            proportional.clamp(
                geometry.side_min,
                (SIDE_SHARE * usable).max(geometry.side_min),
            )
        };
        let mut segments = Vec::new();
        let mut x = PAD;
        if let Some(range) = prologue {
            let width = width_of(range);
            segments.push(Segment {
                phase: Phase::Prologue,
                t0: range.0,
                t1: range.1,
                x0: x,
                x1: x + width,
            });
            x += width + GAP;
        }
        let main_width = usable - prologue.map_or(0.0, width_of) - epilogue.map_or(0.0, width_of);
        segments.push(Segment {
            phase: Phase::Main,
            t0: main.0,
            t1: main.1.max(main.0 + 1),
            x0: x,
            x1: x + main_width,
        });
        x += main_width;
        if let Some(range) = epilogue {
            let width = width_of(range);
            x += GAP;
            segments.push(Segment {
                phase: Phase::Epilogue,
                t0: range.0,
                t1: range.1,
                x0: x,
                x1: x + width,
            });
        }
        Scale { segments }
    }

    fn segment(&self, phase: Phase) -> &Segment {
        self.segments
            .iter()
            .find(|s| s.phase == phase)
            .or_else(|| self.segments.iter().find(|s| s.phase == Phase::Main))
            .unwrap_or(&self.segments[0])
    }

    fn x(&self, item: &Item) -> f64 {
        self.segment(item.phase).x(item.start)
    }
}

/// Link from the overview on `page` to an item: a fragment on the same page, otherwise the
/// other page's root-relative URL behind the way up from this page (the first page is the
/// site's `index.html`, the others are `timeline/<slug>/index.html`).
fn href(site: &Site, item: &Item, page: usize) -> String {
    let slug = site
        .annotations
        .get(item.annotation)
        .map_or("", |a| a.doc.slug.as_str());
    if item.page == page {
        return format!("#{slug}");
    }
    let up = if page == 0 { "" } else { "../../" };
    match timeline_url(site, item.annotation) {
        Some(url) => format!("{up}{url}"),
        None => format!("#{slug}"),
    }
}

fn date_text(site: &Site, annotation: usize) -> Option<String> {
    Some(
        site.annotations
            .get(annotation)?
            .doc
            .date
            .as_ref()?
            .value
            .display(),
    )
}
