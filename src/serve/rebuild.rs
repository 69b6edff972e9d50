//! One rebuild of the served site: [`Rebuilder::rebuild`] is the only place the dev server
//! runs the pipeline, so a truly incremental compile can later replace its body without
//! touching the watcher or the HTTP side.
//!
//! The last good site is kept in memory and replaced only by a build without errors; a
//! failed build leaves it in place and records the diagnostics to show over it.

use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::build::{BuildOptions, Compiled, Session, Timings};
use crate::diag::{Diagnostic, Sources, render_human};
use crate::model::Site;
use crate::render::OutputFile;

/// A built site held in memory: the output files and an index from output path to file.
#[derive(Debug, Default)]
pub struct BuiltSite {
    /// Shared with the previous site where a page did not change, so an incremental
    /// rebuild copies pointers, not pages.
    files: Vec<Arc<OutputFile>>,
    /// Shared between sites whose paths are the same, in the same order.
    index: Arc<HashMap<String, usize>>,
}

impl BuiltSite {
    pub fn new(files: Vec<OutputFile>) -> BuiltSite {
        BuiltSite::from_shared(files.into_iter().map(Arc::new).collect())
    }

    fn from_shared(files: Vec<Arc<OutputFile>>) -> BuiltSite {
        let index = files
            .iter()
            .enumerate()
            .map(|(i, file)| (file.path.clone(), i))
            .collect();
        BuiltSite {
            files,
            index: Arc::new(index),
        }
    }

    /// The site after an incremental build: `rendered` pages replace this site's, the
    /// other paths of `all_paths` keep this site's files, and paths not listed are gone.
    pub fn updated(&self, rendered: Vec<OutputFile>, all_paths: &[&str]) -> BuiltSite {
        // The usual edit changes a few pages and no path: swap those files in place.
        let same_paths = all_paths.len() == self.files.len()
            && all_paths.iter().zip(&self.files).all(|(p, f)| *p == f.path)
            && rendered.iter().all(|f| self.position(&f.path).is_some());
        if same_paths {
            let mut files = self.files.clone();
            for file in rendered {
                if let Some(i) = self.position(&file.path) {
                    files[i] = Arc::new(file);
                }
            }
            return BuiltSite {
                files,
                index: Arc::clone(&self.index),
            };
        }
        let mut fresh: HashMap<String, Arc<OutputFile>> = rendered
            .into_iter()
            .map(|file| (file.path.clone(), Arc::new(file)))
            .collect();
        let mut files: Vec<Arc<OutputFile>> = all_paths
            .iter()
            .filter_map(|&path| {
                fresh.remove(path).or_else(|| {
                    self.position(path)
                        .and_then(|i| self.files.get(i))
                        .map(Arc::clone)
                })
            })
            .collect();
        // Files written on every build (feeds, exports) are not in the page list.
        let mut rest: Vec<Arc<OutputFile>> = fresh.into_values().collect();
        rest.sort_by(|a, b| a.path.cmp(&b.path));
        files.extend(rest);
        BuiltSite::from_shared(files)
    }

    /// The position of the file at an output path (`articles/x/index.html`).
    pub fn position(&self, path: &str) -> Option<usize> {
        self.index.get(path).copied()
    }

    /// The file at a position returned by [`BuiltSite::position`].
    pub fn file(&self, position: usize) -> Option<&OutputFile> {
        self.files.get(position).map(|file| &**file)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The output paths whose bytes differ between `self` and `newer`.
    pub fn changes(&self, newer: &BuiltSite) -> OutputChanges {
        let mut changes = OutputChanges::default();
        if Arc::ptr_eq(&self.index, &newer.index) {
            // Same paths in the same places: only files not shared can differ.
            changes.changed = (self.files.iter().zip(&newer.files))
                .filter(|(old, new)| !Arc::ptr_eq(old, new) && old.bytes != new.bytes)
                .map(|(_, new)| new.path.clone())
                .collect();
            changes.changed.sort();
            return changes;
        }
        for file in &newer.files {
            match self.position(&file.path).and_then(|i| self.files.get(i)) {
                None => changes.added.push(file.path.clone()),
                Some(old) if !Arc::ptr_eq(old, file) && old.bytes != file.bytes => {
                    changes.changed.push(file.path.clone())
                }
                Some(_) => {}
            }
        }
        changes.removed = self
            .files
            .iter()
            .filter(|file| newer.position(&file.path).is_none())
            .map(|file| file.path.clone())
            .collect();
        for list in [
            &mut changes.added,
            &mut changes.changed,
            &mut changes.removed,
        ] {
            list.sort();
        }
        changes
    }
}

/// Output paths that a rebuild added, changed or removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputChanges {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl OutputChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// Every touched path, for the terminal.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.changed
            .iter()
            .chain(&self.added)
            .chain(&self.removed)
            .map(String::as_str)
    }

    /// How many of the touched paths are pages (HTML).
    pub fn pages(&self) -> usize {
        self.all().filter(|path| path.ends_with(".html")).count()
    }
}

/// The diagnostics of the latest build, for the terminal and the browser overlay.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    pub errors: usize,
    pub warnings: usize,
    /// Every diagnostic as printed by `check`.
    pub text: String,
}

impl Problems {
    fn new(diagnostics: &[Diagnostic], sources: &Sources) -> Problems {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Problems {
            errors,
            warnings: diagnostics.len() - errors,
            text: diagnostics
                .iter()
                .map(|d| render_human(d, sources))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.errors == 0 && self.warnings == 0
    }

    /// `1 error, 2 warnings`.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        )
    }
}

/// What one rebuild did, for the terminal and to decide whether browsers must reload.
#[derive(Debug, Clone)]
pub struct RebuildReport {
    /// The source files whose change triggered the rebuild (relative to the site root);
    /// empty for the first build.
    pub trigger: Vec<PathBuf>,
    /// `None` when the build failed and the last good site is still served.
    pub output: Option<OutputChanges>,
    pub problems: Problems,
    /// Whether the problems differ from those of the build before.
    pub problems_changed: bool,
    pub elapsed: Duration,
    pub timings: Timings,
}

impl RebuildReport {
    /// Whether open pages show something out of date after this rebuild.
    pub fn needs_reload(&self) -> bool {
        self.problems_changed || self.output.as_ref().is_some_and(|o| !o.is_empty())
    }
}

impl fmt::Display for RebuildReport {
    /// One line: `content/a.md: 3 pages changed, rebuilt in 41.2 ms (load …): a/index.html, …`,
    /// or `built 120 pages and 2 other files in 300.0 ms (…)` for the first build.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let first_build = self.trigger.is_empty();
        if !first_build {
            let names: Vec<String> = self
                .trigger
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            write!(f, "{}: ", name_some(&names))?;
        }
        let Some(output) = &self.output else {
            return write!(
                f,
                "build failed ({}) in {:.1} ms; still serving the last good site",
                self.problems.summary(),
                ms(self.elapsed)
            );
        };
        let pages = output.pages();
        let others = output.all().count() - pages;
        let mut what = plural(pages, "page");
        if others > 0 {
            what.push_str(&format!(" and {}", plural(others, "other file")));
        }
        let t = &self.timings;
        let timings = format!(
            "{:.1} ms (load {:.1}, anchor {:.1}, model {:.1}, render {:.1} ms)",
            ms(self.elapsed),
            ms(t.load),
            ms(t.anchor),
            ms(t.model),
            ms(t.render)
        );
        if first_build {
            write!(f, "built {what} in {timings}")?;
        } else {
            write!(f, "{what} changed, rebuilt in {timings}")?;
            let changed: Vec<String> = output.all().map(str::to_string).collect();
            if !changed.is_empty() {
                write!(f, ": {}", name_some(&changed))?;
            }
        }
        if self.problems.warnings > 0 {
            write!(f, " ({})", self.problems.summary())?;
        }
        Ok(())
    }
}

/// The first few names, then "and N more".
fn name_some(names: &[String]) -> String {
    const NAMED: usize = 4;
    let mut text = names
        .iter()
        .take(NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > NAMED {
        text.push_str(&format!(" and {} more", names.len() - NAMED));
    }
    text
}

/// Builds the site at `root` and keeps the last good result.
pub struct Rebuilder {
    root: PathBuf,
    options: BuildOptions,
    session: Session,
    site: Arc<BuiltSite>,
    problems: Problems,
    /// The model of the last good build, until its publishing files are made.
    unpublished: Option<Arc<Site>>,
    /// Paths of the last publishing files, kept while the next ones are made.
    published_paths: Vec<String>,
    /// The model of the latest good build not yet taken (for the search index).
    model: Option<Arc<Site>>,
}

impl Rebuilder {
    pub fn new(root: &Path, options: BuildOptions) -> Rebuilder {
        Rebuilder {
            root: root.to_path_buf(),
            session: Session::new(root, options.clone()),
            options,
            site: Arc::new(BuiltSite::default()),
            problems: Problems::default(),
            unpublished: None,
            published_paths: Vec::new(),
            model: None,
        }
    }

    /// The last site built without errors (empty until one is).
    pub fn site(&self) -> Arc<BuiltSite> {
        Arc::clone(&self.site)
    }

    /// The diagnostics of the latest build, good or not.
    pub fn problems(&self) -> &Problems {
        &self.problems
    }

    /// The model of the latest good build, once (`None` when no good build came since).
    pub fn take_model(&mut self) -> Option<Arc<Site>> {
        self.model.take()
    }

    /// Rebuilds after `changed` source files (relative to the root) were edited.
    ///
    /// The session renders only the pages whose inputs changed; the others are kept from
    /// the last good site.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> RebuildReport {
        let started = Instant::now();
        // A bug in the pipeline must not take the server down with the last good site:
        // it is reported like a failed build, and the next edit tries again from scratch.
        let session = &mut self.session;
        let compiled = std::panic::catch_unwind(AssertUnwindSafe(|| session.compile(changed)))
            .unwrap_or_else(|panic| {
                self.session = Session::new(&self.root, self.options.clone());
                crashed(panic.as_ref(), changed)
            });
        self.accept(compiled, changed, started)
    }

    /// Makes the feeds, exports and publishing files of the last good build, which
    /// [`Rebuilder::rebuild`] leaves out so that its pages are served first; returns the
    /// output paths that changed (`None` when there was nothing to publish).
    pub fn publish(&mut self) -> Option<OutputChanges> {
        let model = self.unpublished.take()?;
        let session = &self.session;
        let files = std::panic::catch_unwind(AssertUnwindSafe(|| session.publish(&model))).ok()?;
        let published_paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        let previous: std::collections::HashSet<&str> =
            self.published_paths.iter().map(String::as_str).collect();
        let pages: Vec<&str> = self
            .site
            .files
            .iter()
            .map(|f| f.path.as_str())
            .filter(|path| !previous.contains(path))
            .collect();
        let site = self.site.updated(files, &pages);
        let changes = self.site.changes(&site);
        self.site = Arc::new(site);
        self.published_paths = published_paths;
        Some(changes)
    }

    /// Takes a compile result in; `started` is when the rebuild began, so the reported time
    /// covers comparing the output too.
    fn accept(
        &mut self,
        compiled: Compiled,
        changed: &[PathBuf],
        started: Instant,
    ) -> RebuildReport {
        let mut problems = Problems::new(&compiled.diagnostics, &compiled.sources);
        let output = match compiled.files {
            Some(files) if problems.errors == 0 => {
                let site = match &compiled.all_paths {
                    // The publishing files of the last build stay until `publish` replaces
                    // them.
                    Some(all_paths) => {
                        let paths: Vec<&str> = (all_paths.iter())
                            .chain(&self.published_paths)
                            .map(String::as_str)
                            .collect();
                        self.site.updated(files, &paths)
                    }
                    None => BuiltSite::new(files),
                };
                let model = compiled.site.map(Arc::new);
                self.unpublished = model.clone();
                self.model = model;
                let changes = self.site.changes(&site);
                self.site = Arc::new(site);
                Some(changes)
            }
            _ => {
                if problems.errors == 0 {
                    // The pipeline stopped without saying why; never show a blank success.
                    problems.errors = 1;
                    problems.text = "error[no-output]: the build produced no files\n".to_string();
                }
                None
            }
        };
        let problems_changed = problems != self.problems;
        self.problems = problems;
        RebuildReport {
            trigger: changed.to_vec(),
            output,
            problems: self.problems.clone(),
            problems_changed,
            elapsed: started.elapsed(),
            timings: compiled.timings,
        }
    }
}

/// A failed build standing for one that panicked while `changed` files were being rebuilt.
fn crashed(panic: &(dyn Any + Send), changed: &[PathBuf]) -> Compiled {
    let reason = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string());
    let diagnostic = Diagnostic::error(
        "internal-error",
        changed
            .first()
            .map_or(Path::new("content"), PathBuf::as_path),
        format!("the build crashed ({reason}); this is a bug in newsline"),
    )
    .with_help("please report it with the file you were editing; the server keeps running");
    Compiled {
        files: None,
        all_paths: None,
        rendered: false,
        diagnostics: vec![diagnostic],
        sources: Sources::default(),
        site: None,
        timings: Timings::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: Cow::Owned(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn changes_list_added_changed_and_removed_paths() {
        let old = BuiltSite::new(vec![
            file("index.html", "a"),
            file("gone/index.html", "x"),
            file("static/style.css", "s"),
        ]);
        let new = BuiltSite::new(vec![
            file("index.html", "b"),
            file("new/index.html", "y"),
            file("static/style.css", "s"),
        ]);
        let changes = old.changes(&new);
        assert_eq!(changes.changed, ["index.html"]);
        assert_eq!(changes.added, ["new/index.html"]);
        assert_eq!(changes.removed, ["gone/index.html"]);
        assert_eq!(changes.pages(), 3);
    }

    #[test]
    fn a_rebuild_with_the_same_paths_shares_the_unchanged_files() {
        let old = BuiltSite::new(vec![file("a/index.html", "a"), file("b/index.html", "b")]);
        let paths = ["a/index.html", "b/index.html"];
        let new = old.updated(vec![file("b/index.html", "b2")], &paths);
        assert!(Arc::ptr_eq(&old.index, &new.index));
        assert!(Arc::ptr_eq(&old.files[0], &new.files[0]));
        assert_eq!(new.file(1).map(|f| &*f.bytes), Some(&b"b2"[..]));
        let changes = old.changes(&new);
        assert_eq!(changes.changed, ["b/index.html"]);
        assert!(changes.added.is_empty() && changes.removed.is_empty());
        // Rendered again with the same bytes: not a change.
        let same = new.updated(vec![file("b/index.html", "b2")], &paths);
        assert!(new.changes(&same).is_empty());
        // A new path takes the general way and is reported as added.
        let grown = new.updated(
            vec![file("c/index.html", "c")],
            &["a/index.html", "b/index.html", "c/index.html"],
        );
        assert_eq!(new.changes(&grown).added, ["c/index.html"]);
    }

    #[test]
    fn report_line_names_the_trigger_and_the_time() {
        let report = RebuildReport {
            trigger: vec![PathBuf::from("content/annotations/a.md")],
            output: Some(OutputChanges {
                changed: vec!["annotations/a/index.html".into(), "static/x.css".into()],
                ..OutputChanges::default()
            }),
            problems: Problems::default(),
            problems_changed: false,
            elapsed: Duration::from_micros(12_340),
            timings: Timings::default(),
        };
        assert_eq!(
            report.to_string(),
            "content/annotations/a.md: 1 page and 1 other file changed, rebuilt in 12.3 ms (load 0.0, anchor 0.0, model 0.0, render 0.0 ms): annotations/a/index.html, static/x.css"
        );
        assert!(report.needs_reload());

        let first = RebuildReport {
            trigger: Vec::new(),
            output: Some(OutputChanges {
                added: vec![
                    "index.html".into(),
                    "a/index.html".into(),
                    "feed.xml".into(),
                ],
                ..OutputChanges::default()
            }),
            ..report
        };
        assert_eq!(
            first.to_string(),
            "built 2 pages and 1 other file in 12.3 ms (load 0.0, anchor 0.0, model 0.0, render 0.0 ms)"
        );
    }

    #[test]
    fn a_failed_build_keeps_the_last_good_site() {
        let mut rebuilder = Rebuilder::new(Path::new("."), BuildOptions::default());
        let good = Compiled {
            files: Some(vec![file("index.html", "good")]),
            all_paths: None,
            rendered: true,
            diagnostics: Vec::new(),
            sources: Sources::default(),
            site: None,
            timings: Timings::default(),
        };
        let report = rebuilder.accept(good, &[], Instant::now());
        assert_eq!(report.output.unwrap().added, ["index.html"]);
        let bad = Compiled {
            files: None,
            all_paths: None,
            rendered: false,
            diagnostics: vec![Diagnostic::error("bad", "content/x.md", "broken")],
            sources: Sources::default(),
            site: None,
            timings: Timings::default(),
        };
        let report = rebuilder.accept(bad, &[PathBuf::from("content/x.md")], Instant::now());
        assert!(report.output.is_none());
        assert!(report.needs_reload(), "the overlay must appear");
        assert_eq!(report.problems.summary(), "1 error, 0 warnings");
        assert!(report.problems.text.starts_with("error[bad]: broken\n"));
        let site = rebuilder.site();
        let index = site.position("index.html").and_then(|i| site.file(i));
        assert_eq!(index.map(|f| &*f.bytes), Some(&b"good"[..]));
    }

    /// Copies the bundled site's `content/` into a temporary folder.
    fn bundled_site_copy() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let to = dir
                .path()
                .join("content")
                .join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        dir
    }

    /// Every file the rebuilder serves, by path.
    fn served(rebuilder: &Rebuilder) -> Vec<(String, Vec<u8>)> {
        let site = rebuilder.site();
        let mut files: Vec<_> = site
            .files
            .iter()
            .map(|f| (f.path.clone(), f.bytes.to_vec()))
            .collect();
        files.sort();
        files
    }

    /// Every file a full build of `root` makes, by path.
    fn full_build(root: &Path, options: &BuildOptions) -> Vec<(String, Vec<u8>)> {
        let compiled = crate::build::compile(root, options);
        let mut files: Vec<_> = compiled
            .files
            .expect("the full build succeeds")
            .into_iter()
            .map(|f| (f.path, f.bytes.into_owned()))
            .collect();
        files.sort();
        files
    }

    #[track_caller]
    /// Rebuilds after `changed`, publishes, and checks the served site against a full build.
    fn rebuild_matches_full_build(
        rebuilder: &mut Rebuilder,
        changed: &[PathBuf],
        options: &BuildOptions,
    ) {
        let report = rebuilder.rebuild(changed);
        assert!(report.output.is_some(), "{}", report.problems.text);
        rebuilder.publish();
        assert_same_site(served(rebuilder), full_build(&rebuilder.root, options));
    }

    fn assert_same_site(served: Vec<(String, Vec<u8>)>, full: Vec<(String, Vec<u8>)>) {
        let paths = |files: &[(String, Vec<u8>)]| -> Vec<String> {
            files.iter().map(|(p, _)| p.clone()).collect()
        };
        assert_eq!(paths(&served), paths(&full), "the served paths differ");
        for ((path, served), (_, full)) in served.iter().zip(&full) {
            if served != full {
                // Show where they part, not two whole files.
                let at = served.iter().zip(full).take_while(|(a, b)| a == b).count();
                let around = |bytes: &[u8]| {
                    let start = at.saturating_sub(80);
                    String::from_utf8_lossy(&bytes[start..bytes.len().min(at + 80)]).into_owned()
                };
                panic!(
                    "{path} differs from a full build at byte {at}:\n--- served\n{}\n--- full\n{}",
                    around(served),
                    around(full)
                );
            }
        }
    }

    #[test]
    fn incremental_rebuilds_serve_exactly_what_a_full_build_makes() {
        let dir = bundled_site_copy();
        let root = dir.path();
        // Several timeline pages, so an edit on one page shows whether the others (their
        // filter lists count every entry) are made again when they should be.
        let config = root.join("content/site.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        let text = text.replacen("[build]\n", "[build]\ntimeline_page_size = 6\n", 1);
        assert!(text.contains("timeline_page_size = 6"));
        std::fs::write(&config, text).unwrap();
        let options = BuildOptions {
            base_url: Some("http://127.0.0.1:1111/".to_string()),
            render_despite_errors: true,
            // `serve` indexes in the background, beside the built site.
            without_search_index: true,
            release_reader_texts: false,
            leave_memory_to_exit: false,
        };
        let mut rebuilder = Rebuilder::new(root, options.clone());
        rebuild_matches_full_build(&mut rebuilder, &[], &options);
        assert!(
            served(&rebuilder)
                .iter()
                .any(|(path, _)| path == "timeline/2017-06/index.html"),
            "the timeline has several pages"
        );

        let annotations = root.join("content/annotations");
        let mut names: Vec<_> = std::fs::read_dir(&annotations)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".md"))
            .collect();
        names.sort();
        let relative = |name: &str| PathBuf::from("content/annotations").join(name);

        // Edit one annotation's commentary and title.
        let edited = annotations.join(&names[3]);
        let text = std::fs::read_to_string(&edited).unwrap();
        let text =
            text.replacen("title = \"", "title = \"Edited: ", 1) + "\nA new *closing* line.\n";
        std::fs::write(&edited, text).unwrap();
        rebuild_matches_full_build(&mut rebuilder, &[relative(&names[3])], &options);

        // Add a paragraph to an article (its text and every passage position move).
        let article = root.join("content/articles/hot-air-2017-06-06.md");
        let text = std::fs::read_to_string(&article).unwrap();
        let text = text.replacen("\n+++\n", "\n+++\nA new first paragraph.\n\n", 1);
        std::fs::write(&article, text).unwrap();
        let changed = [PathBuf::from("content/articles/hot-air-2017-06-06.md")];
        rebuild_matches_full_build(&mut rebuilder, &changed, &options);

        // Retitle an article (every entry quoting it shows the title) and give an annotation
        // a new tag, in one batch.
        let article = root.join("content/articles/daily-beast-2017-07-25.md");
        let text = std::fs::read_to_string(&article).unwrap();
        let text = text.replacen("title = \"", "title = \"Retitled: ", 1);
        std::fs::write(&article, text).unwrap();
        let retagged = annotations.join(&names[9]);
        let text = std::fs::read_to_string(&retagged).unwrap();
        let text = match text.contains("\ntags = [") {
            true => text.replacen("\ntags = [", "\ntags = [\"A brand new tag\", ", 1),
            false => text.replacen("\ntitle = ", "\ntags = [\"A brand new tag\"]\ntitle = ", 1),
        };
        assert!(text.contains("A brand new tag"));
        std::fs::write(&retagged, text).unwrap();
        let changed = [
            PathBuf::from("content/articles/daily-beast-2017-07-25.md"),
            relative(&names[9]),
        ];
        rebuild_matches_full_build(&mut rebuilder, &changed, &options);

        // Break an article's front matter, then mend it: the failed build reports the
        // article's own error, not its quotes as quoting an unknown article.
        let article = root.join("content/articles/hot-air-2017-06-06.md");
        let good = std::fs::read_to_string(&article).unwrap();
        std::fs::write(&article, good.replacen("title = \"", "title = 7 \"", 1)).unwrap();
        let changed = [PathBuf::from("content/articles/hot-air-2017-06-06.md")];
        let report = rebuilder.rebuild(&changed);
        assert!(report.output.is_none());
        assert!(report.problems.text.contains("hot-air-2017-06-06.md"));
        assert!(
            !report.problems.text.contains("unknown-article"),
            "{}",
            report.problems.text
        );
        std::fs::write(&article, good).unwrap();
        rebuild_matches_full_build(&mut rebuilder, &changed, &options);

        // Move an annotation to another day (the overviews are drawn from the dates).
        let moved = annotations.join(&names[4]);
        let original = std::fs::read_to_string(&moved).unwrap();
        let text: String = (original.split_inclusive('\n'))
            .map(|line| match line.starts_with("date = ") {
                true => "date = \"2017-07-30\"\n",
                false => line,
            })
            .collect();
        assert!(text.contains("date = \"2017-07-30\""), "{text}");
        assert_ne!(text, original, "the date moved");
        std::fs::write(&moved, text).unwrap();
        rebuild_matches_full_build(&mut rebuilder, &[relative(&names[4])], &options);

        // Move the last entry of the page `March 2017 – April 2017` back into March: no
        // page changes its slug or size, but the navigation on every page renames it.
        let renamed = annotations.join("rosenstein-confirmed.md");
        let text = std::fs::read_to_string(&renamed).unwrap();
        assert!(text.contains("date = \"2017-04-25\""));
        std::fs::write(&renamed, text.replacen("2017-04-25", "2017-03-31", 1)).unwrap();
        rebuild_matches_full_build(
            &mut rebuilder,
            &[relative("rosenstein-confirmed.md")],
            &options,
        );
        let index = served(&rebuilder)
            .into_iter()
            .find(|(path, _)| path == "index.html");
        let index = String::from_utf8(index.unwrap().1).unwrap();
        assert!(index.contains(">March 2017</a>"), "the page was renamed");

        // Override a template, edit the override, then remove it: the session keeps its
        // templates between rebuilds only while the files are the same.
        let template = root.join("templates/note.html");
        std::fs::create_dir_all(root.join("templates")).unwrap();
        let default_note = crate::render::templates::DEFAULTS
            .iter()
            .find(|(name, _)| *name == "note.html")
            .map(|(_, text)| *text)
            .unwrap();
        for text in [
            default_note.replacen("\n<details>", "\n<details class=\"first-edit\">", 1),
            default_note.replacen("\n<details>", "\n<details class=\"second-edit\">", 1),
        ] {
            std::fs::write(&template, text).unwrap();
            let changed = [PathBuf::from("templates/note.html")];
            rebuild_matches_full_build(&mut rebuilder, &changed, &options);
        }
        assert!(
            served(&rebuilder)
                .iter()
                .any(|(_, bytes)| String::from_utf8_lossy(bytes).contains("second-edit"))
        );
        std::fs::remove_file(&template).unwrap();
        rebuild_matches_full_build(
            &mut rebuilder,
            &[PathBuf::from("templates/note.html")],
            &options,
        );

        // Remove another, and add a copy of a third under a new name.
        std::fs::remove_file(annotations.join(&names[5])).unwrap();
        std::fs::copy(annotations.join(&names[7]), annotations.join("zz-copy.md")).unwrap();
        let changed = [relative(&names[5]), relative("zz-copy.md")];
        rebuild_matches_full_build(&mut rebuilder, &changed, &options);
    }
}
