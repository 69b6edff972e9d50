//! The whole pipeline as one function, shared by `build`, `check` and `serve`:
//! load → anchor → model → render. Returns the output files and every diagnostic; writing
//! is left to the caller (through [`crate::write`]).

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use walkdir::WalkDir;

use crate::anchor::site::{AnchorCache, anchor_site_with};
use crate::diag::{Diagnostic, Sources, has_errors, sort};
use crate::load::{self, SourceText, read_source};
use crate::model::{BaseUrl, Site, build_site};
use crate::render;
use crate::render::incremental::RenderCache;
use crate::render::pages::render_site_releasing;
use crate::render::publish::search;
use crate::render::templates::Templates;
use crate::render::{OutputFile, render_site};

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides `base_url` from `site.toml`.
    pub base_url: Option<String>,
    /// Render the pages even when the content has errors, to find template failures too
    /// (`check` wants every problem; a build that cannot succeed need not render).
    pub render_despite_errors: bool,
    /// Leave out the search index even when the site wants one: `check` writes nothing,
    /// and `serve` builds it in the background (see `serve::search`).
    pub without_search_index: bool,
    /// Free the articles' reader texts as soon as the pages no longer need them (`build`,
    /// which reads nothing of the model afterwards): the returned site has them empty.
    pub release_reader_texts: bool,
    /// With `release_reader_texts`: leave the pages' template values to the system instead
    /// of freeing them, as the process ends right after the build (`build`). Freeing the
    /// values of 50,000 entries one by one takes 0.4 s.
    pub leave_memory_to_exit: bool,
}

/// Receives each output file as soon as it is rendered, from several threads at once.
/// An `Err` is a message about why the file could not be kept (e.g. a write failed).
pub type Sink<'a> = &'a (dyn Fn(OutputFile) -> Result<(), String> + Sync);

/// Wall time spent in each stage.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub load: Duration,
    pub anchor: Duration,
    pub model: Duration,
    pub render: Duration,
    /// The process's peak memory (resident set, KiB) at the end of load, anchor, model and
    /// render, where the system reports it (Linux).
    pub peak_kib: [Option<u64>; 4],
}

/// The peak resident memory of this process so far, in KiB (`VmHWM`; Linux only).
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The result of running the pipeline.
pub struct Compiled {
    /// With [`compile`]: every output file, or `None` when any error was found (nothing
    /// must be written then). Always `None` with [`compile_into`], which streams instead.
    pub files: Option<Vec<OutputFile>>,
    /// Whether the pages were rendered (they are not when earlier stages found errors).
    pub rendered: bool,
    /// Every output path of the site, when it was rendered.
    pub all_paths: Option<Vec<String>>,
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
    ("static/search.js", include_bytes!("../static/search.js")),
];

/// Runs load → anchor → model → render on the site at `root`, keeping every output file in
/// memory (for `serve`, `check` and tests).
pub fn compile(root: &Path, options: &BuildOptions) -> Compiled {
    let collected = Mutex::new(Vec::new());
    let mut compiled = compile_into(root, options, &|file| {
        collected
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(file);
        Ok(())
    });
    let mut files = collected.into_inner().unwrap_or_else(|p| p.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if compiled.rendered && !has_errors(&compiled.diagnostics) {
        compiled.files = Some(files);
    }
    compiled
}

/// Runs the pipeline and hands each rendered file to `sink` as soon as it exists, so a
/// build can write while it renders and never holds the whole site in memory. When
/// `Compiled::diagnostics` has errors, whatever reached the sink must be discarded.
pub fn compile_into(root: &Path, options: &BuildOptions, sink: Sink) -> Compiled {
    compile_with_cache(root, options, sink, None)
}

/// A dev-server session: the same pipeline, but each rebuild renders only the pages whose
/// inputs changed since the previous one (see [`crate::render::incremental`]).
pub struct Session {
    root: PathBuf,
    options: BuildOptions,
    caches: Caches,
}

/// What a session keeps between rebuilds.
#[derive(Default)]
struct Caches {
    load: load::LoadCache,
    anchor: AnchorCache,
    render: RenderCache,
    templates: TemplateCache,
}

/// The templates of the last build and the site's template files they were made from:
/// parsing them again takes a few milliseconds of every rebuild, and most edits are to
/// content.
type TemplateCache = Mutex<Option<(Vec<(String, SourceText)>, Arc<Templates>)>>;

impl Session {
    pub fn new(root: &Path, options: BuildOptions) -> Session {
        Session {
            root: root.to_path_buf(),
            options,
            caches: Caches::default(),
        }
    }

    /// Rebuilds after `changed` files (relative to the root; empty for the first build).
    /// `Compiled::files` holds only the pages rendered this time; `Compiled::all_paths`
    /// lists every path of the site, so the caller keeps the unchanged pages it has.
    pub fn compile(&mut self, changed: &[PathBuf]) -> Compiled {
        let site_wide = changed.iter().any(|path| {
            path.starts_with("templates")
                || path.starts_with("static")
                || path.ends_with("site.toml")
        });
        if site_wide {
            self.caches.render.clear();
            self.caches.render.generation += 1;
        }
        let collected = Mutex::new(Vec::new());
        let mut compiled = compile_with_cache(
            &self.root,
            &self.options,
            &|mut file| {
                // Pages are rendered into buffers with room to spare; these are kept.
                if let Cow::Owned(bytes) = &mut file.bytes {
                    bytes.shrink_to_fit();
                }
                collected
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(file);
                Ok(())
            },
            Some((&self.caches, changed)),
        );
        if has_errors(&compiled.diagnostics) {
            // The pages rendered from a broken site were not kept: render them next time.
            self.caches.render.clear();
        } else if compiled.rendered {
            let mut files = collected.into_inner().unwrap_or_else(|p| p.into_inner());
            files.sort_by(|a, b| a.path.cmp(&b.path));
            compiled.files = Some(files);
        }
        compiled
    }
}

impl Session {
    /// The feeds, exports and publishing files of `site` (from the last [`Session::compile`]),
    /// which a session leaves out of its compile so that pages are served first.
    pub fn publish(&self, site: &Site) -> Vec<OutputFile> {
        render::shared::publish_site(site, &self.caches.render)
    }
}

fn compile_with_cache(
    root: &Path,
    options: &BuildOptions,
    sink: Sink,
    caches: Option<(&Caches, &[PathBuf])>,
) -> Compiled {
    let mut timings = Timings::default();
    let started = Instant::now();
    let (loaded, mut diagnostics) = match caches {
        Some((caches, changed)) => load::load_site_cached(root, &caches.load, changed),
        None => load::load_site(root),
    };
    let mut sources = loaded.sources;
    let templates = load_templates(
        root,
        &mut sources,
        &mut diagnostics,
        caches.map(|(c, _)| &c.templates),
    );
    let static_files = read_static(root, &mut diagnostics);
    timings.load = started.elapsed();
    timings.peak_kib[0] = peak_memory_kib();

    let started = Instant::now();
    // Annotations with front-matter errors have their quotes checked too, so one run shows
    // every problem; their results are dropped before the model is built.
    let checked: Cow<[Arc<load::AnnotationDoc>]> = if loaded.quotes_only.is_empty() {
        Cow::Borrowed(&loaded.annotations)
    } else {
        Cow::Owned([loaded.annotations.as_slice(), &loaded.quotes_only].concat())
    };
    let (mut anchoring, anchor_diagnostics) = anchor_site_with(
        &loaded.articles,
        &loaded.broken_articles,
        &checked,
        caches.map(|(c, _)| &c.anchor),
    );
    anchoring.anchors.truncate(loaded.annotations.len());
    diagnostics.extend(anchor_diagnostics);
    timings.anchor = started.elapsed();
    timings.peak_kib[1] = peak_memory_kib();

    let Some(config) = loaded.config else {
        return finish(None, false, diagnostics, sources, timings);
    };
    let started = Instant::now();
    let base = match BaseUrl::parse(options.base_url.as_deref().unwrap_or(&config.base_url)) {
        Ok(base) => base,
        Err(message) => {
            let source = if options.base_url.is_some() {
                "--base-url"
            } else {
                "content/site.toml"
            };
            diagnostics.push(
                Diagnostic::error("invalid-base-url", source, message)
                    .with_help("give the address the site is published at, e.g. `https://user.github.io/repo/`"),
            );
            return finish(None, false, diagnostics, sources, timings);
        }
    };
    let mut site = build_site(config, base, loaded.articles, loaded.annotations, anchoring);
    timings.model = started.elapsed();
    timings.peak_kib[2] = peak_memory_kib();

    let Some(templates) = templates else {
        return finish(Some(site), false, diagnostics, sources, timings);
    };
    if has_errors(&diagnostics) && !options.render_despite_errors {
        return finish(Some(site), false, diagnostics, sources, timings);
    }
    let started = Instant::now();
    // The search index is built from the model on its own thread while the pages render.
    let index_wanted = site.config.build.search
        && !options.without_search_index
        && caches.is_none()
        && !has_errors(&diagnostics);
    let (rendered, search_bundle) =
        if options.release_reader_texts && caches.is_none() && !index_wanted {
            // `render_site_releasing` frees the annotations' texts; the diagnostics keep
            // only the texts they already point into: rendering reports on templates and
            // writes, never on content files.
            let reported: HashSet<&Path> = diagnostics.iter().map(|d| d.file.as_path()).collect();
            let annotation_files = site.annotations.iter().map(|a| a.doc.file.as_path());
            sources.forget(annotation_files.filter(|file| !reported.contains(file)));
            let rendered =
                render_site_releasing(&mut site, &templates, sink, options.leave_memory_to_exit);
            (rendered, None)
        } else {
            search::index_alongside(&site, index_wanted, || {
                render_site(&site, &templates, sink, caches.map(|(c, _)| &c.render))
            })
        };
    let mut all_paths = rendered.paths;
    diagnostics.extend(rendered.diagnostics);
    match search_bundle {
        Some(Ok(bundle)) => {
            for file in bundle {
                let path = file.path.clone();
                all_paths.push(path.clone());
                if let Err(message) = sink(file) {
                    diagnostics.push(Diagnostic::error("write-failed", path, message));
                }
            }
        }
        Some(Err(diagnostic)) => diagnostics.push(diagnostic),
        None => {}
    }
    for file in assets(static_files) {
        let path = file.path.clone();
        all_paths.push(path.clone());
        if let Err(message) = sink(file) {
            diagnostics.push(Diagnostic::error("write-failed", path, message));
        }
    }
    timings.render = started.elapsed();
    timings.peak_kib[3] = peak_memory_kib();
    let mut compiled = finish(Some(site), true, diagnostics, sources, timings);
    compiled.all_paths = Some(all_paths);
    compiled
}

fn finish(
    site: Option<Site>,
    rendered: bool,
    mut diagnostics: Vec<Diagnostic>,
    sources: Sources,
    timings: Timings,
) -> Compiled {
    sort(&mut diagnostics);
    Compiled {
        files: None,
        all_paths: None,
        rendered,
        diagnostics,
        sources,
        site,
        timings,
    }
}

/// Reads the site's `templates/**/*.html` and loads them over the defaults, or takes the
/// cached templates when the files are the same as when they were loaded.
fn load_templates(
    root: &Path,
    sources: &mut Sources,
    diagnostics: &mut Vec<Diagnostic>,
    cache: Option<&TemplateCache>,
) -> Option<Arc<Templates>> {
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
    let same_files = |cached: &[(String, SourceText)]| {
        cached.len() == overrides.len()
            && (cached.iter().zip(&overrides)).all(|((name, source), (new_name, new_source))| {
                name == new_name && source.path == new_source.path && source.text == new_source.text
            })
    };
    if let Some(cache) = cache {
        let cached = cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((files, templates)) = &*cached {
            if same_files(files) {
                return Some(Arc::clone(templates));
            }
        }
    }
    match Templates::load(&overrides) {
        Ok(templates) => {
            let templates = Arc::new(templates);
            if let Some(cache) = cache {
                *cache.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((overrides, Arc::clone(&templates)));
            }
            Some(templates)
        }
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

/// The site's static files plus the default assets it does not override.
fn assets(static_files: Vec<OutputFile>) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = DEFAULT_ASSETS
        .iter()
        .filter(|(path, _)| !static_files.iter().any(|f| f.path == *path))
        .map(|(path, bytes)| OutputFile {
            path: path.to_string(),
            bytes: Cow::Borrowed(bytes),
        })
        .collect();
    files.extend(static_files);
    files
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
