//! Folding a text to one form per typographic variant, with a map back to the original.
//!
//! Two texts that differ only in how they were typeset fold to the same string:
//!
//! - straight and curly quotes and apostrophes (`'` `‘` `’` `ʼ` → `'`, `"` `“` `”` `„` `‟` → `"`);
//! - dashes: a run of `-` `‐` `‑` `‒` `–` `—` `―` `−` (so `--` too), with any white space
//!   around it, folds to one `-`, because "a -- b", "a – b" and "a—b" are the same words;
//! - `...` → `…`;
//! - any run of white space (spaces, no-break spaces, line breaks, block separators) → one
//!   space;
//! - invisible soft hyphens and zero-width spaces are dropped.
//!
//! Letter case and every other character are kept, so words must still match.

use std::ops::Range;

/// A folded copy of a text. Offsets into [`Folded::text`] map back to the original through
/// the few places where folding changed something.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// The places where the folded text differs from the original, in order. Between two of
    /// them both texts are byte-for-byte equal, so offsets there differ by a constant.
    units: Vec<Unit>,
}

#[derive(Debug, Clone)]
struct Unit {
    folded: Range<usize>,
    original: Range<usize>,
}

/// True when the byte at `at` is plain ASCII that folding keeps as it is, whatever follows:
/// not white space, `-`, `.` or outside ASCII, except a single space or a lone dot before
/// an ordinary character. Quote marks `'` and `"` fold to themselves.
fn folds_to_itself(bytes: &[u8], at: usize) -> bool {
    let next = bytes.get(at + 1).copied();
    match bytes[at] {
        b' ' => next.is_some_and(|n| n < 0x80 && n != b'-' && !is_ascii_space(n)),
        b'.' => next != Some(b'.'),
        b'-' => false,
        byte => byte < 0x80 && !is_ascii_space(byte),
    }
}

/// Bytes that fold to themselves whatever follows them: ASCII other than white space, `-`
/// and `.` (see [`folds_to_itself`]). Looking them up first keeps the common case to one
/// load: an article is folded byte by byte, and this loop was 2% of a build.
static ALWAYS_ITSELF: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x80 {
        table[byte] = !is_ascii_space(byte as u8) && byte as u8 != b'-' && byte as u8 != b'.';
        byte += 1;
    }
    table
};

/// ASCII white space as `char::is_whitespace` sees it (vertical tab included).
const fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
}

/// A character that folding treats as white space.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2212}'
    )
}

/// Characters a reader cannot see.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

fn fold_quote_mark(c: char) -> Option<char> {
    match c {
        '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' => Some('\''),
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => Some('"'),
        _ => None,
    }
}

/// True when `c` is one of the characters whose folding depends on its neighbours (dashes,
/// dots, white space, invisible characters); a quote starting or ending with one may match
/// exactly where its folded form does not.
pub fn is_context_sensitive(c: char) -> bool {
    is_dash(c) || c == '.' || is_space(c) || is_invisible(c)
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut folded = Folded {
            text: String::with_capacity(original.len()),
            units: Vec::new(),
        };
        let bytes = original.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            // Most text folds to itself: copy runs of plain ASCII in one go.
            let mut plain_end = at;
            while plain_end < bytes.len()
                && (ALWAYS_ITSELF[usize::from(bytes[plain_end])]
                    || folds_to_itself(bytes, plain_end))
            {
                plain_end += 1;
            }
            if plain_end > at {
                folded.text.push_str(&original[at..plain_end]);
                at = plain_end;
                continue;
            }
            let Some(c) = original[at..].chars().next() else {
                break;
            };
            at = if is_space(c) || is_dash(c) || is_invisible(c) {
                folded.push_gap(original, at)
            } else if let Some(mark) = fold_quote_mark(c) {
                let mut buffer = [0; 4];
                let end = at + c.len_utf8();
                folded.push(original, at..end, mark.encode_utf8(&mut buffer));
                end
            } else if original[at..].starts_with("...") {
                folded.push(original, at..at + 3, "…");
                at + 3
            } else {
                let end = at + c.len_utf8();
                folded.text.push_str(&original[at..end]);
                end
            };
        }
        folded
    }

    /// Folds the run of white space, dashes and invisible characters starting at `start`;
    /// returns where it ends.
    fn push_gap(&mut self, original: &str, start: usize) -> usize {
        let (mut saw_space, mut saw_dash) = (false, false);
        let mut end = start;
        for c in original[start..].chars() {
            if !(is_space(c) || is_dash(c) || is_invisible(c)) {
                break;
            }
            saw_space |= is_space(c);
            saw_dash |= is_dash(c);
            end += c.len_utf8();
        }
        let replacement = match (saw_dash, saw_space) {
            (true, _) => "-",
            (false, true) => " ",
            (false, false) => "",
        };
        self.push(original, start..end, replacement);
        end
    }

    fn push(&mut self, original: &str, from: Range<usize>, replacement: &str) {
        let start = self.text.len();
        self.text.push_str(replacement);
        if original.get(from.clone()) != Some(replacement) {
            self.units.push(Unit {
                folded: start..self.text.len(),
                original: from,
            });
        }
    }

    /// The original offset where the folded text starting at `folded` begins.
    pub fn original_start(&self, folded: usize) -> usize {
        self.to_original(folded, true)
    }

    /// The original offset where folded text ending at `folded` ends.
    pub fn original_end(&self, folded: usize) -> usize {
        self.to_original(folded, false)
    }

    /// The folded offset of text starting at original offset `original`.
    pub fn folded_start(&self, original: usize) -> usize {
        self.to_folded(original, true)
    }

    /// The folded offset of text ending at original offset `original`.
    pub fn folded_end(&self, original: usize) -> usize {
        self.to_folded(original, false)
    }

    /// The original range of a folded range.
    pub fn original_range(&self, folded: Range<usize>) -> Range<usize> {
        self.original_start(folded.start)..self.original_end(folded.end)
    }

    fn to_original(&self, folded: usize, start: bool) -> usize {
        let index = self.units.partition_point(|u| u.folded.start <= folded);
        let Some(unit) = index.checked_sub(1).and_then(|i| self.units.get(i)) else {
            return folded;
        };
        if folded >= unit.folded.end {
            unit.original.end + (folded - unit.folded.end)
        } else if folded == unit.folded.start || start {
            unit.original.start
        } else {
            unit.original.end
        }
    }

    fn to_folded(&self, original: usize, start: bool) -> usize {
        let index = self.units.partition_point(|u| u.original.start <= original);
        let Some(unit) = index.checked_sub(1).and_then(|i| self.units.get(i)) else {
            return original;
        };
        if original >= unit.original.end {
            unit.folded.end + (original - unit.original.end)
        } else if original == unit.original.start || start {
            unit.folded.start
        } else {
            unit.folded.end
        }
    }
}

/// Collapses every run of white space to one space and trims the ends, for showing a
/// passage on one line.
pub fn collapse_space(text: &str) -> String {
    text.split(is_space)
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_variants_fold_to_one_form() {
        let cases = [
            ("“It’s over,” he said", "\"It's over,\" he said"),
            ("a -- b – c—d - e", "a-b-c-d-e"),
            ("wait...  what…", "wait… what…"),
            ("one\u{a0}two\n\nthree\u{202f}four", "one two three four"),
            ("co\u{ad}operate", "cooperate"),
        ];
        for (original, expected) in cases {
            assert_eq!(Folded::new(original).text, expected, "{original:?}");
        }
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let original = "“Yes” — he said...\n\nfine";
        let folded = Folded::new(original);
        assert_eq!(folded.text, "\"Yes\"-he said… fine");
        let start = folded.text.find("he").unwrap();
        let end = folded.text.find(" fine").unwrap();
        assert_eq!(&original[folded.original_range(start..end)], "he said...");
        assert_eq!(&original[folded.original_range(0..5)], "“Yes”");
        let he = original.find("he").unwrap();
        assert_eq!(folded.folded_start(he), start);
        // An offset inside a folded run maps to the run's start or end.
        let inside_dash = original.find('—').unwrap();
        assert_eq!(folded.folded_start(inside_dash), 5);
        assert_eq!(folded.folded_end(inside_dash), 6);
    }
}
