//! Deterministic random inputs for the property tests: a small PRNG, a Markdown generator
//! biased towards the constructs that break renderers, and a mutator for front matter.

use std::time::{Duration, Instant};

/// SplitMix64: tiny, fast, and the same sequence on every platform for a given seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One of `items`, for string lists.
    pub fn word<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// A char boundary of `text`, uniformly among byte positions rounded down.
    pub fn boundary(&mut self, text: &str) -> usize {
        let mut at = self.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }
}

/// How long each property runs: `NEWSLINE_FUZZ_SECS` (default 3 seconds), and the seed:
/// `NEWSLINE_FUZZ_SEED` (default fixed, so a plain `cargo test` is reproducible).
pub struct Budget {
    pub seed: u64,
    pub until: Instant,
}

impl Budget {
    pub fn from_env() -> Budget {
        let secs: f64 = std::env::var("NEWSLINE_FUZZ_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3.0);
        let seed = std::env::var("NEWSLINE_FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x5eed_2017);
        Budget {
            seed,
            until: Instant::now() + Duration::from_secs_f64(secs),
        }
    }

    pub fn running(&self) -> bool {
        Instant::now() < self.until
    }
}

/// Runs `property` on one input per iteration until the budget is spent; a panic names the
/// seed and iteration and prints the input, then fails the test. Returns the iteration count.
pub fn run<I: std::fmt::Debug>(
    name: &str,
    make: impl Fn(&mut Rng) -> I,
    property: impl Fn(&I),
) -> usize {
    let budget = Budget::from_env();
    let mut iterations = 0;
    while budget.running() || iterations < 50 {
        // One generator per iteration, so a failure is replayed from (seed, iteration) alone.
        let mut rng =
            Rng::new(budget.seed ^ (iterations as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
        let input = make(&mut rng);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| property(&input)));
        if let Err(panic) = outcome {
            let shown = format!("{input:?}");
            let shown: String = shown.chars().take(4000).collect();
            eprintln!(
                "{name}: failed at iteration {iterations} (NEWSLINE_FUZZ_SEED={}), input:\n{shown}",
                budget.seed
            );
            std::panic::resume_unwind(panic);
        }
        iterations += 1;
    }
    eprintln!("{name}: {iterations} inputs, seed {}", budget.seed);
    iterations
}

/// Words, including ones that fold (typographic quotes, dashes), combine, or are wide.
const WORDS: &[&str] = &[
    "the",
    "Senate",
    "said",
    "Sessions",
    "a",
    "vote",
    "it’s",
    "“quoted”",
    "‘single’",
    "don't",
    "—",
    "--",
    "…",
    "...",
    "café",
    "cafe\u{301}",
    "naïve",
    "🙂",
    "日本語",
    "x\u{200b}y",
    "soft\u{ad}hyphen",
    "\u{a0}",
    "A.G.",
    "1,000",
    "$5",
    "e.g.",
    "&amp;",
    "&#106;",
    "&colon;",
    "&nbsp;",
    "&bogus;",
    "\\*",
    "\\[",
    "a_b_c",
    "**",
    "__",
    "~~",
    "``",
    "\t",
    "ǅ",
    "ﬁ",
    "İ",
    "\u{301}",
    "\u{202e}",
    "\u{feff}",
];

const URLS: &[&str] = &[
    "https://example.org/a?b=c&d=e#f",
    "http://example.org",
    "mailto:a@example.org",
    "#fragment",
    "../relative/path.html",
    "?query",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java&#09;script:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    " javascript:alert(1)",
    "<javascript:alert(1)>",
    "\"onmouseover=alert(1)",
    "https://example.org/\"onerror=\"alert(1)",
    "",
];

const RAW_HTML: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<b>bold</b>",
    "</p>",
    "<!-- c -->",
    "<a href=\"javascript:alert(1)\">",
    "<style>*{}</style>",
    "<div>",
    "<?php ?>",
    "<![CDATA[x]]>",
];

/// One inline run.
fn inline(rng: &mut Rng, depth: usize, out: &mut String) {
    match rng.below(if depth > 3 { 6 } else { 14 }) {
        0..=3 => out.push_str(rng.word(WORDS)),
        4 => out.push_str(rng.word(RAW_HTML)),
        5 => out.push_str(rng.word(&[" ", "  ", "\n", "  \n", "\\\n", "\r\n", "\r"])),
        6 | 7 => {
            let mark = *rng.pick(&["*", "_", "**", "__", "~~", "`", "~", "==", "$"]);
            out.push_str(mark);
            inlines(rng, depth + 1, out);
            if rng.chance(85) {
                out.push_str(mark);
            }
        }
        8 | 9 => {
            out.push_str(if rng.chance(30) { "![" } else { "[" });
            inlines(rng, depth + 1, out);
            out.push_str("](");
            out.push_str(rng.word(URLS));
            if rng.chance(20) {
                out.push_str(" \"title \\\" onmouseover=x\"");
            }
            out.push(')');
        }
        10 => {
            out.push('<');
            out.push_str(rng.word(URLS));
            out.push('>');
        }
        11 => {
            out.push('[');
            out.push_str(rng.word(WORDS));
            out.push_str("][r]");
        }
        12 => out.push_str("[^1]"),
        _ => {
            out.push_str("{#id onclick=alert(1) .c}");
        }
    }
}

fn inlines(rng: &mut Rng, depth: usize, out: &mut String) {
    for _ in 0..1 + rng.below(6) {
        inline(rng, depth, out);
        if rng.chance(70) {
            out.push(' ');
        }
    }
}

/// A Markdown document of a few blocks, nested up to a small depth.
pub fn markdown(rng: &mut Rng) -> String {
    let mut out = String::new();
    for _ in 0..1 + rng.below(6) {
        block(rng, 0, "", &mut out);
        out.push_str(if rng.chance(80) { "\n\n" } else { "\n" });
    }
    out
}

fn block(rng: &mut Rng, depth: usize, indent: &str, out: &mut String) {
    out.push_str(indent);
    match rng.below(if depth > 2 { 4 } else { 12 }) {
        0..=3 => inlines(rng, depth, out),
        4 => {
            out.push_str(&"#".repeat(1 + rng.below(7)));
            out.push(' ');
            inlines(rng, depth, out);
        }
        5 => {
            let inner = format!("{indent}> ");
            block(rng, depth + 1, &inner, out);
        }
        6 => {
            let bullet = *rng.pick(&["- ", "* ", "1. ", "2) ", "- [ ] ", "- [x] "]);
            out.push_str(bullet);
            inlines(rng, depth, out);
            out.push('\n');
            let inner = format!("{indent}{}", " ".repeat(bullet.len()));
            block(rng, depth + 1, &inner, out);
        }
        7 => {
            let fence = *rng.pick(&["```", "~~~", "````"]);
            out.push_str(fence);
            out.push_str(rng.word(&["", "rust", "\"><script>alert(1)</script>", "js onload=x"]));
            out.push('\n');
            inlines(rng, depth, out);
            out.push('\n');
            if rng.chance(80) {
                out.push_str(indent);
                out.push_str(fence);
            }
        }
        8 => {
            out.push_str(rng.word(RAW_HTML));
            out.push('\n');
            inlines(rng, depth, out);
        }
        9 => {
            out.push_str("| a | b |\n");
            out.push_str(indent);
            out.push_str("|---|:-:|\n");
            out.push_str(indent);
            out.push_str("| ");
            inlines(rng, depth + 1, out);
            out.push_str(" | ");
            inlines(rng, depth + 1, out);
            out.push_str(" |");
        }
        10 => {
            out.push_str(rng.word(&["[r]: ", "[^1]: ", "[R]: "]));
            out.push_str(rng.word(URLS));
        }
        _ => {
            out.push_str(rng.word(&["---", "***", "    indented code", "\t\ttabbed", "$$\nx\n$$"]))
        }
    }
}

/// Fragments that matter to front matter parsers and to the schema.
const FRONT_MATTER_TOKENS: &[&str] = &[
    "+++",
    "+++\n",
    "---\n",
    "\"",
    "'",
    "\"\"\"",
    "'''",
    "[",
    "]",
    "[[anchors]]\n",
    "=",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "é",
    "e\u{301}",
    "🙂",
    "#",
    "{",
    "}",
    ",",
    "\\",
    "\\u00e9",
    "\\U0010FFFF",
    "\\uD800",
    "0",
    "2017-02-30",
    "2017-13-01",
    "1e999",
    "-",
    ":",
    "title = ",
    "quote = \"\"",
    "\t",
    "\u{0}",
    "- ",
    "? ",
    "*",
    "&a",
    "!!binary ",
    "date = ",
    "\"2017\"",
    "\"2017-06\"",
    "\"2017-06-01/2017-06-05\"",
    "\"2017-06-01T10:00:00Z\"",
    "\"../x\"",
    "tags = [",
    "people = [",
    "kind = \"opinion\"",
    "article = ",
    "prefix = \"",
    "suffix = \"",
    "  ",
    "\n\n",
    "inf",
    "nan",
    "true",
    "1979-05-27T07:32:00-08:00",
    "{a = 1}",
    "x.y.z = 1",
    "[extra]\n",
    "[[eras]]\n",
    "|\n  ",
    ">\n  ",
    "&anchor ",
    "*anchor",
    "<<: ",
    "%YAML 1.2\n",
];

/// `seed` with a few random edits: inserted tokens, deleted or duplicated ranges, truncation.
pub fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut text = seed.to_string();
    for _ in 0..1 + rng.below(6) {
        match rng.below(6) {
            0..=2 => {
                let at = rng.boundary(&text);
                text.insert_str(at, rng.word(FRONT_MATTER_TOKENS));
            }
            3 => {
                let a = rng.boundary(&text);
                let b = rng.boundary(&text);
                let (a, b) = (a.min(b), a.max(b));
                let mut end = b.min(a + 40);
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.replace_range(a..end, "");
            }
            4 => {
                let a = rng.boundary(&text);
                let b = rng.boundary(&text);
                let (a, b) = (a.min(b), a.max(b));
                let copy = text[a..b].to_string();
                let at = rng.boundary(&text);
                text.insert_str(at, &copy);
            }
            _ => {
                let at = rng.boundary(&text);
                text.truncate(at);
            }
        }
    }
    text
}
