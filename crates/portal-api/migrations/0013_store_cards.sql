-- Issue 19: card payments through the payment provider (R-SUP-1) and their disputes (R-SUP-11).
-- The portal keeps the provider's charge id, the brand and the last four digits: never a card number.
ALTER TABLE store_orders ADD COLUMN card_charge_id TEXT;
ALTER TABLE store_orders ADD COLUMN card_brand TEXT;
ALTER TABLE store_orders ADD COLUMN card_last4 TEXT;
ALTER TABLE store_orders ADD COLUMN card_charged_minor INTEGER NOT NULL DEFAULT 0 CHECK (card_charged_minor >= 0);
ALTER TABLE store_orders ADD COLUMN card_refunded_minor INTEGER NOT NULL DEFAULT 0 CHECK (card_refunded_minor >= 0);
ALTER TABLE store_orders ADD COLUMN dispute_reason TEXT;
ALTER TABLE store_orders ADD COLUMN dispute_opened_at INTEGER;
