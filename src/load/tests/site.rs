//! `content/site.toml`.

use super::*;
use crate::date::Date;
use crate::load::{BuildOptions, parse_site_config};

const PATH: &str = "content/site.toml";

#[track_caller]
fn check(text: &str, expected: &str) {
    let source = source(PATH, text);
    let (config, diagnostics) = parse_site_config(&source);
    assert_rendered(&render(&source, &diagnostics), expected);
    assert_eq!(config.is_some(), diagnostics.is_empty());
}

const MINIMAL: &str = r#"title = "Harbor City"
description = "A year of city politics"
base_url = "https://news.example.org/"
language = "en"

[timeline]
start = "2017"
end = 2018-03-01
"#;

#[test]
fn reads_a_minimal_site_config() {
    let (config, diagnostics) = parse_site_config(&source(PATH, MINIMAL));
    assert_eq!(diagnostics, vec![]);
    let config = config.unwrap();
    assert_eq!(config.title, "Harbor City");
    assert_eq!(config.description, "A year of city politics");
    assert_eq!(config.base_url, "https://news.example.org/");
    assert_eq!(config.language, "en");
    assert_eq!(config.timeline.start.value, Date::parse("2017").unwrap());
    assert_eq!(
        config.timeline.end.value,
        Date::parse("2018-03-01").unwrap()
    );
    assert!(config.eras.is_empty());
    assert_eq!(config.build, BuildOptions::default());
    assert_eq!(config.cname, None);
}

#[test]
fn reads_eras_build_options_and_cname() {
    let text = format!(
        "cname = \"news.example.org\"\n{MINIMAL}\n[build]\ntimeline_page_size = 500\n\n[[eras]]\ntitle = \"Budget fight\"\nstart = \"2017-06\"\nend = \"2017\"\ndescription = \"The *long* summer\"\n\n[[eras]]\ntitle = \"Aftermath\"\nstart = \"2018\"\nend = \"2018\"\n"
    );
    let (config, diagnostics) = parse_site_config(&source(PATH, &text));
    assert_eq!(diagnostics, vec![]);
    let config = config.unwrap();
    assert_eq!(config.cname.as_deref(), Some("news.example.org"));
    assert_eq!(config.build.timeline_page_size, 500);
    assert_eq!(config.eras.len(), 2);
    assert_eq!(config.eras[0].title, "Budget fight");
    assert_eq!(config.eras[0].start.value, Date::parse("2017-06").unwrap());
    assert_eq!(
        config.eras[0].description.as_deref(),
        Some("The *long* summer")
    );
    assert_eq!(config.eras[1].description, None);
}

#[test]
fn reports_missing_keys_against_the_whole_file() {
    check(
        "title = \"T\"\nlanguage = \"en\"\n",
        r#"error[missing-key]: site configuration is missing required key `base_url`
  --> content/site.toml
  = help: add `base_url = "…"`

error[missing-key]: site configuration is missing required key `description`
  --> content/site.toml
  = help: add `description = "…"`

error[missing-key]: site configuration is missing required key `timeline`
  --> content/site.toml
  = help: add `timeline = { start = "2017", end = "2018" }`
"#,
    );
}

#[test]
fn reports_a_reversed_era_and_timeline() {
    check(
        "title = \"T\"\ndescription = \"D\"\nbase_url = \"/\"\nlanguage = \"en\"\n[timeline]\nstart = \"2018\"\nend = \"2017-12\"\n\n[[eras]]\ntitle = \"Late\"\nstart = 2017-06-02\nend = 2017-06-01\n",
        r#"error[date-range-reversed]: the timeline ends before it starts
  --> content/site.toml:7:7
  |
7 | end = "2017-12"
  |       ^^^^^^^^^
  = note: the start is at 6:9
  = help: swap `start` and `end`

error[date-range-reversed]: era `Late` ends before it starts
  --> content/site.toml:12:7
   |
12 | end = 2017-06-01
   |       ^^^^^^^^^^
  = note: the start is at 11:9
  = help: swap `start` and `end`
"#,
    );
}

#[test]
fn reports_malformed_eras_and_timeline() {
    check(
        "title = \"T\"\ndescription = \"D\"\nbase_url = \"/\"\nlanguage = \"en\"\ntimeline = \"2017\"\neras = [\"early\", { title = \"E\", start = \"2017-02-30\", ends = \"2018\" }]\n",
        r#"error[wrong-type]: `timeline` must be a table, found a string
  --> content/site.toml:5:12
  |
5 | timeline = "2017"
  |            ^^^^^^

error[wrong-type]: `eras` must be a list of tables, found a string
  --> content/site.toml:6:9
  |
6 | eras = ["early", { title = "E", start = "2017-02-30", ends = "2018" }]
  |         ^^^^^^^

error[missing-key]: era is missing required key `end`
  --> content/site.toml:6:18
  |
6 | eras = ["early", { title = "E", start = "2017-02-30", ends = "2018" }]
  |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: add `end = "2017-06-05"`

error[invalid-date]: February 2017 has 28 days
  --> content/site.toml:6:50
  |
6 | eras = ["early", { title = "E", start = "2017-02-30", ends = "2018" }]
  |                                                  ^^
  = help: pick a day from 01 to 28

error[unknown-key]: unknown key `ends`
  --> content/site.toml:6:55
  |
6 | eras = ["early", { title = "E", start = "2017-02-30", ends = "2018" }]
  |                                                       ^^^^
  = help: did you mean `end`?
"#,
    );
}

#[test]
fn reports_bad_build_options_cname_and_base_url() {
    check(
        "title = \"T\"\ndescription = \"D\"\nbase_url = \"news.example.org\"\nlanguage = \"en\"\ncname = \"https://news.example.org/\"\n[timeline]\nstart = \"2017\"\nend = \"2018\"\n[build]\ntimeline_page_size = 0\npage_size = 3\n",
        r#"error[invalid-config]: `base_url` must be an absolute URL or start with `/`
  --> content/site.toml:3:12
  |
3 | base_url = "news.example.org"
  |            ^^^^^^^^^^^^^^^^^^
  = help: write it like `https://news.example.org/`

error[invalid-config]: `cname` must be a bare domain name
  --> content/site.toml:5:9
  |
5 | cname = "https://news.example.org/"
  |         ^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: write only the domain, like `news.example.org`, without `https://` or a path

error[invalid-config]: `timeline_page_size` must be a positive whole number
  --> content/site.toml:10:22
   |
10 | timeline_page_size = 0
   |                      ^

error[unknown-key]: unknown key `page_size`
  --> content/site.toml:11:1
   |
11 | page_size = 3
   | ^^^^^^^^^
  = help: the keys allowed here are `timeline_page_size` and `search`
"#,
    );
}

#[test]
fn reports_a_page_size_of_the_wrong_type() {
    let text = format!("{MINIMAL}[build]\ntimeline_page_size = \"500\"\n");
    check(
        &text,
        r#"error[wrong-type]: `timeline_page_size` must be a positive whole number, found a string
  --> content/site.toml:10:22
   |
10 | timeline_page_size = "500"
   |                      ^^^^^
"#,
    );
}

#[test]
fn reports_invalid_toml() {
    check(
        "title = \"T\"\n[timeline\nstart = 1\n",
        r#"error[invalid-toml]: unclosed table, expected `]`
  --> content/site.toml:2:10
  |
2 | [timeline
  |          ^
"#,
    );
}

#[test]
fn reads_the_search_setting() {
    let read = |text: &str| {
        let (config, diagnostics) = parse_site_config(&source(PATH, text));
        assert_eq!(diagnostics, vec![]);
        config.unwrap().build.search
    };
    assert!(!read(MINIMAL), "search is off unless asked for");
    assert!(!read(&format!("{MINIMAL}[build]\nsearch = false\n")));
    assert!(read(&format!("{MINIMAL}[build]\nsearch = true\n")));
}

#[test]
fn reports_a_search_setting_that_is_not_a_boolean_or_misspelled() {
    let text = format!("{MINIMAL}[build]\nsearch = \"no\"\nserch = true\n");
    check(
        &text,
        r#"error[wrong-type]: `search` must be `true` or `false`, found a string
  --> content/site.toml:10:10
   |
10 | search = "no"
   |          ^^^^

error[unknown-key]: unknown key `serch`
  --> content/site.toml:11:1
   |
11 | serch = true
   | ^^^^^
  = help: did you mean `search`?
"#,
    );
}
