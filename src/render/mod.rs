//! Stage 4: rendering. Turns the model into output files: view structs are built once, then
//! every page is one job in a single parallel job list, rendered through Tera.
//!
//! Nothing here writes to disk: the result is a list of [`OutputFile`]s for `write`.

pub mod article_body;
pub mod build_views;
pub mod entry_values;
pub mod incremental;
pub mod markdown;
pub mod overview;
pub mod page_nav;
pub mod pages;
pub mod publish;
pub mod shared;
pub mod templates;
#[cfg(test)]
pub(crate) mod test_sites;
pub mod views;

use std::borrow::Cow;

/// One file of the output, by its path relative to the output folder (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Cow<'static, [u8]>,
}

pub use pages::render_site;
