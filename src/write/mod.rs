//! Stage 5: the only module that writes the output folder.
//!
//! A build writes into a fresh staging folder beside the output and swaps it in only when
//! every file is written, so a failed build, a killed process or a full disk leaves the
//! previous site untouched. The output folder may never be the site root, `content/`,
//! `templates/`, `static/` or an ancestor of them: that is refused before anything is touched.
//!
//! Files and folders are made and removed relative to an open handle on their folder
//! (`openat`, `mkdirat`, `unlinkat`): a site is thousands of small files, and walking each
//! full path again in the kernel was a noticeable part of writing and deleting them. The
//! previous site is deleted by [`remove`], guided by the paths of the new one.

mod remove;

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};
use std::os::fd::OwnedFd;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use rayon::prelude::*;
use rustix::fs::{Mode, OFlags};

use crate::render::OutputFile;
use remove::{Files, Guide, open_folder, remove_tree};

/// Why the output could not be written. Names the path involved.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for WriteError {}

fn io_error(path: &Path, error: io::Error) -> WriteError {
    WriteError {
        path: path.to_path_buf(),
        message: error.to_string(),
    }
}

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
}

/// Refuses an output folder that would delete or overwrite the site's own sources.
pub fn check_output_folder(root: &Path, output: &Path) -> Result<(), WriteError> {
    let root = absolute(root);
    let output = absolute(output);
    if output.exists() && !output.is_dir() {
        return Err(WriteError {
            path: output.clone(),
            message: format!(
                "refusing to replace this file with the site's folder; choose a folder such as `{}`",
                root.join("public").display()
            ),
        });
    }
    let protected = [
        root.clone(),
        root.join("content"),
        root.join("templates"),
        root.join("static"),
    ];
    for folder in &protected {
        if folder.starts_with(&output) {
            return Err(WriteError {
                path: output.clone(),
                message: format!(
                    "refusing to use this as the output folder: building replaces it as a whole, and it contains `{}`; choose a folder such as `{}`",
                    folder.display(),
                    root.join("public").display()
                ),
            });
        }
        if output.starts_with(folder) && folder != &root {
            return Err(WriteError {
                path: output.clone(),
                message: format!(
                    "refusing to write the output inside `{}`, which holds the site's sources",
                    folder.display()
                ),
            });
        }
    }
    Ok(())
}

/// Makes a path absolute and lexically normal (no `.` or `..`), without touching the disk
/// beyond resolving the current folder and existing symlinks where possible.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    if let Ok(canonical) = joined.canonicalize() {
        return canonical;
    }
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    match (normal.parent(), normal.file_name()) {
        (Some(parent), Some(name)) if parent.exists() => parent
            .canonicalize()
            .map(|p| p.join(name))
            .unwrap_or(normal),
        _ => normal,
    }
}

/// Checks that an output path is a plain relative path that stays inside the output folder.
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains('\0')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && !path.contains(':')
}

/// Writes `files` as the new content of `output`, replacing it as a whole.
pub fn write_output(output: &Path, files: &[OutputFile]) -> Result<WriteStats, WriteError> {
    let staging = Staging::begin(output)?;
    let result = files.par_iter().try_for_each(|file| staging.put(file));
    match result {
        Ok(()) => staging.commit(),
        Err(error) => {
            staging.abandon();
            Err(error)
        }
    }
}

/// A new site being written beside the output folder, swapped in by [`Staging::commit`].
/// Dropping it without committing removes it and leaves the output as it was.
pub struct Staging {
    folder: PathBuf,
    /// The staging folder, open: every file is made relative to it.
    handle: OwnedFd,
    output: PathBuf,
    parent: PathBuf,
    name: String,
    /// Folders made so far, relative to the staging folder (`""` for the top), with the
    /// names of the files written in each: what the previous site most likely holds too.
    folders: Mutex<HashMap<String, Files>>,
    files: AtomicUsize,
    bytes: AtomicU64,
    committed: bool,
}

impl Staging {
    /// Creates the staging folder next to `output` (removing leftovers of killed builds).
    pub fn begin(output: &Path) -> Result<Staging, WriteError> {
        let output = absolute(output);
        let parent = output
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_string());
        std::fs::create_dir_all(&parent).map_err(|e| io_error(&parent, e))?;
        remove_leftovers(&parent, &name);
        let folder = parent.join(format!(".{name}.staging-{}", std::process::id()));
        std::fs::create_dir_all(&folder).map_err(|e| io_error(&folder, e))?;
        let handle = open_folder(rustix::fs::CWD, &folder).map_err(|e| io_error(&folder, e))?;
        Ok(Staging {
            folder,
            handle,
            output,
            parent,
            name,
            folders: Mutex::new(HashMap::new()),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            committed: false,
        })
    }

    /// Writes one file into the staging folder. Safe to call from several threads.
    pub fn put(&self, file: &OutputFile) -> Result<(), WriteError> {
        if !is_safe_relative(&file.path) {
            return Err(WriteError {
                path: PathBuf::from(&file.path),
                message: "refusing to write a file outside the output folder".to_string(),
            });
        }
        let (folder, name) = file.path.rsplit_once('/').unwrap_or(("", &file.path));
        let known = match self.folders().get_mut(folder) {
            Some(files) => {
                files.add(name);
                true
            }
            None => false,
        };
        if !known {
            self.make_folders(folder)
                .map_err(|e| io_error(&self.folder.join(folder), e))?;
            (self.folders().entry(folder.to_string()).or_default()).add(name);
        }
        let written = rustix::fs::openat(
            &self.handle,
            file.path.as_str(),
            OFlags::WRONLY | OFlags::CREATE | OFlags::TRUNC | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o666),
        )
        .map_err(io::Error::from)
        .and_then(|handle| std::fs::File::from(handle).write_all(&file.bytes));
        written.map_err(|e| io_error(&self.folder.join(&file.path), e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add(file.bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    fn folders(&self) -> std::sync::MutexGuard<'_, HashMap<String, Files>> {
        self.folders.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// What was written, as a guide to deleting a site like it.
    fn guide(&self) -> Guide {
        Guide::new(std::mem::take(&mut *self.folders()))
    }

    /// Makes `folder` (relative to the staging folder) and the folders above it, like
    /// `create_dir_all`. The top (`""`) is there already.
    fn make_folders(&self, folder: &str) -> io::Result<()> {
        if folder.is_empty() {
            return Ok(());
        }
        let make = || match rustix::fs::mkdirat(&self.handle, folder, Mode::from_raw_mode(0o777)) {
            Err(rustix::io::Errno::EXIST) => Ok(()),
            made => made,
        };
        match (make(), folder.rsplit_once('/')) {
            (Err(rustix::io::Errno::NOENT), Some((above, _))) => {
                self.make_folders(above)?;
                Ok(make()?)
            }
            (made, _) => Ok(made?),
        }
    }

    /// Swaps the staging folder in place of the output.
    pub fn commit(mut self) -> Result<WriteStats, WriteError> {
        let guide = self.guide();
        swap_in(&self.folder, &self.output, &self.parent, &self.name, &guide)?;
        self.committed = true;
        Ok(WriteStats {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }

    /// Removes the staging folder; the output stays as it was.
    pub fn abandon(self) {
        drop(self);
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.folder, &self.guide());
        }
    }
}

/// Removes staging and old folders left by builds that were killed.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let staging = format!(".{name}.staging-");
    let old = format!(".{name}.old-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if file_name.starts_with(&staging) || file_name.starts_with(&old) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Puts the staging folder in place of the output: an atomic exchange where the system
/// has one, otherwise two renames.
fn swap_in(
    staging: &Path,
    output: &Path,
    parent: &Path,
    name: &str,
    guide: &Guide,
) -> Result<(), WriteError> {
    if !output.exists() {
        return std::fs::rename(staging, output).map_err(|e| io_error(output, e));
    }
    if rustix::fs::renameat_with(
        rustix::fs::CWD,
        staging,
        rustix::fs::CWD,
        output,
        rustix::fs::RenameFlags::EXCHANGE,
    )
    .is_ok()
    {
        // `staging` now holds the previous site.
        remove_tree(staging, guide);
        return Ok(());
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(output, &old).map_err(|e| io_error(output, e))?;
    if let Err(error) = std::fs::rename(staging, output) {
        let _ = std::fs::rename(&old, output);
        return Err(io_error(output, error));
    }
    remove_tree(&old, guide);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for bad in [
            "../x",
            "/etc/passwd",
            "a/../../b",
            "a\\b",
            "C:x",
            "",
            "a//b",
            "./a",
        ] {
            assert!(!is_safe_relative(bad), "{bad:?} should be refused");
        }
        assert!(is_safe_relative("articles/x/index.html"));
    }

    #[test]
    fn a_new_site_replaces_the_old_one_whole_without_following_links() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(output.join("annotations/a/deep")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(output.join("annotations/a/deep/index.html"), "old").unwrap();
        std::fs::write(output.join("old.html"), "old").unwrap();
        std::fs::write(outside.join("keep.txt"), "not ours").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, output.join("annotations/link")).unwrap();

        replace_with(&output, &["annotations/b/index.html"]);

        let expected = [
            "",
            "outside",
            "outside/keep.txt",
            "public",
            "public/annotations",
            "public/annotations/b",
            "public/annotations/b/index.html",
        ];
        assert_eq!(
            tree(dir.path()),
            expected,
            "the old site, and nothing else, is gone"
        );
    }

    /// Builds a site of `paths`, each file holding `new`, in place of `output`.
    fn replace_with(output: &Path, paths: &[&str]) {
        let staging = Staging::begin(output).unwrap();
        for path in paths {
            let file = OutputFile {
                path: path.to_string(),
                bytes: std::borrow::Cow::Borrowed(b"new"),
            };
            staging.put(&file).unwrap();
        }
        staging.commit().unwrap();
    }

    /// Every path under `top`, relative to it, sorted.
    fn tree(top: &Path) -> Vec<String> {
        let mut paths: Vec<String> = walkdir::WalkDir::new(top)
            .into_iter()
            .map(|e| {
                let path = e.unwrap().path().to_path_buf();
                path.strip_prefix(top).unwrap().display().to_string()
            })
            .collect();
        paths.sort();
        paths
    }

    /// The old site is deleted by the paths of the new one where they match (see
    /// `remove`): where they do not, it is still deleted whole, and a link where the new
    /// site has a folder is removed, not followed.
    #[test]
    fn an_old_site_unlike_the_new_one_is_still_deleted_whole() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let outside = dir.path().join("outside");
        for folder in ["annotations/a/deep", "annotations/c", "articles/x"] {
            std::fs::create_dir_all(output.join(folder)).unwrap();
        }
        std::fs::create_dir_all(&outside).unwrap();
        for old in [
            "annotations/a/index.html",
            "annotations/a/extra.txt",
            "annotations/a/deep/index.html",
            "annotations/c/index.html",
            "articles/x/index.html",
            "index.html",
        ] {
            std::fs::write(output.join(old), "old").unwrap();
        }
        std::fs::write(outside.join("index.html"), "not ours").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, output.join("annotations/link")).unwrap();

        let new = [
            "annotations/a/index.html",
            "annotations/c/index.html",
            "annotations/link/index.html",
            "index.html",
        ];
        replace_with(&output, &new);

        let expected = [
            "",
            "outside",
            "outside/index.html",
            "public",
            "public/annotations",
            "public/annotations/a",
            "public/annotations/a/index.html",
            "public/annotations/c",
            "public/annotations/c/index.html",
            "public/annotations/link",
            "public/annotations/link/index.html",
            "public/index.html",
        ];
        assert_eq!(tree(dir.path()), expected);
        let kept = std::fs::read_to_string(outside.join("index.html")).unwrap();
        assert_eq!(kept, "not ours");
        let written = std::fs::read_to_string(output.join("annotations/c/index.html")).unwrap();
        assert_eq!(written, "new");
    }

    #[test]
    fn output_may_not_hold_or_sit_in_sources() {
        let root = std::env::temp_dir().join("newsline-write-test-site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output_folder(&root, &root).is_err());
        assert!(check_output_folder(&root, &root.join("content")).is_err());
        assert!(check_output_folder(&root, &root.join("content/x")).is_err());
        assert!(check_output_folder(&root, root.parent().unwrap()).is_err());
        assert!(check_output_folder(&root, &root.join("public")).is_ok());
    }
}
