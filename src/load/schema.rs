//! Reading typed values out of a [`Node`] tree, with a diagnostic for every problem.
//!
//! A [`TableReader`] takes the keys a document allows one by one (`required_text`, `date`,
//! `string_list`, …) and remembers each key it was asked for; [`TableReader::finish`] then
//! reports every other key as unknown, with a did-you-mean from exactly those keys. So a
//! document's schema is the list of calls that read it, nothing more.
//!
//! Readers return `None` after reporting a problem and carry on, so one pass reports every
//! problem in a file.

use std::ops::Range;
use std::path::Path;

use super::Spanned;
use super::front_matter::Format;
use super::value::{Entry, Node, NodeKind};
use crate::date::{Date, DateError};
use crate::diag::{self, Diagnostic};

/// What every reader needs: the file, for diagnostics and source text, and the diagnostics.
pub struct Cx<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub format: Format,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    pub fn new(file: &'a Path, text: &'a str, format: Format) -> Self {
        Cx {
            file,
            text,
            format,
            diagnostics: Vec::new(),
        }
    }

    pub fn error(&mut self, code: &'static str, span: Range<usize>, message: String) {
        self.diagnostics
            .push(Diagnostic::error(code, self.file, message).with_span(span));
    }

    /// Like [`Cx::error`], with help.
    pub fn error_help(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        message: String,
        help: String,
    ) {
        self.diagnostics.push(
            Diagnostic::error(code, self.file, message)
                .with_span(span)
                .with_help(help),
        );
    }

    /// The file's text at `span`: the source of a number, or a string with its quotes.
    pub fn source_of(&self, span: &Range<usize>) -> &'a str {
        self.text.get(span.clone()).unwrap_or_default()
    }

    /// Reports a value of the wrong kind: "`title` must be a string, found an integer".
    pub fn wrong_type(&mut self, key: &str, expected: &str, found: &Node) {
        let message = format!(
            "`{key}` must be {expected}, found {}",
            found.kind.describe()
        );
        let quotable = matches!(
            found.kind,
            NodeKind::Integer(_) | NodeKind::Float | NodeKind::Boolean(_) | NodeKind::Datetime(_)
        );
        if quotable && expected.contains("string") {
            let help = "put the value in quotes".to_string();
            self.error_help("wrong-type", found.span.clone(), message, help);
        } else {
            self.error("wrong-type", found.span.clone(), message);
        }
    }

    /// Parses a date written as a string, a bare number (`2017`) or a TOML date, moving the
    /// date parser's error span from the string into the file.
    pub fn date_of(&mut self, key: &str, node: &Node) -> Option<Spanned<Date>> {
        let (result, text) = match &node.kind {
            NodeKind::String(text) => (Date::parse(text), Some(&**text)),
            NodeKind::Integer(_) => {
                let text = self.source_of(&node.span);
                (Date::parse(text), Some(text))
            }
            NodeKind::Datetime(datetime) => (Date::from_toml_datetime(datetime), None),
            _ => {
                self.wrong_type(key, "a date such as \"2017-06-05\"", node);
                return None;
            }
        };
        match result {
            Ok(value) => Some(Spanned {
                value,
                span: node.span.clone(),
            }),
            Err(error) => {
                let span = self.date_error_span(node, text, &error);
                self.diagnostics
                    .push(date_diagnostic(self.file, span, error));
                None
            }
        }
    }

    /// Where in the file a date error is: inside the string when its text is there verbatim
    /// (no escapes), else the whole value.
    fn date_error_span(&self, node: &Node, text: Option<&str>, error: &DateError) -> Range<usize> {
        let written = self.source_of(&node.span);
        let found = text
            .filter(|t| !t.is_empty() && error.span.end <= t.len())
            .and_then(|t| written.find(t));
        match found {
            Some(start) => {
                let start = node.span.start + start;
                start + error.span.start..start + error.span.end
            }
            None => node.span.clone(),
        }
    }
}

fn date_diagnostic(file: &Path, span: Range<usize>, error: DateError) -> Diagnostic {
    let diagnostic = Diagnostic::error("invalid-date", file, error.message).with_span(span);
    match error.help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// Reads the keys of one table. See the module documentation.
pub struct TableReader<'n, 's> {
    entries: &'n [Entry<'s>],
    /// Names the table in "missing key" messages: "front matter", "anchor", …
    what: &'static str,
    /// Where a missing key is reported; `None` reports it against the whole file.
    missing_span: Option<Range<usize>>,
    /// Every key asked for so far: the keys this table allows.
    known: Vec<&'static str>,
}

impl<'n, 's> TableReader<'n, 's> {
    /// A reader over `node`, or `None` after reporting that it is not a table.
    pub fn new(
        cx: &mut Cx,
        key: &str,
        node: &'n Node<'s>,
        what: &'static str,
        missing_span: Option<Range<usize>>,
    ) -> Option<Self> {
        match &node.kind {
            NodeKind::Table(entries) => Some(TableReader {
                entries,
                what,
                missing_span,
                known: Vec::with_capacity(12),
            }),
            _ => {
                cx.wrong_type(key, "a table", node);
                None
            }
        }
    }

    /// A reader over the top-level table of a document, or `None` after reporting that the
    /// document is something else (a YAML list, say).
    pub fn root(
        cx: &mut Cx,
        node: &'n Node<'s>,
        what: &'static str,
        missing_span: Option<Range<usize>>,
    ) -> Option<Self> {
        if matches!(node.kind, NodeKind::Table(_)) {
            return TableReader::new(cx, what, node, what, missing_span);
        }
        let message = format!(
            "{what} must be a table of keys, found {}",
            node.kind.describe()
        );
        let help = format!(
            "write one `{}` line per key",
            cx.format.assignment("key", "value")
        );
        cx.error_help("wrong-type", node.span.clone(), message, help);
        None
    }

    /// The value of `key`, recording the key as allowed.
    pub fn get(&mut self, key: &'static str) -> Option<&'n Node<'s>> {
        if !self.known.contains(&key) {
            self.known.push(key);
        }
        self.entries
            .iter()
            .find(|entry| entry.key == key)
            .map(|entry| &entry.value)
    }

    /// The value of a key that must be present.
    pub fn require(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        example: &str,
    ) -> Option<&'n Node<'s>> {
        let node = self.get(key);
        if node.is_none() {
            let message = format!("{} is missing required key `{key}`", self.what);
            let help = format!("add `{}`", cx.format.assignment(key, example));
            let mut diagnostic = Diagnostic::error("missing-key", cx.file, message).with_help(help);
            diagnostic.span = self.missing_span.clone();
            cx.diagnostics.push(diagnostic);
        }
        node
    }

    /// An optional string.
    pub fn string(&mut self, cx: &mut Cx, key: &'static str) -> Option<Spanned<String>> {
        self.get(key).and_then(|node| string_of(cx, key, node))
    }

    /// A required string that is not blank.
    pub fn required_text(&mut self, cx: &mut Cx, key: &'static str) -> Option<Spanned<String>> {
        let node = self.require(cx, key, "\"…\"")?;
        let text = string_of(cx, key, node)?;
        if text.value.trim().is_empty() {
            let help = format!("fill in `{key}`");
            cx.error_help(
                "empty-value",
                node.span.clone(),
                format!("`{key}` is empty"),
                help,
            );
            return None;
        }
        Some(text)
    }

    /// An optional date.
    pub fn date(&mut self, cx: &mut Cx, key: &'static str) -> Option<Spanned<Date>> {
        self.get(key).and_then(|node| cx.date_of(key, node))
    }

    /// A required date.
    pub fn required_date(&mut self, cx: &mut Cx, key: &'static str) -> Option<Spanned<Date>> {
        let node = self.require(cx, key, "\"2017-06-05\"")?;
        cx.date_of(key, node)
    }

    /// An optional list of non-empty strings; absent is an empty list.
    pub fn string_list(&mut self, cx: &mut Cx, key: &'static str) -> Option<Vec<String>> {
        let Some(node) = self.get(key) else {
            return Some(Vec::new());
        };
        let expected = "a list of strings";
        let NodeKind::Array(items) = &node.kind else {
            cx.wrong_type(key, expected, node);
            if let NodeKind::String(single) = &node.kind
                && let Some(last) = cx.diagnostics.last_mut()
            {
                let list = format!("[{:?}]", single.as_ref());
                last.help = Some(format!(
                    "write a list: `{}`",
                    cx.format.assignment(key, &list)
                ));
            }
            return None;
        };
        let mut strings = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match &item.kind {
                NodeKind::String(s) if s.trim().is_empty() => {
                    let message = format!("`{key}` contains an empty string");
                    let help = "remove it, or write the missing text".to_string();
                    cx.error_help("empty-value", item.span.clone(), message, help);
                    ok = false;
                }
                NodeKind::String(s) => strings.push(s.to_string()),
                _ => {
                    cx.wrong_type(key, expected, item);
                    ok = false;
                }
            }
        }
        ok.then_some(strings)
    }

    /// An optional table.
    pub fn table(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        what: &'static str,
    ) -> Option<TableReader<'n, 's>> {
        let node = self.get(key)?;
        TableReader::new(cx, key, node, what, Some(node.span.clone()))
    }

    /// A table that must be present.
    pub fn required_table(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        example: &str,
        what: &'static str,
    ) -> Option<TableReader<'n, 's>> {
        let node = self.require(cx, key, example)?;
        TableReader::new(cx, key, node, what, Some(node.span.clone()))
    }

    /// An optional list of tables (`[[key]]` in TOML); absent is an empty list. Each item is
    /// `None` when it was not a table.
    pub fn tables(
        &mut self,
        cx: &mut Cx,
        key: &'static str,
        what: &'static str,
    ) -> Option<Vec<Option<TableReader<'n, 's>>>> {
        let Some(node) = self.get(key) else {
            return Some(Vec::new());
        };
        let NodeKind::Array(items) = &node.kind else {
            cx.wrong_type(key, "a list of tables", node);
            if let Some(last) = cx.diagnostics.last_mut() {
                last.help = Some(match cx.format {
                    Format::Toml => format!("write each item as a `[[{key}]]` table"),
                    Format::Yaml => {
                        format!("write each item as `- name: value` lines under `{key}:`")
                    }
                });
            }
            return None;
        };
        let readers = items.iter().map(|item| {
            if !matches!(item.kind, NodeKind::Table(_)) {
                cx.wrong_type(key, "a list of tables", item);
                return None;
            }
            TableReader::new(cx, key, item, what, Some(item.span.clone()))
        });
        Some(readers.collect())
    }

    /// A table whose content is the user's own (`extra`): only its type is checked.
    pub fn ignore_table(&mut self, cx: &mut Cx, key: &'static str) {
        if let Some(node) = self.get(key)
            && !matches!(node.kind, NodeKind::Table(_))
        {
            cx.wrong_type(key, "a table", node);
        }
    }

    /// Reports every key that no reader asked for.
    pub fn finish(self, cx: &mut Cx) {
        for entry in self.entries {
            if self.known.contains(&&*entry.key) {
                continue;
            }
            let help = match diag::closest(&entry.key, self.known.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the keys allowed here are {}", quoted_list(&self.known)),
            };
            let message = format!("unknown key `{}`", entry.key);
            cx.error_help("unknown-key", entry.key_span.clone(), message, help);
        }
    }
}

/// A string value, or `None` after reporting that the value is not one.
pub fn string_of(cx: &mut Cx, key: &str, node: &Node) -> Option<Spanned<String>> {
    match &node.kind {
        NodeKind::String(s) => Some(Spanned {
            value: s.to_string(),
            span: node.span.clone(),
        }),
        _ => {
            cx.wrong_type(key, "a string", node);
            None
        }
    }
}

/// "`a`, `b` and `c`".
pub fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("`{item}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}
