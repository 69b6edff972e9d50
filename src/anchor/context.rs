//! Prefix and suffix: suggesting the shortest context that picks one passage, and
//! explaining a quote that matches but not with the context given.

use super::fold::{collapse_space, is_space};
use super::matcher::{
    Candidate, Closest, Context, Mismatch, Query, Searchable, Suggestion, fold_context,
};

/// The longest prefix or suffix suggested, in words.
const MAX_CONTEXT_WORDS: usize = 16;

impl Searchable {
    /// The `count` whole words of reader text before `offset` (a word cut by `offset`
    /// counts as one), white space collapsed; `None` when there are fewer.
    fn words_before(&self, offset: usize, count: usize) -> Option<String> {
        let before = self.text.get(..offset)?;
        let mut starts = 0;
        let mut in_word = false;
        for (at, c) in before.char_indices().rev() {
            if is_space(c) {
                if in_word {
                    starts += 1;
                    if starts == count {
                        return Some(collapse_space(&before[at..]));
                    }
                }
                in_word = false;
            } else {
                in_word = true;
            }
        }
        (in_word && starts + 1 == count).then(|| collapse_space(before))
    }

    /// The `count` whole words of reader text after `offset`, like [`Self::words_before`].
    fn words_after(&self, offset: usize, count: usize) -> Option<String> {
        let after = self.text.get(offset..)?;
        let mut ends = 0;
        let mut in_word = false;
        for (at, c) in after.char_indices() {
            if is_space(c) {
                if in_word {
                    ends += 1;
                    if ends == count {
                        return Some(collapse_space(&after[..at]));
                    }
                }
                in_word = false;
            } else {
                in_word = true;
            }
        }
        (in_word && ends + 1 == count).then(|| collapse_space(after))
    }
}

/// Context that singles out `contenders[target]` among `contenders`, all of which already
/// fit the selector's own prefix and suffix. A suggested prefix or suffix replaces the
/// selector's, so it is only looked for longer than the one given.
pub(super) fn suggest(
    searchable: &Searchable,
    query: &Query,
    contenders: &[&Candidate],
    target: usize,
) -> Option<Suggestion> {
    let place = contenders.get(target)?;
    let rivals: Vec<&Candidate> = contenders
        .iter()
        .enumerate()
        .filter(|&(index, _)| index != target)
        .map(|(_, c)| *c)
        .collect();
    let given_words = |context: &Option<Context>| context.as_ref().map_or(0, Context::words);
    let (mut before_rivals, mut after_rivals) = (rivals.clone(), rivals);
    let (mut prefix, mut suffix) = (None, None);
    for words in 1..=MAX_CONTEXT_WORDS {
        if words > given_words(&query.prefix)
            && let Some(text) = searchable.words_before(place.original.start, words)
            && let Some(folded) = fold_context(&text)
            && searchable.prefix_fits(place.folded.start, &folded)
        {
            before_rivals.retain(|c| searchable.prefix_fits(c.folded.start, &folded));
            prefix = Some(text);
            if before_rivals.is_empty() {
                return Some(Suggestion {
                    prefix,
                    suffix: None,
                });
            }
        }
        if words > given_words(&query.suffix)
            && let Some(text) = searchable.words_after(place.original.end, words)
            && let Some(folded) = fold_context(&text)
            && searchable.suffix_fits(place.folded.end, &folded)
        {
            after_rivals.retain(|c| searchable.suffix_fits(c.folded.end, &folded));
            suffix = Some(text);
            if after_rivals.is_empty() {
                return Some(Suggestion {
                    prefix: None,
                    suffix,
                });
            }
        }
        if prefix.is_some() && suffix.is_some() && !share_any(&before_rivals, &after_rivals) {
            return Some(Suggestion { prefix, suffix });
        }
    }
    None
}

/// True when two lists of candidates, both in text order, have one in common.
fn share_any(a: &[&Candidate], b: &[&Candidate]) -> bool {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        let (x, y) = (
            (x.original.start, x.original.end),
            (y.original.start, y.original.end),
        );
        match x.cmp(&y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Explains a quote that is in the article, but not with the prefix or suffix given.
pub(super) fn context_mismatch(
    searchable: &Searchable,
    query: &Query,
    first: &Candidate,
    count: usize,
) -> Closest {
    let places = match count {
        1 => "the quote matches once".to_owned(),
        n => format!("the quote matches {n} times"),
    };
    let mut mismatch = Mismatch::Suffix;
    let detail = if let Some(prefix) = query
        .prefix
        .as_ref()
        .filter(|p| !searchable.prefix_fits(first.folded.start, &p.folded))
    {
        let before = searchable
            .words_before(first.original.start, prefix.words().max(1))
            .unwrap_or_default();
        let prefix = collapse_space(prefix.text);
        mismatch = Mismatch::Prefix;
        format!("the article has `{before}` before it where the prefix is `{prefix}`")
    } else if let Some(suffix) = &query.suffix {
        let after = searchable
            .words_after(first.original.end, suffix.words().max(1))
            .unwrap_or_default();
        let suffix = collapse_space(suffix.text);
        format!("the article has `{after}` after it where the suffix is `{suffix}`")
    } else {
        String::from("its context differs")
    };
    Closest {
        range: first.original.clone(),
        explanation: format!("{places}, but {detail}"),
        mismatch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::matcher::suggest_context;

    #[test]
    fn suggest_context_picks_the_shortest_whole_words() {
        let text = "The senator said no. The senator said yes. The senator said no.";
        let searchable = Searchable::new(text);
        let second = 21..37;
        assert_eq!(&text[second.clone()], "The senator said");
        assert_eq!(
            suggest_context(&searchable, second),
            Suggestion {
                prefix: Some("no.".into()),
                suffix: None
            }
        );
        // A passage cut inside words: the context completes them.
        let inside = 25..36;
        assert_eq!(&text[inside.clone()], "senator sai");
        assert_eq!(
            suggest_context(&searchable, inside),
            Suggestion {
                prefix: Some("no. The".into()),
                suffix: None
            }
        );
        // Unique already: nothing to add.
        assert_eq!(suggest_context(&searchable, 38..41), Suggestion::default());
    }

    #[test]
    fn context_words_stop_at_the_edges_of_the_text() {
        let searchable = Searchable::new("one two  three");
        assert_eq!(searchable.words_before(9, 2).as_deref(), Some("one two"));
        assert_eq!(searchable.words_before(9, 3), None);
        assert_eq!(searchable.words_after(3, 2).as_deref(), Some("two three"));
        assert_eq!(searchable.words_after(3, 3), None);
        assert_eq!(searchable.words_before(5, 1).as_deref(), Some("t"));
    }
}
