-- Mirrors server/store/sqlite/migrations/011-query-indexes.sql: indexes for the lookups that scanned a whole
-- table (the default user page and export order, revoking a user's refresh tokens, purging expired MFA
-- transactions, a user's push devices, and the job runner's search for unfinished jobs).
CREATE INDEX users_created ON users(created_at, user_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens(user_id);
CREATE INDEX mfa_transactions_expiry ON mfa_transactions(expires_at);
CREATE INDEX push_devices_user ON push_devices(user_id, created_at);
CREATE INDEX jobs_status ON jobs(status, created_at);
