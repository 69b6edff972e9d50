//! The Tera templates: defaults embedded in the binary, overridden by the site's own
//! `templates/` files of the same name, so a new site works without copying anything.

use std::ops::Range;
use std::path::PathBuf;

use tera::{Context, Tera};

use crate::diag::Diagnostic;
use crate::load::SourceText;

/// The default templates, embedded at compile time.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("macros.html", include_str!("../../templates/macros.html")),
    (
        "timeline.html",
        include_str!("../../templates/timeline.html"),
    ),
    ("article.html", include_str!("../../templates/article.html")),
    (
        "annotation.html",
        include_str!("../../templates/annotation.html"),
    ),
    ("note.html", include_str!("../../templates/note.html")),
    ("term.html", include_str!("../../templates/term.html")),
    ("terms.html", include_str!("../../templates/terms.html")),
    (
        "articles.html",
        include_str!("../../templates/articles.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    ("search.html", include_str!("../../templates/search.html")),
];

/// Where a template came from, for diagnostics.
#[derive(Debug, Clone)]
struct Origin {
    name: String,
    /// The template's text, to explain errors Tera only reports at the end of input.
    text: String,
    /// The site's file, or `None` for an embedded default.
    file: Option<PathBuf>,
}

/// The loaded template set.
pub struct Templates {
    tera: Tera,
    origins: Vec<Origin>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("origins", &self.origins)
            .finish()
    }
}

impl Templates {
    /// Loads the defaults, then the site's templates over them. `overrides` are the site's
    /// `templates/**/*.html` files, named by their path under `templates/`.
    pub fn load(overrides: &[(String, SourceText)]) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let mut origins = Vec::new();
        let mut sources: Vec<(String, &str)> = Vec::new();
        for (name, text) in DEFAULTS {
            if overrides.iter().any(|(n, _)| n == name) {
                continue;
            }
            origins.push(Origin {
                name: name.to_string(),
                text: text.to_string(),
                file: None,
            });
            sources.push((name.to_string(), text));
        }
        for (name, source) in overrides {
            origins.push(Origin {
                name: name.clone(),
                text: source.text.to_string(),
                file: Some(source.path.clone()),
            });
            sources.push((name.clone(), &source.text));
        }
        match tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), *t))) {
            Ok(()) => Ok(Templates { tera, origins }),
            Err(error) => {
                let templates = Templates { tera, origins };
                Err(vec![templates.diagnose(&error, None)])
            }
        }
    }

    /// Renders one template for one page.
    pub fn render(
        &self,
        template: &str,
        context: &Context,
        page: &str,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|error| self.diagnose(&error, Some((template, page))))
    }

    /// Renders one page as bytes, into a buffer of `capacity` to start with (a dev server,
    /// which keeps its pages, fits them afterwards). Unlike [`Templates::render`], this
    /// skips checking that the output is UTF-8: Tera writes only strings.
    pub fn render_page(
        &self,
        template: &str,
        context: &Context,
        page: &str,
        capacity: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut html = Vec::with_capacity(capacity);
        self.tera
            .render_to(template, context, &mut html)
            .map_err(|error| self.diagnose(&error, Some((template, page))))?;
        Ok(html)
    }

    /// Turns a Tera error into a diagnostic naming the template, its line and the page.
    fn diagnose(&self, error: &tera::Error, rendering: Option<(&str, &str)>) -> Diagnostic {
        let (report, code) = match error.kind() {
            tera::ErrorKind::SyntaxError(report) => (Some(report), "template-syntax"),
            tera::ErrorKind::RenderingError(report) => (Some(report), "template-render"),
            _ => (
                None,
                if rendering.is_some() {
                    "template-render"
                } else {
                    "template-syntax"
                },
            ),
        };
        let template_name = report
            .map(|r| r.filename().to_string())
            .or_else(|| rendering.map(|(t, _)| t.to_string()))
            .unwrap_or_default();
        let origin = self.origins.iter().find(|o| o.name == template_name);
        let file = match origin.and_then(|o| o.file.clone()) {
            Some(file) => file,
            None => PathBuf::from(format!("templates/{template_name} (built-in)")),
        };
        let message = match report {
            Some(r) => first_line(r.message()),
            None => first_line(&error.to_string()),
        };
        let message = match rendering {
            Some((_, page)) => {
                format!("template `{template_name}` failed while rendering `{page}`: {message}")
            }
            None => format!("template `{template_name}` has a syntax error: {message}"),
        };
        // Tera reports an unclosed block as "unexpected end of input" at the last text;
        // the useful place is the tag that was never closed.
        let unclosed = match (code, origin) {
            ("template-syntax", Some(origin))
                if message.to_lowercase().contains("end of input") =>
            {
                unclosed_tag(&origin.text)
            }
            _ => None,
        };
        if let Some((span, tag)) = unclosed {
            return Diagnostic::error(
                code,
                file,
                format!(
                    "template `{template_name}` has a syntax error: `{{% {tag} %}}` is never closed"
                ),
            )
            .with_span(span)
            .with_help(format!(
                "add `{{% end{tag} %}}` where the `{tag}` block ends"
            ));
        }
        let mut diagnostic = Diagnostic::error(code, file, message);
        if let Some(span) = report.map(|r| r.span().range.clone()) {
            diagnostic = diagnostic.with_span(nonempty(span));
        }
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            diagnostic = diagnostic.with_note(first_line(&cause.to_string()));
            source = cause.source();
        }
        diagnostic.with_help("fix the template, or delete it to use the built-in default")
    }
}

/// The innermost block tag (`if`, `for`, `block`, …) opened in `text` and never closed,
/// with the byte range of its whole `{% … %}` tag.
fn unclosed_tag(text: &str) -> Option<(Range<usize>, String)> {
    const BLOCKS: [&str; 6] = ["if", "for", "block", "filter", "component", "raw"];
    let mut open: Vec<(Range<usize>, String)> = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("{%").map(|i| i + from) {
        let Some(end) = text[start..].find("%}").map(|i| i + start + 2) else {
            break;
        };
        let inner = text[start + 2..end - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let word = inner.split_whitespace().next().unwrap_or("");
        if BLOCKS.contains(&word) {
            open.push((start..end, word.to_string()));
        } else if let Some(closed) = word.strip_prefix("end") {
            if let Some(position) = open.iter().rposition(|(_, tag)| tag == closed) {
                open.truncate(position);
            }
        }
        from = end;
    }
    open.pop()
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").trim().to_string()
}

fn nonempty(span: Range<usize>) -> Range<usize> {
    if span.end > span.start {
        span
    } else {
        span.start..span.start + 1
    }
}
