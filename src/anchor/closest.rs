//! The passage most like a quote that was not found, and how it differs, in plain words.
//!
//! Cost is bounded for any input: one pass over the article's words picks the window of
//! quote length sharing the most words with the quote (ignoring case and punctuation), then
//! a word-level alignment of the quote against that window, capped at
//! [`MAX_ALIGNMENT_CELLS`], finds the differences.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use super::fold::collapse_space;
use super::matcher::{Closest, Mismatch, Query, Searchable};
use crate::diag;

/// One word of a folded text.
#[derive(Debug, Clone)]
pub(super) struct Word {
    /// Byte range in the folded text.
    folded: Range<usize>,
    /// The word lower-cased without punctuation, hashed: what "sharing a word" compares.
    key: u64,
}

/// The largest quote × window alignment table; longer quotes are aligned on their start.
const MAX_ALIGNMENT_CELLS: usize = 6_000_000;

/// Longest text shown on either side of a difference.
const MAX_SHOWN_CHARS: usize = 60;

fn words_of(folded: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = 0;
    for piece in folded.split(' ') {
        if !piece.is_empty() {
            words.push(Word {
                folded: start..start + piece.len(),
                key: word_key(piece),
            });
        }
        start += piece.len() + 1;
    }
    words
}

/// FNV-1a over the word's letters and digits, lower-cased (over the whole word when it has
/// none, like `-` or `…`). Cheap enough to key every word of a very long article.
fn word_key(word: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mix = |hash: u64, c: char| (hash ^ u64::from(u32::from(c))).wrapping_mul(PRIME);
    let letters = word
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .fold(OFFSET, mix);
    if letters != OFFSET {
        letters
    } else {
        word.chars().fold(OFFSET, mix)
    }
}

/// One step of an alignment: a quote word against an article word, or either alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Step {
    quote: Option<usize>,
    article: Option<usize>,
    matched: bool,
}

/// The passage of the article most like the quote and how they differ; `None` when no
/// passage has at least half the quote's words (or, for a one-word quote, no word is
/// spelt nearly the same).
pub(super) fn closest_passage<'a>(searchable: &'a Searchable, query: &'a Query) -> Option<Closest> {
    let article = searchable
        .words
        .get_or_init(|| words_of(&searchable.folded.text));
    let quote = words_of(&query.folded_quote.text);
    let (start, shared) = best_window(article, &quote).unwrap_or((0, 0));
    if shared == 0 || shared * 2 < quote.len() {
        return if let [word] = quote.as_slice() {
            let folded = query
                .folded_quote
                .text
                .get(word.folded.clone())
                .unwrap_or_default();
            similar_word(searchable, article, folded, query.quote)
        } else {
            None
        };
    }
    let pad = (quote.len() / 4).clamp(3, 100);
    let region = start.saturating_sub(pad)..(start + quote.len() + pad).min(article.len());
    let aligned = quote
        .len()
        .min(MAX_ALIGNMENT_CELLS / region.len().max(1))
        .max(1);
    let texts = |words: &[Word], folded: &'a str| -> Vec<&'a str> {
        let text = |w: &Word| folded.get(w.folded.clone()).unwrap_or_default();
        words.iter().map(text).collect()
    };
    let quote_texts = texts(&quote[..aligned], &query.folded_quote.text);
    let article_texts = texts(&article[region.clone()], &searchable.folded.text);
    let last = quote.len() - 1;
    let steps = align(quote_texts.len(), article_texts.len(), |q, a| {
        let (q_text, a_text) = (quote_texts[q], article_texts[a]);
        // The quote may start or end inside a word: "report" ends "report.".
        a_text == q_text
            || (q == 0 && a_text.ends_with(q_text))
            || (q == last && a_text.starts_with(q_text))
    });
    let steps: Vec<Step> = steps
        .into_iter()
        .map(|step| Step {
            article: step.article.map(|a| region.start + a),
            ..step
        })
        .collect();

    let article_words = |steps: &[Step]| span(steps.iter().filter_map(|s| s.article));
    let quote_words = |steps: &[Step]| span(steps.iter().filter_map(|s| s.quote));
    let article_range = |words: Range<usize>| -> Range<usize> {
        match (
            article.get(words.start),
            article.get(words.end.wrapping_sub(1)),
        ) {
            (Some(first), Some(last)) => searchable
                .folded
                .original_range(first.folded.start..last.folded.end),
            _ => 0..0,
        }
    };
    let article_text = |words: Range<usize>| {
        collapse_space(
            searchable
                .text
                .get(article_range(words))
                .unwrap_or_default(),
        )
    };
    let quote_text = |words: Range<usize>| -> String {
        let (Some(first), Some(last)) =
            (quote.get(words.start), quote.get(words.end.wrapping_sub(1)))
        else {
            return String::new();
        };
        let range = query
            .folded_quote
            .original_range(first.folded.start..last.folded.end);
        collapse_space(query.quote.get(range).unwrap_or_default())
    };

    let mut range = article_range(article_words(&steps));
    // A quote starting or ending inside a word starts or ends the passage there too.
    let word_at = |step: Option<&Step>, quote_index: usize| {
        let step = step.filter(|s| s.matched && s.quote == Some(quote_index))?;
        Some((article.get(step.article?)?, quote.get(quote_index)?))
    };
    if let Some((word, quoted)) = word_at(steps.first(), 0) {
        let start = word
            .folded
            .end
            .saturating_sub(quoted.folded.len())
            .max(word.folded.start);
        range.start = range.start.max(searchable.folded.original_start(start));
    }
    if let Some((word, quoted)) = word_at(steps.last(), last) {
        let end = (word.folded.start + quoted.folded.len()).min(word.folded.end);
        range.end = range
            .end
            .min(searchable.folded.original_end(end))
            .max(range.start);
    }
    let hunks = hunks(&steps);
    let explanation = match hunks.first() {
        Some(hunk) => {
            // One matching word next to the difference shows where it is.
            let shown = if hunk.start > 0 {
                hunk.start - 1..hunk.end
            } else {
                hunk.start..(hunk.end + 1).min(steps.len())
            };
            let shown = &steps[shown];
            differs(
                &article_text(article_words(shown)),
                &quote_text(quote_words(shown)),
                hunks.len() - 1,
            )
        }
        None if aligned < quote.len() => format!(
            "the first {aligned} words of the quote match `{}`; it differs further on",
            shorten(&article_text(article_words(&steps)))
        ),
        None => String::from("the words match but not the characters between them"),
    };
    Some(Closest {
        range,
        explanation,
        mismatch: Mismatch::Quote,
    })
}

/// The smallest range holding all the indices.
fn span(indices: impl Iterator<Item = usize>) -> Range<usize> {
    indices
        .fold(None, |span: Option<Range<usize>>, index| {
            Some(match span {
                Some(span) => span.start.min(index)..span.end.max(index + 1),
                None => index..index + 1,
            })
        })
        .unwrap_or(0..0)
}

/// Runs of steps that are not matches: each is one difference.
fn hunks(steps: &[Step]) -> Vec<Range<usize>> {
    let mut hunks: Vec<Range<usize>> = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        if step.matched {
            continue;
        }
        match hunks.last_mut() {
            Some(hunk) if hunk.end == index => hunk.end = index + 1,
            _ => hunks.push(index..index + 1),
        }
    }
    hunks
}

/// "the article has `…` where the quote has `…`", with a note on letter case and on
/// further differences.
fn differs(article: &str, quote: &str, more: usize) -> String {
    let mut explanation = format!(
        "the article has `{}` where the quote has `{}`",
        shorten(article),
        shorten(quote)
    );
    if article != quote && article.to_lowercase() == quote.to_lowercase() {
        explanation.push_str(" (letter case must match)");
    }
    match more {
        0 => {}
        1 => explanation.push_str(", and it differs in 1 more place"),
        n => explanation.push_str(&format!(", and it differs in {n} more places")),
    }
    explanation
}

/// Shortens a long passage for display, keeping its start and end.
pub(super) fn shorten(text: &str) -> String {
    let count = text.chars().count();
    if count <= MAX_SHOWN_CHARS {
        return text.to_owned();
    }
    let half = MAX_SHOWN_CHARS / 2;
    let head: String = text.chars().take(half).collect();
    let tail: String = text.chars().skip(count - half).collect();
    format!("{} … {}", head.trim_end(), tail.trim_start())
}

/// Word keys are hashes already: a map keyed by them need not hash them again, which makes
/// the pass over a long article several times faster.
type KeyMap = HashMap<u64, i64, BuildHasherDefault<KeyHasher>>;

#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// The start of the window of `quote.len()` article words sharing the most words with the
/// quote, and how many it shares. One pass over the article.
fn best_window(article: &[Word], quote: &[Word]) -> Option<(usize, usize)> {
    let width = quote.len().min(article.len());
    if width == 0 {
        return None;
    }
    let mut wanted: KeyMap = HashMap::default();
    for word in quote {
        *wanted.entry(word.key).or_default() += 1;
    }
    // `wanted[key]` counts the quote's copies of a word not yet in the window; it goes
    // negative when the window has more copies than the quote.
    let enter = |wanted: &mut KeyMap, key: u64, shared: &mut usize| {
        if let Some(count) = wanted.get_mut(&key) {
            if *count > 0 {
                *shared += 1;
            }
            *count -= 1;
        }
    };
    let mut shared = 0usize;
    for word in &article[..width] {
        enter(&mut wanted, word.key, &mut shared);
    }
    let mut best = (0, shared);
    for start in 1..=article.len() - width {
        if let Some(count) = wanted.get_mut(&article[start - 1].key) {
            *count += 1;
            if *count > 0 {
                shared -= 1;
            }
        }
        enter(&mut wanted, article[start + width - 1].key, &mut shared);
        if shared > best.1 {
            best = (start, shared);
        }
    }
    (best.1 > 0).then_some(best)
}

/// Aligns the quote's words inside the article's: a word that matches scores 2, a word
/// replaced, left out or added costs 1, and article words before and after the passage are
/// free. Unlike a longest common subsequence, this keeps a passage in one piece in
/// repetitive text instead of picking up a common word far from the rest.
fn align(rows: usize, columns: usize, same: impl Fn(usize, usize) -> bool) -> Vec<Step> {
    const MATCH: i32 = 2;
    const COST: i32 = 1;
    let width = columns + 1;
    // score[i * width + j]: best score of quote[i..] against article[j..].
    let mut score = vec![0i32; (rows + 1) * width];
    for i in (0..rows).rev() {
        score[i * width + columns] = score[(i + 1) * width + columns] - COST;
        for j in (0..columns).rev() {
            let diagonal = score[(i + 1) * width + j + 1] + if same(i, j) { MATCH } else { -COST };
            let skip_quote = score[(i + 1) * width + j] - COST;
            let skip_article = score[i * width + j + 1] - COST;
            score[i * width + j] = diagonal.max(skip_quote).max(skip_article);
        }
    }
    // The passage may start at any article word.
    let mut j = (0..=columns)
        .max_by_key(|&j| (score[j], std::cmp::Reverse(j)))
        .unwrap_or(0);
    let mut i = 0;
    let mut steps = Vec::new();
    while i < rows {
        let here = score[i * width + j];
        if j < columns {
            let matched = same(i, j);
            let diagonal = score[(i + 1) * width + j + 1] + if matched { MATCH } else { -COST };
            if here == diagonal {
                steps.push(Step {
                    quote: Some(i),
                    article: Some(j),
                    matched,
                });
                i += 1;
                j += 1;
                continue;
            }
            if here == score[i * width + j + 1] - COST {
                steps.push(Step {
                    quote: None,
                    article: Some(j),
                    matched: false,
                });
                j += 1;
                continue;
            }
        }
        steps.push(Step {
            quote: Some(i),
            article: None,
            matched: false,
        });
        i += 1;
    }
    steps
}

/// For a one-word quote with no word in common: the article word nearest in spelling.
fn similar_word(
    searchable: &Searchable,
    article: &[Word],
    quote_word: &str,
    quote: &str,
) -> Option<Closest> {
    // Compared without the punctuation around words: "Thursday." is a word "Thursday".
    let bare = |word: &Word| -> Range<usize> {
        let text = searchable
            .folded
            .text
            .get(word.folded.clone())
            .unwrap_or_default();
        let start = text.len()
            - text
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let end = text
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .len()
            .max(start);
        word.folded.start + start..word.folded.start + end
    };
    let text_of = |range: Range<usize>| searchable.folded.text.get(range).unwrap_or_default();
    let quote_word = quote_word.trim_matches(|c: char| !c.is_alphanumeric());
    let nearest = diag::closest(quote_word, article.iter().map(|w| text_of(bare(w))))?;
    let word = article
        .iter()
        .map(bare)
        .find(|w| text_of(w.clone()) == nearest)?;
    let range = searchable.folded.original_range(word);
    let shown = searchable.text.get(range.clone()).unwrap_or_default();
    Some(Closest {
        range,
        explanation: differs(shown, quote, 0),
        mismatch: Mismatch::Quote,
    })
}
