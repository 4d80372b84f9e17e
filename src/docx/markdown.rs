//! Markdown events turned into Word paragraphs and tables: headings by style, nested lists
//! on real numbering, tables with their alignment, code, quotes; raw HTML kept as text.

use std::collections::HashMap;

use docx_rs::{AlignmentType, IndentLevel, NumberingId, Paragraph, Table};
use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd};

use super::inline::{Builder, Format};
use super::styles::{Role, StyleSheet};
use super::table::TableBuilder;

/// Most picture bytes one document embeds (a picture repeated counts each time): beyond,
/// pictures are written as their alternative text.
const MAX_PICTURE_BYTES: usize = 100 * 1024 * 1024;

/// Deepest list level Word can number (levels 0 to 8).
const MAX_LIST_LEVEL: usize = 8;

/// A top-level block of the document body.
pub enum Block {
    // docx-rs elements are large (a paragraph holds over 2 kB of properties): boxed.
    P(Box<Paragraph>),
    T(Box<Table>),
}

/// A heading, for the table of contents.
pub struct TocEntry {
    pub level: usize,
    pub number: String,
    pub text: String,
}

/// One Markdown list: each gets its own numbering instance so numbers restart per list.
pub struct ListDef {
    pub num_id: usize,
    pub ordered: bool,
    pub level: usize,
    pub start: usize,
}

/// The converted body.
pub struct Body {
    pub blocks: Vec<Block>,
    pub toc: Vec<TocEntry>,
    pub lists: Vec<ListDef>,
}

enum Container {
    Quote,
    List { num_id: usize, level: usize },
    Item { numbered: bool },
}

struct Walker<'s> {
    styles: &'s StyleSheet,
    images: &'s HashMap<String, Vec<u8>>,
    body: Body,
    stack: Vec<Container>,
    para: Option<Builder<'s>>,
    heading: Option<usize>,
    counters: [usize; 4],
    table: Option<TableBuilder>,
    code: Option<String>,
    image: Option<(String, String)>,
    picture_bytes: usize,
    fmt: Format,
    next_num_id: usize,
}

/// Converts `markdown`; list numbering instances are numbered from `first_num_id`.
pub fn convert(
    markdown: &str,
    styles: &StyleSheet,
    images: &HashMap<String, Vec<u8>>,
    first_num_id: usize,
) -> Body {
    let mut w = Walker {
        styles,
        images,
        body: Body {
            blocks: Vec::new(),
            toc: Vec::new(),
            lists: Vec::new(),
        },
        stack: Vec::new(),
        para: None,
        heading: None,
        counters: [0; 4],
        table: None,
        code: None,
        image: None,
        picture_bytes: 0,
        fmt: Format::default(),
        next_num_id: first_num_id,
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        w.event(event);
    }
    w.end_paragraph();
    w.body
}

impl<'s> Walker<'s> {
    fn event(&mut self, event: Event<'_>) {
        if let Some(alt) = self.image.as_mut().map(|(_, alt)| alt) {
            // Inside an image only its alternative text counts.
            match event {
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::End(TagEnd::Image) => self.end_image(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => match self.code.as_mut() {
                Some(code) => code.push_str(&t),
                None => self.text(&t, self.fmt),
            },
            Event::Code(t) => self.text(
                &t,
                Format {
                    code: true,
                    ..self.fmt
                },
            ),
            Event::Html(t) => {
                // A block of HTML arrives line by line: one paragraph, its lines kept.
                if self.para.is_some() {
                    self.paragraph().line_break();
                }
                let raw = Format {
                    raw: true,
                    ..Format::default()
                };
                self.text(t.strip_suffix('\n').unwrap_or(&t), raw);
            }
            Event::InlineHtml(t) => self.text(
                &t,
                Format {
                    raw: true,
                    ..self.fmt
                },
            ),
            Event::SoftBreak => self.text(" ", self.fmt),
            Event::HardBreak => self.paragraph().line_break(),
            Event::Rule => {
                self.end_paragraph();
                let p = Paragraph::new().style(self.styles.id(Role::Rule));
                self.body.blocks.push(Block::P(Box::new(p)));
            }
            Event::FootnoteReference(t) => self.text(&format!("[{t}]"), self.fmt),
            Event::TaskListMarker(done) => self.text(if done { "☒ " } else { "☐ " }, self.fmt),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(
                &t,
                Format {
                    code: true,
                    ..self.fmt
                },
            ),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.end_paragraph(),
            Tag::Heading { level, .. } => {
                self.end_paragraph();
                let level = level as usize;
                self.heading = Some(level);
                let p = Paragraph::new().style(self.styles.id(Role::heading(level)));
                self.para = Some(Builder::new(self.styles, p));
            }
            Tag::BlockQuote(_) => {
                self.end_paragraph();
                self.stack.push(Container::Quote);
            }
            Tag::CodeBlock(_) => {
                self.end_paragraph();
                self.code = Some(String::new());
            }
            Tag::HtmlBlock => self.end_paragraph(),
            Tag::List(start) => {
                self.end_paragraph();
                let level = self
                    .stack
                    .iter()
                    .filter(|c| matches!(c, Container::List { .. }))
                    .count()
                    .min(MAX_LIST_LEVEL);
                let num_id = self.next_num_id;
                self.next_num_id += 1;
                self.body.lists.push(ListDef {
                    num_id,
                    ordered: start.is_some(),
                    level,
                    start: start.unwrap_or(1).min(32_767) as usize,
                });
                self.stack.push(Container::List { num_id, level });
            }
            Tag::Item => {
                self.end_paragraph();
                self.stack.push(Container::Item { numbered: false });
            }
            Tag::Table(aligns) => {
                self.end_paragraph();
                self.table = Some(TableBuilder::new(aligns));
            }
            Tag::TableHead | Tag::TableRow => {}
            Tag::TableCell => {
                let align = self.table.as_ref().map(|t| t.current_alignment());
                let head = self.table.as_ref().is_some_and(|t| t.in_head());
                let mut p = Paragraph::new();
                if head {
                    p = p.style(self.styles.id(Role::TableHeading));
                }
                p = match align {
                    Some(Alignment::Center) => p.align(AlignmentType::Center),
                    Some(Alignment::Right) => p.align(AlignmentType::Right),
                    _ => p,
                };
                self.para = Some(Builder::new(self.styles, p));
            }
            Tag::Emphasis => self.fmt.italic = true,
            Tag::Strong => self.fmt.bold = true,
            Tag::Strikethrough => self.fmt.strike = true,
            Tag::Link { dest_url, .. } => self.paragraph().start_link(&dest_url),
            Tag::Image { dest_url, .. } => self.image = Some((dest_url.to_string(), String::new())),
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => self.end_paragraph(),
            TagEnd::Heading(_) => self.end_paragraph(),
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item => {
                self.end_paragraph();
                self.stack.pop();
            }
            TagEnd::CodeBlock => self.end_code(),
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.end_row(true);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.end_row(false);
                }
            }
            TagEnd::TableCell => {
                let para = self.para.take().map(|b| b.finish().0);
                if let Some(t) = self.table.as_mut() {
                    t.end_cell(para.unwrap_or_else(|| Box::new(Paragraph::new())));
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    let table = t.finish(self.styles.id(Role::TableGrid));
                    self.body.blocks.push(Block::T(Box::new(table)));
                }
            }
            TagEnd::Emphasis => self.fmt.italic = false,
            TagEnd::Strong => self.fmt.bold = false,
            TagEnd::Strikethrough => self.fmt.strike = false,
            TagEnd::Link => {
                if let Some(p) = self.para.as_mut() {
                    p.end_link();
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str, fmt: Format) {
        self.paragraph().text(text, fmt);
    }

    /// The paragraph being written, opened with the style its context gives when needed
    /// (list items in tight lists have no paragraph events).
    fn paragraph(&mut self) -> &mut Builder<'s> {
        if self.para.is_none() {
            let p = self.new_paragraph();
            self.para = Some(Builder::new(self.styles, p));
        }
        self.para
            .get_or_insert_with(|| Builder::new(self.styles, Paragraph::new()))
    }

    fn new_paragraph(&mut self) -> Paragraph {
        let mut p = Paragraph::new();
        let list = self.stack.iter().rev().find_map(|c| match c {
            Container::List { num_id, level } => Some((*num_id, *level)),
            _ => None,
        });
        if let Some((num_id, level)) = list {
            p = p.style(self.styles.id(Role::ListParagraph));
            match self.stack.last_mut() {
                Some(Container::Item { numbered }) if !*numbered => {
                    *numbered = true;
                    p = p.numbering(NumberingId::new(num_id), IndentLevel::new(level));
                }
                _ => {
                    let left = 720 * (level as i32 + 1);
                    p = p.indent(Some(left), None, None, None);
                }
            }
        } else if self.stack.iter().any(|c| matches!(c, Container::Quote)) {
            p = p.style(self.styles.id(Role::Quote));
        }
        p
    }

    fn end_paragraph(&mut self) {
        let Some(builder) = self.para.take() else {
            return;
        };
        let (p, plain) = builder.finish();
        if let Some(level) = self.heading.take() {
            let entry = self.toc_entry(level, plain);
            self.body.toc.push(entry);
        }
        match self.table.as_mut() {
            Some(t) => t.end_cell(p),
            None => self.body.blocks.push(Block::P(p)),
        }
    }

    /// Counts headings the way the multilevel list numbers them: "2.1.3.".
    fn toc_entry(&mut self, level: usize, text: String) -> TocEntry {
        let i = level.clamp(1, 4) - 1;
        if let Some(c) = self.counters.get_mut(i) {
            *c += 1;
        }
        for c in self.counters.iter_mut().skip(i + 1) {
            *c = 0;
        }
        let number: String = self.counters[..=i]
            .iter()
            .map(|c| format!("{c}."))
            .collect();
        TocEntry {
            level: i + 1,
            number,
            text,
        }
    }

    fn end_code(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        let p = Paragraph::new().style(self.styles.id(Role::SourceCode));
        let mut b = Builder::new(self.styles, p);
        for (i, line) in code
            .strip_suffix('\n')
            .unwrap_or(&code)
            .split('\n')
            .enumerate()
        {
            if i > 0 {
                b.line_break();
            }
            // No run style: the paragraph style already sets the monospace font.
            b.text(
                line,
                Format {
                    raw: true,
                    ..Format::default()
                },
            );
        }
        self.para = Some(b);
        self.end_paragraph();
    }

    fn end_image(&mut self) {
        if let Some((url, alt)) = self.image.take() {
            let images = self.images;
            let bytes = images
                .get(&url)
                .filter(|b| self.picture_bytes + b.len() <= MAX_PICTURE_BYTES);
            self.picture_bytes += bytes.map_or(0, |b| b.len());
            self.paragraph().picture(bytes, &alt);
        }
    }
}
