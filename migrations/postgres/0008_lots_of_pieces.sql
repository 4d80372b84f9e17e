-- The lot each piece, section and requirement concerns (NULL: common to every lot). A
-- section's or requirement's own lot is the one it names (or its parent section's); the
-- piece's lot applies to the rest, so correcting a piece's lot moves them all.
ALTER TABLE documents ADD COLUMN lot_number INTEGER;
ALTER TABLE sections ADD COLUMN lot_number INTEGER;
ALTER TABLE requirements ADD COLUMN lot_number INTEGER;

-- Restricted tenders are few: what a search hides from a user is read through this index.
CREATE INDEX tenders_restricted ON tenders (id) WHERE restricted;
