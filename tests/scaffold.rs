//! `init` makes a site that builds cleanly, and `new annotation` writes only annotations
//! that anchor: as is for a unique quote, with added context for an ambiguous one, and
//! nothing at all (exit 1) for a quote that is not in the article.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use newsline::build::{BuildOptions, compile};
use newsline::diag::render_human;

const ARTICLE: &str = "harbor-city-herald-2024-03-12";

/// A fresh folder under the system's temp folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("newsline-scaffold-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn newsline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsline"))
        .args(args)
        .output()
        .expect("the newsline binary runs")
}

fn init(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    let output = newsline(&["init", dir.0.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir
}

/// Every diagnostic of a build of `root`, printed, or an empty string.
fn build_problems(root: &Path) -> (String, usize) {
    let compiled = compile(root, &BuildOptions::default());
    let printed: Vec<String> = compiled
        .diagnostics
        .iter()
        .map(|d| render_human(d, &compiled.sources))
        .collect();
    (printed.join("\n"), compiled.files.map_or(0, |f| f.len()))
}

fn annotation_files(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("content/annotations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn new_annotation(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "new",
        "annotation",
        "--root",
        root.to_str().unwrap(),
        "--article",
        ARTICLE,
    ];
    args.extend_from_slice(extra);
    newsline(&args)
}

#[test]
fn init_makes_a_site_that_builds_without_problems() {
    let site = init("builds");
    for file in [
        "content/site.toml",
        "content/articles/harbor-city-herald-2024-03-12.md",
        "content/annotations/council-approves-harbor-line.md",
        "README.md",
    ] {
        assert!(site.0.join(file).is_file(), "{file} is missing");
    }
    let (problems, files) = build_problems(&site.0);
    assert_eq!(problems, "");
    assert!(files > 0, "the new site builds no files");
    let compiled = compile(&site.0, &BuildOptions::default());
    let paths: Vec<&str> = compiled
        .files
        .iter()
        .flatten()
        .map(|f| f.path.as_str())
        .collect();
    assert!(paths.contains(&"annotations/council-approves-harbor-line/index.html"));
    assert!(paths.contains(&"articles/harbor-city-herald-2024-03-12/index.html"));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = TempDir::new("not-empty");
    std::fs::create_dir_all(&dir.0).unwrap();
    std::fs::write(dir.0.join("notes.txt"), "mine").unwrap();
    let output = newsline(&["init", dir.0.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("the folder is not empty"));
    let entries: Vec<_> = std::fs::read_dir(&dir.0).unwrap().collect();
    assert_eq!(entries.len(), 1, "init wrote into a non-empty folder");
    assert_eq!(
        std::fs::read_to_string(dir.0.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_unique_quote_is_written_as_is() {
    let site = init("unique");
    let output = new_annotation(
        &site.0,
        &[
            "--quote",
            "cut commuting times in half",
            "--date",
            "2024-03-12",
            "--title",
            "The \"half\" claim",
            "--kind",
            "statement",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let path = site.0.join("content/annotations/the-half-claim.md");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        path.display().to_string()
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "+++\ntitle = 'The \"half\" claim'\ndate = \"2024-03-12\"\nkind = \"statement\"\ntags = []\npeople = []\n\n[[anchors]]\narticle = \"harbor-city-herald-2024-03-12\"\nquote = \"cut commuting times in half\"\n+++\n\n"
    );
    assert_eq!(build_problems(&site.0).0, "");

    // The same title again gets the next free slug.
    let again = new_annotation(
        &site.0,
        &[
            "--quote",
            "cut commuting times in half",
            "--title",
            "The half claim",
        ],
    );
    assert!(again.status.success());
    assert!(
        site.0
            .join("content/annotations/the-half-claim-2.md")
            .is_file()
    );
    assert_eq!(build_problems(&site.0).0, "");
}

#[test]
fn an_ambiguous_quote_gets_the_context_that_makes_it_unique() {
    let site = init("ambiguous");
    // "the city" occurs twice in the article: "the city's ability" and "decision the city has made".
    let output = new_annotation(&site.0, &["--quote", "the city", "--date", "2024-03-12"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "the quote occurs 2 times in the article; added prefix = \"and\" to anchor the one at content/articles/harbor-city-herald-2024-03-12.md:11:199 (choose another with --occurrence)\n"
    );
    let text = std::fs::read_to_string(site.0.join("content/annotations/the-city.md")).unwrap();
    assert_eq!(
        text,
        "+++\ntitle = \"the city\"\ndate = \"2024-03-12\"\nkind = \"event\"\ntags = []\npeople = []\n\n[[anchors]]\narticle = \"harbor-city-herald-2024-03-12\"\nquote = \"the city\"\nprefix = \"and\"\n+++\n\n"
    );
    assert_eq!(
        build_problems(&site.0).0,
        "",
        "the new annotation must anchor"
    );

    let second = new_annotation(&site.0, &["--quote", "the city", "--occurrence", "2"]);
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let text = std::fs::read_to_string(site.0.join("content/annotations/the-city-2.md")).unwrap();
    assert!(
        text.contains("\nprefix = ") || text.contains("\nsuffix = "),
        "{text}"
    );
    assert_eq!(build_problems(&site.0).0, "");

    let too_far = new_annotation(&site.0, &["--quote", "the city", "--occurrence", "3"]);
    assert_eq!(too_far.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&too_far.stderr).contains("--occurrence must be 1 to 2"));
}

#[test]
fn a_missing_quote_fails_and_writes_nothing() {
    let site = init("missing");
    let before = annotation_files(&site.0);
    let output = new_annotation(&site.0, &["--quote", "cut commuting time in half"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        r#"error[quote-not-found]: the quote is not in article `harbor-city-herald-2024-03-12`
  --> content/articles/harbor-city-herald-2024-03-12.md:11:105
   |
11 | The plan, estimated at $410 million, had divided the council for months. Supporters said the line would cut commuting times in half for residents of the east side. Opponents questioned the cost and the city's ability to pay for it without raising property taxes.
   |                                                                                                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = note: the closest passage is “cut commuting times in half”
  = note: the article has `commuting times` where the quote has `commuting time`
  = help: copy the passage from the article as a reader sees it, without Markdown marks; nothing was written

no annotation was written
"#
    );
    assert!(output.stdout.is_empty());
    assert_eq!(annotation_files(&site.0), before);
}

#[test]
fn bad_arguments_fail_before_anything_is_read() {
    let site = init("arguments");
    let before = annotation_files(&site.0);
    let cases: [(&[&str], &str); 4] = [
        (
            &["--quote", "the city", "--date", "2024-13"],
            "error: invalid date `2024-13`: month 13 does not exist\n",
        ),
        (
            &["--quote", "the city", "--kind", "evnt"],
            "error: unknown kind `evnt`\n  = help: did you mean `event`?\n",
        ),
        (&["--quote", "   "], "error: the quote is empty\n"),
        (
            &["--quote", "the city", "--title", " "],
            "error: the title is empty\n",
        ),
    ];
    for (args, expected) in cases {
        let output = new_annotation(&site.0, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with(expected), "{args:?}: {stderr}");
    }
    let unknown = newsline(&[
        "new",
        "annotation",
        "--root",
        site.0.to_str().unwrap(),
        "--article",
        "harbor-city-herald-2024-03-1",
        "--quote",
        "x",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&unknown.stderr),
        "error: no article has the slug `harbor-city-herald-2024-03-1`\n  = help: did you mean `harbor-city-herald-2024-03-12`?\n"
    );
    assert_eq!(annotation_files(&site.0), before);
}
