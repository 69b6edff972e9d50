//! Finding a quote in reader text: exact first, then tolerant of typographic variants only.
//!
//! An article is prepared once as a [`Searchable`] (its text and a [folded](super::fold)
//! copy) and then searched once per anchor. The first few searches scan the folded text;
//! past [`SCANS_BEFORE_INDEX`], an index of word starts is built, so thousands of
//! annotations on one long article stay fast: a quote with two or more words is then looked
//! up through its rarest word instead of scanning the article. Most articles are quoted a
//! handful of times, and for them sorting every word start cost more than the scans.
//!
//! The rules, in order (see `specs/anchoring.md`):
//!
//! 1. the quote is searched exactly and folded; a passage matched only after folding is a
//!    tolerant match;
//! 2. `prefix` and `suffix`, folded too, must stand right before and after the passage, with
//!    any white space or none between;
//! 3. one exact passage wins over any number of tolerant ones; otherwise exactly one passage
//!    must remain.

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::closest::{self, Word};
use super::context::{context_mismatch, suggest};
use super::fold::{self, Folded, is_space};

/// An article's reader text, prepared for many searches.
#[derive(Debug)]
pub struct Searchable {
    pub(super) text: String,
    pub(super) folded: Folded,
    /// Searches of the folded text so far: they scan it until there are enough to pay
    /// for the index.
    scans: AtomicUsize,
    /// Every word start in the folded text, keyed by the eight bytes from there, sorted;
    /// built at the search after [`SCANS_BEFORE_INDEX`].
    word_starts: OnceLock<Vec<(u64, usize)>>,
    /// The folded text split into words, built only when a quote is not found.
    pub(super) words: OnceLock<Vec<Word>>,
}

/// A W3C TextQuoteSelector: the quoted passage and, optionally, the text right around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selector<'a> {
    pub quote: &'a str,
    pub prefix: Option<&'a str>,
    pub suffix: Option<&'a str>,
}

/// Where a selector matched, or why it did not. Ranges are byte ranges in the reader text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchResult {
    /// `exact` is false when the passage matched only after folding typographic variants.
    Unique {
        range: Range<usize>,
        exact: bool,
    },
    /// Several passages match equally well, in text order.
    Ambiguous {
        places: Vec<Place>,
    },
    NotFound {
        closest: Option<Closest>,
    },
    EmptyQuote,
}

/// One of several passages an ambiguous quote matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub range: Range<usize>,
    /// Context that picks this passage alone; computed for the first
    /// [`MAX_SUGGESTED_PLACES`] places only.
    pub suggestion: Option<Suggestion>,
}

/// A `prefix` and/or `suffix` to set (whole words of the article, white space collapsed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suggestion {
    pub prefix: Option<String>,
    pub suffix: Option<String>,
}

/// The passage most like a quote that was not found, and how it differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closest {
    pub range: Range<usize>,
    /// For example "the article has `said Thursday` where the quote has `said Friday`".
    pub explanation: String,
    /// Which part of the selector does not match there.
    pub mismatch: Mismatch,
}

/// The part of a selector that does not match the closest passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    Quote,
    /// The quote matches, but not with this prefix before it.
    Prefix,
    /// The quote matches, but not with this suffix after it.
    Suffix,
}

/// Places of an ambiguous quote that get a suggestion; more would be noise.
pub const MAX_SUGGESTED_PLACES: usize = 10;

/// Searches of one article that scan its folded text before the word index is built. A
/// scan of a long article takes microseconds; sorting its word starts, about as long as a
/// few dozen scans.
pub const SCANS_BEFORE_INDEX: usize = 16;

/// One place the quote matches, before context is checked.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub(super) folded: Range<usize>,
    pub(super) original: Range<usize>,
    pub(super) exact: bool,
}

/// A selector, trimmed and folded once.
pub(super) struct Query<'a> {
    /// The quote without white space at its ends.
    pub(super) quote: &'a str,
    pub(super) folded_quote: Folded,
    pub(super) prefix: Option<Context<'a>>,
    pub(super) suffix: Option<Context<'a>>,
}

/// A prefix or suffix as written and folded.
pub(super) struct Context<'a> {
    pub(super) text: &'a str,
    pub(super) folded: String,
}

impl Context<'_> {
    pub(super) fn words(&self) -> usize {
        self.folded.split(' ').filter(|w| !w.is_empty()).count()
    }
}

impl<'a> Query<'a> {
    fn new(selector: &Selector<'a>) -> Option<Query<'a>> {
        let quote = trim_invisible(selector.quote);
        let folded_quote = Folded::new(quote);
        if folded_quote.text.is_empty() {
            return None;
        }
        Some(Query {
            quote,
            folded_quote,
            prefix: selector.prefix.and_then(Context::new),
            suffix: selector.suffix.and_then(Context::new),
        })
    }
}

fn trim_invisible(text: &str) -> &str {
    text.trim_matches(|c: char| is_space(c) || fold::is_invisible(c))
}

impl<'a> Context<'a> {
    fn new(text: &'a str) -> Option<Context<'a>> {
        let text = trim_invisible(text);
        fold_context(text).map(|folded| Context { text, folded })
    }

    fn folded<'c>(context: &'c Option<Context>) -> Option<&'c str> {
        context.as_ref().map(|c| c.folded.as_str())
    }
}

pub(super) fn fold_context(context: &str) -> Option<String> {
    let folded = Folded::new(trim_invisible(context)).text;
    (!folded.is_empty()).then_some(folded)
}

impl Searchable {
    pub fn new(text: &str) -> Searchable {
        Searchable {
            text: text.to_owned(),
            folded: Folded::new(text),
            scans: AtomicUsize::new(0),
            word_starts: OnceLock::new(),
            words: OnceLock::new(),
        }
    }

    /// The word index, built on first use.
    fn word_starts(&self) -> &[(u64, usize)] {
        self.word_starts.get_or_init(|| {
            let bytes = self.folded.text.as_bytes();
            let mut word_starts: Vec<(u64, usize)> = (0..bytes.len())
                .filter(|&at| at == 0 || bytes[at - 1] == b' ')
                .map(|at| (key(&bytes[at..bytes.len().min(at + 8)], 0), at))
                .collect();
            word_starts.sort_unstable();
            word_starts
        })
    }

    /// The reader text this was built from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Every place the quote matches, exactly or folded, in text order.
    fn candidates(&self, query: &Query) -> Vec<Candidate> {
        let needle = query.folded_quote.text.as_str();
        let mut found: Vec<Candidate> = self
            .folded_occurrences(needle)
            .into_iter()
            .map(|start| {
                let folded = start..start + needle.len();
                let original = trim_range(&self.text, self.folded.original_range(folded.clone()));
                let exact = self.text.get(original.clone()) == Some(query.quote);
                Candidate {
                    folded,
                    original,
                    exact,
                }
            })
            .collect();
        // Folding looks at neighbours, so a quote that starts or ends inside a run of dots,
        // dashes or spaces ("b." in "b...") can match exactly where its folded form does not.
        let sensitive_edge = [query.quote.chars().next(), query.quote.chars().last()]
            .into_iter()
            .flatten()
            .any(fold::is_context_sensitive);
        if sensitive_edge {
            let mut extra = Vec::new();
            for start in self.exact_occurrences(query.quote) {
                let original = start..start + query.quote.len();
                let known = found
                    .binary_search_by(|c| {
                        (c.original.start, c.original.end).cmp(&(original.start, original.end))
                    })
                    .is_ok();
                if !known {
                    extra.push(Candidate {
                        folded: self.folded.folded_start(original.start)
                            ..self.folded.folded_end(original.end),
                        original,
                        exact: true,
                    });
                }
            }
            found.append(&mut extra);
            found.sort_by_key(|c| (c.original.start, c.original.end));
        }
        found
    }

    /// Start offsets of `quote` in the reader text, for a quote starting or ending with a
    /// character whose folding depends on its neighbours. Its core, without those edges,
    /// folds the same wherever it is, so it is looked up folded through the index and each
    /// place is checked for the whole quote.
    fn exact_occurrences(&self, quote: &str) -> Vec<usize> {
        let core = quote.trim_matches(fold::is_context_sensitive);
        if core.is_empty() {
            return occurrences(&self.text, quote).collect();
        }
        let lead = quote.len() - quote.trim_start_matches(fold::is_context_sensitive).len();
        self.folded_occurrences(&Folded::new(core).text)
            .into_iter()
            .filter_map(|folded| self.folded.original_start(folded).checked_sub(lead))
            .filter(|&start| {
                self.text
                    .get(start..)
                    .is_some_and(|rest| rest.starts_with(quote))
            })
            .collect()
    }

    /// Start offsets of `needle` in the folded text: scanned for, or once the article has
    /// been searched often, found through the rarest word start inside the needle when it
    /// has one.
    fn folded_occurrences(&self, needle: &str) -> Vec<usize> {
        if self.scans.fetch_add(1, Ordering::Relaxed) < SCANS_BEFORE_INDEX {
            return occurrences(&self.folded.text, needle).collect();
        }
        let bytes = needle.as_bytes();
        let rarest = (1..bytes.len())
            .filter(|&at| bytes[at - 1] == b' ')
            .map(|at| {
                (
                    at,
                    self.word_starts_beginning(&bytes[at..bytes.len().min(at + 8)]),
                )
            })
            .min_by_key(|(_, range)| range.len());
        let Some((offset_in_needle, range)) = rarest else {
            return occurrences(&self.folded.text, needle).collect();
        };
        let mut starts: Vec<usize> = self.word_starts()[range]
            .iter()
            .filter_map(|&(_, at)| at.checked_sub(offset_in_needle))
            .filter(|&start| {
                self.folded
                    .text
                    .get(start..)
                    .is_some_and(|rest| rest.starts_with(needle))
            })
            .collect();
        starts.sort_unstable();
        starts.dedup();
        starts
    }

    /// The index entries of word starts whose text begins with `bytes` (at most eight).
    fn word_starts_beginning(&self, bytes: &[u8]) -> Range<usize> {
        let (low, high) = (key(bytes, 0x00), key(bytes, 0xFF));
        let word_starts = self.word_starts();
        let start = word_starts.partition_point(|&(k, _)| k < low);
        let end = word_starts.partition_point(|&(k, _)| k <= high);
        start..end.max(start)
    }

    /// True when the folded `prefix` ends right before `folded_start` (one space allowed).
    pub(super) fn prefix_fits(&self, folded_start: usize, prefix: &str) -> bool {
        self.folded
            .text
            .get(..folded_start)
            .is_some_and(|before| before.strip_suffix(' ').unwrap_or(before).ends_with(prefix))
    }

    /// True when the folded `suffix` starts right after `folded_end` (one space allowed).
    pub(super) fn suffix_fits(&self, folded_end: usize, suffix: &str) -> bool {
        self.folded
            .text
            .get(folded_end..)
            .is_some_and(|after| after.strip_prefix(' ').unwrap_or(after).starts_with(suffix))
    }

    fn context_fits(
        &self,
        candidate: &Candidate,
        prefix: Option<&str>,
        suffix: Option<&str>,
    ) -> bool {
        prefix.is_none_or(|p| self.prefix_fits(candidate.folded.start, p))
            && suffix.is_none_or(|s| self.suffix_fits(candidate.folded.end, s))
    }
}

/// Eight bytes as a big-endian number, padded with `fill`, so that all keys beginning with
/// some bytes form one sorted run.
fn key(bytes: &[u8], fill: u8) -> u64 {
    let mut padded = [fill; 8];
    for (slot, byte) in padded.iter_mut().zip(bytes) {
        *slot = *byte;
    }
    u64::from_be_bytes(padded)
}

/// Every start of `needle` in `haystack`, overlapping ones included. One vectorised
/// searcher serves the whole scan: `str::find` made a new one for each match, and scanning
/// articles this way was 3% of a 10,000-article build. The searcher looks for the needle's
/// first [`SEARCHED_PREFIX`] bytes and each place found is checked in full: making a
/// searcher takes time in proportion to its needle, quotes run to hundreds of bytes, and
/// making one per quote was 2% of a build.
fn occurrences<'h>(haystack: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    let step = needle.chars().next().map_or(1, char::len_utf8);
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let finder = memchr::memmem::Finder::new(&needle[..needle.len().min(SEARCHED_PREFIX)]);
    // An empty needle has no passage to find (and would match between every byte).
    let mut from = if needle.is_empty() {
        haystack.len() + 1
    } else {
        0
    };
    std::iter::from_fn(move || {
        loop {
            // The needle's first byte starts a character, so a match of it in valid UTF-8
            // starts on a character boundary, and so does `at + step`: every `from` is one.
            let at = from + finder.find(haystack.get(from..)?)?;
            from = at + step;
            if haystack[at..].starts_with(needle) {
                return Some(at);
            }
        }
    })
}

/// How much of a needle [`occurrences`] searches for before comparing the rest.
const SEARCHED_PREFIX: usize = 24;

/// Shrinks a range so it neither starts nor ends with white space or invisible characters.
fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(slice) = text.get(range.clone()) else {
        return range;
    };
    let blank = |c: char| is_space(c) || fold::is_invisible(c);
    let start = range.start + (slice.len() - slice.trim_start_matches(blank).len());
    let end = range.start + slice.trim_end_matches(blank).len();
    start..end.max(start)
}

/// Finds the one passage `selector` picks in the article.
pub fn find(searchable: &Searchable, selector: &Selector) -> MatchResult {
    let Some(query) = Query::new(selector) else {
        return MatchResult::EmptyQuote;
    };
    let candidates = searchable.candidates(&query);
    let (prefix, suffix) = (
        Context::folded(&query.prefix),
        Context::folded(&query.suffix),
    );
    let fitting: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| searchable.context_fits(c, prefix, suffix))
        .collect();
    let exact: Vec<&Candidate> = fitting.iter().copied().filter(|c| c.exact).collect();
    let contenders = if exact.is_empty() { fitting } else { exact };
    match contenders.as_slice() {
        [] => MatchResult::NotFound {
            closest: match candidates.first() {
                Some(first) => Some(context_mismatch(
                    searchable,
                    &query,
                    first,
                    candidates.len(),
                )),
                None => closest::closest_passage(searchable, &query),
            },
        },
        [one] => MatchResult::Unique {
            range: one.original.clone(),
            exact: one.exact,
        },
        several => MatchResult::Ambiguous {
            places: several
                .iter()
                .enumerate()
                .map(|(index, place)| Place {
                    range: place.original.clone(),
                    suggestion: (index < MAX_SUGGESTED_PLACES)
                        .then(|| suggest(searchable, &query, several, index))
                        .flatten(),
                })
                .collect(),
        },
    }
}

/// The shortest context (whole words of the article, prefix preferred) that makes the
/// passage at `range` the only match of its own text. Empty when it is unique already;
/// used by the `new annotation` command.
pub fn suggest_context(searchable: &Searchable, range: Range<usize>) -> Suggestion {
    let range = trim_range(searchable.text(), range);
    let Some(quote) = searchable.text().get(range.clone()) else {
        return Suggestion::default();
    };
    let selector = Selector {
        quote,
        prefix: None,
        suffix: None,
    };
    let Some(query) = Query::new(&selector) else {
        return Suggestion::default();
    };
    let candidates = searchable.candidates(&query);
    let exact: Vec<&Candidate> = candidates.iter().filter(|c| c.exact).collect();
    match exact.iter().position(|c| c.original == range) {
        Some(index) if exact.len() > 1 => {
            suggest(searchable, &query, &exact, index).unwrap_or_default()
        }
        _ => Suggestion::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(quote: &str) -> Selector<'_> {
        Selector {
            quote,
            prefix: None,
            suffix: None,
        }
    }

    #[test]
    fn occurrences_overlap_and_step_whole_characters() {
        let all = |haystack: &str, needle: &str| occurrences(haystack, needle).collect::<Vec<_>>();
        assert_eq!(all("aaaa", "aa"), [0, 1, 2]);
        assert_eq!(all("éééé", "éé"), [0, 2, 4]);
        assert_eq!(all("a é b é", "é"), [2, 7]);
        assert_eq!(all("abc", "d"), Vec::<usize>::new());
        assert_eq!(all("abc", ""), Vec::<usize>::new());
        // Longer than the searched prefix: places where only the prefix matches are left
        // out, and a character cut by the prefix's end still matches whole.
        let long = "the same twenty-four bytes, then “more”";
        let haystack = format!("{long} / the same twenty-four bytes, then less / x{long}");
        assert_eq!(all(&haystack, long), [0, 87]);
        // The prefix ends inside the twelfth `é` (`C3 A9`), so `ê` (`C3 AA`) matches it.
        let cut = format!("a{} on", "é".repeat(13));
        let haystack = format!("a{}ê on {cut}", "é".repeat(11));
        assert_eq!(all(&haystack, &cut), [29]);
    }

    #[test]
    fn the_word_index_finds_what_a_scan_finds() {
        let text = "a b a b a b. “a b” a—b a - b a\u{a0}b ab a bc xa b";
        let searchable = Searchable::new(text);
        let needles = [
            "a b", "b a", "a b a", "\"a b\"", "a-b", "b a b", "a bc", "xa b",
        ];
        let scanned: Vec<Vec<usize>> = needles
            .iter()
            .map(|needle| searchable.folded_occurrences(needle))
            .collect();
        assert!(searchable.word_starts.get().is_none(), "built too early");
        searchable
            .scans
            .store(SCANS_BEFORE_INDEX, Ordering::Relaxed);
        for (needle, scanned) in needles.iter().zip(scanned) {
            assert_eq!(searchable.folded_occurrences(needle), scanned, "{needle:?}");
        }
        assert!(
            searchable.word_starts.get().is_some(),
            "the index was not used"
        );
    }

    #[test]
    fn an_article_searched_many_times_gets_its_word_index() {
        let searchable = Searchable::new("one two three four");
        for _ in 0..SCANS_BEFORE_INDEX {
            assert_eq!(
                find(&searchable, &quote("two three")),
                MatchResult::Unique {
                    range: 4..13,
                    exact: true
                }
            );
        }
        assert!(searchable.word_starts.get().is_none());
        assert_eq!(
            find(&searchable, &quote("two three")),
            MatchResult::Unique {
                range: 4..13,
                exact: true
            }
        );
        assert!(searchable.word_starts.get().is_some());
    }

    #[test]
    fn a_quote_ending_inside_a_run_of_dots_still_matches_exactly() {
        let searchable = Searchable::new("He said b... and left. Then c-- came.");
        assert_eq!(
            find(&searchable, &quote("said b.")),
            MatchResult::Unique {
                range: 3..10,
                exact: true
            }
        );
        assert_eq!(
            find(&searchable, &quote("c-")),
            MatchResult::Unique {
                range: 28..30,
                exact: true
            }
        );
    }

    #[test]
    fn invisible_characters_are_ignored() {
        let searchable = Searchable::new("a co\u{ad}operative effort");
        assert_eq!(
            find(&searchable, &quote("cooperative effort")),
            MatchResult::Unique {
                range: 2..22,
                exact: false
            }
        );
    }
}
