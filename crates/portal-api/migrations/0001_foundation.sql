-- Foundation: partners, sessions, the job board and orders.
-- Instants are INTEGER unix seconds (UTC); dates are TEXT YYYY-MM-DD; money is INTEGER minor
-- units beside a TEXT ISO 4217 currency.

CREATE TABLE partners (
    id            INTEGER PRIMARY KEY,
    company       TEXT    NOT NULL,
    email         TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    activated_at  INTEGER NOT NULL,
    -- portal_core::capability::Capabilities as JSON
    capabilities  TEXT    NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_partner ON sessions (partner_id);

CREATE TABLE login_failures (
    id    INTEGER PRIMARY KEY,
    email TEXT    NOT NULL,
    at    INTEGER NOT NULL
);
CREATE INDEX login_failures_email_at ON login_failures (email, at);

CREATE TABLE jobs (
    id             INTEGER PRIMARY KEY,
    reference      TEXT    NOT NULL UNIQUE,
    part_name      TEXT    NOT NULL,
    process        TEXT    NOT NULL,
    material       TEXT    NOT NULL,
    finish         TEXT    NOT NULL,
    -- JSON array of certification slugs
    certifications TEXT    NOT NULL,
    size_x_mm      INTEGER NOT NULL CHECK (size_x_mm > 0),
    size_y_mm      INTEGER NOT NULL CHECK (size_y_mm > 0),
    size_z_mm      INTEGER NOT NULL CHECK (size_z_mm > 0),
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    price_minor    INTEGER NOT NULL CHECK (price_minor > 0),
    currency       TEXT    NOT NULL,
    ship_by        TEXT    NOT NULL,
    posted_at      INTEGER NOT NULL,
    -- posted_at + R-JOB-2's lifetime, computed by portal-core, kept for the board's index
    closes_at      INTEGER NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'taken', 'withdrawn')),
    taken_by       INTEGER REFERENCES partners (id),
    taken_at       INTEGER
);
CREATE INDEX jobs_live ON jobs (status, closes_at);

-- R-JOB-3: what each partner did with a job; a decided job never returns to that board.
CREATE TABLE job_decisions (
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    job_id     INTEGER NOT NULL REFERENCES jobs (id),
    decision   TEXT    NOT NULL CHECK (decision IN ('accepted', 'declined', 'counteroffered')),
    at         INTEGER NOT NULL,
    PRIMARY KEY (partner_id, job_id)
);

CREATE TABLE orders (
    id           INTEGER PRIMARY KEY,
    number       TEXT    NOT NULL UNIQUE,
    partner_id   INTEGER NOT NULL REFERENCES partners (id),
    job_id       INTEGER NOT NULL UNIQUE REFERENCES jobs (id),
    price_minor  INTEGER NOT NULL,
    currency     TEXT    NOT NULL,
    lead_time    TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('in_production', 'shipped', 'completed')),
    accepted_at  INTEGER NOT NULL,
    completed_at INTEGER
);
CREATE INDEX orders_partner ON orders (partner_id, status);

-- A replayed Idempotency-Key returns the first answer.
CREATE TABLE idempotency_keys (
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    key        TEXT    NOT NULL,
    request    TEXT    NOT NULL,
    status     INTEGER NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (partner_id, key)
);
