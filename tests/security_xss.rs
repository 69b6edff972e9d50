//! No script injection: a site whose every field carries real XSS payloads (OWASP cheat-sheet
//! style) builds into pages where nothing can run script, load a frame or restyle the page.
//! Raw HTML in Markdown is shown as text, link and image URLs are limited to http(s), mailto,
//! relative and `#fragment`, front matter values are autoescaped and JSON-LD escapes `<`.
//!
//! Every output file is parsed the way a browser does and checked by `hardening::scan`.

mod hardening;

use hardening::scan::{Finding, scan_folder, scan_html};
use hardening::{
    TempSite, annotation_md, article_md, build_into, printed, site_toml, toml_list, toml_str,
};
use newsline::build::{BuildOptions, compile};

/// Payloads written as raw HTML, or as plain text in front matter values.
const HTML_PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"jav&#x09;ascript:alert(1);\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">X</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></math>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"  javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"java\tscript:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"javascript:alert(1)\">",
    "<style>@import 'https://xss.example/x.css';</style>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<xss onpointerenter=alert(1)>hover</xss>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "\" onmouseover=\"alert(1)\" x=\"",
    "' onmouseover='alert(1)' x='",
    "'-alert(1)-'",
    "\";alert(1);//",
    "</script><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "TPL{{ 7*7 }}TPL{% if true %}TPLIF{% endif %}",
    "line\u{2028}separator\u{2029}and\u{0}nul",
];

/// Payloads that only mean something as Markdown.
const MARKDOWN_PAYLOADS: &[&str] = &[
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](  javascript:alert(1)  )",
    "[x](java&#09;script:alert(1))",
    "[x](java&#x0A;script:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](&#0000106avascript:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](\u{1}javascript:alert(1))",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![\" onerror=\"alert(1)](https://example.org/x.png)",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[ref link][r1]\n\n[r1]: javascript:alert(1)",
    "[ref image]\n\n[ref image]: data:text/html,alert(1) \"title\"",
    "[x](https://example.org/ \"title\\\" onmouseover=\\\"alert(1)\")",
    "[x](https://example.org/\"onmouseover=\"alert(1))",
    "[x](#\"onmouseover=\"alert(1))",
    "[x](mailto:a@example.org\"onmouseover=\"alert(1))",
    "<https://example.org/\"onmouseover=\"alert(1)>",
    "```\"><script>alert(1)</script>\ncode\n```",
    "```js onload=alert(1)\ncode\n```",
    "# Heading {#x onclick=alert(1)}",
    "# Heading {onclick=alert(1) .c}",
    "Footnote[^f].\n\n[^f]: <script>alert(1)</script> [x](javascript:alert(1))",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "[[javascript:alert(1)]]",
    "$<script>alert(1)</script>$",
    "> <script>alert(1)</script>\n> [x](javascript:alert(1))",
    "- <img src=x onerror=alert(1)>\n  - [x](javascript:alert(1))",
    "`<script>alert(1)</script>`",
    "<script>\nalert(1)\n</script>",
    "<div onclick=\"alert(1)\">\n\n*emphasis*\n\n</div>",
];

/// The generator's own script files.
const OWN_SCRIPTS: &[&str] = &[
    "static/timeline.js",
    "static/search.js",
    "pagefind/pagefind.js",
    "pagefind/pagefind-worker.js",
];

fn payloads() -> Vec<&'static str> {
    HTML_PAYLOADS
        .iter()
        .chain(MARKDOWN_PAYLOADS)
        .copied()
        .collect()
}

/// `2017-MM-DD` for the i-th day of a 28-day-month calendar in 2017.
fn day(i: usize) -> String {
    format!("2017-{:02}-{:02}", 1 + (i / 28) % 12, 1 + i % 28)
}

/// A site with every payload in every field.
fn payload_site() -> TempSite {
    let site = TempSite::bare();
    let payloads = payloads();
    let mut eras = String::new();
    for (i, payload) in HTML_PAYLOADS.iter().enumerate() {
        eras.push_str(&format!(
            "\n[[eras]]\ntitle = {}\nstart = \"{}\"\nend = \"{}\"\ndescription = {}\n",
            toml_str(&format!("Era {i} {payload}")),
            day(i),
            day(i),
            toml_str(payload)
        ));
    }
    site.write(
        "content/site.toml",
        &site_toml(
            &format!("Site {}", HTML_PAYLOADS.join(" ")),
            &payloads.join(" "),
            &eras,
        ),
    );
    for (i, payload) in payloads.iter().enumerate() {
        let markdown = MARKDOWN_PAYLOADS[i % MARKDOWN_PAYLOADS.len()];
        let html = HTML_PAYLOADS[i % HTML_PAYLOADS.len()];
        let extra = format!(
            "author = {}\nurl = \"https://example.org/{i}\"\nnotes = {}\nremoved = {}\n",
            toml_str(payload),
            toml_str(&format!("{payload}\n\n{markdown}")),
            toml_list(&[payload, html]),
        );
        let body = format!(
            "Passage {i}: {html}\n\n{payload}\n\n{markdown}\n\nPlain closing sentence {i}.\n"
        );
        site.write(
            &format!("content/articles/xss-{i}.md"),
            &article_md(
                payload,
                &format!("Outlet {payload}"),
                &day(i),
                &extra,
                &body,
            ),
        );
    }
    for (i, payload) in payloads.iter().enumerate() {
        let slug = format!("xss-{i}");
        let html = HTML_PAYLOADS[i % HTML_PAYLOADS.len()];
        let markdown = MARKDOWN_PAYLOADS[i % MARKDOWN_PAYLOADS.len()];
        let article =
            std::fs::read_to_string(site.root.join(format!("content/articles/{slug}.md")))
                .expect("article written above");
        let passage = reader_paragraph(&article, &format!("Passage {i}:"));
        let commentary = format!("{payload}\n\n{html}\n\n{markdown}\n");
        site.write(
            &format!("content/annotations/{slug}.md"),
            &annotation_md(
                payload,
                &day(i),
                &[payload, "common"],
                &[payload, html],
                &[
                    (&slug, &passage),
                    (&slug, &format!("Plain closing sentence {i}.")),
                ],
                "",
                &commentary,
            ),
        );
    }
    site
}

/// The paragraph of an article's reader text that starts with `start`, as the generator's
/// own anchoring extracts it, so the quote matches whatever the payload reads as.
fn reader_paragraph(article: &str, start: &str) -> String {
    let body_start = article[3..].find("+++").map(|i| i + 6).unwrap_or(0);
    let reader = newsline::anchor::text::reader_text(&article[body_start..], body_start);
    let from = reader
        .text
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not in the reader text:\n{}", reader.text));
    let rest = &reader.text[from..];
    rest[..rest.find('\n').unwrap_or(rest.len())].to_string()
}

fn assert_no_findings(scanned: usize, findings: &[Finding]) {
    assert!(scanned > 0, "no page was scanned");
    let listed: Vec<String> = findings.iter().map(ToString::to_string).collect();
    assert!(
        findings.is_empty(),
        "{} findings in {scanned} scanned files:\n{}",
        findings.len(),
        listed.join("\n")
    );
}

#[test]
fn payloads_in_every_field_cannot_run_script() {
    let site = payload_site();
    let output = site.scratch().join("public");
    build_into(&site.root, &output);
    if let Some(keep) = std::env::var_os("NEWSLINE_KEEP_XSS_SITE") {
        // For looking at the pages by hand: the site and its output are copied there.
        let status = std::process::Command::new("cp")
            .arg("-r")
            .arg(site.scratch())
            .arg(keep)
            .status();
        assert!(status.is_ok_and(|s| s.success()));
    }
    let (scanned, findings) = scan_folder(&output, OWN_SCRIPTS);
    eprintln!(
        "scanned {scanned} files built from {} payloads",
        payloads().len()
    );
    assert_no_findings(scanned, &findings);
}

#[test]
fn templates_never_evaluate_content() {
    let site = payload_site();
    let output = site.scratch().join("public");
    build_into(&site.root, &output);
    for (file, bytes) in hardening::snapshot(&output) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("TPL49TPL") && !text.contains("TPLTPLIF"),
            "{file}: a template tag in content was evaluated"
        );
    }
}

#[test]
fn raw_html_in_markdown_is_shown_as_text() {
    let site = payload_site();
    let output = site.scratch().join("public");
    build_into(&site.root, &output);
    // Payload 2 is `<img src=x onerror=alert(1)>`: the article shows it, as text.
    let page = std::fs::read_to_string(output.join("articles/xss-2/index.html")).unwrap();
    let document = scraper::Html::parse_document(&page);
    let text: String = document.root_element().text().collect();
    assert!(
        text.contains("Passage 2: <img src=x onerror=alert(1)>"),
        "the raw HTML should read as text on the page"
    );
    // So does commentary on the annotation's own page.
    let page = std::fs::read_to_string(output.join("annotations/xss-0/index.html")).unwrap();
    let document = scraper::Html::parse_document(&page);
    let text: String = document.root_element().text().collect();
    assert!(text.contains("<script>alert(1)</script>"));
}

/// A link in the `url` field of an article: refused with a diagnostic, or written so that it
/// cannot run (never as a `javascript:` link).
#[test]
fn dangerous_article_urls_are_refused_or_neutralised() {
    let urls = [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "\"><script>alert(1)</script>",
        "https://example.org/\" onmouseover=\"alert(1)",
    ];
    for url in urls {
        let site = TempSite::new();
        site.write(
            "content/articles/a.md",
            &article_md(
                "A",
                "Outlet",
                "2017-06-01",
                &format!("url = {}\n", toml_str(url)),
                "Some text here.\n",
            ),
        );
        site.annotation("n", "2017-06-01", "a", "Some text", "");
        let compiled = site.compile();
        match compiled.files {
            None => {
                let printed = printed(&compiled);
                assert!(
                    printed.contains("url"),
                    "refused, but not for the url:\n{printed}"
                );
            }
            Some(_) => {
                let output = site.scratch().join("public");
                build_into(&site.root, &output);
                let (scanned, findings) = scan_folder(&output, OWN_SCRIPTS);
                assert!(findings.is_empty(), "url {url:?}: {findings:#?}");
                assert!(scanned > 0);
            }
        }
    }
}

/// The base URL comes from the site's own configuration or the command line, but it is
/// still written into every page: it must not turn into a script URL either.
#[test]
fn dangerous_base_urls_cannot_run_script() {
    for base_url in [
        "javascript:alert(1)//",
        "\"><script>alert(1)</script>",
        "https://example.org/\"><script>alert(1)</script>/",
    ] {
        let site = TempSite::new();
        site.article("a", "A", "2017-06-01", "Some text here.\n");
        site.annotation("n", "2017-06-01", "a", "Some text", "");
        let compiled = compile(
            &site.root,
            &BuildOptions {
                base_url: Some(base_url.to_string()),
                ..BuildOptions::default()
            },
        );
        let Some(files) = compiled.files else {
            continue;
        };
        let output = site.scratch().join("public");
        newsline::write::write_output(&output, &files).unwrap();
        let (_, findings) = scan_folder(&output, OWN_SCRIPTS);
        assert!(findings.is_empty(), "base_url {base_url:?}: {findings:#?}");
    }
}

/// The scanner itself must catch each kind of injection, or the tests above prove nothing.
#[test]
fn scanner_catches_what_it_must() {
    let bad = [
        "<script>alert(1)</script>",
        "<script src=\"https://xss.example/static/timeline.js.evil\"></script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<a href=\"  JaVa&#x09;Script:alert(1)\">x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<iframe src=\"https://example.org\"></iframe>",
        "<object></object>",
        "<embed>",
        "<style>body{}</style>",
        "<div style=\"background:url(x)\"></div>",
        "<meta http-equiv=refresh content=0>",
        "<script type=\"application/ld+json\">{\"a\":\"</p>\"}</script>",
        "<script type=\"application/ld+json\">{\"a\":</script>",
        "<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
        "<form action=\"javascript:alert(1)\"></form>",
    ];
    for html in bad {
        let page = format!("<!DOCTYPE html><html><head></head><body>{html}</body></html>");
        assert!(!scan_html("t.html", &page).is_empty(), "not caught: {html}");
    }
    let good = [
        "<script type=\"application/ld+json\">{\"a\":\"\\u003c/script>\"}</script>",
        "<script src=\"../static/timeline.js\" defer></script>",
        "<a href=\"https://example.org/?q=javascript:\">x</a>",
        "<a href=\"#note-1\">x</a>",
        "<a href=\"mailto:a@example.org\">x</a>",
        "<link rel=\"icon\" href=\"data:,\">",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<ol style=\"--n: 3\"></ol>",
    ];
    for html in good {
        let page = format!("<!DOCTYPE html><html><head></head><body>{html}</body></html>");
        assert_eq!(scan_html("t.html", &page), vec![], "false alarm: {html}");
    }
}
