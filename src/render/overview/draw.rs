//! Writes one page's overview SVG from the scale and the layout.

use std::fmt::Write as _;

use super::layout::{Bucket, Layout, Overflow, Unit};
use super::{
    BAR_AREA, DAY, DOT, GAP, Geometry, Item, MAX_TITLE_CHARS, PAD, SLOT, Scale, Segment, date_text,
    href,
};

/// Least width of an era band: room for its number, so a three-day era is still visible.
const MIN_BAND: f64 = 22.0;
use crate::model::{Phase, Site};

/// Vertical positions, top to bottom.
struct Rows {
    era_top: f64,
    marks_top: f64,
    axis: f64,
    height: f64,
}

pub(super) fn draw(
    site: &Site,
    geometry: Geometry,
    scale: &Scale,
    layout: &Layout,
    items: &[Item],
    page: usize,
) -> String {
    let has_sides = scale.segments.len() > 1;
    let era_top = if has_sides { 20.0 } else { 4.0 };
    let marks_top = era_top
        + if site.config.eras.is_empty() {
            0.0
        } else {
            30.0
        };
    let axis = marks_top + layout.area_height() + 4.0;
    let rows = Rows {
        era_top,
        marks_top,
        axis,
        height: axis + 24.0,
    };

    let mut svg = String::with_capacity(4096 + items.len() * 300);
    let first = items
        .first()
        .and_then(|i| date_text(site, i.annotation))
        .unwrap_or_default();
    let last = items
        .last()
        .and_then(|i| date_text(site, i.annotation))
        .unwrap_or_default();
    let count = items.len();
    let plural = if count == 1 { "entry" } else { "entries" };
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="overview-svg overview-{name}" viewBox="0 0 {width} {h}" width="{width}" height="{h}" role="group" aria-labelledby="overview_title_{name}" aria-describedby="overview_desc_{name}">"#,
        name = geometry.name,
        width = geometry.width,
        h = rows.height
    );
    let _ = write!(
        svg,
        "<title id=\"overview_title_{}\">Overview of the timeline: {count} {plural} from {} to {}</title>",
        geometry.name,
        escape(&first),
        escape(&last)
    );
    let how = match layout {
        Layout::Marks { .. } => {
            "Each mark is one entry and links to it; marks on the same days are stacked. Hollow dashed marks are opinion or speculation."
        }
        Layout::Buckets(_) => {
            "Each bar counts the entries of one period and links to the first of them (on this page, when it has some)."
        }
    };
    let sides = if has_sides {
        " Background and aftermath are drawn on their own scales, set apart by breaks."
    } else {
        ""
    };
    let eras = if site.config.eras.is_empty() {
        ""
    } else {
        " Numbered bands are the periods listed under the chart."
    };
    let _ = write!(
        svg,
        "<desc id=\"overview_desc_{}\">Time runs from left to right. {how}{sides}{eras}</desc>",
        geometry.name
    );
    draw_segments(&mut svg, site, scale, &rows);
    draw_eras(&mut svg, site, scale, &rows);
    draw_current_page(&mut svg, site, scale, items, page, &rows);
    match layout {
        Layout::Marks {
            rows: item_rows,
            overflows,
            row_count,
        } => {
            draw_marks(&mut svg, site, scale, items, item_rows, page, &rows);
            draw_overflows(&mut svg, site, items, overflows, *row_count, page, &rows);
        }
        Layout::Buckets(buckets) => {
            draw_buckets(&mut svg, site, scale, items, buckets, page, &rows)
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Axis, ticks, segment labels and the breaks between segments.
fn draw_segments(svg: &mut String, site: &Site, scale: &Scale, rows: &Rows) {
    let axis = rows.axis;
    let span = &site.config.timeline;
    let main_label = format!(
        "{} to {}",
        span.start.value.display(),
        span.end.value.display()
    );
    let mut previous: Option<(Unit, i64)> = None;
    for (index, segment) in scale.segments.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<line class="ov-axis" x1="{:.1}" y1="{axis}" x2="{:.1}" y2="{axis}"/>"#,
            segment.x0, segment.x1
        );
        // A label may run on over the break after its segment (or the padding after the last).
        let room = segment.x1 - segment.x0
            + if index + 1 < scale.segments.len() {
                GAP - 6.0
            } else {
                PAD
            };
        let label = match segment.phase {
            Phase::Prologue => fit("Background", room),
            Phase::Epilogue => fit("Aftermath", room),
            // The main span's dates, or (on a narrow drawing) its name as on the page.
            _ if scale.segments.len() > 1 => [main_label.as_str(), "Timeline"]
                .into_iter()
                .find(|label| text_width(label) <= room)
                .map(str::to_string),
            _ => None,
        };
        if let Some(label) = label {
            let _ = write!(
                svg,
                r#"<text class="ov-phase-label" x="{:.1}" y="12">{}</text>"#,
                segment.x0,
                escape(&label)
            );
        }
        let unit = draw_ticks(svg, segment, rows, previous);
        previous = Some((unit, segment.t1));
        if index + 1 < scale.segments.len() {
            // A break: two slashes across the axis, between this segment and the next.
            let middle = segment.x1 + GAP / 2.0;
            for offset in [-3.0, 3.0] {
                let x = middle + offset;
                let _ = write!(
                    svg,
                    r#"<line class="ov-gap" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"/>"#,
                    x - 3.0,
                    axis + 6.0,
                    x + 3.0,
                    axis - 6.0
                );
            }
        }
    }
}

/// Ticks and their labels; returns the unit of the labelled ticks. `previous` is the unit and
/// end of the segment before, whose last period this one's start must not name again.
fn draw_ticks(
    svg: &mut String,
    segment: &Segment,
    rows: &Rows,
    previous: Option<(Unit, i64)>,
) -> Unit {
    let density = segment.density();
    // The finest of month, quarter, year… whose ticks are at least 28 units apart.
    let unit = Unit::ALL[2..]
        .iter()
        .copied()
        .find(|u| u.seconds() * density >= 28.0)
        .unwrap_or(Unit::Decade);
    if unit == Unit::Month && Unit::Week.seconds() * density >= 16.0 {
        let mut t = Unit::Week.floor(segment.t0);
        while t <= segment.t1 {
            if t >= segment.t0 {
                let x = segment.x(t);
                let _ = write!(
                    svg,
                    r#"<line class="ov-tick" x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}"/>"#,
                    rows.axis,
                    rows.axis + 3.0
                );
            }
            t = Unit::Week.next(t);
        }
    }
    let mut t = unit.floor(segment.t0);
    let mut label_end = f64::MIN;
    let mut first_label = true;
    // Aftermath starting in the year the main span ends would say that year twice.
    let named_before = previous.is_some_and(|(unit_before, end_before)| {
        unit >= unit_before && unit.floor(end_before - 1) == t
    });
    if t < segment.t0 && !named_before {
        // The segment starts between ticks: name its period at the very start (its month
        // rather than a quarter, which would be named by a month before the start).
        let label = if unit == Unit::Quarter {
            Unit::Month.label(Unit::Month.floor(segment.t0), true)
        } else {
            unit.label(t, true)
        };
        let x = segment.x0 + 2.0;
        let _ = write!(
            svg,
            r#"<text class="ov-tick-label" x="{x:.1}" y="{:.1}">{}</text>"#,
            rows.axis + 17.0,
            escape(&label)
        );
        label_end = x + text_width(&label) + 14.0;
        first_label = false;
    }
    while t <= segment.t1 {
        if t >= segment.t0 {
            let x = segment.x(t);
            let _ = write!(
                svg,
                r#"<line class="ov-tick" x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}"/>"#,
                rows.marks_top,
                rows.axis + 6.0
            );
            let label = unit.label(t, first_label);
            let width = text_width(&label);
            if x + 2.0 >= label_end && x + 2.0 + width <= segment.x1 + GAP / 2.0 {
                let _ = write!(
                    svg,
                    r#"<text class="ov-tick-label" x="{:.1}" y="{:.1}">{}</text>"#,
                    x + 2.0,
                    rows.axis + 17.0,
                    escape(&label)
                );
                label_end = x + 2.0 + width + 14.0;
                first_label = false;
            }
        }
        t = unit.next(t);
    }
    unit
}

/// Eras as numbered bands (with the title too where it fits; the list under the chart has
/// them all), cut where they cross from one segment into another.
fn draw_eras(svg: &mut String, site: &Site, scale: &Scale, rows: &Rows) {
    let eras = &site.config.eras;
    for segment in &scale.segments {
        let mut bands: Vec<Band> = eras
            .iter()
            .enumerate()
            .filter_map(|(index, era)| {
                let from = era.start.value.start_utc().max(segment.t0);
                let to = era.end.value.end_utc().min(segment.t1);
                (from < to).then(|| Band {
                    era: index,
                    x0: segment.x(from),
                    x1: segment.x(to),
                    widened: false,
                })
            })
            .collect();
        widen(&mut bands, segment.x0, segment.x1);
        for band in &bands {
            let Some(era) = eras.get(band.era) else {
                continue;
            };
            let width = band.x1 - band.x0 - 1.0;
            if width < 4.0 {
                continue;
            }
            let number = band.era + 1;
            let alt = if band.era % 2 == 1 { " ov-era-alt" } else { "" };
            let _ = write!(
                svg,
                r#"<g class="ov-era{alt}"><title>{number}. {}: {} to {}</title><rect x="{:.1}" y="{:.1}" width="{width:.1}" height="22" rx="3"/>"#,
                escape(&era.title),
                escape(&era.start.value.display()),
                escape(&era.end.value.display()),
                band.x0,
                rows.era_top
            );
            let full = format!("{number} {}", era.title);
            let (x, y) = (band.x0 + 4.0, rows.era_top + 15.0);
            if text_width(&full) <= width - 8.0 {
                let _ = write!(
                    svg,
                    r#"<text x="{x:.1}" y="{y:.1}"><tspan class="ov-era-n">{number}</tspan> {}</text>"#,
                    escape(&era.title)
                );
            } else if text_width(&number.to_string()) <= width - 6.0 {
                let _ = write!(
                    svg,
                    r#"<text class="ov-era-n" x="{:.1}" y="{y:.1}" text-anchor="middle">{number}</text>"#,
                    band.x0 + width / 2.0
                );
            }
            svg.push_str("</g>");
        }
    }
}

/// One era's band within one segment.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Band {
    pub(super) era: usize,
    pub(super) x0: f64,
    pub(super) x1: f64,
    /// Drawn wider than its time span.
    pub(super) widened: bool,
}

/// Widens bands narrower than [`MIN_BAND`] about their middle, within `left..right`; a band
/// they now overlap gives way (bands that overlap in time, neither widened, stay as they are).
pub(super) fn widen(bands: &mut [Band], left: f64, right: f64) {
    bands.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    for band in bands.iter_mut() {
        if band.x1 - band.x0 < MIN_BAND {
            let middle = (band.x0 + band.x1) / 2.0;
            band.x0 = (middle - MIN_BAND / 2.0).clamp(left, (right - MIN_BAND).max(left));
            band.x1 = band.x0 + MIN_BAND;
            band.widened = true;
        }
    }
    for index in 1..bands.len() {
        let (before, after) = bands.split_at_mut(index);
        let (previous, band) = (&mut before[index - 1], &mut after[0]);
        if band.x0 >= previous.x1 || !(band.widened || previous.widened) {
            continue;
        }
        if band.widened && !previous.widened && band.x0 - previous.x0 >= MIN_BAND {
            previous.x1 = band.x0;
        } else {
            band.x0 = previous.x1;
            band.x1 = band.x1.max(band.x0 + MIN_BAND);
        }
    }
}

/// When the timeline has several pages, a band under the axis shows this page's stretch.
fn draw_current_page(
    svg: &mut String,
    site: &Site,
    scale: &Scale,
    items: &[Item],
    page: usize,
    rows: &Rows,
) {
    if site.timeline.pages.len() < 2 {
        return;
    }
    let on_page: Vec<&Item> = items.iter().filter(|i| i.page == page).collect();
    let (Some(first), Some(last)) = (on_page.first(), on_page.last()) else {
        return;
    };
    let (x0, x1) = (scale.x(first), scale.x(last));
    let _ = write!(
        svg,
        r#"<rect class="ov-current" x="{:.1}" y="{:.1}" width="{:.1}" height="4" rx="2"><title>This page</title></rect>"#,
        x0 - 3.0,
        rows.axis - 2.0,
        (x1 - x0 + 6.0).max(6.0)
    );
}

fn draw_marks(
    svg: &mut String,
    site: &Site,
    scale: &Scale,
    items: &[Item],
    item_rows: &[Option<usize>],
    page: usize,
    rows: &Rows,
) {
    for (item, &row) in items.iter().zip(item_rows) {
        let (Some(row), Some(annotation)) = (row, site.annotations.get(item.annotation)) else {
            continue;
        };
        let doc = &annotation.doc;
        let segment = scale.segment(item.phase);
        let x = segment.x(item.start);
        let y = rows.axis - 4.0 - SLOT * (row as f64 + 0.5);
        let kind = doc.kind.as_str();
        let opinion = if doc.kind.is_opinion() {
            " is-opinion"
        } else {
            ""
        };
        let label = format!(
            "{}: {}{}",
            date_text(site, item.annotation).unwrap_or_default(),
            cut(&doc.title, MAX_TITLE_CHARS),
            if doc.kind.is_opinion() {
                format!(" ({})", crate::render::build_views::kind_label(doc.kind))
            } else {
                String::new()
            }
        );
        let _ = write!(
            svg,
            r#"<a href="{}" class="ov-entry"><title>{}</title><rect x="{:.1}" y="{:.1}" width="{SLOT}" height="{SLOT}" fill="transparent"/>"#,
            escape(&href(site, item, page)),
            escape(&label),
            x - SLOT / 2.0,
            y - SLOT / 2.0
        );
        let x_end = segment.x(item.end);
        if item.end - item.start > DAY && x_end - x >= DOT + 4.0 {
            let _ = write!(
                svg,
                r#"<line class="ov-range kind-{kind}" x1="{x:.1}" y1="{y:.1}" x2="{x_end:.1}" y2="{y:.1}"/>"#
            );
        }
        let _ = write!(
            svg,
            r#"<circle class="ov-mark kind-{kind}{opinion}" cx="{x:.1}" cy="{y:.1}" r="{DOT}"/></a>"#
        );
    }
}

/// `+N` markers on the top row, for the entries of stacks that were full.
fn draw_overflows(
    svg: &mut String,
    site: &Site,
    items: &[Item],
    overflows: &[Overflow],
    row_count: usize,
    page: usize,
    rows: &Rows,
) {
    let y = rows.axis - 4.0 - SLOT * (row_count as f64 - 0.5);
    for overflow in overflows {
        let Some(first) = items.get(overflow.first) else {
            continue;
        };
        let more = if overflow.count == 1 {
            "entry"
        } else {
            "entries"
        };
        let label = format!(
            "{} more {more} from {}, not drawn: the stack is full",
            overflow.count,
            date_text(site, first.annotation).unwrap_or_default()
        );
        let _ = write!(
            svg,
            r#"<a href="{}" class="ov-more"><title>{}</title><rect x="{:.1}" y="{:.1}" width="{SLOT}" height="{SLOT}" rx="4"/><text x="{:.1}" y="{:.1}" text-anchor="middle">+{}</text></a>"#,
            escape(&href(site, first, page)),
            escape(&label),
            overflow.x - SLOT / 2.0,
            y - SLOT / 2.0,
            overflow.x,
            y + 4.0,
            overflow.count
        );
    }
}

fn draw_buckets(
    svg: &mut String,
    site: &Site,
    scale: &Scale,
    items: &[Item],
    buckets: &[Bucket],
    page: usize,
    rows: &Rows,
) {
    let most = buckets.iter().map(|b| b.count).max().unwrap_or(1).max(1) as f64;
    for bucket in buckets {
        // Its first entry on this page if it has any (a link within the page), else its first.
        let members = items
            .get(bucket.first..bucket.first + bucket.count)
            .unwrap_or(&[]);
        let Some(first) = members.iter().find(|i| i.page == page).or(members.first()) else {
            continue;
        };
        let segment = scale.segment(bucket.phase);
        let x0 = segment.x(bucket.start);
        let x1 = segment.x(bucket.end).max(x0 + 2.0);
        let width = (x1 - x0 - 1.0).max(1.0);
        let height = (bucket.count as f64 / most * (BAR_AREA - 4.0)).max(3.0);
        let plural = if bucket.count == 1 {
            "entry"
        } else {
            "entries"
        };
        let label = format!(
            "{}: {} {plural}",
            bucket.unit.describe(bucket.start),
            bucket.count
        );
        let _ = write!(
            svg,
            r#"<a href="{}" class="ov-bucket"><title>{}</title><rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="{BAR_AREA}" fill="transparent"/><rect class="ov-bar" x="{x0:.1}" y="{:.1}" width="{width:.1}" height="{height:.1}"/></a>"#,
            escape(&href(site, first, page)),
            escape(&label),
            rows.marks_top,
            width.max(SLOT),
            rows.axis - 2.0 - height,
        );
    }
}

/// Rough width of a label in 11px system sans (DejaVu Sans, one of the widest).
pub(super) fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

const CHAR_WIDTH: f64 = 6.6;

/// The text, or as much of it as fits in `width` with `…`, or nothing if under 4 characters fit.
pub(super) fn fit(text: &str, width: f64) -> Option<String> {
    if text_width(text) <= width {
        return Some(text.to_string());
    }
    let chars = (width / CHAR_WIDTH).floor() as usize;
    if chars < 5 {
        return None;
    }
    Some(cut(text, chars - 1))
}

/// At most `max` characters, ending in `…` when cut.
pub(super) fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// Escapes text for SVG element content and attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
