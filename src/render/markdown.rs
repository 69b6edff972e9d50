//! Markdown to safe HTML for commentary and notes: raw HTML is escaped and only safe URL
//! schemes survive (the same renderer as article bodies, without highlights).

use super::article_body::render_article_body;

pub fn markdown_to_html(markdown: &str) -> String {
    render_article_body(markdown, 0, &[], &|_| String::new()).html
}

/// The HTML of `markdown` and a plain-text summary of it (see [`summary_of_text`]), from one
/// parse.
pub fn markdown_to_html_and_summary(markdown: &str) -> (String, String) {
    let body = render_article_body(markdown, 0, &[], &|_| String::new());
    (body.html, summary_of_text(&body.text))
}

/// Characters of a page description; a longer text is cut to [`SUMMARY_CUT`] and `…`.
const SUMMARY_LENGTH: usize = 200;
const SUMMARY_CUT: usize = SUMMARY_LENGTH - 3;

/// A page description: the text with white space collapsed, cut at 200 characters. Only
/// the words needed are read.
pub fn summary_of_text(text: &str) -> String {
    // Descriptions are kept until the pages are written: room for 200 bytes and `…`
    // (grown once for text outside ASCII), not for the longest possible description.
    let mut flat = String::with_capacity(text.len().min(SUMMARY_LENGTH + 3));
    let mut characters = 0;
    for word in text.split_whitespace() {
        if characters > 0 {
            flat.push(' ');
            characters += 1;
        }
        flat.push_str(word);
        characters += word.chars().count();
        if characters > SUMMARY_LENGTH {
            let cut = flat
                .char_indices()
                .nth(SUMMARY_CUT)
                .map_or(flat.len(), |(at, _)| at);
            flat.truncate(cut);
            let kept = flat.trim_end().len();
            flat.truncate(kept);
            flat.push('…');
            return flat;
        }
    }
    flat
}

pub use super::article_body::is_safe_url;

#[cfg(test)]
mod tests {
    use super::*;

    /// The description as first defined: collapse all the white space, then cut.
    fn whole_text_summary(text: &str) -> String {
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if flat.chars().count() <= 200 {
            return flat;
        }
        let cut: String = flat.chars().take(197).collect();
        format!("{}…", cut.trim_end())
    }

    #[test]
    fn a_summary_reads_only_the_words_it_needs_and_cuts_the_same() {
        let mut texts = vec![
            String::new(),
            "  one \n\n two\tthree  ".to_string(),
            "x".repeat(199),
            "x".repeat(200),
            "x".repeat(201),
            "é".repeat(450),
            format!("{} {}", "a".repeat(196), "tail words here"),
            format!("{} {}", "a".repeat(197), "b"),
            format!("{}   {}", "a".repeat(150), "long ".repeat(40)),
        ];
        for width in 1..12 {
            let words: Vec<String> = (0..90).map(|i| "wörd".repeat(i % width + 1)).collect();
            texts.push(words.join(if width % 2 == 0 { " \n" } else { "  " }));
        }
        for text in &texts {
            let summary = summary_of_text(text);
            assert_eq!(summary, whole_text_summary(text), "{text:?}");
            assert!(summary.chars().count() <= 200);
        }
    }
}
