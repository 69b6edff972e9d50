//! newsline: a static timeline website generator for annotated news.
//!
//! The pipeline, one module per stage, in reading order:
//!
//! 1. [`load`]: walk `content/`, read files, split and parse front matter into documents
//!    (every value keeps its byte span in its file);
//! 2. [`anchor`]: find every annotation's quotes in the text of its articles as a reader sees it;
//! 3. [`model`]: the resolved site (articles, annotations, timeline order, taxonomies), no I/O;
//! 4. [`render`]: Markdown and anchors to HTML, view structs through Tera, one parallel job list;
//! 5. [`write`]: the only module that writes the output folder (staged, then swapped in).
//!
//! [`diag`] carries diagnostics across all stages; [`date`] parses EDTF dates; [`serve`] is the
//! dev server, which calls the same [`build`] as the `build` command.

pub mod anchor;
pub mod build;
pub mod date;
pub mod diag;
pub mod load;
pub mod model;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod write;
