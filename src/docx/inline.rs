//! Runs of text inside a paragraph: formatting, links, pictures and French spacing.

use docx_rs::{BreakType, Hyperlink, HyperlinkType, Paragraph, ParagraphChild, Pic, Run};

use super::image;
use super::styles::{Role, StyleSheet};
use super::typo;

/// The usable width of an A4 page with 2.5 cm margins, in EMUs (9,070 twips).
pub const TEXT_WIDTH_EMU: u64 = 9070 * 635;
/// Longest link address kept as a link; longer ones are written as text.
const MAX_URL: usize = 2048;

/// How the text being written looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Format {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
    /// Raw HTML written as text: no typography.
    pub raw: bool,
}

/// A paragraph being filled, with the text not yet cut into a run.
pub struct Builder<'s> {
    styles: &'s StyleSheet,
    // Boxed: a docx-rs paragraph is over 2 kB, moved several times on its way out.
    para: Box<Paragraph>,
    link: Option<Hyperlink>,
    pending: String,
    pending_fmt: Format,
    /// The plain text, kept for a heading's table of contents entry.
    pub plain: String,
}

impl<'s> Builder<'s> {
    pub fn new(styles: &'s StyleSheet, para: Paragraph) -> Builder<'s> {
        Builder {
            styles,
            para: Box::new(para),
            link: None,
            pending: String::new(),
            pending_fmt: Format::default(),
            plain: String::new(),
        }
    }

    /// Appends text in `fmt`, merged with the previous text when it looks the same (so French
    /// spacing sees whole phrases).
    pub fn text(&mut self, text: &str, fmt: Format) {
        if fmt != self.pending_fmt {
            self.flush();
            self.pending_fmt = fmt;
        }
        self.pending.push_str(text);
        self.plain.push_str(text);
    }

    pub fn line_break(&mut self) {
        self.flush();
        self.push_run(Run::new().add_break(BreakType::TextWrapping));
    }

    /// Starts a link; only web and mail addresses become real links, others stay text.
    pub fn start_link(&mut self, url: &str) {
        self.flush();
        let external = ["http://", "https://", "mailto:", "ftp://"]
            .iter()
            .any(|p| {
                url.len() > p.len()
                    && url
                        .get(..p.len())
                        .is_some_and(|s| s.eq_ignore_ascii_case(p))
            });
        if external && url.len() <= MAX_URL && self.link.is_none() {
            let url = typo::xml_safe(url);
            self.link = Some(Hyperlink::new(url, HyperlinkType::External));
        }
    }

    pub fn end_link(&mut self) {
        self.flush();
        if let Some(link) = self.link.take() {
            self.para.children.push(ParagraphChild::Hyperlink(link));
        }
    }

    /// A picture from `bytes`, or `alt` as text when it is not a PNG or JPEG.
    pub fn picture(&mut self, bytes: Option<&Vec<u8>>, alt: &str) {
        match bytes.and_then(|b| image::probe(b).map(|p| (b, p))) {
            Some((b, (_, w, h))) => {
                self.flush();
                let (ew, eh) = image::display_size(w, h, TEXT_WIDTH_EMU);
                let pic = Pic::new_with_dimensions(b.clone(), w, h).size(ew, eh);
                self.push_run(Run::new().add_image(pic));
            }
            None => self.text(alt, Format::default()),
        }
    }

    /// The finished paragraph.
    pub fn finish(mut self) -> (Box<Paragraph>, String) {
        self.end_link();
        (self.para, self.plain)
    }

    fn push_run(&mut self, run: Run) {
        // Pushed in place: the builder methods would make a throwaway paragraph per run.
        let child = ParagraphChild::Run(Box::new(run));
        match self.link.as_mut() {
            Some(link) => link.children.push(child),
            None => self.para.children.push(child),
        }
    }

    /// Cuts the pending text into a run.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let fmt = self.pending_fmt;
        let raw = std::mem::take(&mut self.pending);
        let raw = typo::xml_safe(&raw);
        let text = if fmt.code || fmt.raw || self.link.is_some() {
            raw.replace('\t', "    ")
        } else {
            typo::french(&raw)
        };
        let mut run = Run::new().add_text(text);
        if fmt.code {
            run = run.style(self.styles.id(Role::VerbatimChar));
        } else if self.link.is_some() {
            run = run.style(self.styles.id(Role::Hyperlink));
        }
        if fmt.bold {
            run = run.bold();
        }
        if fmt.italic {
            run = run.italic();
        }
        if fmt.strike {
            run = run.strike();
        }
        self.push_run(run);
    }
}
