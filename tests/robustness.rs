//! Never falls over: files that are not UTF-8, carry a BOM, use CRLF or lone CR line endings,
//! or are empty get a clear diagnostic or are handled; special files (a FIFO named like an
//! article) neither hang nor crash a build. Everything goes through `compile()`.

mod hardening;

use std::sync::mpsc;
use std::time::Duration;

use hardening::{TempSite, annotation_md, article_md, build_into, printed};
use newsline::build::Compiled;

/// Compiles in a thread and fails the test if it takes longer than `limit` (a hang) or panics.
#[track_caller]
fn compile_within(site: &TempSite, limit: Duration) -> Compiled {
    let root = site.root.clone();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let compiled = newsline::build::compile(&root, &Default::default());
        let _ = sender.send(compiled);
    });
    match receiver.recv_timeout(limit) {
        Ok(compiled) => compiled,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("the build did not finish within {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the build panicked"),
    }
}

fn good_site() -> TempSite {
    let site = TempSite::new();
    site.write(
        "content/articles/a.md",
        &article_md(
            "A",
            "Outlet",
            "2017-06-01",
            "",
            "First paragraph of the article.\n\nSecond paragraph here.\n",
        ),
    );
    site.write(
        "content/annotations/n.md",
        &annotation_md(
            "N",
            "2017-06-01",
            &[],
            &[],
            &[("a", "Second paragraph")],
            "",
            "Commentary.",
        ),
    );
    site
}

/// The printed diagnostics, with the build refused.
#[track_caller]
fn refused(site: &TempSite) -> String {
    let compiled = compile_within(site, Duration::from_secs(60));
    assert!(
        compiled.files.is_none(),
        "the build should have been refused"
    );
    let text = printed(&compiled);
    assert!(!text.is_empty());
    text
}

#[test]
fn files_that_are_not_utf8_get_a_clear_diagnostic() {
    let cases: &[(&str, &[u8])] = &[
        (
            "latin-1",
            b"+++\ntitle = \"Caf\xe9\"\noutlet = \"O\"\npublished = \"2017-06-01\"\n+++\nBody\n",
        ),
        ("utf-16 le with bom", b"\xff\xfe+\x00+\x00+\x00\n\x00"),
        ("overlong slash", b"+++\ntitle = \"\xc0\xaf\"\n+++\n"),
        ("surrogate", b"+++\ntitle = \"\xed\xa0\x80\"\n+++\n"),
        (
            "truncated sequence at the end",
            b"+++\ntitle = \"x\"\n+++\nBody \xe2\x80",
        ),
        ("binary", &[0, 159, 146, 150, 255, 0, 1, 2]),
    ];
    for (what, bytes) in cases {
        for file in [
            "content/articles/bad.md",
            "content/annotations/bad.md",
            "content/site.toml",
        ] {
            let site = good_site();
            site.write_bytes(file, bytes);
            let printed = refused(&site);
            assert!(
                printed.contains("UTF-8") && printed.contains(file.rsplit('/').next().unwrap()),
                "{what} in {file}:\n{printed}"
            );
        }
    }
}

#[test]
fn a_template_that_is_not_utf8_gets_a_clear_diagnostic() {
    let site = good_site();
    site.write_bytes("templates/base.html", b"<p>\xff</p>");
    let printed = refused(&site);
    assert!(
        printed.contains("UTF-8") && printed.contains("base.html"),
        "{printed}"
    );
}

#[test]
fn binary_static_files_are_copied_as_they_are() {
    let site = good_site();
    let png: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    site.write_bytes("static/picture.png", &png);
    let output = site.scratch().join("public");
    build_into(&site.root, &output);
    assert_eq!(
        std::fs::read(output.join("static/picture.png")).unwrap(),
        png
    );
}

/// A BOM, CRLF line endings, or both, on every file: the site builds the same as without.
#[test]
fn bom_and_crlf_are_handled() {
    let plain = good_site();
    let plain_output = plain.scratch().join("public");
    build_into(&plain.root, &plain_output);
    let expected = std::fs::read_to_string(plain_output.join("articles/a/index.html")).unwrap();

    for (bom, crlf) in [(true, false), (false, true), (true, true)] {
        let site = good_site();
        for file in [
            "content/site.toml",
            "content/articles/a.md",
            "content/annotations/n.md",
        ] {
            let text = std::fs::read_to_string(site.root.join(file)).unwrap();
            let text = if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            };
            let text = if bom { format!("\u{feff}{text}") } else { text };
            site.write(file, &text);
        }
        let compiled = compile_within(&site, Duration::from_secs(60));
        assert!(
            compiled.files.is_some(),
            "bom {bom}, crlf {crlf}:\n{}",
            printed(&compiled)
        );
        let output = site.scratch().join("public");
        build_into(&site.root, &output);
        let page = std::fs::read_to_string(output.join("articles/a/index.html")).unwrap();
        assert!(!page.contains('\u{feff}'), "the BOM leaked into the page");
        if !crlf {
            assert_eq!(page, expected, "a BOM changed the page");
        }
        assert!(
            page.contains("<mark"),
            "the quote was not highlighted (bom {bom}, crlf {crlf})"
        );
    }
}

/// A quote written across a line break matches the article whatever its line endings.
#[test]
fn quotes_anchor_across_crlf_line_breaks() {
    let site = TempSite::new();
    site.write(
        "content/articles/a.md",
        &article_md(
            "A",
            "O",
            "2017-06-01",
            "",
            "A sentence that runs\r\nacross two lines.\r\n",
        )
        .replace('\n', "\r\n")
        .replace("\r\r\n", "\r\n"),
    );
    site.write(
        "content/annotations/n.md",
        &annotation_md(
            "N",
            "2017-06-01",
            &[],
            &[],
            &[("a", "runs across two")],
            "",
            "x",
        )
        .replace('\n', "\r\n"),
    );
    let compiled = compile_within(&site, Duration::from_secs(60));
    assert!(compiled.files.is_some(), "{}", printed(&compiled));
}

#[test]
fn lone_carriage_returns_do_not_crash() {
    let site = good_site();
    for file in [
        "content/articles/a.md",
        "content/annotations/n.md",
        "content/site.toml",
    ] {
        let text = std::fs::read_to_string(site.root.join(file)).unwrap();
        site.write(file, &text.replace('\n', "\r"));
    }
    // Handled or refused; either way, no panic and a diagnostic when refused.
    let compiled = compile_within(&site, Duration::from_secs(60));
    if compiled.files.is_none() {
        assert!(!compiled.diagnostics.is_empty());
    }
}

#[test]
fn empty_and_truncated_files_get_a_clear_diagnostic() {
    let cases: &[(&str, &str)] = &[
        ("empty", ""),
        ("only a BOM", "\u{feff}"),
        ("whitespace", " \n\n\t\n"),
        ("an opening fence", "+++"),
        ("an opening fence and a newline", "+++\n"),
        ("an unterminated front matter", "+++\ntitle = \"x\"\n"),
        ("an empty front matter", "+++\n+++\n"),
        ("a YAML fence only", "---\n"),
        ("a body without front matter", "Just some text.\n"),
        ("an unterminated string", "+++\ntitle = \"x\n+++\n"),
    ];
    for (what, text) in cases {
        for file in ["content/articles/bad.md", "content/annotations/bad.md"] {
            let site = good_site();
            site.write(file, text);
            let printed = refused(&site);
            assert!(printed.contains("bad.md"), "{what} in {file}:\n{printed}");
        }
    }
    for (what, text) in [
        ("empty", ""),
        ("only a BOM", "\u{feff}"),
        ("garbage", "[[["),
    ] {
        let site = good_site();
        site.write("content/site.toml", text);
        let printed = refused(&site);
        assert!(
            printed.contains("site.toml"),
            "{what} site.toml:\n{printed}"
        );
    }
}

/// A FIFO named like an article would block a reader forever: it must be skipped or
/// reported, not read.
#[test]
fn special_files_named_like_content_do_not_hang_the_build() {
    for place in [
        "content/articles/pipe.md",
        "content/annotations/pipe.md",
        "templates/pipe.html",
        "static/pipe.css",
    ] {
        let site = good_site();
        let path = site.root.join(place);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let status = std::process::Command::new("mkfifo").arg(&path).status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("note: mkfifo is not available; special files were not exercised");
            return;
        }
        let compiled = compile_within(&site, Duration::from_secs(20));
        if compiled.files.is_none() {
            assert!(
                printed(&compiled).contains("pipe"),
                "{place}: {}",
                printed(&compiled)
            );
        }
    }
}

/// A folder named like a content file is not a file.
#[test]
fn folders_named_like_content_files_are_not_read() {
    let site = good_site();
    std::fs::create_dir_all(site.root.join("content/articles/folder.md")).unwrap();
    std::fs::create_dir_all(site.root.join("content/annotations/folder.md")).unwrap();
    std::fs::create_dir_all(site.root.join("templates/folder.html")).unwrap();
    let compiled = compile_within(&site, Duration::from_secs(60));
    assert!(compiled.files.is_some(), "{}", printed(&compiled));
}

/// Symlinks that loop, or point nowhere, inside content/.
#[test]
fn broken_and_looping_symlinks_are_reported_not_followed_forever() {
    let site = good_site();
    std::os::unix::fs::symlink("nowhere.md", site.root.join("content/articles/dangling.md"))
        .unwrap();
    std::os::unix::fs::symlink("..", site.root.join("content/annotations/loop")).unwrap();
    let compiled = compile_within(&site, Duration::from_secs(30));
    if compiled.files.is_none() {
        let printed = printed(&compiled);
        assert!(
            printed.contains("dangling") || printed.contains("loop"),
            "{printed}"
        );
    }
}

/// A new site: `site.toml` and nothing else yet, or articles without any dated annotation.
/// The timeline is empty, and the build must still work (it panicked in `page_title`).
#[test]
fn a_site_without_dated_annotations_builds() {
    let site = TempSite::new();
    let compiled = compile_within(&site, Duration::from_secs(60));
    assert!(compiled.files.is_some(), "{}", printed(&compiled));

    site.write(
        "content/articles/a.md",
        &article_md("A", "Outlet", "2017-06-01", "", "Some text.\n"),
    );
    site.write(
        "content/annotations/undated.md",
        "+++\ntitle = \"Undated\"\nkind = \"context\"\n\n[[anchors]]\narticle = \"a\"\nquote = \"Some text\"\n+++\nA note.\n",
    );
    let compiled = compile_within(&site, Duration::from_secs(60));
    assert!(compiled.files.is_some(), "{}", printed(&compiled));
}

/// An error in one file must not make the rest of the pipeline panic while `check` renders
/// anyway to collect every other diagnostic (here: the only annotation is refused, leaving
/// the timeline empty).
#[test]
fn a_refused_annotation_does_not_crash_the_render() {
    let site = good_site();
    site.write(
        "content/annotations/n.md",
        "+++\ntitle = \"N\"\ndate = \"not a date\"\nkind = \"event\"\n+++\nx\n",
    );
    let root = site.root.clone();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let options = newsline::build::BuildOptions {
            render_despite_errors: true,
            ..Default::default()
        };
        let _ = sender.send(newsline::build::compile(&root, &options));
    });
    let compiled = receiver
        .recv_timeout(Duration::from_secs(60))
        .expect("the build panicked or hung");
    assert!(compiled.files.is_none());
    let text = printed(&compiled);
    assert!(text.contains("n.md"), "{text}");
    // And through the command a user runs.
    let (code, stderr) = check_in_child(&site);
    assert_eq!(code, Some(1), "{stderr}");
}

/// Runs `newsline check` on the site in a child process, so a stack overflow (which aborts
/// the process and cannot be caught) shows as a signal, not as a crashed test run. Returns
/// the exit code and stderr.
fn check_in_child(site: &TempSite) -> (Option<i32>, String) {
    // Stderr goes to a file: a pipe nobody reads while waiting would block the child.
    let log = site.scratch().join("stderr.txt");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newsline"))
        .args(["check", "--root"])
        .arg(&site.root)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log file"))
        .spawn()
        .expect("run newsline");
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let stderr = std::fs::read_to_string(&log).unwrap_or_default();
            let stderr: String = stderr.chars().take(2000).collect();
            return (status.code(), stderr);
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("newsline check did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Front matter nested 100,000 levels deep (TOML arrays and inline tables, YAML flow and
/// block collections): a diagnostic or a result, never a stack overflow.
#[test]
fn deeply_nested_front_matter_does_not_overflow_the_stack() {
    let depth = 100_000;
    let cases = [
        (
            "toml arrays",
            format!(
                "+++\ntitle = \"t\"\nx = {}{}\n+++\n",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
        ),
        (
            "toml tables",
            format!(
                "+++\ntitle = \"t\"\nx = {}{}\n+++\n",
                "{a = ".repeat(depth),
                "}".repeat(depth)
            ),
        ),
        (
            "toml unclosed",
            format!("+++\ntitle = \"t\"\nx = {}\n+++\n", "[".repeat(depth)),
        ),
        (
            "yaml flow",
            format!(
                "---\ntitle: t\nx: {}{}\n---\n",
                "[".repeat(depth),
                "]".repeat(depth)
            ),
        ),
        (
            "yaml flow maps",
            format!(
                "---\ntitle: t\nx: {}{}\n---\n",
                "{a: ".repeat(depth),
                "}".repeat(depth)
            ),
        ),
        ("yaml block", {
            let mut text = String::from("---\ntitle: t\n");
            for level in 0..5_000 {
                text.push_str(&" ".repeat(level));
                text.push_str("- \n");
            }
            text.push_str("---\n");
            text
        }),
        ("yaml anchors", {
            // The "billion laughs": aliases that expand exponentially.
            let mut text = String::from("---\ntitle: t\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for level in 1..12 {
                let previous = format!("*a{}", level - 1);
                let list = [previous.as_str(); 10].join(", ");
                text.push_str(&format!("a{level}: &a{level} [{list}]\n"));
            }
            text.push_str("---\n");
            text
        }),
    ];
    for (what, text) in cases {
        for file in ["content/articles/deep.md", "content/annotations/deep.md"] {
            let site = good_site();
            site.write(file, &text);
            let (code, stderr) = check_in_child(&site);
            assert_eq!(code, Some(1), "{what} in {file}: {stderr}");
            assert!(stderr.contains("deep.md"), "{what} in {file}: {stderr}");
        }
    }
}

/// Markdown nested 10,000 levels deep: the article is rendered, not a crash.
#[test]
fn deeply_nested_markdown_does_not_overflow_the_stack() {
    let depth = 10_000;
    let mut nested_list = String::new();
    for level in 0..depth {
        nested_list.push_str(&"  ".repeat(level));
        nested_list.push_str("- item\n");
    }
    let cases = [
        (
            "blockquotes",
            format!("{} deep words\n", "> ".repeat(depth)),
        ),
        ("lists", nested_list),
        (
            "ordered lists",
            format!("{} deep words\n", "1. ".repeat(depth)),
        ),
        (
            "emphasis",
            format!("{}deep words{}\n", "*_".repeat(depth), "_*".repeat(depth)),
        ),
        (
            "links",
            format!("{}deep words{}\n", "[".repeat(depth), "](x)".repeat(depth)),
        ),
        (
            "images",
            format!("{}deep words{}\n", "![".repeat(depth), "](x)".repeat(depth)),
        ),
    ];
    for (what, body) in cases {
        let site = TempSite::new();
        site.write(
            "content/articles/deep.md",
            &article_md("Deep", "O", "2017-06-01", "", &body),
        );
        site.write(
            "content/annotations/n.md",
            &annotation_md("N", "2017-06-01", &[], &[], &[("deep", "deep")], "", "x"),
        );
        let (code, stderr) = check_in_child(&site);
        assert!(
            matches!(code, Some(0) | Some(1)),
            "{what}: exit {code:?}: {stderr}"
        );
    }
}
