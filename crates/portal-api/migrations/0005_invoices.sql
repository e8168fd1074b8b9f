-- Invoices and payouts (issue 6, R-INV-1..5). The files table takes a new purpose, `invoice`,
-- which its CHECK forbids: SQLite changes a CHECK by rebuilding the table (migrations run with
-- foreign keys off, and db::migrate checks every reference afterwards).

CREATE TABLE files_rebuilt (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    line_id     INTEGER REFERENCES order_lines (id),
    purpose     TEXT    NOT NULL CHECK (purpose IN ('qc_report', 'qc_photo', 'package_photo', 'invoice')),
    media_type  TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    size        INTEGER NOT NULL CHECK (size > 0),
    stored_name TEXT    NOT NULL UNIQUE,
    uploaded_at INTEGER NOT NULL
);
INSERT INTO files_rebuilt (id, partner_id, order_id, line_id, purpose, media_type, name, size, stored_name, uploaded_at)
SELECT id, partner_id, order_id, line_id, purpose, media_type, name, size, stored_name, uploaded_at FROM files;
DROP TABLE files;
ALTER TABLE files_rebuilt RENAME TO files;
CREATE INDEX files_order ON files (order_id);

-- R-INV-2: one set of bank details per partner and currency, kept in full on the server only
-- (the API shows them masked). `account` is the IBAN (EUR) or the account number (USD);
-- `bank_code` the BIC or the ABA routing number.
CREATE TABLE bank_accounts (
    partner_id INTEGER NOT NULL REFERENCES partners (id),
    currency   TEXT    NOT NULL CHECK (currency IN ('USD', 'EUR')),
    holder     TEXT    NOT NULL,
    account    TEXT    NOT NULL,
    bank_code  TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (partner_id, currency)
);

-- R-INV-3: submitted invoices. The number is unique per partner (case-insensitively); the bank
-- details paid to are kept as they were (masked) when the invoice was submitted.
CREATE TABLE invoices (
    id                  INTEGER PRIMARY KEY,
    partner_id          INTEGER NOT NULL REFERENCES partners (id),
    order_id            INTEGER NOT NULL REFERENCES orders (id),
    number              TEXT    NOT NULL COLLATE NOCASE,
    invoice_date        TEXT    NOT NULL,
    submitted_at        INTEGER NOT NULL,
    payment_date        TEXT    NOT NULL,
    currency            TEXT    NOT NULL CHECK (currency IN ('USD', 'EUR')),
    total_minor         INTEGER NOT NULL CHECK (total_minor >= 0),
    status              TEXT    NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'approved', 'paid')),
    approved_at         INTEGER,
    paid_at             INTEGER,
    file_id             INTEGER NOT NULL UNIQUE REFERENCES files (id),
    bank_holder         TEXT    NOT NULL,
    bank_account_masked TEXT    NOT NULL,
    bank_code           TEXT    NOT NULL,
    bank_updated_at     INTEGER NOT NULL,
    UNIQUE (partner_id, number)
);
CREATE INDEX invoices_order ON invoices (order_id);

-- R-INV-1, R-INV-4: what each invoice covers, rounded per line.
CREATE TABLE invoice_lines (
    invoice_id       INTEGER NOT NULL REFERENCES invoices (id),
    line_id          INTEGER NOT NULL REFERENCES order_lines (id),
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_milli INTEGER NOT NULL CHECK (unit_price_milli >= 0),
    total_minor      INTEGER NOT NULL CHECK (total_minor >= 0),
    PRIMARY KEY (invoice_id, line_id)
);
