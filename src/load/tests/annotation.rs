//! `content/annotations/**/<slug>.md`.

use super::*;
use crate::date::Date;
use crate::load::{Kind, parse_annotation};

#[track_caller]
fn check(text: &str, expected: &str) {
    let source = source("content/annotations/2017/vote.md", text);
    let (annotation, diagnostics) = parse_annotation(&source);
    assert_rendered(&render(&source, &diagnostics), expected);
    assert_eq!(annotation.is_some(), diagnostics.is_empty());
}

#[test]
fn reads_a_toml_annotation() {
    let text = r#"+++
title = "Council approves the plan"
date = "2017-05-17/2017-05-19"
kind = "statement"
tags = ["transit", "budget"]
people = ["Maria Alvarez"]

[[anchors]]
article = "council-approves-transit-plan"
quote = "approved the plan"
prefix = "The council "
suffix = " on Monday"

[[anchors]]
article = "budget-vote"
quote = "a narrow vote"

[extra]
reviewed = true
+++
The vote was close.
"#;
    let source = source("content/annotations/2017/council-vote.md", text);
    let (annotation, diagnostics) = parse_annotation(&source);
    assert_eq!(diagnostics, vec![]);
    let annotation = annotation.unwrap();
    assert_eq!(annotation.slug, "council-vote");
    assert_eq!(annotation.title, "Council approves the plan");
    let date = annotation.date.unwrap();
    assert_eq!(date.value, Date::parse("2017-05-17/2017-05-19").unwrap());
    assert_eq!(&text[date.span], "\"2017-05-17/2017-05-19\"");
    assert_eq!(annotation.kind, Kind::Statement);
    assert_eq!(annotation.tags, ["transit", "budget"]);
    assert_eq!(annotation.people, ["Maria Alvarez"]);
    assert_eq!(annotation.anchors.len(), 2);
    let first = &annotation.anchors[0];
    assert_eq!(first.article.value, "council-approves-transit-plan");
    assert_eq!(first.quote.value, "approved the plan");
    assert_eq!(&text[first.quote.span.clone()], "\"approved the plan\"");
    assert_eq!(first.prefix.as_ref().unwrap().value, "The council ");
    assert_eq!(first.suffix.as_ref().unwrap().value, " on Monday");
    assert_eq!(annotation.anchors[1].article.value, "budget-vote");
    assert!(annotation.anchors[1].prefix.is_none());
    assert_eq!(&text[annotation.body], "The vote was close.\n");
}

#[test]
fn reads_a_yaml_annotation_with_defaults() {
    let text = "---
title: Council approves the plan
anchors:
  - article: council-approves-transit-plan
    quote: >-
      approved
      the plan
---
Body
";
    let source = source("content/annotations/vote.md", text);
    let (annotation, diagnostics) = parse_annotation(&source);
    assert_eq!(diagnostics, vec![]);
    let annotation = annotation.unwrap();
    assert_eq!(annotation.date, None);
    assert_eq!(annotation.kind, Kind::Event);
    assert!(annotation.tags.is_empty() && annotation.people.is_empty());
    assert_eq!(annotation.anchors[0].quote.value, "approved the plan");
    assert_eq!(&text[annotation.body], "Body\n");
}

#[test]
fn reads_a_utf8_yaml_annotation_with_spans_in_bytes() {
    let text = "---\ntitle: Débat à l’Assemblée\ndate: 2017-06\nanchors:\n  - { article: débat, quote: \"« oui »\" }\n---\n";
    let source = source("content/annotations/debat.md", text);
    let (_, diagnostics) = parse_annotation(&source);
    // The article slug is wrong; what matters is that the caret lands under it.
    assert_rendered(
        &render(&source, &diagnostics),
        r#"error[invalid-slug]: `débat` is not a valid article slug
  --> content/annotations/debat.md:5:16
  |
5 |   - { article: débat, quote: "« oui »" }
  |                ^^^^^
  = help: write `debat`: slugs are lowercase letters and digits, with single hyphens between words
"#,
    );
}

#[test]
fn reports_missing_anchors() {
    check(
        "+++\ntitle = \"T\"\n+++\n",
        r#"error[no-anchors]: annotation has no anchors
  --> content/annotations/2017/vote.md:1:1
  |
1 | +++
  | ^^^
  = help: quote at least one article, for example:
    [[anchors]]
    article = "article-slug"
    quote = "the passage, copied from the article"
"#,
    );
}

#[test]
fn reports_an_empty_anchor_list() {
    check(
        "---\ntitle: T\nanchors: []\n---\n",
        r#"error[no-anchors]: annotation has no anchors
  --> content/annotations/2017/vote.md:3:10
  |
3 | anchors: []
  |          ^
  = help: quote at least one article, for example:
    [[anchors]]
    article = "article-slug"
    quote = "the passage, copied from the article"
"#,
    );
}

#[test]
fn reports_an_empty_quote_and_a_missing_article() {
    check(
        "+++\ntitle = \"T\"\n\n[[anchors]]\narticle = \"a\"\nquote = \"  \"\n\n[[anchors]]\nquote = \"q\"\nsufix = \"s\"\n+++\n",
        r#"error[empty-quote]: quote is empty
  --> content/annotations/2017/vote.md:6:9
  |
6 | quote = "  "
  |         ^^^^
  = help: copy the passage this annotation is about from the article

error[missing-key]: anchor is missing required key `article`
  --> content/annotations/2017/vote.md:8:1
  |
8 | [[anchors]]
  | ^^^^^^^^^^^
  = help: add `article = "…"`

error[unknown-key]: unknown key `sufix`
  --> content/annotations/2017/vote.md:10:1
   |
10 | sufix = "s"
   | ^^^^^
  = help: did you mean `suffix`?
"#,
    );
}

#[test]
fn reports_every_problem_of_one_anchor() {
    check(
        "+++\ntitle = \"T\"\n[[anchors]]\narticle = \"Vote 2017\"\nquote = \"\"\n+++\n",
        r#"error[invalid-slug]: `Vote 2017` is not a valid article slug
  --> content/annotations/2017/vote.md:4:11
  |
4 | article = "Vote 2017"
  |           ^^^^^^^^^^^
  = help: write `vote-2017`: slugs are lowercase letters and digits, with single hyphens between words

error[empty-quote]: quote is empty
  --> content/annotations/2017/vote.md:5:9
  |
5 | quote = ""
  |         ^^
  = help: copy the passage this annotation is about from the article
"#,
    );
}

#[test]
fn reports_anchors_that_are_not_tables() {
    check(
        "+++\ntitle = \"T\"\nanchors = \"article-slug\"\n+++\n",
        r#"error[wrong-type]: `anchors` must be a list of tables, found a string
  --> content/annotations/2017/vote.md:3:11
  |
3 | anchors = "article-slug"
  |           ^^^^^^^^^^^^^^
  = help: write each item as a `[[anchors]]` table
"#,
    );
}

#[test]
fn reports_an_unknown_kind_with_the_closest_name() {
    check(
        "+++\ntitle = \"T\"\nkind = \"opnion\"\n[[anchors]]\narticle = \"a\"\nquote = \"q\"\n+++\n",
        r#"error[unknown-kind]: unknown kind `opnion`
  --> content/annotations/2017/vote.md:3:8
  |
3 | kind = "opnion"
  |        ^^^^^^^^
  = help: did you mean `opinion`?
"#,
    );
}

#[test]
fn reports_an_unknown_kind_with_all_names() {
    check(
        "---\ntitle: T\nkind: rumour\nanchors:\n- article: a\n  quote: q\n---\n",
        r#"error[unknown-kind]: unknown kind `rumour`
  --> content/annotations/2017/vote.md:3:7
  |
3 | kind: rumour
  |       ^^^^^^
  = help: use one of `event`, `statement`, `report`, `context`, `opinion`, `speculation` and `correction`
"#,
    );
}

#[test]
fn reports_an_article_that_is_not_a_slug() {
    check(
        "---\ntitle: T\nanchors:\n- article: Council-Vote.md\n  quote: q\n---\n",
        r#"error[invalid-slug]: `Council-Vote.md` is not a valid article slug
  --> content/annotations/2017/vote.md:4:12
  |
4 | - article: Council-Vote.md
  |            ^^^^^^^^^^^^^^^
  = help: write `council-vote`: slugs are lowercase letters and digits, with single hyphens between words
"#,
    );
}

#[test]
fn reports_bad_tags_and_people_and_dates() {
    check(
        "---\ntitle: T\ndate: 2017-05-19/2017-05-17\ntags: [budget, '']\npeople: Maria Alvarez\nanchors:\n- article: a\n  quote: q\n---\n",
        r#"error[invalid-date]: the range ends before it starts
  --> content/annotations/2017/vote.md:3:18
  |
3 | date: 2017-05-19/2017-05-17
  |                  ^^^^^^^^^^
  = help: put the earlier date first

error[empty-value]: `tags` contains an empty string
  --> content/annotations/2017/vote.md:4:16
  |
4 | tags: [budget, '']
  |                ^^
  = help: remove it, or write the missing text

error[wrong-type]: `people` must be a list of strings, found a string
  --> content/annotations/2017/vote.md:5:9
  |
5 | people: Maria Alvarez
  |         ^^^^^^^^^^^^^
  = help: write a list: `people: ["Maria Alvarez"]`
"#,
    );
}

#[test]
fn reports_deeply_nested_yaml_without_overflowing_the_stack() {
    let deep = format!("---\ntitle: T\nextra: {}x\n---\n", "- ".repeat(100_000));
    let (annotation, diagnostics) = parse_annotation(&source_of(&deep));
    assert!(annotation.is_none());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].message, "front matter is nested too deeply");
    assert_eq!(diagnostics[0].span, Some(13..deep.len() - 5));

    let indented: String = (0..5_000)
        .map(|i| format!("{}- \n", " ".repeat(i)))
        .collect();
    let deep = format!("---\nextra:\n{indented}---\n");
    let (_, diagnostics) = parse_annotation(&source_of(&deep));
    assert_eq!(diagnostics[0].code, "invalid-yaml");

    let deep = format!(
        "+++\nextra = {}{}\n+++\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let (_, diagnostics) = parse_annotation(&source_of(&deep));
    assert_eq!(diagnostics[0].code, "invalid-toml");
}

fn source_of(text: &str) -> SourceText {
    source("content/annotations/deep.md", text)
}

#[test]
fn lists_each_allowed_key_once() {
    check(
        "+++\ntitle = \"T\"\nwhatever = 1\n[[anchors]]\narticle = \"a\"\nquote = \"q\"\n+++\n",
        r#"error[unknown-key]: unknown key `whatever`
  --> content/annotations/2017/vote.md:3:1
  |
3 | whatever = 1
  | ^^^^^^^^
  = help: the keys allowed here are `title`, `date`, `kind`, `tags`, `people`, `anchors` and `extra`
"#,
    );
}
