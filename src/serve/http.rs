//! Answers one HTTP request from the in-memory site.
//!
//! Only paths of the built site are served: the request path is percent-decoded, split into
//! segments and looked up in the output map, so nothing on disk is ever reachable and a
//! `..` segment is refused outright. HTML pages get the live-reload script (and the problem
//! overlay, if any) spliced in before `</body>` at answer time, without copying the page.

use std::io::{Cursor, Read};
use std::ops::Range;
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::live::{EVENTS_PATH, Live};
use super::rebuild::BuiltSite;

/// What the server currently serves: the last good site and what to splice into its pages.
pub struct Snapshot {
    pub site: Arc<BuiltSite>,
    /// The live-reload script and the problem overlay, inserted before `</body>`.
    pub injection: Arc<[u8]>,
    /// Names this snapshot, so a page can tell whether it is out of date.
    pub generation: String,
}

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// An output path present in the site.
    File(String),
    /// A folder asked for without its trailing slash: redirect so relative links work.
    Redirect(String),
    NotFound,
    /// Not a path we would ever serve (`..`, bad escapes, not UTF-8).
    BadRequest,
}

/// Maps a request target (`/articles/x/?q#f`) to an output path of `site`.
pub fn resolve(target: &str, site: &BuiltSite) -> Resolved {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let Some(path) = path.strip_prefix('/') else {
        return Resolved::BadRequest;
    };
    let Some(decoded) = percent_decode(path) else {
        return Resolved::BadRequest;
    };
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Resolved::BadRequest,
            s if s.contains(['\\', '\0']) => return Resolved::BadRequest,
            s => segments.push(s),
        }
    }
    let joined = segments.join("/");
    let is_folder = joined.is_empty() || decoded.ends_with('/');
    let wanted = match (is_folder, joined.is_empty()) {
        (_, true) => "index.html".to_string(),
        (true, false) => format!("{joined}/index.html"),
        (false, false) => joined.clone(),
    };
    if site.position(&wanted).is_some() {
        return Resolved::File(wanted);
    }
    if !is_folder && site.position(&format!("{joined}/index.html")).is_some() {
        return Resolved::Redirect(format!("/{joined}/"));
    }
    Resolved::NotFound
}

/// Decodes `%XX` escapes; `None` for a malformed escape or a result that is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(byte);
            i += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

/// The `Content-Type` of an output path, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name == "feed.xml" || name == "atom.xml" {
        return "application/atom+xml";
    }
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("jsonld") => "application/ld+json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("ttf") => "font/ttf",
        Some("otf") => "font/otf",
        Some("pdf") => "application/pdf",
        Some("mp4") => "video/mp4",
        Some("webm") => "video/webm",
        Some("mp3") => "audio/mpeg",
        Some("wasm") => "application/wasm",
        _ => match name {
            "CNAME" | "LICENSE" | "README" => "text/plain; charset=utf-8",
            _ => "application/octet-stream",
        },
    }
}

type Body = Box<dyn Read + Send>;

/// Answers `request` from the current snapshot. Errors writing to the client are ignored:
/// a browser that went away is not the server's problem.
pub fn answer(request: Request, live: &Live) {
    let target = request.url().to_string();
    if target.split('?').next() == Some(EVENTS_PATH) {
        live.subscribe(request);
        return;
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = text_response(
            405,
            "only GET and HEAD are served\n",
            &[("Allow", "GET, HEAD")],
        );
        let _ = request.respond(response);
        return;
    }
    let snapshot = live.current();
    let response = match resolve(&target, &snapshot.site) {
        Resolved::File(path) => file_response(&snapshot, &path, 200),
        Resolved::Redirect(location) => {
            text_response(302, "moved\n", &[("Location", &percent_encode(&location))])
        }
        // The search bundle is built apart from the pages (see `super::search`).
        Resolved::NotFound => match resolve(&target, &live.search.current()) {
            Resolved::File(path) => search_file_response(live.search.current(), &path),
            _ => file_response(&snapshot, "404.html", 404),
        },
        Resolved::BadRequest => text_response(400, "bad request path\n", &[]),
    };
    let _ = request.respond(response);
}

/// Serves one output file with `status`; HTML gets the injection. A missing file (the site's
/// `404.html` before any good build) becomes a bare page that still carries the injection,
/// so the problem overlay shows even then.
fn file_response(snapshot: &Snapshot, path: &str, status: u16) -> Response<Body> {
    let site = &snapshot.site;
    let Some((position, file)) = site.position(path).and_then(|i| Some((i, site.file(i)?))) else {
        let page: Arc<[u8]> =
            Arc::from(&b"<!doctype html><title>Not found</title><h1>Not found</h1>"[..]);
        let length = page.len() + snapshot.injection.len();
        let body = Cursor::new(page).chain(Cursor::new(Arc::clone(&snapshot.injection)));
        return response(status, "text/html; charset=utf-8", Box::new(body), length);
    };
    let kind = content_type(path);
    let length = file.bytes.len();
    let slice = |range: Range<usize>| {
        Cursor::new(FileSlice {
            site: Arc::clone(site),
            position,
            range,
        })
    };
    if !kind.starts_with("text/html") {
        return response(status, kind, Box::new(slice(0..length)), length);
    }
    let split = body_end(&file.bytes).unwrap_or(length);
    let injection = Arc::clone(&snapshot.injection);
    let total = length + injection.len();
    let body = slice(0..split)
        .chain(Cursor::new(injection))
        .chain(slice(split..length));
    response(status, kind, Box::new(body), total)
}

/// Serves a file of the search bundle (none of them is HTML: nothing to inject).
fn search_file_response(bundle: Arc<BuiltSite>, path: &str) -> Response<Body> {
    let Some(position) = bundle.position(path) else {
        return text_response(404, "not found\n", &[]);
    };
    let length = bundle.file(position).map_or(0, |file| file.bytes.len());
    let body = Cursor::new(FileSlice {
        site: bundle,
        position,
        range: 0..length,
    });
    response(200, content_type(path), Box::new(body), length)
}

/// The byte offset of the last `</body>` (any case), where the injection goes.
fn body_end(html: &[u8]) -> Option<usize> {
    html.windows(7)
        .rposition(|window| window.eq_ignore_ascii_case(b"</body>"))
}

/// A byte range of one file of a shared site, readable without copying the file.
struct FileSlice {
    site: Arc<BuiltSite>,
    position: usize,
    range: Range<usize>,
}

impl AsRef<[u8]> for FileSlice {
    fn as_ref(&self) -> &[u8] {
        self.site
            .file(self.position)
            .and_then(|file| file.bytes.get(self.range.clone()))
            .unwrap_or_default()
    }
}

fn response(status: u16, content_type: &str, body: Body, length: usize) -> Response<Body> {
    Response::new(
        StatusCode(status),
        headers(&[
            ("Content-Type", content_type),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ]),
        body,
        Some(length),
        None,
    )
}

fn text_response(status: u16, text: &'static str, extra: &[(&str, &str)]) -> Response<Body> {
    let mut response = response(
        status,
        "text/plain; charset=utf-8",
        Box::new(text.as_bytes()),
        text.len(),
    );
    for header in headers(extra) {
        response.add_header(header);
    }
    response
}

/// Headers from name/value pairs. Every value is ASCII by construction (fixed strings and
/// percent-encoded paths), so none is dropped in practice.
pub fn headers(pairs: &[(&str, &str)]) -> Vec<Header> {
    pairs
        .iter()
        .filter_map(|(name, value)| Header::from_bytes(name.as_bytes(), value.as_bytes()).ok())
        .collect()
}

/// Escapes every byte of `path` that may not appear as is in a URL path.
fn percent_encode(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::OutputFile;
    use std::borrow::Cow;

    fn site(paths: &[&str]) -> BuiltSite {
        BuiltSite::new(
            paths
                .iter()
                .map(|p| OutputFile {
                    path: p.to_string(),
                    bytes: Cow::Borrowed(b"x"),
                })
                .collect(),
        )
    }

    #[test]
    fn paths_map_to_output_files_and_nothing_else() {
        let site = site(&[
            "index.html",
            "articles/a-b/index.html",
            "static/style.css",
            "a b.txt",
        ]);
        let file = |p: &str| Resolved::File(p.to_string());
        assert_eq!(resolve("/", &site), file("index.html"));
        assert_eq!(resolve("/?x=1", &site), file("index.html"));
        assert_eq!(
            resolve("/articles/a-b/", &site),
            file("articles/a-b/index.html")
        );
        assert_eq!(
            resolve("/articles//a-b/#top", &site),
            file("articles/a-b/index.html")
        );
        assert_eq!(
            resolve("/articles/a-b", &site),
            Resolved::Redirect("/articles/a-b/".into())
        );
        assert_eq!(
            resolve("/static/style.css", &site),
            file("static/style.css")
        );
        assert_eq!(resolve("/a%20b.txt", &site), file("a b.txt"));
        assert_eq!(resolve("/missing", &site), Resolved::NotFound);
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/static/%2E%2E/%2e%2e/etc/passwd",
            "/a%5c..%5cb",
            "/%zz",
            "/%ff",
            "/%2",
            "relative",
        ] {
            assert_eq!(resolve(bad, &site), Resolved::BadRequest, "{bad}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("feed.xml"), "application/atom+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(
            content_type("articles/x/data.jsonld"),
            "application/ld+json"
        );
        assert_eq!(content_type("static/A.WOFF2"), "font/woff2");
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("CNAME"), "text/plain; charset=utf-8");
        assert_eq!(content_type("static/blob"), "application/octet-stream");
    }

    #[test]
    fn redirects_are_ascii() {
        assert_eq!(percent_encode("/café d/"), "/caf%C3%A9%20d/");
    }

    #[test]
    fn the_injection_goes_before_the_last_body_end() {
        assert_eq!(body_end(b"<body>a</BODY>\n"), Some(7));
        assert_eq!(body_end(b"<p>no body</p>"), None);
    }
}
