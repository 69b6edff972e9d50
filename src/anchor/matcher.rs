//! STUB (being written by the anchor helper).
use std::ops::Range;
pub struct Searchable {
    text: String,
}
impl Searchable {
    pub fn new(text: &str) -> Self {
        Searchable {
            text: text.to_string(),
        }
    }
}
pub struct Selector<'a> {
    pub quote: &'a str,
    pub prefix: Option<&'a str>,
    pub suffix: Option<&'a str>,
}
pub enum MatchResult {
    Unique { range: Range<usize>, exact: bool },
    NotFound,
}
pub fn find(s: &Searchable, sel: &Selector) -> MatchResult {
    match s.text.find(sel.quote) {
        Some(i) => MatchResult::Unique {
            range: i..i + sel.quote.len(),
            exact: true,
        },
        None => MatchResult::NotFound,
    }
}
