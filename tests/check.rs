//! `newsline check`, run as the real binary on one small fixture site per kind of problem.
//!
//! Every folder under `tests/fixtures/check/` is a site (`content/`, sometimes `templates/`)
//! with an `expected.txt`: the exact stderr of `newsline check --root <site>`, with the
//! site's absolute path written `[ROOT]`. A fixture may also have an `expected.json`: the
//! exact stdout of `--format json`. The exit code is checked against the snapshot's summary
//! line: 0 when it says `0 errors`, 1 otherwise.
//!
//! `UPDATE_SNAPSHOTS=1 cargo test --test check` rewrites the snapshots from the current
//! output. Read every changed snapshot before keeping it: each one is the promise of what
//! an author sees, so it must be right and helpful, not merely what the code prints today.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folder holding one fixture site per case.
fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

fn fixture(name: &str) -> PathBuf {
    fixtures_dir().join(name)
}

/// Runs `newsline check --root <root>` with `extra` arguments.
fn run_check(root: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsline"))
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(extra)
        .output()
        .expect("the newsline binary runs")
}

/// Output as text, with the site's absolute path replaced by `[ROOT]` so snapshots do not
/// depend on where the repository is checked out.
fn redacted(bytes: &[u8], root: &Path) -> String {
    String::from_utf8_lossy(bytes).replace(&*root.to_string_lossy(), "[ROOT]")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1")
}

/// Compares `actual` with the snapshot file, or rewrites the file when updating.
#[track_caller]
fn assert_snapshot(snapshot: &Path, actual: &str) {
    if updating() {
        std::fs::write(snapshot, actual)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", snapshot.display()));
        return;
    }
    let expected = std::fs::read_to_string(snapshot).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\n(run with UPDATE_SNAPSHOTS=1 to create it)",
            snapshot.display()
        )
    });
    if expected != actual {
        panic!(
            "output differs from {}\n{}",
            snapshot.display(),
            line_diff(&expected, actual)
        );
    }
}

/// A readable report of where two texts differ: both texts in full, numbered, with the
/// first differing line marked.
fn line_diff(expected: &str, actual: &str) -> String {
    let expected_lines: Vec<&str> = expected.split('\n').collect();
    let actual_lines: Vec<&str> = actual.split('\n').collect();
    let first_difference = expected_lines
        .iter()
        .zip(&actual_lines)
        .position(|(e, a)| e != a)
        .unwrap_or(expected_lines.len().min(actual_lines.len()));
    let mut report = String::new();
    for (title, lines) in [("expected", &expected_lines), ("actual", &actual_lines)] {
        let _ = writeln!(report, "----- {title} -----");
        for (number, line) in lines.iter().enumerate() {
            let marker = if number == first_difference { ">" } else { " " };
            let _ = writeln!(report, "{marker}{:3} | {line:?}", number + 1);
        }
    }
    report
}

/// The exit code a snapshot promises: success only when its summary reports no errors.
fn expected_exit_code(snapshot: &str) -> i32 {
    let summary = snapshot.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("checked [ROOT]: "),
        "the snapshot must end with the summary line, found {summary:?}"
    );
    if summary.contains(": 0 errors,") {
        0
    } else {
        1
    }
}

/// Checks one fixture's human output (and JSON output, when it has a snapshot for it).
#[track_caller]
fn check_fixture(name: &str) {
    let root = fixture(name);
    let output = run_check(&root, &[]);
    let stderr = redacted(&output.stderr, &root);
    assert_snapshot(&root.join("expected.txt"), &stderr);
    assert_eq!(
        output.status.code(),
        Some(expected_exit_code(&stderr)),
        "exit code of `newsline check` on {name}"
    );
    assert!(
        output.stdout.is_empty(),
        "human format prints nothing on stdout, found {:?}",
        redacted(&output.stdout, &root)
    );

    let json_snapshot = root.join("expected.json");
    if json_snapshot.exists() {
        let output = run_check(&root, &["--format", "json"]);
        let stdout = redacted(&output.stdout, &root);
        assert_snapshot(&json_snapshot, &stdout);
        assert!(
            output.stderr.is_empty(),
            "JSON format prints nothing on stderr, found {:?}",
            redacted(&output.stderr, &root)
        );
        assert_eq!(
            output.status.code(),
            Some(expected_exit_code(&stderr)),
            "exit code of `newsline check --format json` on {name}"
        );
    }
}

/// One test per fixture, so `cargo test` names each case that fails.
macro_rules! fixture_tests {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check_fixture($name);
            }
        )*

        /// Every fixture folder has a test above: a new fixture cannot be silently skipped.
        const FIXTURES: &[&str] = &[$($name),*];
    };
}

fixture_tests! {
    clean_site_has_no_diagnostics => "clean",
    missing_front_matter => "missing-front-matter",
    unterminated_front_matter => "unterminated-front-matter",
    invalid_toml => "invalid-toml",
    invalid_yaml => "invalid-yaml",
    unknown_key_suggests_the_nearest_key => "unknown-key",
    unknown_key_in_yaml => "yaml-unknown-key",
    missing_required_key => "missing-required-key",
    wrong_type => "wrong-type",
    impossible_day => "impossible-date-day",
    impossible_month => "impossible-date-month",
    date_range_ending_before_it_starts => "date-range-reversed",
    unknown_article_suggests_the_nearest_slug => "unknown-article",
    article_with_errors_is_not_an_unknown_article => "article-with-errors",
    unknown_article_without_any_articles => "no-articles",
    quote_not_found_shows_the_closest_passage => "quote-not-found",
    quote_ambiguous_suggests_a_prefix => "quote-ambiguous",
    empty_quote => "empty-quote",
    duplicate_slug => "duplicate-slug",
    invalid_slug_characters => "invalid-slug",
    malformed_era => "era-malformed",
    timeline_span_ending_before_it_starts => "timeline-span-reversed",
    template_syntax_error_names_the_unclosed_tag => "template-syntax",
    template_missing_field_names_template_line_and_page => "template-missing-field",
    template_filter_on_wrong_type => "template-filter-type",
    template_failing_on_many_pages_is_reported_once => "template-render-many-pages",
    file_not_utf8_names_the_byte_offset => "not-utf8",
    empty_file => "empty-file",
    bom_and_crlf_keep_positions_right => "bom-crlf",
    // An annotation with a front-matter error still has its quotes checked (regression:
    // its ambiguous quote used to show only once the date was fixed).
    front_matter_and_quote_errors_show_in_one_run => "front-matter-and-quote-errors",
    several_errors_in_several_files_sorted => "several-errors",
}

#[test]
fn every_fixture_folder_has_a_test() {
    let mut folders: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("the fixtures folder exists")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(folders, listed, "fixture folders and fixture_tests! differ");
}

#[test]
fn warnings_alone_do_not_fail_and_deny_warnings_keeps_a_clean_site_passing() {
    let root = fixture("clean");
    for extra in [&[][..], &["--deny-warnings"], &["--format", "json"]] {
        let output = run_check(&root, extra);
        assert_eq!(
            output.status.code(),
            Some(0),
            "check {extra:?} on a clean site"
        );
        assert!(
            output.stdout.is_empty(),
            "check {extra:?} prints no diagnostics"
        );
    }
}

#[test]
fn errors_fail_in_every_format() {
    let root = fixture("unknown-article");
    for extra in [&[][..], &["--deny-warnings"], &["--format", "json"]] {
        let output = run_check(&root, extra);
        assert_eq!(
            output.status.code(),
            Some(1),
            "check {extra:?} on a site with an error"
        );
    }
}

#[test]
fn json_lines_carry_every_field() {
    let root = fixture("several-errors");
    let output = run_check(&root, &["--format", "json"]);
    let stdout = String::from_utf8(output.stdout).expect("JSON output is UTF-8");
    let lines: Vec<&str> = stdout.lines().collect();
    let human = redacted(&run_check(&root, &[]).stderr, &root);
    let human_count = human.matches("\nerror[").count() + usize::from(human.starts_with("error["));
    assert_eq!(lines.len(), human_count, "one JSON line per diagnostic");
    for line in lines {
        let value: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON object: {line}: {e}"));
        for key in [
            "file", "line", "column", "end", "severity", "code", "message", "help",
        ] {
            assert!(value.get(key).is_some(), "`{key}` missing from {line}");
        }
    }
}

#[test]
fn check_writes_nothing() {
    let root = fixture("clean");
    let before = files_under(&root);
    let output = run_check(&root, &[]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(files_under(&root), before, "check created or removed files");
    assert!(!root.join("public").exists());
}

fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| entry.into_path())
        .collect();
    files.sort();
    files
}
