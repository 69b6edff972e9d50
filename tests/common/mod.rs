//! Shared helpers for integration tests: build a fixture site into a temporary folder.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use newsline::build::{BuildOptions, compile};
use newsline::diag::render_human;

/// The folder of a fixture site under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A built site in a temporary folder (removed on drop).
pub struct Built {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl Built {
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative))
            .unwrap_or_else(|e| panic!("cannot read {relative} from the built site: {e}"))
    }

    pub fn html(&self, relative: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(relative))
    }

    /// Every file of the output, relative, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(&self.root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&self.root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }
}

/// Builds the site at `root` and asserts it has no diagnostics at all.
#[track_caller]
pub fn build_clean(root: &Path, base_url: Option<&str>) -> Built {
    let compiled = compile(
        root,
        &BuildOptions {
            base_url: base_url.map(str::to_string),
            render_despite_errors: false,
            without_search_index: false,
            release_reader_texts: false,
            leave_memory_to_exit: false,
        },
    );
    let printed: Vec<String> = compiled
        .diagnostics
        .iter()
        .map(|d| render_human(d, &compiled.sources))
        .collect();
    assert!(
        printed.is_empty(),
        "unexpected diagnostics:\n{}",
        printed.join("\n")
    );
    let files = compiled
        .files
        .expect("a build without diagnostics has files");
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("site");
    newsline::write::write_output(&output, &files).unwrap();
    Built {
        _dir: dir,
        root: output,
    }
}

/// Diagnostics of a site, printed as a human would see them, with the root redacted.
pub fn check_output(root: &Path) -> String {
    let compiled = compile(root, &BuildOptions::default());
    compiled
        .diagnostics
        .iter()
        .map(|d| render_human(d, &compiled.sources))
        .collect::<Vec<_>>()
        .join("\n")
}
