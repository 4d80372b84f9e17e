-- What ingestion keeps of each piece besides its pages: its format, and spreadsheet cells.
ALTER TABLE documents ADD COLUMN format TEXT NOT NULL DEFAULT '';

CREATE TABLE document_sheets (
    document_id BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (document_id, position)
);
