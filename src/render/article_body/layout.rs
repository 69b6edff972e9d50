//! Cutting each event's reader text into pieces at every highlight boundary, and finding
//! the first and last piece of each highlight.

use std::ops::Range;

use pulldown_cmark::Event;

use super::Highlight;
use crate::anchor::text::Walked;

/// A run of reader text inside one event with the same highlights all along.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    /// Byte range in the reader text.
    pub(super) text: Range<usize>,
    /// Indices of the highlights covering it, ascending.
    pub(super) covering: Vec<usize>,
}

/// How each event's text is cut into pieces, and where each highlight starts and ends.
pub(super) struct Layout {
    /// Per item: the range of its pieces in `pieces`.
    pub(super) item_pieces: Vec<Range<usize>>,
    pub(super) pieces: Vec<Piece>,
    pub(super) first_piece: Vec<Option<usize>>,
    pub(super) last_piece: Vec<Option<usize>>,
}

/// Events whose text is shown as text, and may so be highlighted.
fn is_markable(event: &Event) -> bool {
    matches!(
        event,
        Event::Text(_)
            | Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::SoftBreak
    )
}

impl Layout {
    pub(super) fn new(items: &[Walked], text: &str, highlights: &[Highlight]) -> Layout {
        let live: Vec<usize> = (0..highlights.len())
            .filter(|&h| highlights[h].range.start < highlights[h].range.end)
            .collect();
        let mut boundaries: Vec<usize> = live
            .iter()
            .flat_map(|&h| [highlights[h].range.start, highlights[h].range.end])
            .filter(|&at| text.is_char_boundary(at))
            .collect();
        boundaries.sort_unstable();
        boundaries.dedup();
        let mut by_start = live.clone();
        by_start.sort_by_key(|&h| highlights[h].range.start);
        let mut by_end = live;
        by_end.sort_by_key(|&h| highlights[h].range.end);
        let (mut next_start, mut next_end) = (0, 0);
        let mut active: Vec<usize> = Vec::new();

        let mut layout = Layout {
            item_pieces: Vec::with_capacity(items.len()),
            pieces: Vec::new(),
            first_piece: vec![None; highlights.len()],
            last_piece: vec![None; highlights.len()],
        };
        for item in items {
            let first = layout.pieces.len();
            let range = match &item.text {
                Some(range) if is_markable(&item.event) && !range.is_empty() => range.clone(),
                _ => {
                    layout.item_pieces.push(first..first);
                    continue;
                }
            };
            let cuts_from = boundaries.partition_point(|&b| b <= range.start);
            let cuts_to = boundaries.partition_point(|&b| b < range.end);
            let mut starts = vec![range.start];
            starts.extend_from_slice(&boundaries[cuts_from..cuts_to.max(cuts_from)]);
            for (i, &start) in starts.iter().enumerate() {
                let end = starts.get(i + 1).copied().unwrap_or(range.end);
                // Highlights are entered and left in text order as the pieces go by.
                while let Some(&h) = by_start.get(next_start) {
                    if highlights[h].range.start > start {
                        break;
                    }
                    active.push(h);
                    next_start += 1;
                }
                while let Some(&h) = by_end.get(next_end) {
                    if highlights[h].range.end > start {
                        break;
                    }
                    active.retain(|&a| a != h);
                    next_end += 1;
                }
                let mut covering = active.clone();
                covering.sort_unstable();
                let index = layout.pieces.len();
                for &h in &covering {
                    layout.first_piece[h].get_or_insert(index);
                    layout.last_piece[h] = Some(index);
                }
                layout.pieces.push(Piece {
                    text: start..end,
                    covering,
                });
            }
            layout.item_pieces.push(first..layout.pieces.len());
        }
        layout
    }
}
