//! The dev server's rebuild after one edited annotation, timed without the watcher or HTTP:
//! builds the site once, then appends a paragraph to one annotation again and again and
//! prints each rebuild's per-stage times (the figure `serve` prints for each save).
//!
//! ```text
//! cargo run --release --example rebuild -- /dev/shm/newsline-bench/n1000/ours [EDITS]
//! ```
//!
//! The edited file is restored at the end.

use std::path::{Path, PathBuf};

use newsline::build::BuildOptions;
use newsline::serve::rebuild::Rebuilder;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: rebuild SITE_ROOT [EDITS]");
        std::process::exit(2);
    };
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let annotations = root.join("content/annotations");
    let mut names: Vec<_> = std::fs::read_dir(&annotations)
        .expect("an annotations folder")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".md") && !name.starts_with('_'))
        .collect();
    names.sort();
    // The same file as ../shared/bench/serve_probe.py edits by default.
    let name = &names[1234 % names.len()];
    let relative = Path::new("content/annotations").join(name);
    let path = root.join(&relative);
    let original = std::fs::read_to_string(&path).expect("a readable annotation");

    let options = BuildOptions {
        without_search_index: true,
        release_reader_texts: false,
        ..BuildOptions::default()
    };
    let mut rebuilder = Rebuilder::new(&root, options);
    println!("first build: {}", rebuilder.rebuild(&[]));
    let mut totals = Vec::new();
    for edit in 0..edits {
        let text = format!("{}\n\nedit marker {edit}\n", original.trim_end());
        std::fs::write(&path, text).expect("the annotation can be written");
        let report = rebuilder.rebuild(std::slice::from_ref(&relative));
        totals.push(report.elapsed.as_secs_f64() * 1000.0);
        println!("{report}");
        rebuilder.publish();
    }
    std::fs::write(&path, original).expect("the annotation can be restored");
    totals.sort_by(f64::total_cmp);
    if let (Some(min), Some(max)) = (totals.first(), totals.last()) {
        println!(
            "{edits} rebuilds: median {:.1} ms, min {min:.1} ms, max {max:.1} ms",
            totals[totals.len() / 2]
        );
    }
}
