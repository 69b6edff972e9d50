//! Tests for EDTF parsing, ordering and display.

use super::*;

/// Parses `input` and compares its canonical EDTF, display, and its start's `iso`,
/// `short_display` and precision.
#[track_caller]
fn check_ok(input: &str, edtf: &str, display: &str, iso: &str, short: &str, precision: Precision) {
    let date = Date::parse(input).unwrap_or_else(|wrong| panic!("{input}: {wrong:?}"));
    assert_eq!(date.edtf(), edtf, "edtf of {input}");
    assert_eq!(date.display(), display, "display of {input}");
    assert_eq!(date.start.iso(), iso, "iso of {input}");
    assert_eq!(
        date.start.short_display(),
        short,
        "short display of {input}"
    );
    assert_eq!(date.start.precision(), precision, "precision of {input}");
}

/// Parses `input`, expecting exactly this message and span.
#[track_caller]
fn check(input: &str, message: &str, span: Range<usize>) {
    match Date::parse(input) {
        Ok(date) => panic!("{input} parsed as {date:?}"),
        Err(wrong) => {
            assert_eq!(wrong.message, message, "message for {input}");
            assert_eq!(wrong.span, span, "span for {input}");
            assert!(wrong.help.is_some(), "help for {input}");
        }
    }
}

#[test]
fn accepted_points() {
    use Precision::*;
    let minus = "\u{2212}";
    #[rustfmt::skip]
    let table = [
        ("2017", "2017", "2017", "2017", "2017", Year),
        ("2017-06", "2017-06", "June 2017", "2017-06", "Jun", Month),
        ("2017-06-05", "2017-06-05", "5 June 2017", "2017-06-05", "5 Jun", Day),
        ("2017-06-05T06:20:00-04:00", "2017-06-05T06:20:00-04:00",
            &format!("5 June 2017, 06:20 UTC{minus}04:00"), "2017-06-05T06:20:00-04:00", "5 Jun 06:20", Instant),
        ("2017-06-05T06:20-04:00", "2017-06-05T06:20:00-04:00",
            &format!("5 June 2017, 06:20 UTC{minus}04:00"), "2017-06-05T06:20:00-04:00", "5 Jun 06:20", Instant),
        ("2017-06-05T06:20:15Z", "2017-06-05T06:20:15Z",
            "5 June 2017, 06:20:15 UTC", "2017-06-05T06:20:15Z", "5 Jun 06:20:15", Instant),
        ("2017-06-05T06:20+00:00", "2017-06-05T06:20:00Z",
            "5 June 2017, 06:20 UTC", "2017-06-05T06:20:00Z", "5 Jun 06:20", Instant),
        ("2017-06-05T23:59:59+05:30", "2017-06-05T23:59:59+05:30",
            "5 June 2017, 23:59:59 UTC+05:30", "2017-06-05T23:59:59+05:30", "5 Jun 23:59:59", Instant),
        ("2017-05~", "2017-05~", "c. May 2017", "2017-05", "c. May", Month),
        ("2017~", "2017~", "c. 2017", "2017", "c. 2017", Year),
        ("2017-06-05T06:20Z~", "2017-06-05T06:20:00Z~",
            "c. 5 June 2017, 06:20 UTC", "2017-06-05T06:20:00Z", "c. 5 Jun 06:20", Instant),
        ("2016-02-29", "2016-02-29", "29 February 2016", "2016-02-29", "29 Feb", Day),
        ("2000-02-29", "2000-02-29", "29 February 2000", "2000-02-29", "29 Feb", Day),
        ("0000-01-01", "0000-01-01", "1 January 0", "0000-01-01", "1 Jan", Day),
        ("9999-12-31", "9999-12-31", "31 December 9999", "9999-12-31", "31 Dec", Day),
    ];
    for (input, edtf, display, iso, short, precision) in table {
        check_ok(input, edtf, display, iso, short, precision);
    }
}

#[test]
fn accepted_ranges() {
    #[rustfmt::skip]
    let table = [
        ("2017-05-17/2017-05-19", "17–19 May 2017"),
        ("2017-05-30/2017-06-02", "30 May – 2 June 2017"),
        ("2016-12-30/2017-01-02", "30 December 2016 – 2 January 2017"),
        ("2017-05/2017-06", "May – June 2017"),
        ("2016-11/2017-02", "November 2016 – February 2017"),
        ("2016/2017", "2016 – 2017"),
        ("2017-05/2018-02-03", "May 2017 – 3 February 2018"),
        ("2017-05/2017-05", "May 2017"),
        ("2017-05~/2017-06", "c. May – June 2017"),
        ("2017-05/2017-06~", "May – c. June 2017"),
        ("2017-05-17~/2017-05-19~", "c. 17 – c. 19 May 2017"),
        ("2017-05-17/2017-05-19~", "17 – c. 19 May 2017"),
        ("2017-05-30~/2017-06-02", "c. 30 May – 2 June 2017"),
        ("2016~/2017~", "c. 2016 – c. 2017"),
        ("2017-06-05T06:20:00Z/2017-06-05T09:00:00Z", "5 June 2017, 06:20 UTC – 5 June 2017, 09:00 UTC"),
        ("2017-06-05T06:20:00Z/2017-06-05T06:20:00Z", "5 June 2017, 06:20 UTC"),
        ("2017-06-05T12:00:00+02:00/2017-06-05T10:00:00Z",
            "5 June 2017, 12:00 UTC+02:00 – 5 June 2017, 10:00 UTC"),
    ];
    for (input, display) in table {
        let date = Date::parse(input).unwrap_or_else(|wrong| panic!("{input}: {wrong:?}"));
        assert_eq!(date.edtf(), input);
        assert_eq!(date.display(), display, "display of {input}");
    }
}

#[test]
fn rejected() {
    let offset = "a time needs a UTC offset such as `-04:00` or `Z`";
    let only_tilde = "the EDTF qualifier `?` is not supported, only `~` (approximate) is";
    let no_x =
        "unspecified digits (`X`) are not supported, only the `~` qualifier (approximate) is";
    let open = "open ranges are not supported";
    #[rustfmt::skip]
    let table = [
        ("", "the date is empty", 0..0),
        (" 2017", "the date starts with a space", 0..1),
        ("2017\t ", "the date ends with a space", 4..6),
        ("2017-02-30", "February 2017 has 28 days", 8..10),
        ("2017-02-29", "February 2017 has 28 days", 8..10),
        ("1900-02-29", "February 1900 has 28 days", 8..10),
        ("2016-02-30", "February 2016 has 29 days", 8..10),
        ("2017-04-31", "April 2017 has 30 days", 8..10),
        ("2017-06-00", "day 00 does not exist", 8..10),
        ("2017-13", "month 13 does not exist", 5..7),
        ("2017-00-01", "month 00 does not exist", 5..7),
        ("2017-06-05T06:20", offset, 10..16),
        ("2017-06-05T06:20:00", offset, 10..19),
        ("2017-06-05T24:00Z", "hour 24 does not exist", 11..13),
        ("2017-06-05T06:60Z", "minute 60 does not exist", 14..16),
        ("2017-06-05T06:20:60Z", "second 60 does not exist", 17..19),
        ("2017-06-05T06:20:00.5Z", "fractional seconds are not supported", 19..21),
        ("2017-06-05T06:20+24:00", "the UTC offset `+24:00` is out of range", 16..22),
        ("2017-06-05T06:20-04:60", "the UTC offset `-04:60` is out of range", 16..22),
        ("2017-06-05T06:20+0400", "the offset hour must have two digits", 17..21),
        ("2017-06-05T06:20-04", "the offset minute is missing", 18..19),
        ("2017-06-05T06", "the minute is missing", 12..13),
        ("2017-06-05T0620Z", "the hour must have two digits", 11..15),
        ("2017-06-05T06:20Z+", "unexpected `+` in the date", 17..18),
        ("2017-06-05T06:20z", "unexpected `z` in the date", 16..17),
        ("2017-06-05 06:20Z", "the date and time must be joined by `T`", 10..11),
        ("2017-06T06:20Z", "a time needs a full date", 7..8),
        ("17-06-05", "the year must have four digits", 0..2),
        ("20170605", "the year must have four digits", 0..8),
        ("2017-6-5", "the month must have two digits", 5..6),
        ("2017-06-5", "the day must have two digits", 8..9),
        ("2017-", "the month is missing", 4..5),
        ("2017-06-", "the day is missing", 7..8),
        ("2017-06-05T", "the hour is missing", 10..11),
        ("2017-06-05T06:", "the minute is missing", 13..14),
        ("June 2017", "unexpected `J` in the date", 0..1),
        ("-2017", "unexpected `-` in the date", 0..1),
        ("2017-05-17 / 2017-05-19", "unexpected space in the date", 10..11),
        ("2017-05-17–2017-05-19", "unexpected `–` in the date", 10..13),
        ("2017/05/17", "a date has at most one `/`", 7..8),
        ("2017-05-19/2017-05-17", "the range ends before it starts", 11..21),
        ("2017-06-05T09:00Z/2017-06-05T06:20Z", "the range ends before it starts", 18..35),
        ("2017/2017-06-05", "the range ends before its first date is over", 5..15),
        ("2017-05/..", open, 8..10),
        ("../2017", open, 0..2),
        ("2017-05/", open, 7..8),
        ("/2017", open, 0..1),
        ("2017?", only_tilde, 4..5),
        ("2017-05?/2017-06", only_tilde, 7..8),
        ("2017-05%", "the EDTF qualifier `%` is not supported, only `~` (approximate) is", 7..8),
        ("201X", no_x, 3..4),
        ("2017-05/2017-XX", no_x, 13..14),
        ("2017~-05", "`~` goes only at the end of a date", 4..5),
        ("2017~~", "`~` goes only at the end of a date", 4..5),
        ("~", "the date is missing before `~`", 0..1),
        ("2017/~", "the date is missing before `~`", 5..6),
    ];
    for (input, message, span) in table {
        check(input, message, span);
    }
}

#[test]
fn help_texts() {
    let help = |input: &str| {
        Date::parse(input)
            .err()
            .and_then(|wrong| wrong.help)
            .unwrap_or_default()
    };
    assert_eq!(help("2017-02-30"), "pick a day from 01 to 28");
    assert_eq!(help("2017-13"), "months run from 01 to 12");
    assert_eq!(
        help("2017-06-05T06:20"),
        "add the offset the time was written in, such as `2017-06-05T06:20:00-04:00`, or `Z` for UTC"
    );
    assert_eq!(
        help("2017-05/.."),
        "give both ends, such as `2017-05-17/2017-05-19`"
    );
    assert_eq!(help("June 2017"), FORMS_HELP);
    assert_eq!(help("2017-05-19/2017-05-17"), "put the earlier date first");
}

#[test]
fn utc_bounds() {
    let bounds = |input: &str| {
        let date = Date::parse(input).unwrap_or_else(|wrong| panic!("{input}: {wrong:?}"));
        (date.start_utc(), date.end_utc())
    };
    assert_eq!(bounds("2017"), (1_483_228_800, 1_514_764_800));
    assert_eq!(
        bounds("2017-12"),
        (1_514_764_800 - 31 * 86_400, 1_514_764_800)
    );
    assert_eq!(bounds("2016-02"), (1_454_284_800, 1_456_790_400));
    assert_eq!(
        bounds("2016-02-29"),
        (1_456_790_400 - 86_400, 1_456_790_400)
    );
    assert_eq!(
        bounds("2017-06-05T06:20:00-04:00"),
        (1_496_658_000, 1_496_658_001)
    );
    assert_eq!(bounds("2016/2017-12"), (1_451_606_400, 1_514_764_800));
}

#[test]
fn year_month_groups() {
    let group = |input: &str| Date::parse(input).map(|date| date.start.year_month()).ok();
    assert_eq!(group("2017"), Some((2017, None)));
    assert_eq!(group("2017-06~"), Some((2017, Some(6))));
    assert_eq!(group("2017-06-05T23:30:00-04:00"), Some((2017, Some(6))));
}

#[test]
fn sort_order_across_precisions_and_offsets() {
    let expected = [
        "2016/2017",
        "2017",
        "2017/2018",
        "2017-01",
        "2017-01-01",
        "2017-01-01/2017-01-03",
        "2017-01-01T00:00:00Z",
        "2017-06~",
        "2017-06-05",
        "2017-06-05T06:20:00-04:00",
        "2017-06-05T23:30:00+05:00",
        "2017-06-06",
        "2017-06-06T01:00:00Z",
        // 23:30 at -04:00 is 03:30 UTC on the 6th.
        "2017-06-05T23:30:00-04:00",
    ];
    let mut dates: Vec<Date> = expected
        .iter()
        .rev()
        .filter_map(|text| Date::parse(text).ok())
        .collect();
    dates.sort_by_key(Date::sort_key);
    let sorted: Vec<String> = dates.iter().map(Date::edtf).collect();
    assert_eq!(sorted, expected);
    for pair in dates.windows(2) {
        assert!(
            pair[0].sort_key() < pair[1].sort_key(),
            "{:?} vs {:?}",
            pair[0],
            pair[1]
        );
    }
}

#[test]
fn from_toml_values() {
    let convert = |value: &str| {
        let table: toml::Table = format!("date = {value}")
            .parse()
            .unwrap_or_else(|wrong| panic!("{wrong}"));
        match table.get("date") {
            Some(toml::Value::Datetime(datetime)) => Date::from_toml_datetime(datetime),
            other => panic!("{value} is not a datetime: {other:?}"),
        }
    };
    let edtf = |value: &str| convert(value).map(|date| date.edtf());
    assert_eq!(edtf("2017-06-05"), Ok("2017-06-05".to_string()));
    assert_eq!(
        edtf("2017-06-05T06:20:00-04:00"),
        Ok("2017-06-05T06:20:00-04:00".to_string())
    );
    assert_eq!(
        edtf("2017-06-05 06:20:00Z"),
        Ok("2017-06-05T06:20:00Z".to_string())
    );
    let failure = |value: &str| convert(value).map_err(|wrong| (wrong.message, wrong.span));
    let offset = "a time needs a UTC offset such as `-04:00` or `Z`".to_string();
    assert_eq!(failure("2017-06-05T06:20:00"), Err((offset, 0..19)));
    assert_eq!(
        failure("06:20:00"),
        Err(("a time alone is not a date".to_string(), 0..8))
    );
    let fraction = "fractional seconds are not supported".to_string();
    assert_eq!(failure("2017-06-05T06:20:00.5Z"), Err((fraction, 0..22)));
}

/// Builds many strings from date-like pieces and checks that parsing never panics, every
/// error span is a valid range of the input, and every success round-trips through `edtf`.
#[test]
fn parse_never_panics_and_round_trips() {
    let pieces = [
        "2017",
        "2016",
        "0000",
        "9999",
        "-",
        "06",
        "02",
        "29",
        "31",
        "13",
        "00",
        "T",
        "06:20",
        ":00",
        ":60",
        "Z",
        "+04:00",
        "-04:00",
        "~",
        "/",
        "..",
        "?",
        "X",
        " ",
        "5",
        ".5",
        "é",
        "–",
        "2017-06-05",
        "2016-02-29",
        "-05",
        "2017-06",
        "T06:20:00Z",
        "T23:59-04:00",
    ];
    let mut inputs = vec![String::new()];
    for _ in 0..3 {
        let longer: Vec<String> = inputs
            .iter()
            .filter(|text| text.len() < 40)
            .flat_map(|text| pieces.iter().map(move |piece| format!("{text}{piece}")))
            .collect();
        inputs.extend(longer);
    }
    // Mostly well-formed dates from a fixed pseudo-random sequence, some with a piece
    // inserted or a character dropped, to reach the deeper error paths.
    let mut random = Lcg(0x2017_0605);
    for _ in 0..50_000 {
        let mut text = String::new();
        for end in 0..2 {
            if end == 1 && random.below(4) == 0 {
                break;
            } else if end == 1 {
                text.push('/');
            }
            text.push_str(random.pick(&["2017", "2016", "1900", "0000", "9999"]));
            let depth = random.below(4);
            if depth >= 1 {
                text.push_str(random.pick(&["-01", "-02", "-06", "-12", "-13", "-00"]));
            }
            if depth >= 2 {
                text.push_str(random.pick(&["-01", "-28", "-29", "-30", "-31", "-00"]));
            }
            if depth >= 3 {
                text.push_str(random.pick(&[
                    "T00:00",
                    "T06:20:15",
                    "T23:59:59",
                    "T24:00",
                    "T12:60",
                ]));
                text.push_str(random.pick(&["Z", "+05:30", "-04:00", "+24:00", "", "-00:00"]));
            }
            text.push_str(random.pick(&["", "", "~"]));
        }
        let at = random.below(16);
        let inserted = random.pick(&pieces);
        match random.below(4) {
            0 if text.is_char_boundary(at) => text.insert_str(at, inserted),
            1 if text.is_char_boundary(at) && at < text.len() => {
                text.remove(at);
            }
            _ => {}
        }
        inputs.push(text);
    }
    let mut accepted = 0;
    for input in &inputs {
        match Date::parse(input) {
            Ok(date) => {
                accepted += 1;
                assert_eq!(Date::parse(&date.edtf()).as_ref(), Ok(&date), "{input}");
                assert!(date.start_utc() < date.end_utc(), "{input}");
                let _ = (date.display(), date.start.short_display(), date.start.iso());
            }
            Err(wrong) => {
                assert!(
                    input.get(wrong.span.clone()).is_some(),
                    "{input}: {:?}",
                    wrong.span
                );
                assert!(!wrong.message.is_empty() && !wrong.message.ends_with('.'));
            }
        }
    }
    assert!(
        accepted > 5_000,
        "only {accepted} of {} accepted",
        inputs.len()
    );
}

/// A linear congruential generator: deterministic, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize % bound
    }

    fn pick(&mut self, choices: &[&'static str]) -> &'static str {
        choices[self.below(choices.len())]
    }
}

#[test]
fn hand_built_impossible_points_do_not_panic() {
    let point = DatePoint {
        year: i32::MAX,
        month: Some(40),
        day: Some(99),
        time: Some((99, 99, 99)),
        offset_seconds: Some(i32::MIN),
        approximate: true,
    };
    let _ = (
        point.start_utc(),
        point.end_utc(),
        point.display(),
        point.short_display(),
        point.iso(),
    );
}
