//! The dev server: builds the site into memory, serves it over HTTP, rebuilds when a source
//! changes and makes open pages reload.
//!
//! It calls the same [`crate::build::compile`] as `build` (through [`rebuild::Rebuilder`]),
//! never writes a file, and never stops on a content error: a failed build keeps the last
//! good site online with the diagnostics shown over every page, and the next good build
//! clears them.
//!
//! Threads: the main thread watches and rebuilds; one thread takes requests from the
//! listener and hands them to a pool of workers; each open event stream has its own thread.
//!
//! - [`rebuild`]: one rebuild and its report (the seam for incremental builds);
//! - [`http`]: request path → output file, content types, page injection;
//! - [`live`]: the current snapshot, event streams, the reload script and problem overlay;
//! - [`watch`]: source folder watching with debounce;
//! - [`search`]: the search index, built in the background after good builds.

pub mod http;
pub mod live;
pub mod rebuild;
pub mod search;
pub mod watch;

use std::fmt;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tiny_http::{Request, Server};

use crate::build::BuildOptions;
use http::Snapshot;
use live::Live;
use rebuild::{RebuildReport, Rebuilder};
use search::SearchIndexer;
use watch::SourceWatcher;

/// Where and what to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// `0` picks a free port (the address is printed).
    pub port: u16,
}

/// Why the server could not start. Content errors never end up here.
#[derive(Debug)]
pub struct ServeError(pub String);

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServeError {}

/// Runs the dev server until the process is stopped.
pub fn run(options: &ServeOptions) -> Result<(), ServeError> {
    let root = options.root.canonicalize().map_err(|error| {
        ServeError(format!(
            "cannot open the site folder {}: {error}",
            options.root.display()
        ))
    })?;
    if !root.is_dir() {
        return Err(ServeError(format!("{} is not a folder", root.display())));
    }
    let listener = listen(SocketAddr::new(options.bind, options.port))?;
    let address = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::new(options.bind, options.port));
    let base_url = base_url(address);
    // Watch before the first build, so an edit made while it runs is not lost.
    let mut watcher = SourceWatcher::new(&root)
        .map_err(|error| ServeError(format!("cannot watch {}: {error}", root.display())))?;

    let mut rebuilder = Rebuilder::new(
        &root,
        BuildOptions {
            base_url: Some(base_url.clone()),
            // The overlay should show template failures too, not only content errors.
            render_despite_errors: true,
            // Built in the background instead, so no page update waits for it.
            without_search_index: true,
            release_reader_texts: false,
            leave_memory_to_exit: false,
        },
    );
    let mut generations = Generations::new();
    let report = rebuilder.rebuild(&[]);
    print_report(&report);
    rebuilder.publish();
    let live = Arc::new(Live::new(snapshot(&rebuilder, generations.next())));
    let indexer = SearchIndexer::start(Arc::clone(&live));
    if let Some(model) = rebuilder.take_model() {
        indexer.update(model);
    }
    start_http(listener, Arc::clone(&live))?;
    eprintln!(
        "serving {} at {base_url} (press Ctrl-C to stop)",
        root.display()
    );

    while let Some(changed) = watcher.next_batch() {
        let report = rebuilder.rebuild(&changed);
        print_report(&report);
        let generation = generations.next();
        live.publish(
            snapshot(&rebuilder, generation.clone()),
            report.needs_reload(),
        );
        // Feeds and exports follow the pages: no page waits for them, none shows them.
        if rebuilder
            .publish()
            .is_some_and(|changes| !changes.is_empty())
        {
            live.publish(snapshot(&rebuilder, generation), false);
        }
        if let Some(model) = rebuilder.take_model() {
            indexer.update(model);
        }
    }
    Err(ServeError("file watching stopped".to_string()))
}

/// The URL the site is served at; links in the built pages point there.
fn base_url(address: SocketAddr) -> String {
    let host = match address.ip() {
        ip if ip.is_unspecified() => "localhost".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    format!("http://{host}:{}/", address.port())
}

fn listen(address: SocketAddr) -> Result<TcpListener, ServeError> {
    TcpListener::bind(address).map_err(|error| {
        ServeError(format!(
            "cannot listen on {address}: {error}; is another server using that port? choose another with --port"
        ))
    })
}

/// An HTTP server accepting on a copy of `listener`'s socket, which stays open when the
/// server stops (see [`dispatch`]).
fn accept_on(listener: &TcpListener) -> Result<Server, ServeError> {
    let copy = listener
        .try_clone()
        .map_err(|error| ServeError(format!("cannot share the listening socket: {error}")))?;
    Server::from_listener(copy, None)
        .map_err(|error| ServeError(format!("cannot serve HTTP: {error}")))
}

fn snapshot(rebuilder: &Rebuilder, generation: String) -> Snapshot {
    Snapshot {
        site: rebuilder.site(),
        injection: live::injection(&generation, rebuilder.problems()),
        generation,
    }
}

fn print_report(report: &RebuildReport) {
    let news = report.output.is_none() || report.problems_changed;
    if news && !report.problems.text.is_empty() {
        eprintln!("{}", report.problems.text);
    }
    eprintln!("{report}");
}

/// Names snapshots uniquely across restarts of the server, so a page left open while the
/// server restarted reloads when it reconnects.
struct Generations {
    boot: u64,
    count: u64,
}

impl Generations {
    fn new() -> Generations {
        let boot = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or_default();
        Generations { boot, count: 0 }
    }

    fn next(&mut self) -> String {
        self.count += 1;
        format!("{:x}-{}", self.boot, self.count)
    }
}

/// Starts the thread that takes requests from the listener and the workers that answer them.
fn start_http(listener: TcpListener, live: Arc<Live>) -> Result<(), ServeError> {
    let server = accept_on(&listener)?;
    let (jobs, queue) = mpsc::channel::<Request>();
    let queue = Arc::new(Mutex::new(queue));
    let workers = std::thread::available_parallelism()
        .map_or(4, |n| n.get())
        .saturating_mul(4)
        .clamp(8, 64);
    for _ in 0..workers {
        let queue = Arc::clone(&queue);
        let live = Arc::clone(&live);
        spawn("newsline-worker", move || work(&queue, &live))?;
    }
    spawn("newsline-listener", move || {
        dispatch(&listener, server, jobs)
    })?;
    Ok(())
}

fn spawn(name: &str, job: impl FnOnce() + Send + 'static) -> Result<(), ServeError> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(job)
        .map(drop)
        .map_err(|error| ServeError(format!("cannot start a thread: {error}")))
}

fn work(queue: &Mutex<Receiver<Request>>, live: &Live) {
    loop {
        let request = queue.lock().unwrap_or_else(PoisonError::into_inner).recv();
        match request {
            Ok(request) => http::answer(request, live),
            Err(_) => return,
        }
    }
}

/// Hands requests to the workers. tiny_http stops accepting for good after an accept error
/// (a client that gave up before it was accepted, running out of file descriptors), so a
/// new server then accepts on the same socket. The socket stays open throughout: clients
/// connecting meanwhile wait in its queue instead of being refused.
fn dispatch(listener: &TcpListener, mut server: Server, jobs: mpsc::Sender<Request>) {
    // Errors in a row (no request in between) back off, so a lasting one does not spin.
    let mut pause = Duration::ZERO;
    loop {
        match server.recv() {
            Ok(request) => {
                pause = Duration::ZERO;
                if jobs.send(request).is_err() {
                    return;
                }
            }
            Err(error) => {
                eprintln!("warning: the HTTP server stopped accepting ({error}); accepting again");
                drop(server);
                std::thread::sleep(pause);
                pause = (pause * 2).clamp(Duration::from_millis(10), Duration::from_secs(2));
                server = accept_again(listener);
            }
        }
    }
}

fn accept_again(listener: &TcpListener) -> Server {
    let mut pause = Duration::from_millis(10);
    loop {
        match accept_on(listener) {
            Ok(server) => return server,
            Err(error) => {
                // Out of file descriptors, most likely: wait for some to be closed.
                eprintln!("warning: {error}");
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(2));
            }
        }
    }
}
