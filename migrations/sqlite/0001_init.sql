-- The whole domain model. Timestamps are RFC 3339 text in UTC; money is integer cents.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'bid_manager', 'contributor', 'viewer')),
    password_hash TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    ip TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    siret TEXT UNIQUE,
    typology TEXT NOT NULL,
    sector TEXT NOT NULL DEFAULT '',
    funnel_stage TEXT NOT NULL DEFAULT 'suspect',
    payment_days INTEGER,
    financial_health INTEGER CHECK (financial_health BETWEEN 1 AND 5),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE tenders (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    reference TEXT,
    account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    stage TEXT NOT NULL DEFAULT 'veille',
    owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    procedure TEXT,
    deadline TEXT,
    deadline_tz TEXT,
    estimated_value_cents INTEGER,
    cpv_codes TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    source_key TEXT UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX tenders_deadline ON tenders (deadline);

CREATE TABLE lots (
    id INTEGER PRIMARY KEY,
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    estimated_value_cents INTEGER,
    UNIQUE (tender_id, number)
);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    pages INTEGER,
    problem TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX documents_tender ON documents (tender_id);

CREATE TABLE document_pages (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (document_id, page)
);

CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES sections (id) ON DELETE CASCADE,
    reference TEXT NOT NULL,
    title TEXT NOT NULL,
    level INTEGER NOT NULL,
    page INTEGER,
    position INTEGER NOT NULL,
    body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sections_document ON sections (document_id);

CREATE TABLE criteria (
    id INTEGER PRIMARY KEY,
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    lot_id INTEGER REFERENCES lots (id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES criteria (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    weight REAL NOT NULL CHECK (weight >= 0),
    weight_unit TEXT NOT NULL DEFAULT 'percent',
    share REAL NOT NULL CHECK (share >= 0 AND share <= 1),
    is_price INTEGER NOT NULL DEFAULT 0 CHECK (is_price IN (0, 1))
);
CREATE INDEX criteria_tender ON criteria (tender_id);

CREATE TABLE response_sections (
    id INTEGER PRIMARY KEY,
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES response_sections (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    criterion_id INTEGER REFERENCES criteria (id) ON DELETE SET NULL,
    body_md TEXT NOT NULL DEFAULT '',
    assignee_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    due TEXT,
    status TEXT NOT NULL DEFAULT 'a_rediger',
    page_limit INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
CREATE INDEX response_sections_tender ON response_sections (tender_id);

CREATE TABLE requirements (
    id INTEGER PRIMARY KEY,
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    document_id INTEGER REFERENCES documents (id) ON DELETE CASCADE,
    section_id INTEGER REFERENCES sections (id) ON DELETE SET NULL,
    reference TEXT NOT NULL DEFAULT '',
    page INTEGER,
    text TEXT NOT NULL,
    strength TEXT NOT NULL,
    category TEXT NOT NULL,
    compliance TEXT NOT NULL DEFAULT 'a_traiter',
    answer_section_id INTEGER REFERENCES response_sections (id) ON DELETE SET NULL,
    comment TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX requirements_tender ON requirements (tender_id);

CREATE TABLE facts (
    id INTEGER PRIMARY KEY,
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    document_id INTEGER REFERENCES documents (id) ON DELETE CASCADE,
    page INTEGER,
    quote TEXT NOT NULL DEFAULT '',
    superseded INTEGER NOT NULL DEFAULT 0 CHECK (superseded IN (0, 1))
);
CREATE INDEX facts_tender ON facts (tender_id, key);

CREATE TABLE offers (
    id INTEGER PRIMARY KEY,
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    is_ours INTEGER NOT NULL DEFAULT 0 CHECK (is_ours IN (0, 1)),
    price_cents INTEGER,
    UNIQUE (tender_id, name)
);

CREATE TABLE marks (
    offer_id INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES criteria (id) ON DELETE CASCADE,
    mark REAL NOT NULL,
    PRIMARY KEY (offer_id, criterion_id)
);

CREATE TABLE price_lines (
    id INTEGER PRIMARY KEY,
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    document_id INTEGER REFERENCES documents (id) ON DELETE CASCADE,
    lot_id INTEGER REFERENCES lots (id) ON DELETE SET NULL,
    sheet TEXT NOT NULL DEFAULT '',
    row_number INTEGER NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    designation TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    quantity_milli INTEGER,
    unit_cost_cents INTEGER,
    margin_bp INTEGER,
    unit_price_cents INTEGER,
    vat_bp INTEGER NOT NULL DEFAULT 2000
);
CREATE INDEX price_lines_tender ON price_lines (tender_id);

CREATE TABLE stakeholders (
    id INTEGER PRIMARY KEY,
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    job_title TEXT NOT NULL DEFAULT '',
    influence INTEGER NOT NULL DEFAULT 3 CHECK (influence BETWEEN 1 AND 5),
    attitude INTEGER NOT NULL DEFAULT 0 CHECK (attitude BETWEEN -2 AND 2),
    notes TEXT NOT NULL DEFAULT ''
);

CREATE TABLE objections (
    id INTEGER PRIMARY KEY,
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    role TEXT NOT NULL,
    stakeholder_id INTEGER REFERENCES stakeholders (id) ON DELETE SET NULL,
    category TEXT NOT NULL,
    likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    answer TEXT NOT NULL DEFAULT '',
    proof TEXT NOT NULL DEFAULT '',
    clause TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    source_quote TEXT NOT NULL DEFAULT ''
);

CREATE TABLE negotiation_clauses (
    id INTEGER PRIMARY KEY,
    tender_id INTEGER NOT NULL REFERENCES tenders (id) ON DELETE CASCADE,
    clause TEXT NOT NULL,
    position TEXT NOT NULL,
    ask TEXT NOT NULL DEFAULT '',
    concession TEXT NOT NULL DEFAULT '',
    source_quote TEXT NOT NULL DEFAULT ''
);

CREATE TABLE library_blocks (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    body_md TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '',
    owner_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    last_reviewed TEXT,
    expires TEXT,
    updated_at TEXT NOT NULL
);
