//! Where entries go: marks stacked in rows, or counts per calendar period; and the calendar
//! periods themselves (for ticks and buckets).

use chrono::{DateTime, Datelike, NaiveDate};

use super::{BAR_AREA, DAY, Item, MAX_MARKS, MONTH_NAMES, MONTHS, SLOT, Scale};
use crate::model::Phase;

/// Where each entry goes: a mark in a row, or a count in a bucket.
pub(super) enum Layout {
    /// Per item, its row (0 is nearest the axis), or `None` when its stack was full and it
    /// is counted in an overflow marker (on the top row) instead.
    Marks {
        rows: Vec<Option<usize>>,
        overflows: Vec<Overflow>,
        row_count: usize,
    },
    /// Consecutive runs of items in the same period.
    Buckets(Vec<Bucket>),
}

/// Entries left out of a full stack, shown as one `+N` link to the first of them.
pub(super) struct Overflow {
    pub(super) first: usize,
    pub(super) count: usize,
    pub(super) x: f64,
}

pub(super) struct Bucket {
    pub(super) phase: Phase,
    pub(super) unit: Unit,
    pub(super) start: i64,
    pub(super) end: i64,
    /// Index of the first item in it, and how many.
    pub(super) first: usize,
    pub(super) count: usize,
}

impl Layout {
    pub(super) fn new(scale: &Scale, items: &[Item], max_rows: usize) -> Layout {
        if items.len() <= MAX_MARKS {
            return Layout::marks(scale, items, max_rows);
        }
        let mut buckets: Vec<Bucket> = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let segment = scale.segment(item.phase);
            let unit = Unit::for_width(segment.density(), SLOT);
            let start = unit.floor(item.start);
            match buckets.last_mut() {
                Some(last) if last.phase == item.phase && last.start == start => last.count += 1,
                _ => buckets.push(Bucket {
                    phase: item.phase,
                    unit,
                    start,
                    end: unit.next(start),
                    first: index,
                    count: 1,
                }),
            }
        }
        Layout::Buckets(buckets)
    }

    /// Greedy stacking in time order: each mark (with the line of its range) takes the
    /// lowest row that is free where it starts; the top row is kept for overflow markers.
    pub(super) fn marks(scale: &Scale, items: &[Item], max_rows: usize) -> Layout {
        let mut row_ends: Vec<f64> = Vec::new();
        let mut rows = Vec::with_capacity(items.len());
        let mut overflows: Vec<Overflow> = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let segment = scale.segment(item.phase);
            let x = segment.x(item.start);
            let left = x - SLOT / 2.0;
            let right = segment.x(item.end).max(x) + SLOT / 2.0;
            let row = row_ends.iter().position(|&end| end <= left);
            let row = match row {
                Some(row) => Some(row),
                None if row_ends.len() + 1 < max_rows => {
                    row_ends.push(f64::MIN);
                    Some(row_ends.len() - 1)
                }
                None => None,
            };
            match row {
                Some(row) => row_ends[row] = right,
                None => match overflows.last_mut() {
                    Some(last) if x < last.x + SLOT => last.count += 1,
                    _ => overflows.push(Overflow {
                        first: index,
                        count: 1,
                        x,
                    }),
                },
            }
            rows.push(row);
        }
        let row_count = (row_ends.len() + usize::from(!overflows.is_empty())).max(1);
        Layout::Marks {
            rows,
            overflows,
            row_count,
        }
    }

    pub(super) fn area_height(&self) -> f64 {
        match self {
            Layout::Marks { row_count, .. } => *row_count as f64 * SLOT,
            Layout::Buckets(_) => BAR_AREA,
        }
    }
}

/// A calendar period, for ticks and buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Unit {
    Day,
    Week,
    Month,
    Quarter,
    Year,
    FiveYears,
    Decade,
}

impl Unit {
    pub(super) const ALL: [Unit; 7] = [
        Unit::Day,
        Unit::Week,
        Unit::Month,
        Unit::Quarter,
        Unit::Year,
        Unit::FiveYears,
        Unit::Decade,
    ];

    /// Rough length, to pick a unit that is at least `width` units wide.
    pub(super) fn seconds(self) -> f64 {
        let day = DAY as f64;
        match self {
            Unit::Day => day,
            Unit::Week => 7.0 * day,
            Unit::Month => 28.0 * day,
            Unit::Quarter => 90.0 * day,
            Unit::Year => 365.0 * day,
            Unit::FiveYears => 5.0 * 365.0 * day,
            Unit::Decade => 10.0 * 365.0 * day,
        }
    }

    pub(super) fn for_width(density: f64, width: f64) -> Unit {
        Unit::ALL
            .into_iter()
            .find(|unit| unit.seconds() * density >= width)
            .unwrap_or(Unit::Decade)
    }

    /// Start of the period holding `t` (weeks start on Monday).
    pub(super) fn floor(self, t: i64) -> i64 {
        let date = date_of(t);
        let (year, month) = (date.year(), date.month());
        let first = match self {
            Unit::Day => Some(date),
            Unit::Week => date.checked_sub_days(chrono::Days::new(u64::from(
                date.weekday().num_days_from_monday(),
            ))),
            Unit::Month => NaiveDate::from_ymd_opt(year, month, 1),
            Unit::Quarter => NaiveDate::from_ymd_opt(year, (month - 1) / 3 * 3 + 1, 1),
            Unit::Year => NaiveDate::from_ymd_opt(year, 1, 1),
            Unit::FiveYears => NaiveDate::from_ymd_opt(year - year.rem_euclid(5), 1, 1),
            Unit::Decade => NaiveDate::from_ymd_opt(year - year.rem_euclid(10), 1, 1),
        };
        first.map_or(t, timestamp)
    }

    /// Start of the period after the one starting at `t`.
    pub(super) fn next(self, t: i64) -> i64 {
        let date = date_of(t);
        let add_months = |months: u32| date.checked_add_months(chrono::Months::new(months));
        let next = match self {
            Unit::Day => date.checked_add_days(chrono::Days::new(1)),
            Unit::Week => date.checked_add_days(chrono::Days::new(7)),
            Unit::Month => add_months(1),
            Unit::Quarter => add_months(3),
            Unit::Year => add_months(12),
            Unit::FiveYears => add_months(60),
            Unit::Decade => add_months(120),
        };
        next.map_or(t + DAY, timestamp).max(t + 1)
    }

    /// Tick label at a period start: `Mar`, `Mar 2017`, `2017`.
    pub(super) fn label(self, t: i64, with_year: bool) -> String {
        let date = date_of(t);
        let month = MONTHS[date.month0() as usize];
        match self {
            Unit::Day | Unit::Week if with_year => {
                format!("{} {month} {}", date.day(), date.year())
            }
            Unit::Day | Unit::Week => format!("{} {month}", date.day()),
            Unit::Month | Unit::Quarter if with_year || date.month() == 1 => {
                format!("{month} {}", date.year())
            }
            Unit::Month | Unit::Quarter => month.to_string(),
            Unit::Year | Unit::FiveYears | Unit::Decade => date.year().to_string(),
        }
    }

    /// How a bucket of this unit is named in its tooltip.
    pub(super) fn describe(self, t: i64) -> String {
        let date = date_of(t);
        let month = MONTH_NAMES[date.month0() as usize];
        match self {
            Unit::Day => format!("{} {month} {}", date.day(), date.year()),
            Unit::Week => format!("Week of {} {month} {}", date.day(), date.year()),
            Unit::Month => format!("{month} {}", date.year()),
            Unit::Quarter => format!("Quarter from {month} {}", date.year()),
            Unit::Year => date.year().to_string(),
            Unit::FiveYears => format!("{}–{}", date.year(), date.year() + 4),
            Unit::Decade => format!("{}s", date.year()),
        }
    }
}

pub(super) fn date_of(t: i64) -> NaiveDate {
    DateTime::from_timestamp(t, 0)
        .unwrap_or(DateTime::UNIX_EPOCH)
        .date_naive()
}

pub(super) fn timestamp(date: NaiveDate) -> i64 {
    date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp()
}
