//! `timeline.json`: the dated entries and the eras in the Knight Lab TimelineJS3 JSON format,
//! for anyone who wants to show the timeline with that library.
//!
//! A date object carries only the fields the date was written with: a month-precision
//! entry has `year` and `month` and no invented `day`. An instant keeps its written local
//! time (TimelineJS has no time zones); its offset is in `display_date`.

use serde::Serialize;

use super::{annotation_url, xml_escape};
use crate::date::DatePoint;
use crate::model::Site;
use crate::render::build_views::kind_label;
use crate::render::views::EntryView;

#[derive(Serialize)]
struct Title<'a> {
    text: Text<'a>,
}

#[derive(Serialize)]
struct Text<'a> {
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

#[derive(Serialize)]
struct Event<'a> {
    start_date: DateObject,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<DateObject>,
    text: Text<'a>,
    group: &'static str,
    unique_id: &'a str,
    display_date: String,
    /// Links are already in the commentary HTML; TimelineJS must not add more.
    autolink: bool,
}

#[derive(Serialize)]
struct EraObject<'a> {
    start_date: DateObject,
    end_date: DateObject,
    text: Text<'a>,
}

/// A TimelineJS date object: only the fields the date was written with.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct DateObject {
    pub year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hour: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minute: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second: Option<u32>,
    pub display_date: String,
}

impl DateObject {
    pub fn new(point: &DatePoint) -> DateObject {
        let time = point.time;
        DateObject {
            year: point.year,
            month: point.month,
            day: point.day,
            hour: time.map(|t| t.0),
            minute: time.map(|t| t.1),
            second: time.map(|t| t.2),
            display_date: point.display(),
        }
    }
}

/// The TimelineJS3 document, compact JSON with a final newline. `entries` are the entry
/// views of all annotations, by index.
pub fn timeline_json(site: &Site, entries: &[EntryView]) -> String {
    timeline_json_of(site, &|index| &entries[index].commentary_html)
}

/// [`timeline_json`] from the commentary HTML of each annotation, by index: all it needs
/// beside the model, so a build can write this file before it makes the entries' views.
pub fn timeline_json_of<'a>(
    site: &Site,
    commentary_html: &(dyn Fn(usize) -> &'a str + Sync),
) -> String {
    let mut document = TimelineJson::new(site);
    for slice in site.timeline.order.chunks(super::ITEMS_AT_ONCE) {
        document.push(site, slice, commentary_html);
    }
    document.finish(site)
}

/// `timeline.json` made a slice of entries at a time: `{"title":…,"events":[…],"eras":[…]}`,
/// as `#[derive(Serialize)]` on a struct of the three would write it, but the whole list of
/// events never exists beside the text. At 50,000 entries that halves the memory this file
/// takes to make.
struct TimelineJson {
    text: String,
    events: usize,
}

impl TimelineJson {
    fn new(site: &Site) -> TimelineJson {
        let title = Title {
            text: Text {
                headline: &site.config.title,
                text: Some(site.config.description.clone()),
            },
        };
        TimelineJson {
            text: format!("{{\"title\":{},\"events\":[", json(&title)),
            events: 0,
        }
    }

    /// Appends the events of the dated ones among `entries` (annotation indexes, in
    /// timeline order), serialised in parallel.
    fn push<'a>(
        &mut self,
        site: &Site,
        entries: &[usize],
        commentary_html: &(dyn Fn(usize) -> &'a str + Sync),
    ) {
        super::append_json_items(
            &mut self.text,
            &mut self.events,
            entries,
            entries.len(),
            |&index| event(site, index, commentary_html(index)).map(|event| json(&event)),
        );
    }

    fn finish(mut self, site: &Site) -> String {
        let eras: Vec<EraObject> = site
            .config
            .eras
            .iter()
            .map(|era| EraObject {
                start_date: DateObject::new(&era.start.value.start),
                end_date: DateObject::new(
                    era.end.value.end.as_ref().unwrap_or(&era.end.value.start),
                ),
                text: Text {
                    headline: &era.title,
                    text: era.description.clone(),
                },
            })
            .collect();
        self.text.push_str("],\"eras\":");
        self.text.push_str(&json(&eras));
        self.text.push_str("}\n");
        self.text
    }
}

/// JSON of one of this file's types (plain data: serialising it cannot fail).
fn json(value: &impl Serialize) -> String {
    super::json_text(value, 2048).unwrap_or_default()
}

fn event<'a>(site: &'a Site, index: usize, commentary_html: &str) -> Option<Event<'a>> {
    let doc = &site.annotations[index].doc;
    let date = &doc.date.as_ref()?.value;
    let link = format!(
        "<p><a href=\"{}\">Sources and quoted passages</a></p>",
        xml_escape(&annotation_url(site, index))
    );
    Some(Event {
        start_date: DateObject::new(&date.start),
        end_date: date
            .end
            .as_ref()
            .filter(|end| **end != date.start)
            .map(DateObject::new),
        text: Text {
            headline: &doc.title,
            text: Some(format!("{commentary_html}{link}")),
        },
        group: kind_label(doc.kind),
        unique_id: &doc.slug,
        display_date: date.display(),
        autolink: false,
    })
}
