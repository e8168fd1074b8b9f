-- My Orders (issue 4): order terms, lines, production confirmation, check-ins, uploads and
-- shipments with their tracking.

-- What the marketplace says about the order a job becomes (R-ORD-5, R-SHP-3).
ALTER TABLE jobs ADD COLUMN qc_report_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN delivery_terms TEXT NOT NULL DEFAULT 'marketplace'
    CHECK (delivery_terms IN ('marketplace', 'dap', 'test_order'));
ALTER TABLE jobs ADD COLUMN ship_to TEXT NOT NULL
    DEFAULT 'Marketplace Receiving, Dock 3
400 Commerce Way
Columbus, OH 43219
United States';

-- The partner's shipping address: the label's ship-from and the default pickup address.
ALTER TABLE partners ADD COLUMN address TEXT NOT NULL DEFAULT '';

-- R-ORD-3: when production was confirmed (accepting from the board confirms it).
ALTER TABLE orders ADD COLUMN production_confirmed_at INTEGER;
ALTER TABLE orders ADD COLUMN confirmed_on_accept INTEGER NOT NULL DEFAULT 0;
-- Bumped by every confirmation and check-in answer: the order's ETag.
ALTER TABLE orders ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
UPDATE orders SET production_confirmed_at = accepted_at, confirmed_on_accept = 1;

CREATE TABLE order_lines (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders (id),
    line_no          INTEGER NOT NULL,
    part_name        TEXT    NOT NULL,
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    total_minor      INTEGER NOT NULL CHECK (total_minor > 0),
    finish           TEXT    NOT NULL,
    size_x_mm        INTEGER NOT NULL,
    size_y_mm        INTEGER NOT NULL,
    size_z_mm        INTEGER NOT NULL,
    UNIQUE (order_id, line_no)
);
INSERT INTO order_lines (order_id, line_no, part_name, quantity, unit_price_minor, total_minor, finish,
                         size_x_mm, size_y_mm, size_z_mm)
SELECT o.id, 1, j.part_name, j.quantity, o.price_minor / j.quantity, o.price_minor, j.finish,
       j.size_x_mm, j.size_y_mm, j.size_z_mm
FROM orders o JOIN jobs j ON j.id = o.job_id;

-- R-ORD-4: one answer per question and order, with when it was (last) given.
CREATE TABLE order_check_ins (
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    question    TEXT    NOT NULL CHECK (question IN ('material', 'started', 'finished', 'on_time')),
    answer      INTEGER NOT NULL CHECK (answer IN (0, 1)),
    answered_at INTEGER NOT NULL,
    PRIMARY KEY (order_id, question)
);

-- Uploads (R-ORD-5, R-SHP-2): stored outside any served folder under stored_name.
CREATE TABLE files (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    line_id     INTEGER REFERENCES order_lines (id),
    purpose     TEXT    NOT NULL CHECK (purpose IN ('qc_report', 'qc_photo', 'package_photo')),
    media_type  TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    size        INTEGER NOT NULL CHECK (size > 0),
    stored_name TEXT    NOT NULL UNIQUE,
    uploaded_at INTEGER NOT NULL
);
CREATE INDEX files_order ON files (order_id);

-- R-SHP-5: published shipments, one package each.
CREATE TABLE shipments (
    id                 INTEGER PRIMARY KEY,
    order_id           INTEGER NOT NULL REFERENCES orders (id),
    partner_id         INTEGER NOT NULL REFERENCES partners (id),
    package_no         INTEGER NOT NULL,
    length             INTEGER NOT NULL CHECK (length > 0),
    width              INTEGER NOT NULL CHECK (width > 0),
    height             INTEGER NOT NULL CHECK (height > 0),
    length_unit        TEXT    NOT NULL,
    weight             INTEGER NOT NULL CHECK (weight > 0),
    weight_unit        TEXT    NOT NULL,
    kind               TEXT    NOT NULL CHECK (kind IN ('box', 'pallet')),
    -- the packed package's photo (R-SHP-2); absent only on shipments imported from before the portal
    photo_id           INTEGER REFERENCES files (id),
    -- portal_core::shipping::Delivery as JSON
    delivery           TEXT    NOT NULL,
    status             TEXT    NOT NULL DEFAULT 'submitted',
    late               INTEGER NOT NULL CHECK (late IN (0, 1)),
    published_at       INTEGER NOT NULL,
    UNIQUE (order_id, package_no)
);
CREATE INDEX shipments_order ON shipments (order_id);

CREATE TABLE shipment_lines (
    shipment_id INTEGER NOT NULL REFERENCES shipments (id),
    line_id     INTEGER NOT NULL REFERENCES order_lines (id),
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (shipment_id, line_id)
);

CREATE TABLE shipment_events (
    shipment_id INTEGER NOT NULL REFERENCES shipments (id),
    status      TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (shipment_id, status)
);
