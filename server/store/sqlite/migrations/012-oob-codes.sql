-- One-time codes sent out of band (SMS, voice, email): each /mfa/associate or /mfa/challenge opens one
-- transaction, found by the digest of its oob_code and spent once by the mfa-oob grant with the code
-- (binding_code) the user received. Neither the oob_code nor the code is stored, only keyed digests.
CREATE TABLE oob_codes (
  oob_digest TEXT PRIMARY KEY,
  purpose TEXT NOT NULL,
  user_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  authenticator_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  code_digest TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  consumed_at INTEGER
);
CREATE INDEX oob_codes_user ON oob_codes(user_id);
CREATE INDEX oob_codes_expires ON oob_codes(expires_at);

-- The phone factor's configuration (Auth0's guardian/factors/phone/* and sms/*): message types, templates,
-- the selected provider and its settings, one JSON document; secrets in it are sealed with the data key.
CREATE TABLE guardian_phone (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  config TEXT NOT NULL
);
