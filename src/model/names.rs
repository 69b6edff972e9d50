//! URL-safe names for taxonomy pages (tags, people, outlets).
//!
//! Each distinct name gets its own page at a stable URL, and two names never share one:
//! names are slugified to lower-case ASCII, and when that loses information that could
//! collide (case, accents, punctuation) and another name lands on the same slug, every
//! colliding name gets a short hash of its exact spelling appended. Hashing the exact
//! spelling (not an index) keeps a name's URL the same whatever other names exist, as long
//! as the collision persists.

use std::collections::{BTreeMap, BTreeSet};

/// The longest slug kept before the hash suffix, so file names stay well under OS limits.
const MAX_SLUG_BYTES: usize = 60;

/// Names that are reserved device names on Windows and cannot be folder names there.
pub(crate) const WINDOWS_RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Lower-case ASCII letters and digits joined by single `-`; never empty, never a reserved
/// name, never `.`/`..`, at most [`MAX_SLUG_BYTES`] bytes.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len().min(MAX_SLUG_BYTES));
    for c in name.chars() {
        if slug.len() >= MAX_SLUG_BYTES {
            break;
        }
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("name");
    }
    if WINDOWS_RESERVED.contains(&slug.as_str()) {
        slug.push_str("-name");
    }
    slug
}

/// Assigns a unique URL slug to every name in `names`.
pub fn assign_slugs<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let names: BTreeSet<&str> = names.into_iter().collect();
    let mut by_slug: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for name in &names {
        by_slug.entry(slugify(name)).or_default().push(name);
    }
    let mut assigned = BTreeMap::new();
    for (slug, group) in by_slug {
        if group.len() == 1 {
            assigned.insert(group[0].to_string(), slug);
        } else {
            for name in group {
                assigned.insert(name.to_string(), format!("{slug}-{}", short_hash(name)));
            }
        }
    }
    assigned
}

/// Eight hex digits of FNV-1a over the exact bytes: stable across runs and platforms.
fn short_hash(name: &str) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in name.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    format!("{hash:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slugify("Jeff Sessions"), "jeff-sessions");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("C:\\Windows"), "c-windows");
        assert_eq!(slugify("…"), "name");
        assert_eq!(slugify("CON"), "con-name");
        assert_eq!(slugify(&"a".repeat(500)).len(), MAX_SLUG_BYTES);
    }

    #[test]
    fn names_differing_by_case_or_normalisation_get_distinct_slugs() {
        // "é" precomposed and as "e" + combining accent.
        let names = ["Trump", "trump", "Café", "Cafe\u{301}", "Jeff Sessions"];
        let slugs = assign_slugs(names);
        let distinct: BTreeSet<&String> = slugs.values().collect();
        assert_eq!(distinct.len(), names.len());
        assert_eq!(slugs["Jeff Sessions"], "jeff-sessions");
        assert!(slugs["Trump"].starts_with("trump-"));
    }
}
