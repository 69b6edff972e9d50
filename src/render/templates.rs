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
];

/// Where a template came from, for diagnostics.
#[derive(Debug, Clone)]
struct Origin {
    name: String,
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
                file: None,
            });
            sources.push((name.to_string(), text));
        }
        for (name, source) in overrides {
            origins.push(Origin {
                name: name.clone(),
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
