//! `new annotation`: drafts an annotation file whose quote is known to anchor.
//!
//! The quote is looked up in the article's reader text with the same matcher the build
//! uses. A quote found once is written as is; a quote found several times gets the
//! shortest `prefix` or `suffix` that singles out the chosen occurrence; a quote not found
//! is an error that shows the closest passage, and nothing is written. The draft is parsed
//! back with the annotation schema before it is written, so the file is valid as created.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::anchor::matcher::{
    MatchResult, Searchable, Selector, Suggestion, find, suggest_context,
};
use crate::anchor::site::article_reader_text;
use crate::anchor::text::ReaderText;
use crate::build::list_files;
use crate::date::Date;
use crate::diag::{Diagnostic, LineIndex, Sources, closest};
use crate::load::slug::slugify;
use crate::load::{ArticleDoc, Kind, SourceText, parse_annotation, parse_article, read_source};

use super::{ScaffoldError, write_new_file};

/// What the editor asked for, as given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Request<'a> {
    /// The article's slug (a file name like `x.md` or `content/articles/x.md` also works).
    pub article: &'a str,
    pub quote: &'a str,
    pub title: Option<&'a str>,
    /// EDTF, checked with [`Date::parse`].
    pub date: Option<&'a str>,
    pub kind: Option<&'a str>,
    /// Which occurrence of a quote found several times (1-based; the first by default).
    pub occurrence: Option<usize>,
}

/// An annotation ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Relative to the site root: `content/annotations/<slug>.md`.
    pub path: PathBuf,
    pub slug: String,
    pub text: String,
    /// The context added because the quote occurs more than once.
    pub context: Option<Suggestion>,
    /// How many times the quote occurs in the article.
    pub occurrences: usize,
    /// `file:line:column` of the anchored passage in the article.
    pub position: String,
}

/// Why no annotation was written.
#[derive(Debug)]
pub enum NewError {
    /// A bad argument.
    Invalid {
        message: String,
        help: Option<String>,
    },
    /// Problems in the article, or a quote that does not anchor; print with the sources.
    Diagnostics {
        diagnostics: Vec<Diagnostic>,
        sources: Sources,
    },
    Write(ScaffoldError),
}

fn invalid(message: impl Into<String>, help: Option<String>) -> NewError {
    NewError::Invalid {
        message: message.into(),
        help,
    }
}

/// Checks the request against the site at `root` and writes the new annotation file.
pub fn create(root: &Path, request: &Request) -> Result<Draft, NewError> {
    let draft = draft(root, request)?;
    write_new_file(&root.join(&draft.path), &draft.text).map_err(NewError::Write)?;
    Ok(draft)
}

/// Checks the request against the site at `root` and prepares the file, writing nothing.
pub fn draft(root: &Path, request: &Request) -> Result<Draft, NewError> {
    if let Some(date) = request.date {
        Date::parse(date).map_err(|error| {
            invalid(
                format!("invalid date `{date}`: {}", error.message),
                error.help,
            )
        })?;
    }
    let kind = match request.kind {
        Some(name) => parse_kind(name)?,
        None if request.date.is_some() => Kind::Event,
        None => Kind::Context,
    };
    let quote = request.quote.trim();
    if quote.is_empty() {
        return Err(invalid(
            "the quote is empty",
            Some("copy the passage this annotation is about from the article".into()),
        ));
    }
    let article = read_article(root, request.article)?;
    let reader = article_reader_text(&article);
    let searchable = Searchable::new(&reader.text);
    let anchored = anchor(&article, &reader, &searchable, quote, request.occurrence)?;

    let title = match request.title {
        Some(title) if title.trim().is_empty() => return Err(invalid("the title is empty", None)),
        Some(title) => title.trim().to_string(),
        None => title_from_quote(quote),
    };
    let slug = unique_slug(&short_slug(&title), &annotation_slugs(root));
    let path = Path::new("content/annotations").join(format!("{slug}.md"));
    let text = annotation_text(&Fields {
        title: &title,
        date: request.date,
        kind,
        article: &article.slug,
        quote,
        context: anchored.context.as_ref(),
    });
    check_draft(&path, &text)?;
    Ok(Draft {
        path,
        slug,
        text,
        context: anchored.context,
        occurrences: anchored.occurrences,
        position: anchored.position,
    })
}

fn parse_kind(name: &str) -> Result<Kind, NewError> {
    Kind::parse(name).ok_or_else(|| {
        let names = Kind::ALL.map(Kind::as_str);
        let help = match closest(name, names) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("use one of {}", names.join(", ")),
        };
        invalid(format!("unknown kind `{name}`"), Some(help))
    })
}

/// Reads and parses `content/articles/<slug>.md`.
fn read_article(root: &Path, given: &str) -> Result<ArticleDoc, NewError> {
    let slug = given
        .strip_suffix(".md")
        .map(|path| path.rsplit(['/', '\\']).next().unwrap_or(path))
        .unwrap_or(given);
    let mut ignored = Vec::new();
    let known: Vec<String> = list_files(root, "content/articles", &mut ignored)
        .iter()
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .filter_map(|path| Some(path.file_stem()?.to_string_lossy().into_owned()))
        .collect();
    if !known.iter().any(|k| k == slug) {
        let help = match closest(slug, known.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None if known.is_empty() => format!(
                "there are no articles in {}",
                root.join("content/articles").display()
            ),
            None => {
                "the slug is the article's file name in content/articles/, without `.md`".into()
            }
        };
        return Err(invalid(
            format!("no article has the slug `{slug}`"),
            Some(help),
        ));
    }
    let relative = Path::new("content/articles").join(format!("{slug}.md"));
    let source = read_source(root, &relative).map_err(|diagnostic| NewError::Diagnostics {
        diagnostics: vec![diagnostic],
        sources: Sources::default(),
    })?;
    let (article, diagnostics) = parse_article(&source);
    match article {
        Some(article) => Ok(article),
        None => {
            let mut sources = Sources::default();
            sources.insert(source.path, source.text);
            Err(NewError::Diagnostics {
                diagnostics,
                sources,
            })
        }
    }
}

/// Where the quote anchors and the context that makes it unique.
struct Anchored {
    context: Option<Suggestion>,
    occurrences: usize,
    position: String,
}

fn anchor(
    article: &ArticleDoc,
    reader: &ReaderText,
    searchable: &Searchable,
    quote: &str,
    occurrence: Option<usize>,
) -> Result<Anchored, NewError> {
    let position = |range: std::ops::Range<usize>| {
        let offset = reader.source_offset(range.start);
        let (line, column) = LineIndex::new(&article.text).line_col(&article.text, offset);
        format!("{}:{line}:{column}", article.file.display())
    };
    let selector = Selector {
        quote,
        prefix: None,
        suffix: None,
    };
    match find(searchable, &selector) {
        MatchResult::Unique { range, .. } => match occurrence {
            None | Some(1) => Ok(Anchored {
                context: None,
                occurrences: 1,
                position: position(range),
            }),
            Some(_) => Err(invalid("the quote occurs only once in the article", None)),
        },
        MatchResult::Ambiguous { places } => {
            let count = places.len();
            let wanted = occurrence.unwrap_or(1);
            let Some(place) = wanted.checked_sub(1).and_then(|i| places.get(i)) else {
                return Err(invalid(
                    format!(
                        "the quote occurs {count} times in the article; --occurrence must be 1 to {count}"
                    ),
                    None,
                ));
            };
            let context = place
                .suggestion
                .clone()
                .unwrap_or_else(|| suggest_context(searchable, place.range.clone()));
            let narrowed = Selector {
                quote,
                prefix: context.prefix.as_deref(),
                suffix: context.suffix.as_deref(),
            };
            match find(searchable, &narrowed) {
                MatchResult::Unique { range, .. } if range == place.range => Ok(Anchored {
                    context: Some(context),
                    occurrences: count,
                    position: position(range),
                }),
                _ => Err(quote_problem(
                    article,
                    Diagnostic::error(
                        "ambiguous-quote",
                        &article.file,
                        format!(
                            "the quote occurs {count} times in article `{}` and no nearby words single out occurrence {wanted}",
                            article.slug
                        ),
                    )
                    .with_span(reader.source_range(place.range.clone()))
                    .with_help("quote a longer passage"),
                )),
            }
        }
        MatchResult::NotFound { closest } => {
            let mut diagnostic = Diagnostic::error(
                "quote-not-found",
                &article.file,
                format!("the quote is not in article `{}`", article.slug),
            )
            .with_help("copy the passage from the article as a reader sees it, without Markdown marks; nothing was written");
            if let Some(closest) = closest {
                let passage = reader.text.get(closest.range.clone()).unwrap_or_default();
                diagnostic = diagnostic
                    .with_span(reader.source_range(closest.range.clone()))
                    .with_note(format!("the closest passage is “{passage}”"))
                    .with_note(closest.explanation);
            }
            Err(quote_problem(article, diagnostic))
        }
        MatchResult::EmptyQuote => Err(invalid("the quote is empty", None)),
    }
}

fn quote_problem(article: &ArticleDoc, diagnostic: Diagnostic) -> NewError {
    let mut sources = Sources::default();
    sources.insert(article.file.clone(), article.text.clone());
    NewError::Diagnostics {
        diagnostics: vec![diagnostic],
        sources,
    }
}

/// A placeholder title: the quote's first words.
fn title_from_quote(quote: &str) -> String {
    const WORDS: usize = 10;
    let words: Vec<&str> = quote.split_whitespace().collect();
    if words.len() <= WORDS {
        return words.join(" ");
    }
    format!("{}…", words[..WORDS].join(" "))
}

/// A slug of at most about six words, cut between words; `annotation` when the title has
/// no letter or digit a slug can use.
fn short_slug(title: &str) -> String {
    const MAX_BYTES: usize = 48;
    let full = slugify(title);
    if full.is_empty() {
        return "annotation".to_string();
    }
    let mut slug = String::new();
    for word in full.split('-') {
        if !slug.is_empty() && slug.len() + 1 + word.len() > MAX_BYTES {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug
}

/// `base`, or `base-2`, `base-3`... whichever is free.
fn unique_slug(base: &str, taken: &BTreeSet<String>) -> String {
    if !taken.contains(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|slug| !taken.contains(slug))
        .unwrap_or_else(|| base.to_string())
}

/// The slugs of every annotation, in any sub-folder (slugs are unique site-wide).
fn annotation_slugs(root: &Path) -> BTreeSet<String> {
    let mut ignored = Vec::new();
    list_files(root, "content/annotations", &mut ignored)
        .iter()
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .filter_map(|path| Some(path.file_stem()?.to_string_lossy().into_owned()))
        .collect()
}

/// The values of a new annotation's front matter.
struct Fields<'a> {
    title: &'a str,
    date: Option<&'a str>,
    kind: Kind,
    article: &'a str,
    quote: &'a str,
    context: Option<&'a Suggestion>,
}

/// The file's text: TOML front matter, every string escaped by the TOML writer.
fn annotation_text(fields: &Fields) -> String {
    let string = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut text = String::from("+++\n");
    text.push_str(&format!("title = {}\n", string(fields.title)));
    if let Some(date) = fields.date {
        text.push_str(&format!("date = {}\n", string(date)));
    }
    text.push_str(&format!("kind = {}\n", string(fields.kind.as_str())));
    text.push_str("tags = []\npeople = []\n\n[[anchors]]\n");
    text.push_str(&format!("article = {}\n", string(fields.article)));
    text.push_str(&format!("quote = {}\n", string(fields.quote)));
    if let Some(context) = fields.context {
        if let Some(prefix) = &context.prefix {
            text.push_str(&format!("prefix = {}\n", string(prefix)));
        }
        if let Some(suffix) = &context.suffix {
            text.push_str(&format!("suffix = {}\n", string(suffix)));
        }
    }
    text.push_str("+++\n\n");
    text
}

/// Parses the draft with the annotation schema: a draft that would not load is a bug here,
/// reported rather than written.
fn check_draft(path: &Path, text: &str) -> Result<(), NewError> {
    let source = SourceText {
        path: path.to_path_buf(),
        text: text.into(),
    };
    let (annotation, diagnostics) = parse_annotation(&source);
    if annotation.is_some() && diagnostics.is_empty() {
        return Ok(());
    }
    let mut sources = Sources::default();
    sources.insert(source.path, source.text);
    Err(NewError::Diagnostics {
        diagnostics,
        sources,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_for_toml() {
        let text = annotation_text(&Fields {
            title: "A \"quoted\" title \\ with\ttab",
            date: Some("2024-03"),
            kind: Kind::Statement,
            article: "a-b",
            quote: "line one\nline two",
            context: Some(&Suggestion {
                prefix: Some("said".into()),
                suffix: None,
            }),
        });
        let front = text
            .strip_prefix("+++\n")
            .and_then(|t| t.strip_suffix("+++\n\n"))
            .unwrap();
        let value: toml::Table = toml::from_str(front).unwrap();
        assert_eq!(
            value["title"].as_str(),
            Some("A \"quoted\" title \\ with\ttab")
        );
        assert_eq!(value["kind"].as_str(), Some("statement"));
        let anchor = &value["anchors"][0];
        assert_eq!(anchor["quote"].as_str(), Some("line one\nline two"));
        assert_eq!(anchor["prefix"].as_str(), Some("said"));
        assert!(anchor.get("suffix").is_none());
    }

    #[test]
    fn slugs_are_short_and_unique() {
        assert_eq!(
            short_slug("The council approves the Harbor Line transit plan after a long night"),
            "the-council-approves-the-harbor-line-transit"
        );
        let taken: BTreeSet<String> = ["a-b".to_string(), "a-b-2".to_string()].into();
        assert_eq!(unique_slug("a-b", &taken), "a-b-3");
        assert_eq!(unique_slug("c", &taken), "c");
        assert_eq!(short_slug("Café « Zürich »"), "cafe-zurich");
        assert_eq!(short_slug("「東京」"), "annotation");
    }

    #[test]
    fn long_quotes_make_short_titles() {
        assert_eq!(title_from_quote("  a  b\nc "), "a b c");
        assert_eq!(
            title_from_quote("one two three four five six seven eight nine ten eleven"),
            "one two three four five six seven eight nine ten…"
        );
    }
}
