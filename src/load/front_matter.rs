//! Splitting a Markdown file into front matter and body.
//!
//! Front matter is TOML between `+++` lines or YAML between `---` lines, starting on the
//! first line of the file. A fence line is exactly `+++` or `---`, optionally followed by
//! spaces, ended by `\n` or `\r\n`. Only ranges are returned, never cut-out strings, so
//! every later position stays an absolute offset in the file.

use std::ops::Range;
use std::path::Path;

use super::value::{self, Node};
use crate::diag::Diagnostic;

/// The language of a file's front matter, chosen by its fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

impl Format {
    pub fn fence(self) -> &'static str {
        match self {
            Format::Toml => "+++",
            Format::Yaml => "---",
        }
    }

    /// How a `key` with an example value is written in this format, for help messages.
    pub fn assignment(self, key: &str, toml_value: &str) -> String {
        match self {
            Format::Toml => format!("{key} = {toml_value}"),
            // YAML reads the same quoted strings and `[..]` lists as TOML.
            Format::Yaml => format!("{key}: {toml_value}"),
        }
    }
}

/// Where the parts of a file with front matter are, as byte ranges of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    pub format: Format,
    /// The opening `+++` or `---`, where whole-document problems are reported.
    pub opening_fence: Range<usize>,
    /// The text between the fence lines.
    pub content: Range<usize>,
    /// Everything after the closing fence line.
    pub body: Range<usize>,
}

/// Finds the front matter of `text`. `example` is a minimal valid front matter (fences
/// included), shown in help when the front matter is missing.
#[allow(
    clippy::result_large_err,
    reason = "a file without front matter is rare; boxing the diagnostic would only add noise"
)]
pub fn split(file: &Path, text: &str, example: &str) -> Result<FrontMatter, Diagnostic> {
    let example_help = || indent(example);
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error("empty-file", file, "file is empty").with_help(format!(
                "start the file with front matter, for example:\n{}",
                example_help()
            )),
        );
    }
    let (first_line, content_start) = line_at(text, 0);
    let Some(format) = fence_format(first_line) else {
        return Err(missing_front_matter(file, text, first_line, example_help()));
    };
    let fence = format.fence();
    let opening_fence = 0..fence.len();
    let mut line_start = content_start;
    while line_start < text.len() {
        let (line, next_line) = line_at(text, line_start);
        if is_fence(line, fence) {
            return Ok(FrontMatter {
                format,
                opening_fence,
                content: content_start..line_start,
                body: next_line..text.len(),
            });
        }
        line_start = next_line;
    }
    Err(Diagnostic::error(
        "unterminated-front-matter",
        file,
        "front matter is not closed",
    )
    .with_span(opening_fence)
    .with_help(format!(
        "add a line with only `{fence}` after the last front matter line"
    )))
}

/// Splits `text` and parses its front matter into a value tree.
pub fn parse<'s>(
    file: &Path,
    text: &'s str,
    example: &str,
) -> Result<(FrontMatter, Node<'s>), Vec<Diagnostic>> {
    let front_matter = split(file, text, example).map_err(|d| vec![d])?;
    let content = front_matter.content.clone();
    let tree = match front_matter.format {
        Format::Toml => value::parse_toml(file, text, content),
        Format::Yaml => value::parse_yaml(file, text, content),
    }?;
    Ok((front_matter, tree))
}

/// The line starting at `start` without its line ending, and where the next line starts.
fn line_at(text: &str, start: usize) -> (&str, usize) {
    let rest = text.get(start..).unwrap_or_default();
    match rest.find('\n') {
        Some(newline) => (&rest[..newline], start + newline + 1),
        None => (rest, text.len()),
    }
}

fn fence_format(line: &str) -> Option<Format> {
    [Format::Toml, Format::Yaml]
        .into_iter()
        .find(|format| is_fence(line, format.fence()))
}

fn is_fence(line: &str, fence: &str) -> bool {
    line.strip_suffix('\r')
        .unwrap_or(line)
        .trim_end_matches(' ')
        .eq(fence)
}

fn missing_front_matter(file: &Path, text: &str, first_line: &str, example: String) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        "missing-front-matter",
        file,
        "file does not start with front matter",
    );
    // A fence after blank lines is the likeliest mistake; point at what is in the way.
    let leading_blank = text.len() - text.trim_start().len();
    let after_blank = line_at(text, leading_blank).0;
    if leading_blank > 0 && fence_format(after_blank).is_some() {
        let (line, _) = crate::diag::LineIndex::new(text).line_col(text, leading_blank);
        return diagnostic.with_span(0..leading_blank).with_help(format!(
            "remove the blank lines before the fence on line {line}: front matter must start on the first line"
        ));
    }
    diagnostic
        .with_span(0..first_line.trim_end_matches('\r').len())
        .with_help(format!(
            "start the file with front matter between `+++` lines (TOML) or `---` lines (YAML), for example:\n{example}"
        ))
}

/// Indents a multi-line example so it reads as a block under a help line.
fn indent(example: &str) -> String {
    example
        .lines()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}
