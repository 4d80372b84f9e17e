-- The objection grid: suggestions seeded from the tender's clauses are kept once (seed_key),
-- an objection may point at its proof in the answer library, and each award criterion gets
-- the buyer's argumentation (what will be checked, the proof we show).
ALTER TABLE objections ADD COLUMN seed_key TEXT;
ALTER TABLE objections ADD COLUMN proof_block_id BIGINT REFERENCES library_blocks (id) ON DELETE SET NULL;
ALTER TABLE objections ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX objections_seed ON objections (tender_id, seed_key);
CREATE INDEX objections_tender ON objections (tender_id);

ALTER TABLE negotiation_clauses ADD COLUMN seed_key TEXT;
CREATE UNIQUE INDEX negotiation_clauses_seed ON negotiation_clauses (tender_id, seed_key);

CREATE TABLE criterion_arguments (
    criterion_id BIGINT PRIMARY KEY REFERENCES criteria (id) ON DELETE CASCADE,
    checks TEXT NOT NULL DEFAULT '',
    proof TEXT NOT NULL DEFAULT ''
);
