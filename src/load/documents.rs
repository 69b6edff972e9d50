//! The schemas of the site's three kinds of file: `site.toml`, articles and annotations.
//!
//! Each parser reads one [`SourceText`] (no I/O) and returns the typed document when the
//! file has no errors, with every diagnostic found, sorted by position.

use std::ops::Range;
use std::sync::Arc;

use super::front_matter::{self, Format, FrontMatter};
use super::schema::{Cx, TableReader, quoted_list, string_of};
use super::slug::{is_valid_slug, slug_diagnostic, slug_of};
use super::value::{self, Node, NodeKind};
use super::{
    AnchorSpec, AnnotationDoc, ArticleDoc, BuildOptions, Era, Kind, SiteConfig, SourceText,
    Spanned, TimelineSpan,
};
use crate::date::Date;
use crate::diag::{self, Diagnostic};

const ARTICLE_EXAMPLE: &str = "+++\ntitle = \"Council Approves Transit Plan\"\noutlet = \"Harbor City Herald\"\npublished = \"2017-06-05\"\n+++";

const ANNOTATION_EXAMPLE: &str = "+++\ntitle = \"Council approves the plan\"\ndate = \"2017-06-05\"\n\n[[anchors]]\narticle = \"council-approves-transit-plan\"\nquote = \"approved the plan\"\n+++";

const ANCHOR_EXAMPLE: &str =
    "[[anchors]]\narticle = \"article-slug\"\nquote = \"the passage, copied from the article\"";

/// Parses `content/site.toml`.
pub fn parse_site_config(source: &SourceText) -> (Option<SiteConfig>, Vec<Diagnostic>) {
    let (file, text) = (&*source.path, &*source.text);
    let root = match value::parse_toml(file, text, 0..text.len()) {
        Ok(root) => root,
        Err(diagnostics) => return (None, diagnostics),
    };
    let mut cx = Cx::new(file, text, Format::Toml);
    let config = read_site_config(&mut cx, &root);
    finish(config, cx)
}

fn read_site_config(cx: &mut Cx, root: &Node) -> Option<SiteConfig> {
    let mut site = TableReader::root(cx, root, "site configuration", None)?;
    let title = site.required_text(cx, "title");
    let description = site.required_text(cx, "description");
    let base_url = site.required_text(cx, "base_url");
    check_base_url(cx, base_url.as_ref());
    let language = site.required_text(cx, "language");
    let cname = site.string(cx, "cname");
    check_cname(cx, cname.as_ref());
    let timeline = site
        .required_table(
            cx,
            "timeline",
            "{ start = \"2017\", end = \"2018\" }",
            "`[timeline]`",
        )
        .and_then(|table| read_timeline(cx, table));
    let era_tables = site.tables(cx, "eras", "era");
    let eras = read_eras(cx, era_tables);
    let build = match site.table(cx, "build", "`[build]`") {
        Some(table) => read_build(cx, table),
        None => Some(BuildOptions::default()),
    };
    site.finish(cx);
    Some(SiteConfig {
        title: title?.value,
        description: description?.value,
        base_url: base_url?.value,
        language: language?.value,
        timeline: timeline?,
        eras: eras?,
        build: build?,
        cname: cname.map(|c| c.value),
    })
}

fn read_timeline(cx: &mut Cx, mut table: TableReader) -> Option<TimelineSpan> {
    let start = table.required_date(cx, "start");
    let end = table.required_date(cx, "end");
    table.finish(cx);
    let (start, end) = (start?, end?);
    check_order(cx, &start, &end, "the timeline ends before it starts")?;
    Some(TimelineSpan { start, end })
}

fn read_eras(cx: &mut Cx, tables: Option<Vec<Option<TableReader>>>) -> Option<Vec<Era>> {
    let mut eras = Vec::new();
    let mut all_read = tables.is_some();
    for table in tables.into_iter().flatten() {
        match table.and_then(|table| read_era(cx, table)) {
            Some(era) => eras.push(era),
            None => all_read = false,
        }
    }
    all_read.then_some(eras)
}

fn read_era(cx: &mut Cx, mut table: TableReader) -> Option<Era> {
    let title = table.required_text(cx, "title");
    let start = table.required_date(cx, "start");
    let end = table.required_date(cx, "end");
    let description = table.string(cx, "description");
    table.finish(cx);
    let (title, start, end) = (title?, start?, end?);
    let message = format!("era `{}` ends before it starts", title.value);
    check_order(cx, &start, &end, &message)?;
    Some(Era {
        title: title.value,
        start,
        end,
        description: description.map(|d| d.value),
    })
}

fn read_build(cx: &mut Cx, mut table: TableReader) -> Option<BuildOptions> {
    let mut options = BuildOptions::default();
    let key = "timeline_page_size";
    if let Some(node) = table.get(key) {
        match node.kind {
            NodeKind::Integer(Some(size)) if size > 0 => {
                options.timeline_page_size = usize::try_from(size).unwrap_or(usize::MAX);
            }
            NodeKind::Integer(_) => {
                let message = format!("`{key}` must be a positive whole number");
                cx.error("invalid-config", node.span.clone(), message);
            }
            _ => cx.wrong_type(key, "a positive whole number", node),
        }
    }
    if let Some(node) = table.get("search") {
        match node.kind {
            NodeKind::Boolean(search) => options.search = search,
            _ => cx.wrong_type("search", "`true` or `false`", node),
        }
    }
    table.finish(cx);
    Some(options)
}

fn check_base_url(cx: &mut Cx, base_url: Option<&Spanned<String>>) {
    let Some(url) = base_url else { return };
    let fine = ["http://", "https://", "/"]
        .iter()
        .any(|start| url.value.starts_with(start));
    if !fine {
        cx.error_help(
            "invalid-config",
            url.span.clone(),
            "`base_url` must be an absolute URL or start with `/`".into(),
            "write it like `https://news.example.org/`".into(),
        );
    }
}

fn check_cname(cx: &mut Cx, cname: Option<&Spanned<String>>) {
    let Some(cname) = cname else { return };
    let domain = &cname.value;
    let bare = !domain.is_empty()
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !bare {
        cx.error_help(
            "invalid-config",
            cname.span.clone(),
            "`cname` must be a bare domain name".into(),
            "write only the domain, like `news.example.org`, without `https://` or a path".into(),
        );
    }
}

/// Reports `end` if it is before `start`. A date covers a period (`2017` is the whole
/// year), so an era from `2017-06` to `2017` is fine: it ends after it starts.
fn check_order(
    cx: &mut Cx,
    start: &Spanned<Date>,
    end: &Spanned<Date>,
    message: &str,
) -> Option<()> {
    if end.value.end_utc() > start.value.start_utc() {
        return Some(());
    }
    let (line, column) = diag::LineIndex::new(cx.text).line_col(cx.text, start.span.start);
    cx.diagnostics.push(
        Diagnostic::error("date-range-reversed", cx.file, message)
            .with_span(end.span.clone())
            .with_note(format!("the start is at {line}:{column}"))
            .with_help("swap `start` and `end`"),
    );
    None
}

/// Parses `content/articles/<slug>.md`.
pub fn parse_article(source: &SourceText) -> (Option<ArticleDoc>, Vec<Diagnostic>) {
    let mut cx = Cx::new(&source.path, &source.text, Format::Toml);
    let article = read_markdown(&mut cx, "article", ARTICLE_EXAMPLE).and_then(
        |(slug, front_matter, root)| read_article(&mut cx, source, slug, front_matter, &root),
    );
    finish(article, cx)
}

fn read_article(
    cx: &mut Cx,
    source: &SourceText,
    slug: Option<String>,
    front_matter: FrontMatter,
    root: &Node,
) -> Option<ArticleDoc> {
    let fence = Some(front_matter.opening_fence.clone());
    let mut doc = TableReader::root(cx, root, "front matter", fence)?;
    let title = doc.required_text(cx, "title");
    let outlet = doc.required_text(cx, "outlet");
    let published = doc.required_date(cx, "published");
    let author = doc.string(cx, "author");
    let url = doc.string(cx, "url");
    let notes = doc.string(cx, "notes");
    let removed = doc.string_list(cx, "removed");
    doc.ignore_table(cx, "extra");
    doc.finish(cx);
    Some(ArticleDoc {
        slug: slug?,
        revision: super::next_revision(),
        file: source.path.clone(),
        text: source.text.clone(),
        title: title?.value,
        outlet: outlet?.value,
        published: published?.value,
        author: author.map(|a| a.value),
        url: url.map(|u| u.value),
        notes: notes.map(|n| n.value),
        removed: removed?,
        body: front_matter.body,
    })
}

/// Parses `content/annotations/**/<slug>.md`.
pub fn parse_annotation(source: &SourceText) -> (Option<AnnotationDoc>, Vec<Diagnostic>) {
    let mut cx = Cx::new(&source.path, &source.text, Format::Toml);
    let annotation = read_markdown(&mut cx, "annotation", ANNOTATION_EXAMPLE).and_then(
        |(slug, front_matter, root)| read_annotation(&mut cx, source, slug, front_matter, &root),
    );
    finish(annotation, cx)
}

fn read_annotation(
    cx: &mut Cx,
    source: &SourceText,
    slug: Option<String>,
    front_matter: FrontMatter,
    root: &Node,
) -> Option<AnnotationDoc> {
    let fence = front_matter.opening_fence.clone();
    let mut doc = TableReader::root(cx, root, "front matter", Some(fence.clone()))?;
    let title = doc.required_text(cx, "title");
    let date = doc.date(cx, "date");
    let kind = match doc.string(cx, "kind") {
        Some(name) => kind_of(cx, &name),
        None => Some(Kind::Event),
    };
    let tags = doc.string_list(cx, "tags");
    let people = doc.string_list(cx, "people");
    let anchors = read_anchors(cx, &mut doc, fence);
    doc.ignore_table(cx, "extra");
    doc.finish(cx);
    // Fields that failed were reported; they get stand-ins so that the anchors can still be
    // checked (`parse_annotation_for_checking`). `finish` drops the document itself.
    Some(AnnotationDoc {
        slug: slug?,
        revision: super::next_revision(),
        file: source.path.clone(),
        text: source.text.clone(),
        title: title.map(|t| t.value).unwrap_or_default(),
        date,
        kind: kind.unwrap_or(Kind::Event),
        tags: tags.unwrap_or_default(),
        people: people.unwrap_or_default(),
        anchors: anchors?,
        body: front_matter.body,
    })
}

/// An annotation as loaded for a build: publishable, or only its quotes checkable because
/// something else in its front matter is wrong (so `check` reports its quote problems in
/// the same run as the front-matter ones).
#[derive(Debug, Clone)]
pub enum LoadedAnnotation {
    Publishable(Arc<AnnotationDoc>),
    QuotesOnly(Arc<AnnotationDoc>),
}

/// [`parse_annotation`], keeping an annotation with errors elsewhere in its front matter
/// when its slug and anchors could be read.
pub fn parse_annotation_for_checking(
    source: &SourceText,
) -> (Option<LoadedAnnotation>, Vec<Diagnostic>) {
    let mut cx = Cx::new(&source.path, &source.text, Format::Toml);
    let annotation = read_markdown(&mut cx, "annotation", ANNOTATION_EXAMPLE).and_then(
        |(slug, front_matter, root)| read_annotation(&mut cx, source, slug, front_matter, &root),
    );
    let clean = cx.diagnostics.is_empty();
    let (_, diagnostics) = finish(None::<()>, cx);
    let loaded = annotation.map(|doc| match clean {
        true => LoadedAnnotation::Publishable(Arc::new(doc)),
        false => LoadedAnnotation::QuotesOnly(Arc::new(doc)),
    });
    (loaded, diagnostics)
}

/// What every Markdown document starts with: the slug from the file name (reported, and
/// `None`, when invalid; the front matter is still read so all problems show at once), and
/// the front matter's parts and value tree.
fn read_markdown<'s>(
    cx: &mut Cx<'s>,
    what: &str,
    example: &str,
) -> Option<(Option<String>, FrontMatter, Node<'s>)> {
    let slug = slug_of(cx.file, what, &mut cx.diagnostics);
    match front_matter::parse(cx.file, cx.text, example) {
        Ok((front_matter, root)) => {
            cx.format = front_matter.format;
            Some((slug, front_matter, root))
        }
        Err(errors) => {
            cx.diagnostics.extend(errors);
            None
        }
    }
}

/// The document only when nothing was wrong with its file, and the diagnostics in order.
fn finish<T>(document: Option<T>, cx: Cx) -> (Option<T>, Vec<Diagnostic>) {
    let mut diagnostics = cx.diagnostics;
    diag::sort(&mut diagnostics);
    let document = document.filter(|_| diagnostics.is_empty());
    (document, diagnostics)
}

fn kind_of(cx: &mut Cx, name: &Spanned<String>) -> Option<Kind> {
    if let Some(kind) = Kind::parse(&name.value) {
        return Some(kind);
    }
    let names = Kind::ALL.map(Kind::as_str);
    let help = match diag::closest(&name.value, names) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("use one of {}", quoted_list(&names)),
    };
    let message = format!("unknown kind `{}`", name.value);
    cx.error_help("unknown-kind", name.span.clone(), message, help);
    None
}

/// The `anchors` list: at least one, each with an article slug and a non-empty quote.
fn read_anchors(
    cx: &mut Cx,
    doc: &mut TableReader,
    fence: Range<usize>,
) -> Option<Vec<AnchorSpec>> {
    let missing_span = match doc.get("anchors") {
        None => Some(fence),
        Some(node) if matches!(&node.kind, NodeKind::Array(items) if items.is_empty()) => {
            Some(node.span.clone())
        }
        Some(_) => None,
    };
    if let Some(span) = missing_span {
        let example = ANCHOR_EXAMPLE.replace('\n', "\n    ");
        let help = format!("quote at least one article, for example:\n    {example}");
        let message = "annotation has no anchors".to_string();
        cx.error_help("no-anchors", span, message, help);
        return None;
    }
    let tables = doc.tables(cx, "anchors", "anchor")?;
    let mut anchors = Vec::with_capacity(tables.len());
    let mut all_read = true;
    for table in tables {
        match table.and_then(|table| read_anchor(cx, table)) {
            Some(anchor) => anchors.push(anchor),
            None => all_read = false,
        }
    }
    all_read.then_some(anchors)
}

fn read_anchor(cx: &mut Cx, mut table: TableReader) -> Option<AnchorSpec> {
    let article = table.required_text(cx, "article");
    let quote = table
        .require(cx, "quote", "\"…\"")
        .and_then(|node| Some((string_of(cx, "quote", node)?, node)));
    let prefix = table.string(cx, "prefix");
    let suffix = table.string(cx, "suffix");
    table.finish(cx);
    let quote = quote.and_then(|(quote, node)| {
        if quote.value.trim().is_empty() {
            let help = "copy the passage this annotation is about from the article";
            let message = "quote is empty".to_string();
            cx.error_help("empty-quote", node.span.clone(), message, help.into());
            return None;
        }
        Some(quote)
    });
    let article = article.and_then(|article| {
        if !is_valid_slug(&article.value) {
            let message = format!("`{}` is not a valid article slug", article.value);
            let stem = article.value.strip_suffix(".md").unwrap_or(&article.value);
            let diagnostic = slug_diagnostic(cx.file, message, stem, "");
            cx.diagnostics
                .push(diagnostic.with_span(article.span.clone()));
            return None;
        }
        Some(article)
    });
    Some(AnchorSpec {
        article: article?,
        quote: quote?,
        prefix,
        suffix,
    })
}
