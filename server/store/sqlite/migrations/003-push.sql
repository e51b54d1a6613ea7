-- Guardian-style push: devices, login/enrollment transactions, and tenant push settings.
ALTER TABLE tenant ADD COLUMN push_number_matching INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tenant ADD COLUMN push_lock_on_reject INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN push_locked_at INTEGER;

-- One row per enrolled device; link_id is the enrollment id (`dev_…`) its push + OTP authenticators share.
CREATE TABLE push_devices (
  link_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  identifier TEXT NOT NULL,
  name TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  push_credentials TEXT NOT NULL,
  token_digest TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Deleting the push authenticator (by any route: MFA API, Management API, reset) removes its device.
CREATE TRIGGER authenticators_push_device_cleanup AFTER DELETE ON authenticators
WHEN OLD.kind = 'push'
BEGIN
  DELETE FROM push_devices WHERE link_id = OLD.link_id;
END;

-- A push enrollment (`/mfa/associate` oob/auth0) or a push login challenge, polled by `mfa-oob`.
CREATE TABLE push_transactions (
  oob_digest TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('enrollment', 'challenge')),
  user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  enrollment_tx_digest TEXT UNIQUE,
  link_id TEXT,
  txtkn_digest TEXT UNIQUE,
  txtkn_enc TEXT,
  challenge TEXT,
  number TEXT,
  number_choices TEXT,
  context TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
  reason TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  resolved_at INTEGER,
  consumed_at INTEGER
);
CREATE INDEX push_transactions_user ON push_transactions(user_id, status);
