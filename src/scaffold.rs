//! Scaffolding for editors: a new site that builds at once (`init`) and new annotations
//! whose quote is checked before the file is written (`new annotation`, in [`annotation`]).
//!
//! The starter site's files live under `src/scaffold/site/` and are embedded in the binary,
//! so they can be read and edited as the files they become.

pub mod annotation;

use std::fmt;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The files of a new site: path relative to the site folder, then content.
pub const SITE_FILES: [(&str, &str); 5] = [
    ("content/site.toml", include_str!("scaffold/site/site.toml")),
    (
        "content/articles/harbor-city-herald-2024-03-12.md",
        include_str!("scaffold/site/article.md"),
    ),
    (
        "content/annotations/council-approves-harbor-line.md",
        include_str!("scaffold/site/annotation.md"),
    ),
    ("README.md", include_str!("scaffold/site/README.md")),
    (".gitignore", include_str!("scaffold/site/gitignore")),
];

/// Why scaffolding wrote nothing (or stopped): names the path involved.
#[derive(Debug)]
pub struct ScaffoldError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ScaffoldError {}

fn io_error(path: &Path, error: io::Error) -> ScaffoldError {
    ScaffoldError {
        path: path.to_path_buf(),
        message: error.to_string(),
    }
}

/// Creates a new site in `dir`, which must not exist or be empty. Returns the files
/// written, as paths under `dir`.
pub fn init_site(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(ScaffoldError {
                    path: dir.to_path_buf(),
                    message: "the folder is not empty; `init` only creates a site in a new or empty folder".to_string(),
                });
            }
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(error) => return Err(io_error(dir, error)),
    }
    let mut written = Vec::with_capacity(SITE_FILES.len());
    for (relative, text) in SITE_FILES {
        let path = dir.join(relative);
        write_new_file(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// Writes `text` to a file that must not exist yet, creating its folder. Never overwrites.
pub fn write_new_file(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| io_error(path, e))?;
    file.write_all(text.as_bytes())
        .map_err(|e| io_error(path, e))
}
