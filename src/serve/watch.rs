//! Watches the site's sources (`content/`, `templates/`, `static/`) and reports edits in
//! batches: a burst of events (an editor's save is often several) becomes one rebuild.
//!
//! Editor scratch files (swap files, backups, vim's `4913` probe) are ignored, so saving
//! from an editor triggers one rebuild, not three.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// The folders of a site whose files feed the build.
pub const SOURCE_FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// How long the sources must stay quiet before a batch of edits is handed over.
const QUIET: Duration = Duration::from_millis(30);

/// The same when every file written in the batch has been closed (or renamed into place):
/// the save is complete, so waiting only catches events already on their way. Where the
/// system does not report closes (macOS), batches wait for [`QUIET`].
const SETTLED_QUIET: Duration = Duration::from_millis(4);

/// The longest a batch waits for quiet, so a file rewritten continuously still rebuilds.
const MAX_BATCH_WAIT: Duration = Duration::from_millis(500);

/// A running watch on one site's sources.
pub struct SourceWatcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
}

impl SourceWatcher {
    /// Starts watching the source folders of the site at `root` (an absolute path). Folders
    /// that do not exist yet are picked up when they are created.
    pub fn new(root: &Path) -> notify::Result<SourceWatcher> {
        let (sender, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(sender)?;
        // The root itself, not recursively: only to notice source folders appearing.
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut watch = SourceWatcher {
            root: root.to_path_buf(),
            watcher,
            events,
        };
        for folder in SOURCE_FOLDERS {
            watch.watch_folder(&root.join(folder));
        }
        Ok(watch)
    }

    fn watch_folder(&mut self, folder: &Path) {
        if folder.is_dir()
            && let Err(error) = self.watcher.watch(folder, RecursiveMode::Recursive)
        {
            eprintln!("warning: cannot watch {}: {error}", folder.display());
        }
    }

    /// Blocks until source files change, waits for the burst of events to settle, and
    /// returns the changed paths relative to the root, sorted. `None` when the watcher
    /// stopped.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        loop {
            let mut batch = Batch::default();
            while batch.changed.is_empty() {
                let event = self.events.recv().ok()?;
                self.collect(event, &mut batch);
            }
            let started = Instant::now();
            while started.elapsed() < MAX_BATCH_WAIT {
                let quiet = if batch.writing.is_empty() {
                    SETTLED_QUIET
                } else {
                    QUIET
                };
                match self.events.recv_timeout(quiet) {
                    Ok(event) => self.collect(event, &mut batch),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            // Files that came and went within the batch (`sed -i` and editors write a
            // temporary file, then rename it over the real one) changed nothing.
            let root = &self.root;
            batch
                .changed
                .retain(|path| !batch.created.contains(path) || root.join(path).exists());
            if !batch.changed.is_empty() {
                return Some(batch.changed.into_iter().collect());
            }
        }
    }

    fn collect(&mut self, event: notify::Result<Event>, batch: &mut Batch) {
        let event = match event {
            Ok(event) if !event.need_rescan() => event,
            // Events may have been lost: a changed folder makes the next rebuild look at
            // every file instead of only those reported.
            Ok(_) => {
                batch.changed.insert(PathBuf::from("content"));
                return;
            }
            Err(error) => {
                eprintln!("warning: file watching: {error}");
                batch.changed.insert(PathBuf::from("content"));
                return;
            }
        };
        let effect = write_effect(&event.kind);
        if effect == WriteEffect::None {
            return;
        }
        for path in event.paths {
            let Some(relative) = source_path(&self.root, &path) else {
                continue;
            };
            match effect {
                WriteEffect::Closed => {
                    batch.writing.remove(&relative);
                    continue;
                }
                WriteEffect::Writing => {
                    batch.writing.insert(relative.clone());
                }
                WriteEffect::Whole => {
                    batch.writing.remove(&relative);
                }
                WriteEffect::Change | WriteEffect::None => {}
            }
            if relative.components().count() == 1 && path.is_dir() {
                // A source folder was (re)created: watch what is inside it from now on.
                self.watch_folder(&path);
            }
            if matches!(event.kind, EventKind::Create(_)) && !batch.changed.contains(&relative) {
                batch.created.insert(relative.clone());
            }
            batch.changed.insert(relative);
        }
    }
}

/// What an event says about a file being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WriteEffect {
    /// Nothing changed (the file was opened or read).
    None,
    /// Written to, or created: more may follow until it is closed.
    Writing,
    /// Closed after writing: this write is complete.
    Closed,
    /// Renamed or removed: a whole change at once.
    Whole,
    /// Another change (permissions, times) that says nothing about writing.
    Change,
}

fn write_effect(kind: &EventKind) -> WriteEffect {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => WriteEffect::Closed,
        EventKind::Access(_) => WriteEffect::None,
        EventKind::Create(CreateKind::File | CreateKind::Any)
        | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) => WriteEffect::Writing,
        EventKind::Modify(ModifyKind::Name(_)) | EventKind::Remove(_) => WriteEffect::Whole,
        _ => WriteEffect::Change,
    }
}

/// Paths changed in one burst of events, those the burst created, and those still being
/// written (not closed since their last write).
#[derive(Default)]
struct Batch {
    changed: BTreeSet<PathBuf>,
    created: BTreeSet<PathBuf>,
    writing: BTreeSet<PathBuf>,
}

/// `path` relative to `root` if it is a source file (or folder) that is not editor noise.
pub fn source_path(root: &Path, path: &Path) -> Option<PathBuf> {
    let relative = path.strip_prefix(root).ok()?;
    let top = relative.components().next()?.as_os_str();
    if !SOURCE_FOLDERS.iter().any(|folder| top == *folder) || is_editor_scratch(relative) {
        return None;
    }
    Some(relative.to_path_buf())
}

/// Swap, backup and probe files that editors write next to the file being edited.
pub fn is_editor_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    const SUFFIXES: [&str; 10] = [
        "~",
        ".swp",
        ".swo",
        ".swx",
        ".swpx",
        ".tmp",
        ".crswap",
        ".kate-swp",
        "___jb_tmp___",
        "___jb_old___",
    ];
    name == "4913"
        || name == ".DS_Store"
        || name.starts_with(".#")
        || name.starts_with(".goutputstream-")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_source_files_count() {
        let root = Path::new("/site");
        let source = |p: &str| source_path(root, Path::new(p));
        assert_eq!(
            source("/site/content/annotations/a.md"),
            Some(PathBuf::from("content/annotations/a.md"))
        );
        assert_eq!(source("/site/templates"), Some(PathBuf::from("templates")));
        assert_eq!(source("/site/public/index.html"), None);
        assert_eq!(source("/site/README.md"), None);
        assert_eq!(source("/elsewhere/content/a.md"), None);
        assert_eq!(source("/site/content/annotations/.a.md.swp"), None);
    }

    #[test]
    fn a_save_is_complete_when_the_file_is_closed_or_renamed_into_place() {
        use notify::event::{DataChange, MetadataKind, RemoveKind, RenameMode};
        for (kind, effect) in [
            (
                EventKind::Access(AccessKind::Open(AccessMode::Any)),
                WriteEffect::None,
            ),
            (EventKind::Create(CreateKind::File), WriteEffect::Writing),
            (
                EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                WriteEffect::Writing,
            ),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                WriteEffect::Closed,
            ),
            (
                EventKind::Modify(ModifyKind::Name(RenameMode::To)),
                WriteEffect::Whole,
            ),
            (EventKind::Remove(RemoveKind::File), WriteEffect::Whole),
            (
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
                WriteEffect::Change,
            ),
        ] {
            assert_eq!(write_effect(&kind), effect, "{kind:?}");
        }
    }

    #[test]
    fn editor_scratch_files_are_ignored() {
        for scratch in [
            "a.md~",
            ".a.md.swp",
            ".a.md.swx",
            "4913",
            ".#a.md",
            "#a.md#",
            "a.md___jb_tmp___",
            ".goutputstream-XYZ12",
        ] {
            assert!(is_editor_scratch(Path::new(scratch)), "{scratch}");
        }
        for real in ["a.md", "site.toml", "style.css", "49130.md", "#hash.css"] {
            assert!(!is_editor_scratch(Path::new(real)), "{real}");
        }
    }
}
