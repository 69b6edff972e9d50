//! Search in the dev server: the Pagefind bundle is built on a background thread after the
//! first build and after every good rebuild, so no page update ever waits for the index.
//!
//! The latest site wins: sites that arrive while an index is being built are skipped but
//! the last one, and a site whose search records did not change (a template edit) is not
//! indexed again. Until a new bundle is ready the previous one is served; before the first
//! one is, `pagefind/` answers 404 and the search page says the index is not ready yet.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Instant;

use super::live::Live;
use super::rebuild::BuiltSite;
use crate::diag::render_human;
use crate::model::Site;
use crate::render::publish::search::{index_records, search_records};

/// The search bundle currently served (paths under `pagefind/`), empty until one is built.
#[derive(Debug, Default)]
pub struct SearchFiles(RwLock<Arc<BuiltSite>>);

impl SearchFiles {
    pub fn current(&self) -> Arc<BuiltSite> {
        Arc::clone(&self.0.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn replace(&self, bundle: BuiltSite) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(bundle);
    }
}

/// Hands sites to the indexing thread.
pub struct SearchIndexer {
    sites: Sender<Arc<Site>>,
}

impl SearchIndexer {
    /// Starts the indexing thread, which publishes each bundle to `live`. Without a thread
    /// the server still runs, without search (the search page says the index is missing).
    pub fn start(live: Arc<Live>) -> SearchIndexer {
        let (sites, receiver) = mpsc::channel();
        let started = std::thread::Builder::new()
            .name("newsline-search".to_string())
            .spawn(move || index_forever(&receiver, &live));
        if let Err(error) = started {
            eprintln!("warning: search is off: cannot start its thread ({error})");
        }
        SearchIndexer { sites }
    }

    /// Asks for the index of `site` (a site without search empties the bundle).
    pub fn update(&self, site: Arc<Site>) {
        // A stopped thread was already reported; the server goes on without search.
        let _ = self.sites.send(site);
    }
}

fn index_forever(sites: &Receiver<Arc<Site>>, live: &Live) {
    let mut indexed: Option<u64> = None;
    while let Ok(mut site) = sites.recv() {
        // Latest wins: skip the sites that are already out of date.
        while let Ok(newer) = sites.try_recv() {
            site = newer;
        }
        if !site.config.build.search {
            indexed = None;
            live.search.replace(BuiltSite::default());
            continue;
        }
        let records = search_records(&site);
        let fingerprint = {
            let mut hasher = DefaultHasher::new();
            for record in &records {
                (&record.url, &record.content, &record.meta, &record.filters).hash(&mut hasher);
            }
            site.config.language.hash(&mut hasher);
            hasher.finish()
        };
        if indexed == Some(fingerprint) {
            continue;
        }
        let started = Instant::now();
        let count = records.len();
        match index_records(records, &site.config.language) {
            Ok(bundle) => {
                live.search.replace(BuiltSite::new(bundle));
                indexed = Some(fingerprint);
                eprintln!(
                    "search index: {count} pages indexed in {:.1} ms",
                    started.elapsed().as_secs_f64() * 1000.0
                );
            }
            Err(diagnostic) => {
                eprintln!("{}", render_human(&diagnostic, &Default::default()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_files_start_empty_and_are_replaced_whole() {
        let files = SearchFiles::default();
        assert!(files.current().is_empty());
        files.replace(BuiltSite::new(vec![crate::render::OutputFile {
            path: "pagefind/pagefind.js".to_string(),
            bytes: std::borrow::Cow::Borrowed(b"export {}"),
        }]));
        assert!(files.current().position("pagefind/pagefind.js").is_some());
    }

    /// Waits up to a minute for the served bundle to satisfy `ready`.
    fn wait_for(live: &Live, ready: impl Fn(&BuiltSite) -> bool) -> bool {
        let deadline = Instant::now() + std::time::Duration::from_secs(60);
        while Instant::now() < deadline {
            if ready(&live.search.current()) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        false
    }

    #[test]
    fn the_indexer_publishes_the_bundle_of_the_latest_site_and_empties_it_when_search_is_off() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let model = || {
            let compiled = crate::build::compile(root, &crate::build::BuildOptions::default());
            compiled.site.expect("the bundled site has a model")
        };
        let live = Arc::new(Live::new(super::super::http::Snapshot {
            site: Arc::new(BuiltSite::default()),
            injection: Arc::from(&b""[..]),
            generation: "test".to_string(),
        }));
        let indexer = SearchIndexer::start(Arc::clone(&live));
        indexer.update(Arc::new(model()));
        assert!(wait_for(&live, |bundle| {
            bundle.position("pagefind/pagefind.js").is_some()
                && bundle.position("pagefind/pagefind-entry.json").is_some()
        }));
        let mut off = model();
        off.config.build.search = false;
        indexer.update(Arc::new(off));
        assert!(wait_for(&live, BuiltSite::is_empty));
    }
}
