-- Failed passwords are counted per client address and per address and account, with growing
-- delays, instead of locking an account for everyone after five (issue 16). The addresses an
-- account logged in from are remembered: failures from elsewhere never slow its owner there.
ALTER TABLE login_failures ADD COLUMN address TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failures_address_at ON login_failures (address, at);

CREATE TABLE login_addresses (
    email   TEXT    NOT NULL,
    address TEXT    NOT NULL,
    last_at INTEGER NOT NULL,
    PRIMARY KEY (email, address)
);
