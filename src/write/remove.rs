//! Deleting a previous site (or an abandoned staging folder) on every core.
//!
//! A site is thousands of small folders, most holding one `index.html`. Listing each of them
//! (open, read the listing, close) cost more than removing what is in it. A rebuild mostly
//! writes the same paths as the build before, so the folders the new site writes are a good
//! guess at what the old one holds: a folder the listing of its parent shows as a real
//! folder, and that the [`Guide`] says holds only files, is emptied by those names without
//! being listed. When that guess is wrong (removing the folder then fails, as it is not
//! empty), the folder is listed and emptied like any other. The guess only saves work:
//! whatever the old site holds is removed, and a symbolic link is removed itself, never
//! followed.

use std::collections::{HashMap, HashSet};
use std::ffi::{CStr, CString};
use std::io;
use std::os::fd::{BorrowedFd, OwnedFd};
use std::path::Path;

use rayon::prelude::*;
use rustix::fs::{AtFlags, FileType, Mode, OFlags};

/// The files of each folder of a site that has no subfolders, by its path relative to the
/// site's top (`""` for the top itself).
#[derive(Debug, Default)]
pub struct Guide {
    leaves: HashMap<String, Vec<String>>,
}

impl Guide {
    /// From each folder a site wrote and the names of the files it wrote there.
    pub fn new(folders: HashMap<String, Vec<String>>) -> Guide {
        let mut with_subfolders: HashSet<&str> = HashSet::new();
        for folder in folders.keys() {
            let mut above = folder.as_str();
            while let Some((parent, _)) = above.rsplit_once('/') {
                with_subfolders.insert(parent);
                above = parent;
            }
            if !folder.is_empty() {
                with_subfolders.insert("");
            }
        }
        let with_subfolders: HashSet<String> =
            with_subfolders.into_iter().map(str::to_string).collect();
        let leaves = folders
            .into_iter()
            .filter(|(folder, _)| !with_subfolders.contains(folder))
            .collect();
        Guide { leaves }
    }

    fn files_of(&self, folder: &str) -> Option<&[String]> {
        self.leaves.get(folder).map(Vec::as_slice)
    }
}

/// Deletes `folder` and everything in it, guided by what a site like it holds.
pub fn remove_tree(folder: &Path, guide: &Guide) {
    if let Ok(handle) = open_folder(rustix::fs::CWD, folder) {
        remove_contents(handle, "", guide);
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

/// Removes what is inside the open folder `handle` (at `path` in the site), its subfolders
/// in parallel.
fn remove_contents(handle: OwnedFd, path: &str, guide: &Guide) {
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
        let inner = match name.to_str() {
            Ok(name) if path.is_empty() => name.to_string(),
            Ok(name) => format!("{path}/{name}"),
            // Not a name this generator writes: nothing to guess from.
            Err(_) => String::new(),
        };
        let guessed = (!inner.is_empty())
            .then(|| guide.files_of(&inner))
            .flatten()
            .is_some_and(|files| remove_leaf(folder, name, files));
        if !guessed {
            if let Ok(inside) = open_folder(folder, name.as_c_str()) {
                remove_contents(inside, &inner, guide);
            }
            let _ = rustix::fs::unlinkat(folder, name.as_c_str(), AtFlags::REMOVEDIR);
        }
    });
}

/// Removes the folder `name` of `parent` by unlinking `files` in it, without listing it.
/// `name` must be a real folder (not a link), as the parent's listing said. False when the
/// folder is still there (it held something else), to be emptied the slow way.
fn remove_leaf(parent: BorrowedFd, name: &CStr, files: &[String]) -> bool {
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
            ("tags/x/page", vec!["2.html"]),
        ];
        let guide = Guide::new(
            (folders.into_iter())
                .map(|(folder, files)| {
                    (
                        folder.to_string(),
                        files.into_iter().map(String::from).collect(),
                    )
                })
                .collect(),
        );
        assert_eq!(
            guide.files_of("annotations/a"),
            Some(&["index.html".to_string()][..])
        );
        assert_eq!(
            guide.files_of("tags/x/page"),
            Some(&["2.html".to_string()][..])
        );
        for has_subfolders in ["", "annotations", "tags", "tags/x"] {
            assert_eq!(guide.files_of(has_subfolders), None, "{has_subfolders:?}");
        }
    }
}
