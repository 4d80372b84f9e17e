//! Markdown of the sections: the sanitized HTML preview writers see while typing, and the
//! word count held against the page limit.

use pulldown_cmark::{Event, Options, Parser, html};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// The HTML of `markdown` for the preview. Raw HTML in the text is shown as text (escaped,
/// never run), and the result goes through ammonia anyway, so links or images cannot carry
/// scripts either.
pub fn preview_html(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).map(|e| match e {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 4);
    html::push_html(&mut out, events);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(&out)
        .to_string()
}

/// The words of the text as a reader sees them (Markdown marks not counted).
pub fn word_count(markdown: &str) -> usize {
    Parser::new_ext(markdown, options())
        .map(|e| match e {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => t
                .split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count(),
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        let html = preview_html("Bonjour <script>alert(1)</script> **gras**");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("<strong>gras</strong>"));
    }

    #[test]
    fn javascript_links_are_dropped() {
        let html = preview_html("[x](javascript:alert(1))");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn words_ignore_marks() {
        assert_eq!(word_count("# Titre\n\n- un **deux**\n- trois : quatre"), 5);
        assert_eq!(word_count(""), 0);
    }
}
