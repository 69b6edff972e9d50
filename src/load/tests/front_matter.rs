//! Splitting files into front matter and body, and the diagnostics for files that cannot
//! be split.

use std::path::Path;

use super::*;
use crate::load::front_matter::{Format, FrontMatter, split};

const EXAMPLE: &str = "+++\ntitle = \"T\"\n+++";

fn parts(text: &str) -> FrontMatter {
    split(Path::new("a.md"), text, EXAMPLE).unwrap_or_else(|d| panic!("{}", d.message))
}

#[track_caller]
fn check_error(text: &str, expected: &str) {
    let source = source("content/articles/a.md", text);
    let diagnostic = split(&source.path, text, EXAMPLE).expect_err("split should fail");
    assert_rendered(&render(&source, &[diagnostic]), expected);
}

#[test]
fn finds_toml_front_matter_and_body() {
    let text = "+++\ntitle = \"T\"\n+++\nBody\n";
    let parts = parts(text);
    assert_eq!(parts.format, Format::Toml);
    assert_eq!(&text[parts.opening_fence], "+++");
    assert_eq!(&text[parts.content], "title = \"T\"\n");
    assert_eq!(&text[parts.body], "Body\n");
}

#[test]
fn finds_yaml_front_matter_with_crlf_and_trailing_spaces_on_fences() {
    let text = "---  \r\ntitle: T\r\n--- \r\nBody\r\n";
    let parts = parts(text);
    assert_eq!(parts.format, Format::Yaml);
    assert_eq!(&text[parts.content], "title: T\r\n");
    assert_eq!(&text[parts.body], "Body\r\n");
}

#[test]
fn body_may_be_empty_and_closing_fence_may_end_the_file() {
    let text = "+++\ntitle = \"T\"\n+++";
    let parts = parts(text);
    assert_eq!(&text[parts.content], "title = \"T\"\n");
    assert_eq!(parts.body, text.len()..text.len());
}

#[test]
fn only_an_exact_fence_closes_the_front_matter() {
    // `++++`, `+++ x` and the other format's fence are front matter text, not fences.
    let text = "+++\na = \"\"\"\n++++\n+++ x\n---\n\"\"\"\n+++\nBody";
    let parts = parts(text);
    assert_eq!(
        &text[parts.content],
        "a = \"\"\"\n++++\n+++ x\n---\n\"\"\"\n"
    );
    assert_eq!(&text[parts.body], "Body");
}

#[test]
fn reports_an_empty_file() {
    check_error(
        " \n\n",
        r#"error[empty-file]: file is empty
  --> content/articles/a.md
  = help: start the file with front matter, for example:
    +++
    title = "T"
    +++
"#,
    );
}

#[test]
fn reports_a_file_without_front_matter() {
    check_error(
        "# Title\n\nText",
        r#"error[missing-front-matter]: file does not start with front matter
  --> content/articles/a.md:1:1
  |
1 | # Title
  | ^^^^^^^
  = help: start the file with front matter between `+++` lines (TOML) or `---` lines (YAML), for example:
    +++
    title = "T"
    +++
"#,
    );
}

#[test]
fn reports_a_fence_with_a_language_name() {
    check_error(
        "+++toml\ntitle = \"T\"\n+++\n",
        r#"error[missing-front-matter]: file does not start with front matter
  --> content/articles/a.md:1:1
  |
1 | +++toml
  | ^^^^^^^
  = help: start the file with front matter between `+++` lines (TOML) or `---` lines (YAML), for example:
    +++
    title = "T"
    +++
"#,
    );
}

#[test]
fn reports_blank_lines_before_the_fence() {
    check_error(
        "\n\n+++\ntitle = \"T\"\n+++\n",
        r#"error[missing-front-matter]: file does not start with front matter
  --> content/articles/a.md:1:1
  |
1 | 
  | ^
  = help: remove the blank lines before the fence on line 3: front matter must start on the first line
"#,
    );
}

#[test]
fn reports_unterminated_toml_front_matter() {
    check_error(
        "+++\ntitle = \"T\"\n\nBody",
        r#"error[unterminated-front-matter]: front matter is not closed
  --> content/articles/a.md:1:1
  |
1 | +++
  | ^^^
  = help: add a line with only `+++` after the last front matter line
"#,
    );
}

#[test]
fn reports_unterminated_yaml_front_matter() {
    check_error(
        "---\r\ntitle: T\r\n",
        r#"error[unterminated-front-matter]: front matter is not closed
  --> content/articles/a.md:1:1
  |
1 | ---
  | ^^^
  = help: add a line with only `---` after the last front matter line
"#,
    );
}
