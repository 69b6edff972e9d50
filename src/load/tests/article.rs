//! `content/articles/<slug>.md`.

use super::*;
use crate::date::Date;
use crate::load::parse_article;

#[track_caller]
fn check(path: &str, text: &str, expected: &str) {
    let source = source(path, text);
    let (article, diagnostics) = parse_article(&source);
    assert_rendered(&render(&source, &diagnostics), expected);
    assert_eq!(article.is_some(), diagnostics.is_empty());
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|e| panic!("{text}: {}", e.message))
}

#[test]
fn reads_a_toml_article() {
    let text = r#"+++
title = "Council Approves Transit Plan"
outlet = "Harbor City Herald"
published = "2017-06-05T06:20:00-04:00"
author = "Maria Alvarez"
url = "https://herald.example/transit"
notes = "Collected from the *print* edition."
removed = ["Advertisement", "Read more"]

[extra]
anything = { goes = [1, 2] }
+++

The council voted on Monday.
"#;
    let source = source("content/articles/council-approves-transit-plan.md", text);
    let (article, diagnostics) = parse_article(&source);
    assert_eq!(diagnostics, vec![]);
    let article = article.unwrap();
    assert_eq!(article.slug, "council-approves-transit-plan");
    assert_eq!(article.title, "Council Approves Transit Plan");
    assert_eq!(article.outlet, "Harbor City Herald");
    assert_eq!(article.published, date("2017-06-05T06:20:00-04:00"));
    assert_eq!(article.author.as_deref(), Some("Maria Alvarez"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://herald.example/transit")
    );
    assert_eq!(
        article.notes.as_deref(),
        Some("Collected from the *print* edition.")
    );
    assert_eq!(article.removed, ["Advertisement", "Read more"]);
    assert_eq!(&text[article.body], "\nThe council voted on Monday.\n");
    assert_eq!(
        article.file,
        PathBuf::from("content/articles/council-approves-transit-plan.md")
    );
}

#[test]
fn reads_a_yaml_article_with_crlf_line_endings() {
    let text = "---\r\ntitle: Council Approves Transit Plan\r\noutlet: 'Harbor City Herald'\r\npublished: 2017-06-05\r\nremoved:\r\n  - Advertisement\r\n---\r\nBody\r\n";
    let source = source("content/articles/transit.md", text);
    let (article, diagnostics) = parse_article(&source);
    assert_eq!(diagnostics, vec![]);
    let article = article.unwrap();
    assert_eq!(article.title, "Council Approves Transit Plan");
    assert_eq!(article.outlet, "Harbor City Herald");
    assert_eq!(article.published, date("2017-06-05"));
    assert_eq!(article.removed, ["Advertisement"]);
    assert_eq!(&text[article.body], "Body\r\n");
}

#[test]
fn reads_an_unquoted_toml_date() {
    let text = "+++\ntitle = \"T\"\noutlet = \"O\"\npublished = 2017-06-05\n+++\n";
    let (article, diagnostics) = parse_article(&source("content/articles/a.md", text));
    assert_eq!(diagnostics, vec![]);
    assert_eq!(article.unwrap().published, date("2017-06-05"));
}

#[test]
fn reads_an_unquoted_year_in_yaml_and_toml() {
    let yaml = "---\ntitle: T\noutlet: O\npublished: 2017\n---\n";
    let (article, diagnostics) = parse_article(&source("content/articles/a.md", yaml));
    assert_eq!(diagnostics, vec![]);
    assert_eq!(article.unwrap().published, date("2017"));
    let toml = "+++\ntitle = \"T\"\noutlet = \"O\"\npublished = 2017\n+++\n";
    let (article, diagnostics) = parse_article(&source("content/articles/a.md", toml));
    assert_eq!(diagnostics, vec![]);
    assert_eq!(article.unwrap().published, date("2017"));
}

#[test]
fn reports_every_problem_in_toml() {
    check(
        "content/articles/a.md",
        "+++\ntitel = \"x\"\noutlet = 3\npublished = \"2017-13-01\"\nfoo = 1\n+++\nbody",
        r#"error[missing-key]: front matter is missing required key `title`
  --> content/articles/a.md:1:1
  |
1 | +++
  | ^^^
  = help: add `title = "…"`

error[unknown-key]: unknown key `titel`
  --> content/articles/a.md:2:1
  |
2 | titel = "x"
  | ^^^^^
  = help: did you mean `title`?

error[wrong-type]: `outlet` must be a string, found an integer
  --> content/articles/a.md:3:10
  |
3 | outlet = 3
  |          ^
  = help: put the value in quotes

error[invalid-date]: month 13 does not exist
  --> content/articles/a.md:4:19
  |
4 | published = "2017-13-01"
  |                   ^^
  = help: months run from 01 to 12

error[unknown-key]: unknown key `foo`
  --> content/articles/a.md:5:1
  |
5 | foo = 1
  | ^^^
  = help: the keys allowed here are `title`, `outlet`, `published`, `author`, `url`, `notes`, `removed` and `extra`
"#,
    );
}

#[test]
fn reports_every_problem_in_yaml() {
    check(
        "content/articles/a.md",
        "---\ntitel: x\noutlet:\npublished: '2017-13-01'\nfoo: 1\n---\nbody",
        r#"error[missing-key]: front matter is missing required key `title`
  --> content/articles/a.md:1:1
  |
1 | ---
  | ^^^
  = help: add `title: "…"`

error[unknown-key]: unknown key `titel`
  --> content/articles/a.md:2:1
  |
2 | titel: x
  | ^^^^^
  = help: did you mean `title`?

error[wrong-type]: `outlet` must be a string, found an empty value
  --> content/articles/a.md:3:7
  |
3 | outlet:
  |       ^

error[invalid-date]: month 13 does not exist
  --> content/articles/a.md:4:18
  |
4 | published: '2017-13-01'
  |                  ^^
  = help: months run from 01 to 12

error[unknown-key]: unknown key `foo`
  --> content/articles/a.md:5:1
  |
5 | foo: 1
  | ^^^
  = help: the keys allowed here are `title`, `outlet`, `published`, `author`, `url`, `notes`, `removed` and `extra`
"#,
    );
}

#[test]
fn positions_stay_right_with_crlf_and_non_ascii_text() {
    check(
        "content/articles/a.md",
        "---\r\ntitle: \"Ça débute — déjà\"\r\noutlet: Le Monde\r\npublished: \"2017-13-01\"\r\nremoved: [\"ok\", 7]\r\n---\r\n",
        r#"error[invalid-date]: month 13 does not exist
  --> content/articles/a.md:4:18
  |
4 | published: "2017-13-01"
  |                  ^^
  = help: months run from 01 to 12

error[wrong-type]: `removed` must be a list of strings, found an integer
  --> content/articles/a.md:5:17
  |
5 | removed: ["ok", 7]
  |                 ^
  = help: put the value in quotes
"#,
    );
}

#[test]
fn reports_invalid_toml_with_the_parser_position() {
    check(
        "content/articles/a.md",
        "+++\ntitle = \"Café\nx = [1,\n+++\nbody",
        r#"error[invalid-toml]: invalid basic string, expected `"`
  --> content/articles/a.md:2:14
  |
2 | title = "Café
  |              ^

error[invalid-toml]: unclosed array, expected `]`
  --> content/articles/a.md:3:8
  |
3 | x = [1,
  |        ^
"#,
    );
}

#[test]
fn reports_an_invalid_unquoted_toml_date_as_invalid_toml() {
    check(
        "content/articles/a.md",
        "+++\ntitle = \"T\"\noutlet = \"O\"\npublished = 2017-13-01\n+++\n",
        r#"error[invalid-toml]: invalid date, expected month between 01 and 12
  --> content/articles/a.md:4:13
  |
4 | published = 2017-13-01
  |             ^^^^^^^^^^
"#,
    );
}

#[test]
fn reports_invalid_yaml_at_the_byte_position_after_non_ascii_text() {
    check(
        "content/articles/a.md",
        "---\ntitle: «Élan» — ‘x’: y\n---\n",
        r#"error[invalid-yaml]: mapping values are not allowed in this context
  --> content/articles/a.md:2:20
  |
2 | title: «Élan» — ‘x’: y
  |                    ^
"#,
    );
}

#[test]
fn reports_duplicate_yaml_keys() {
    check(
        "content/articles/a.md",
        "---\ntitle: a\ntitle: b\n---\n",
        r#"error[invalid-yaml]: duplicated key in mapping
  --> content/articles/a.md:3:1
  |
3 | title: b
  | ^
"#,
    );
}

#[test]
fn rejects_empty_strings_and_wrong_types_in_lists() {
    check(
        "content/articles/a.md",
        "+++\ntitle = \" \"\noutlet = \"O\"\npublished = \"2017\"\nremoved = [\"\", 3]\nextra = \"x\"\nauthor = false\n+++\n",
        r#"error[empty-value]: `title` is empty
  --> content/articles/a.md:2:9
  |
2 | title = " "
  |         ^^^
  = help: fill in `title`

error[empty-value]: `removed` contains an empty string
  --> content/articles/a.md:5:12
  |
5 | removed = ["", 3]
  |            ^^
  = help: remove it, or write the missing text

error[wrong-type]: `removed` must be a list of strings, found an integer
  --> content/articles/a.md:5:16
  |
5 | removed = ["", 3]
  |                ^
  = help: put the value in quotes

error[wrong-type]: `extra` must be a table, found a string
  --> content/articles/a.md:6:9
  |
6 | extra = "x"
  |         ^^^

error[wrong-type]: `author` must be a string, found a boolean
  --> content/articles/a.md:7:10
  |
7 | author = false
  |          ^^^^^
  = help: put the value in quotes
"#,
    );
}

#[test]
fn reports_a_file_name_that_is_not_a_slug() {
    check(
        "content/articles/My Article (2017).md",
        "+++\ntitle = \"T\"\noutlet = \"O\"\npublished = \"2017\"\n+++\n",
        r#"error[invalid-slug]: article file name `My Article (2017)` is not a valid slug
  --> content/articles/My Article (2017).md
  = help: rename the file to `my-article-2017.md`: slugs are lowercase letters and digits, with single hyphens between words
"#,
    );
}

#[test]
fn reports_a_yaml_list_instead_of_a_table() {
    check(
        "content/articles/a.md",
        "---\n- title\n---\n",
        r#"error[wrong-type]: front matter must be a table of keys, found a list
  --> content/articles/a.md:2:1
  |
2 | - title
  | ^^^^^^^
  = help: write one `key: value` line per key
"#,
    );
}
