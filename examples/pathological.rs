//! Pathological but legal input, timed: each case is built at a quarter, a half and the full
//! size, and the table shows per-stage times and how the time grows when the size doubles
//! (about 2× means linear; 4× would mean quadratic).
//!
//! ```text
//! cargo run --release --example pathological            # every case
//! cargo run --release --example pathological -- quote   # cases whose name contains "quote"
//! ```

use std::path::Path;
use std::time::{Duration, Instant};

use newsline::build::{BuildOptions, compile};
use newsline::write::write_output;

/// One pathological input: a name, its full size, and how to write a site of a given size.
struct Case {
    name: &'static str,
    /// What the size counts.
    unit: &'static str,
    full: usize,
    write: fn(&Path, usize),
}

const CASES: &[Case] = &[
    Case {
        name: "5 MB article",
        unit: "bytes",
        full: 5_000_000,
        write: big_article,
    },
    Case {
        name: "annotations on one article",
        unit: "annotations",
        full: 10_000,
        write: many_annotations,
    },
    Case {
        name: "long quote",
        unit: "chars",
        full: 10_000,
        write: long_quote,
    },
    Case {
        name: "nested blockquotes",
        unit: "levels",
        full: 10_000,
        write: nested_quotes,
    },
    Case {
        name: "nested lists",
        unit: "levels",
        full: 10_000,
        write: nested_lists,
    },
    Case {
        name: "unclosed brackets and stars",
        unit: "bytes",
        full: 1_000_000,
        write: brackets,
    },
    Case {
        name: "1 MB front matter",
        unit: "bytes",
        full: 1_000_000,
        write: big_front_matter,
    },
    Case {
        name: "many tags",
        unit: "tags",
        full: 20_000,
        write: many_tags,
    },
    Case {
        name: "one 1 MB line",
        unit: "bytes",
        full: 1_000_000,
        write: one_long_line,
    },
];

fn main() {
    let filter = std::env::args().nth(1).unwrap_or_default();
    println!(
        "{:<28} {:>11} {:>9} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>6} {:>7} {:>9}",
        "case",
        "size",
        "input",
        "load",
        "anchor",
        "model",
        "render",
        "write",
        "total",
        "×2→",
        "files",
        "output"
    );
    for case in CASES.iter().filter(|c| c.name.contains(&filter)) {
        let mut previous: Option<Duration> = None;
        for divisor in [4, 2, 1] {
            let size = case.full / divisor;
            let dir = tempfile::tempdir().expect("temporary folder");
            let root = dir.path().join("site");
            write_site_toml(&root);
            (case.write)(&root, size);
            let started = Instant::now();
            let compiled = compile(&root, &BuildOptions::default());
            let compile_time = started.elapsed();
            let Some(files) = compiled.files else {
                let first = compiled.diagnostics.first().map(|d| d.message.clone());
                println!("{:<28} {size:>11} build failed: {first:?}", case.name);
                break;
            };
            let started = Instant::now();
            write_output(&dir.path().join("public"), &files).expect("write");
            let write_time = started.elapsed();
            let total = compile_time + write_time;
            let t = &compiled.timings;
            let growth = previous
                .map(|p| format!("{:.1}×", total.as_secs_f64() / p.as_secs_f64().max(1e-6)))
                .unwrap_or_default();
            let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
            println!(
                "{:<28} {:>11} {:>8.1}M {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>6} {:>7} {:>8.1}M",
                case.name,
                format!("{size} {}", short(case.unit)),
                input_bytes(&root) as f64 / 1e6,
                ms(t.load),
                ms(t.anchor),
                ms(t.model),
                ms(t.render),
                ms(write_time),
                ms(total),
                growth,
                files.len(),
                bytes as f64 / 1e6
            );
            previous = Some(total);
        }
    }
}

/// The size of the site's content, in bytes.
fn input_bytes(root: &Path) -> u64 {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn short(unit: &str) -> &str {
    match unit {
        "bytes" => "B",
        "annotations" => "ann",
        "levels" => "lvl",
        other => other,
    }
}

fn ms(duration: Duration) -> String {
    format!("{:.0}ms", duration.as_secs_f64() * 1000.0)
}

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("folder");
    std::fs::write(path, text).expect("write");
}

fn write_site_toml(root: &Path) {
    write(
        root,
        "content/site.toml",
        "title = \"Pathological\"\ndescription = \"Timing\"\nbase_url = \"https://example.org/\"\nlanguage = \"en\"\n\n[timeline]\nstart = \"2017-01-01\"\nend = \"2017-12-31\"\n",
    );
}

fn article(root: &Path, slug: &str, front: &str, body: &str) {
    write(
        root,
        &format!("content/articles/{slug}.md"),
        &format!(
            "+++\ntitle = \"Article {slug}\"\noutlet = \"Outlet\"\npublished = \"2017-06-01\"\n{front}+++\n{body}"
        ),
    );
}

fn annotation(root: &Path, slug: &str, front: &str, anchors: &[(&str, &str)]) {
    let mut text =
        format!("+++\ntitle = \"Note {slug}\"\ndate = \"2017-06-02\"\nkind = \"event\"\n{front}");
    for (article, quote) in anchors {
        text.push_str(&format!(
            "\n[[anchors]]\narticle = \"{article}\"\nquote = {}\n",
            toml::Value::String(quote.to_string())
        ));
    }
    text.push_str("+++\nCommentary.\n");
    write(root, &format!("content/annotations/{slug}.md"), &text);
}

/// Paragraphs of distinct sentences, `size` bytes in all, with a few annotations.
fn big_article(root: &Path, size: usize) {
    let mut body = String::with_capacity(size + 200);
    let mut n = 0;
    while body.len() < size {
        body.push_str(&format!(
            "Sentence {n} reports that the committee met again, and that the “minutes” — all {n} pages — were released.\n\n"
        ));
        n += 1;
    }
    article(root, "big", "", &body);
    for k in 0..20 {
        let at = n * k / 20;
        annotation(
            root,
            &format!("n{k}"),
            "",
            &[("big", &format!("Sentence {at} reports that"))],
        );
    }
}

/// `count` annotations on one article, each quoting its own sentence (half of them with a
/// typographic variant, so the tolerant matcher runs too).
fn many_annotations(root: &Path, count: usize) {
    let body: String = (0..count)
        .map(|n| format!("Item {n} says the “agency” didn’t respond.\n\n"))
        .collect();
    article(root, "one", "", &body);
    for n in 0..count {
        let quote = if n % 2 == 0 {
            format!("Item {n} says the “agency” didn’t")
        } else {
            format!("Item {n} says the \"agency\" didn't")
        };
        annotation(root, &format!("n{n}"), "", &[("one", &quote)]);
    }
}

/// One quote of `chars` characters taken from the middle of a long article.
fn long_quote(root: &Path, chars: usize) {
    let words: Vec<String> = (0..chars / 3).map(|i| format!("w{i}")).collect();
    let body = words.join(" ");
    let start = body.len() / 4;
    let start = body[start..].find(' ').map_or(0, |i| start + i + 1);
    let quote: String = body[start..].chars().take(chars).collect();
    let quote = quote.trim_end_matches(' ');
    let quote = &quote[..quote.rfind(' ').unwrap_or(quote.len())];
    article(root, "long", "", &format!("{body}\n"));
    annotation(root, "q", "", &[("long", quote)]);
}

fn nested_quotes(root: &Path, depth: usize) {
    let body = format!("{} deep text here\n", "> ".repeat(depth));
    article(root, "deep", "", &body);
    annotation(root, "q", "", &[("deep", "deep text here")]);
}

fn nested_lists(root: &Path, depth: usize) {
    let mut body = String::new();
    for level in 0..depth {
        body.push_str(&"  ".repeat(level));
        body.push_str(&format!("- level {level}\n"));
    }
    body.push_str(&"  ".repeat(depth));
    body.push_str("- the deepest item\n");
    article(root, "deep", "", &body);
    annotation(root, "q", "", &[("deep", "the deepest item")]);
}

/// The inputs that make naive Markdown parsers quadratic: unclosed `[`, `*`, `` ` ``, `<`.
fn brackets(root: &Path, size: usize) {
    let quarter = size / 4;
    let body = format!(
        "{}\n\n{}\n\n{}\n\n{}\n\nclosing words here\n",
        "[".repeat(quarter),
        "*a".repeat(quarter / 2),
        "`a".repeat(quarter / 2),
        "<a".repeat(quarter / 2)
    );
    article(root, "brackets", "", &body);
    annotation(root, "q", "", &[("brackets", "closing words here")]);
}

/// Notes of `size` bytes, and a `removed` list, in the front matter.
fn big_front_matter(root: &Path, size: usize) {
    let notes = "Long provenance notes. ".repeat(size / 2 / 23);
    let removed: Vec<String> = (0..size / 2 / 30)
        .map(|i| toml::Value::String(format!("Share this {i}")).to_string())
        .collect();
    let front = format!(
        "notes = {}\nremoved = [{}]\n",
        toml::Value::String(notes),
        removed.join(", ")
    );
    article(root, "front", &front, "Body text to quote.\n");
    annotation(root, "q", "", &[("front", "Body text")]);
}

/// One annotation with `count` tags.
fn many_tags(root: &Path, count: usize) {
    article(root, "a", "", "Body text to quote.\n");
    let tags: Vec<String> = (0..count)
        .map(|i| toml::Value::String(format!("Tag number {i}")).to_string())
        .collect();
    annotation(
        root,
        "q",
        &format!("tags = [{}]\n", tags.join(", ")),
        &[("a", "Body text")],
    );
}

/// An article whose body is a single line of `size` bytes, quoted in the middle.
fn one_long_line(root: &Path, size: usize) {
    let mut line = String::with_capacity(size + 100);
    let mut n = 0;
    while line.len() < size {
        line.push_str(&format!("word{n} "));
        n += 1;
    }
    article(root, "line", "", &format!("{line}\n"));
    annotation(
        root,
        "q",
        "",
        &[("line", &format!("word{} word{}", n / 2, n / 2 + 1))],
    );
}
