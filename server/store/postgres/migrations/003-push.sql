-- Guardian-style push: devices, login/enrollment transactions, and tenant push settings.
ALTER TABLE tenant ADD COLUMN push_number_matching BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE tenant ADD COLUMN push_lock_on_reject BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN push_locked_at BIGINT;

-- One row per enrolled device; link_id is the enrollment id (`dev_…`) its push + OTP authenticators share.
CREATE TABLE push_devices (
  link_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  identifier TEXT NOT NULL,
  name TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  push_credentials TEXT NOT NULL,
  token_digest TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Deleting the push authenticator (by any route: MFA API, Management API, reset) removes its device.
CREATE FUNCTION authenticators_push_device_cleanup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM push_devices WHERE link_id = OLD.link_id;
  RETURN NULL;
END;
$$;
CREATE TRIGGER authenticators_push_device_cleanup AFTER DELETE ON authenticators
FOR EACH ROW WHEN (OLD.kind = 'push')
EXECUTE FUNCTION authenticators_push_device_cleanup();

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
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  resolved_at BIGINT,
  consumed_at BIGINT
);
CREATE INDEX push_transactions_user ON push_transactions(user_id, status);
