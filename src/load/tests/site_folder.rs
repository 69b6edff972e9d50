//! Reading a whole site folder from disk: walking, decoding, duplicate slugs.

use std::fs;
use std::path::{Path, PathBuf};

use super::*;
use crate::load::{LoadCache, LoadedSite, load_site, load_site_cached, read_source};

const SITE: &str = "title = \"T\"\ndescription = \"D\"\nbase_url = \"/\"\nlanguage = \"en\"\n[timeline]\nstart = \"2017\"\nend = \"2018\"\n";

const ARTICLE: &str =
    "+++\ntitle = \"T\"\noutlet = \"O\"\npublished = \"2017-06-05\"\n+++\nText.\n";

fn annotation(article: &str) -> String {
    format!("+++\ntitle = \"A\"\n[[anchors]]\narticle = \"{article}\"\nquote = \"Text\"\n+++\n")
}

fn write(root: &Path, relative: &str, content: impl AsRef<[u8]>) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

/// All diagnostics rendered against the loaded sources.
fn render_all(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| render_human(d, sources))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn loads_a_site_sorted_by_slug_with_every_source() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "content/site.toml", SITE);
    write(root, "content/articles/b-second.md", ARTICLE);
    write(root, "content/articles/a-first.md", ARTICLE);
    write(root, "content/articles/notes.txt", "not an article");
    write(root, "content/articles/.draft.md", "ignored: hidden");
    write(
        root,
        "content/articles/nested/c.md",
        "ignored: not at the top level",
    );
    write(root, "content/annotations/z.md", annotation("a-first"));
    write(
        root,
        "content/annotations/2017/june/m.md",
        annotation("b-second"),
    );
    write(
        root,
        "content/annotations/.git/x.md",
        "ignored: hidden folder",
    );

    let (site, diagnostics) = load_site(root);
    assert_eq!(diagnostics, vec![]);
    assert!(site.config.is_some());
    let slugs: Vec<&str> = site.articles.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, ["a-first", "b-second"]);
    let slugs: Vec<&str> = site.annotations.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, ["m", "z"]);
    assert_eq!(
        site.annotations[0].file,
        Path::new("content/annotations/2017/june/m.md")
    );
    for file in [
        "content/site.toml",
        "content/articles/a-first.md",
        "content/annotations/2017/june/m.md",
    ] {
        assert!(site.sources.get(Path::new(file)).is_some(), "{file}");
    }
    assert!(
        site.sources
            .get(Path::new("content/articles/nested/c.md"))
            .is_none()
    );
}

#[test]
fn reports_duplicate_annotation_slugs_at_the_second_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "content/site.toml", SITE);
    write(root, "content/articles/a.md", ARTICLE);
    write(root, "content/annotations/2017/vote.md", annotation("a"));
    write(root, "content/annotations/2018/vote.md", annotation("a"));
    let (site, diagnostics) = load_site(root);
    assert_eq!(site.annotations.len(), 1);
    assert_eq!(
        site.annotations[0].file,
        Path::new("content/annotations/2017/vote.md")
    );
    assert_rendered(
        &render_all(&site.sources, &diagnostics),
        r#"error[duplicate-slug]: annotation slug `vote` is already used
  --> content/annotations/2018/vote.md
  = note: first used by content/annotations/2017/vote.md
  = help: rename one of the two files: slugs must be unique across all annotation folders
"#,
    );
}

#[test]
fn reports_a_missing_site_config_and_keeps_going() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "content/articles/a.md", ARTICLE);
    write(root, "content/articles/Bad Name.md", "");
    let (site, diagnostics) = load_site(root);
    assert!(site.config.is_none());
    assert_eq!(site.articles.len(), 1);
    assert_rendered(
        &render_all(&site.sources, &diagnostics),
        r#"error[empty-file]: file is empty
  --> content/articles/Bad Name.md
  = help: start the file with front matter, for example:
    +++
    title = "Council Approves Transit Plan"
    outlet = "Harbor City Herald"
    published = "2017-06-05"
    +++

error[invalid-slug]: article file name `Bad Name` is not a valid slug
  --> content/articles/Bad Name.md
  = help: rename the file to `bad-name.md`: slugs are lowercase letters and digits, with single hyphens between words

error[invalid-config]: site configuration not found
  --> content/site.toml
  = help: create `content/site.toml` with `title`, `description`, `base_url`, `language` and a `[timeline]` table
"#,
    );
}

#[test]
fn read_source_removes_a_bom_and_keeps_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let text = "+++\r\ntitle = \"T\"\r\nbad = 1\r\n+++\r\n";
    write(
        dir.path(),
        "content/articles/a.md",
        format!("\u{FEFF}{text}"),
    );
    let source = read_source(dir.path(), Path::new("content/articles/a.md")).unwrap();
    assert_eq!(&*source.text, text);
    assert_eq!(source.path, Path::new("content/articles/a.md"));
    // Positions are counted in the text without the BOM.
    let (_, diagnostics) = crate::load::parse_article(&source);
    let unknown = diagnostics
        .iter()
        .find(|d| d.code == "unknown-key")
        .unwrap();
    assert_rendered(
        &render(&source, std::slice::from_ref(unknown)),
        r#"error[unknown-key]: unknown key `bad`
  --> content/articles/a.md:3:1
  |
3 | bad = 1
  | ^^^
  = help: the keys allowed here are `title`, `outlet`, `published`, `author`, `url`, `notes`, `removed` and `extra`
"#,
    );
}

#[test]
fn read_source_reports_invalid_utf8_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        b"\xEF\xBB\xBF+++\ntitle = \"caf\xE9\"\n+++\n",
    );
    let error = read_source(dir.path(), Path::new("a.md")).unwrap_err();
    assert_rendered(
        &render_human(&error, &Sources::default()),
        r#"error[not-utf8]: file is not valid UTF-8 at byte offset 19 (line 2, column 13)
  --> a.md
  = help: save the file with UTF-8 encoding
"#,
    );
}

#[test]
fn read_source_reports_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let error = read_source(dir.path(), Path::new("content/articles/gone.md")).unwrap_err();
    assert_eq!(error.code, "io-error");
    assert!(
        error.message.starts_with("cannot read file: "),
        "{}",
        error.message
    );
}

#[cfg(unix)]
#[test]
fn reports_a_file_that_cannot_be_read_and_keeps_going() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "content/site.toml", SITE);
    write(root, "content/articles/a.md", ARTICLE);
    std::os::unix::fs::symlink(root.join("nowhere"), root.join("content/articles/gone.md"))
        .unwrap();
    let (site, diagnostics) = load_site(root);
    assert_eq!(site.articles.len(), 1);
    assert_rendered(
        &render_all(&site.sources, &diagnostics),
        r#"error[io-error]: cannot read file: No such file or directory (os error 2)
  --> content/articles/gone.md
"#,
    );
}

#[test]
fn a_cached_load_rereads_what_it_is_told_and_walks_again_when_events_were_lost() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "content/site.toml", SITE);
    write(root, "content/articles/a.md", ARTICLE);
    write(root, "content/annotations/x.md", annotation("a"));
    write(root, "content/annotations/y.md", annotation("a"));
    let cache = LoadCache::default();
    let title = |site: &LoadedSite, slug: &str| {
        let doc = site.annotations.iter().find(|a| a.slug == slug).unwrap();
        (doc.title.clone(), doc.revision)
    };
    let (first, _) = load_site_cached(root, &cache, &[]);
    let retitled = annotation("a").replace("title = \"A\"", "title = \"Changed\"");

    // A reported edit is read again; the other file keeps its document (same revision).
    write(root, "content/annotations/x.md", &retitled);
    let changed = [PathBuf::from("content/annotations/x.md")];
    let (second, diagnostics) = load_site_cached(root, &cache, &changed);
    assert_eq!(diagnostics, vec![]);
    assert_eq!(title(&second, "x").0, "Changed");
    assert_eq!(title(&second, "y"), title(&first, "y"));

    // Events were lost (the watcher reports `content`): every file is checked, so an edit
    // nobody reported is seen too, and so is a new file.
    write(
        root,
        "content/annotations/y.md",
        retitled.replace("Changed", "Also changed"),
    );
    write(root, "content/annotations/z.md", annotation("a"));
    let (third, _) = load_site_cached(root, &cache, &[PathBuf::from("content")]);
    assert_eq!(title(&third, "y").0, "Also changed");
    assert_eq!(third.annotations.len(), 3);
    assert_eq!(title(&third, "x"), title(&second, "x"));
}
