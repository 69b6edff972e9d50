//! Writes one page's overview SVG from the scale and the layout.

use std::fmt::Write as _;

use super::layout::{Bucket, Layout, Overflow, Unit};
use super::{
    BAR_AREA, DAY, DOT, GAP, Item, MAX_TITLE_CHARS, SLOT, Scale, Segment, WIDTH, date_text, href,
};
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
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="overview-svg" viewBox="0 0 {WIDTH} {h}" width="{WIDTH}" height="{h}" role="group" aria-labelledby="overview_svg_title" aria-describedby="overview_svg_desc">"#,
        h = rows.height
    );
    let _ = write!(
        svg,
        "<title id=\"overview_svg_title\">Overview of the timeline: {count} {plural} from {} to {}</title>",
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
    let _ = write!(
        svg,
        "<desc id=\"overview_svg_desc\">Time runs from left to right. {how}{sides}</desc>"
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
    for (index, segment) in scale.segments.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<line class="ov-axis" x1="{:.1}" y1="{axis}" x2="{:.1}" y2="{axis}"/>"#,
            segment.x0, segment.x1
        );
        let label = match segment.phase {
            Phase::Prologue => Some("Background"),
            Phase::Epilogue => Some("Aftermath"),
            _ if scale.segments.len() > 1 => Some(main_label.as_str()),
            _ => None,
        };
        if let Some(label) = label.and_then(|l| fit(l, segment.x1 - segment.x0)) {
            let _ = write!(
                svg,
                r#"<text class="ov-phase-label" x="{:.1}" y="12">{}</text>"#,
                segment.x0,
                escape(&label)
            );
        }
        draw_ticks(svg, segment, rows);
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

fn draw_ticks(svg: &mut String, segment: &Segment, rows: &Rows) {
    let density = segment.density();
    // The finest of month, quarter, year… whose ticks are at least 34 units apart.
    let unit = Unit::ALL[2..]
        .iter()
        .copied()
        .find(|u| u.seconds() * density >= 34.0)
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
    if t < segment.t0 {
        // The segment starts between ticks: name its period at the very start.
        let label = unit.label(t, true);
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
}

/// Eras as labelled bands, cut where they cross from one segment into another.
fn draw_eras(svg: &mut String, site: &Site, scale: &Scale, rows: &Rows) {
    for (index, era) in site.config.eras.iter().enumerate() {
        let (start, end) = (era.start.value.start_utc(), era.end.value.end_utc());
        let tooltip = format!(
            "{}: {} to {}",
            era.title,
            era.start.value.display(),
            era.end.value.display()
        );
        for segment in &scale.segments {
            let (from, to) = (start.max(segment.t0), end.min(segment.t1));
            if from >= to {
                continue;
            }
            let (x0, x1) = (segment.x(from), segment.x(to));
            let width = (x1 - x0 - 1.0).max(1.0);
            let alt = if index % 2 == 1 { " ov-era-alt" } else { "" };
            let _ = write!(
                svg,
                r#"<g class="ov-era{alt}"><title>{}</title><rect x="{x0:.1}" y="{:.1}" width="{width:.1}" height="22" rx="3"/>"#,
                escape(&tooltip),
                rows.era_top
            );
            if let Some(label) = fit(&era.title, width - 8.0) {
                let _ = write!(
                    svg,
                    r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
                    x0 + 4.0,
                    rows.era_top + 15.0,
                    escape(&label)
                );
            }
            svg.push_str("</g>");
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

/// Rough width of a label in 11px system sans.
pub(super) fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * 6.2
}

/// The text, or as much of it as fits in `width` with `…`, or nothing if under 4 characters fit.
pub(super) fn fit(text: &str, width: f64) -> Option<String> {
    if text_width(text) <= width {
        return Some(text.to_string());
    }
    let chars = (width / 6.2).floor() as usize;
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
