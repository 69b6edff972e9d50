//! Deleting a previous site (or an abandoned staging folder) on every core.
//!
//! A site is thousands of small folders, most holding one `index.html`. Listing each of them
//! (open, read the listing, close) cost more than removing what is in it. A rebuild mostly
//! writes the same paths as the build before, so the folders the new site writes are a good
//! guess at what the old one holds: a folder the listing of its parent shows as a real
//! folder, and in which the [`Guide`] says the new site wrote page files only (no
//! subfolders), is emptied by those names without being listed. When that guess is wrong
//! (removing the folder then fails, as it is not empty), the folder is listed and emptied
//! like any other. The guess only saves work: whatever the old site holds is removed, and
//! a symbolic link is removed itself, never followed.

use std::collections::{HashMap, HashSet};
use std::ffi::{CStr, CString};
use std::io;
use std::os::fd::{BorrowedFd, OwnedFd};
use std::path::Path;

use rayon::prelude::*;
use rustix::fs::{AtFlags, FileType, Mode, OFlags};

/// Which files were written in one folder, as one bit per name that page folders hold
/// (an article's folder has both), and one for any other name. A byte per folder: the
/// guide is made while the whole site's template values are still in memory.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Files(u8);

/// The names of files a page folder holds.
const PAGE_FILES: [&str; 2] = ["index.html", "text.txt"];
/// The bit of any name not in [`PAGE_FILES`].
const OTHER_FILES: u8 = 1 << 7;

impl Files {
    pub fn add(&mut self, name: &str) {
        let known = PAGE_FILES.iter().position(|page_file| *page_file == name);
        self.0 |= known.map_or(OTHER_FILES, |bit| 1 << bit);
    }

    /// The names of the files, unless some are not in [`PAGE_FILES`]: such a folder is
    /// listed.
    fn names(self) -> Option<impl Iterator<Item = &'static str>> {
        let bits = self.0;
        let page_files = PAGE_FILES.iter().enumerate();
        let names = page_files.filter(move |(bit, _)| bits & (1 << bit) != 0);
        (bits & OTHER_FILES == 0).then(|| names.map(|(_, name)| *name))
    }
}

/// The files of each folder of a site that has no subfolders, by its path relative to the
/// site's top (`""` for the top itself).
#[derive(Debug, Default)]
pub struct Guide {
    leaves: HashMap<String, Files>,
}

impl Guide {
    /// From each folder a site wrote and the files it wrote there.
    pub fn new(mut folders: HashMap<String, Files>) -> Guide {
        let mut with_subfolders: HashSet<String> = HashSet::new();
        for folder in folders.keys() {
            let mut above = folder.as_str();
            // A folder already known has its parents known too; only new ones are copied.
            while let Some((parent, _)) = above.rsplit_once('/') {
                if with_subfolders.contains(parent) {
                    break;
                }
                with_subfolders.insert(parent.to_string());
                above = parent;
            }
            if !folder.is_empty() {
                with_subfolders.insert(String::new());
            }
        }
        // In place: the site's page folders are tens of thousands, the others a few.
        for folder in &with_subfolders {
            folders.remove(folder);
        }
        Guide { leaves: folders }
    }

    /// The files of `folder` when it has no subfolders and holds page files only.
    fn files_of(&self, folder: &str) -> Option<impl Iterator<Item = &'static str>> {
        self.leaves.get(folder).and_then(|files| files.names())
    }
}

impl Drop for Guide {
    /// Freed on every core: one by one, the folders of 50,000 pages took a while.
    fn drop(&mut self) {
        std::mem::take(&mut self.leaves)
            .into_par_iter()
            .for_each(drop);
    }
}

/// Deletes `folder` and everything in it, guided by what a site like it holds.
pub fn remove_tree(folder: &Path, guide: &Guide) {
    if let Ok(handle) = open_folder(rustix::fs::CWD, folder) {
        remove_contents(handle, Some(""), guide);
    }
    // The folder itself, now empty (this also retries whatever the pass above could not
    // remove).
    let _ = std::fs::remove_dir_all(folder);
}

/// Opens a folder to make or remove things in it. A symbolic link is not followed.
pub(super) fn open_folder(
    parent: impl rustix::fd::AsFd,
    name: impl rustix::path::Arg,
) -> io::Result<OwnedFd> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    Ok(rustix::fs::openat(parent, name, flags, Mode::empty())?)
}

/// Removes what is inside the open folder `handle`, its subfolders in parallel. `path` is
/// where the folder is in the site, `None` inside a folder whose name is not UTF-8 (not a
/// name this generator writes, so nothing to guess from).
fn remove_contents(handle: OwnedFd, path: Option<&str>, guide: &Guide) {
    let Ok(mut listing) = rustix::fs::Dir::new(handle) else {
        return;
    };
    let entries: Vec<(CString, FileType)> = (listing.by_ref().filter_map(Result::ok))
        .filter(|entry| !matches!(entry.file_name().to_bytes(), b"." | b".."))
        .map(|entry| (entry.file_name().to_owned(), entry.file_type()))
        .collect();
    let Ok(folder) = listing.fd() else {
        return;
    };
    entries.par_iter().for_each(|(name, kind)| {
        if !is_folder(folder, name, *kind) {
            let _ = rustix::fs::unlinkat(folder, name.as_c_str(), AtFlags::empty());
            return;
        }
        let inner = match (path, name.to_str()) {
            (Some(""), Ok(name)) => Some(name.to_string()),
            (Some(path), Ok(name)) => Some(format!("{path}/{name}")),
            _ => None,
        };
        let guessed = (inner.as_deref())
            .and_then(|inner| guide.files_of(inner))
            .is_some_and(|files| remove_leaf(folder, name, files));
        if !guessed {
            if let Ok(inside) = open_folder(folder, name.as_c_str()) {
                remove_contents(inside, inner.as_deref(), guide);
            }
            let _ = rustix::fs::unlinkat(folder, name.as_c_str(), AtFlags::REMOVEDIR);
        }
    });
}

/// Removes the folder `name` of `parent` by unlinking `files` in it, without listing it.
/// `name` must be a real folder (not a link), as the parent's listing said. False when the
/// folder is still there (it held something else), to be emptied the slow way.
fn remove_leaf<'f>(parent: BorrowedFd, name: &CStr, files: impl Iterator<Item = &'f str>) -> bool {
    let mut inside = name.to_bytes().to_vec();
    inside.push(b'/');
    let folder_length = inside.len();
    for file in files {
        inside.truncate(folder_length);
        inside.extend_from_slice(file.as_bytes());
        let _ = rustix::fs::unlinkat(parent, inside.as_slice(), AtFlags::empty());
    }
    rustix::fs::unlinkat(parent, name, AtFlags::REMOVEDIR).is_ok()
}

/// Whether an entry of `folder` is a folder (and not a link to one). Most file systems say
/// in the listing; the others are asked.
fn is_folder(folder: BorrowedFd, name: &CStr, kind: FileType) -> bool {
    match kind {
        FileType::Unknown => rustix::fs::statat(folder, name, AtFlags::SYMLINK_NOFOLLOW)
            .is_ok_and(|stat| FileType::from_raw_mode(stat.st_mode) == FileType::Directory),
        kind => kind == FileType::Directory,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_folders_without_subfolders_are_guessed() {
        let folders = [
            ("", vec!["index.html"]),
            ("annotations", vec!["index.html"]),
            ("annotations/a", vec!["index.html"]),
            ("articles/b", vec!["index.html", "text.txt"]),
            ("tags/x/page", vec!["2.html"]),
        ];
        let guide = Guide::new(
            (folders.into_iter())
                .map(|(folder, names)| {
                    let mut files = Files::default();
                    names.into_iter().for_each(|name| files.add(name));
                    (folder.to_string(), files)
                })
                .collect(),
        );
        let names = |folder| guide.files_of(folder).map(Iterator::collect::<Vec<_>>);
        assert_eq!(names("annotations/a"), Some(vec!["index.html"]));
        assert_eq!(names("articles/b"), Some(vec!["index.html", "text.txt"]));
        assert_eq!(names("tags/x/page"), None, "other names are listed");
        for has_subfolders in ["", "annotations", "articles", "tags", "tags/x"] {
            assert_eq!(names(has_subfolders), None, "{has_subfolders:?}");
        }
    }
}
