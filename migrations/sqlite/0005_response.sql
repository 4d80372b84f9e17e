-- The response workspace: the company's settings (name, reference Word document), images of
-- library blocks, and where each response section comes from (so regenerating the outline
-- keeps what was written).

CREATE TABLE company_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    company_name TEXT NOT NULL DEFAULT '',
    reference_doc_name TEXT,
    reference_doc_sha256 TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE library_images (
    id INTEGER PRIMARY KEY,
    block_id INTEGER NOT NULL REFERENCES library_blocks (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX library_images_block ON library_images (block_id);

-- source: 'criterion', 'cadre' (a heading of the buyer's cadre de réponse), 'question' (one of
-- its questions) or 'manual'; source_key identifies the origin across regenerations; prompt is
-- the buyer's question or instruction; weight is the criterion's weight as written, for writers.
ALTER TABLE response_sections ADD COLUMN source TEXT NOT NULL DEFAULT 'manual';
ALTER TABLE response_sections ADD COLUMN source_key TEXT NOT NULL DEFAULT '';
ALTER TABLE response_sections ADD COLUMN prompt TEXT NOT NULL DEFAULT '';
ALTER TABLE response_sections ADD COLUMN weight TEXT NOT NULL DEFAULT '';
