//! Diagnostics: what the user sees when their input is wrong.
//!
//! Every stage reports problems as [`Diagnostic`] values carrying the file and an absolute
//! byte span into that file's text (after a BOM, if any, was removed). Spans become
//! `line:column` only when printed, through [`LineIndex`], so positions inside front matter
//! are right in the file rather than in a cut-out snippet.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// How bad a diagnostic is. Errors fail a build; warnings fail only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One problem found in the user's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short stable identifier such as `quote-not-found`, for editors and tests.
    pub code: &'static str,
    /// The file, relative to the site root when it is inside it.
    pub file: PathBuf,
    /// Byte range in the file's text; `None` when the problem concerns the whole file.
    pub span: Option<Range<usize>>,
    /// What is wrong, in plain words, without a trailing full stop.
    pub message: String,
    /// How to fix it, when we can tell.
    pub help: Option<String>,
    /// Further locations or facts ("also matches at 12:4").
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            span: None,
            message: message.into(),
            help: None,
            notes: Vec::new(),
        }
    }

    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    pub fn with_span(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Sorts diagnostics by file, then position, so output is stable whatever order stages ran in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (
            &a.file,
            a.span.as_ref().map(|s| s.start),
            a.code,
            &a.message,
        )
            .cmp(&(
                &b.file,
                b.span.as_ref().map(|s| s.start),
                b.code,
                &b.message,
            ))
    });
}

/// Byte offsets of line starts, to turn a byte offset into a 1-based line and column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    /// 1-based line and 1-based column counted in characters. Offsets past the end clamp.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.line_starts[line - 1];
        let end = self.line_starts.get(line).copied().unwrap_or(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The texts of the files diagnostics point into, so they can be printed with positions.
///
/// Two layers: files inserted with [`Sources::insert`], over files inserted with
/// [`Sources::insert_shared`], which clones share. A dev-server session keeps the site's
/// Markdown files in the shared layer, so each rebuild gets them without a copy.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: SourceFiles,
    shared: Arc<SourceFiles>,
}

/// Line indexes are built on first use: most files never get a diagnostic.
type SourceFiles = HashMap<PathBuf, (Arc<str>, OnceLock<LineIndex>)>;

impl Sources {
    /// Every file, those inserted here over the shared ones of the same path.
    fn all(&self) -> impl Iterator<Item = (&PathBuf, &(Arc<str>, OnceLock<LineIndex>))> {
        let overridden = |path: &PathBuf| !self.files.is_empty() && self.files.contains_key(path);
        (self.files.iter()).chain(
            self.shared
                .iter()
                .filter(move |(path, _)| !overridden(path)),
        )
    }

    pub fn insert(&mut self, file: impl Into<PathBuf>, text: Arc<str>) {
        self.files.insert(file.into(), (text, OnceLock::new()));
    }

    /// Room in the shared layer for `additional` more files: a load inserts thousands, and
    /// growing the map step by step rehashed every path several times.
    pub fn reserve_shared(&mut self, additional: usize) {
        Arc::make_mut(&mut self.shared).reserve(additional);
    }

    /// Inserts into the shared layer: in place when no clone shares it any more.
    pub fn insert_shared(&mut self, file: impl Into<PathBuf>, text: Arc<str>) {
        Arc::make_mut(&mut self.shared).insert(file.into(), (text, OnceLock::new()));
    }

    pub fn get(&self, file: &Path) -> Option<(&str, &LineIndex)> {
        self.files
            .get(file)
            .or_else(|| self.shared.get(file))
            .map(|(t, i)| (&**t, i.get_or_init(|| LineIndex::new(t))))
    }

    /// Lets go of the texts of `files`: a build that will print nothing about them need not
    /// keep them.
    pub fn forget<'a>(&mut self, files: impl IntoIterator<Item = &'a Path>) {
        let files: Vec<&Path> = files.into_iter().collect();
        for file in &files {
            self.files.remove(*file);
        }
        if files.iter().any(|file| self.shared.contains_key(*file)) {
            let shared = Arc::make_mut(&mut self.shared);
            for file in files {
                shared.remove(file);
            }
        }
    }

    /// The files held.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.all().map(|(path, _)| path.as_path())
    }

    /// 1-based line and column of a byte offset in a known file.
    pub fn line_col(&self, file: &Path, offset: usize) -> Option<(usize, usize)> {
        self.get(file)
            .map(|(text, index)| index.line_col(text, offset))
    }
}

/// A diagnostic resolved to positions, ready for printing.
struct Located<'a> {
    start: Option<(usize, usize)>,
    end: Option<(usize, usize)>,
    line_text: Option<&'a str>,
}

fn locate<'a>(diagnostic: &'a Diagnostic, sources: &'a Sources) -> Located<'a> {
    let mut located = Located {
        start: None,
        end: None,
        line_text: None,
    };
    if let (Some(span), Some((text, index))) = (&diagnostic.span, sources.get(&diagnostic.file)) {
        let start = index.line_col(text, span.start);
        located.start = Some(start);
        located.end = Some(index.line_col(text, span.end.max(span.start)));
        located.line_text = Some(index.line_text(text, start.0));
    }
    located
}

/// Renders a diagnostic for a terminal: `error[code]: message`, `--> file:line:col`, the
/// line with a caret under the problem, then notes and help.
pub fn render_human(diagnostic: &Diagnostic, sources: &Sources) -> String {
    let located = locate(diagnostic, sources);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}[{}]: {}",
        diagnostic.severity.as_str(),
        diagnostic.code,
        diagnostic.message
    );
    let file = diagnostic.file.display();
    match (located.start, located.end, located.line_text) {
        (Some((line, column)), Some((end_line, end_column)), Some(line_text)) => {
            let _ = writeln!(out, "  --> {file}:{line}:{column}");
            let gutter = line.to_string().len();
            let shown: String = line_text.replace('\t', " ");
            let _ = writeln!(out, "{:gutter$} |", "");
            let _ = writeln!(out, "{line} | {shown}");
            let width = if end_line == line && end_column > column {
                end_column - column
            } else if end_line == line {
                1
            } else {
                (shown.chars().count() + 1).saturating_sub(column).max(1)
            };
            let _ = writeln!(
                out,
                "{:gutter$} | {}{}",
                "",
                " ".repeat(column - 1),
                "^".repeat(width)
            );
        }
        _ => {
            let _ = writeln!(out, "  --> {file}");
        }
    }
    for note in &diagnostic.notes {
        let _ = writeln!(out, "  = note: {note}");
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "  = help: {help}");
    }
    out
}

/// Renders a diagnostic as one JSON object on one line, for editors and CI annotations.
pub fn render_json(diagnostic: &Diagnostic, sources: &Sources) -> String {
    let located = locate(diagnostic, sources);
    let position = |p: Option<(usize, usize)>| match p {
        Some((line, column)) => serde_json::json!({ "line": line, "column": column }),
        None => serde_json::Value::Null,
    };
    serde_json::json!({
        "file": diagnostic.file.to_string_lossy(),
        "line": located.start.map(|p| p.0),
        "column": located.start.map(|p| p.1),
        "end": position(located.end),
        "severity": diagnostic.severity.as_str(),
        "code": diagnostic.code,
        "message": diagnostic.message,
        "help": diagnostic.help,
        "notes": diagnostic.notes,
    })
    .to_string()
}

/// The closest of `candidates` to `word` by edit distance, if it is close enough to be a
/// plausible typo. Used for "did you mean" help on keys and slugs.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_handles_crlf() {
        let text = "ab\r\ncé d\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 4), (2, 1));
        // 'é' is two bytes; 'd' is the fourth character of line 2.
        assert_eq!(index.line_col(text, 8), (2, 4));
        assert_eq!(index.line_text(text, 1), "ab");
    }

    #[test]
    fn files_inserted_over_shared_ones_win_and_clones_share() {
        let mut shared = Sources::default();
        shared.insert_shared("a.md", Arc::from("old"));
        shared.insert_shared("b.md", Arc::from("b"));
        let mut copy = shared.clone();
        copy.insert("a.md", Arc::from("new"));
        copy.insert("c.toml", Arc::from("c"));
        assert_eq!(copy.get(Path::new("a.md")).map(|(t, _)| t), Some("new"));
        assert_eq!(copy.get(Path::new("b.md")).map(|(t, _)| t), Some("b"));
        let mut paths: Vec<&Path> = copy.paths().collect();
        paths.sort();
        assert_eq!(
            paths,
            [Path::new("a.md"), Path::new("b.md"), Path::new("c.toml")]
        );
        // The original is untouched, and a shared insert while a clone lives copies.
        assert_eq!(shared.get(Path::new("a.md")).map(|(t, _)| t), Some("old"));
        shared.insert_shared("b.md", Arc::from("b2"));
        assert_eq!(copy.get(Path::new("b.md")).map(|(t, _)| t), Some("b"));
    }

    #[test]
    fn forgotten_files_go_from_both_layers_and_the_text_is_freed() {
        let text: Arc<str> = Arc::from("a long annotation");
        let mut sources = Sources::default();
        sources.insert_shared("a.md", Arc::clone(&text));
        sources.insert("a.md", Arc::clone(&text));
        sources.insert_shared("b.md", Arc::from("b"));
        sources.forget([Path::new("a.md"), Path::new("missing.md")]);
        assert!(sources.get(Path::new("a.md")).is_none());
        assert_eq!(sources.get(Path::new("b.md")).map(|(t, _)| t), Some("b"));
        assert_eq!(Arc::strong_count(&text), 1, "no copy of the text is kept");
    }

    #[test]
    fn caret_points_under_the_span() {
        let mut sources = Sources::default();
        sources.insert("a.md", Arc::from("+++\ntitel = \"x\"\n+++\n"));
        let d = Diagnostic::error("unknown-key", "a.md", "unknown key `titel`")
            .with_span(4..9)
            .with_help("did you mean `title`?");
        assert_eq!(
            render_human(&d, &sources),
            "error[unknown-key]: unknown key `titel`\n  --> a.md:2:1\n  |\n2 | titel = \"x\"\n  | ^^^^^\n  = help: did you mean `title`?\n"
        );
    }

    #[test]
    fn closest_suggests_only_plausible_typos() {
        let keys = ["title", "outlet", "published"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("zzzzzzzz", keys), None);
    }
}
