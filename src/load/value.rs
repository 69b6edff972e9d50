//! One spanned value tree for front matter, whatever its format.
//!
//! TOML (through `toml::de::DeTable`) and YAML (through `saphyr::MarkedYaml`) are both turned
//! into a [`Node`] tree whose spans are absolute byte offsets in the file, so the schema code
//! in [`super::schema`] is written once and every diagnostic points at the right place in
//! either format.

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use toml::de::{DeTable, DeValue};

use crate::diag::Diagnostic;

/// A value and the byte range of its source text in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'s> {
    pub kind: NodeKind<'s>,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind<'s> {
    String(Cow<'s, str>),
    /// `None` when the number does not fit an `i64`. Its text is the node's span.
    Integer(Option<i64>),
    Float,
    Boolean(bool),
    /// An unquoted TOML date or date-time.
    Datetime(toml::value::Datetime),
    /// A YAML key with no value, or `null`.
    Null,
    Array(Vec<Node<'s>>),
    /// Entries in source order.
    Table(Vec<Entry<'s>>),
}

/// One `key = value` of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'s> {
    pub key: Cow<'s, str>,
    pub key_span: Range<usize>,
    pub value: Node<'s>,
}

impl NodeKind<'_> {
    /// The kind of value, with its article, for "found an integer" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            NodeKind::String(_) => "a string",
            NodeKind::Integer(_) => "an integer",
            NodeKind::Float => "a decimal number",
            NodeKind::Boolean(_) => "a boolean",
            NodeKind::Datetime(_) => "an unquoted date",
            NodeKind::Null => "an empty value",
            NodeKind::Array(_) => "a list",
            NodeKind::Table(_) => "a table",
        }
    }
}

/// Parses TOML text found at `range` of the file `text` into a tree spanning the file.
pub fn parse_toml<'s>(
    file: &Path,
    text: &'s str,
    range: Range<usize>,
) -> Result<Node<'s>, Vec<Diagnostic>> {
    let offset = range.start;
    let source = text.get(range.clone()).unwrap_or_default();
    let (table, errors) = DeTable::parse_recoverable(source);
    if !errors.is_empty() {
        let mut diagnostics: Vec<Diagnostic> = errors
            .iter()
            .map(|error| {
                let span = error
                    .span()
                    .map_or(offset..offset, |s| s.start + offset..s.end + offset);
                Diagnostic::error("invalid-toml", file, error.message()).with_span(span)
            })
            .collect();
        diagnostics.sort_by_key(|d| d.span.as_ref().map(|s| s.start));
        return Err(diagnostics);
    }
    Ok(Node {
        kind: toml_table(table.into_inner(), offset),
        span: range,
    })
}

fn toml_node(value: toml::Spanned<DeValue<'_>>, offset: usize) -> Node<'_> {
    let span = value.span();
    let kind = match value.into_inner() {
        DeValue::String(s) => NodeKind::String(s),
        DeValue::Integer(i) => NodeKind::Integer(i64::from_str_radix(i.as_str(), i.radix()).ok()),
        DeValue::Float(_) => NodeKind::Float,
        DeValue::Boolean(b) => NodeKind::Boolean(b),
        DeValue::Datetime(d) => NodeKind::Datetime(d),
        DeValue::Array(items) => NodeKind::Array(
            items
                .into_iter()
                .map(|item| toml_node(item, offset))
                .collect(),
        ),
        DeValue::Table(table) => toml_table(table, offset),
    };
    Node {
        kind,
        span: span.start + offset..span.end + offset,
    }
}

fn toml_table(table: DeTable<'_>, offset: usize) -> NodeKind<'_> {
    let mut entries: Vec<Entry> = table
        .into_iter()
        .map(|(key, value)| {
            let key_span = key.span();
            Entry {
                key: key.into_inner(),
                key_span: key_span.start + offset..key_span.end + offset,
                value: toml_node(value, offset),
            }
        })
        .collect();
    // The TOML map is sorted by key; diagnostics read better in the order of the file.
    entries.sort_by_key(|e| e.key_span.start);
    NodeKind::Table(entries)
}

/// Nesting (indentation plus indicators on one line) beyond which YAML is refused unread.
/// saphyr builds and drops its tree recursively, so a few kilobytes of `- - - -` would
/// otherwise overflow the stack; real front matter needs fewer than ten levels.
const YAML_NESTING_LIMIT: usize = 200;

/// Parses YAML text found at `range` of the file `text` into a tree spanning the file.
/// An empty document is an empty table.
pub fn parse_yaml<'s>(
    file: &Path,
    text: &'s str,
    range: Range<usize>,
) -> Result<Node<'s>, Vec<Diagnostic>> {
    let offset = range.start;
    let source = text.get(range.clone()).unwrap_or_default();
    if let Some(line) = too_deeply_nested_line(source) {
        return Err(vec![
            Diagnostic::error("invalid-yaml", file, "front matter is nested too deeply")
                .with_span(line.start + offset..line.end + offset)
                .with_help(format!(
                    "use at most {YAML_NESTING_LIMIT} levels of indentation and nesting"
                )),
        ]);
    }
    let positions = CharPositions::new(source, offset);
    let documents = match MarkedYaml::load_from_str(source) {
        Ok(documents) => documents,
        Err(error) => {
            let at = positions.byte(error.marker().index());
            return Err(vec![
                Diagnostic::error("invalid-yaml", file, error.info()).with_span(at..at),
            ]);
        }
    };
    let Some(document) = documents.into_iter().next() else {
        return Ok(Node {
            kind: NodeKind::Table(Vec::new()),
            span: range,
        });
    };
    let mut builder = YamlBuilder {
        file,
        text,
        positions,
        diagnostics: Vec::new(),
    };
    let node = builder.node(document);
    if builder.diagnostics.is_empty() {
        Ok(node)
    } else {
        Err(builder.diagnostics)
    }
}

/// The first line whose indentation plus block and flow indicators exceed the nesting limit.
/// Every nested block collection is either more indented than its parent or opened by an
/// indicator on the same line, and flow nesting is capped by saphyr, so this bounds depth.
fn too_deeply_nested_line(source: &str) -> Option<Range<usize>> {
    let mut start = 0;
    for line in source.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let indicators = bytes
            .iter()
            .enumerate()
            .filter(|&(i, &b)| match b {
                b'[' | b'{' => true,
                b'-' | b'?' | b':' => {
                    matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
                }
                _ => false,
            })
            .count();
        if indent + indicators > YAML_NESTING_LIMIT {
            return Some(start..start + line.trim_end().len());
        }
        start += line.len();
    }
    None
}

/// saphyr counts positions in characters; diagnostics need bytes.
struct CharPositions {
    offset: usize,
    /// Byte offset of each character, plus the end; empty when the text is ASCII.
    bytes: Vec<usize>,
    len: usize,
}

impl CharPositions {
    fn new(source: &str, offset: usize) -> Self {
        let bytes = if source.is_ascii() {
            Vec::new()
        } else {
            source
                .char_indices()
                .map(|(i, _)| i)
                .chain([source.len()])
                .collect()
        };
        CharPositions {
            offset,
            bytes,
            len: source.len(),
        }
    }

    /// The absolute byte offset in the file of a character index in the YAML text.
    fn byte(&self, char_index: usize) -> usize {
        let relative = if self.bytes.is_empty() {
            char_index.min(self.len)
        } else {
            self.bytes.get(char_index).copied().unwrap_or(self.len)
        };
        relative + self.offset
    }
}

struct YamlBuilder<'a, 's> {
    file: &'a Path,
    text: &'s str,
    positions: CharPositions,
    diagnostics: Vec<Diagnostic>,
}

impl<'s> YamlBuilder<'_, 's> {
    fn span(&self, node: &MarkedYaml) -> Range<usize> {
        self.positions.byte(node.span.start.index())..self.positions.byte(node.span.end.index())
    }

    fn node(&mut self, yaml: MarkedYaml) -> Node<'s> {
        let span = self.span(&yaml);
        let kind = match yaml.data {
            YamlData::Value(Scalar::String(s)) => NodeKind::String(Cow::Owned(s.into_owned())),
            YamlData::Value(Scalar::Integer(i)) => NodeKind::Integer(Some(i)),
            YamlData::Value(Scalar::FloatingPoint(_)) => NodeKind::Float,
            YamlData::Value(Scalar::Boolean(b)) => NodeKind::Boolean(b),
            YamlData::Value(Scalar::Null) => NodeKind::Null,
            YamlData::Representation(s, _, _) => NodeKind::String(Cow::Owned(s.into_owned())),
            YamlData::Sequence(items) => {
                NodeKind::Array(items.into_iter().map(|item| self.node(item)).collect())
            }
            YamlData::Mapping(mapping) => {
                let mut entries = Vec::with_capacity(mapping.len());
                for (key, value) in mapping {
                    let key_span = self.span(&key);
                    let Some(name) = self.key_name(key, &key_span) else {
                        continue;
                    };
                    entries.push(Entry {
                        key: name,
                        key_span,
                        value: self.node(value),
                    });
                }
                NodeKind::Table(entries)
            }
            YamlData::Tagged(_, inner) => return self.node(*inner),
            YamlData::Alias(_) | YamlData::BadValue => {
                self.diagnostics.push(
                    Diagnostic::error(
                        "invalid-yaml",
                        self.file,
                        "this value cannot be read as plain data",
                    )
                    .with_span(span.clone())
                    .with_help("write the value out in full, without tags or aliases"),
                );
                NodeKind::Null
            }
        };
        Node { kind, span }
    }

    /// Keys are names; a number or boolean used as a key keeps its source text.
    fn key_name(&mut self, key: MarkedYaml, span: &Range<usize>) -> Option<Cow<'s, str>> {
        match key.data {
            YamlData::Value(Scalar::String(s)) => Some(Cow::Owned(s.into_owned())),
            YamlData::Value(_) => Some(Cow::Borrowed(
                self.text.get(span.clone()).unwrap_or_default().trim(),
            )),
            _ => {
                self.diagnostics.push(
                    Diagnostic::error("invalid-yaml", self.file, "keys must be plain names")
                        .with_span(span.clone()),
                );
                None
            }
        }
    }
}
