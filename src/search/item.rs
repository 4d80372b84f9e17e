//! What is indexed: one `Item` per tender, piece, page of a piece, section, requirement,
//! response section and library block, turned into a tantivy document.

use serde::Serialize;
use tantivy::TantivyDocument;

use super::Fields;

/// The kinds of things a search finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Tender,
    Document,
    Page,
    Section,
    Requirement,
    ResponseSection,
    LibraryBlock,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::Tender,
        Kind::Document,
        Kind::Page,
        Kind::Section,
        Kind::Requirement,
        Kind::ResponseSection,
        Kind::LibraryBlock,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Tender => "tender",
            Kind::Document => "document",
            Kind::Page => "page",
            Kind::Section => "section",
            Kind::Requirement => "requirement",
            Kind::ResponseSection => "response_section",
            Kind::LibraryBlock => "library_block",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.as_str() == code)
    }
}

/// One indexed thing. `id` is the row's id (for a page: its document's id, with `page`).
#[derive(Clone, Debug, Default)]
pub struct Item {
    pub kind: Option<Kind>,
    pub id: i64,
    pub tender_id: Option<i64>,
    pub document_id: Option<i64>,
    pub page: Option<i32>,
    /// The piece's kind code (rc, cctp...) for pieces and what they hold.
    pub doc_kind: Option<String>,
    /// The lot it concerns; None when common to every lot.
    pub lot: Option<u32>,
    pub title: String,
    pub body: String,
}

impl Item {
    pub fn new(kind: Kind, id: i64) -> Item {
        Item {
            kind: Some(kind),
            id,
            ..Item::default()
        }
    }

    pub fn kind(&self) -> Kind {
        self.kind.unwrap_or(Kind::Tender)
    }

    /// The key an update or a deletion of this item replaces.
    pub fn key(&self) -> String {
        key(self.kind(), self.id, self.page)
    }

    pub(crate) fn to_doc(&self, f: &Fields) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        let kind = self.kind();
        doc.add_text(f.key, self.key());
        doc.add_text(f.kind, kind.as_str());
        doc.add_u64(f.id, as_u64(self.id));
        doc.add_u64(f.tender_id, as_u64(self.tender_id.unwrap_or(0)));
        let kind_n = super::counts::kind_code(kind);
        doc.add_u64(f.kind_n, kind_n);
        if let Some(d) = self.document_id {
            doc.add_u64(f.document_id, as_u64(d));
        }
        if let Some(p) = self.page {
            doc.add_u64(f.page, u64::try_from(p).unwrap_or(0));
        }
        let doc_kind = self
            .doc_kind
            .as_deref()
            .map(super::counts::doc_kind_code)
            .unwrap_or(0);
        doc.add_u64(f.doc_kind_n, doc_kind);
        // Lot 0 is "common to every lot": what a lot filter always lets through.
        let lot = u64::from(self.lot.unwrap_or(0));
        doc.add_u64(f.lot, lot);
        doc.add_u64(f.dims, super::counts::pack(kind_n, doc_kind, lot));
        doc.add_text(f.title, &self.title);
        doc.add_text(f.body, &self.body);
        doc.add_text(f.all, &self.title);
        doc.add_text(f.all, &self.body);
        doc
    }
}

pub(crate) fn key(kind: Kind, id: i64, page: Option<i32>) -> String {
    match page {
        Some(p) if kind == Kind::Page => format!("page:{id}:{p}"),
        _ => format!("{}:{id}", kind.as_str()),
    }
}

/// Ids are positive in both databases; anything else maps to 0, which matches nothing.
pub(crate) fn as_u64(id: i64) -> u64 {
    u64::try_from(id).unwrap_or(0)
}
