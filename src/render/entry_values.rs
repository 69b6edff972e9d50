//! Template values of entries and articles, made by hand rather than through serde, so that
//! what many of them show alike (an article's outlet, publication date, title and links, a
//! term's link) is one Tera value that every entry showing it, and the article itself, point
//! to. Serde would make a separate map of each for every entry: at 50,000 entries that is
//! about half the memory of the entries' values, and a good part of the time it takes to
//! make them.
//!
//! A value made here equals (`==`) the one `Value::from_serializable` makes of the same
//! view; the views are destructured field by field, so a field added to a view does not
//! compile until it is added here too.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde::Serialize;
use tera::Value;

use super::build_views::Common;
use super::views::{ArticleView, EntryView, SourceView};

/// The values of the pieces made so far in a [`Common`], by the address of the piece.
/// Views hold clones of those same `Arc`s, so an address cannot be reused while a view or
/// the `Common` is alive; once the `Common` is gone, only [`article_value`] may use these
/// pieces, and it looks articles up by slug.
pub struct SharedPieces {
    by_address: HashMap<usize, Value>,
    /// By article slug: what every source quoting it shows of it, and its own value too.
    articles: HashMap<String, ArticlePieces>,
}

struct ArticlePieces {
    /// Its slug, title and page URL.
    shown: [Value; 3],
    published: Value,
    outlet: Value,
}

fn address<T>(piece: &Arc<T>) -> usize {
    Arc::as_ptr(piece) as *const () as usize
}

impl SharedPieces {
    pub fn new(common: &Common) -> SharedPieces {
        let mut by_address = HashMap::new();
        for link in common.made_links() {
            by_address.insert(address(link), Value::from_serializable(&**link));
        }
        let mut articles = HashMap::new();
        for (doc, (published, outlet, url)) in common.made_articles() {
            let date = Value::from_serializable(&**published);
            by_address.insert(address(published), date.clone());
            let pieces = ArticlePieces {
                shown: [doc.slug.as_str(), &doc.title, url].map(Value::from),
                published: date,
                outlet: value_at(&by_address, outlet),
            };
            articles.insert(doc.slug.clone(), pieces);
        }
        SharedPieces {
            by_address,
            articles,
        }
    }

    /// The values of an article's slug, title and page URL as a source shows them: shared
    /// when they are the article's own, made afresh otherwise.
    fn article(&self, slug: &str, title: &str, url: &str) -> [Value; 3] {
        let shown = [slug, title, url];
        match self.articles.get(slug) {
            Some(pieces)
                if (pieces.shown.iter().zip(shown)).all(|(v, s)| v.as_str() == Some(s)) =>
            {
                pieces.shown.clone()
            }
            _ => shown.map(Value::from),
        }
    }

    /// The shared value of `piece`; a piece made elsewhere gets a value of its own.
    fn value<T: Serialize>(&self, piece: &Arc<T>) -> Value {
        value_at(&self.by_address, piece)
    }

    fn values<T: Serialize>(&self, pieces: &[Arc<T>]) -> Value {
        Value::from(pieces.iter().map(|p| self.value(p)).collect::<Vec<_>>())
    }
}

fn value_at<T: Serialize>(by_address: &HashMap<usize, Value>, piece: &Arc<T>) -> Value {
    match by_address.get(&address(piece)) {
        Some(value) => value.clone(),
        None => Value::from_serializable(&**piece),
    }
}

/// The template value of an entry.
pub fn entry_value(view: &EntryView, pieces: &SharedPieces) -> Value {
    let EntryView {
        slug,
        title,
        kind,
        kind_label,
        opinion,
        date,
        phase,
        era,
        commentary_html,
        url,
        timeline_url,
        sources,
        tags,
        people,
        outlets,
    } = view;
    let sources: Vec<Value> = sources.iter().map(|s| source_value(s, pieces)).collect();
    Value::from(BTreeMap::from([
        ("slug", Value::from(slug.as_str())),
        ("title", Value::from(title.as_str())),
        ("kind", Value::from(*kind)),
        ("kind_label", Value::from(*kind_label)),
        ("opinion", Value::from(*opinion)),
        ("date", Value::from_serializable(date)),
        ("phase", Value::from(*phase)),
        ("era", Value::from(era.as_deref())),
        ("commentary_html", Value::from(commentary_html.as_str())),
        ("url", Value::from(url.as_str())),
        ("timeline_url", Value::from(timeline_url.as_deref())),
        ("sources", Value::from(sources)),
        ("tags", pieces.values(tags)),
        ("people", pieces.values(people)),
        ("outlets", pieces.values(outlets)),
    ]))
}

/// The template value of an article (in a plain build, where every article is cited in
/// the pieces: an article without pieces gets serde's value).
pub fn article_value(view: &ArticleView, pieces: &SharedPieces) -> Value {
    let Some(shared) = pieces.articles.get(&view.slug) else {
        return Value::from_serializable(view);
    };
    let ArticleView {
        slug,
        title,
        // The article's pieces were made from the same document as these two.
        outlet: _,
        author,
        published: _,
        original_url,
        notes_html,
        removed,
        url,
        highlight_count,
    } = view;
    let [slug, title, url] = pieces.article(slug, title, url);
    let removed: Vec<&str> = removed.iter().map(String::as_str).collect();
    Value::from(BTreeMap::from([
        ("slug", slug),
        ("title", title),
        ("outlet", shared.outlet.clone()),
        ("author", Value::from(author.as_deref())),
        ("published", shared.published.clone()),
        ("original_url", Value::from(original_url.as_deref())),
        ("notes_html", Value::from(notes_html.as_deref())),
        ("removed", Value::from(removed)),
        ("url", url),
        ("highlight_count", Value::from(*highlight_count)),
    ]))
}

fn source_value(source: &SourceView, pieces: &SharedPieces) -> Value {
    let SourceView {
        article_slug,
        article_title,
        article_url,
        outlet,
        published,
        quote,
        url,
    } = source;
    let [article_slug, article_title, article_url] =
        pieces.article(article_slug, article_title, article_url);
    Value::from(BTreeMap::from([
        ("article_slug", article_slug),
        ("article_title", article_title),
        ("article_url", article_url),
        ("outlet", pieces.value(outlet)),
        ("published", pieces.value(published)),
        ("quote", Value::from(quote.as_str())),
        ("url", Value::from(url.as_str())),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{BuildOptions, compile};
    use crate::render::build_views::{article_view, entry_view};

    #[test]
    fn entry_values_equal_serde_values_and_share_the_common_pieces() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let compiled = compile(root, &BuildOptions::default());
        let site = compiled.site.expect("the bundled site has a model");
        let common = Common::made(&site);
        let pieces = SharedPieces::new(&common);
        let views: Vec<EntryView> = (0..site.annotations.len())
            .map(|index| {
                let markdown = site.annotations[index].doc.commentary();
                let html = crate::render::markdown::markdown_to_html(markdown);
                entry_view(&site, index, &common, html)
            })
            .collect();
        let values: Vec<Value> = views.iter().map(|v| entry_value(v, &pieces)).collect();
        for (view, value) in views.iter().zip(&values) {
            assert!(
                *value == Value::from_serializable(view),
                "the value of {} differs from serde's",
                view.slug
            );
        }
        // Two sources quoting one article point to one outlet value and one date value.
        let field = |value: &Value, name: &'static str| -> Value {
            value.as_map().unwrap()[&tera::value::Key::Str(name)].clone()
        };
        let sources: Vec<Value> = values
            .iter()
            .flat_map(|v| field(v, "sources").as_array().unwrap().to_vec())
            .collect();
        let (first, second) = (0..sources.len())
            .flat_map(|a| (a + 1..sources.len()).map(move |b| (a, b)))
            .map(|(a, b)| (&sources[a], &sources[b]))
            .find(|(a, b)| field(a, "article_slug") == field(b, "article_slug"))
            .expect("the bundled site quotes some article twice");
        for piece in ["outlet", "published"] {
            let map = |source: &Value| field(source, piece).as_map().unwrap() as *const _;
            assert_eq!(map(first), map(second), "{piece} is not shared");
        }
        // So are the article's title and page URL (strings too long for Tera to keep
        // inline, so each value points to its text).
        for piece in ["article_title", "article_url"] {
            let (a, b) = (field(first, piece), field(second, piece));
            let text = |value: &Value| value.as_str().unwrap().as_ptr();
            assert_eq!(text(&a), text(&b), "{piece} is not shared");
        }

        // Articles' values equal serde's too, and share the pieces with their sources.
        for article in &site.articles {
            let view = article_view(&site, article);
            let value = article_value(&view, &pieces);
            assert!(
                value == Value::from_serializable(&view),
                "the value of {} differs from serde's",
                view.slug
            );
        }
        let quoted = field(first, "article_slug");
        let index = (site.articles.iter())
            .position(|a| Some(a.doc.slug.as_str()) == quoted.as_str())
            .unwrap();
        let article = article_value(&article_view(&site, &site.articles[index]), &pieces);
        for (own, cited) in [("published", "published"), ("outlet", "outlet")] {
            let map = |value: Value| value.as_map().unwrap() as *const _;
            assert_eq!(
                map(field(&article, own)),
                map(field(first, cited)),
                "the article's {own} is not its sources' {cited}"
            );
        }
    }
}
