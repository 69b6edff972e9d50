//! EDTF dates (ISO 8601 as profiled by the Extended Date/Time Format, level 0 plus the
//! approximate qualifier `~`): `2017`, `2017-06`, `2017-06-05`, `2017-06-05T06:20:00-04:00`,
//! ranges `2017-05-17/2017-05-19`, and `2017-05~`.
//!
//! The precision given is the precision kept: nothing here invents a day or a time. Instants
//! keep the local time and offset they were written with, so pages show what the source said;
//! only sorting converts to UTC.

use std::fmt;
use std::fmt::Write as _;
use std::ops::Range;

use chrono::NaiveDate;

/// How much of a date point was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
    /// A date and time with a UTC offset.
    Instant,
}

/// One end of a date: a year, month, day or instant, possibly approximate.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DatePoint {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
    /// Hour, minute, second, present only for [`Precision::Instant`].
    pub time: Option<(u32, u32, u32)>,
    /// Offset from UTC in seconds, present only for [`Precision::Instant`] (`Z` is 0).
    pub offset_seconds: Option<i32>,
    /// Marked with a trailing `~`.
    pub approximate: bool,
}

/// A parsed EDTF date: a single point or a closed range.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Date {
    pub start: DatePoint,
    pub end: Option<DatePoint>,
}

/// Why a date string was rejected. `span` is a byte range within the parsed string, so the
/// caller can shift it into the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    pub message: String,
    pub help: Option<String>,
    pub span: Range<usize>,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateError {}

/// Timeline order of dates: by first UTC second, then coarser precision first (a year sorts
/// before a month, a day and an instant that start at the same second, so the broad item
/// introduces the narrow ones), then the date that finishes sooner first. Callers break the
/// remaining ties (same start, precision and end) by title, then slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SortKey {
    start_utc: i64,
    precision: Precision,
    end_utc: i64,
}

#[rustfmt::skip]
/// English month names, January first: shared by every place that names a month.
pub const MONTH_NAMES: [&str; 12] = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
];

const FORMS_HELP: &str = "write a year `2017`, a month `2017-06`, a day `2017-06-05` or a time with its UTC offset `2017-06-05T06:20:00-04:00`; join two dates with `/` for a range, and end a date with `~` if it is approximate";

impl Date {
    /// Parses an EDTF date. Surrounding whitespace is rejected (not trimmed) so that spans
    /// always point into exactly what was written.
    pub fn parse(input: &str) -> Result<Date, DateError> {
        if input.is_empty() {
            return Err(error(0..0, "the date is empty", FORMS_HELP));
        }
        let trimmed_start = input.len() - input.trim_start().len();
        let trimmed_end = input.trim_end().len();
        if trimmed_start > 0 {
            let span = 0..trimmed_start;
            return Err(error(
                span,
                "the date starts with a space",
                "remove the space",
            ));
        } else if trimmed_end < input.len() {
            let span = trimmed_end..input.len();
            return Err(error(
                span,
                "the date ends with a space",
                "remove the space",
            ));
        }
        let mut slashes = input.match_indices('/').map(|(at, _)| at);
        let Some(slash) = slashes.next() else {
            return Ok(Date {
                start: parse_point(input, 0)?,
                end: None,
            });
        };
        if let Some(second) = slashes.next() {
            let help = "`/` only joins the two ends of a range, such as `2017-05-17/2017-05-19`; write a single day as `2017-05-17`";
            return Err(error(
                second..second + 1,
                "a date has at most one `/`",
                help,
            ));
        }
        let start = parse_range_end(&input[..slash], 0, slash)?;
        let end = parse_range_end(&input[slash + 1..], slash + 1, slash)?;
        let end_span = slash + 1..input.len();
        if end.start_utc() < start.start_utc() {
            let help = "put the earlier date first";
            return Err(error(end_span, "the range ends before it starts", help));
        } else if end.end_utc() < start.end_utc() {
            let message = "the range ends before its first date is over";
            let help = "make the second date reach at least as far as the first";
            return Err(error(end_span, message, help));
        }
        Ok(Date {
            start,
            end: Some(end),
        })
    }

    /// Converts an unquoted TOML datetime. A local date is a day; an offset datetime is an
    /// instant; anything else is an error. Error spans cover the datetime's display text
    /// (`0..len`), since TOML does not keep the text as written.
    pub fn from_toml_datetime(datetime: &toml::value::Datetime) -> Result<Date, DateError> {
        let text = datetime.to_string();
        let whole = 0..text.len();
        if datetime.date.is_none() {
            let help = "write the day too, such as `2017-06-05T06:20:00-04:00`";
            return Err(error(whole, "a time alone is not a date", help));
        }
        Date::parse(&text).map_err(|wrong| DateError {
            span: whole,
            ..wrong
        })
    }

    /// First UTC second of the date.
    pub fn start_utc(&self) -> i64 {
        self.start.start_utc()
    }

    /// First UTC second after the date (exclusive end).
    pub fn end_utc(&self) -> i64 {
        self.end.as_ref().unwrap_or(&self.start).end_utc()
    }

    /// Key for timeline order; see [`SortKey`].
    pub fn sort_key(&self) -> SortKey {
        SortKey {
            start_utc: self.start_utc(),
            precision: self.start.precision(),
            end_utc: self.end_utc(),
        }
    }

    /// Canonical EDTF text, with `~` and `/`: what [`Date::parse`] reads back to this date.
    pub fn edtf(&self) -> String {
        match &self.end {
            Some(end) => format!("{}/{}", self.start.edtf(), end.edtf()),
            None => self.start.edtf(),
        }
    }

    /// English text for readers: `17–19 May 2017`, `30 May – 2 June 2017`, `May – June 2017`,
    /// `c. 2016 – 2017`; parts shared by both ends are written once, on the end.
    pub fn display(&self) -> String {
        let start = &self.start;
        let Some(end) = self.end.as_ref().filter(|end| *end != start) else {
            return start.display();
        };
        let same_year = start.year == end.year;
        let start_day = start.day.unwrap_or(1);
        match (start.precision(), end.precision()) {
            (Precision::Day, Precision::Day) if same_year && start.month == end.month => {
                if start.approximate || end.approximate {
                    format!("{}{start_day} – {}", circa(start), end.display())
                } else {
                    format!("{start_day}–{}", end.display())
                }
            }
            (Precision::Day, Precision::Day) if same_year => {
                let month = month_name(start.month);
                format!("{}{start_day} {month} – {}", circa(start), end.display())
            }
            (Precision::Month, Precision::Month) if same_year => {
                format!(
                    "{}{} – {}",
                    circa(start),
                    month_name(start.month),
                    end.display()
                )
            }
            _ => format!("{} – {}", start.display(), end.display()),
        }
    }
}

impl DatePoint {
    /// How much of the point was written.
    pub fn precision(&self) -> Precision {
        if self.time.is_some() {
            Precision::Instant
        } else if self.day.is_some() {
            Precision::Day
        } else if self.month.is_some() {
            Precision::Month
        } else {
            Precision::Year
        }
    }

    /// First UTC second of the period. Periods without a time are taken in UTC.
    pub fn start_utc(&self) -> i64 {
        let (hour, minute, second) = self.time.unwrap_or((0, 0, 0));
        let local = utc_seconds(
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1),
            (hour, minute, second),
        );
        local - i64::from(self.offset_seconds.unwrap_or(0))
    }

    /// First UTC second after the period. An instant lasts one second, so its end is the
    /// instant plus one: every date then has `start_utc() < end_utc()`.
    pub fn end_utc(&self) -> i64 {
        let midnight = (0, 0, 0);
        match (self.precision(), self.month) {
            (Precision::Year, _) | (Precision::Month, Some(12)) => {
                utc_seconds(self.year.saturating_add(1), 1, 1, midnight)
            }
            (Precision::Month, month) => {
                utc_seconds(self.year, month.unwrap_or(1) + 1, 1, midnight)
            }
            (Precision::Day, _) => self.start_utc() + 86_400,
            (Precision::Instant, _) => self.start_utc() + 1,
        }
    }

    /// Year, and month when written: for grouping a timeline by month.
    pub fn year_month(&self) -> (i32, Option<u32>) {
        (self.year, self.month)
    }

    /// Value for an HTML `<time datetime>` attribute, at the written precision and without `~`:
    /// `2017`, `2017-06`, `2017-06-05`, `2017-06-05T06:20:00-04:00`. Seconds are always
    /// written; a zero offset is written `Z` (`+00:00` and `Z` are the same offset).
    pub fn iso(&self) -> String {
        // Written into one buffer: dates are formatted for every entry and source.
        let mut text = String::with_capacity(25);
        let _ = write!(text, "{:04}", self.year);
        if let Some(month) = self.month {
            let _ = write!(text, "-{month:02}");
        }
        if let Some(day) = self.day {
            let _ = write!(text, "-{day:02}");
        }
        if let Some((hour, minute, second)) = self.time {
            let offset = offset_text(self.offset_seconds.unwrap_or(0), "Z", '-');
            let _ = write!(text, "T{hour:02}:{minute:02}:{second:02}{offset}");
        }
        text
    }

    /// EDTF text of this point: [`DatePoint::iso`] plus `~` when approximate.
    pub fn edtf(&self) -> String {
        let mut text = self.iso();
        if self.approximate {
            text.push('~');
        }
        text
    }

    /// English text for readers: `2017`, `June 2017`, `5 June 2017`,
    /// `5 June 2017, 06:20 UTC−04:00` (the written local time; seconds only when not zero),
    /// with `c. ` in front when approximate.
    pub fn display(&self) -> String {
        let mut text = String::with_capacity(32);
        text.push_str(circa(self));
        if let Some(day) = self.day {
            let _ = write!(text, "{day} ");
        }
        if self.month.is_some() {
            text.push_str(month_name(self.month));
            text.push(' ');
        }
        let _ = write!(text, "{}", self.year);
        if let Some(time) = self.time {
            let offset = offset_text(self.offset_seconds.unwrap_or(0), "", '\u{2212}');
            let _ = write!(text, ", {} UTC{offset}", clock(time));
        }
        text
    }

    /// Compact label for a timeline mark, which sits under its year heading and so leaves
    /// the year out when it has something finer to show: `2017`, `Jun`, `5 Jun`,
    /// `5 Jun 06:20` (written local time), each with `c. ` in front when approximate.
    pub fn short_display(&self) -> String {
        let label = match (self.month, self.day, self.time) {
            (None, _, _) => self.year.to_string(),
            (Some(_), None, _) => short_month(self.month).to_string(),
            (Some(_), Some(day), None) => format!("{day} {}", short_month(self.month)),
            (Some(_), Some(day), Some(time)) => {
                format!("{day} {} {}", short_month(self.month), clock(time))
            }
        };
        format!("{}{label}", circa(self))
    }
}

fn circa(point: &DatePoint) -> &'static str {
    if point.approximate { "c. " } else { "" }
}

fn month_name(month: Option<u32>) -> &'static str {
    let index = month.unwrap_or(1).clamp(1, 12) as usize - 1;
    MONTH_NAMES[index]
}

fn short_month(month: Option<u32>) -> &'static str {
    &month_name(month)[..3]
}

fn clock((hour, minute, second): (u32, u32, u32)) -> String {
    if second == 0 {
        format!("{hour:02}:{minute:02}")
    } else {
        format!("{hour:02}:{minute:02}:{second:02}")
    }
}

/// `±HH:MM`, or `zero` when the offset is zero.
fn offset_text(seconds: i32, zero: &str, minus: char) -> String {
    if seconds == 0 {
        return zero.to_string();
    }
    let sign = if seconds < 0 { minus } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|&day| NaiveDate::from_ymd_opt(year, month, day).is_some())
        .unwrap_or(28)
}

/// Seconds since the epoch for a wall-clock time read as UTC. Fields out of range (only
/// possible in a hand-built [`DatePoint`]) are clamped rather than allowed to panic; a month
/// of 13 means January of the next year, so `end_utc` can ask for "the month after December".
fn utc_seconds(year: i32, month: u32, day: u32, (hour, minute, second): (u32, u32, u32)) -> i64 {
    let (year, month) = if month > 12 {
        (year.saturating_add(1), 1)
    } else {
        (year, month.max(1))
    };
    let day = day.clamp(1, days_in_month(year, month));
    NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|date| date.and_hms_opt(hour.min(23), minute.min(59), second.min(59)))
        .map_or(0, |moment| moment.and_utc().timestamp())
}

fn error(span: Range<usize>, message: impl Into<String>, help: impl Into<String>) -> DateError {
    DateError {
        message: message.into(),
        help: Some(help.into()),
        span,
    }
}

/// One end of a range; `slash` is where the `/` is, to point at when an end is missing.
fn parse_range_end(text: &str, base: usize, slash: usize) -> Result<DatePoint, DateError> {
    let span = match text {
        "" => slash..slash + 1,
        ".." => base..base + 2,
        _ => return parse_point(text, base),
    };
    let help = "give both ends, such as `2017-05-17/2017-05-19`";
    Err(error(span, "open ranges are not supported", help))
}

/// Parses one point; `base` is where `text` starts in the whole input, for spans.
fn parse_point(text: &str, base: usize) -> Result<DatePoint, DateError> {
    for (at, found) in text.char_indices() {
        let span = base + at..base + at + 1;
        match found {
            '?' | '%' => {
                let message = format!(
                    "the EDTF qualifier `{found}` is not supported, only `~` (approximate) is"
                );
                let help = format!(
                    "remove the `{found}`; to mark a date approximate, end it with `~`, such as `2017-05~`"
                );
                return Err(error(span, message, help));
            }
            'X' | 'x' => {
                let message = "unspecified digits (`X`) are not supported, only the `~` qualifier (approximate) is";
                let help = "write only the parts you know, such as `2017` or `2017-05`, and end with `~` if approximate";
                return Err(error(span, message, help));
            }
            '~' if at + 1 < text.len() => {
                let help =
                    "mark the whole date approximate with one `~` at its end, such as `2017-05~`";
                return Err(error(span, "`~` goes only at the end of a date", help));
            }
            _ => {}
        }
    }
    let approximate = text.ends_with('~');
    let body = text.strip_suffix('~').unwrap_or(text);
    if body.is_empty() {
        return Err(error(
            base..base + text.len(),
            "the date is missing before `~`",
            FORMS_HELP,
        ));
    }
    let mut scanner = Scanner {
        text: body,
        base,
        pos: 0,
    };
    let mut point = scanner.date()?;
    point.approximate = approximate;
    Ok(point)
}

/// Walks one point's text (without its `~`) left to right.
struct Scanner<'a> {
    text: &'a str,
    base: usize,
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<char> {
        self.text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
    }

    fn eat(&mut self, wanted: char) -> bool {
        let found = self.peek() == Some(wanted);
        if found {
            self.pos += wanted.len_utf8();
        }
        found
    }

    fn span(&self, local: Range<usize>) -> Range<usize> {
        self.base + local.start..self.base + local.end
    }

    /// The error for the character at the cursor, which the caller found out of place.
    fn unexpected(&self) -> DateError {
        let found = self.peek().unwrap_or(' ');
        let span = self.span(self.pos..(self.pos + found.len_utf8()).min(self.text.len()));
        let message = if found.is_whitespace() {
            "unexpected space in the date".to_string()
        } else {
            format!("unexpected `{found}` in the date")
        };
        error(span, message, FORMS_HELP)
    }

    /// Reads a run of ASCII digits that must be `width` long; `what` names it in errors.
    fn number(&mut self, what: &str, width: usize) -> Result<(u32, Range<usize>), DateError> {
        let start = self.pos;
        let digits = self.text[start..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits == 0 {
            return match self.peek() {
                None => {
                    let span = self.span(start.saturating_sub(1)..start);
                    Err(error(span, format!("the {what} is missing"), FORMS_HELP))
                }
                Some(_) => Err(self.unexpected()),
            };
        }
        let local = start..start + digits;
        if digits != width {
            let (message, help) = if width == 4 {
                let help =
                    "write the year in full, such as `2017`, with `-` between year, month and day";
                (
                    "the year must have four digits".to_string(),
                    help.to_string(),
                )
            } else {
                let help = format!("write the {what} with two digits, such as `06`");
                (format!("the {what} must have two digits"), help)
            };
            return Err(error(self.span(local), message, help));
        }
        self.pos = local.end;
        let value = self.text[local.clone()].parse().unwrap_or(u32::MAX);
        Ok((value, self.span(local)))
    }

    /// Reads a two-digit field no greater than `max`.
    fn bounded(&mut self, what: &str, max: u32, help: &str) -> Result<u32, DateError> {
        let (value, span) = self.number(what, 2)?;
        if value > max {
            let message = format!("{what} {value:02} does not exist");
            return Err(error(span, message, help));
        }
        Ok(value)
    }

    fn date(&mut self) -> Result<DatePoint, DateError> {
        let (year, _) = self.number("year", 4)?;
        let mut point = DatePoint {
            year: year as i32,
            month: None,
            day: None,
            time: None,
            offset_seconds: None,
            approximate: false,
        };
        if self.eat('-') {
            let (month, span) = self.number("month", 2)?;
            if !(1..=12).contains(&month) {
                let message = format!("month {month:02} does not exist");
                return Err(error(span, message, "months run from 01 to 12"));
            }
            point.month = Some(month);
            if self.eat('-') {
                let (day, span) = self.number("day", 2)?;
                let last = days_in_month(point.year, month);
                if day == 0 {
                    return Err(error(span, "day 00 does not exist", "days start at 01"));
                }
                if day > last {
                    let month_name = month_name(Some(month));
                    let message = format!("{month_name} {year:04} has {last} days");
                    let help = format!("pick a day from 01 to {last}");
                    return Err(error(span, message, help));
                }
                point.day = Some(day);
            }
        }
        match self.peek() {
            None => Ok(point),
            Some('T') if point.day.is_some() => self.time(point),
            Some('T') => {
                let span = self.span(self.pos..self.pos + 1);
                let help =
                    "write year, month and day before the `T`, such as `2017-06-05T06:20:00-04:00`";
                Err(error(span, "a time needs a full date", help))
            }
            Some(' ' | 't') if point.day.is_some() && self.followed_by_digit() => {
                let span = self.span(self.pos..self.pos + 1);
                let help =
                    "write the date and time as one word, such as `2017-06-05T06:20:00-04:00`";
                Err(error(span, "the date and time must be joined by `T`", help))
            }
            Some(_) => Err(self.unexpected()),
        }
    }

    /// Eats `separator`, which must come before the `next` field.
    fn separator(&mut self, separator: char, next: &str) -> Result<(), DateError> {
        match self.peek() {
            _ if self.eat(separator) => Ok(()),
            None => {
                let span = self.span(self.pos - 1..self.pos);
                Err(error(span, format!("the {next} is missing"), FORMS_HELP))
            }
            Some(_) => Err(self.unexpected()),
        }
    }

    fn followed_by_digit(&self) -> bool {
        self.text
            .as_bytes()
            .get(self.pos + 1)
            .is_some_and(u8::is_ascii_digit)
    }

    fn time(&mut self, mut point: DatePoint) -> Result<DatePoint, DateError> {
        let time_start = self.pos;
        self.pos += 1; // the `T`
        let hour = self.bounded("hour", 23, "hours run from 00 to 23")?;
        self.separator(':', "minute")?;
        let minute = self.bounded("minute", 59, "minutes run from 00 to 59")?;
        let mut second = 0;
        if self.eat(':') {
            let help = "seconds run from 00 to 59 (leap seconds are not supported)";
            second = self.bounded("second", 59, help)?;
        }
        if let Some('.' | ',') = self.peek() {
            let fraction = self.text[self.pos + 1..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            let span = self.span(self.pos..self.pos + 1 + fraction);
            let help = "round to whole seconds, such as `06:20:15`";
            return Err(error(span, "fractional seconds are not supported", help));
        }
        point.time = Some((hour, minute, second));
        let sign = match self.peek() {
            None => {
                let span = self.span(time_start..self.pos);
                let message = "a time needs a UTC offset such as `-04:00` or `Z`";
                let help = "add the offset the time was written in, such as `2017-06-05T06:20:00-04:00`, or `Z` for UTC";
                return Err(error(span, message, help));
            }
            Some('Z') => {
                self.pos += 1;
                0
            }
            Some('+') => 1,
            Some('-') => -1,
            Some(_) => return Err(self.unexpected()),
        };
        let mut offset_seconds = 0;
        if sign != 0 {
            let offset_start = self.pos;
            self.pos += 1;
            let (hours, _) = self.number("offset hour", 2)?;
            self.separator(':', "offset minute")?;
            let (minutes, _) = self.number("offset minute", 2)?;
            if hours > 23 || minutes > 59 {
                let span = self.span(offset_start..self.pos);
                let message = format!(
                    "the UTC offset `{}` is out of range",
                    &self.text[offset_start..self.pos]
                );
                return Err(error(
                    span,
                    message,
                    "offsets run from `-23:59` to `+23:59`",
                ));
            }
            offset_seconds = sign * (hours as i32 * 3600 + minutes as i32 * 60);
        }
        if self.peek().is_some() {
            return Err(self.unexpected());
        }
        point.offset_seconds = Some(offset_seconds);
        Ok(point)
    }
}

#[cfg(test)]
mod tests;
