-- Management API v2 for MFA administration: method details, enrollment tickets, jobs.
ALTER TABLE authenticators ADD COLUMN phone_number TEXT;
ALTER TABLE authenticators ADD COLUMN email TEXT;
ALTER TABLE authenticators ADD COLUMN preferred_method TEXT;

ALTER TABLE users ADD COLUMN remember_browser_invalidated_at INTEGER;

-- Enrollment tickets: single use, 5 days. Only a keyed digest of the ticket id is kept.
CREATE TABLE enrollment_tickets (
  ticket_digest TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  factor TEXT,
  allow_multiple INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

-- A browser session opened by spending a ticket: it carries the enrollment through the page.
CREATE TABLE enrollment_sessions (
  session_digest TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  authenticator_id TEXT,
  recovery_code_enc TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  completed_at INTEGER
);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  params TEXT NOT NULL,
  total INTEGER NOT NULL DEFAULT 0,
  processed INTEGER NOT NULL DEFAULT 0,
  results TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  completed_at INTEGER
);
