//! Builds the view structs from the model, once per item, in parallel.

use rayon::prelude::*;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, OnceLock};

use super::incremental::hash_of;
use super::markdown::markdown_to_html;
use super::views::*;
use crate::date::Date;
use crate::load::{ArticleDoc, Era};
use crate::model::{Article, Passages, Phase, Site, Term};

/// Root-relative URL of a page folder's `index.html`.
pub fn page_url(folder: &str) -> String {
    if folder.is_empty() {
        "index.html".to_string()
    } else {
        format!("{folder}/index.html")
    }
}

pub fn term_ref(section: &str, term: &Term) -> TermRef {
    TermRef {
        name: term.name.clone(),
        slug: term.slug.clone(),
        url: page_url(&format!("{section}/{}", term.slug)),
    }
}

pub fn term_view(section: &str, term: &Term) -> TermView {
    TermView {
        name: term.name.clone(),
        slug: term.slug.clone(),
        url: page_url(&format!("{section}/{}", term.slug)),
        entry_count: term.annotations.len(),
        article_count: term.articles.len(),
    }
}

/// The timeline's filter lists, counted once per build rather than once per page.
pub fn timeline_filters(site: &Site) -> TimelineFilters {
    use crate::load::Kind;
    let mut counts = [0usize; Kind::ALL.len()];
    for &index in &site.timeline.order {
        let kind = site.annotations[index].doc.kind;
        if let Some(slot) = Kind::ALL.iter().position(|&k| k == kind) {
            counts[slot] += 1;
        }
    }
    let kinds = Kind::ALL
        .iter()
        .zip(counts)
        .filter(|&(_, count)| count != 0)
        .map(|(&kind, count)| KindCount {
            name: kind.as_str(),
            label: kind_label(kind),
            count,
            opinion: kind.is_opinion(),
        })
        .collect();
    let terms =
        |section: &str, terms: &[Term]| terms.iter().map(|t| term_view(section, t)).collect();
    TimelineFilters {
        kinds,
        tags: terms("tags", &site.tags),
        people: terms("people", &site.people),
        outlets: terms("outlets", &site.outlets),
    }
}

pub fn kind_label(kind: crate::load::Kind) -> &'static str {
    use crate::load::Kind;
    match kind {
        Kind::Event => "Event",
        Kind::Statement => "Statement",
        Kind::Report => "Report",
        Kind::Context => "Context",
        Kind::Opinion => "Opinion",
        Kind::Speculation => "Speculation",
        Kind::Correction => "Correction",
    }
}

pub fn article_view(site: &Site, article: &Article) -> ArticleView {
    let doc = &article.doc;
    ArticleView {
        slug: doc.slug.clone(),
        title: doc.title.clone(),
        outlet: term_ref("outlets", &site.outlets[article.outlet]),
        author: doc.author.clone(),
        published: DateView::new(&doc.published),
        original_url: doc.url.clone().filter(|u| super::markdown::is_safe_url(u)),
        notes_html: doc.notes.as_deref().map(markdown_to_html),
        removed: doc.removed.clone(),
        url: page_url(&format!("articles/{}", doc.slug)),
        highlight_count: article.highlights.len(),
    }
}

/// The URL of a timeline entry: on the page that holds it.
pub fn timeline_url(site: &Site, annotation: usize) -> Option<String> {
    let page = site.timeline.page_of(annotation)?;
    let slug = &site.annotations[annotation].doc.slug;
    Some(match &site.timeline.pages[page].slug {
        None => format!("index.html#{slug}"),
        Some(page_slug) => format!("timeline/{page_slug}/index.html#{slug}"),
    })
}

pub fn entry_views(site: &Site) -> Vec<EntryView> {
    entry_views_with(site, &Common::made(site), &|_, markdown| {
        markdown_to_html(markdown)
    })
}

/// [`entry_views`], sharing the pieces in `common`, with the commentary HTML from
/// `commentary(slug, markdown)`, so a session can reuse the HTML of commentaries that did
/// not change.
pub fn entry_views_with(
    site: &Site,
    common: &Common,
    commentary: &(dyn Fn(&str, &str) -> String + Sync),
) -> Vec<EntryView> {
    (0..site.annotations.len())
        .into_par_iter()
        .map(|index| {
            let doc = &site.annotations[index].doc;
            entry_view(site, index, common, commentary(&doc.slug, doc.commentary()))
        })
        .collect()
}

/// What a source shows of the article it quotes: its publication date, outlet and page.
pub type Cited = (Arc<DateView>, Arc<TermRef>, String);

/// What many entries show alike, made once per build and shared (not copied) by their
/// views: each article as its sources cite it, and each term's link. Formatting dates is a
/// good part of the cost of the views, and at 50,000 entries the copies would be a good
/// part of their memory. Each piece is made when first asked for, or all at once by
/// [`Common::made`].
pub struct Common<'a> {
    site: &'a Site,
    /// The anchored passages, when the reader texts were released.
    passages: Option<&'a Passages>,
    /// By article index.
    cited: Vec<OnceLock<Cited>>,
    tags: Vec<OnceLock<Arc<TermRef>>>,
    people: Vec<OnceLock<Arc<TermRef>>>,
    outlets: Vec<OnceLock<Arc<TermRef>>>,
}

impl<'a> Common<'a> {
    /// No piece made yet (a session makes only the few entries an edit changed).
    pub fn new(site: &'a Site) -> Common<'a> {
        Common {
            site,
            passages: None,
            cited: slots(site.articles.len()),
            tags: slots(site.tags.len()),
            people: slots(site.people.len()),
            outlets: slots(site.outlets.len()),
        }
    }

    /// Every piece made now, in parallel (a plain build shows them all).
    pub fn made(site: &'a Site) -> Common<'a> {
        let common = Common::new(site);
        (0..site.articles.len()).into_par_iter().for_each(|a| {
            common.cited(a);
        });
        for t in 0..site.tags.len() {
            common.tag(t);
        }
        for p in 0..site.people.len() {
            common.person(p);
        }
        common
    }

    /// Takes anchored passages from `passages`, not from the (released) reader texts.
    pub fn with_passages(mut self, passages: &'a Passages) -> Common<'a> {
        self.passages = Some(passages);
        self
    }

    /// The passage of anchor `anchor` of annotation `annotation`, as in its article.
    fn passage(&self, annotation: usize, anchor: usize) -> String {
        let anchored = &self.site.annotations[annotation].anchors[anchor];
        let passage = match self.passages {
            Some(passages) => passages[annotation].get(anchor).map(String::as_str),
            None => (self.site.articles[anchored.article].reader.text).get(anchored.range.clone()),
        };
        passage.unwrap_or_default().to_string()
    }

    pub fn cited(&self, article: usize) -> Cited {
        self.cited[article]
            .get_or_init(|| {
                let article = &self.site.articles[article];
                (
                    Arc::new(DateView::new(&article.doc.published)),
                    self.outlet(article.outlet),
                    page_url(&format!("articles/{}", article.doc.slug)),
                )
            })
            .clone()
    }

    pub fn tag(&self, index: usize) -> Arc<TermRef> {
        link(&self.tags[index], "tags", &self.site.tags[index])
    }

    pub fn person(&self, index: usize) -> Arc<TermRef> {
        link(&self.people[index], "people", &self.site.people[index])
    }

    fn outlet(&self, index: usize) -> Arc<TermRef> {
        link(&self.outlets[index], "outlets", &self.site.outlets[index])
    }

    /// The articles cited so far, each with its pieces (its publication date among them).
    pub fn made_articles(&self) -> impl Iterator<Item = (&ArticleDoc, &Cited)> {
        (self.cited.iter().zip(&self.site.articles))
            .filter_map(|(slot, article)| Some((&*article.doc, slot.get()?)))
    }

    /// The term links made so far.
    pub fn made_links(&self) -> impl Iterator<Item = &Arc<TermRef>> {
        let terms = self.tags.iter().chain(&self.people).chain(&self.outlets);
        terms.filter_map(OnceLock::get)
    }
}

fn slots<T>(n: usize) -> Vec<OnceLock<T>> {
    (0..n).map(|_| OnceLock::new()).collect()
}

fn link(slot: &OnceLock<Arc<TermRef>>, section: &str, term: &Term) -> Arc<TermRef> {
    Arc::clone(slot.get_or_init(|| Arc::new(term_ref(section, term))))
}

/// The view of annotation `index`, sharing the pieces in `common`.
pub fn entry_view(
    site: &Site,
    index: usize,
    common: &Common,
    commentary_html: String,
) -> EntryView {
    let annotation = &site.annotations[index];
    let doc = &annotation.doc;
    let sources = annotation
        .anchors
        .iter()
        .enumerate()
        .map(|(k, anchored)| {
            let article = &site.articles[anchored.article];
            let (published, outlet, article_url) = common.cited(anchored.article);
            SourceView {
                article_slug: article.doc.slug.clone(),
                article_title: article.doc.title.clone(),
                article_url,
                outlet,
                published,
                quote: common.passage(index, k),
                url: format!(
                    "articles/{}/index.html#hl-{}",
                    article.doc.slug, anchored.key
                ),
            }
        })
        .collect::<Vec<_>>();
    let mut outlets: Vec<Arc<TermRef>> = Vec::new();
    for source in &sources {
        if !outlets.iter().any(|o| o.slug == source.outlet.slug) {
            outlets.push(source.outlet.clone());
        }
    }
    EntryView {
        slug: doc.slug.clone(),
        title: doc.title.clone(),
        kind: doc.kind.as_str(),
        kind_label: kind_label(doc.kind),
        opinion: doc.kind.is_opinion(),
        date: doc.date.as_ref().map(|d| DateView::new(&d.value)),
        phase: annotation.phase.as_str(),
        era: doc
            .date
            .as_ref()
            .and_then(|d| era_of(&site.config.eras, &d.value)),
        commentary_html,
        url: page_url(&format!("annotations/{}", doc.slug)),
        timeline_url: if annotation.phase == Phase::Undated {
            None
        } else {
            timeline_url(site, index)
        },
        sources,
        tags: annotation.tags.iter().map(|&t| common.tag(t)).collect(),
        people: annotation
            .people
            .iter()
            .map(|&p| common.person(p))
            .collect(),
        outlets,
    }
}

/// A hash of everything the view of each annotation is made from, without making the
/// views: its file (front matter and commentary, by revision), its phase and timeline page,
/// the files of the articles it quotes with where it quotes them, and the names and slugs
/// of its terms. Settings in `site.toml` (eras, the timeline span) are not in it: a session
/// starts over when they change.
pub fn entry_input_hashes(site: &Site) -> Vec<u64> {
    // Strings shared by many entries are hashed once, here.
    let articles: Vec<u64> = site
        .articles
        .iter()
        .map(|article| {
            let outlet = &site.outlets[article.outlet];
            hash_of(&(
                &article.doc.slug,
                article.doc.revision,
                &outlet.name,
                &outlet.slug,
            ))
        })
        .collect();
    let terms = |terms: &[crate::model::Term]| -> Vec<u64> {
        terms.iter().map(|t| hash_of(&(&t.name, &t.slug))).collect()
    };
    let (tags, people) = (terms(&site.tags), terms(&site.people));
    let pages: Vec<u64> = (site.timeline.pages.iter())
        .map(|page| hash_of(&page.slug))
        .collect();
    (0..site.annotations.len())
        .into_par_iter()
        .map(|index| {
            let annotation = &site.annotations[index];
            let mut hasher = DefaultHasher::new();
            (annotation.doc.revision, annotation.phase).hash(&mut hasher);
            site.timeline
                .page_of(index)
                .map(|page| pages[page])
                .hash(&mut hasher);
            for anchored in &annotation.anchors {
                (articles[anchored.article], &anchored.range, &anchored.key).hash(&mut hasher);
            }
            for &t in &annotation.tags {
                hasher.write_u64(tags[t]);
            }
            for &p in &annotation.people {
                hasher.write_u64(people[p]);
            }
            hasher.finish()
        })
        .collect()
}

/// The id of the first era whose span (start of its start to end of its end) holds the
/// start of `date`; the same ids as [`era_views`] gives.
pub fn era_of(eras: &[Era], date: &Date) -> Option<String> {
    let start = date.start_utc();
    eras.iter()
        .position(|era| era.start.value.start_utc() <= start && start < era.end.value.end_utc())
        .map(era_id)
}

fn era_id(index: usize) -> String {
    format!("era-{}", index + 1)
}

pub fn era_views(site: &Site) -> Vec<EraView> {
    site.config
        .eras
        .iter()
        .enumerate()
        .map(|(i, era)| EraView {
            id: era_id(i),
            title: era.title.clone(),
            description: era.description.clone(),
            start: DateView::new(&era.start.value),
            end: DateView::new(&era.end.value),
        })
        .collect()
}

pub fn site_view(site: &Site) -> SiteView {
    SiteView {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        language: site.config.language.clone(),
        base_url: site.base.absolute.clone(),
        base_path: site.base.path.clone(),
        generator: concat!("newsline ", env!("CARGO_PKG_VERSION")),
        search: site.config.build.search,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Spanned;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("test dates are valid")
    }

    fn era(start: &str, end: &str) -> Era {
        let spanned = |text: &str| Spanned {
            value: date(text),
            span: 0..text.len(),
        };
        Era {
            title: format!("{start} to {end}"),
            start: spanned(start),
            end: spanned(end),
            description: None,
        }
    }

    #[test]
    fn an_entry_belongs_to_the_first_era_holding_its_start() {
        let eras = [
            era("2017-03-02", "2017-05-07"),
            era("2017-05-08", "2017-06-04"),
            era("2017-05-01", "2017-07-31"),
        ];
        let of = |text: &str| era_of(&eras, &date(text));
        assert_eq!(of("2017-03-02"), Some("era-1".to_string()));
        // The whole last day is in: an era ending on 7 May holds its evening, in any zone.
        assert_eq!(of("2017-05-07T23:30:00Z"), Some("era-1".to_string()));
        assert_eq!(of("2017-05-08"), Some("era-2".to_string()));
        // A range belongs where it starts; the third era holds what the second does not.
        assert_eq!(of("2017-06-03/2017-06-09"), Some("era-2".to_string()));
        assert_eq!(of("2017-06-05"), Some("era-3".to_string()));
        assert_eq!(of("2017-03-01"), None);
        assert_eq!(of("2017-08-01"), None);
    }
}
