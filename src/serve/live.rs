//! Live reload: the current snapshot, the Server-Sent Events stream that tells open pages to
//! reload, and the script and problem overlay spliced into served pages.
//!
//! Every page carries the generation it was built from. A new event stream first says which
//! generation is current (`event: hello`), so a page that missed a rebuild between being
//! served and connecting reloads at once. Publishing a snapshot and registering a stream
//! take the same lock, so no stream can miss a reload.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use tiny_http::{Request, Response, StatusCode};

use super::http::{Snapshot, headers};
use super::rebuild::Problems;
use super::search::SearchFiles;

/// The event stream's path. Outside any path the site can produce (output folders are slugs).
pub const EVENTS_PATH: &str = "/__newsline/events";

/// A comment line is sent this often so dead connections are noticed and closed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Open event streams beyond this many are refused, so a runaway client cannot exhaust
/// threads or file descriptors.
const MAX_STREAMS: usize = 512;

/// The served state and the open event streams.
pub struct Live {
    current: RwLock<Arc<Snapshot>>,
    /// The search bundle, replaced by its own thread (see [`super::search`]).
    pub search: SearchFiles,
    streams: Mutex<Vec<Sender<String>>>,
    open: Arc<AtomicUsize>,
}

impl Live {
    pub fn new(snapshot: Snapshot) -> Live {
        Live {
            current: RwLock::new(Arc::new(snapshot)),
            search: SearchFiles::default(),
            streams: Mutex::new(Vec::new()),
            open: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// The snapshot to answer a request from.
    pub fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Serves `snapshot` from now on and, if `reload`, tells every open page to reload.
    pub fn publish(&self, snapshot: Snapshot, reload: bool) {
        let mut streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        let generation = snapshot.generation.clone();
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(snapshot);
        if reload {
            streams.retain(|stream| stream.send(generation.clone()).is_ok());
        }
    }

    /// Turns `request` into an event stream, served by a thread of its own until the
    /// browser goes away.
    pub fn subscribe(&self, request: Request) {
        if self.open.fetch_add(1, Ordering::AcqRel) >= MAX_STREAMS {
            self.open.fetch_sub(1, Ordering::AcqRel);
            let text = "too many open event streams\n";
            let response = Response::new(
                StatusCode(503),
                headers(&[
                    ("Content-Type", "text/plain; charset=utf-8"),
                    ("Retry-After", "5"),
                ]),
                text.as_bytes(),
                Some(text.len()),
                None,
            );
            let _ = request.respond(response);
            return;
        }
        let (sender, receiver) = mpsc::channel();
        let generation = {
            let mut streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
            streams.push(sender);
            self.current().generation.clone()
        };
        // The stream never ends by itself, so it is written raw: tiny_http's own responses
        // buffer chunked bodies, which would hold events back.
        let mut writer = request.into_writer();
        let open = Arc::clone(&self.open);
        let stream = move || {
            let hello = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\nevent: hello\ndata: {generation}\n\n"
            );
            let mut alive = writer
                .write_all(hello.as_bytes())
                .and_then(|()| writer.flush())
                .is_ok();
            while alive {
                let message = match receiver.recv_timeout(KEEP_ALIVE) {
                    Ok(generation) => format!("event: reload\ndata: {generation}\n\n"),
                    Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                    Err(RecvTimeoutError::Disconnected) => break,
                };
                alive = writer
                    .write_all(message.as_bytes())
                    .and_then(|()| writer.flush())
                    .is_ok();
            }
            open.fetch_sub(1, Ordering::AcqRel);
        };
        if std::thread::Builder::new()
            .name("newsline-events".into())
            .spawn(stream)
            .is_err()
        {
            self.open.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

/// What goes before `</body>` of every served page: the live-reload script and, when the
/// latest build reported problems, an overlay listing them.
pub fn injection(generation: &str, problems: &Problems) -> Arc<[u8]> {
    let mut html = format!(
        "<script>/* newsline serve: live reload */(function(){{var g=\"{generation}\",s=new EventSource(\"{EVENTS_PATH}\");s.addEventListener(\"hello\",function(e){{if(e.data!==g)location.reload()}});s.addEventListener(\"reload\",function(){{location.reload()}})}})()</script>"
    );
    if problems.errors > 0 {
        html.push_str(&format!(
            "<div id=\"newsline-problems\" role=\"alert\" style=\"{OVERLAY_STYLE};background:#3b0d0d;border-bottom:4px solid #e5484d\"><p style=\"margin:0 0 .6em;font-weight:bold\">The build failed ({}). This is the last good version of the site; fix the file and save, and the page reloads by itself.</p><pre style=\"{PRE_STYLE}\">{}</pre><button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"margin-top:.6em\">Hide</button></div>",
            problems.summary(),
            escape_html(&problems.text)
        ));
    } else if problems.warnings > 0 {
        html.push_str(&format!(
            "<details id=\"newsline-problems\" style=\"{OVERLAY_STYLE};background:#3b300d;border-bottom:4px solid #f5a623\"><summary style=\"cursor:pointer;font-weight:bold\">The build has {}</summary><pre style=\"{PRE_STYLE}\">{}</pre></details>",
            problems.summary().trim_start_matches("0 errors, "),
            escape_html(&problems.text)
        ));
    }
    Arc::from(html.into_bytes())
}

const OVERLAY_STYLE: &str = "position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:70vh;overflow:auto;box-sizing:border-box;margin:0;padding:1em 1.2em;color:#fff;font:14px/1.45 system-ui,sans-serif;text-align:left";

const PRE_STYLE: &str = "margin:0;white-space:pre-wrap;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;color:#fff;background:none";

/// Escapes text for an HTML element's content or a quoted attribute.
fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_shows_escaped_diagnostics_only_when_there_are_some() {
        let clean = String::from_utf8(injection("7", &Problems::default()).to_vec()).unwrap();
        assert!(clean.contains("var g=\"7\""));
        assert!(!clean.contains("newsline-problems"));

        let problems = Problems {
            errors: 1,
            warnings: 0,
            text: "error[x]: bad <b> & \"quotes\"\n".into(),
        };
        let broken = String::from_utf8(injection("8", &problems).to_vec()).unwrap();
        assert!(broken.contains("<div id=\"newsline-problems\""));
        assert!(broken.contains("The build failed (1 error, 0 warnings)"));
        assert!(broken.contains("error[x]: bad &lt;b&gt; &amp; &quot;quotes&quot;"));

        let warned = Problems {
            errors: 0,
            warnings: 2,
            text: "warning[y]: hm\n".into(),
        };
        let warned = String::from_utf8(injection("9", &warned).to_vec()).unwrap();
        assert!(warned.contains(
            "<summary style=\"cursor:pointer;font-weight:bold\">The build has 2 warnings</summary>"
        ));
    }
}
