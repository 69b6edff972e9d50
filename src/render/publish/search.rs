//! Full-text search with Pagefind: every article and annotation becomes one search record,
//! and Pagefind's bundle (index chunks, page fragments, filters, `pagefind.js` and its
//! WebAssembly) is returned as output files under `pagefind/`. The site's own search page
//! (`templates/search.html`, `static/search.js`) queries it through `pagefind.js`.
//!
//! Records are built from the model, not from rendered pages, so indexing needs nothing
//! from rendering and runs on its own thread beside it ([`index_alongside`]): an article is
//! its title, outlet, author and reader text (the text its page shows); an annotation is its
//! title, date, commentary as text, quoted passages, tags and people.
//!
//! Record URLs are relative to the site root (`articles/x/`), never absolute: `pagefind.js`
//! prefixes them with the folder above `pagefind/`, found from its own address, so the same
//! bundle works at `/`, under `/repo/` and in `serve`, whatever `base_url` says.

use std::borrow::Cow;
use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::anchor::text::reader_text;
use crate::diag::Diagnostic;
use crate::model::Site;
use crate::render::OutputFile;
use crate::render::build_views::kind_label;

/// Folder of the bundle in the output.
pub const BUNDLE_FOLDER: &str = "pagefind";

/// Files of Pagefind's own search interfaces: the site has its own, so they are left out.
const UNUSED_FILES: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// One searchable page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRecord {
    /// The page's URL relative to the site root: `articles/x/`.
    pub url: String,
    /// The text searched and quoted in excerpts.
    pub content: String,
    /// Shown with each result: `title`, `date` where there is one, `outlet` for articles.
    pub meta: BTreeMap<String, String>,
    /// `section` (`Articles` or `Annotations`), and `kind` for annotations.
    pub filters: BTreeMap<String, Vec<String>>,
}

/// The records for every article and annotation, articles first, each in model order.
pub fn search_records(site: &Site) -> Vec<SearchRecord> {
    let mut records = Vec::with_capacity(site.articles.len() + site.annotations.len());
    for article in &site.articles {
        let doc = &article.doc;
        // Title and outlet are searched through their meta fields (Pagefind indexes those
        // too); the text says who wrote it, then what the reader sees.
        let mut content = String::with_capacity(article.reader.text.len() + 64);
        if let Some(author) = &doc.author {
            content.push_str("By ");
            content.push_str(author);
            content.push_str(".\n\n");
        }
        content.push_str(&article.reader.text);
        records.push(SearchRecord {
            url: format!("articles/{}/", doc.slug),
            content,
            meta: BTreeMap::from([
                ("title".to_string(), doc.title.clone()),
                ("date".to_string(), doc.published.display()),
                ("outlet".to_string(), doc.outlet.clone()),
            ]),
            filters: BTreeMap::from([("section".to_string(), vec!["Articles".to_string()])]),
        });
    }
    for annotation in &site.annotations {
        let doc = &annotation.doc;
        let commentary = doc.commentary();
        let mut content = reader_text(commentary, 0).text;
        for anchored in &annotation.anchors {
            let quoted = site
                .articles
                .get(anchored.article)
                .and_then(|article| article.reader.text.get(anchored.range.clone()));
            if let Some(quoted) = quoted {
                content.push_str("\n\n“");
                content.push_str(quoted);
                content.push('”');
            }
        }
        let terms = annotation
            .tags
            .iter()
            .filter_map(|&t| site.tags.get(t))
            .chain(annotation.people.iter().filter_map(|&p| site.people.get(p)));
        let names: Vec<&str> = terms.map(|term| term.name.as_str()).collect();
        if !names.is_empty() {
            content.push_str("\n\n");
            content.push_str(&names.join(", "));
            content.push('.');
        }
        let mut meta = BTreeMap::from([("title".to_string(), doc.title.clone())]);
        if let Some(date) = &doc.date {
            meta.insert("date".to_string(), date.value.display());
        }
        records.push(SearchRecord {
            url: format!("annotations/{}/", doc.slug),
            content,
            meta,
            filters: BTreeMap::from([
                ("section".to_string(), vec!["Annotations".to_string()]),
                ("kind".to_string(), vec![kind_label(doc.kind).to_string()]),
            ]),
        });
    }
    records
}

/// Indexes every article and annotation and returns the bundle under `pagefind/`, sorted by
/// path. Pagefind's output depends only on the records, so it is the same from build to
/// build.
pub fn search_bundle(site: &Site) -> Result<Vec<OutputFile>, Diagnostic> {
    index_records(search_records(site), &site.config.language)
}

/// Runs `work` on this thread and, when `wanted`, builds the search bundle of `site` on
/// another one meanwhile, so indexing adds CPU time but little wall time to a build.
pub fn index_alongside<T>(
    site: &Site,
    wanted: bool,
    work: impl FnOnce() -> T,
) -> (T, Option<Result<Vec<OutputFile>, Diagnostic>>) {
    if !wanted {
        return (work(), None);
    }
    std::thread::scope(|scope| {
        let indexing = std::thread::Builder::new()
            .name("newsline-search".to_string())
            .spawn_scoped(scope, || search_bundle(site));
        let result = work();
        let bundle = match indexing {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(failed(
                    "the indexing thread stopped unexpectedly".to_string(),
                ))
            }),
            Err(error) => Err(failed(format!("cannot start a thread: {error}"))),
        };
        (result, Some(bundle))
    })
}

fn failed(error: String) -> Diagnostic {
    Diagnostic::error(
        "search-index-failed",
        BUNDLE_FOLDER,
        format!("cannot build the search index: {error}"),
    )
    .with_help("set `search = false` under `[build]` in content/site.toml to build without search")
}

/// Builds the bundle from records, all in `language` (its stemming, and the index's name).
pub fn index_records(
    records: Vec<SearchRecord>,
    language: &str,
) -> Result<Vec<OutputFile>, Diagnostic> {
    // Pagefind's API is async; a single-threaded runtime on this thread is enough (it hands
    // each record to a blocking task, and the index build uses rayon).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(e.to_string()))?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| failed(e.to_string()))?;
        for record in records {
            index
                .add_custom_record(
                    record.url,
                    record.content,
                    language.to_string(),
                    Some(record.meta),
                    Some(record.filters),
                    None,
                )
                .await
                .map_err(|e| failed(e.to_string()))?;
        }
        let files = index.get_files().await.map_err(|e| failed(e.to_string()))?;
        let mut bundle: Vec<OutputFile> = files
            .into_iter()
            .map(|file| (file.filename.to_string_lossy().replace('\\', "/"), file))
            .filter(|(name, _)| !UNUSED_FILES.contains(&name.as_str()))
            .map(|(name, file)| OutputFile {
                path: format!("{BUNDLE_FOLDER}/{name}"),
                bytes: Cow::Owned(file.contents),
            })
            .collect();
        bundle.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(bundle)
    })
}
