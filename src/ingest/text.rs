//! Plain text and Markdown: decoded from UTF-8, or from Windows-1252 when it is not UTF-8;
//! a form feed starts a new page. Also the builder the word-processor readers write into.

use super::{ExtractError, Limits};

/// Decodes text bytes: UTF-8 (with or without BOM), else Windows-1252 (old Windows files).
pub fn decode(bytes: &[u8]) -> String {
    let bytes = super::sniff::strip_bom(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Pages of a text file (split at form feeds).
pub fn pages(bytes: &[u8], limits: &Limits) -> Result<Vec<String>, ExtractError> {
    let text = decode(bytes).replace("\r\n", "\n");
    if text.chars().count() > limits.max_text_chars {
        return Err(ExtractError::TooLarge(format!(
            "more than {} characters of text",
            limits.max_text_chars
        )));
    }
    let pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.len() > limits.max_pages {
        return Err(ExtractError::TooLarge(format!(
            "more than {} pages",
            limits.max_pages
        )));
    }
    Ok(pages)
}

/// Collects the text of a structured document as Markdown-like lines (headings with `#`,
/// list items with `-` or `1.`, table rows with `|`), page by page, within the limits.
pub struct TextBuilder {
    pages: Vec<String>,
    chars: usize,
    max_chars: usize,
    max_pages: usize,
    overflow: Option<ExtractError>,
}

impl TextBuilder {
    pub fn new(limits: &Limits) -> Self {
        TextBuilder {
            pages: vec![String::new()],
            chars: 0,
            max_chars: limits.max_text_chars,
            max_pages: limits.max_pages,
            overflow: None,
        }
    }

    fn push_line(&mut self, line: &str) {
        if self.overflow.is_some() {
            return;
        }
        self.chars += line.len() + 1;
        if self.chars > self.max_chars {
            self.overflow = Some(ExtractError::TooLarge(format!(
                "more than {} characters of text",
                self.max_chars
            )));
            return;
        }
        if let Some(page) = self.pages.last_mut() {
            page.push_str(line);
            page.push('\n');
        }
    }

    pub fn heading(&mut self, level: usize, text: &str) {
        let text = text.trim();
        if !text.is_empty() {
            let hashes = "#".repeat(level.clamp(1, 6));
            self.push_line(&format!("{hashes} {text}"));
        }
    }

    pub fn paragraph(&mut self, text: &str) {
        let text = text.trim();
        if !text.is_empty() {
            self.push_line(text);
        }
    }

    /// `depth` 0 is a top-level item; `label` is its number as shown ("1.", "a)"), or None for
    /// a bullet.
    pub fn list_item(&mut self, depth: usize, label: Option<&str>, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let indent = "  ".repeat(depth.min(8));
        let line = match label {
            Some(l) => format!("{indent}{l} {text}"),
            None => format!("{indent}- {text}"),
        };
        self.push_line(&line);
    }

    pub fn table_row(&mut self, cells: &[String]) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            return;
        }
        let cells: Vec<String> = cells
            .iter()
            .map(|c| c.trim().replace('\n', " ").replace('|', "/"))
            .collect();
        self.push_line(&format!("| {} |", cells.join(" | ")));
    }

    pub fn page_break(&mut self) {
        if self.overflow.is_some() {
            return;
        }
        if self.pages.len() >= self.max_pages {
            self.overflow = Some(ExtractError::TooLarge(format!(
                "more than {} pages",
                self.max_pages
            )));
            return;
        }
        // A break at the very start of a page (two breaks in a row) makes no empty page.
        if self.pages.last().is_some_and(|p| !p.trim().is_empty()) {
            self.pages.push(String::new());
        }
    }

    pub fn finish(mut self) -> Result<Vec<String>, ExtractError> {
        if let Some(e) = self.overflow {
            return Err(e);
        }
        if self.pages.len() > 1 && self.pages.last().is_some_and(|p| p.trim().is_empty()) {
            self.pages.pop();
        }
        Ok(self.pages)
    }
}

/// Appends `text` to `target`, a space between them.
pub fn push_spaced(target: &mut String, text: &str) {
    if text.is_empty() {
        return;
    }
    if !target.is_empty() {
        target.push(' ');
    }
    target.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_is_decoded() {
        assert_eq!(
            decode(b"March\xe9 \xe0 bons de commande \x80"),
            "Marché à bons de commande €"
        );
        assert_eq!(decode("déjà".as_bytes()), "déjà");
        assert_eq!(decode(b"\xEF\xBB\xBFbom"), "bom");
    }

    #[test]
    fn form_feeds_split_pages_and_limits_hold() {
        let limits = Limits::default();
        assert_eq!(
            pages(b"one\x0ctwo\x0cthree", &limits).map(|p| p.len()),
            Ok(3)
        );
        let small = Limits {
            max_pages: 2,
            ..Limits::default()
        };
        assert!(matches!(
            pages(b"1\x0c2\x0c3", &small),
            Err(ExtractError::TooLarge(_))
        ));
    }

    #[test]
    fn the_builder_writes_markdown_like_lines() {
        let mut b = TextBuilder::new(&Limits::default());
        b.heading(2, "ARTICLE 3 - Prestations");
        b.list_item(0, None, "premier point");
        b.list_item(1, Some("2."), "sous-point");
        b.table_row(&["Niveau".into(), "Délai | max".into()]);
        b.page_break();
        b.page_break();
        b.paragraph("  suite  ");
        let pages = b.finish().unwrap_or_default();
        assert_eq!(pages, vec![
            "## ARTICLE 3 - Prestations\n- premier point\n  2. sous-point\n| Niveau | Délai / max |\n".to_string(),
            "suite\n".to_string()
        ]);
    }
}
