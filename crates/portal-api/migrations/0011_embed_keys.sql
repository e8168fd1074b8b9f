-- R-EMB-1 (issue 18): keys a partner's site embeds its board with. Only the key's SHA-256 is
-- kept (and its first characters, to tell keys apart); a revoked key stays listed as revoked.
CREATE TABLE embed_keys (
    id INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partners(id),
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    origins TEXT NOT NULL,          -- JSON array of origins
    show_prices INTEGER NOT NULL,
    theme TEXT NOT NULL,
    accent TEXT,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX embed_keys_partner ON embed_keys (partner_id);
