-- The complete job board: declines, counteroffers and their award, job views, notifications
-- with preferences and an email outbox, and a version counter that tells the board cache when
-- any job changed.

-- When the marketplace decided a job whose bidding had closed (award or expiry, R-JOB-6).
ALTER TABLE jobs ADD COLUMN settled_at INTEGER;
CREATE INDEX jobs_unsettled ON jobs (status, settled_at, closes_at);

-- R-ACC-2: the capabilities' version, for ETag / If-Match.
ALTER TABLE partners ADD COLUMN capabilities_version INTEGER NOT NULL DEFAULT 1;

-- R-JOB-4: why a partner declined.
CREATE TABLE declines (
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    job_id     INTEGER NOT NULL REFERENCES jobs (id),
    reason     TEXT    NOT NULL,
    feedback   TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    PRIMARY KEY (partner_id, job_id)
);

-- R-JOB-4, R-JOB-6: counteroffers and their outcome.
CREATE TABLE counteroffers (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    job_id      INTEGER NOT NULL REFERENCES jobs (id),
    price_minor INTEGER CHECK (price_minor IS NULL OR price_minor > 0),
    currency    TEXT,
    ship_by     TEXT,
    note        TEXT    NOT NULL,
    offered_at  INTEGER NOT NULL,
    status      TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'won', 'lost')),
    outcome     TEXT,
    order_id    INTEGER REFERENCES orders (id),
    decided_at  INTEGER,
    CHECK (price_minor IS NOT NULL OR ship_by IS NOT NULL),
    UNIQUE (partner_id, job_id)
);
CREATE INDEX counteroffers_job ON counteroffers (job_id, status);

-- Who opened a job, so they hear when it is taken while they look at it.
CREATE TABLE job_views (
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    job_id     INTEGER NOT NULL REFERENCES jobs (id),
    at         INTEGER NOT NULL,
    PRIMARY KEY (partner_id, job_id)
);

-- R-JOB-9: the in-app feed.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    kind       TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    job_id     INTEGER REFERENCES jobs (id),
    order_id   INTEGER REFERENCES orders (id),
    created_at INTEGER NOT NULL,
    read_at    INTEGER
);
CREATE INDEX notifications_partner ON notifications (partner_id, id);

-- R-JOB-9: preferences; a partner without a row has every notice on.
CREATE TABLE notification_prefs (
    partner_id       INTEGER PRIMARY KEY REFERENCES partners (id),
    new_jobs         INTEGER NOT NULL,
    morning_digest   INTEGER NOT NULL,
    afternoon_digest INTEGER NOT NULL
);

-- R-JOB-9: emails an email sender would deliver (none is sent here). A digest has a slot (its
-- Eastern date), so it is written once per partner and day.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    kind       TEXT    NOT NULL,
    slot       TEXT,
    subject    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at    INTEGER,
    UNIQUE (partner_id, kind, slot)
);

-- Bumped by every change to jobs, so a cached board knows when to reload.
CREATE TABLE board_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO board_version (id, version) VALUES (1, 0);
CREATE TRIGGER jobs_inserted AFTER INSERT ON jobs BEGIN UPDATE board_version SET version = version + 1; END;
CREATE TRIGGER jobs_updated AFTER UPDATE ON jobs BEGIN UPDATE board_version SET version = version + 1; END;
CREATE TRIGGER jobs_deleted AFTER DELETE ON jobs BEGIN UPDATE board_version SET version = version + 1; END;
