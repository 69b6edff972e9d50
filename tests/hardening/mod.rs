//! Shared helpers for the reliability and security tests: write a site into a temporary
//! folder from strings, build it, run the binary, and scan built HTML for anything that could
//! run script in a browser.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use newsline::build::{BuildOptions, Compiled, compile};
use newsline::diag::render_human;

pub mod random;
pub mod scan;

/// A TOML string literal for any text, so payloads survive front matter exactly.
pub fn toml_str(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A TOML array of string literals.
pub fn toml_list(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|i| toml_str(i)).collect();
    format!("[{}]", items.join(", "))
}

/// A site being written into a temporary folder.
pub struct TempSite {
    dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl TempSite {
    /// An empty site folder with a valid `content/site.toml` (timeline 2017).
    pub fn new() -> TempSite {
        let site = TempSite::bare();
        site.write(
            "content/site.toml",
            &site_toml("Test site", "A test site", ""),
        );
        site
    }

    /// An empty folder.
    pub fn bare() -> TempSite {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).expect("site folder");
        TempSite { dir, root }
    }

    /// The temporary folder holding the site folder (a place for outputs beside it).
    pub fn scratch(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a text file under the site root, creating folders.
    pub fn write(&self, relative: &str, text: &str) {
        self.write_bytes(relative, text.as_bytes());
    }

    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) {
        let path = self.root.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(&path, bytes).expect("write file");
    }

    /// Writes `content/articles/<slug>.md`.
    pub fn article(&self, slug: &str, title: &str, published: &str, body: &str) {
        self.write(
            &format!("content/articles/{slug}.md"),
            &article_md(title, "The Daily Test", published, "", body),
        );
    }

    /// Writes `content/annotations/<slug>.md` quoting `quote` in `article`.
    pub fn annotation(&self, slug: &str, date: &str, article: &str, quote: &str, extra: &str) {
        self.write(
            &format!("content/annotations/{slug}.md"),
            &annotation_md(
                slug,
                date,
                &[],
                &[],
                &[(article, quote)],
                extra,
                "Commentary.",
            ),
        );
    }

    pub fn compile(&self) -> Compiled {
        compile(&self.root, &BuildOptions::default())
    }
}

impl Default for TempSite {
    fn default() -> Self {
        TempSite::new()
    }
}

/// `content/site.toml` text; `extra` is appended (eras, more keys).
pub fn site_toml(title: &str, description: &str, extra: &str) -> String {
    format!(
        "title = {}\ndescription = {}\nbase_url = \"https://example.org/site/\"\nlanguage = \"en\"\n\n[timeline]\nstart = \"2017-01-01\"\nend = \"2017-12-31\"\n{extra}",
        toml_str(title),
        toml_str(description)
    )
}

/// An article file; `extra` is more front matter lines.
pub fn article_md(title: &str, outlet: &str, published: &str, extra: &str, body: &str) -> String {
    format!(
        "+++\ntitle = {}\noutlet = {}\npublished = \"{published}\"\n{extra}+++\n{body}",
        toml_str(title),
        toml_str(outlet)
    )
}

/// An annotation file with its anchors as `(article, quote)`; `extra` is more front matter
/// lines placed before the anchors.
pub fn annotation_md(
    title: &str,
    date: &str,
    tags: &[&str],
    people: &[&str],
    anchors: &[(&str, &str)],
    extra: &str,
    body: &str,
) -> String {
    let mut text = format!(
        "+++\ntitle = {}\ndate = \"{date}\"\nkind = \"event\"\ntags = {}\npeople = {}\n{extra}",
        toml_str(title),
        toml_list(tags),
        toml_list(people)
    );
    for (article, quote) in anchors {
        text.push_str(&format!(
            "\n[[anchors]]\narticle = {}\nquote = {}\n",
            toml_str(article),
            toml_str(quote)
        ));
    }
    text.push_str("+++\n");
    text.push_str(body);
    text
}

/// Every diagnostic of a compile, printed.
pub fn printed(compiled: &Compiled) -> String {
    compiled
        .diagnostics
        .iter()
        .map(|d| render_human(d, &compiled.sources))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Compiles and writes the site to `output`; panics with the diagnostics when it fails.
#[track_caller]
pub fn build_into(root: &Path, output: &Path) -> Compiled {
    let mut compiled = compile(root, &BuildOptions::default());
    let Some(files) = compiled.files.take() else {
        panic!("the build failed:\n{}", printed(&compiled));
    };
    newsline::write::write_output(output, &files).expect("write the output");
    compiled
}

/// Runs the `newsline` binary with `args`.
pub fn newsline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsline"))
        .args(args)
        .output()
        .expect("run newsline")
}

/// Every file under `folder`, relative with `/`, sorted, with its bytes.
pub fn snapshot(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(folder)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            (relative, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect();
    files.sort();
    files
}

/// Names in `folder` (not recursive), sorted.
pub fn entries(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}
