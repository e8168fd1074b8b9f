-- Partners see where they are logged in and end the other sessions (issue 16): each session has
-- a public id (never its token's hash), the device it was opened on (from the browser's
-- User-Agent), the client address, and when it was last used (touched at most once a minute).
ALTER TABLE sessions ADD COLUMN public_id TEXT;
ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN last_used_at INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET public_id = lower(hex(randomblob(12))), last_used_at = created_at;
CREATE UNIQUE INDEX sessions_public_id ON sessions (public_id);
