//! The whole pipeline as one function, shared by `build`, `check` and `serve`:
//! load → anchor → model → render. Returns the output files and every diagnostic; writing
//! is left to the caller (through [`crate::write`]).

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use walkdir::WalkDir;

use crate::anchor::site::anchor_site;
use crate::diag::{Diagnostic, Sources, has_errors, sort};
use crate::load::{self, SourceText, read_source};
use crate::model::{BaseUrl, Site, build_site};
use crate::render::templates::Templates;
use crate::render::{OutputFile, render_site};

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides `base_url` from `site.toml`.
    pub base_url: Option<String>,
}

/// Wall time spent in each stage.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub load: Duration,
    pub anchor: Duration,
    pub model: Duration,
    pub render: Duration,
}

/// The result of running the pipeline.
pub struct Compiled {
    /// `None` when any error was found: nothing must be written then.
    pub files: Option<Vec<OutputFile>>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
    pub site: Option<Site>,
    pub timings: Timings,
}

/// Default assets, written under `static/` unless the site has a file of the same name.
pub const DEFAULT_ASSETS: &[(&str, &[u8])] = &[
    ("static/style.css", include_bytes!("../static/style.css")),
    (
        "static/timeline.js",
        include_bytes!("../static/timeline.js"),
    ),
];

/// Runs load → anchor → model → render on the site at `root`.
pub fn compile(root: &Path, options: &BuildOptions) -> Compiled {
    let mut timings = Timings::default();
    let started = Instant::now();
    let (loaded, mut diagnostics) = load::load_site(root);
    let mut sources = loaded.sources;
    let templates = load_templates(root, &mut sources, &mut diagnostics);
    let static_files = read_static(root, &mut diagnostics);
    timings.load = started.elapsed();

    let started = Instant::now();
    let (anchoring, anchor_diagnostics) = anchor_site(&loaded.articles, &loaded.annotations);
    diagnostics.extend(anchor_diagnostics);
    timings.anchor = started.elapsed();

    let Some(config) = loaded.config else {
        return finish(None, None, diagnostics, sources, timings);
    };
    let started = Instant::now();
    let base = BaseUrl::parse(options.base_url.as_deref().unwrap_or(&config.base_url));
    let site = build_site(config, base, loaded.articles, loaded.annotations, anchoring);
    timings.model = started.elapsed();

    let Some(templates) = templates else {
        return finish(Some(site), None, diagnostics, sources, timings);
    };
    let started = Instant::now();
    let (mut files, render_diagnostics) = render_site(&site, &templates);
    diagnostics.extend(render_diagnostics);
    add_assets(&mut files, static_files);
    timings.render = started.elapsed();
    finish(Some(site), Some(files), diagnostics, sources, timings)
}

fn finish(
    site: Option<Site>,
    files: Option<Vec<OutputFile>>,
    mut diagnostics: Vec<Diagnostic>,
    sources: Sources,
    timings: Timings,
) -> Compiled {
    sort(&mut diagnostics);
    let files = if has_errors(&diagnostics) {
        None
    } else {
        files
    };
    Compiled {
        files,
        diagnostics,
        sources,
        site,
        timings,
    }
}

/// Reads the site's `templates/**/*.html` and loads them over the defaults.
fn load_templates(
    root: &Path,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Templates> {
    let mut overrides: Vec<(String, SourceText)> = Vec::new();
    for relative in list_files(root, "templates", diagnostics) {
        if relative
            .extension()
            .is_none_or(|e| e != "html" && e != "xml")
        {
            continue;
        }
        match read_source(root, &relative) {
            Ok(source) => {
                let name = relative
                    .strip_prefix("templates")
                    .unwrap_or(&relative)
                    .to_string_lossy()
                    .replace('\\', "/");
                sources.insert(source.path.clone(), source.text.clone());
                overrides.push((name, source));
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    match Templates::load(&overrides) {
        Ok(templates) => Some(templates),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    }
}

/// Reads every file under the site's `static/` folder, as output files under `static/`.
fn read_static(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for relative in list_files(root, "static", diagnostics) {
        match std::fs::read(root.join(&relative)) {
            Ok(bytes) => files.push(OutputFile {
                path: relative.to_string_lossy().replace('\\', "/"),
                bytes: Cow::Owned(bytes),
            }),
            Err(error) => diagnostics.push(Diagnostic::error(
                "read-failed",
                &relative,
                format!("cannot read the file: {error}"),
            )),
        }
    }
    files
}

fn add_assets(files: &mut Vec<OutputFile>, static_files: Vec<OutputFile>) {
    for (path, bytes) in DEFAULT_ASSETS {
        if !static_files.iter().any(|f| f.path == *path) {
            files.push(OutputFile {
                path: path.to_string(),
                bytes: Cow::Borrowed(bytes),
            });
        }
    }
    files.extend(static_files);
}

/// Files under `root/folder`, relative to `root`, sorted; a missing folder is empty.
/// Walk errors become diagnostics rather than being skipped silently.
pub fn list_files(root: &Path, folder: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let base = root.join(folder);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(&base).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if let Ok(relative) = entry.path().strip_prefix(root) {
                    files.push(relative.to_path_buf());
                }
            }
            Ok(_) => {}
            Err(error) => diagnostics.push(Diagnostic::error(
                "read-failed",
                error
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .unwrap_or(Path::new(folder)),
                format!("cannot read the folder: {error}"),
            )),
        }
    }
    files
}
