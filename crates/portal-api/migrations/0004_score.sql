-- The Partner Success Score (R-PSS-1..8) and the bonus (R-JOB-7).

-- R-PSS-2: a line item the customer rejected, as the marketplace recorded it.
ALTER TABLE order_lines ADD COLUMN rejected_at INTEGER;
ALTER TABLE order_lines ADD COLUMN rma_reason TEXT;

-- R-PSS-3: the day a shipment actually left, recorded by the marketplace where the partner did not.
ALTER TABLE shipments ADD COLUMN shipped_on TEXT;

-- R-JOB-7: the bonus an order was accepted with, on top of its base price (same currency).
ALTER TABLE orders ADD COLUMN bonus_minor INTEGER NOT NULL DEFAULT 0 CHECK (bonus_minor >= 0);

-- The score policy is data (portal_core::score::ScorePolicy as JSON); the newest row is current.
CREATE TABLE score_policies (
    id         INTEGER PRIMARY KEY,
    policy     TEXT    NOT NULL,
    adopted_at INTEGER NOT NULL
);
