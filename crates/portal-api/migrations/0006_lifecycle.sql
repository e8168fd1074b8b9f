-- Order lifecycle and score fidelity (issue 13): R-ORD-7's statuses (an order is shipped when its
-- parts have left, closed when delivered and paid, or handed back), check-in answers kept as a
-- history (R-ORD-4 revised), the partner's "Shipped" check-in per package (R-PSS-3 revised), the
-- production order's download (R-ORD-3) and each partner's marketplace clock (DOMAIN "Times").
-- `orders` is rebuilt to change its CHECK and to let a handed-back job become a new order.

CREATE TABLE orders_rebuilt (
    id                              INTEGER PRIMARY KEY,
    number                          TEXT    NOT NULL UNIQUE,
    partner_id                      INTEGER NOT NULL REFERENCES partners (id),
    job_id                          INTEGER NOT NULL REFERENCES jobs (id),
    price_minor                     INTEGER NOT NULL,
    currency                        TEXT    NOT NULL,
    lead_time                       TEXT    NOT NULL,
    -- Derived from the order's facts by portal_core::order::status and written on every change.
    status                          TEXT    NOT NULL
        CHECK (status IN ('in_production', 'shipped', 'closed', 'handed_back')),
    accepted_at                     INTEGER NOT NULL,
    production_confirmed_at         INTEGER,
    confirmed_on_accept             INTEGER NOT NULL DEFAULT 0,
    version                         INTEGER NOT NULL DEFAULT 1,
    bonus_minor                     INTEGER NOT NULL DEFAULT 0 CHECK (bonus_minor >= 0),
    production_order_downloaded_at  INTEGER,
    handed_back_at                  INTEGER,
    hand_back_reason                TEXT
);
-- Orders stored as 'completed' had shipped; the next change to each writes its status anew.
INSERT INTO orders_rebuilt (id, number, partner_id, job_id, price_minor, currency, lead_time, status, accepted_at,
                            production_confirmed_at, confirmed_on_accept, version, bonus_minor,
                            production_order_downloaded_at)
SELECT id, number, partner_id, job_id, price_minor, currency, lead_time,
       CASE status WHEN 'completed' THEN 'shipped' ELSE status END, accepted_at,
       production_confirmed_at, confirmed_on_accept, version, bonus_minor,
       CASE WHEN confirmed_on_accept = 0 THEN production_confirmed_at END
FROM orders;
DROP TABLE orders;
ALTER TABLE orders_rebuilt RENAME TO orders;
CREATE INDEX orders_partner ON orders (partner_id, status);
-- A job is one running order at a time; a handed-back order frees it for another partner.
CREATE UNIQUE INDEX orders_job_live ON orders (job_id) WHERE status <> 'handed_back';

-- R-ORD-4 (revised): every answer with its time; the newest one per question stands.
CREATE TABLE check_in_answers (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    question    TEXT    NOT NULL CHECK (question IN ('material', 'started', 'finished', 'on_time')),
    answer      INTEGER NOT NULL CHECK (answer IN (0, 1)),
    answered_at INTEGER NOT NULL
);
CREATE INDEX check_in_answers_order ON check_in_answers (order_id, question, id);
INSERT INTO check_in_answers (order_id, question, answer, answered_at)
SELECT order_id, question, answer, answered_at FROM order_check_ins ORDER BY answered_at;
DROP TABLE order_check_ins;

-- R-ORD-4 (5), R-PSS-3 (revised): when the partner answered "Shipped" for a package (the day of
-- pickup). `shipped_on` stays the marketplace's day (the carrier's pickup scan), which wins.
ALTER TABLE shipments ADD COLUMN partner_shipped_at INTEGER;
-- A package photo shows one package.
CREATE UNIQUE INDEX shipments_photo ON shipments (photo_id) WHERE photo_id IS NOT NULL;

-- R-ORD-4 (revised): the on-time notice is sent once per order.
ALTER TABLE notifications ADD COLUMN slot TEXT;
CREATE UNIQUE INDEX notifications_slot ON notifications (partner_id, kind, slot) WHERE slot IS NOT NULL;

-- DOMAIN "Times" (revised): the marketplace a partner works with counts its days (USD: New York,
-- EUR: Berlin).
ALTER TABLE partners ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD' CHECK (currency IN ('USD', 'EUR'));

-- R-ORD-7: a job handed back returns to the boards, for 48 hours from then, of the partners who
-- had not seen it before (no decision, not opened before it came back).
ALTER TABLE jobs ADD COLUMN reopened_at INTEGER;

-- R-JOB-9: the email adapter sends the outbox by SMTP, retrying with backoff.
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
