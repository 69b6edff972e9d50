//! The dev server, end to end: the real binary serves a site over HTTP, pushes `reload`
//! over Server-Sent Events when a source changes, keeps serving the last good site with the
//! problems shown when an edit breaks it, recovers when the file is fixed, refuses paths
//! outside the site and answers hundreds of concurrent requests during rebuilds, and a burst
//! of keep-alive connections to a freshly started server.
//!
//! The client is a few lines of HTTP/1.1 over `TcpStream`. Waits poll with a deadline; no
//! assertion depends on a fixed sleep.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(10);
const ANNOTATION: &str = "content/annotations/council-approves-harbor-line.md";
const PAGE: &str = "/annotations/council-approves-harbor-line/";

/// A second annotation, so the site keeps a timeline while the first one is broken.
const SECOND_ANNOTATION: &str = "+++
title = \"Opponents question the cost\"
date = \"2024-03-12\"
kind = \"statement\"

[[anchors]]
article = \"harbor-city-herald-2024-03-12\"
quote = \"Opponents questioned the cost\"
+++
The estimate was revised twice before the vote.
";

/// A site made by `newsline init`, plus [`SECOND_ANNOTATION`], in a fresh temp folder,
/// removed when dropped.
struct Site(PathBuf);

impl Site {
    fn new(name: &str) -> Site {
        let path =
            std::env::temp_dir().join(format!("newsline-serve-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        let status = Command::new(env!("CARGO_BIN_EXE_newsline"))
            .arg("init")
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::write(
            path.join("content/annotations/cost-questioned.md"),
            SECOND_ANNOTATION,
        )
        .unwrap();
        Site(path)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running `newsline serve`, killed when dropped; its stderr is collected as it comes.
struct Server {
    child: Child,
    address: SocketAddr,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsline"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut server = Server {
            child,
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
            log,
        };
        let url = server.wait_for_log("serving ", |log| {
            let line = log.lines().find(|l| l.starts_with("serving "))?;
            let url = line.split(" at http://").nth(1)?;
            Some(url.split('/').next()?.to_string())
        });
        server.address = url.parse().unwrap();
        server
    }

    /// Polls the server's log until `found` returns something.
    fn wait_for_log<T>(&mut self, what: &str, found: impl Fn(&str) -> Option<T>) -> T {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(value) = found(&self.log.lock().unwrap()) {
                return value;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "the server exited ({status}):\n{}",
                    self.log.lock().unwrap()
                );
            }
            assert!(
                Instant::now() < deadline,
                "no {what:?} in the log:\n{}",
                self.log.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn get(&self, target: &str) -> Reply {
        get(self.address, target).unwrap_or_else(|e| panic!("GET {target}: {e}"))
    }

    /// Polls `target` until its reply satisfies `ok`, and returns that reply.
    fn wait_for(&self, target: &str, what: &str, ok: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let reply = self.get(target);
            if ok(&reply) {
                return reply;
            }
            assert!(
                Instant::now() < deadline,
                "{target} never showed {what}; last reply:\n{}\nserver log:\n{}",
                reply.text(),
                self.log.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn open_files(&self) -> Option<usize> {
        let folder = format!("/proc/{}/fd", self.child.id());
        Some(std::fs::read_dir(folder).ok()?.count())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then_some(value.trim())
        })
    }
}

/// One HTTP/1.1 GET on a fresh connection, read to the end (`Connection: close`).
fn get(address: SocketAddr, target: &str) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect_timeout(&address, PATIENCE)?;
    stream.set_read_timeout(Some(PATIENCE))?;
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line: {head}")))?;
    Ok(Reply {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    })
}

/// An open event stream, read by a thread into a shared buffer.
struct Events(Arc<Mutex<String>>);

impl Events {
    fn open(address: SocketAddr) -> Events {
        let mut stream = TcpStream::connect(address).unwrap();
        write!(stream, "GET /__newsline/events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let buffer = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&buffer);
        std::thread::spawn(move || {
            let mut chunk = [0; 1024];
            while let Ok(n @ 1..) = stream.read(&mut chunk) {
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&chunk[..n]));
            }
        });
        Events(buffer)
    }

    fn count(&self, needle: &str) -> usize {
        self.0.lock().unwrap().matches(needle).count()
    }

    fn wait_for_count(&self, needle: &str, count: usize) {
        let deadline = Instant::now() + PATIENCE;
        while self.count(needle) < count {
            assert!(
                Instant::now() < deadline,
                "expected {count} × {needle:?} in:\n{}",
                self.0.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Rewrites a file of the site at `root`.
fn edit(root: &Path, file: &str, edit: impl FnOnce(String) -> String) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
}

fn set_title(root: &Path, title: &str) {
    edit(root, ANNOTATION, |text| {
        let line = text
            .lines()
            .find(|l| l.starts_with("title = "))
            .unwrap()
            .to_string();
        text.replace(&line, &format!("title = \"{title}\""))
    });
}

#[test]
fn serves_reloads_survives_bad_edits_and_recovers() {
    let site = Site::new("edits");
    let mut server = Server::start(&site.0);

    let page = server.get(PAGE);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(page.header("Cache-Control"), Some("no-store"));
    assert!(page.text().contains("The council approves the Harbor Line"));
    assert!(
        page.text()
            .contains("new EventSource(\"/__newsline/events\")")
    );
    assert!(!page.text().contains("newsline-problems"));
    assert_eq!(server.get("/").status, 200);
    assert_eq!(
        server.get("/static/style.css").header("Content-Type"),
        Some("text/css; charset=utf-8")
    );
    let redirect = server.get("/annotations/council-approves-harbor-line");
    assert_eq!(
        (redirect.status, redirect.header("Location")),
        (302, Some(PAGE))
    );

    let events = Events::open(server.address);
    events.wait_for_count("event: hello", 1);
    assert!(
        events
            .0
            .lock()
            .unwrap()
            .starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n")
    );

    // A good edit is served, and open pages are told to reload.
    set_title(&site.0, "Edited once");
    server.wait_for(PAGE, "the edit", |r| r.text().contains("Edited once"));
    events.wait_for_count("event: reload", 1);
    let rebuilt = server.wait_for_log("rebuilt", |log| {
        log.lines()
            .find(|l| l.starts_with(&format!("{ANNOTATION}: ")) && l.contains("rebuilt in"))
            .map(str::to_string)
    });
    assert!(rebuilt.contains(" page"), "{rebuilt}");

    // A broken edit keeps the last good page online, with the problem shown over it.
    edit(&site.0, ANNOTATION, |text| {
        text.replacen("title = ", "title = = ", 1)
    });
    let broken = server.wait_for(PAGE, "the problem overlay", |r| {
        r.text().contains("id=\"newsline-problems\"")
    });
    assert_eq!(broken.status, 200);
    assert!(
        broken.text().contains("Edited once"),
        "the last good page must stay"
    );
    assert!(
        broken
            .text()
            .contains("The build failed (2 errors, 0 warnings).")
    );
    assert!(
        broken.text().contains(&format!(
            "error[invalid-toml]: extra `=`, expected nothing\n  --&gt; {ANNOTATION}:2:9\n"
        )),
        "the overlay shows the diagnostics, escaped:\n{}",
        broken.text()
    );
    events.wait_for_count("event: reload", 2);
    server.wait_for_log("the failure", |log| {
        log.contains("still serving the last good site")
            .then_some(())
    });
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text().contains("id=\"newsline-problems\""),
        "the 404 page shows the problem too"
    );

    // Fixing the file recovers by itself.
    edit(&site.0, ANNOTATION, |text| {
        text.replacen("title = = ", "title = ", 1)
    });
    set_title(&site.0, "Fixed again");
    server.wait_for(PAGE, "the fix", |r| {
        r.text().contains("Fixed again") && !r.text().contains("newsline-problems")
    });
    events.wait_for_count("event: reload", 3);
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the server must still run"
    );
}

#[test]
fn nothing_outside_the_site_is_served() {
    let site = Site::new("traversal");
    let server = Server::start(&site.0);
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/static/..%2f..%2fcontent/site.toml",
        "/content/site.toml",
        "/%00",
        "/%ff",
    ] {
        let reply = server.get(target);
        assert!(
            matches!(reply.status, 400 | 404),
            "{target}: {}",
            reply.status
        );
        assert!(
            !reply.text().contains("base_url"),
            "{target} leaked a source file"
        );
    }
    let missing = server.get("/no-such-page");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
}

#[test]
fn hundreds_of_concurrent_requests_during_rebuilds_all_succeed() {
    let site = Site::new("load");
    let server = Server::start(&site.0);
    server.get("/");
    let files_before = server.open_files();

    const CLIENTS: usize = 300;
    let start = Arc::new(Barrier::new(CLIENTS + 1));
    let address = server.address;
    let clients: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                let target = if i % 3 == 0 { PAGE } else { "/" };
                [target, "/static/style.css"].map(|target| {
                    let reply = get(address, target)?;
                    let html = reply.header("Content-Type") == Some("text/html; charset=utf-8");
                    Ok::<_, std::io::Error>((target, reply.status, html, reply.text()))
                })
            })
        })
        .collect();
    // Rebuild continuously while the requests are answered.
    let done = Arc::new(AtomicBool::new(false));
    let editor = {
        let done = Arc::clone(&done);
        let root = site.0.clone();
        std::thread::spawn(move || {
            let mut edits = 0;
            while !done.load(Ordering::Relaxed) || edits < 3 {
                set_title(&root, &format!("Busy {edits}."));
                edits += 1;
                std::thread::sleep(Duration::from_millis(10));
            }
            edits - 1
        })
    };
    start.wait();
    for client in clients {
        for reply in client.join().unwrap() {
            let (target, status, html, body) = reply.expect("every request gets an answer");
            assert_eq!(status, 200, "{target}");
            assert_eq!(html, target != "/static/style.css", "{target}");
            assert!(
                !html || body.contains("/__newsline/events"),
                "{target}: {body}"
            );
        }
    }
    done.store(true, Ordering::Relaxed);
    let last = editor.join().unwrap();
    server.wait_for(PAGE, "the last edit", |r| {
        r.text().contains(&format!("Busy {last}."))
    });

    // Every connection is closed again: no file descriptor leaks.
    if let Some(before) = files_before {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let now = server.open_files().unwrap_or(0);
            if now <= before + 2 {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{now} open files after the load, {before} before"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A burst of keep-alive connections to a server that has just started, as a browser opens
/// them, while pages hold event streams open: every request on every connection is answered
/// promptly. Each connection holds a thread of tiny_http's pool for as long as it stays
/// open, and the pool's upstream version could queue new connections behind them with no
/// thread left to take them (see vendor/tiny_http/NEWSLINE.md): their clients hung.
#[test]
fn a_burst_of_keep_alive_connections_to_a_fresh_server_is_answered_in_full() {
    const ROUNDS: usize = 3;
    const CONNECTIONS: usize = 8;
    const REQUESTS: usize = 6;
    /// Far more than answering from memory takes, far less than a hung connection waits.
    const PROMPTLY: Duration = Duration::from_secs(3);
    let site = Site::new("burst");
    // Each round starts a fresh server: its connection pool only has its first few threads.
    for round in 0..ROUNDS {
        let server = Server::start(&site.0);
        let address = server.address;
        let streams = [Events::open(address), Events::open(address)];
        let start = Arc::new(Barrier::new(CONNECTIONS));
        let finish = Arc::new(Barrier::new(CONNECTIONS));
        let clients: Vec<_> = (0..CONNECTIONS)
            .map(|client| {
                let (start, finish) = (Arc::clone(&start), Arc::clone(&finish));
                std::thread::spawn(move || {
                    start.wait();
                    let began = Instant::now();
                    let connection = TcpStream::connect_timeout(&address, PROMPTLY);
                    let answers = connection
                        .as_ref()
                        .map_err(|e| std::io::Error::new(e.kind(), e.to_string()))
                        .and_then(|c| keep_alive_gets(c, REQUESTS, PROMPTLY));
                    let took = began.elapsed();
                    // Like a browser, keep the connection open until the whole burst is done.
                    finish.wait();
                    drop(connection);
                    (client, answers, took)
                })
            })
            .collect();
        for client in clients {
            let (client, answers, took) = client.join().unwrap();
            let answers = answers.unwrap_or_else(|e| {
                panic!("round {round}, connection {client}: no answer after {took:?}: {e}")
            });
            assert_eq!(
                answers,
                vec![200; REQUESTS],
                "round {round}, connection {client}"
            );
        }
        for stream in &streams {
            stream.wait_for_count("event: hello", 1);
        }
    }
}

/// Sends `count` GETs one after another on the persistent connection `stream` and returns
/// their statuses; an error if any answer takes longer than `patience`.
fn keep_alive_gets(
    stream: &TcpStream,
    count: usize,
    patience: Duration,
) -> std::io::Result<Vec<u16>> {
    stream.set_read_timeout(Some(patience))?;
    let address = stream.peer_addr()?;
    let mut writer = stream;
    let mut reader = BufReader::new(stream);
    let mut statuses = Vec::new();
    for i in 0..count {
        let target = if i % 2 == 0 { PAGE } else { "/" };
        write!(
            writer,
            "GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: keep-alive\r\n\r\n"
        )?;
        let mut status_line = String::new();
        reader.read_line(&mut status_line)?;
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line: {status_line:?}")))?;
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line)?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((key, value)) = line.split_once(':')
                && key.eq_ignore_ascii_case("Content-Length")
            {
                length = value.trim().parse().map_err(std::io::Error::other)?;
            }
        }
        std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink())?;
        statuses.push(status);
    }
    Ok(statuses)
}

/// Sets the server process's soft limit on open files (`prlimit` from util-linux).
fn limit_open_files(server: &Server, soft: usize) {
    let status = Command::new("prlimit")
        .arg("--pid")
        .arg(server.child.id().to_string())
        .arg(format!("--nofile={soft}:"))
        .status()
        .expect("prlimit (util-linux) runs");
    assert!(status.success(), "prlimit failed");
}

#[test]
fn a_client_waits_instead_of_being_refused_while_the_server_is_out_of_files() {
    let site = Site::new("files");
    let server = Server::start(&site.0);
    server.get("/");
    let Some(open) = server.open_files() else {
        return; // No /proc: not Linux.
    };
    // No file descriptor left: the next connection cannot be served, and the HTTP library
    // stops accepting.
    limit_open_files(&server, 0);
    let first = get(server.address, "/");
    let deadline = Instant::now() + PATIENCE;
    while !server.log.lock().unwrap().contains("stopped") {
        assert!(Instant::now() < deadline, "{}", server.log.lock().unwrap());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(first.is_err(), "no descriptor, no answer");
    // A client connecting now waits in the socket's queue (it was refused when the server
    // closed its socket to open a new one) and is answered once descriptors are free.
    let address = server.address;
    let waiting = std::thread::spawn(move || get(address, PAGE));
    std::thread::sleep(Duration::from_millis(300));
    limit_open_files(&server, open + 256);
    let reply = waiting.join().unwrap().unwrap_or_else(|error| {
        panic!(
            "the waiting client got {error} instead of an answer once files were free:\n{}",
            server.log.lock().unwrap()
        )
    });
    assert_eq!(reply.status, 200);
    assert_eq!(server.get("/").status, 200);
}
