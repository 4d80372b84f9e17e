-- The pipeline: dashboard indexes, go / no-go reviews, results and debriefs, DECP award data,
-- team challenges. Stage values are not constrained (0001), so no stage change is needed.

CREATE INDEX tenders_stage_deadline ON tenders (stage, deadline);
CREATE INDEX tenders_owner ON tenders (owner_id);
CREATE INDEX tenders_account ON tenders (account_id);
CREATE INDEX stakeholders_tender ON stakeholders (tender_id);

-- The weight of each go / no-go criterion (criterion codes of pipeline::scorecard).
CREATE TABLE gonogo_weights (
    criterion TEXT PRIMARY KEY,
    weight INTEGER NOT NULL CHECK (weight BETWEEN 0 AND 100)
);

-- Every go / no-go review of a tender, kept as history (the latest one counts).
CREATE TABLE gonogo_reviews (
    id INTEGER PRIMARY KEY,
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    marks TEXT NOT NULL,
    weights TEXT NOT NULL,
    score REAL NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('go', 'no_go', 'a_revoir')),
    rationale TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX gonogo_reviews_tender ON gonogo_reviews (tender_id, id);

-- The strategic value of an opportunity (0-5), an input of the IPO / IPA matrix.
CREATE TABLE opportunity_ratings (
    tender_id INTEGER PRIMARY KEY REFERENCES tenders (id) ON DELETE CASCADE,
    strategic INTEGER NOT NULL CHECK (strategic BETWEEN 0 AND 5)
);

-- The result of a tender once known.
CREATE TABLE tender_results (
    tender_id INTEGER PRIMARY KEY REFERENCES tenders (id) ON DELETE CASCADE,
    outcome TEXT NOT NULL CHECK (outcome IN ('gagne', 'perdu')),
    awarded_price_cents INTEGER,
    rank INTEGER CHECK (rank >= 1),
    reasons TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
);

-- Awarded contracts read from DECP files (market intelligence). `uid` is the record's own id
-- with its buyer, so a re-import adds nothing.
CREATE TABLE decp_contracts (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    buyer_siret TEXT NOT NULL DEFAULT '',
    buyer_name TEXT NOT NULL DEFAULT '',
    object TEXT NOT NULL DEFAULT '',
    cpv TEXT NOT NULL DEFAULT '',
    procedure TEXT NOT NULL DEFAULT '',
    amount_cents INTEGER,
    notified_on TEXT,
    source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX decp_contracts_buyer ON decp_contracts (buyer_siret);
CREATE INDEX decp_contracts_cpv ON decp_contracts (cpv);

CREATE TABLE decp_holders (
    contract_id INTEGER NOT NULL REFERENCES decp_contracts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    id_type TEXT NOT NULL DEFAULT '',
    holder_id TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (contract_id, position)
);

-- Team challenges: a target per seller (a user) or per region, on one measure, over a period.
CREATE TABLE challenges (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    measure TEXT NOT NULL CHECK (measure IN ('bids', 'wins', 'new_clients')),
    user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
    region TEXT NOT NULL DEFAULT '',
    sector TEXT NOT NULL DEFAULT '',
    target INTEGER NOT NULL CHECK (target >= 1),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);
