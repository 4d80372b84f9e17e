-- How a tender's comparison grid is marked (our offer is offers.is_ours); where the buyer's
-- price file wants our unit prices.
CREATE TABLE grid_settings (
    tender_id BIGINT PRIMARY KEY REFERENCES tenders (id) ON DELETE CASCADE,
    scale DOUBLE PRECISION NOT NULL DEFAULT 20 CHECK (scale > 0),
    formula TEXT NOT NULL DEFAULT 'proportional',
    low_fraction DOUBLE PRECISION NOT NULL DEFAULT 0.8 CHECK (low_fraction > 0 AND low_fraction <= 1)
);

ALTER TABLE price_lines ADD COLUMN price_col INTEGER;
ALTER TABLE price_lines ADD COLUMN kind TEXT NOT NULL DEFAULT 'line';
ALTER TABLE price_lines ADD COLUMN buyer_total_cents BIGINT;
