-- The supplies store (issue 19, R-SUP-1..12): each partner's cart, store orders and their lines,
-- and the invoices the store sends (the part of a job-funds purchase the funds do not cover, and
-- purchase orders). The catalog is not stored here: the server builds it at start (catalog.rs).

-- R-SUP-2: partners with approved credit terms may pay by purchase order.
ALTER TABLE partners ADD COLUMN credit_terms INTEGER NOT NULL DEFAULT 0;

CREATE TABLE store_cart_lines (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    sku         TEXT    NOT NULL,
    width_mils  INTEGER,
    length_mils INTEGER,
    pieces      INTEGER NOT NULL CHECK (pieces > 0),
    mtr         INTEGER NOT NULL DEFAULT 0,
    coc         INTEGER NOT NULL DEFAULT 0,
    added_at    INTEGER NOT NULL
);
CREATE INDEX store_cart_partner ON store_cart_lines (partner_id);

CREATE TABLE store_orders (
    id               INTEGER PRIMARY KEY,
    number           TEXT    NOT NULL UNIQUE,
    partner_id       INTEGER NOT NULL REFERENCES partners (id),
    placed_at        INTEGER NOT NULL,
    ship_to          TEXT    NOT NULL, -- JSON StoreAddress
    ship_state       TEXT    NOT NULL,
    method           TEXT    NOT NULL CHECK (method IN ('ground', 'expedited', 'overnight', 'ltl_freight')),
    promo_code       TEXT,
    goods_minor      INTEGER NOT NULL CHECK (goods_minor >= 0),
    discount_minor   INTEGER NOT NULL CHECK (discount_minor >= 0),
    shipping_minor   INTEGER NOT NULL CHECK (shipping_minor >= 0),
    tax_minor        INTEGER NOT NULL CHECK (tax_minor >= 0),
    total_minor      INTEGER NOT NULL CHECK (total_minor >= 0),
    payment          TEXT    NOT NULL CHECK (payment IN ('job_funds', 'purchase_order', 'card')),
    from_funds_minor INTEGER NOT NULL DEFAULT 0 CHECK (from_funds_minor >= 0),
    invoiced_minor   INTEGER NOT NULL DEFAULT 0 CHECK (invoiced_minor >= 0),
    po_number        TEXT,
    ship_date        TEXT    NOT NULL,
    cancelled_at     INTEGER
);
CREATE INDEX store_orders_partner ON store_orders (partner_id, placed_at);

CREATE TABLE store_order_lines (
    id                INTEGER PRIMARY KEY,
    order_id          INTEGER NOT NULL REFERENCES store_orders (id),
    line_no           INTEGER NOT NULL,
    sku               TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    special_order     INTEGER NOT NULL,
    width_mils        INTEGER,
    length_mils       INTEGER,
    pieces            INTEGER NOT NULL CHECK (pieces > 0),
    mtr               INTEGER NOT NULL,
    coc               INTEGER NOT NULL,
    piece_price_minor INTEGER NOT NULL,
    total_minor       INTEGER NOT NULL,
    status            TEXT    NOT NULL DEFAULT 'processing'
        CHECK (status IN ('processing', 'cut', 'shipped', 'back_ordered', 'delivered', 'cancelled')),
    shipped_pieces    INTEGER NOT NULL DEFAULT 0,
    tracking          TEXT,
    cut_at            INTEGER,
    delivered_at      INTEGER,
    UNIQUE (order_id, line_no)
);

-- R-SUP-1, R-SUP-2, R-SUP-11: what the store invoices: the rest of a job-funds purchase (due on
-- receipt) and purchase orders (due in 30 days).
CREATE TABLE store_invoices (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES store_orders (id),
    partner_id   INTEGER NOT NULL REFERENCES partners (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('funds_rest', 'purchase_order')),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    invoice_date TEXT    NOT NULL,
    due_date     TEXT    NOT NULL,
    paid_at      INTEGER,
    cancelled_at INTEGER
);
CREATE INDEX store_invoices_partner ON store_invoices (partner_id);

-- R-SUP-8: returns (RMAs), with the refund estimated when requested.
CREATE TABLE store_returns (
    id                    INTEGER PRIMARY KEY,
    number                TEXT    NOT NULL UNIQUE,
    order_id              INTEGER NOT NULL REFERENCES store_orders (id),
    partner_id            INTEGER NOT NULL REFERENCES partners (id),
    reason                TEXT    NOT NULL CHECK (reason IN ('ordered_wrong', 'not_needed', 'other')),
    note                  TEXT    NOT NULL,
    lines                 TEXT    NOT NULL, -- JSON [ReturnLine]
    goods_minor           INTEGER NOT NULL,
    return_shipping_minor INTEGER NOT NULL,
    refund_estimate_minor INTEGER NOT NULL,
    return_by             TEXT    NOT NULL,
    status                TEXT    NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'refunded')),
    requested_at          INTEGER NOT NULL,
    refund_minor          INTEGER,
    refunded_at           INTEGER
);
CREATE INDEX store_returns_order ON store_returns (order_id);

-- R-SUP-9: claims for damaged or wrong goods, and their photos (stored outside any served folder
-- under random names, like every upload).
CREATE TABLE store_claims (
    id           INTEGER PRIMARY KEY,
    number       TEXT    NOT NULL UNIQUE,
    order_id     INTEGER NOT NULL REFERENCES store_orders (id),
    partner_id   INTEGER NOT NULL REFERENCES partners (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('damaged', 'wrong')),
    freight      INTEGER NOT NULL,
    delivered_at INTEGER NOT NULL,
    carrier_ref  TEXT    NOT NULL,
    description  TEXT    NOT NULL,
    lines        TEXT    NOT NULL, -- JSON [ReturnLine]
    created_at   INTEGER NOT NULL
);
CREATE INDEX store_claims_order ON store_claims (order_id);
CREATE TABLE store_claim_photos (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    order_id    INTEGER NOT NULL REFERENCES store_orders (id),
    claim_id    INTEGER REFERENCES store_claims (id),
    name        TEXT    NOT NULL,
    media_type  TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    stored_name TEXT    NOT NULL,
    uploaded_at INTEGER NOT NULL
);

-- R-SUP-12: a new ship date the store proposes; without an answer by the deadline it counts as
-- accepted.
ALTER TABLE store_orders ADD COLUMN proposed_ship_date TEXT;
ALTER TABLE store_orders ADD COLUMN proposal_deadline INTEGER;
ALTER TABLE store_orders ADD COLUMN proposal_answer TEXT CHECK (proposal_answer IN ('accepted', 'declined'));

-- R-SUP-2: an objection to a store invoice, within 10 days of receipt.
ALTER TABLE store_invoices ADD COLUMN objection TEXT;
ALTER TABLE store_invoices ADD COLUMN objected_at INTEGER;

-- R-SUP-4: tax exemption certificates on the account, one per state (a new one replaces it).
CREATE TABLE store_tax_certificates (
    id          INTEGER PRIMARY KEY,
    partner_id  INTEGER NOT NULL REFERENCES partners (id),
    state       TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    stored_name TEXT    NOT NULL,
    uploaded_at INTEGER NOT NULL,
    UNIQUE (partner_id, state)
);
