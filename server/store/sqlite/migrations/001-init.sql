-- Tessera schema v1. Times are integer milliseconds since the Unix epoch.
CREATE TABLE tenant (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  mfa_policies TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL
);

CREATE TABLE factors (
  name TEXT PRIMARY KEY,
  enabled INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  private_jwk_enc TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE clients (
  client_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  app_type TEXT,
  client_secret_enc TEXT NOT NULL,
  token_endpoint_auth_method TEXT NOT NULL,
  grant_types TEXT NOT NULL,
  callbacks TEXT NOT NULL DEFAULT '[]',
  is_bootstrap INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE client_grants (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE,
  audience TEXT NOT NULL,
  scope TEXT NOT NULL,
  UNIQUE (client_id, audience)
);

CREATE TABLE users (
  user_id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  email_verified INTEGER NOT NULL DEFAULT 0,
  password_hash TEXT NOT NULL,
  name TEXT,
  nickname TEXT,
  given_name TEXT,
  family_name TEXT,
  picture TEXT,
  blocked INTEGER NOT NULL DEFAULT 0,
  user_metadata TEXT NOT NULL DEFAULT '{}',
  app_metadata TEXT NOT NULL DEFAULT '{}',
  logins_count INTEGER NOT NULL DEFAULT 0,
  last_login INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- One row per MFA API authenticator. Linked authenticators (push + its OTP) share link_id,
-- the `dev_…` suffix of their ids, and are deleted together.
CREATE TABLE authenticators (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  link_id TEXT NOT NULL,
  name TEXT,
  secret_enc TEXT,
  code_digest TEXT,
  active INTEGER NOT NULL DEFAULT 0,
  last_used_step INTEGER,
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  last_auth_at INTEGER
);
CREATE INDEX authenticators_user ON authenticators(user_id, created_at);
CREATE INDEX authenticators_link ON authenticators(link_id);

-- mfa_token transactions; only a keyed digest of the token is stored.
CREATE TABLE mfa_transactions (
  token_digest TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  audience TEXT NOT NULL,
  scope TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE TABLE refresh_tokens (
  token_digest TEXT PRIMARY KEY,
  family_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  client_id TEXT NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE,
  audience TEXT NOT NULL,
  scope TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);

-- Token buckets for per-user limits; persisted so a restart does not reset a lockout.
CREATE TABLE rate_buckets (
  key TEXT PRIMARY KEY,
  tokens REAL NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE logs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  log_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  date INTEGER NOT NULL,
  description TEXT,
  client_id TEXT,
  client_name TEXT,
  user_id TEXT,
  user_name TEXT,
  ip TEXT,
  user_agent TEXT,
  details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX logs_user ON logs(user_id, seq);
CREATE INDEX logs_type ON logs(type, seq);
