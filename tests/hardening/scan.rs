//! A scanner for built pages: parses each page the way a browser does (html5ever, through
//! `scraper`) and reports every place where script could run or foreign content could load.
//!
//! Allowed, because the default templates put them there: `<script type="application/ld+json">`
//! whose text is valid JSON without a raw `<`, `<script src="…static/timeline.js">`, and
//! `<link rel="icon" href="data:,">` (an empty icon, which stops browsers asking for one).

use std::path::Path;

use scraper::{ElementRef, Html};

/// Elements that load or run foreign content, or restyle the page, wherever they are.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "style",
    "portal",
    "noscript",
    "template",
    "xmp",
    "plaintext",
    "listing",
];

/// Attributes whose value is a URL that a browser follows or loads.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "background",
    "data",
    "ping",
    "cite",
    "longdesc",
    "manifest",
    "codebase",
    "lowsrc",
    "dynsrc",
    "icon",
    "profile",
    "usemap",
    "archive",
    "classid",
    "xlink:href",
];

/// Schemes that run script or carry a whole document.
const DANGEROUS_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:", "livescript:", "mocha:"];

/// One thing found that could run script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub file: String,
    pub what: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.what)
    }
}

/// Scans every `.html`, `.xml` and `.js`/`.json` file under `folder`.
pub fn scan_folder(folder: &Path, own_scripts: &[&str]) -> (usize, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut scanned = 0;
    for (relative, bytes) in super::snapshot(folder) {
        let text = String::from_utf8_lossy(&bytes);
        if relative.ends_with(".html") || relative.ends_with(".htm") {
            scanned += 1;
            findings.extend(scan_html(&relative, &text));
        } else if relative.ends_with(".xml") {
            scanned += 1;
            findings.extend(scan_xml(&relative, &text));
        } else if relative.ends_with(".js") && !own_scripts.contains(&relative.as_str()) {
            findings.push(Finding {
                file: relative.clone(),
                what: "a script file that is not one of the generator's own".to_string(),
            });
        }
    }
    (scanned, findings)
}

/// Scans one HTML page.
pub fn scan_html(file: &str, text: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut report = |what: String| {
        findings.push(Finding {
            file: file.to_string(),
            what,
        })
    };
    let document = Html::parse_document(text);
    let mut allowed_scripts = 0;
    for node in document.root_element().descendants() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        let name = element.value().name().to_ascii_lowercase();
        let at = describe(&element);
        if name == "script" {
            match script_problem(&element) {
                None => allowed_scripts += 1,
                Some(problem) => report(format!("{problem}: {at}")),
            }
        }
        if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
            report(format!("forbidden element <{name}>: {at}"));
        }
        if name == "meta" && element.value().attr("http-equiv").is_some() {
            report(format!("<meta http-equiv> can redirect the page: {at}"));
        }
        for (attribute, value) in element.value().attrs() {
            let attribute = attribute.to_ascii_lowercase();
            if attribute.starts_with("on") {
                report(format!("event handler attribute `{attribute}`: {at}"));
            }
            if attribute == "srcdoc" {
                report(format!("`srcdoc` holds a whole document: {at}"));
            }
            if attribute == "style" && dangerous_style(value) {
                report(format!("style attribute that can load or run code: {at}"));
            }
            if attribute == "srcset" {
                for candidate in value.split(',') {
                    let url = candidate.split_whitespace().next().unwrap_or("");
                    if let Some(scheme) = dangerous_scheme(url) {
                        report(format!("`{scheme}` URL in srcset: {at}"));
                    }
                }
            }
            if URL_ATTRIBUTES.contains(&attribute.as_str()) {
                let own_icon = name == "link" && attribute == "href" && value == "data:,";
                if let Some(scheme) = dangerous_scheme(value).filter(|_| !own_icon) {
                    report(format!("`{scheme}` URL in `{attribute}`: {at}"));
                }
            }
        }
    }
    // A `<script` that the parser did not turn into an allowed script element is either an
    // injected one or text that a different parser could read as one.
    let raw_scripts = count_case_insensitive(text, "<script");
    if raw_scripts != allowed_scripts {
        findings.push(Finding {
            file: file.to_string(),
            what: format!(
                "{raw_scripts} `<script` in the source but {allowed_scripts} allowed script elements"
            ),
        });
    }
    findings
}

/// Atom and sitemap XML: the HTML a feed reader would render (entity-escaped HTML in text
/// content) is scanned as HTML too, and raw markup must not appear where text belongs.
pub fn scan_xml(file: &str, text: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    if count_case_insensitive(text, "<script") > 0 {
        findings.push(Finding {
            file: file.to_string(),
            what: "a raw `<script` in XML".to_string(),
        });
    }
    for (start, end) in element_texts(text) {
        let escaped = &text[start..end];
        let html = unescape_xml(escaped);
        if html.contains('<') {
            for mut finding in scan_html_fragment(file, &html) {
                finding.what = format!("in the HTML of a feed entry: {}", finding.what);
                findings.push(finding);
            }
        }
    }
    findings
}

fn scan_html_fragment(file: &str, html: &str) -> Vec<Finding> {
    let page = format!("<!DOCTYPE html><html><head></head><body>{html}</body></html>");
    scan_html(file, &page)
}

/// Why a script element is not one of the allowed ones, or `None` when it is.
fn script_problem(element: &ElementRef) -> Option<String> {
    let kind = element.value().attr("type").map(str::to_ascii_lowercase);
    let text: String = element.text().collect();
    if let Some(src) = element.value().attr("src") {
        let own = ["static/timeline.js", "static/search.js"]
            .iter()
            .any(|script| src.ends_with(script))
            && dangerous_scheme(src).is_none();
        return (!own || !text.trim().is_empty()).then(|| format!("script loaded from `{src}`"));
    }
    if kind.as_deref() != Some("application/ld+json") {
        return Some("inline script".to_string());
    }
    if text.contains('<') {
        return Some("JSON-LD with a raw `<` (must be escaped as \\u003c)".to_string());
    }
    if let Err(error) = serde_json::from_str::<serde_json::Value>(&text) {
        return Some(format!("JSON-LD that is not valid JSON ({error})"));
    }
    None
}

/// The scheme, if a browser would read `url` as one of [`DANGEROUS_SCHEMES`]: leading and
/// trailing spaces and control characters are ignored, tabs and line breaks anywhere are
/// removed, letters are compared without case. Entities were decoded by the parser.
pub fn dangerous_scheme(url: &str) -> Option<&'static str> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    DANGEROUS_SCHEMES
        .iter()
        .copied()
        .find(|scheme| cleaned.starts_with(scheme))
}

fn dangerous_style(value: &str) -> bool {
    let lower: String = value
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\\')
        .collect();
    [
        "url(",
        "expression(",
        "@import",
        "behavior:",
        "-moz-binding",
        "javascript:",
    ]
    .iter()
    .any(|bad| lower.contains(bad))
}

/// `<tag attr="…">` with the first 160 characters of its HTML, for messages.
fn describe(element: &ElementRef) -> String {
    let html = element.html();
    let short: String = html.chars().take(160).collect();
    if short.len() < html.len() {
        format!("{short}…")
    } else {
        short
    }
}

fn count_case_insensitive(haystack: &str, needle: &str) -> usize {
    haystack.to_ascii_lowercase().matches(needle).count()
}

/// Byte ranges of the text between `>` and the next `<` (element text content) in XML.
fn element_texts(xml: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut start = None;
    for (i, c) in xml.char_indices() {
        match c {
            '>' => start = Some(i + 1),
            '<' => {
                if let Some(s) = start.take()
                    && i > s
                {
                    ranges.push((s, i));
                }
            }
            _ => {}
        }
    }
    ranges
}

/// Decodes the five XML entities and numeric character references.
fn unescape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';') else {
            break;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
